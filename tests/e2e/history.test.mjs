// A returning customer end to end, real server + real desktop + real customer app: the contact center's backend
// signs the customer's id (HMAC-SHA256 here in node, as a backend would), the app passes it in its URL. First chat:
// an accident report with a photo, wrapped up by Anna. The customer comes back: Ben's Contact Info shows the
// customer verified and the earlier chat (date, agent, disposition, first line); he opens it read-only — its
// messages and the photo's thumbnail, no composer — and goes back to the live chat. A second customer with a
// forged hash is not verified and has no earlier chats. Screenshots: test-artifacts/history-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import { startServer, launchChromium, keepScreenshot, collectPageErrors } from './lib/harness.mjs';
import {
  openDesktop, login, setReady, acceptOffer, selectChat, clickWidget, waitForWidget, waitForSnapshot, widgets,
  startCustomerChat, sendFromCustomer, makePhoto, PHONE_VIEWPORT,
} from './lib/desktop.mjs';

const SECRET = 'e2e-identity-secret-0123456789abcdef';
const STEP_MS = 30000;
let server;
let browser;

before(async () => {
  server = await startServer({ args: ['--set', `customerIdentitySecret=${SECRET}`] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  server?.removeData();
});

const sign = (userId, secret = SECRET) => createHmac('sha256', secret).update(userId, 'utf8').digest('hex');

/** The customer app as a contact center's app would open it: its signed identity in the URL. */
async function openSignedCustomer(userId, userHash) {
  const context = await browser.newContext({ viewport: PHONE_VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = collectPageErrors(page, 'customer');
  const url = new URL('/customer/', server.baseUrl);
  url.searchParams.set('lang', 'en');
  url.searchParams.set('caps', 'files,location');
  url.searchParams.set('userId', userId);
  url.searchParams.set('userHash', userHash);
  await page.goto(url.href);
  await page.waitForSelector('#start-view:not([hidden])', { timeout: STEP_MS });
  return { context, page, errors };
}

const chatIn = (s, chatId) => s.chats.find((c) => c.chatId === chatId);

async function endAndWrapUp(desk, chatId, disposition, notes) {
  await clickWidget(desk, { text: 'End chat', window: /^##desktop/ });
  await clickWidget(desk, { text: 'End chat', window: /^End chat\?/ });
  await waitForSnapshot(desk, (s) => chatIn(s, chatId)?.status === 'ended', { what: 'the chat ended' });
  await clickWidget(desk, disposition);
  if (notes) {
    await clickWidget(desk, '##notes');
    await desk.keyboard.type(notes);
  }
  await clickWidget(desk, 'File wrap-up');
  await waitForSnapshot(desk, (s) => !chatIn(s, chatId), { what: 'the chat filed' });
}

test('a verified customer comes back: the agent sees who they are and opens the earlier chat read-only', { timeout: 240000 }, async () => {
  const anna = await openDesktop(browser, server.baseUrl);
  // Ben works on the smallest screen agents have, at devicePixelRatio 2: the list must still read in full.
  const ben = await openDesktop(browser, server.baseUrl, { viewport: { width: 1280, height: 720 }, dpr: 2 });
  const first = await openSignedCustomer('u-e2e-4711', sign('u-e2e-4711'));
  let second;
  let impostor;
  try {
    // ---- The first chat: an accident with a photo, handled by Anna ----
    await login(anna.page, 'anna', 'demo-anna');
    await setReady(anna.page);
    const firstId = await startCustomerChat(first.page, { name: 'Max Mustermann' });
    await acceptOffer(anna.page);
    await selectChat(anna.page, firstId);
    let s = await waitForSnapshot(anna.page, (x) => chatIn(x, firstId)?.customer.verified === true,
      { what: 'the first chat marked verified' });
    assert.equal(chatIn(s, firstId).customer.userId, 'u-e2e-4711');
    await waitForSnapshot(anna.page, (x) => chatIn(x, firstId)?.history?.loaded === true, { what: 'history asked' });
    assert.deepEqual(chatIn(await waitForSnapshot(anna.page, () => true), firstId).history.chats, [],
      'a first chat has no earlier chats');
    await sendFromCustomer(first.page, 'Ich hatte einen Unfall auf der A100');
    const photo = await makePhoto(first.page, { width: 1200, height: 900 });
    await first.page.setInputFiles('#photo', { name: 'unfall.jpg', mimeType: 'image/jpeg', buffer: photo });
    s = await waitForSnapshot(anna.page, (x) => chatIn(x, firstId)?.events.some((e) => e.kind === 'file'),
      { what: 'the photo arrived' });
    const photoId = chatIn(s, firstId).events.find((e) => e.kind === 'file').file.fileId;
    await endAndWrapUp(anna.page, firstId, 'Claim opened', 'Tow truck ordered');

    // ---- The customer comes back; Ben takes it (Anna has logged off for the day) ----
    await anna.context.close();
    await login(ben.page, 'ben', 'demo-ben');
    await setReady(ben.page);
    second = await openSignedCustomer('u-e2e-4711', sign('u-e2e-4711'));
    const secondId = await startCustomerChat(second.page, { name: 'Max Mustermann' });
    await acceptOffer(ben.page);
    await selectChat(ben.page, secondId);
    s = await waitForSnapshot(ben.page, (x) => chatIn(x, secondId)?.history?.chats?.length === 1,
      { what: 'the earlier chat listed' });
    const listed = chatIn(s, secondId).history.chats[0];
    assert.equal(listed.chatId, firstId);
    assert.equal(listed.agent, 'Anna Berger');
    assert.equal(listed.disposition, 'Claim opened');
    assert.equal(listed.notes, 'Tow truck ordered');
    assert.deepEqual(listed.firstLines, ['Ich hatte einen Unfall auf der A100']);
    await waitForWidget(ben.page, (w) => w.label === `##past-${firstId}`);
    await ben.page.evaluate(() => window.agentdesk.wake());
    await keepScreenshot(ben.page, 'history-1-contact-info');

    // ---- Ben opens it read-only: its messages and the photo, no composer; then back ----
    await clickWidget(ben.page, (w) => w.label === `##past-${firstId}`);
    s = await waitForSnapshot(ben.page, (x) => x.pastChat?.chat.eventCount >= listed.lastSeq,
      { what: 'the earlier chat loaded' });
    assert.equal(s.pastChat.fromChatId, secondId);
    assert.ok(s.pastChat.chat.events.some((e) => e.kind === 'text' && e.text === 'Ich hatte einen Unfall auf der A100'));
    assert.ok(s.pastChat.chat.events.some((e) => e.kind === 'file' && e.file.fileId === photoId));
    assert.equal(chatIn(s, firstId), undefined, 'the earlier chat is not one of Ben\'s chats');
    await waitForSnapshot(ben.page, (x) => x.files.images.some((i) => i.fileId === photoId && i.status === 'ready'),
      { what: 'the earlier chat\'s photo loaded' });
    await waitForWidget(ben.page, 'Back to the live chat');
    const list = await widgets(ben.page);
    assert.ok(!list.some((w) => w.label === '##composer'), 'no composer in an earlier chat');
    await ben.page.evaluate(() => window.agentdesk.wake());
    await keepScreenshot(ben.page, 'history-2-earlier-chat');
    await clickWidget(ben.page, 'Back to the live chat');
    await waitForSnapshot(ben.page, (x) => x.pastChat === null, { what: 'back to the live chat' });
    await waitForWidget(ben.page, '##composer');

    // ---- A forged identity: not verified, no earlier chats ----
    impostor = await openSignedCustomer('u-e2e-4711', sign('u-e2e-4711', 'not-the-secret-0123456789'));
    const impostorId = await startCustomerChat(impostor.page, { name: 'Max Mustermann' });
    await acceptOffer(ben.page, { customerName: 'Max Mustermann' });
    await selectChat(ben.page, impostorId);
    s = await waitForSnapshot(ben.page, (x) => chatIn(x, impostorId) !== undefined, { what: 'the impostor chat' });
    assert.equal(chatIn(s, impostorId).customer.verified, false);
    assert.equal(chatIn(s, impostorId).history, null, 'no history asked for an unverified customer');
    await ben.page.evaluate(() => window.agentdesk.wake());
    await keepScreenshot(ben.page, 'history-3-not-verified');

    const errors = [...ben.errors, ...first.errors, ...second.errors, ...impostor.errors];
    assert.deepEqual(errors, [], 'no page errors');
  } finally {
    await impostor?.context.close();
    await second?.context.close();
    await first.context.close();
    await ben.context.close();
    await anna.context.close().catch(() => {});
  }
});
