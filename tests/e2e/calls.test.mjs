// Calls end to end: the real server, the real agent desktop and the real customer app in headless Chromium with
// fake media devices (--use-fake-device-for-media-stream: a beeping microphone; --use-fake-ui-for-media-stream:
// permission prompts granted). Consent in the chat → browser call → both RTCPeerConnections connected with live
// audio (inbound-rtp bytes growing on both sides) → messages both ways during the call → mute, hold → hang up →
// the duration in both transcripts. Then the tel: link (normalized number, "placed" row, the agent's timer),
// a declined ring, an unanswered ring and an unanswered consent request (short timers via config.json), and the
// customer's network dropping mid-call. Screenshots: test-artifacts/calls-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchChromium, keepScreenshot, waitFor } from './lib/harness.mjs';
import {
  openDesktop, login, setReady, acceptOffer, clickWidget, waitForWidget, waitForSnapshot, snapshot, widgets, findWidget,
  sendFromDesktop, selectChat, openCustomer, startCustomerChat, sendFromCustomer, customerMessages, recordTelLinks,
} from './lib/desktop.mjs';

// Short, named timers so the failure paths run in seconds (the defaults are in shell/config.json).
const CALL_TIMERS = { requestTimeoutMs: 5000, ringTimeoutMs: 5000, connectTimeoutMs: 15000, mediaLostTimeoutMs: 4000, statsIntervalMs: 500 };
const STEP = 20000;

let server;
let browser;
let desk;      // {context, page, errors}
let customer;  // {context, page, errors}
let chatId;

const deskCall = async () => (await snapshot(desk.page)).call;
const deskChat = async () => (await snapshot(desk.page)).chats.find((c) => c.chatId === chatId);
const deskRows = async () => (await deskChat()).events.map((e) => e.text);
const customerCall = () => customer.page.evaluate(() => window.agentdeskApp.calls.state);
const customerRows = () => customer.page.$$eval('#messages > li', (items) => items.map((li) => li.textContent));
const deskMedia = () => desk.page.evaluate(() => window.agentdeskBridges.rtc.inspect());
const customerMedia = () => customer.page.evaluate(() => window.agentdeskApp.calls.stats());

async function waitDeskCall(predicate, what) {
  return (await waitForSnapshot(desk.page, (s) => predicate(s.call), { timeoutMs: STEP, what })).call;
}

before(async () => {
  server = await startServer();
  // Autoplay without a gesture: the customer's remote audio element plays at once (what a tap would allow).
  browser = await launchChromium({ args: ['--autoplay-policy=no-user-gesture-required'] });
  desk = await openDesktop(browser, server.baseUrl, { config: { calls: CALL_TIMERS } });
  await recordTelLinks({ context: desk.context, page: desk.page });
  await login(desk.page, 'anna', 'demo-anna');
  await setReady(desk.page);
  customer = await openCustomer(browser, server.baseUrl, { caps: 'phone,location,webrtc' });
  chatId = await startCustomerChat(customer.page, { name: 'Max Mustermann', phone: '0049 (151) 1234-5678' });
  await sendFromCustomer(customer.page, 'Hello, I had an accident on the A100');
  await acceptOffer(desk.page, { customerName: 'Max Mustermann' });
  await selectChat(desk.page, chatId);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  server?.removeData();
});

