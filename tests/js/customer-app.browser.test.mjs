// The customer app in headless Chromium (mobile emulation, 360×640) against the fake server: the whole customer
// journey, a dropped network, a reload, both languages, capabilities switched off, photos keeping the list at the
// bottom once they load, and the call panel's button colours (390×844, a fake microphone). Screenshots go to
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
const lastChat = () => [...server.chats.values()].at(-1);

/** Opens the app in `p`, starts a chat as `name` and lets the agent join; returns the fake server's chat. */
async function startJoinedChat(p, name, agent = 'Anna Berger') {
  await p.goto(`${server.httpUrl}/customer/?lang=en`);
  await p.waitForSelector('#start-view:not([hidden])');
  await p.fill('#name', name);
  await p.click('#start-button');
  await p.waitForSelector('#chat-view:not([hidden])');
  const chat = lastChat();
  server.agentJoin(chat.chatId, agent);
  await p.waitForFunction((who) => document.getElementById('messages').textContent.includes(`${who} joined`), agent);
  return chat;
}

// WCAG 2.x relative luminance and contrast ratio, from the rgb()/rgba() strings getComputedStyle gives.
function rgba(css) {
  const m = /^rgba?\(([^)]*)\)$/.exec(css);
  assert.ok(m, `not an rgb() colour: ${css}`);
  const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return { r, g, b, a };
}
function luminance({ r, g, b }) {
  const lin = (c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
const serverTexts = () => server.eventsOf(chatId(), 'text').filter((e) => e.author.role === 'customer').map((e) => e.body.text);

before(async () => {
  if (skip) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      // The call panel test accepts a voice call: a fake microphone, no permission prompt.
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
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

test('photos keep the list at the bottom once they load (own, agent, history); a reader scrolled up stays put', { skip, timeout: 120000 }, async () => {
  const ctx = await newMobileContext();
  // Photos arrive a little after their rows, as on a phone network: the row is placed first, the image grows it later.
  await ctx.route('**/api/files/**', async (route) => {
    await new Promise((r) => setTimeout(r, 300));
    await route.continue();
  });
  const p = await newMobilePage(ctx);
  const chat = await startJoinedChat(p, 'Paula Photo');
  for (let i = 1; i <= 12; i++) server.agentSend(chat.chatId, 'text', { text: `Step ${i} of the claim: please keep your documents ready.` });
  await p.waitForFunction(() => document.querySelectorAll('#messages > li').length === 13);

  const list = () => p.$eval('#messages', (l) => ({ top: l.scrollTop, gap: l.scrollHeight - l.scrollTop - l.clientHeight, height: l.clientHeight, content: l.scrollHeight }));
  const settled = () => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const photosLoaded = (n) => p.waitForFunction((count) => {
    const imgs = [...document.querySelectorAll('#messages img.photo')];
    return imgs.length === count && imgs.every((i) => i.complete && i.naturalWidth > 0);
  }, n);
  const start = await list();
  assert.ok(start.content > start.height + 300, `the list overflows (${start.content}px content in ${start.height}px)`);
  assert.ok(start.gap <= 1, `at the bottom before any photo (${start.gap}px below)`);
  const png = await p.screenshot({ clip: { x: 0, y: 0, width: 120, height: 120 } }); // 240×240 pixels: shown 220 px tall

  // The customer's own photo: row added at the bottom, then the image loads and grows it by ~220 px.
  await p.setInputFiles('#photo', { name: 'damage.png', mimeType: 'image/png', buffer: png });
  await photosLoaded(1);
  await settled();
  const photoHeight = await p.$eval('#messages img.photo', (i) => i.getBoundingClientRect().height);
  assert.ok(photoHeight > 150, `the loaded photo grew its row (${photoHeight}px)`);
  const own = await list();
  await p.screenshot({ path: path.join(ARTIFACTS, 'customer-14-photo-pinned.png') });

  // A photo the agent sends.
  server.agentFile(chat.chatId, 'claim-form.png', png);
  await photosLoaded(2);
  await settled();
  const agentPhoto = await list();

  // The reader scrolls up to older messages: a new photo and its loading do not pull them down.
  await p.hover('#messages');
  await p.mouse.wheel(0, -600);
  await p.waitForFunction(() => { const l = document.getElementById('messages'); return l.scrollHeight - l.scrollTop - l.clientHeight > 300; });
  await settled();
  const reading = await list();
  server.agentFile(chat.chatId, 'second-page.png', png);
  await photosLoaded(3);
  await settled();
  const after = await list();

  // A reload: the history sync rebuilds the rows, the thumbnails load afterwards; the list ends at the bottom.
  await p.reload();
  await p.waitForSelector('#chat-view:not([hidden])');
  await p.waitForFunction(() => document.querySelectorAll('#messages img.photo').length === 3);
  await photosLoaded(3);
  await settled();
  const history = await list();
  console.log(`scroll figures: photo ${photoHeight}px; gap after own ${own.gap}px, agent ${agentPhoto.gap}px, history ${history.gap}px; reader at ${reading.top}px stayed at ${after.top}px`);
  // Pixels between the end of the visible list and the end of its content once each photo loaded (0: pinned).
  assert.deepEqual({ own: own.gap <= 2, agent: agentPhoto.gap <= 2, history: history.gap <= 2 }, { own: true, agent: true, history: true },
    `at the bottom after the photo loaded: own ${own.gap}px, agent ${agentPhoto.gap}px, history ${history.gap}px below the visible end`);
  assert.equal(after.top, reading.top, `scrolled up at ${reading.top}px: not moved by the photo (now ${after.top}px)`);
  await ctx.close();
});

test('call panel at 390×844: Accept green, Decline and Hang up red, filled, white text ≥ 4.5:1, set apart from the panel', { skip, timeout: 120000 }, async () => {
  const ctx = await newMobileContext({ viewport: { width: 390, height: 844 }, permissions: ['microphone'] });
  const p = await newMobilePage(ctx);
  const chat = await startJoinedChat(p, 'Carla Call', 'Ben Koch');
  const colours = (ids) => p.evaluate((buttonIds) => {
    const style = (el) => getComputedStyle(el);
    return {
      panel: style(document.getElementById('call-panel')).backgroundColor,
      buttons: buttonIds.map((id) => {
        const b = document.getElementById(id);
        const s = style(b);
        return { id, label: b.textContent, bg: s.backgroundColor, color: s.color, opacity: s.opacity,
          border: s.borderTopStyle !== 'none' && parseFloat(s.borderTopWidth) >= 1 ? s.borderTopColor : null };
      }),
    };
  }, ids);
  const figures = [];
  const check = ({ panel, buttons }, hue) => {
    const panelBg = rgba(panel);
    for (const b of buttons) {
      const bg = rgba(b.bg);
      const ink = rgba(b.color);
      const want = hue[b.id];
      assert.equal(bg.a, 1, `${b.label}: a filled button (background ${b.bg})`);
      assert.equal(b.opacity, '1', `${b.label}: not faded`);
      assert.notEqual(b.bg, panel, `${b.label}: background differs from the panel's (${panel})`);
      assert.deepEqual(ink, { r: 255, g: 255, b: 255, a: 1 }, `${b.label}: white text (${b.color})`);
      const text = contrast(ink, bg);
      assert.ok(text >= 4.5, `${b.label}: text contrast ${text.toFixed(2)}:1 on ${b.bg} (AA needs 4.5:1)`);
      if (want === 'green') assert.ok(bg.g > bg.r && bg.g > bg.b, `${b.label}: green (${b.bg})`);
      if (want === 'red') assert.ok(bg.r > bg.g && bg.r > bg.b, `${b.label}: red (${b.bg})`);
      // The button's edge against the panel (WCAG 1.4.11, 3:1): its border when it has one, else its fill.
      const edge = rgba(b.border ?? b.bg);
      const apart = contrast(edge, panelBg);
      assert.ok(apart >= 3, `${b.label}: edge ${b.border ?? b.bg} against the panel ${panel}: ${apart.toFixed(2)}:1 (needs 3:1)`);
      figures.push(`${b.label}: ${b.color} on ${b.bg} ${text.toFixed(2)}:1; fill vs panel ${panel} ${contrast(bg, panelBg).toFixed(2)}:1; edge vs panel ${apart.toFixed(2)}:1`);
    }
  };

  server.agentRtc(chat.chatId, 'k-colours', { ring: { iceServers: [] } });
  await p.waitForSelector('#call-panel[data-state="ringing"] #call-accept');
  await p.screenshot({ path: path.join(ARTIFACTS, 'customer-15-call-ringing.png') });
  check(await colours(['call-accept', 'call-decline']), { 'call-accept': 'green', 'call-decline': 'red' });

  await p.click('#call-accept');
  await waitFor(() => server.rtcToAgent.some((f) => f.callId === 'k-colours' && f.data.accept), 'accept signalled');
  await p.waitForSelector('#call-panel[data-state="connecting"] #call-hangup');
  await p.screenshot({ path: path.join(ARTIFACTS, 'customer-16-call-connecting.png') });
  check(await colours(['call-hangup']), { 'call-hangup': 'red' });

  await p.click('#call-hangup');
  await waitFor(() => server.rtcToAgent.some((f) => f.callId === 'k-colours' && f.data.hangup), 'hang-up signalled');
  await p.waitForSelector('#call-panel[data-state="ended"]');
  console.log(`call panel: ${figures.join(' | ')}`);
  await ctx.close();
});

test('no page errors', { skip, timeout: 120000 }, () => {
  assert.deepEqual(pageErrors, []);
});
