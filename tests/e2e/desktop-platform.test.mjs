// Browser test of the agent desktop's platform layer (src/desktop/web, web/desktop, shell): first frame, render
// on demand (no frames while idle), resize, devicePixelRatio 2, IME text (Japanese, German, Korean) through CDP,
// key routing around HTML overlays, clipboard paste and copy. It drives the platform's own diagnostics window,
// so it does not depend on the App's screens. The desktop folder (build/web/dist, or AGENTDESK_DESKTOP_DIR) is
// served under a path prefix by a static server on an ephemeral loopback port, with a silent WebSocket at /ws.
// Screenshots: test-artifacts/desktop-platform-*.png.
import { test, before, after } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { paths, waitFor, launchChromium, keepScreenshot, collectPageErrors } from './lib/harness.mjs';

const PREFIX = '/any/prefix/';  // relative URLs only: the desktop must work under any path
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.ttf': 'font/ttf', '.css': 'text/css',
};
const IDLE_WINDOW_MS = 2000;
const MAX_IDLE_FRAMES = 2;  // render on demand: an idle desktop draws (almost) nothing

let server;
let sockets;
let onSocket = null;  // per-test handler of WebSocket connections to /ws
let baseUrl;
let browser;

async function serveDesktop(request, response) {
  const url = new URL(request.url, 'http://localhost');
  if (!url.pathname.startsWith(PREFIX)) {
    response.writeHead(404).end();
    return;
  }
  let relative = decodeURIComponent(url.pathname.slice(PREFIX.length)) || 'index.html';
  if (relative.endsWith('/')) relative += 'index.html';
  const file = path.resolve(paths.desktopDir, relative);
  if (!file.startsWith(path.resolve(paths.desktopDir) + path.sep)) {
    response.writeHead(403).end();
    return;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
}

before(async () => {
  await stat(path.join(paths.desktopDir, 'index.html')).catch(() => {
    throw new Error(`no desktop build in ${paths.desktopDir}: build the agentdesk-desktop target first`);
  });
  server = http.createServer((request, response) => { serveDesktop(request, response); });
  // A WebSocket that accepts and stays silent, so the App is connected and has no reason to draw.
  sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    sockets.handleUpgrade(request, socket, head, (ws) => onSocket?.(ws, request.url));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const client of sockets?.clients ?? []) client.terminate();
  sockets?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** Opens the desktop in a fresh context and waits for its first frame. `config` replaces config.json's text. */
async function openDesktop({ width = 1000, height = 640, deviceScaleFactor = 1, hash = '', config } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor });
  const page = await context.newPage();
  const errors = collectPageErrors(page, 'desktop');
  if (config !== undefined) {
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: config }));
  }
  await page.goto(baseUrl + hash);
  await waitFor(() => page.evaluate(() => window.agentdesk?.ready === true), { timeoutMs: 30000, what: 'first frame' });
  return { context, page, errors };
}

const diagnostics = (page) => page.evaluate(() => window.agentdesk.diagnostics.state());
const framesDrawn = (page) => page.evaluate(() => window.agentdesk.framesDrawn);

/** Errors except the ones a test provokes on purpose. */
function realErrors(errors) {
  return errors.filter((e) => !/WebSocket connection|Failed to load resource/.test(e));
}

async function clickDiagnosticsTextBox(page) {
  await page.evaluate(() => window.agentdesk.diagnostics.show(true));
  const box = await waitFor(async () => {
    const rect = await page.evaluate(() => window.agentdesk.diagnostics.textBoxRect());
    return rect && rect.width > 20 ? rect : null;
  }, { what: 'diagnostics text box' });
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await waitFor(() => page.evaluate(() => document.activeElement?.id === 'agentdesk-ime'),
    { what: 'IME textarea focused while ImGui wants text' });
  // ImGui reports the text box active from the frame that handled the click on (the focus may come first).
  await waitFor(async () => (await diagnostics(page)).wantTextInput === true, { what: 'ImGui wants text input' });
}

