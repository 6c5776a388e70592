// The customer app in headless Chromium (mobile emulation, 360×640) against the fake server: the whole customer
// journey, a dropped network, a reload, both languages, capabilities switched off. Screenshots go to
// test-artifacts/customer-*.png. Skips (with a message) only when Chromium is absent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeChatServer } from './fake-server.mjs';
import { waitFor as waitForBounded } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}`;
const STEP_MS = 10000; // every wait in the browser is bounded by this (generous: the machine is shared)
const waitFor = (predicate, what, ms = STEP_MS) => waitForBounded(predicate, what, ms);

let server;
let browser;
let context;
let page;
const pageErrors = [];

async function shot(name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `customer-${name}.png`) });
}

async function newMobilePage(ctx) {
  const p = await ctx.newPage();
  p.setDefaultTimeout(STEP_MS);
  p.on('pageerror', (err) => pageErrors.push(String(err)));
  // The browser's own network logs (a refused resource, a socket that cannot connect while offline) are expected.
  const browserNetworkLog = /Failed to load resource|WebSocket connection to .* failed/;
  p.on('console', (msg) => msg.type() === 'error' && !browserNetworkLog.test(msg.text()) && pageErrors.push(msg.text()));
  return p;
}

async function newMobileContext(extra = {}) {
  return browser.newContext({
    viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: 'en-US', acceptDownloads: true, ...extra,
  });
}

const chatId = () => server.onlyChat().chatId;
const serverTexts = () => server.eventsOf(chatId(), 'text').filter((e) => e.author.role === 'customer').map((e) => e.body.text);

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  server = await new FakeChatServer({ staticDir: path.join(ROOT, 'web/customer') }).listen();
  context = await newMobileContext({ geolocation: { latitude: 52.5163, longitude: 13.3777, accuracy: 12 }, permissions: ['geolocation'] });
  page = await newMobilePage(context);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('start form: labels, validation messages, then a chat in the queue', { skip, timeout: 120000 }, async () => {
  await page.goto(`${server.httpUrl}/customer/?lang=en`);
  await page.waitForSelector('#start-view:not([hidden])');
  // Every form control has an accessible name.
  const unlabeled = await page.$$eval('input, textarea', (els) => els.filter((e) => e.type !== 'file' && e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.id));
  assert.deepEqual(unlabeled, []);
  assert.equal(await page.getAttribute('#messages', 'role'), 'log');
  assert.equal(await page.getAttribute('#messages', 'aria-live'), 'polite');
  await shot('01-start');

  await page.click('#start-button');
  assert.equal(await page.isVisible('#name-error'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name');
  await page.fill('#name', 'Max Mustermann');
  await page.fill('#phone', '030 1234');
  await page.click('#start-button');
  assert.match(await page.textContent('#phone-error'), /country code/);
  assert.equal(await page.getAttribute('#phone', 'aria-invalid'), 'true');
  await shot('02-validation');

  await page.fill('#phone', '0049 151 1234-5678');
  await page.fill('#ctx-Policy', 'KFZ-2231-77');
  await page.fill('#ctx-Vehicle', 'VW Golf, B-XY 123');
  await page.click('#start-button');
  await page.waitForSelector('#chat-view:not([hidden])');
  const chat = server.onlyChat();
  assert.equal(chat.customer.phone, '+4915112345678');
  assert.deepEqual(chat.context, { Policy: 'KFZ-2231-77', Vehicle: 'VW Golf, B-XY 123' });
  assert.deepEqual(chat.customer.capabilities, ['phone', 'location', 'files', 'webrtc']);
  await waitFor(() => server.received.some((r) => r.frame.type === 'chat.sync'), 'sync');
  server.setQueuePosition(chatId(), 3);
  await page.waitForFunction(() => /number 3/.test(document.getElementById('queue-banner').textContent));
  await shot('03-queue');
});

test('conversation: agent joins and types, texts both ways, read marks, unsafe text stays text', { skip, timeout: 120000 }, async () => {
  server.agentJoin(chatId());
  await page.waitForSelector('#queue-banner', { state: 'hidden' });
  server.agentTyping(chatId(), true);
  await page.waitForFunction(() => /Anna Berger is typing/.test(document.getElementById('typing').textContent));
  server.agentSend(chatId(), 'text', { text: 'Hello Max, I am Anna. Is anyone hurt?' });
  await page.waitForFunction(() => document.getElementById('typing').textContent === '');
  await page.fill('#message', 'No, but the car is damaged. <img src=x onerror="window.pwned=1">');
  await waitFor(() => server.onlyChat().customerTyping === true, 'customer typing relayed');
  await page.press('#message', 'Enter');
  await waitFor(() => serverTexts().length === 1, 'text committed');
  assert.equal(await page.inputValue('#message'), '');
  server.agentSend(chatId(), 'text', { text: '<b>Bold?</b> & "quotes"' });
  await page.waitForFunction(() => document.querySelectorAll('#messages .msg').length === 3);
  assert.equal(await page.evaluate(() => document.querySelector('#messages img[src="x"]')), null);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.evaluate(() => document.querySelector('#messages b')), null);
  // Delivered/read receipts from the page (visible), then the agent's marks shown on our message.
  await waitFor(() => server.onlyChat().receipts.customer.read === 4, 'customer read mark');
  server.agentMarks(chatId(), 3, 3);
  await page.waitForFunction(() => /Read/.test(document.querySelector('#messages .msg.mine .mark').textContent));
  await shot('04-chat');
});

test('location: consent dialog, share once with GPS; the agent request answered live', { skip, timeout: 120000 }, async () => {
  await page.click('#share-location');
  await page.waitForSelector('#location-dialog[open]');
  await shot('05-location-consent');
  await page.click('#location-dialog button[value="once"]');
  await waitFor(() => server.eventsOf(chatId(), 'location').length === 1, 'location sent');
  const loc = server.eventsOf(chatId(), 'location')[0].body;
  assert.deepEqual(loc, { lat: 52.5163, lon: 13.3777, accuracy: 12 });

  server.agentSend(chatId(), 'location_request', {});
  await page.waitForSelector('#messages .card button:has-text("Share live")');
  await page.click('#messages .card button:has-text("Share live")');
  await waitFor(() => server.eventsOf(chatId(), 'location').length === 2, 'live location');
  await page.waitForSelector('#stop-location:not([hidden])');
  assert.match(await page.textContent('#location-status'), /live/);
  assert.match(await page.textContent('#messages'), /Location request answered/);
  await shot('06-location-live');
  await page.click('#stop-location');
  await page.waitForSelector('#share-location:not([hidden])');
});

test('call request: Accept sends the answer as a call event', { skip, timeout: 120000 }, async () => {
  server.agentSend(chatId(), 'call', { action: 'requested', mode: 'phone', number: '+4915112345678' });
  await page.waitForSelector('#messages .card:has-text("+4915112345678") button:has-text("Accept")');
  await shot('07-call-request');
  // Tapped in the page: both buttons lock at once, so a second tap while the answer is on its way sends nothing.
  const locked = await page.evaluate(() => {
    const buttons = [...document.querySelectorAll('#messages .card .buttons button')];
    buttons.find((b) => b.textContent === 'Accept').click();
    buttons.find((b) => b.textContent === 'Decline').click();
    return buttons.map((b) => b.disabled);
  });
  assert.deepEqual(locked, [true, true]);
  await waitFor(() => server.eventsOf(chatId(), 'call').some((e) => e.body.action === 'accepted'), 'accepted');
  const answer = server.eventsOf(chatId(), 'call').find((e) => e.body.action === 'accepted');
  assert.equal(answer.author.role, 'customer');
  assert.equal(answer.body.mode, 'phone');
  // The card is answered once the committed event arrives (the pending outbox line shows the same words earlier).
  await page.waitForSelector('#messages .card button:has-text("Accept")', { state: 'detached' });
  assert.match(await page.textContent('#messages .card:has-text("+4915112345678")'), /You accepted the call/);
  assert.deepEqual(server.eventsOf(chatId(), 'call').filter((e) => e.author.role === 'customer').map((e) => e.body.action), ['accepted']);
});

test('photos: upload with the file picker, the agent photo shown via the token URL', { skip, timeout: 120000 }, async () => {
  const png = await page.screenshot({ clip: { x: 0, y: 0, width: 40, height: 40 } });
  await page.setInputFiles('#photo', { name: 'damage.png', mimeType: 'image/png', buffer: png });
  await waitFor(() => server.eventsOf(chatId(), 'file').length === 1, 'file event');
  server.agentFile(chatId(), 'claim-form.png', png);
  await page.waitForFunction(() => [...document.querySelectorAll('#messages img.photo')].filter((i) => i.complete && i.naturalWidth > 0).length === 2);
  assert.equal(await page.$$eval('#messages img.photo', (imgs) => imgs.map((i) => i.alt).join('|')), 'Photo damage.png|Photo claim-form.png');
  // A refused type shows the server's reason and offers no retry.
  await page.setInputFiles('#photo', { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('plain text') });
  await page.waitForSelector('.upload.failed');
  assert.equal(await page.$('.upload.failed button:has-text("Retry")'), null);
  await shot('08-photos');
  await page.click('.upload.failed button:has-text("Dismiss")');
});

test('network drop and reload: same chat, nothing lost, nothing twice', { skip, timeout: 120000 }, async () => {
  await context.setOffline(true);
  server.dropSockets(chatId());
  await page.waitForFunction(() => /Connection lost/.test(document.getElementById('conn-status').textContent));
  await page.fill('#message', 'Sent while offline');
  await page.press('#message', 'Enter');
  await page.waitForSelector('#messages .msg.pending');
  await shot('09-offline');
  await context.setOffline(false);
  await waitFor(() => serverTexts().includes('Sent while offline'), 'resent after reconnect', 15000);
  await page.waitForSelector('#messages .msg.pending', { state: 'detached' });
  const before = await page.$$eval('#messages > li', (lis) => lis.map((li) => li.textContent));

  await page.reload();
  await page.waitForSelector('#chat-view:not([hidden])');
  await page.waitForFunction((n) => document.querySelectorAll('#messages > li').length >= n, before.length);
  const afterReload = await page.$$eval('#messages > li', (lis) => lis.map((li) => li.textContent));
  assert.equal(afterReload.length, before.length);
  assert.deepEqual(serverTexts().filter((x) => x === 'Sent while offline'), ['Sent while offline']);
  assert.equal(server.chats.size, 1);
  assert.equal(await page.evaluate(() => globalThis.agentdeskApp.client.lastSeq), server.eventsOf(chatId()).length);
});

test('German, transcript download, end chat', { skip, timeout: 120000 }, async () => {
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  assert.equal(await page.textContent('#send-button'), 'Senden');
  assert.match(await page.textContent('#messages'), /Anna Berger ist dem Chat beigetreten/);
  await shot('10-german');
  await page.click('#lang-switch');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#transcript')]);
  const text = readFileSync(await download.path(), 'utf8');
  assert.match(download.suggestedFilename(), /^chat-c1\.txt$/);
  assert.match(text, /Hello Max, I am Anna/);
  assert.match(text, /Sent while offline/);
  assert.equal(text.split('Sent while offline').length, 2);

  await page.click('#end-chat');
  await page.click('#confirm-dialog button[value="yes"]');
  await page.waitForSelector('#ended-actions:not([hidden])');
  assert.equal(server.onlyChat().status, 'ended');
  assert.equal(await page.isVisible('#composer'), false);
  await shot('11-ended');
});

test('capabilities off by query: no phone, no location, no photos; demo route when GPS is off', { skip, timeout: 120000 }, async () => {
  const ctx = await newMobileContext({ locale: 'de-DE' });
  const p = await newMobilePage(ctx);
  await p.goto(`${server.httpUrl}/customer/?caps=location&demoLocation=1`);
  await p.waitForSelector('#start-view:not([hidden])');
  assert.equal(await p.evaluate(() => document.documentElement.lang), 'de');
  assert.equal(await p.isVisible('#phone-field'), false);
  await p.fill('#name', 'Erika Musterfrau');
  await p.click('#start-button');
  await p.waitForSelector('#chat-view:not([hidden])');
  assert.equal(await p.isVisible('#photo-action'), false);
  assert.equal(await p.isVisible('#share-location'), true);
  const chat = [...server.chats.values()].at(-1);
  assert.deepEqual(chat.customer.capabilities, ['location']);
  assert.equal(chat.customer.phone, null);
  await p.click('#share-location');
  await p.click('#location-dialog button[value="live"]');
  await waitFor(() => chat.events.filter((e) => e.kind === 'location').length >= 2, 'demo route replay', 8000);
  assert.match(await p.textContent('#location-status'), /Demo-Route/);
  const first = chat.events.find((e) => e.kind === 'location').body;
  assert.ok(first.lat > 52.4 && first.lat < 52.6 && first.lon > 13.2 && first.lon < 13.5, 'Berlin');
  await p.click('#stop-location');
  // Without the webrtc capability a voice call request can only be declined, and the page says why.
  chat.status = 'active';
  chat.agent = { id: 'a1', displayName: 'Ben Koch' };
  server.agentSend(chat.chatId, 'call', { action: 'requested', mode: 'webrtc' });
  await p.waitForSelector('#messages .card:has-text("Sprachanrufe sind in dieser App nicht verfügbar")');
  assert.equal(await p.$('#messages .card button:has-text("Annehmen")'), null);
  await p.click('#messages .card button:has-text("Ablehnen")');
  await waitFor(() => chat.events.some((e) => e.kind === 'call' && e.body.action === 'declined' && e.body.mode === 'webrtc'), 'declined');
  page = p;
  await shot('12-caps-location-demo');

  await ctx.close();

  // A fresh phone (no stored chat): every optional feature off.
  const bare = await newMobileContext();
  const none = await newMobilePage(bare);
  await none.goto(`${server.httpUrl}/customer/?caps=none&lang=en`);
  await none.waitForSelector('#start-view:not([hidden])');
  assert.equal(await none.isVisible('#phone-field'), false);
  await none.fill('#name', 'Nobody');
  await none.click('#start-button');
  await none.waitForSelector('#chat-view:not([hidden])');
  assert.equal(await none.isVisible('#share-location'), false);
  assert.equal(await none.isVisible('#photo-action'), false);
  assert.equal(await none.isVisible('#transcript'), true);
  assert.deepEqual([...server.chats.values()].at(-1).customer.capabilities, []);
  page = none;
  await shot('13-caps-none');
  await bare.close();
});

test('no page errors', { skip, timeout: 120000 }, () => {
  assert.deepEqual(pageErrors, []);
});
