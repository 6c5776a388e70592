#!/usr/bin/env node
// Turns the assembled desktop (the build's stage folder, plain file names) into the folder that is deployed:
//   - every file except the entry points (index.html, config.json) gets a content hash in its name
//     (bridges/boot.js → bridges/boot.3fa9c2e1d0.js), and every literal reference to it in the page's text files
//     (HTML, JS, SVG: relative to the page; CSS url(): relative to the stylesheet) is rewritten, so hashed files can be cached forever and a new build is never mixed with
//     an old one in a browser cache. Files are processed leaves first (the wasm before the loader that names it,
//     the loader before boot.js, everything before index.html); a reference cycle is an error.
//   - compressible files get precompressed .gz (gzip -9) and .br (brotli -q 11) siblings for gzip_static /
//     brotli_static and the chat server. config.json gets none: admins edit it in place, and a stale .gz next to
//     it would be served instead of their edit.
// Generic over whatever lands in the stage folder: new bridges, fonts or images need no change here. A file that no
// text file names literally (e.g. a URL computed at run time) keeps its plain name, with a warning.
// Incremental: unchanged outputs keep their mtime and their compressed siblings; files of the previous run that are
// no longer produced are removed (only those: the state file lists what this script wrote).
//
// usage: node scripts/finalize-dist.mjs --stage DIR --out DIR --state FILE [--gzip PATH] [--brotli PATH]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ENTRY_POINTS = new Set(['index.html', 'config.json']);
const NOT_PRECOMPRESSED = new Set(['config.json']);
const TEXT_EXTENSIONS = new Set(['.html', '.js', '.mjs', '.css', '.svg']);
const COMPRESSIBLE_EXTENSIONS = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.wasm', '.ttf', '.otf',
  '.txt', '.xml', '.ico', '.map']);
const HASH_HEX_DIGITS = 10;

function parseArgs(argv) {
  const options = { gzip: 'gzip', brotli: 'brotli' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    if (!['stage', 'out', 'state', 'gzip', 'brotli'].includes(name) || argv[i + 1] === undefined) {
      throw new Error(`unexpected argument ${argv[i]}`);
    }
    options[name] = argv[i + 1];
  }
  for (const required of ['stage', 'out', 'state']) {
    if (!options[required]) throw new Error(`--${required} is required`);
  }
  return options;
}

/** Relative paths (with /) of every regular file under `root`, hidden files and compressed siblings left out. */
function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !/\.(gz|br)$/.test(entry.name)) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches `key` (optionally as ./key) only as a whole URL inside quotes, url(), attributes: not as part of a
 * longer path or name. */
function referencePattern(key) {
  return new RegExp(`(?<=^|[\\s"'\`(=,])(\\./)?${escapeRegExp(key)}(?=$|[\\s"'\`)?#,])`, 'g');
}

function hashedName(relative, bytes) {
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, HASH_HEX_DIGITS);
  const ext = path.posix.extname(relative);
  return `${relative.slice(0, relative.length - ext.length)}.${digest}${ext}`;
}

function writeIfChanged(file, bytes) {
  if (fs.existsSync(file) && fs.readFileSync(file).equals(bytes)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, bytes);
  fs.renameSync(temp, file);
  return true;
}

