// Hosting (docs/deployment.md): the built desktop folder served by real nginx (Debian package) under a sub-path,
// with TLS, caching and the Content-Security-Policy exactly as documented (the test reads the nginx blocks out of
// docs/deployment.md), and the chat server on another origin behind a second nginx TLS block. The desktop loads
// from nginx, logs in and handles a chat with the real customer app end to end, without a CSP violation; a
// foreign origin is refused by the chat server. The documented Apache configuration serves the same folder (plain
// http on loopback) to a desktop that logs in across origins, under the same CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, chmodSync, statSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { paths, startServer, waitFor, keepScreenshot, collectPageErrors } from './lib/harness.mjs';
import { login, setReady, acceptOffer, sendFromDesktop, waitForSnapshot, openCustomer, startCustomerChat,
  sendFromCustomer, customerMessages, DESKTOP_VIEWPORT } from './lib/desktop.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NGINX = '/usr/sbin/nginx';
const APACHE = '/usr/sbin/apache2';
const APACHE_MODULES = '/usr/lib/apache2/modules';
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const SUB_PATH = '/agent/';
const FOREIGN_ORIGIN = 'https://evil.example';
const START_TIMEOUT_MS = 15000;

let work;
let chat;        // the chat server (plain http on loopback, behind nginx TLS)
let nginx;       // {child, output()}
let deskPort;    // nginx: the desktop's static files under /agent/ (https)
let chatPort;    // nginx: TLS in front of the chat server (https/wss)
let apachePort;  // Apache: the same folder under /agent/ (plain http)
let tilePort;    // nginx: a stand-in map tile server (https), named in the CSP and config.json like a real one
let apache;      // {child, output()}
let certPem;
// A 2x2 PNG (red, green / blue, white): the customer's photo.
const TEST_PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC', 'base64');
let browser;

/** The fenced ```LANGUAGE blocks of docs/deployment.md, by their first comment line. */
function documentedBlocks(language) {
  const doc = readFileSync(path.join(repoRoot, 'docs/deployment.md'), 'utf8');
  const blocks = {};
  for (const match of doc.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))) {
    const title = /^# (.+)$/m.exec(match[1])?.[1];
    if (title) blocks[title] = match[1];
  }
  return blocks;
}

/** Replaces every occurrence of `from` (which must occur: the documented config is what is tested). */
function substitute(text, from, to) {
  assert.ok(text.includes(from), `docs/deployment.md nginx block lacks "${from}"`);
  return text.split(from).join(to);
}

