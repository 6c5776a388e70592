// The agent desktop end to end, as people use it: the real chat server, the real customer app on a phone-sized
// screen (360×640) and the real desktop (1440×900; a second agent at devicePixelRatio 2), driven only through
// mouse clicks on the desktop's widgets (window.agentdesk.widgets(), ?automation=1) and the keyboard, checked
// through window.agentdesk.snapshot() and the customer app's page. Covers: login form, Ready, a ringing offer
// with its countdown, accept by click and by Ctrl+Shift+A, messages and typing both ways, long / German /
// Japanese text, unread badge and tab title, transfer to a second agent, the server killed (SIGKILL) and
// restarted on the same port mid-chat while both sides send (the agent's message waits in the outbox), end
// with confirmation and wrap-up. Screenshots: test-artifacts/agent-desktop-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchChromium, keepScreenshot, waitFor } from './lib/harness.mjs';
import {
  openDesktop, openCustomer, startCustomerChat, login, setReady, acceptOffer, clickWidget, waitForWidget,
  typeInto, widgets, findWidget, waitForSnapshot, snapshot, selectChat, sendFromDesktop,
  sendFromCustomer, customerMessages,
} from './lib/desktop.mjs';

const LONG_TEXT = 'The accident happened at the junction of Hauptstrasse and Lindenallee at about half past eight; ' +
  'the other driver came from the right, did not stop at the sign and hit my front left wheel and door.';
const GERMAN = 'Grüße aus München: Straße gesperrt, Fahrzeug äußerlich beschädigt, Öl läuft aus – bitte Rückruf.';
const JAPANESE = '事故の写真を送ります。けが人はいません。';
const AGENT_JAPANESE = 'ご連絡ありがとうございます。すぐに確認します。';
const NOISE = /WebSocket connection to .* failed|Failed to load resource|ERR_CONNECTION_REFUSED/;

let server;
let browser;
const opened = [];  // browser contexts, closed in after()
const allErrors = [];

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  for (const context of opened) await context.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  server?.removeData();
});

function track({ context, page, errors }) {
  opened.push(context);
  allErrors.push(errors);
  return { context, page, errors };
}

/** Runs one step of the story; a failure says which step and keeps screenshots of every page at that moment. */
async function step(name, pages, body) {
  try {
    return await body();
  } catch (error) {
    for (const [label, page] of Object.entries(pages)) await keepScreenshot(page, `agent-desktop-FAILED-${label}`).catch(() => {});
    error.message = `step "${name}": ${error.message}`;
    throw error;
  }
}

const seqs = (chat) => chat.events.map((e) => e.seq);
const range = (n) => Array.from({ length: n }, (_, i) => i + 1);
const textsOf = (chat) => chat.events.filter((e) => e.kind === 'text').map((e) => e.text);
const chatIn = (s, chatId) => s.chats.find((c) => c.chatId === chatId);
const customerTyping = (page) => page.textContent('#typing');

/** Every customer-visible message row of the agent's log is in the customer's view exactly once, same text. */
async function assertCustomerViewMatches(customerPage, agentChat) {
  const rows = (await customerMessages(customerPage)).filter((m) => !m.pending);
  const rowSeqs = rows.map((m) => m.seq);
  assert.equal(new Set(rowSeqs).size, rowSeqs.length, `no message doubled in the customer's view: ${rowSeqs}`);
  const agentTexts = agentChat.events.filter((e) => e.kind === 'text' && e.role !== 'system');
  for (const e of agentTexts) {
    const row = rows.find((m) => m.seq === e.seq);
    assert.ok(row, `message ${e.seq} (${e.text.slice(0, 40)}) is in the customer's view`);
    assert.equal(row.text, e.text, `message ${e.seq} reads the same on both sides`);
  }
  assert.equal(rows.filter((m) => agentChat.events.some((e) => e.seq === m.seq)).length, rows.length,
    'the customer shows nothing the agent\'s log lacks');
}