test('first frame, relative URLs, backing store = CSS size × dpr', async () => {
  const { context, page, errors } = await openDesktop();
  const state = await diagnostics(page);
  assert.deepEqual(state.canvas, { width: 1000, height: 640, dpr: 1 });
  assert.deepEqual(await page.evaluate(() => [canvas.width, canvas.height]), [1000, 640]);
  assert.equal(state.fonts.uiFontLoaded, true, 'fonts/ui-sans.ttf loaded relative to the page');
  assert.equal(state.fonts.iconFontLoaded, true, 'fonts/icons.ttf loaded relative to the page');
  assert.ok(state.fonts.iconGlyphs >= 10, `the action icons merged into the UI font (${state.fonts.iconGlyphs})`);
  assert.ok(state.framesDrawn >= 1);
  // The UI shader program the page compiled early is verified after the first frame (ui-program.js).
  await waitFor(() => page.evaluate(() => window.agentdeskBridges.uiProgram.verified()), { what: 'UI program verified' });
  assert.equal(typeof (await page.evaluate(() => window.agentdesk.snapshot())), 'object', 'snapshot() parses');
  await keepScreenshot(page, 'desktop-platform-first-frame');
  assert.deepEqual(realErrors(errors), []);
  await context.close();
});

test('idle draws no frames; wake() and input draw a few', async () => {
  const { context, page } = await openDesktop();
  await waitFor(async () => {
    const state = await diagnostics(page);
    return state.loopPaused && state.pendingTimers === 0;
  }, { what: 'loop paused, no timer pending' });
  const start = await framesDrawn(page);
  await page.waitForTimeout(IDLE_WINDOW_MS);
  const idle = (await framesDrawn(page)) - start;
  assert.ok(idle <= MAX_IDLE_FRAMES, `idle frames in ${IDLE_WINDOW_MS} ms: ${idle}`);

  const beforeWake = await framesDrawn(page);
  await page.evaluate(() => window.agentdesk.wake());
  await waitFor(async () => (await framesDrawn(page)) >= beforeWake + 3, { what: 'frames after wake()' });

  const beforeMove = await framesDrawn(page);
  await page.mouse.move(200, 200);
  await page.mouse.move(260, 240);
  await waitFor(async () => (await framesDrawn(page)) > beforeMove, { what: 'frames after mouse input' });
  await context.close();
});

test('follows window resizing', async () => {
  const { context, page } = await openDesktop();
  await page.setViewportSize({ width: 720, height: 480 });
  await waitFor(async () => {
    const { canvas } = await diagnostics(page);
    return canvas.width === 720 && canvas.height === 480;
  }, { what: 'canvas resized to 720×480' });
  assert.deepEqual(await page.evaluate(() => [canvas.width, canvas.height]), [720, 480]);
  await page.evaluate(() => window.agentdesk.diagnostics.show(true));
  await page.waitForTimeout(200);
  await keepScreenshot(page, 'desktop-platform-resized');

  // devicePixelRatio changing at run time (zoom, another monitor). Headless Chromium fires no matchMedia change
  // under emulation, so the change comes with a resize here; the platform re-reads dpr on both.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 700, height: 460, deviceScaleFactor: 2, mobile: false });
  await waitFor(async () => {
    const { canvas, fonts } = await diagnostics(page);
    return canvas.width === 1400 && canvas.height === 920 && canvas.dpr === 2 && fonts.pixelSize === 32;
  }, { what: 'dpr 2 applied at run time' });
  const box = await page.evaluate(() => window.agentdesk.diagnostics.textBoxRect());
  assert.ok(box.width > 300 && box.width < 480, `text box keeps its CSS size: ${box.width}`);
  // Through CDP: Playwright's own screenshot would re-apply the context's viewport and dpr.
  const { data } = await cdp.send('Page.captureScreenshot', { format: 'png' });
  await mkdir(paths.artifacts, { recursive: true });
  await writeFile(path.join(paths.artifacts, 'desktop-platform-dpr-change.png'), Buffer.from(data, 'base64'));
  await context.close();
});

test('devicePixelRatio 2: backing store, fonts and style scale', async () => {
  const { context, page, errors } = await openDesktop({ width: 800, height: 500, deviceScaleFactor: 2, hash: '#diagnostics' });
  const state = await diagnostics(page);
  assert.deepEqual(state.canvas, { width: 1600, height: 1000, dpr: 2 });
  assert.equal(state.fonts.pixelSize, 32);
  const box = await page.evaluate(() => window.agentdesk.diagnostics.textBoxRect());
  assert.ok(box.width > 300 && box.width < 480, `text box ${box.width} CSS px wide, as at dpr 1`);
  await keepScreenshot(page, 'desktop-platform-dpr2');
  assert.deepEqual(realErrors(errors), []);
  await context.close();
});

