// scripts/finalize-dist.mjs on a small stage folder: content-hashed names with every literal reference rewritten
// (leaves first), fixed entry points, .gz/.br siblings (none for config.json), incremental runs, removal of what an
// earlier run wrote, and the refusal of a reference cycle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/finalize-dist.mjs');

function makeStage(root, files) {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
}

function run(work) {
  return spawnSync(process.execPath, [script, '--stage', path.join(work, 'stage'), '--out', path.join(work, 'out'),
    '--state', path.join(work, 'manifest.json')], { encoding: 'utf8', timeout: 60000 });
}

const hash10 = (text) => createHash('sha256').update(text).digest('hex').slice(0, 10);

const baseFiles = {
  'index.html': '<link rel="stylesheet" href="bridges/page.css"><script src="bridges/boot.js"></script>' +
    '<script src="bridges/images.js"></script>',
  'config.json': '{"serverUrl": ""}',
  'bridges/page.css': 'body { margin: 0; } .map { background: url(img/pin.png); }',
  'bridges/img/pin.png': Buffer.from([137, 80, 78, 71]),
  'bridges/boot.js': "load('app.js'); fetch('fonts/ui.ttf'); const other = 'xbridges/page.css';",
  'app.js': "var wasmBinaryFile = 'app.wasm';",
  'app.wasm': Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]),
  'fonts/ui.ttf': 'font bytes',
  'extra/computed.json': '{}',
  'bridges/images.js': "new Worker(new URL('decoder.js', document.currentScript.src));",
  'bridges/decoder.js': 'self.onmessage = () => {};',
};

test('hashes leaves first, rewrites references, keeps entry points, precompresses', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'agentdesk-finalize-'));
  try {
    makeStage(path.join(work, 'stage'), baseFiles);
    const result = run(work);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /extra\/computed\.json is not named literally/);
    const out = path.join(work, 'out');
    const manifest = JSON.parse(readFileSync(path.join(work, 'manifest.json'), 'utf8'));
    const wasmName = `app.${hash10(baseFiles['app.wasm'])}.wasm`;
    assert.equal(manifest.files['app.wasm'].path, wasmName);
    const loader = readFileSync(path.join(out, manifest.files['app.js'].path), 'utf8');
    assert.equal(loader, `var wasmBinaryFile = '${wasmName}';`);
    assert.equal(manifest.files['app.js'].path, `app.${hash10(loader)}.js`, 'the hash covers the rewritten bytes');
    const boot = readFileSync(path.join(out, manifest.files['bridges/boot.js'].path), 'utf8');
    assert.match(boot, new RegExp(`load\\('${manifest.files['app.js'].path}'\\)`));
    assert.match(boot, /fetch\('fonts\/ui\.[0-9a-f]{10}\.ttf'\)/);
    assert.match(boot, /'xbridges\/page\.css'/, 'part of a longer name is not a reference');
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    assert.match(index, /href="bridges\/page\.[0-9a-f]{10}\.css"/);
    assert.match(index, new RegExp(`src="${manifest.files['bridges/boot.js'].path}"`));
    assert.equal(readFileSync(path.join(out, 'config.json'), 'utf8'), baseFiles['config.json']);
    // A script may name a file next to it relative to its own URL (a worker).
    const images = readFileSync(path.join(out, manifest.files['bridges/images.js'].path), 'utf8');
    assert.match(images, /new URL\('decoder\.[0-9a-f]{10}\.js'/);
    assert.match(manifest.files['bridges/decoder.js'].path, /^bridges\/decoder\.[0-9a-f]{10}\.js$/);
    // A stylesheet names files relative to itself.
    const css = readFileSync(path.join(out, manifest.files['bridges/page.css'].path), 'utf8');
    assert.match(css, /url\(img\/pin\.[0-9a-f]{10}\.png\)/);
    assert.match(manifest.files['bridges/img/pin.png'].path, /^bridges\/img\/pin\.[0-9a-f]{10}\.png$/);
    assert.ok(existsSync(path.join(out, 'extra/computed.json')), 'unreferenced file keeps its name');

    // Siblings decompress to the file; config.json has none (admins edit it in place).
    for (const name of [wasmName, 'index.html', manifest.files['bridges/boot.js'].path]) {
      const bytes = readFileSync(path.join(out, name));
      assert.deepEqual(zlib.gunzipSync(readFileSync(path.join(out, `${name}.gz`))), bytes);
      assert.deepEqual(zlib.brotliDecompressSync(readFileSync(path.join(out, `${name}.br`))), bytes);
    }
    assert.ok(!existsSync(path.join(out, 'config.json.gz')));
    assert.ok(!existsSync(path.join(out, 'config.json.br')));
    assert.equal(manifest.files['app.wasm'].gzipBytes, statSync(path.join(out, `${wasmName}.gz`)).size);

    // Nothing changed: nothing written or compressed again.
    const again = run(work);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /\(0 written, 0 compressed, 0 removed\)/);

    // A changed font: new names for it and everything that names it, the old files removed, the rest kept.
    const oldFont = manifest.files['fonts/ui.ttf'].path;
    const oldBoot = manifest.files['bridges/boot.js'].path;
    writeFileSync(path.join(work, 'stage/fonts/ui.ttf'), 'new font bytes');
    const changed = run(work);
    assert.equal(changed.status, 0, changed.stderr);
    const next = JSON.parse(readFileSync(path.join(work, 'manifest.json'), 'utf8'));
    assert.notEqual(next.files['fonts/ui.ttf'].path, oldFont);
    assert.notEqual(next.files['bridges/boot.js'].path, oldBoot);
    assert.equal(next.files['app.wasm'].path, wasmName);
    for (const gone of [oldFont, `${oldFont}.gz`, `${oldFont}.br`, oldBoot]) {
      assert.ok(!existsSync(path.join(out, gone)), `${gone} removed`);
    }
    assert.deepEqual(readdirSync(path.join(out, 'fonts')).sort(),
      [next.files['fonts/ui.ttf'].path, `${next.files['fonts/ui.ttf'].path}.br`, `${next.files['fonts/ui.ttf'].path}.gz`]
        .map((p) => path.basename(p)).sort());
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a reference cycle and a missing entry point are errors', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'agentdesk-finalize-'));
  try {
    makeStage(path.join(work, 'stage'), {
      'index.html': '<script src="a.js"></script>', 'config.json': '{}', 'a.js': "load('b.js')", 'b.js': "load('a.js')",
    });
    const cycle = run(work);
    assert.equal(cycle.status, 1);
    assert.match(cycle.stderr, /reference cycle among: .*a\.js.*b\.js/);
    rmSync(path.join(work, 'stage/config.json'));
    const missing = run(work);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /config\.json missing/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('the gzip and brotli tools exist (Debian gzip, brotli: scripts/setup.sh)', () => {
  execFileSync('gzip', ['--version'], { stdio: 'ignore' });
  execFileSync('brotli', ['--version'], { stdio: 'ignore' });
});
