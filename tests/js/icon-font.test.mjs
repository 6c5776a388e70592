// The built desktop's icon font (build/web/dist, or AGENTDESK_DESKTOP_DIR): one content-hashed fonts/icons.*.ttf
// that index.html and boot.js name, holding exactly the code points src/desktop/views/icons.hpp declares (the one
// list the build subsets from) and nothing else. Read with Debian's python3-fonttools, as the build writes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distDir = process.env.AGENTDESK_DESKTOP_DIR ?? path.join(repoRoot, 'build/web/dist');
const python = '/usr/bin/python3';

/** The code points of icons.hpp's constants (`inline constexpr char kName[] = "\uF095";`), as icons.cmake reads them. */
function declaredIcons() {
  const header = readFileSync(path.join(repoRoot, 'src/desktop/views/icons.hpp'), 'utf8');
  const found = [...header.matchAll(/constexpr char k[A-Za-z0-9]+\[\] = "\\u([0-9A-Fa-f]+)";/g)];
  return found.map((m) => parseInt(m[1], 16)).sort((a, b) => a - b);
}

/** {codepoints (sorted), glyphs (number)} of a TrueType file. */
function readFont(file) {
  const script = 'import json,sys\nfrom fontTools.ttLib import TTFont\nf=TTFont(sys.argv[1])\n' +
    'print(json.dumps({"codepoints":sorted(f.getBestCmap()),"glyphs":len(f.getGlyphOrder())}))';
  return JSON.parse(execFileSync(python, ['-c', script, file], { encoding: 'utf8' }));
}

const skip = !existsSync(path.join(distDir, 'index.html')) ? `no built desktop in ${distDir}` : false;

test('dist holds one hashed icon font with exactly the icons.hpp code points', { skip }, () => {
  const fonts = readdirSync(path.join(distDir, 'fonts')).filter((n) => /^icons\.[0-9a-f]{10}\.ttf$/.test(n));
  assert.equal(fonts.length, 1, `one content-hashed icon font in ${distDir}/fonts: ${fonts}`);
  const file = path.join(distDir, 'fonts', fonts[0]);
  const declared = declaredIcons();
  assert.ok(declared.length >= 10, 'icons.hpp declares the action icons');
  const font = readFont(file);
  assert.deepEqual(font.codepoints, declared, 'the subset holds exactly the declared icons');
  assert.equal(font.glyphs, declared.length + 1, 'and no other glyph but .notdef');
  assert.ok(statSync(file).size < 16 * 1024, `a small subset (${statSync(file).size} bytes), not the 165 KB font`);

  // The page fetches it under its hashed name (boot.js) and preloads it (index.html).
  const index = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  assert.ok(index.includes(`fonts/${fonts[0]}`), 'index.html preloads the hashed icon font');
  const boot = readdirSync(path.join(distDir, 'bridges')).find((n) => /^boot\.[0-9a-f]{10}\.js$/.test(n));
  assert.ok(boot, 'boot.js is hashed');
  assert.ok(readFileSync(path.join(distDir, 'bridges', boot), 'utf8').includes(`fonts/${fonts[0]}`),
    'boot.js fetches the hashed icon font');
});
