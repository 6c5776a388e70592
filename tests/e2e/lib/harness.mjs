// Shared pieces of the browser end-to-end tests: the real chat server on an ephemeral loopback port with a
// temporary data folder, headless Chromium through playwright-core, screenshots kept as artifacts, and polling
// with a deadline (every wait is bounded).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const paths = {
  server: process.env.AGENTDESK_SERVER ?? path.join(repoRoot, 'build/native/src/server/agentdesk-server'),
  simulator: process.env.AGENTDESK_SIMULATOR ?? path.join(repoRoot, 'build/native/src/simulator/agentdesk-sim'),
  desktopDir: process.env.AGENTDESK_DESKTOP_DIR ?? path.join(repoRoot, 'build/web/dist'),
  customerDir: process.env.AGENTDESK_CUSTOMER_DIR ?? path.join(repoRoot, 'web/customer'),
  artifacts: path.join(repoRoot, 'test-artifacts'),
};

/** Resolves when `probe()` returns a truthy value; rejects with `what` after `timeoutMs`. */
export async function waitFor(probe, { timeoutMs = 10000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` + (last instanceof Error ? `: ${last.message}` : ''));
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Starts the real chat server on 127.0.0.1 with an ephemeral port. `dataDir` may be reused across restarts (the
 * crash/restart tests pass the previous server's). `port` (default 0 = ephemeral) restarts a crashed server on
 * the port its clients know, so they reconnect to it by themselves. The server prints
 * `listening on http://127.0.0.1:PORT` first.
 */
export async function startServer({ dataDir, port: wantedPort = 0, args = [], timeoutMs = 15000 } = {}) {
  const data = dataDir ?? mkdtempSync(path.join(tmpdir(), 'agentdesk-e2e-'));
  const child = spawn(paths.server, [
    'serve', '--data', data, '--bind', '127.0.0.1', '--port', String(wantedPort),
    '--desktop-dir', paths.desktopDir, '--customer-dir', paths.customerDir, '--demo', ...args,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; if (stderr.length > 1e6) stderr = stderr.slice(-5e5); });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${stdout}\n${stderr}`)); });
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    port,
    dataDir: data,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    output: () => ({ stdout, stderr }),
    /** kill -9: no chance to flush, as in a crash. */
    async crash() { child.kill('SIGKILL'); await exited; },
    async stop() { if (child.exitCode === null) { child.kill('SIGTERM'); await exited; } },
    removeData() { rmSync(data, { recursive: true, force: true }); },
  };
}

const chromiumArgs = [
  '--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
];

/** `args`: extra Chromium switches for one test file (e.g. '--autoplay-policy=no-user-gesture-required'). */
export async function launchChromium({ args = [] } = {}) {
  if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: run scripts/setup.sh');
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...chromiumArgs, ...args], headless: true });
}

/** Keeps a screenshot under test-artifacts/ (CI keeps the folder). */
export async function keepScreenshot(page, name) {
  mkdirSync(paths.artifacts, { recursive: true });
  const file = path.join(paths.artifacts, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Console errors and page errors of a page, so a test can fail on them and print them. */
export function collectPageErrors(page, label) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`${label} pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`${label} console: ${message.text()}`); });
  return errors;
}