/** A free loopback port (nginx needs its port in the config before it starts; retried if taken meanwhile). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function nginxConfig({ desktopBlock, chatBlock, webRoot, cert, key, chatServerPort }) {
  const withLocal = (block, port) => {
    let text = substitute(block, 'listen 443 ssl http2;', `listen 127.0.0.1:${port} ssl http2;`);
    text = substitute(text, '/etc/ssl/agentdesk/fullchain.pem', cert);
    text = substitute(text, '/etc/ssl/agentdesk/privkey.pem', key);
    return text;
  };
  let desktop = withLocal(desktopBlock, deskPort);
  desktop = substitute(desktop, 'root /var/www;', `root ${webRoot};`);
  desktop = substitute(desktop, 'https://chat.example.com', `https://127.0.0.1:${chatPort}`);
  desktop = substitute(desktop, 'wss://chat.example.com', `wss://127.0.0.1:${chatPort}`);
  desktop = substitute(desktop, 'https://tile.openstreetmap.org', `https://127.0.0.1:${tilePort}`);
  let proxy = withLocal(chatBlock, chatPort);
  proxy = substitute(proxy, 'http://127.0.0.1:8080', `http://127.0.0.1:${chatServerPort}`);
  const modules = existsSync(BROTLI_MODULE) ? `load_module ${BROTLI_MODULE};` : '';
  // The main context is the test's own (non-daemon, files in the temp folder); the server blocks are the doc's.
  return `${modules}
daemon off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 128; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${work}/nginx-access.log;
  client_body_temp_path ${work}/nginx-body;
  proxy_temp_path ${work}/nginx-proxy;
  fastcgi_temp_path ${work}/nginx-fastcgi;
  uwsgi_temp_path ${work}/nginx-uwsgi;
  scgi_temp_path ${work}/nginx-scgi;
${desktop}
${proxy}
  server {
    listen 127.0.0.1:${tilePort} ssl;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    root ${work};
    location / {
      add_header Access-Control-Allow-Origin "*" always;
      default_type image/png;
      try_files /tile.png =404;
    }
  }
}
`;
}

async function startNginx(config) {
  const file = path.join(work, 'nginx.conf');
  writeFileSync(file, config);
  execFileSync(NGINX, ['-t', '-q', '-e', 'stderr', '-p', work, '-c', file], { stdio: 'pipe' });
  return startForeground(NGINX, ['-e', 'stderr', '-p', work, '-c', file],
    async () => (await request(deskPort, SUB_PATH).catch(() => null))?.status === 200, 'nginx');
}

function apacheConfig({ block, folder, chatServerPort }) {
  let text = substitute(block, '/var/www/agent/', `${folder}/`);
  text = substitute(text, '/var/www/agent', folder);
  // Apache serves plain http here: the desktop reaches the chat server directly, ws:// on loopback.
  text = substitute(text, 'https://chat.example.com', `http://127.0.0.1:${chatServerPort}`);
  text = substitute(text, 'wss://chat.example.com', `ws://127.0.0.1:${chatServerPort}`);
  const modules = ['mpm_event', 'authz_core', 'mime', 'headers', 'rewrite', 'alias', 'dir']
    .map((name) => `LoadModule ${name}_module ${APACHE_MODULES}/mod_${name}.so`).join('\n');
  // The main part is the test's own (foreground, files in the temp folder); the <Directory> block is the doc's.
  return `ServerRoot ${work}
${modules}
Listen 127.0.0.1:${apachePort}
ServerName 127.0.0.1
User nobody
Group nogroup
PidFile ${work}/apache.pid
ErrorLog ${work}/apache-error.log
DefaultRuntimeDir ${work}
Mutex file:${work} default
TypesConfig /etc/mime.types
DirectoryIndex index.html
<Directory />
    Require all denied
    AllowOverride None
</Directory>
${text}
`;
}

/** Starts a web server in the foreground and waits until `probe()` answers. */
async function startForeground(binary, args, probe, what) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  let exited = false;
  child.on('exit', () => { exited = true; });
  await waitFor(async () => {
    if (exited) throw new Error(`${what} exited:\n${output}`);
    return probe();
  }, { timeoutMs: START_TIMEOUT_MS, what });
  return { child, output: () => output };
}

async function stopForeground(server, signal) {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill(signal);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

/** An admin's copy of the build output under /agent/ in `webRoot`, config.json pointing at the chat server. */
function deployFolder(webRoot, serverUrl, tileUrl) {
  mkdirSync(webRoot, { recursive: true });
  const folder = path.join(webRoot, 'agent');
  cpSync(paths.desktopDir, folder, { recursive: true });
  const configFile = path.join(folder, 'config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  config.serverUrl = serverUrl;
  if (tileUrl) config.map = { ...config.map, tileUrl };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return folder;
}

/** Opens the desktop at `url` with CSP violations recorded; returns {context, page, errors, loaded}. */
async function openDesktopAt(url) {
  const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT });
  const page = await context.newPage();
  const errors = collectPageErrors(page, 'desktop');
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  const loaded = [];
  page.on('response', (response) => loaded.push({ url: response.url(), status: response.status(),
    cacheControl: response.headers()['cache-control'] }));
  await page.goto(url);
  await waitFor(() => page.evaluate(() => window.agentdesk?.ready === true),
    { timeoutMs: 45000, what: 'the desktop\'s first frame' });
  return { context, page, errors, loaded };
}