/** gzip and brotli give the sibling the source's mtime (brotli in whole seconds): not older = up to date. */
function compressedUpToDate(file, sibling) {
  if (!fs.existsSync(sibling)) return false;
  return Math.floor(fs.statSync(sibling).mtimeMs / 1000) >= Math.floor(fs.statSync(file).mtimeMs / 1000);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const stage = path.resolve(options.stage);
  const out = path.resolve(options.out);
  const files = listFiles(stage);
  for (const entry of ENTRY_POINTS) {
    if (!files.includes(entry)) throw new Error(`${entry} missing in ${stage}`);
  }

  const contents = new Map(files.map((f) => [f, fs.readFileSync(path.join(stage, f))]));
  const isText = (f) => TEXT_EXTENSIONS.has(path.posix.extname(f));
  const patternCache = new Map();
  const patternFor = (key) => {
    if (!patternCache.has(key)) patternCache.set(key, referencePattern(key));
    const pattern = patternCache.get(key);
    pattern.lastIndex = 0;
    return pattern;
  };
  // How `from` names `target`: CSS url()s are relative to the stylesheet; HTML and JS name files relative to the
  // page (fetch, script src, the wasm), which is the folder's root; JS may also name a file next to or below
  // itself relative to its own URL (new Worker(new URL('decoder.js', document.currentScript.src))).
  const relativeTo = (from, target) => path.posix.relative(path.posix.dirname(from), target);
  const scriptRelative = (from, target) => {
    if (!['.js', '.mjs'].includes(path.posix.extname(from)) || path.posix.dirname(from) === '.') return null;
    const relative = relativeTo(from, target);
    return relative.startsWith('..') ? null : relative;
  };
  // How `from` writes a name: relative to itself (CSS; JS naming a file only that way) or relative to the page.
  const nameForm = new Map();
  const formOf = (from, target) => {
    const id = `${from}\0${target}`;
    if (!nameForm.has(id)) {
      let form = 'page';
      if (path.posix.extname(from) === '.css') form = 'self';
      else {
        const own = scriptRelative(from, target);
        const text = contents.get(from).toString('utf8');
        if (own !== null && !patternFor(target).test(text) && patternFor(own).test(text)) form = 'self';
      }
      nameForm.set(id, form);
    }
    return nameForm.get(id);
  };
  /** `name` (a dist-relative path: target's plain or hashed name) as `from` writes references to `target`. */
  const keyFor = (from, target, name = target) => (formOf(from, target) === 'self' ? relativeTo(from, name) : name);
  // Which files each text file names (itself excluded), and which files anyone names at all.
  const references = new Map();
  const referenced = new Set();
  for (const f of files) {
    const deps = [];
    if (isText(f)) {
      const text = contents.get(f).toString('utf8');
      for (const other of files) {
        if (other !== f && patternFor(keyFor(f, other)).test(text)) deps.push(other);
      }
    }
    references.set(f, deps);
    for (const d of deps) referenced.add(d);
  }

  // Leaves first: a file's final bytes (and so its hash) depend on the hashed names of what it references.
  const finalName = new Map();
  const finalBytes = new Map();
  let pending = [...files];
  while (pending.length > 0) {
    const ready = pending.filter((f) => references.get(f).every((d) => finalName.has(d)));
    if (ready.length === 0) throw new Error(`reference cycle among: ${pending.join(', ')}`);
    for (const f of ready) {
      let bytes = contents.get(f);
      const deps = references.get(f);
      if (deps.length > 0) {
        let text = bytes.toString('utf8');
        // Longest keys first, so "a/b.js" is never rewritten inside an already rewritten longer name.
        for (const d of [...deps].sort((a, b) => keyFor(f, b).length - keyFor(f, a).length)) {
          const replacement = keyFor(f, d, finalName.get(d));
          text = text.replace(patternFor(keyFor(f, d)), (match, dot) => `${dot ?? ''}${replacement}`);
        }
        bytes = Buffer.from(text, 'utf8');
      }
      finalBytes.set(f, bytes);
      if (ENTRY_POINTS.has(f)) {
        finalName.set(f, f);
      } else if (!referenced.has(f)) {
        // Files without an extension (LICENSE texts) are documents for people, never loaded by the page.
        if (path.posix.extname(f) !== '') {
          console.warn(`finalize-dist: ${f} is not named literally by any page file: kept as ${f} (not content-hashed)`);
        }
        finalName.set(f, f);
      } else {
        finalName.set(f, hashedName(f, bytes));
      }
    }
    pending = pending.filter((f) => !finalName.has(f));
  }

  fs.mkdirSync(out, { recursive: true });
  const written = [];
  const manifest = { files: {} };
  let changed = 0;
  let compressed = 0;
  for (const f of files) {
    const name = finalName.get(f);
    const target = path.join(out, name);
    const rewritten = writeIfChanged(target, finalBytes.get(f));
    if (rewritten) changed += 1;
    written.push(name);
    const entry = { path: name, bytes: finalBytes.get(f).length };
    if (COMPRESSIBLE_EXTENSIONS.has(path.posix.extname(f)) && !NOT_PRECOMPRESSED.has(f)) {
      if (rewritten || !compressedUpToDate(target, `${target}.gz`)) {
        execFileSync(options.gzip, ['-9', '-n', '-k', '-f', target]);
        compressed += 1;
      }
      if (rewritten || !compressedUpToDate(target, `${target}.br`)) {
        execFileSync(options.brotli, ['-q', '11', '-k', '-f', target]);
        compressed += 1;
      }
      written.push(`${name}.gz`, `${name}.br`);
      entry.gzipBytes = fs.statSync(`${target}.gz`).size;
      entry.brotliBytes = fs.statSync(`${target}.br`).size;
    }
    manifest.files[f] = entry;
  }

  // Remove what an earlier run wrote and this one did not; without a state file (first run, or a folder built
  // before hashing existed), remove the plain-named copies of files that are now hashed.
  let stale = [];
  if (fs.existsSync(options.state)) {
    try {
      stale = JSON.parse(fs.readFileSync(options.state, 'utf8')).written ?? [];
    } catch {
      stale = [];
    }
  } else {
    stale = files.filter((f) => finalName.get(f) !== f).flatMap((f) => [f, `${f}.gz`, `${f}.br`]);
  }
  const keep = new Set(written);
  let removed = 0;
  for (const name of stale) {
    if (keep.has(name) || name.includes('..')) continue;
    const file = path.join(out, name);
    if (fs.existsSync(file)) {
      fs.rmSync(file);
      removed += 1;
    }
  }
  manifest.written = written.sort();
  fs.mkdirSync(path.dirname(path.resolve(options.state)), { recursive: true });
  writeIfChanged(path.resolve(options.state), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  console.log(`finalize-dist: ${files.length} files -> ${out} (${changed} written, ${compressed} compressed, ${removed} removed)`);
}

try {
  main();
} catch (error) {
  console.error(`finalize-dist: ${error.message}`);
  process.exit(1);
}
