// The customer app served by the real server (GET /customer/) in headless Chromium (360×640), with a raw
// WebSocket playing the agent: start, offer and join, texts both ways with read marks, a photo upload through
// XMLHttpRequest, a call request answered, a reload. Skips, saying so, when the server binary or Chromium is absent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startRealServer, serverMissing, AgentProbe, ROOT, WAIT_MS } from './real-server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const skip = serverMissing || (existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}`);
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

let server;
let browser;
let page;
let agent;
const pageErrors = [];

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startRealServer();
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'de-DE' });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  agent = await new AgentProbe(server.wsUrl).connect();
  await agent.loginReady();
});

after(async () => {
  agent?.close();
  await browser?.close();
  await server?.stop();
});

test('the app served by the real server: a chat with an agent, photo, call request, reload', { skip, timeout: 120000 }, async () => {
  await page.goto(`${server.httpUrl}/customer/`);
  await page.waitForSelector('#start-view:not([hidden])');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  await page.fill('#name', 'Max Mustermann');
  await page.fill('#phone', '+49 (151) 1234 5678');
  await page.fill('#ctx-Policy', 'KFZ-2231-77');
  await page.click('#start-button');
  await page.waitForSelector('#chat-view:not([hidden])');

  const offer = await agent.next((f) => f.type === 'offer', 'offer');
  assert.equal(offer.chat.customer.phone, '+4915112345678');
  assert.equal(offer.chat.context.Policy, 'KFZ-2231-77');
  const chatId = offer.chat.chatId;
  await agent.request({ type: 'offer.accept', offerId: offer.offerId });
  await page.waitForFunction(() => /Anna Berger ist dem Chat beigetreten/.test(document.getElementById('messages').textContent));

  await page.fill('#message', 'Ich hatte einen Unfall auf der A100.');
  await page.press('#message', 'Enter');
  await agent.next((f) => f.type === 'event' && f.event.body?.text === 'Ich hatte einen Unfall auf der A100.', 'agent gets the text');
  const reply = await agent.request({ type: 'chat.send', chatId, clientId: 'a-1', kind: 'text', body: { text: 'Sind Sie verletzt?' } });
  await page.waitForFunction(() => /Sind Sie verletzt\?/.test(document.getElementById('messages').textContent));
  await agent.next((f) => f.type === 'receipt' && f.role === 'customer' && f.read >= reply.seq, 'the page marks it read');
  const own = agent.events(chatId).find((e) => e.author.role === 'customer' && e.kind === 'text');
  await agent.request({ type: 'chat.mark', chatId, delivered: own.seq, read: own.seq });
  await page.waitForFunction(() => /Gelesen/.test(document.querySelector('#messages .msg.mine .mark').textContent));

  // A real photo (a screenshot) through the file input: XMLHttpRequest upload, then shown from the token URL.
  const png = await page.screenshot({ clip: { x: 0, y: 0, width: 60, height: 60 } });
  await page.setInputFiles('#photo', { name: 'schaden.png', mimeType: 'image/png', buffer: png });
  await agent.next((f) => f.type === 'event' && f.event.kind === 'file', 'file event');
  await page.waitForFunction(() => [...document.querySelectorAll('#messages img.photo')].some((i) => i.complete && i.naturalWidth > 0));

  await agent.request({ type: 'chat.send', chatId, clientId: 'a-2', kind: 'call', body: { action: 'requested', mode: 'phone', number: '+4915112345678' } });
  await page.click('#messages .card button:has-text("Annehmen")');
  await agent.next((f) => f.type === 'event' && f.event.kind === 'call' && f.event.body.action === 'accepted', 'call accepted');
  await page.screenshot({ path: path.join(ARTIFACTS, 'customer-vs-server-chat.png') });

  const before = await page.$$eval('#messages > li', (lis) => lis.map((li) => li.textContent));
  await page.reload();
  await page.waitForSelector('#chat-view:not([hidden])');
  await page.waitForFunction((n) => document.querySelectorAll('#messages > li').length >= n, before.length);
  assert.deepEqual(await page.$$eval('#messages > li', (lis) => lis.map((li) => li.textContent)), before);
  assert.deepEqual(agent.events(chatId).map((e) => e.seq), agent.events(chatId).map((_, i) => i + 1));
  assert.deepEqual(pageErrors, []);
});
