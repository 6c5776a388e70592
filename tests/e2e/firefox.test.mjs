// The agent desktop in Firefox (Debian firefox-esr over WebDriver BiDi, puppeteer-core), in a window on a private
// Xvfb display with Mesa's software WebGL: it loads, draws with WebGL2, logs in, accepts a chat from a customer
// (the JS client library in Node), exchanges messages both ways, takes typed non-ASCII text and an IME
// composition, and keeps the session across a reload. Driven through the desktop's widgets like the Chromium
// tests (tests/e2e/lib/desktop.mjs works on puppeteer pages too). Screenshots: test-artifacts/firefox-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startServer, waitFor } from './lib/harness.mjs';
import {
  login, setReady, acceptOffer, waitForSnapshot, snapshot, typeInto, clickWidget, waitForWidget,
} from './lib/desktop.mjs';
import {
  startXvfb, launchFirefox, openDesktopFirefox, inspectCanvas, keepFirefoxScreenshot, composeText,
} from './lib/firefox.mjs';
import { CustomerChatClient, createMemoryStorage } from '../../web/customer/agentdesk-client.js';

const STEP_MS = 30000;  // Firefox on llvmpipe under a shared 2-core machine: generous but bounded
const GERMAN = 'Grüße aus München: Straße gesperrt, Öl läuft aus';
const COMPOSED = 'こんにちは、事故の件です';
const NOISE = /WebSocket|NetworkError|can’t establish a connection|can't establish a connection/;

let server;
let xvfb;
let browser;
let customer;

before(async () => {
  server = await startServer();
  xvfb = await startXvfb();
  browser = await launchFirefox(xvfb.display);
});

after(async () => {
  customer?.close?.();
  await browser?.close().catch(() => {});
  await xvfb?.stop();
  await server?.stop();
  server?.removeData();
});

/** The customer's texts from the agent, as the client library applied them. */
function agentTexts(client) {
  return client.events.filter((e) => e.kind === 'text' && e.author.role === 'agent').map((e) => e.body.text);
}

/** Types into the composer and sends with Enter; waits until the customer got exactly `expected`. */
async function sendAndExpect(page, expected, typeBody) {
  await clickWidget(page, '##composer', { timeoutMs: STEP_MS });
  await waitFor(() => page.evaluate(() => document.activeElement?.id === 'agentdesk-ime'), { timeoutMs: STEP_MS, what: 'text focus in the composer' });
  await typeBody();
  await page.keyboard.press('Enter');
  await waitFor(() => agentTexts(customer).includes(expected), { timeoutMs: STEP_MS, what: `the customer receiving ${JSON.stringify(expected)}` });
}

test('the desktop in Firefox: WebGL2, login, a chat both ways, non-ASCII and IME text, reload keeps the session', { timeout: 240000 }, async () => {
  const { page, errors } = await openDesktopFirefox(browser, server.baseUrl);
  const userAgent = await page.evaluate(() => navigator.userAgent);
  assert.match(userAgent, /Firefox\/\d+/, 'this is Firefox');

  const canvas = await inspectCanvas(page);
  assert.equal(canvas.webgl2, true, 'the desktop draws through a WebGL2 context');
  assert.ok(canvas.colours >= 4, `the login screen has ink (${canvas.colours} colours in ${canvas.samples} samples)`);
  await keepFirefoxScreenshot(page, 'login');

  const session = await login(page, 'anna', 'demo-anna', { timeoutMs: STEP_MS });
  assert.equal(session.session.displayName.length > 0, true);
  await setReady(page, { timeoutMs: STEP_MS });

  customer = new CustomerChatClient({ url: server.wsUrl, WebSocket, storage: createMemoryStorage() });
  await customer.start({ name: 'Fiona Firefox', phone: '+4917012345678', capabilities: ['phone', 'location'] });
  await customer.sendText('Hello from the roadside, my car broke down.');
  const { chat } = await acceptOffer(page, { timeoutMs: STEP_MS, customerName: 'Fiona Firefox' });
  const selected = await waitForSnapshot(page, (s) => s.selectedChatId === chat.chatId ||
    s.chats.some((c) => c.chatId === chat.chatId && c.events.some((e) => e.text.includes('roadside'))), { timeoutMs: STEP_MS, what: 'the accepted chat' });
  if (selected.selectedChatId !== chat.chatId) await clickWidget(page, (w) => w.label === `##chat-${chat.chatId}`, { timeoutMs: STEP_MS });
  await waitForSnapshot(page, (s) => s.selectedChatId === chat.chatId, { timeoutMs: STEP_MS, what: 'the chat selected' });

  // Agent → customer: typed ASCII, typed non-ASCII (key events Firefox makes for each character), an IME composition.
  await sendAndExpect(page, 'Hello Fiona, I am on it.', () => page.keyboard.type('Hello Fiona, I am on it.'));
  await sendAndExpect(page, GERMAN, () => page.keyboard.type(GERMAN));
  await sendAndExpect(page, `Ort: ${COMPOSED}`, async () => {
    await page.keyboard.type('Ort: ');
    await composeText(page, COMPOSED);
  });

  // Customer → agent, non-ASCII both ways.
  await customer.sendText('Danke! Ich warte an der Ausfahrt 23 – 日本語もOK');
  const received = await waitForSnapshot(page, (s) => s.chats.some((c) => c.chatId === chat.chatId &&
    c.events.some((e) => e.text === 'Danke! Ich warte an der Ausfahrt 23 – 日本語もOK')), { timeoutMs: STEP_MS, what: 'the customer\'s reply in the desktop' });
  const texts = received.chats.find((c) => c.chatId === chat.chatId).events.filter((e) => e.kind === 'text').map((e) => e.text);
  assert.deepEqual(texts, ['Hello from the roadside, my car broke down.', 'Hello Fiona, I am on it.', GERMAN, `Ort: ${COMPOSED}`,
    'Danke! Ich warte an der Ausfahrt 23 – 日本語もOK']);
  await page.evaluate(() => window.agentdesk.wake());
  await keepFirefoxScreenshot(page, 'chat');

  // Reload: the stored session resumes, the chat and its history come back without a new login.
  await page.reload({ waitUntil: 'load', timeout: STEP_MS });
  await waitFor(() => page.evaluate(() => window.agentdesk?.ready === true), { timeoutMs: STEP_MS, what: 'first frame after reload' });
  const resumed = await waitForSnapshot(page, (s) => s.session?.username === 'anna' && s.connection.phase === 'connected' &&
    s.chats.some((c) => c.chatId === chat.chatId && c.status === 'active' && c.events.length >= 5), { timeoutMs: STEP_MS, what: 'the session resumed after reload' });
  assert.equal(resumed.login.inFlight, false);
  const afterReload = await inspectCanvas(page);
  assert.ok(afterReload.colours >= 4, `the resumed desktop has ink (${afterReload.colours} colours)`);
  await clickWidget(page, (w) => w.label === `##chat-${chat.chatId}`, { timeoutMs: STEP_MS });
  await waitForWidget(page, '##composer', { timeoutMs: STEP_MS });
  await keepFirefoxScreenshot(page, 'reloaded');

  // The resumed desktop still sends.
  await sendAndExpect(page, 'Back after a reload.', () => page.keyboard.type('Back after a reload.'));

  const unexpected = errors.filter((e) => !NOISE.test(e));
  assert.deepEqual(unexpected, [], 'no page errors in Firefox');
});
