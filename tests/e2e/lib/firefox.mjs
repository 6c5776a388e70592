// Firefox for the browser end-to-end tests: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi,
// in a real (non-headless) window on a private Xvfb display, because headless Firefox gets no WebGL context on
// machines without a GPU while Xvfb + Mesa (llvmpipe) gives it WebGL2. Every wait is bounded.
//
// The widget-driving helpers of desktop.mjs (login, clickWidget, typeInto, acceptOffer, waitForSnapshot, …) only
// use page.evaluate, page.mouse.click, page.keyboard.type/press, which puppeteer's Page has with the same
// meaning, so they drive Firefox unchanged; this file adds what differs: starting Xvfb and Firefox, opening the
// desktop, typing text that is not on a keyboard, an IME composition, and a check that WebGL really drew.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { waitFor, paths } from './harness.mjs';

export const FIREFOX = '/usr/bin/firefox-esr';
export const FIREFOX_VIEWPORT = { width: 1440, height: 900 };

/**
 * Starts Xvfb on a free display (it picks one and tells us through -displayfd). Returns {display, stop()}.
 */
export async function startXvfb({ width = FIREFOX_VIEWPORT.width + 100, height = FIREFOX_VIEWPORT.height + 200, timeoutMs = 15000 } = {}) {
  if (!existsSync('/usr/bin/Xvfb')) throw new Error('/usr/bin/Xvfb is missing: run scripts/setup.sh (Debian xvfb)');
  const child = spawn('/usr/bin/Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; if (stderr.length > 1e5) stderr = stderr.slice(-5e4); });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdio[3].on('data', (chunk) => {
      out += chunk;
      const match = /^(\d+)\s*$/m.exec(out);
      if (match) { clearTimeout(timer); resolve(`:${match[1]}`); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited with ${code}: ${stderr}`)); });
  });
  return {
    display,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) { child.kill('SIGKILL'); await exited; }
    },
  };
}

/** Launches firefox-esr (WebDriver BiDi) on `display`. */
export async function launchFirefox(display, { timeoutMs = 60000 } = {}) {
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} is missing: run scripts/setup.sh (Debian firefox-esr)`);
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: false,  // headless Firefox has no WebGL here; the window lives on the Xvfb display
    env: { ...process.env, DISPLAY: display, MOZ_CRASHREPORTER_DISABLE: '1' },
    timeout: timeoutMs,
    protocolTimeout: timeoutMs,
    extraPrefsFirefox: {
      // Software WebGL on Mesa llvmpipe must not be refused as an unknown or blocklisted driver.
      'webgl.force-enabled': true,
      'gfx.blocklist.all': -1,
      // No first-run pages, updates or telemetry traffic (the tests reach only loopback).
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.reportingpolicy.firstRun': false,
    },
  });
}

/** Console errors and page errors of a puppeteer page, so a test can fail on them. */
export function collectFirefoxErrors(page, label) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`${label} pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`${label} console: ${message.text()}`); });
  return errors;
}

/** Opens the desktop (?automation=1) in a new tab and waits for its first frame. Returns {page, errors}. */
export async function openDesktopFirefox(browser, baseUrl, { viewport = FIREFOX_VIEWPORT, timeoutMs = 60000 } = {}) {
  const page = await browser.newPage();
  // desktop.mjs enters committed text with Playwright's keyboard.insertText (one input event, like an IME commit);
  // puppeteer's equivalent is keyboard.sendCharacter.
  if (!page.keyboard.insertText) page.keyboard.insertText = (text) => page.keyboard.sendCharacter(text);
  const errors = collectFirefoxErrors(page, 'firefox desktop');
  await page.setViewport(viewport);
  await page.goto(new URL('/?automation=1', baseUrl).href, { waitUntil: 'load', timeout: timeoutMs });
  await waitFor(() => page.evaluate(() => window.agentdesk?.ready === true), { timeoutMs, what: 'the desktop\'s first frame in Firefox' });
  return { page, errors };
}

/**
 * What the desktop's WebGL context is and whether its last frame has ink: reads the drawing buffer right after a
 * frame is drawn (inside the frame callback, before the browser composites and clears it) and counts distinct
 * colours on a grid of samples. Returns {webgl2, renderer, colours, samples}.
 */
export function inspectCanvas(page, { timeoutMs = 10000 } = {}) {
  return page.evaluate((limit) => new Promise((resolve, reject) => {
    const canvas = document.getElementById('canvas');
    const gl = canvas.getContext('webgl2');  // the context the desktop made, if it is WebGL2; null otherwise
    if (!gl) { resolve({ webgl2: false }); return; }
    const timer = setTimeout(() => { stop(); reject(new Error('no frame drawn')); }, limit);
    const stop = window.agentdesk.onFrameDrawn(({ rendered }) => {
      if (!rendered) return;  // nothing was drawn into the buffer: it holds what the browser cleared
      clearTimeout(timer);
      stop();
      const w = gl.drawingBufferWidth;
      const h = gl.drawingBufferHeight;
      const pixels = new Uint8Array(w * h * 4);
      gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
      const colours = new Set();
      let samples = 0;
      for (let y = 0; y < h; y += 3) {
        for (let x = 0; x < w; x += 3) {
          const i = (y * w + x) * 4;
          colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
          samples++;
        }
      }
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      resolve({ webgl2: gl instanceof WebGL2RenderingContext, renderer: gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER),
                colours: colours.size, samples, width: w, height: h });
    });
    window.agentdesk.repaint();
  }), timeoutMs);
}

/** Keeps a screenshot under test-artifacts/firefox-<name>.png. */
export async function keepFirefoxScreenshot(page, name) {
  mkdirSync(paths.artifacts, { recursive: true });
  const file = path.join(paths.artifacts, `firefox-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Delivers `text` the way an input method does: compositionstart, a composition update per character with the
 * textarea showing the pending text (input events marked isComposing), then compositionend with the final text.
 * WebDriver BiDi has no IME; this replays the DOM event sequence Firefox fires for one (the events are
 * synthetic, so this checks the desktop's handling of that sequence, not Firefox's IME itself).
 */
export function composeText(page, text) {
  return page.evaluate((value) => {
    const textarea = document.activeElement;
    if (!textarea || textarea.id !== 'agentdesk-ime') throw new Error(`the IME textarea has no focus (${textarea?.id})`);
    textarea.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
    let pending = '';
    for (const ch of value) {
      pending += ch;
      textarea.value = pending;
      textarea.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, data: pending }));
      textarea.dispatchEvent(new InputEvent('input', { bubbles: true, data: pending, inputType: 'insertCompositionText', isComposing: true }));
    }
    textarea.value = value;
    textarea.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: value }));
    textarea.dispatchEvent(new InputEvent('input', { bubbles: true, data: value, inputType: 'insertCompositionText', isComposing: false }));
  }, text);
}