/** One HTTPS request to 127.0.0.1:PORT, verified against the test's certificate; raw body (no decoding). */
function request(port, target, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: target, method: 'GET', headers, ca: certPem,
      timeout: 10000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: GET ${target}`)));
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket upgrade request as a browser page on `origin` sends it; resolves with the answer's status. */
function upgradeStatus(port, origin) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: '/ws', ca: certPem, timeout: 10000, headers: {
      Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', Origin: origin,
    } });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve({ status: res.statusCode, body: '' }); });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout: upgrade')));
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  for (const binary of [NGINX, '/usr/bin/openssl', '/usr/bin/chromium']) {
    assert.ok(existsSync(binary), `${binary} is missing: run scripts/setup.sh`);
  }
  work = mkdtempSync(path.join(tmpdir(), 'agentdesk-hosting-'));
  chmodSync(work, 0o755);  // nginx workers run as another user
  const cert = path.join(work, 'cert.pem');
  const key = path.join(work, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
  { stdio: 'pipe' });
  certPem = readFileSync(cert);

  deskPort = await freePort();
  chatPort = await freePort();
  apachePort = await freePort();
  tilePort = await freePort();
  // One grey 1x1 PNG for every tile the map asks for.
  writeFileSync(path.join(work, 'tile.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGM4AQAAygDJmcpdfgAAAABJRU5ErkJggg==', 'base64'));
  // The chat server accepts the desktop's origins (nginx and Apache, other ports) and its own pages (same Host).
  chat = await startServer({ args: ['--allowed-origin', `https://127.0.0.1:${deskPort}`,
    '--allowed-origin', `http://127.0.0.1:${apachePort}`] });

  const webRoot = path.join(work, 'www');
  deployFolder(webRoot, `wss://127.0.0.1:${chatPort}/ws`, `https://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`);
  const blocks = documentedBlocks('nginx');
  const desktopBlock = blocks['agentdesk: the desktop (static files)'];
  const chatBlock = blocks['agentdesk: the chat server behind nginx (TLS terminated here)'];
  assert.ok(desktopBlock && chatBlock, `nginx blocks in docs/deployment.md: ${Object.keys(blocks)}`);
  nginx = await startNginx(nginxConfig({ desktopBlock, chatBlock, webRoot, cert, key, chatServerPort: chat.port }));

  if (existsSync(APACHE)) {
    const apacheFolder = deployFolder(path.join(work, 'apache-www'), `ws://127.0.0.1:${chat.port}/ws`);
    const apacheBlock = documentedBlocks('apache')['agentdesk: the desktop (static files) for Apache 2.4'];
    assert.ok(apacheBlock, 'apache block in docs/deployment.md');
    const file = path.join(work, 'httpd.conf');
    writeFileSync(file, apacheConfig({ block: apacheBlock, folder: apacheFolder, chatServerPort: chat.port }));
    execFileSync(APACHE, ['-t', '-f', file], { stdio: 'pipe' });
    apache = await startForeground(APACHE, ['-X', '-f', file],
      async () => (await fetch(`http://127.0.0.1:${apachePort}${SUB_PATH}`).catch(() => null))?.status === 200, 'apache2');
  }

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--ignore-certificate-errors'],  // the test's self-signed certificate, for every context
  });
});

