// A supervisor on a live accident chat, end to end: real server + two real desktops (Anna the agent, Sam the
// supervisor on the smallest screen at devicePixelRatio 2) + the real customer app. While customer and agent talk,
// Anna flags the chat for help, Sam sees it on top of his overview, watches it (Anna sees "Supervisor watching"),
// reads it live, whispers advice only Anna sees, and takes the chat over; the customer goes on with Sam and never
// sees the whisper or the flag. Screenshots: test-artifacts/supervisor-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, launchChromium, keepScreenshot, waitFor } from './lib/harness.mjs';
import {
  openDesktop, login, setReady, acceptOffer, selectChat, clickWidget, typeInto, waitForWidget, waitForSnapshot,
  openCustomer, startCustomerChat, sendFromCustomer, sendFromDesktop, customerMessages,
} from './lib/desktop.mjs';

const WHISPER = 'Ask whether anyone is hurt before the tow';
const FLAG_REASON = 'Customer injured';
let server;
let browser;

before(async () => {
  server = await startServer({ args: ['--set', 'supervisorOverviewIntervalMs=200'] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  server?.removeData();
});

const chatIn = (s, chatId) => s.chats.find((c) => c.chatId === chatId);
const overviewRow = (s, chatId) => s.supervision?.chats.find((c) => c.chatId === chatId);
const hasText = (events, text) => events.some((e) => e.kind === 'text' && e.text === text);

test('a supervisor watches a live chat, whispers to the agent and takes it over; the customer sees neither note', { timeout: 240000 }, async () => {
  const anna = await openDesktop(browser, server.baseUrl);
  const sam = await openDesktop(browser, server.baseUrl, { viewport: { width: 1280, height: 720 }, dpr: 2 });
  const customer = await openCustomer(browser, server.baseUrl, { caps: 'files,location' });
  try {
    await login(anna.page, 'anna', 'demo-anna');
    await setReady(anna.page);
    await login(sam.page, 'sam', 'demo-sam');
    await waitForSnapshot(sam.page, (s) => s.role === 'supervisor' && s.supervision?.received === true,
      { what: 'the supervisor overview' });

    // ---- Customer and agent talk ----
    const chatId = await startCustomerChat(customer.page, { name: 'Max Mustermann' });
    await acceptOffer(anna.page);
    await selectChat(anna.page, chatId);
    await sendFromCustomer(customer.page, 'Ich hatte einen Unfall auf der A100');
    await waitForSnapshot(anna.page, (s) => hasText(chatIn(s, chatId)?.events ?? [], 'Ich hatte einen Unfall auf der A100'),
      { what: 'the customer text at Anna' });
    let s = await waitForSnapshot(sam.page, (x) => overviewRow(x, chatId)?.awaitingReplySince != null,
      { what: 'the chat in the overview, waiting for a reply' });
    assert.equal(overviewRow(s, chatId).agent, 'Anna Berger');
    await sendFromDesktop(anna.page, 'Sind Sie verletzt?');

    // ---- Anna asks for help: the chat goes on top of Sam's list with the reason ----
    await clickWidget(anna.page, 'Flag for help##flag');
    await typeInto(anna.page, '##flag_reason', FLAG_REASON);
    await clickWidget(anna.page, 'Flag##send_flag');
    await waitForSnapshot(anna.page, (x) => chatIn(x, chatId)?.flag?.reason === FLAG_REASON, { what: 'the flag at Anna' });
    s = await waitForSnapshot(sam.page, (x) => x.supervision?.chats[0]?.chatId === chatId
      && x.supervision.chats[0].flag?.reason === FLAG_REASON, { what: 'the flagged chat first in the overview' });
    assert.equal(s.supervision.chats[0].flag.by, 'Anna Berger');
    assert.ok(s.supervision.agents.some((a) => a.displayName === 'Anna Berger' && a.online && a.load === 1));
    await waitForWidget(sam.page, `Watch##${chatId}`);
    await sam.page.evaluate(() => window.agentdesk.wake());
    await keepScreenshot(sam.page, 'supervisor-1-overview');

    // ---- Sam watches: the log so far, then live; Anna is told ----
    await clickWidget(sam.page, `Watch##${chatId}`);
    s = await waitForSnapshot(sam.page, (x) => x.watched?.chatId === chatId && x.watched.watching
      && hasText(x.watched.events, 'Sind Sie verletzt?'), { what: 'the watched chat loaded' });
    assert.ok(hasText(s.watched.events, 'Ich hatte einen Unfall auf der A100'));
    await waitForSnapshot(anna.page, (x) => (chatIn(x, chatId)?.watchers ?? []).includes('Sam Supervisor'),
      { what: '"Supervisor watching" at Anna' });
    await sendFromCustomer(customer.page, 'Mein Beifahrer hat Schmerzen');
    await waitForSnapshot(sam.page, (x) => hasText(x.watched?.events ?? [], 'Mein Beifahrer hat Schmerzen'),
      { what: 'a live customer text at the supervisor' });
    await waitForWidget(sam.page, 'Whisper##watched', { enabled: false });
    await sam.page.evaluate(() => window.agentdesk.wake());
    await keepScreenshot(sam.page, 'supervisor-2-watching');

    // ---- The whisper: Anna sees it in her transcript; the customer never does ----
    await typeInto(sam.page, '##whisper', WHISPER);
    await sam.page.keyboard.press('Enter');
    await waitForSnapshot(sam.page, (x) => x.watched?.internal.some((i) => i.kind === 'whisper' && i.text === WHISPER),
      { what: 'the whisper stored (supervisor)' });
    s = await waitForSnapshot(anna.page, (x) => (chatIn(x, chatId)?.internal ?? []).some((i) => i.kind === 'whisper'
      && i.text === WHISPER), { what: 'the whisper at Anna' });
    assert.equal(chatIn(s, chatId).internal.find((i) => i.kind === 'whisper').by, 'Sam Supervisor');
    await anna.page.evaluate(() => window.agentdesk.wake());
    await keepScreenshot(anna.page, 'supervisor-3-agent-hears-whisper');

    // ---- Sam takes the chat over: Anna's desk loses it, Sam writes to the customer ----
    await clickWidget(sam.page, 'Take over##watched');
    s = await waitForSnapshot(sam.page, (x) => chatIn(x, chatId)?.status === 'active' && x.watched === null,
      { what: 'the chat held by Sam' });
    await waitForSnapshot(anna.page, (x) => !chatIn(x, chatId), { what: 'the chat gone from Anna' });
    await selectChat(sam.page, chatId);
    await sendFromDesktop(sam.page, 'Ich bin Sam, der Schichtleiter. Der Rettungswagen ist unterwegs.');
    await waitFor(async () => (await customerMessages(customer.page)).some((m) => !m.mine
      && m.text.includes('Der Rettungswagen ist unterwegs')), { timeoutMs: 30000, what: 'Sam\'s text at the customer' });
    await sendFromCustomer(customer.page, 'Danke!');
    await waitForSnapshot(sam.page, (x) => hasText(chatIn(x, chatId)?.events ?? [], 'Danke!'), { what: 'the customer answers Sam' });
    await sam.page.evaluate(() => window.agentdesk.wake());
    await keepScreenshot(sam.page, 'supervisor-4-taken-over');
    await keepScreenshot(customer.page, 'supervisor-5-customer');

    // ---- What the customer saw: the conversation, Sam joining, and nothing staff-only ----
    const shown = await customer.page.evaluate(() => document.body.innerText);
    assert.ok(shown.includes('Sam Supervisor'), 'the customer sees who took over');
    assert.ok(!shown.includes(WHISPER), 'the whisper is not on the customer\'s screen');
    assert.ok(!shown.includes(FLAG_REASON), 'the flag is not on the customer\'s screen');
    const stored = await customer.page.evaluate(() => JSON.stringify(window.agentdeskApp.client.events));
    assert.ok(!stored.includes(WHISPER));

    const errors = [...anna.errors, ...sam.errors, ...customer.errors];
    assert.deepEqual(errors, [], 'no page errors');
  } finally {
    await customer.context.close();
    await sam.context.close();
    await anna.context.close();
  }
});