test('consent, then a browser call with live audio both ways while the chat goes on; hang up records the duration', { timeout: 180000 }, async () => {
  // Consent: one click on the desktop, a card in the customer app, the answer in the agent's transcript at once.
  await clickWidget(desk.page, 'Request browser call');
  await customer.page.waitForSelector('#messages .card:has-text("May we call you here in the app")', { timeout: STEP });
  assert.equal((await deskCall()).phase, 'requesting');
  await customer.page.click('#messages .card button:has-text("Accept")');
  await waitForSnapshot(desk.page, (s) => s.chats.find((c) => c.chatId === chatId)?.events.some((e) => e.role === 'customer' && e.text === 'Accepted the browser call'),
    { timeoutMs: STEP, what: 'the consent answer in the transcript' });

  // Consent given: the desktop rings the app at once; the customer answers (fake microphone, permission granted).
  await waitDeskCall((c) => c.phase === 'ringing' && c.ringSent, 'ringing');
  await customer.page.waitForSelector('#call-panel:not([hidden]) #call-accept', { timeout: STEP });
  await keepScreenshot(customer.page, 'calls-customer-ringing');
  await customer.page.click('#call-accept');
  const connected = await waitDeskCall((c) => c.phase === 'connected' && c.remoteAudio, 'connected with remote audio');
  assert.equal(connected.chatId, chatId);
  await waitFor(async () => (await customerCall()).state === 'connected', { timeoutMs: STEP, what: 'customer connected' });

  // Both peer connections are connected and audio flows both ways: inbound-rtp bytes grow on each side.
  const d0 = await deskMedia();
  const c0 = await customerMedia();
  assert.equal(d0.connectionState, 'connected');
  assert.equal(c0.connectionState, 'connected');
  assert.ok(d0.remoteTrackLive && c0.remoteTrackLive, 'live remote audio tracks');
  await waitFor(async () => (await deskMedia()).inboundBytes > d0.inboundBytes + 1000, { timeoutMs: STEP, what: 'desktop receiving audio' });
  await waitFor(async () => (await customerMedia()).bytesReceived > c0.bytesReceived + 1000, { timeoutMs: STEP, what: 'customer receiving audio' });
  // The quality line reads the same stats.
  await waitDeskCall((c) => c.quality.rttMs >= 0 && c.quality.bytesReceived > 0, 'call quality measured');

  // The chat stays fully usable during the call, both ways.
  await sendFromCustomer(customer.page, 'Can you hear me?');
  await waitForSnapshot(desk.page, (s) => s.chats.find((c) => c.chatId === chatId)?.events.some((e) => e.text === 'Can you hear me?'),
    { timeoutMs: STEP, what: 'customer message during the call' });
  await sendFromDesktop(desk.page, 'Yes, loud and clear');
  await waitFor(async () => (await customerMessages(customer.page)).some((m) => m.text === 'Yes, loud and clear' && !m.pending),
    { timeoutMs: STEP, what: 'agent message during the call' });

  // Mute and hold act on the real tracks; hold is shown in the customer's app.
  await clickWidget(desk.page, 'Mute');
  await waitFor(async () => (await deskMedia()).microphoneEnabled === false, { timeoutMs: STEP, what: 'muted microphone' });
  await clickWidget(desk.page, 'Unmute');
  await waitFor(async () => (await deskMedia()).microphoneEnabled === true, { timeoutMs: STEP, what: 'microphone back' });
  await clickWidget(desk.page, 'Hold');
  await waitFor(async () => (await customerCall()).onHold === true, { timeoutMs: STEP, what: 'customer sees hold' });
  assert.equal((await deskMedia()).remoteMuted, true);
  await keepScreenshot(desk.page, 'calls-desktop-on-hold');
  await clickWidget(desk.page, 'Resume');
  await waitFor(async () => (await customerCall()).onHold === false, { timeoutMs: STEP, what: 'customer sees resume' });
  await keepScreenshot(desk.page, 'calls-desktop-connected');
  await keepScreenshot(customer.page, 'calls-customer-connected');

  // Hang up: the duration lands in both transcripts.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await clickWidget(desk.page, 'Hang up');
  const ended = await waitDeskCall((c) => c.phase === 'ended', 'ended');
  assert.ok(ended.durationMs >= 1000, `duration ${ended.durationMs}`);
  const rows = await waitFor(async () => {
    const list = await deskRows();
    return list.some((t) => /^Browser call ended after \d+:\d\d$/.test(t)) ? list : null;
  }, { timeoutMs: STEP, what: 'ended row in the desktop transcript' });
  assert.ok(rows.includes('Browser call started'));
  await waitFor(async () => (await customerRows()).some((t) => /Call ended \(\d+:\d\d\)/.test(t)), { timeoutMs: STEP, what: 'ended row in the customer transcript' });
  await waitFor(async () => (await customerCall()).state === 'ended', { timeoutMs: STEP, what: 'customer call ended' });
  assert.equal(await desk.page.evaluate(() => window.agentdeskBridges.rtc.inspect()), null, 'desktop media released');
  await keepScreenshot(customer.page, 'calls-customer-ended');
  await clickWidget(desk.page, 'Dismiss##call');
});

test('phone: the tel: link carries the E.164 number, "placed" is recorded, the agent stops the timer', { timeout: 60000 }, async () => {
  const tel = await clickWidget(desk.page, /^Call \+4915112345678/);
  assert.equal(tel.text, 'Call +4915112345678');
  await waitFor(() => desk.page.evaluate(() => window.__telLinks.length > 0), { timeoutMs: STEP, what: 'tel: link opened' });
  assert.deepEqual(await desk.page.evaluate(() => window.__telLinks), ['tel:+4915112345678']);
  await waitDeskCall((c) => c.phase === 'connected' && c.mode === 'phone', 'phone call placed');
  await waitFor(async () => (await customerRows()).some((t) => t.includes('The agent is calling you at +4915112345678.')),
    { timeoutMs: STEP, what: 'placed row at the customer' });
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await clickWidget(desk.page, 'End call');
  const ended = await waitDeskCall((c) => c.phase === 'ended' && c.mode === 'phone', 'phone call ended');
  assert.ok(ended.durationMs >= 1000);
  await waitFor(async () => (await deskRows()).some((t) => /^Phone call ended after 0:0[1-9]$/.test(t)), { timeoutMs: STEP, what: 'phone ended row' });
  await clickWidget(desk.page, 'Dismiss##call');
});