after(async () => {
  await browser?.close();
  await stopForeground(nginx, 'SIGQUIT');   // graceful stop of master and worker
  await stopForeground(apache, 'SIGTERM');
  await chat?.stop();
  chat?.removeData();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('nginx serves the folder: hashed files cached for a year, entry points revalidated, .br/.gz precompressed', async () => {
  const index = await request(deskPort, SUB_PATH);
  assert.equal(index.status, 200);
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.match(index.headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  const config = await request(deskPort, `${SUB_PATH}config.json`, { 'Accept-Encoding': 'gzip, br' });
  assert.equal(config.headers['cache-control'], 'no-cache');
  assert.equal(config.headers['content-encoding'], undefined, 'config.json has no stale precompressed copy');
  assert.equal(JSON.parse(config.body).serverUrl, `wss://127.0.0.1:${chatPort}/ws`);

  // Every file index.html names is content-hashed, as is the wasm the loader names.
  const html = index.body.toString('utf8');
  const referenced = [...html.matchAll(/(?:src|href)="([^":]+)"/g)].map((m) => m[1]);
  assert.ok(referenced.length >= 5, `index.html references: ${referenced}`);
  for (const name of referenced) assert.match(name, /\.[0-9a-f]{10}\.(js|css|wasm|ttf)$/, `${name} is content-hashed`);
  const deployed = path.join(work, 'www', 'agent');
  const wasmName = readdirSync(deployed).find((f) => /^agentdesk-desktop\.[0-9a-f]{10}\.wasm$/.test(f));
  assert.ok(wasmName, `hashed wasm in ${readdirSync(deployed)}`);

  const raw = await request(deskPort, `${SUB_PATH}${wasmName}`);
  assert.equal(raw.status, 200);
  assert.equal(raw.headers['content-type'], 'application/wasm');
  assert.equal(raw.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(raw.headers['content-encoding'], undefined);
  assert.equal(raw.body.length, statSync(path.join(deployed, wasmName)).size);
  const gz = await request(deskPort, `${SUB_PATH}${wasmName}`, { 'Accept-Encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(gz.headers.vary ?? '', /Accept-Encoding/);
  assert.equal(gz.body.length, statSync(path.join(deployed, `${wasmName}.gz`)).size, 'the .gz file itself');
  assert.equal(gz.headers['cache-control'], 'public, max-age=31536000, immutable');
  if (existsSync(BROTLI_MODULE)) {
    const br = await request(deskPort, `${SUB_PATH}${wasmName}`, { 'Accept-Encoding': 'gzip, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.body.length, statSync(path.join(deployed, `${wasmName}.br`)).size, 'the .br file itself');
  }
  // The same folder through the chat server (it serves the desktop too): the same caching rules.
  const viaServer = await fetch(`${chat.baseUrl}/${wasmName}`);
  assert.equal(viaServer.status, 200);
  assert.equal(viaServer.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal((await fetch(`${chat.baseUrl}/`)).headers.get('cache-control'), 'no-cache');
});

test('the chat server refuses a foreign origin (through nginx too) and answers the desktop\'s origin', async () => {
  const foreign = await upgradeStatus(chatPort, FOREIGN_ORIGIN);
  assert.equal(foreign.status, 403);
  assert.equal(JSON.parse(foreign.body).code, 'forbidden');
  assert.equal((await upgradeStatus(chatPort, `https://127.0.0.1:${deskPort}`)).status, 101);
  const health = await request(chatPort, '/health', { Origin: `https://127.0.0.1:${deskPort}` });
  assert.equal(health.status, 200);
  assert.equal(health.headers['access-control-allow-origin'], `https://127.0.0.1:${deskPort}`);
  assert.equal((await request(chatPort, '/health', { Origin: FOREIGN_ORIGIN })).status, 403);
});

/** Everything the desktop loaded came from `base` or `otherOrigins` (chat server, tiles): hashed files from `base`
 * immutable, the rest no-cache. */
function checkLoaded(loaded, base, otherOrigins) {
  const fromBase = loaded.filter((r) => r.url.startsWith(base));
  assert.ok(fromBase.length >= 8, `loaded from ${base}: ${fromBase.map((r) => r.url)}`);
  for (const r of loaded) {
    assert.ok(r.url.startsWith(base) || otherOrigins.some((o) => r.url.startsWith(o)), `unexpected origin or path: ${r.url}`);
  }
  for (const r of fromBase) {
    assert.ok(r.status === 200 || r.status === 304, `${r.url}: ${r.status}`);
    const hashed = /\.[0-9a-f]{10}\.[a-z0-9]+$/.test(new URL(r.url).pathname);
    assert.equal(r.cacheControl, hashed ? 'public, max-age=31536000, immutable' : 'no-cache', r.url);
  }
}

test('the desktop from nginx under /agent/ handles a chat with the customer app, without CSP violations', async () => {
  const deskBase = `https://127.0.0.1:${deskPort}${SUB_PATH}`;
  const desk = await openDesktopAt(`${deskBase}?automation=1`);
  const { page } = desk;
  let customer = null;
  try {
    await login(page, 'anna', 'demo-anna', { timeoutMs: 30000 });
    await setReady(page);
    customer = await openCustomer(browser, `https://127.0.0.1:${chatPort}`);
    await startCustomerChat(customer.page, { name: 'Lena Berg' });
    const { chat: accepted } = await acceptOffer(page, { customerName: 'Lena Berg', timeoutMs: 30000 });
    await sendFromCustomer(customer.page, 'My car broke down on the A9');
    await waitForSnapshot(page, (s) => s.chats.find((c) => c.chatId === accepted.chatId)?.events
      .some((e) => e.text === 'My car broke down on the A9'), { what: 'the customer\'s message at the desktop' });
    await sendFromDesktop(page, 'Help is on the way');
    await waitFor(async () => (await customerMessages(customer.page)).some((m) => !m.mine && m.text === 'Help is on the way'),
      { timeoutMs: 15000, what: 'the agent\'s reply in the customer app' });

    // The features whose resources the CSP must allow: the map (Leaflet from the folder, tiles from the tile
    // server) and a photo (decoded in a worker that fetches it from the chat server).
    await customer.context.grantPermissions(['geolocation']);
    await customer.context.setGeolocation({ latitude: 48.137154, longitude: 11.576124, accuracy: 12 });
    await customer.page.click('#share-location');
    await customer.page.click('#location-dialog button[value="once"]');
    await waitForSnapshot(page, (s) => s.chats.find((c) => c.chatId === accepted.chatId)?.lastLocation,
      { what: 'the shared location at the desktop' });
    let mapState = null;
    await waitFor(async () => {
      mapState = await page.evaluate(() => window.agentdeskBridges?.map?.state?.());
      return mapState?.visible && mapState.leaflet === 'ready' && mapState.basemap === 'tiles';
    }, { timeoutMs: 20000, what: 'the map on tiles of the tile server' })
      .catch((error) => { throw new Error(`${error.message}: ${JSON.stringify(mapState)}`); });
    await customer.page.setInputFiles('#photo', { name: 'unfall.png', mimeType: 'image/png', buffer: TEST_PHOTO });
    await waitForSnapshot(page, (s) => s.files?.images?.some((i) => i.variant === 'thumbnail' && i.status === 'ready'),
      { timeoutMs: 20000, what: 'the photo\'s thumbnail decoded at the desktop' });
    await keepScreenshot(page, 'hosting-desktop-via-nginx');

    checkLoaded(desk.loaded, deskBase, [`https://127.0.0.1:${chatPort}/`, `https://127.0.0.1:${tilePort}/`]);
    assert.ok(desk.loaded.some((r) => r.url.startsWith(`https://127.0.0.1:${tilePort}/`) && r.status === 200), 'tiles');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no CSP violations');
    assert.deepEqual(desk.errors, [], 'no console errors on the desktop');
    assert.deepEqual(customer.errors, [], 'no console errors in the customer app');
  } catch (error) {
    await keepScreenshot(page, 'hosting-desktop-via-nginx-failed').catch(() => {});
    throw new Error(`${error.message}\nnginx: ${nginx.output()}\nserver: ${chat.output().stderr.slice(-3000)}`);
  } finally {
    await customer?.context.close();
    await desk.context.close();
  }
});

test('Apache (the documented <Directory> block) serves the folder: caching, precompressed, CSP, cross-origin login', {
  skip: existsSync(APACHE) ? false : 'apache2 is not installed (scripts/setup.sh installs it)',
}, async () => {
  const base = `http://127.0.0.1:${apachePort}${SUB_PATH}`;
  const index = await fetch(base);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.match(index.headers.get('content-security-policy'), /connect-src 'self' http:\/\/127\.0\.0\.1:\d+ ws:/);
  const folder = path.join(work, 'apache-www', 'agent');
  const wasmName = readdirSync(folder).find((f) => /^agentdesk-desktop\.[0-9a-f]{10}\.wasm$/.test(f));
  for (const [accept, encoding, file] of [['identity', null, wasmName], ['gzip', 'gzip', `${wasmName}.gz`],
    ['gzip, br', 'br', `${wasmName}.br`]]) {
    // node:http, not fetch: fetch would decode the body and hide which file was sent.
    const res = await new Promise((resolve, reject) => {
      http.get(`${base}${wasmName}`, { headers: { 'Accept-Encoding': accept } }, (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => resolve({ headers: r.headers, length: Buffer.concat(chunks).length }));
      }).on('error', reject);
    });
    assert.equal(res.headers['content-type'], 'application/wasm', accept);
    assert.equal(res.headers['content-encoding'], encoding ?? undefined, accept);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', accept);
    assert.equal(res.length, statSync(path.join(folder, file)).size, `${accept}: ${file} itself`);
  }

  const desk = await openDesktopAt(`${base}?automation=1`);
  try {
    await login(desk.page, 'ben', 'demo-ben', { timeoutMs: 30000 });
    checkLoaded(desk.loaded, base, [`http://127.0.0.1:${chat.port}/`]);
    assert.deepEqual(await desk.page.evaluate(() => window.__cspViolations), [], 'no CSP violations');
    assert.deepEqual(desk.errors, [], 'no console errors');
  } catch (error) {
    await keepScreenshot(desk.page, 'hosting-desktop-via-apache-failed').catch(() => {});
    throw new Error(`${error.message}\napache: ${apache.output()}`);
  } finally {
    await desk.context.close();
  }
});