test('IME: Japanese, German and Korean arrive intact in an ImGui input', async () => {
  const { context, page, errors } = await openDesktop();
  await clickDiagnosticsTextBox(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'こんにちは', selectionStart: 5, selectionEnd: 5 });
  // While composing, nothing reaches ImGui and the textarea shows the pending text.
  assert.equal((await diagnostics(page)).text, '');
  assert.equal(await page.evaluate(() => document.getElementById('agentdesk-ime').classList.contains('composing')), true);
  await cdp.send('Input.insertText', { text: 'こんにちは' });
  await cdp.send('Input.insertText', { text: ' Grüße ' });
  await cdp.send('Input.imeSetComposition', { text: '안녕', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: '안녕하세요', selectionStart: 5, selectionEnd: 5 });
  await cdp.send('Input.insertText', { text: '안녕하세요' });
  const expected = 'こんにちは Grüße 안녕하세요';
  await waitFor(async () => (await diagnostics(page)).text === expected, { what: `text box to hold "${expected}"` });
  // Backspace is a key for ImGui, not for the textarea.
  await page.keyboard.press('Backspace');
  await waitFor(async () => (await diagnostics(page)).text === 'こんにちは Grüße 안녕하세', { what: 'Backspace in ImGui' });
  const { fonts } = await diagnostics(page);
  assert.ok(fonts.browserGlyphs >= 10, `CJK and Hangul glyphs rasterised by the browser: ${fonts.browserGlyphs}`);
  await page.waitForTimeout(100);
  await keepScreenshot(page, 'desktop-platform-ime');
  assert.deepEqual(realErrors(errors), []);
  await context.close();
});

test('keys aimed at an HTML overlay stay with it', async () => {
  const { context, page } = await openDesktop();
  await clickDiagnosticsTextBox(page);
  await page.keyboard.type('ab');
  await waitFor(async () => (await diagnostics(page)).text === 'ab', { what: 'typing into ImGui' });
  await page.evaluate(() => {
    const field = document.createElement('input');
    field.id = 'overlay-field';
    Object.assign(field.style, { position: 'fixed', right: '20px', bottom: '20px', zIndex: 20 });
    document.body.appendChild(field);
  });
  await page.click('#overlay-field');
  await page.keyboard.type('xyz');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Tab');
  assert.equal(await page.inputValue('#overlay-field'), 'xy', 'the overlay got its keys, Backspace included');
  await page.waitForTimeout(100);
  assert.equal((await diagnostics(page)).text, 'ab', 'ImGui got none of them');
  // The wheel over HTML is the page's (ImGui takes it on the canvas only).
  const wheelTakenOverHtml = await page.evaluate(() => {
    const wheel = new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true });
    document.getElementById('overlay-field').dispatchEvent(wheel);
    return wheel.defaultPrevented;
  });
  assert.equal(wheelTakenOverHtml, false);
  const wheelTakenOverCanvas = await page.evaluate(() => {
    const wheel = new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true });
    document.getElementById('canvas').dispatchEvent(wheel);
    return wheel.defaultPrevented;
  });
  assert.equal(wheelTakenOverCanvas, true);
  await context.close();
});

/** Pastes `text` with Ctrl+V into the diagnostics text box (cleared first) and returns what ImGui holds. */
async function pasteIntoImGui(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
  let held = '';
  await waitFor(async () => {
    held = (await diagnostics(page)).text;
    return held !== '';
  }, { what: 'pasted text in ImGui' });
  return held;
}

test('clipboard: paste into ImGui and copy out of it', async () => {
  const { context, page, errors } = await openDesktop();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });
  await clickDiagnosticsTextBox(page);
  const pasted = 'Straße 12, 東京 ✓';
  assert.equal(await pasteIntoImGui(page, pasted), pasted);

  await page.keyboard.type(' ok');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await waitFor(async () => (await page.evaluate(() => navigator.clipboard.readText())) === `${pasted} ok`,
    { what: 'ImGui copy in the system clipboard' });
  await keepScreenshot(page, 'desktop-platform-clipboard');
  assert.deepEqual(realErrors(errors), []);
  await context.close();
});

test('characters above U+FFFF (emoji) survive the way into ImGui', async () => {
  const { context, page } = await openDesktop();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });
  await clickDiagnosticsTextBox(page);
  const pasted = 'Unfall 🚗 hier 📍';
  assert.equal(await pasteIntoImGui(page, pasted), pasted,
    'ImGui turns code points above U+FFFF into U+FFFD unless agentdesk_imgui defines IMGUI_USE_WCHAR32');
  await page.waitForTimeout(100);
  await keepScreenshot(page, 'desktop-platform-emoji');
  await context.close();
});