test('failure paths: the customer declines the ring; nobody answers the ring; nobody answers the consent request', { timeout: 90000 }, async () => {
  await clickWidget(desk.page, 'Call in browser');
  await customer.page.click('#call-decline', { timeout: STEP });
  const declined = await waitDeskCall((c) => c.phase === 'failed', 'declined');
  assert.equal(declined.reason, 'declined');
  assert.match(declined.reasonText, /declined/);
  await waitFor(async () => (await deskRows()).includes('Browser call failed: declined'), { timeoutMs: STEP, what: 'declined row' });
  await clickWidget(desk.page, 'Dismiss##call');

  await clickWidget(desk.page, 'Call in browser');
  await customer.page.waitForSelector('#call-accept', { timeout: STEP });
  const missed = await waitDeskCall((c) => c.phase === 'failed', 'no answer');
  assert.equal(missed.reason, 'no_answer');
  await customer.page.waitForSelector('#call-panel[data-state="failed"]:has-text("no answer")', { timeout: STEP });
  await waitFor(async () => (await deskRows()).includes('Browser call failed: no answer'), { timeoutMs: STEP, what: 'no answer row' });
  await keepScreenshot(desk.page, 'calls-desktop-no-answer');
  await clickWidget(desk.page, 'Dismiss##call');

  await clickWidget(desk.page, 'Request phone call');
  await customer.page.waitForSelector('#messages .card:has-text("May we call you at +4915112345678?")', { timeout: STEP });
  const unanswered = await waitDeskCall((c) => c.phase === 'failed', 'consent unanswered');
  assert.equal(unanswered.reason, 'no_answer');
  await waitFor(async () => (await customerRows()).some((t) => t.includes('The call did not connect (no answer)')),
    { timeoutMs: STEP, what: 'the request card closed at the customer' });
  await clickWidget(desk.page, 'Dismiss##call');
});

test('one call at a time: while on a call, another chat\'s call buttons are disabled and say why', { timeout: 90000 }, async () => {
  const second = await openCustomer(browser, server.baseUrl, { caps: 'phone,webrtc' });
  try {
    const secondChat = await startCustomerChat(second.page, { name: 'Erika Musterfrau', phone: '+49 30 1234567' });
    await sendFromCustomer(second.page, 'Hi');
    await acceptOffer(desk.page, { customerName: 'Erika Musterfrau' });
    // Call Max by phone, then look at Erika's panel.
    await desk.page.evaluate(() => {});
    const maxSelected = (await snapshot(desk.page)).selectedChatId;
    if (maxSelected !== chatId) await clickWidget(desk.page, (w) => w.label === `##chat-${chatId}`);
    await waitForSnapshot(desk.page, (s) => s.selectedChatId === chatId, { timeoutMs: STEP, what: 'Max selected' });
    await clickWidget(desk.page, /^Call \+4915112345678/);
    await waitDeskCall((c) => c.phase === 'connected', 'on the phone with Max');
    await clickWidget(desk.page, (w) => w.label === `##chat-${secondChat}`);
    await waitForSnapshot(desk.page, (s) => s.selectedChatId === secondChat, { timeoutMs: STEP, what: 'Erika selected' });
    // Erika's panel (her number), drawn after the selection: both call buttons disabled.
    const tel = await waitForWidget(desk.page, /^Call \+49301234567/, { enabled: false });
    assert.equal(tel.disabled, true, 'tel: button disabled');
    const browserCall = await waitForWidget(desk.page, 'Call in browser', { enabled: false });
    assert.equal(browserCall.disabled, true);
    assert.ok(findWidget(await widgets(desk.page), 'Open chat##call'), 'the call bar shows the call in the other chat');
    // The call bar keeps Max's call in reach from Erika's chat; the composer of this chat still works.
    await waitForWidget(desk.page, 'Open chat##call');
    await sendFromDesktop(desk.page, 'One moment please');
    await waitFor(async () => (await customerMessages(second.page)).some((m) => m.text === 'One moment please'), { timeoutMs: STEP, what: 'message to Erika' });
    await keepScreenshot(desk.page, 'calls-desktop-one-call-rule');
    await clickWidget(desk.page, 'End call');
    await waitDeskCall((c) => c.phase === 'ended', 'phone call ended');
  } finally {
    await second.context.close();
  }
});

test('the customer\'s network drops mid-call: the desktop says the connection was lost and records it', { timeout: 120000 }, async () => {
  const maxSelected = (await snapshot(desk.page)).selectedChatId;
  if (maxSelected !== chatId) await clickWidget(desk.page, (w) => w.label === `##chat-${chatId}`);
  await waitForSnapshot(desk.page, (s) => s.selectedChatId === chatId, { timeoutMs: STEP, what: 'Max selected' });
  await clickWidget(desk.page, 'Call in browser');
  await customer.page.click('#call-accept', { timeout: STEP });
  await waitDeskCall((c) => c.phase === 'connected' && c.remoteAudio, 'connected');
  // The phone loses its network: the page and its connections vanish without a hang-up.
  await customer.context.close();
  const lost = await waitDeskCall((c) => c.phase === 'failed', 'connection lost');
  assert.equal(lost.reason, 'connection_lost');
  assert.match(lost.reasonText, /lost/);
  await waitFor(async () => (await deskRows()).some((t) => /^Browser call failed: connection lost after \d+:\d\d$/.test(t)),
    { timeoutMs: STEP, what: 'connection lost row' });
  await keepScreenshot(desk.page, 'calls-desktop-connection-lost');
  assert.deepEqual(desk.errors, []);
});