test('a customer chat from login to wrap-up, through a server crash, with a transfer to a second agent', { timeout: 170000 }, async (t) => {
  const anna = track(await openDesktop(browser, server.baseUrl));
  const desk = anna.page;
  const pages = { anna: desk };

  await step('login through the form', pages, async () => {
    await waitForWidget(desk, '##username');
    await keepScreenshot(desk, 'agent-desktop-01-login');
    await login(desk, 'anna', 'demo-anna');
    const s = await snapshot(desk);
    assert.equal(s.session.displayName, 'Anna Berger');
    assert.equal(s.presence.state, 'not_ready');
  });

  await step('go Ready', pages, async () => {
    await setReady(desk);
    await waitForWidget(desk, 'Go Not Ready');
    await keepScreenshot(desk, 'agent-desktop-02-ready');
  });

  const max = track(await openCustomer(browser, server.baseUrl, { lang: 'de' }));
  pages.customer = max.page;
  let chatId;
  await step('customer starts a chat; the offer rings with a countdown', pages, async () => {
    await keepScreenshot(max.page, 'agent-desktop-03-customer-start');
    const startedAt = Date.now();
    chatId = await startCustomerChat(max.page, {
      name: 'Max Mustermann', phone: '+49 151 12345678', context: { Policy: 'KFZ-2231-77', Vehicle: 'VW Golf, B-XY 123' },
    });
    const ringing = await waitForSnapshot(desk, (s) => s.offers.length === 1, { what: 'the offer' });
    t.diagnostic(`customer taps Start chat -> offer in the desktop's state: ${Date.now() - startedAt} ms`);
    const offer = ringing.offers[0];
    assert.equal(offer.chatId, chatId);
    assert.equal(offer.customerName, 'Max Mustermann');
    assert.equal(offer.app, 'Auto Insurance 3.2');
    // The card is drawn on the frame after the offer arrived: wait for it rather than read the frame before.
    assert.ok(await waitForWidget(desk, /^Accept \(Ctrl\+Shift\+A\)$/), 'Accept with its shortcut on the card');
    assert.ok(findWidget(await widgets(desk), 'Decline'), 'Decline on the card');
    assert.match(await desk.title(), /^\(1\) /, 'the ringing offer counts in the tab title');
    // The countdown runs by itself (the desktop animates while an offer rings).
    await waitForSnapshot(desk, (s) => s.offers[0]?.secondsLeft < offer.secondsLeft, { timeoutMs: 4000, what: 'the countdown to tick' });
    // What the customer writes while the offer rings reaches the card: the same offer, updated in place.
    await sendFromCustomer(max.page, 'Ich hatte einen Unfall auf der A9.');
    const updated = await waitForSnapshot(desk, (s) => s.offers[0]?.customerTexts?.[0] === 'Ich hatte einen Unfall auf der A9.',
      { what: 'the ringing card to show what the customer wrote' });
    assert.equal(updated.offers.length, 1, 'still one offer');
    assert.equal(updated.offers[0].offerId, offer.offerId, 'the same offer, updated in place');
    await keepScreenshot(desk, 'agent-desktop-04-offer');
  });

  await step('accept by clicking Accept', pages, async () => {
    const { chat } = await acceptOffer(desk, { via: 'click' });
    assert.equal(chat.customer.phone, '+4915112345678');
    assert.equal(chat.context.Policy, 'KFZ-2231-77');
    assert.equal((await snapshot(desk)).selectedChatId, chatId, 'the first chat opens by itself');
    await max.page.waitForFunction(() => /Anna Berger ist dem Chat beigetreten/.test(document.getElementById('messages').textContent));
    assert.equal(await desk.title(), 'Agent Desktop');
  });

  await step('typing and messages both ways', pages, async () => {
    await max.page.click('#message');
    await max.page.type('#message', 'Hallo, ich');
    await waitForSnapshot(desk, (s) => chatIn(s, chatId)?.typing === true, { what: 'the agent sees the customer typing' });
    await keepScreenshot(desk, 'agent-desktop-05-customer-typing');
    await max.page.type('#message', ' hatte einen Unfall.');
    await max.page.press('#message', 'Enter');
    await waitForSnapshot(desk, (s) => textsOf(chatIn(s, chatId)).includes('Hallo, ich hatte einen Unfall.') &&
      !chatIn(s, chatId).typing, { what: 'the customer\'s message, typing over' });

    await typeInto(desk, '##composer', 'Guten Tag, sind Sie verletzt?');
    await max.page.waitForFunction(() => /Anna Berger schreibt/.test(document.getElementById('typing').textContent),
      null, { timeout: 10000 });
    await keepScreenshot(max.page, 'agent-desktop-06-customer-sees-agent-typing');
    await desk.keyboard.press('Enter');
    await max.page.waitForFunction(() => [...document.querySelectorAll('#messages .msg.theirs .bubble')]
      .some((b) => b.textContent === 'Guten Tag, sind Sie verletzt?'), null, { timeout: 10000 });
    await waitFor(async () => (await customerTyping(max.page)) === '', { what: 'the customer\'s typing line cleared' });
    const s = await waitForSnapshot(desk, (st) => st.outbox.length === 0, { what: 'outbox empty' });
    assert.equal(chatIn(s, chatId).events.at(-1).text, 'Guten Tag, sind Sie verletzt?');
  });

  await step('long, German and Japanese text arrive intact', pages, async () => {
    await sendFromCustomer(max.page, LONG_TEXT);
    await sendFromCustomer(max.page, JAPANESE);
    await sendFromDesktop(desk, GERMAN);
    await sendFromDesktop(desk, AGENT_JAPANESE);
    assert.ok(LONG_TEXT.length > 160);
    const s = await waitForSnapshot(desk, (st) => {
      const texts = textsOf(chatIn(st, chatId));
      return [LONG_TEXT, JAPANESE, GERMAN, AGENT_JAPANESE].every((t) => texts.includes(t)) && st.outbox.length === 0;
    }, { what: 'all four texts in the agent\'s log' });
    await max.page.waitForFunction((n) => document.querySelectorAll('#messages .msg:not(.pending)').length >= n, 6, { timeout: 10000 });
    await assertCustomerViewMatches(max.page, chatIn(s, chatId));
    await desk.waitForTimeout(150);  // the atlas gains the new glyphs between frames
    await keepScreenshot(desk, 'agent-desktop-07-languages');
    await keepScreenshot(max.page, 'agent-desktop-07-customer-languages');
  });

  // A second customer: accepted with the keyboard shortcut while the first chat stays open.
  const eva = track(await openCustomer(browser, server.baseUrl, { lang: 'en', caps: 'none' }));
  pages.customer2 = eva.page;
  let chat2;
  await step('second chat: accept with Ctrl+Shift+A; unread badge and tab title', pages, async () => {
    chat2 = await startCustomerChat(eva.page, { name: 'Eva Schmidt' });
    await acceptOffer(desk, { via: 'shortcut', customerName: 'Eva Schmidt' });
    assert.equal((await snapshot(desk)).selectedChatId, chatId, 'accepting does not take the agent away from the open chat');
    await sendFromCustomer(eva.page, 'Is anyone there?');
    await waitForSnapshot(desk, (s) => chatIn(s, chat2)?.unread === 1 && s.unreadTotal === 1, { what: 'one unread in chat 2' });
    await waitFor(async () => (await desk.title()) === '(1) Agent Desktop', { what: 'the unread count in the tab title' });
    await desk.waitForTimeout(150);
    await keepScreenshot(desk, 'agent-desktop-08-unread');
    await selectChat(desk, chat2);
    await waitForSnapshot(desk, (s) => chatIn(s, chat2).unread === 0 && s.unreadTotal === 0, { what: 'unread cleared by looking' });
    await waitFor(async () => (await desk.title()) === 'Agent Desktop', { what: 'the title without a count' });
    await sendFromDesktop(desk, 'Yes, Anna here. One moment please.');
    await eva.page.waitForFunction(() => /Anna here/.test(document.getElementById('messages').textContent), null, { timeout: 10000 });
  });

  await step('transfer the second chat to Ben (second agent, dpr 2)', pages, async () => {
    const ben = track(await openDesktop(browser, server.baseUrl, { viewport: { width: 1280, height: 800 }, dpr: 2 }));
    pages.ben = ben.page;
    await waitForWidget(ben.page, '##username');
    await keepScreenshot(ben.page, 'agent-desktop-09-ben-login-dpr2');
    await login(ben.page, 'ben', 'demo-ben');
    await setReady(ben.page);
    await clickWidget(desk, 'Transfer');
    await clickWidget(desk, /^Ben Koch/);
    await keepScreenshot(desk, 'agent-desktop-09-transfer-dialog');
    await clickWidget(desk, { text: 'Transfer', window: /^Transfer chat/ });
    const { offer, chat } = await acceptOffer(ben.page, { via: 'click', customerName: 'Eva Schmidt' });
    assert.equal(offer.transferFrom, 'Anna Berger');
    assert.deepEqual(seqs(chat), range(chat.lastSeq), 'Ben gets the whole history');
    assert.ok(textsOf(chat).includes('Is anyone there?'));
    await waitForSnapshot(desk, (s) => !chatIn(s, chat2), { what: 'the chat leaves Anna\'s list' });
    await ben.page.waitForTimeout(150);
    await keepScreenshot(ben.page, 'agent-desktop-10-ben-dpr2');
    const diag = await ben.page.evaluate(() => window.agentdesk.diagnostics.state());
    assert.equal(diag.canvas.dpr, 2);
    assert.equal(diag.fonts.pixelSize, 32);
  });

  await step('server killed and restarted mid-chat: nothing lost, nothing doubled', pages, async () => {
    await selectChat(desk, chatId);
    const before = chatIn(await snapshot(desk), chatId).lastSeq;
    const { port, dataDir } = server;
    await server.crash();
    await waitForSnapshot(desk, (s) => s.connection.phase === 'reconnecting', { what: 'the desktop notices the outage' });
    await max.page.waitForSelector('#conn-status:not([hidden])', { timeout: 10000 });

    await sendFromDesktop(desk, 'Sent while the server was down.');
    await sendFromCustomer(max.page, 'Customer writing during the outage.');
    const queued = await waitForSnapshot(desk, (s) => s.outbox.length === 1 && s.outbox[0].status === 'queued',
      { what: 'the agent\'s message queued in the outbox' });
    assert.equal(queued.outbox[0].text, 'Sent while the server was down.');
    await waitForWidget(desk, 'Discard');  // the queued row in the transcript can be taken back
    await max.page.waitForSelector('#messages .msg.pending', { timeout: 5000 });
    await keepScreenshot(desk, 'agent-desktop-11-outage');
    await keepScreenshot(max.page, 'agent-desktop-11-customer-outage');

    const restartedAt = Date.now();
    server = await startServer({ dataDir, port });
    t.diagnostic(`server restarted on port ${port} in ${Date.now() - restartedAt} ms`);
    const s = await waitForSnapshot(desk, (st) => {
      const chat = chatIn(st, chatId);
      return st.connection.phase === 'connected' && st.outbox.length === 0 && !chat.syncing &&
        textsOf(chat).includes('Sent while the server was down.') && textsOf(chat).includes('Customer writing during the outage.');
    }, { timeoutMs: 45000, what: 'both outage messages in the agent\'s log after the restart' });
    t.diagnostic(`restart -> desktop resumed, outbox sent, both outage messages in its log: ${Date.now() - restartedAt} ms`);
    const chat = chatIn(s, chatId);
    assert.ok(chat.lastSeq >= before + 2);
    assert.deepEqual(seqs(chat), range(chat.lastSeq), 'every event seq 1..N exactly once');
    for (const t of ['Sent while the server was down.', 'Customer writing during the outage.']) {
      assert.equal(textsOf(chat).filter((x) => x === t).length, 1, `"${t}" once`);
    }
    // The restarted server's routing forgot Anna was Ready: the desktop says so instead of waiting silently.
    const told = await waitForSnapshot(desk, (st) => st.presence.state === 'ready' ||
      st.notices.some((n) => n.code === 'presence'), { what: 'Ready kept, or a notice that it was lost' });
    if (told.presence.state !== 'ready') {
      assert.match(told.notices.find((n) => n.code === 'presence').message, /Not Ready after reconnecting/);
      await setReady(desk);
    }
    await max.page.waitForFunction(() => !document.querySelector('#messages .msg.pending') &&
      /Sent while the server was down\./.test(document.getElementById('messages').textContent), null, { timeout: 45000 });
    t.diagnostic(`restart -> customer app shows the agent's outage message, nothing pending: ${Date.now() - restartedAt} ms`);
    await assertCustomerViewMatches(max.page, chat);
    await desk.waitForTimeout(150);
    await keepScreenshot(desk, 'agent-desktop-12-resumed');
    await keepScreenshot(max.page, 'agent-desktop-12-customer-resumed');
  });

  await step('end the chat with confirmation, file the wrap-up', pages, async () => {
    await clickWidget(desk, { text: 'End chat', window: /^##desktop/ });
    await waitForWidget(desk, { text: 'End chat', window: /^End chat\?/ });
    await keepScreenshot(desk, 'agent-desktop-13-end-confirm');
    await clickWidget(desk, { text: 'End chat', window: /^End chat\?/ });
    await waitForSnapshot(desk, (s) => chatIn(s, chatId)?.status === 'ended', { what: 'the chat ended' });
    await max.page.waitForSelector('#ended-actions:not([hidden])', { timeout: 10000 });

    await clickWidget(desk, 'Claim opened');
    await typeInto(desk, '##notes', 'Rear-end collision, no injuries. Claim KFZ-2231-77 opened; photos requested.');
    await keepScreenshot(desk, 'agent-desktop-14-wrapup');
    await clickWidget(desk, 'File wrap-up');
    await waitForSnapshot(desk, (s) => !chatIn(s, chatId), { what: 'the chat leaves the list when filed' });
    await desk.waitForTimeout(150);
    await keepScreenshot(desk, 'agent-desktop-15-filed');
    await keepScreenshot(max.page, 'agent-desktop-15-customer-ended');
  });

  const unexpected = allErrors.flat().filter((e) => !NOISE.test(e));
  assert.deepEqual(unexpected, [], 'no errors in any page');
});