test('WebSocket bridge: same-origin /ws under a path prefix, UTF-8 frames out, close code in', async () => {
  const received = [];
  onSocket = (socket, url) => socket.on('message', (data, isBinary) => {
    received.push({ text: data.toString('utf8'), isBinary, url });
    socket.close(4000, 'Wartung – maintenance');
  });
  try {
    const { context, page, errors } = await openDesktop();
    // The App's login form has the keyboard focus at start (its own SetKeyboardFocusHere).
    await waitFor(async () => (await diagnostics(page)).wantTextInput, { what: 'login form focused' });
    await page.keyboard.type('jürgen');
    await page.keyboard.press('Tab');
    await page.keyboard.type('geheim');
    await page.keyboard.press('Enter');
    await waitFor(() => received.length > 0, { what: 'first frame at the server' });
    assert.equal(received[0].url, '/ws', 'serverUrl "" = the page origin + /ws, whatever the page path');
    assert.equal(received[0].isBinary, false, 'text frame');
    const login = JSON.parse(received[0].text);
    assert.equal(login.type, 'agent.login');
    assert.equal(login.username, 'jürgen', 'UTF-8 intact through the bridge');
    let connection;
    await waitFor(async () => {
      connection = (await page.evaluate(() => window.agentdesk.snapshot())).connection;
      return connection.lastCloseCode === 4000;
    }, { what: 'close code 4000 delivered to the App' }).catch((error) => {
      throw new Error(`${error.message}; connection: ${JSON.stringify(connection)}`);
    });
    assert.deepEqual(realErrors(errors), []);
    await context.close();
  } finally {
    onSocket = null;
  }
});

test('services bridge: URL schemes, storage, title, tone after a gesture', async () => {
  const { context, page } = await openDesktop();
  const opened = await page.evaluate(() => {
    const calls = [];
    const originalOpen = window.open;
    window.open = (...args) => { calls.push(args); return null; };
    const clicked = [];
    const originalClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function click() { clicked.push(this.href); };
    const services = window.agentdeskBridges.services;
    services.openUrl('javascript:alert(1)');
    services.openUrl('data:text/html,hi');
    services.openUrl('https://example.com/map?q=1');
    services.openUrl('api/files/f3?token=x');
    services.openUrl('tel:+4915112345678');
    window.open = originalOpen;
    HTMLAnchorElement.prototype.click = originalClick;
    return { calls, clicked };
  });
  assert.deepEqual(opened.calls.map((c) => [c[0].replace(/^http:\/\/127\.0\.0\.1:\d+/, ''), c[1], c[2]]), [
    ['https://example.com/map?q=1', '_blank', 'noopener'],
    ['/any/prefix/api/files/f3?token=x', '_blank', 'noopener'],
  ], 'only http(s) opens tabs; relative URLs resolve against the page');
  assert.deepEqual(opened.clicked, ['tel:+4915112345678']);

  const stored = await page.evaluate(() => {
    const services = window.agentdeskBridges.services;
    services.storageSet('probe', 'wert ✓');
    const value = services.storageGet('probe');
    services.storageRemove('probe');
    return [value, services.storageGet('probe'), sessionStorage.getItem('probe')];
  });
  assert.deepEqual(stored, ['wert ✓', '', null]);
  assert.notEqual(await page.title(), '', 'the App set a title');

  // Audio is primed by the first gesture; the tone then schedules two oscillators.
  await page.mouse.click(900, 600);
  const oscillators = await page.evaluate(() => {
    let count = 0;
    const original = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function createOscillator() { count += 1; return original.call(this); };
    window.agentdeskBridges.services.playTone();
    AudioContext.prototype.createOscillator = original;
    return count;
  });
  assert.equal(oscillators, 2);
  await context.close();
});

test('glyph rasterizer: system fonts draw CJK, Hangul and colour emoji on demand', async () => {
  const { context, page } = await openDesktop();
  const glyphs = await page.evaluate(() => {
    const rasterize = (c) => {
      const g = window.agentdeskBridges.glyphs.rasterize(c, 16, "system-ui, 'Noto Sans CJK JP', sans-serif");
      if (!g) return null;
      const pixels = window.agentdeskBridges.glyphs.lastPixels();
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked += 1;
      return { ...g, inked, bytes: pixels.length };
    };
    return { kanji: rasterize(0x6771), hangul: rasterize(0xD55C), car: rasterize(0x1F697) };
  });
  for (const [name, g] of Object.entries(glyphs)) {
    assert.ok(g, `${name} drawn`);
    assert.equal(g.bytes, g.width * g.height * 4, `${name}: RGBA rows`);
    assert.ok(g.inked > 10 && g.advance > 8 && g.ascent > 5, `${name}: ink ${g.inked}, advance ${g.advance}`);
  }
  assert.equal(glyphs.kanji.colored, false, 'text glyphs are white coverage, tinted by ImGui');
  assert.equal(glyphs.car.colored, true, 'emoji keep their colours (needs a colour emoji font, e.g. fonts-noto-color-emoji)');
  await context.close();
});

// The browser-free parts (frame scheduler, config.json reader with every limit at its edges) as doctest compiled
// with Emscripten, run under Node. Built next to dist by the same build (target agentdesk-desktop-platform-tests).
test('platform unit tests (doctest, wasm under Node)', () => {
  const binary = process.env.AGENTDESK_DESKTOP_PLATFORM_TESTS ??
    path.join(paths.desktopDir, '..', 'tests/desktop_platform/agentdesk-desktop-platform-tests.cjs');
  const run = spawnSync(process.execPath, [binary, '--no-colors'], { encoding: 'utf8', timeout: 60000 });
  assert.equal(run.error, undefined, `could not run ${binary}: ${run.error?.message}`);
  assert.equal(run.status, 0, `${binary} failed:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /Status: SUCCESS!/);
});

test('config.json: bad values keep their defaults with a warning; a relative serverUrl resolves against the page', async () => {
  const urls = [];
  onSocket = (socket, url) => {
    urls.push(url);
    socket.close(1000, 'seen');
  };
  try {
    const config = JSON.stringify({ serverUrl: 'chat/ws', rendering: { framesPerWake: 0 }, ui: { fontSizePx: 'big' } });
    const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
    const page = await context.newPage();
    const warnings = [];
    page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: config }));
    await page.goto(baseUrl);
    await waitFor(() => page.evaluate(() => window.agentdesk?.ready === true), { timeoutMs: 30000, what: 'first frame' });
    assert.ok(warnings.some((w) => w.includes('rendering.framesPerWake: must be an integer in 1..60 (default kept)')), warnings.join('\n'));
    assert.ok(warnings.some((w) => w.includes('ui.fontSizePx: must be a number in 8..48 (default kept)')), warnings.join('\n'));
    assert.equal((await diagnostics(page)).fonts.pixelSize, 16, 'default font size kept');
    const beforeWake = await framesDrawn(page);
    await page.evaluate(() => window.agentdesk.wake());
    await waitFor(async () => (await framesDrawn(page)) >= beforeWake + 3, { what: 'the default 3 frames per wake' });

    await waitFor(async () => (await diagnostics(page)).wantTextInput, { what: 'login form focused' });
    await page.keyboard.type('anna');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-anna');
    await page.keyboard.press('Enter');
    await waitFor(() => urls.length > 0, { what: 'a socket to the configured URL' });
    assert.equal(urls[0], `${PREFIX}chat/ws`);
    await context.close();
  } finally {
    onSocket = null;
  }
});

test('a UI shader the browser refuses: the compiler\'s reason instead of a blank page', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    // As a browser whose GLSL compiler refuses the program would answer.
    const getProgramParameter = WebGL2RenderingContext.prototype.getProgramParameter;
    WebGL2RenderingContext.prototype.getProgramParameter = function refusing(program, name) {
      return name === this.LINK_STATUS ? false : getProgramParameter.call(this, program, name);
    };
    WebGL2RenderingContext.prototype.getProgramInfoLog = () => 'ERROR: 0:1: test refusal';
  });
  await page.goto(baseUrl);
  await waitFor(() => page.evaluate(() => !document.getElementById('fatal').hidden), { timeoutMs: 30000, what: 'the error box' });
  assert.match(await page.textContent('#fatal'), /UI shader did not link: .*test refusal/);
  await context.close();
});

test('no WebGL2: a readable message instead of a blank page', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function withoutWebGL2(type, ...rest) {
      return type === 'webgl2' ? null : getContext.call(this, type, ...rest);
    };
  });
  await page.goto(baseUrl);
  await waitFor(() => page.evaluate(() => !document.getElementById('fatal').hidden), { timeoutMs: 30000, what: 'the error box' });
  assert.match(await page.textContent('#fatal'), /WebGL2/);
  assert.equal(await page.evaluate(() => window.agentdesk.ready), false);
  await keepScreenshot(page, 'desktop-platform-no-webgl2');
  await context.close();
});
