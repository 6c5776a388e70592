// The client library against the in-process fake server: sessions, sending, sync, resume and resend after drops.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { FakeChatServer } from './fake-server.mjs';
import { makeClient, waitFor, sleep, START, seqs, FAST, BOUNDED } from './helpers.mjs';
import { CustomerChatClient, createMemoryStorage, DEFAULT_SETTINGS } from '../../web/customer/agentdesk-client.js';

const FAST_RESYNCS = DEFAULT_SETTINGS.maxResyncWithoutProgress;

let server;
const clients = [];
const track = (made) => (clients.push(made.client), made);

beforeEach(async () => {
  server = await new FakeChatServer().listen();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

async function startedClient(options) {
  const made = track(makeClient(server, options));
  const chat = await made.client.start(START);
  await waitFor(() => server.received.some((r) => r.frame.type === 'chat.sync'), 'first sync');
  await waitFor(() => made.client.status === 'online', 'online');
  return { ...made, chat };
}

test('start: welcome, normalized phone, known capabilities only, token stored', BOUNDED, async () => {
  const { client, storage, chat } = await startedClient();
  assert.equal(chat.status, 'queued');
  const start = server.received.find((r) => r.frame.type === 'customer.start').frame;
  assert.equal(start.protocol, 1);
  assert.equal(start.phone, '+4915112345678');
  assert.deepEqual(start.capabilities, ['phone', 'location', 'files']);
  assert.deepEqual(start.context, { Policy: 'KFZ-2231-77' });
  const saved = JSON.parse(storage.getItem('agentdesk.chat'));
  assert.equal(saved.token, server.onlyChat().token);
  assert.equal(saved.chatId, chat.chatId);
  assert.equal(client.hasStoredChat, true);
});

test('start: an invalid phone is refused before anything is sent', BOUNDED, async () => {
  const { client } = track(makeClient(server));
  await assert.rejects(client.start({ ...START, phone: '030 123' }), (e) => e.code === 'invalid_field' && e.field === 'phone');
  await assert.rejects(client.start({ ...START, name: '  ' }), (e) => e.field === 'name');
  await assert.rejects(client.start({ ...START, name: 'x'.repeat(81) }), (e) => e.field === 'name');
  await sleep(30);
  assert.equal(server.received.length, 0);
  assert.equal(client.status, 'idle');
});

test('sendText: acked once, the event is applied once, the outbox empties', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  const outboxSizes = [];
  client.on('outbox', (o) => outboxSizes.push(o.length));
  const ack = await client.sendText('Hallo, ich hatte einen Unfall');
  assert.equal(ack.seq, 1);
  await waitFor(() => seen.events.length === 1, 'event');
  assert.equal(seen.events[0].body.text, 'Hallo, ich hatte einen Unfall');
  assert.equal(seen.events[0].author.role, 'customer');
  assert.deepEqual(client.outbox, []);
  assert.deepEqual(outboxSizes, [1, 0]);
  assert.equal(client.lastSeq, 1);
});

test('sendText: the text limit at its edge (code points)', BOUNDED, async () => {
  const { client } = await startedClient();
  await client.sendText('🚗'.repeat(4000));
  await assert.rejects(client.sendText('🚗'.repeat(4001)), (e) => e.code === 'too_large' && e.limit === 4000);
  await assert.rejects(client.sendText('   '), (e) => e.code === 'invalid_field');
  assert.equal(server.eventsOf(server.onlyChat().chatId, 'text').length, 1);
});

test('a send whose ack was lost is resent after the reconnect and not doubled', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  const chatId = client.chatId;
  server.loseNextAcks(1);
  const sent = client.sendText('first');
  await waitFor(() => server.eventsOf(chatId, 'text').length === 1, 'committed');
  // Stop the event push too, so the client only learns through resend + ack / sync.
  server.dropSockets(chatId);
  const ack = await sent;
  assert.equal(ack.seq, 1);
  await waitFor(() => client.status === 'online' && seen.events.length === 1, 'back online');
  await sleep(50);
  assert.equal(server.eventsOf(chatId, 'text').length, 1);
  assert.deepEqual(seqs(client.events), [1]);
  assert.deepEqual(client.outbox, []);
  assert.ok(seen.statuses.some((s) => s.status === 'offline'));
});

test('sends made while offline are delivered in order after the reconnect, once each', BOUNDED, async () => {
  const { client } = await startedClient({ settings: { reconnectMinDelayMs: 150, reconnectMaxDelayMs: 150 } });
  const chatId = client.chatId;
  server.dropSockets(chatId);
  await waitFor(() => client.status === 'offline', 'offline');
  const acks = await Promise.all(['one', 'two', 'three'].map((t) => client.sendText(t)));
  assert.deepEqual(acks.map((a) => a.seq), [1, 2, 3]);
  assert.deepEqual(server.eventsOf(chatId, 'text').map((e) => e.body.text), ['one', 'two', 'three']);
  await waitFor(() => client.lastSeq === 3, 'events applied');
  assert.deepEqual(seqs(client.events), [1, 2, 3]);
});

test('events of a dropped socket are caught up by chat.sync from the last seq held', BOUNDED, async () => {
  const { client, seen } = await startedClient({ settings: { reconnectMinDelayMs: 100, reconnectMaxDelayMs: 100 } });
  const chatId = client.chatId;
  server.agentJoin(chatId);
  await waitFor(() => client.lastSeq === 1, 'joined');
  server.dropSockets(chatId);
  await waitFor(() => client.status === 'offline', 'offline');
  server.agentSend(chatId, 'text', { text: 'Sind Sie verletzt?' });
  server.agentSend(chatId, 'location_request', {});
  await waitFor(() => client.lastSeq === 3, 'caught up');
  const syncs = server.received.filter((r) => r.frame.type === 'chat.sync').map((r) => r.frame.after);
  assert.deepEqual(syncs, [0, 1]);
  assert.deepEqual(seqs(seen.events), [1, 2, 3]);
  assert.equal(client.chat.status, 'active');
  assert.equal(client.chat.agent.displayName, 'Anna Berger');
});

test('a gap triggers a re-sync; duplicates are ignored', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  const chatId = client.chatId;
  server.skipPushes(chatId, 1); // seq 1 is committed but its push is lost
  server.agentJoin(chatId);
  server.agentSend(chatId, 'text', { text: 'Hallo' });
  await waitFor(() => client.lastSeq === 2, 'gap filled');
  const syncs = server.received.filter((r) => r.frame.type === 'chat.sync').map((r) => r.frame.after);
  assert.deepEqual(syncs, [0, 0]);
  // Replay both events: nothing changes.
  for (const event of server.eventsOf(chatId)) server.injectRaw(chatId, JSON.stringify({ type: 'event', chatId, event }));
  await sleep(50);
  assert.deepEqual(seqs(seen.events), [1, 2]);
});

test('bad frames from the server are reported as errors and the session keeps working', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  const chatId = client.chatId;
  server.injectRaw(chatId, '{not json');
  server.injectRaw(chatId, JSON.stringify({ type: 'event', chatId, event: { seq: 'one' } }));
  server.injectRaw(chatId, JSON.stringify({ type: 'queue', chatId, position: 'first' }));
  server.injectRaw(chatId, JSON.stringify({ type: 'event', chatId: 'c999', event: { seq: 1, ts: 1, author: { role: 'agent' }, kind: 'text', body: { text: 'x' } } }));
  server.injectRaw(chatId, JSON.stringify({ type: 'ack', rid: '999', chatId, clientId: 'never-sent', seq: 7, ts: 1 }));
  await waitFor(() => seen.errors.length >= 4, 'errors reported');
  assert.ok(seen.errors.every((e) => e.code === 'bad_frame'));
  assert.equal(client.lastSeq, 0);
  assert.equal((await client.sendText('still here')).seq, 1);
  assert.equal(client.status, 'online');
});

test('an event whose body is invalid consumes its seq but is not shown', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  const chatId = client.chatId;
  server.agentSend(chatId, 'text', { text: '' });
  server.agentSend(chatId, 'text', { text: 'ok' });
  await waitFor(() => client.lastSeq === 2, 'both seqs consumed');
  assert.deepEqual(seen.events.map((e) => e.body.text), ['ok']);
  assert.ok(seen.errors.some((e) => e.code === 'bad_frame' && /event 1/.test(e.message)));
});

test('resume after a reload: same chat, full history, an unsent message is sent once', BOUNDED, async () => {
  const storage = createMemoryStorage();
  const first = track(makeClient(server, { storage }));
  await first.client.start(START);
  await waitFor(() => first.client.status === 'online', 'online');
  const chatId = first.client.chatId;
  await first.client.sendText('before reload');
  // Offline when the page is closed: the message is only in the stored outbox.
  first.client.close();
  first.client.sendText('typed offline').catch(() => {});
  const second = track(makeClient(server, { storage }));
  assert.equal(second.client.hasStoredChat, true);
  assert.equal(second.client.outbox.length, 1);
  const chat = await second.client.resume();
  assert.equal(chat.chatId, chatId);
  await waitFor(() => second.client.lastSeq === 2 && second.client.outbox.length === 0, 'history and resend');
  assert.deepEqual(server.eventsOf(chatId, 'text').map((e) => e.body.text), ['before reload', 'typed offline']);
  assert.deepEqual(second.seen.events.map((e) => e.body.text), ['before reload', 'typed offline']);
});

test('resume after a reload when the unacked message had been committed: not doubled', BOUNDED, async () => {
  const storage = createMemoryStorage();
  const first = track(makeClient(server, { storage }));
  await first.client.start(START);
  await waitFor(() => first.client.status === 'online', 'online');
  const chatId = first.client.chatId;
  server.loseNextAcks(1);
  server.skipPushes(chatId, 1);
  first.client.sendText('ack lost').catch(() => {});
  await waitFor(() => server.eventsOf(chatId, 'text').length === 1, 'committed');
  first.client.close();
  assert.equal(JSON.parse(storage.getItem('agentdesk.chat')).outbox.length, 1);
  const second = track(makeClient(server, { storage }));
  await second.client.resume();
  await waitFor(() => second.client.lastSeq === 1 && second.client.outbox.length === 0, 'synced');
  await sleep(50);
  assert.equal(server.eventsOf(chatId, 'text').length, 1);
  assert.equal(JSON.parse(storage.getItem('agentdesk.chat')).outbox.length, 0);
  // The sync showed the event with our clientId, so it was not even resent.
  assert.equal(server.received.filter((r) => r.frame.type === 'chat.send').length, 1);
});

test('resume with an unknown token: unauthorized, the stored chat is forgotten', BOUNDED, async () => {
  const storage = createMemoryStorage();
  storage.setItem('agentdesk.chat', JSON.stringify({ token: 'x'.repeat(43), chatId: 'c404', outbox: [] }));
  const { client, seen } = track(makeClient(server, { storage }));
  await assert.rejects(client.resume(), (e) => e.code === 'unauthorized');
  assert.equal(storage.getItem('agentdesk.chat'), null);
  assert.equal(client.hasStoredChat, false);
  assert.equal(client.status, 'idle');
  assert.ok(seen.errors.some((e) => e.code === 'unauthorized'));
  await assert.rejects(client.resume(), (e) => e.code === 'no_chat');
});

test('corrupt storage is treated as no chat', BOUNDED, () => {
  const storage = createMemoryStorage();
  storage.setItem('agentdesk.chat', '{"token":');
  const { client } = track(makeClient(server, { storage }));
  assert.equal(client.hasStoredChat, false);
});

test('receipts: delivered on receive, read on markRead, the agent marks are reported', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  const chatId = client.chatId;
  server.agentJoin(chatId);
  server.agentSend(chatId, 'text', { text: 'Hallo' });
  await waitFor(() => server.onlyChat().receipts.customer.delivered === 2, 'delivered mark');
  assert.equal(server.onlyChat().receipts.customer.read, 0);
  client.markRead();
  await waitFor(() => server.onlyChat().receipts.customer.read === 2, 'read mark');
  const marks = server.received.filter((r) => r.frame.type === 'chat.mark').map((r) => r.frame);
  assert.deepEqual(marks.map((m) => [m.delivered, m.read]), [[2, undefined], [undefined, 2]]);
  client.markRead(); // nothing new: no frame
  await client.sendText('Danke');
  server.agentMarks(chatId, 3, 3);
  await waitFor(() => seen.receipts.some((r) => r.role === 'agent' && r.read === 3), 'agent receipt');
  assert.deepEqual(client.receipts.agent, { delivered: 3, read: 3 });
  assert.equal(server.received.filter((r) => r.frame.type === 'chat.mark').length, 2);
});

test('typing: refreshes throttled to one per typingRefreshMs, false sent once', BOUNDED, async () => {
  let now = 1000;
  const { client } = await startedClient({ timers: { now: () => now } });
  for (let i = 0; i < 10; i++) client.setTyping(true);
  now += 1999;
  client.setTyping(true);
  now += 1;
  client.setTyping(true);
  client.setTyping(false);
  client.setTyping(false);
  await sleep(50);
  const typing = server.received.filter((r) => r.frame.type === 'typing').map((r) => r.frame.active);
  assert.deepEqual(typing, [true, true, false]);
});

test('queue position, agent typing and rtc signaling reach the listeners', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  const chatId = client.chatId;
  server.setQueuePosition(chatId, 3);
  server.setQueuePosition(chatId, 1);
  await waitFor(() => seen.queue.length === 2, 'queue');
  assert.deepEqual(seen.queue.map((q) => q.position), [3, 1]);
  assert.equal(client.queuePosition, 1);
  server.agentJoin(chatId);
  server.agentTyping(chatId, true);
  await waitFor(() => client.agentTyping !== null, 'typing');
  assert.equal(client.agentTyping.name, 'Anna Berger');
  server.agentSend(chatId, 'text', { text: 'Da bin ich' });
  await waitFor(() => client.agentTyping === null, 'typing cleared by the message');
  server.agentTyping(chatId, true);
  await waitFor(() => client.agentTyping !== null, 'typing again');
  server.dropSockets(chatId);
  await waitFor(() => client.agentTyping === null, 'typing cleared by the drop');
  await waitFor(() => client.status === 'online', 'back online');
  server.agentRtc(chatId, 'k1', { sdp: { type: 'offer', sdp: 'v=0' } });
  await waitFor(() => seen.rtc.length === 1, 'rtc');
  assert.deepEqual(seen.rtc[0], { callId: 'k1', from: 'agent', data: { sdp: { type: 'offer', sdp: 'v=0' } } });
  assert.equal(client.sendRtcSignal('k1', { sdp: { type: 'answer', sdp: 'v=0' } }), true);
  await waitFor(() => server.rtcToAgent.length === 1, 'rtc relayed');
  assert.equal(server.rtcToAgent[0].data.sdp.type, 'answer');
});

test('location, context and call answers are sent as chat events', BOUNDED, async () => {
  const { client } = await startedClient();
  const chatId = client.chatId;
  await client.sendLocation({ lat: 52.5163, lon: 13.3777, accuracy: 8 });
  await assert.rejects(client.sendLocation({ lat: 91, lon: 0, accuracy: 5 }), (e) => e.field === 'lat');
  await assert.rejects(client.sendLocation({ lat: 52, lon: 13 }), (e) => e.field === 'accuracy');
  await client.sendContext({ Vehicle: 'VW Golf' });
  server.agentJoin(chatId);
  server.agentSend(chatId, 'call', { action: 'requested', mode: 'phone', number: '+4915112345678' });
  await client.answerCall(true, 'phone');
  await client.answerCall(false, 'webrtc');
  const kinds = server.eventsOf(chatId).map((e) => [e.kind, e.body.action ?? e.body.lat ?? e.body.values?.Vehicle ?? null]);
  assert.deepEqual(kinds, [['location', 52.5163], ['context', 'VW Golf'], ['joined', null], ['call', 'requested'], ['call', 'accepted'], ['call', 'declined']]);
  await waitFor(() => client.chat.context?.Vehicle === 'VW Golf' && client.chat.lastLocation?.lat === 52.5163, 'summary updated');
});

test('end: ended event, status ended, further sends refused, no reconnect after the close', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  const chatId = client.chatId;
  await client.end('resolved');
  await waitFor(() => client.status === 'ended', 'ended');
  assert.equal(client.chat.status, 'ended');
  await assert.rejects(client.sendText('more'), (e) => e.code === 'conflict');
  server.dropSockets(chatId);
  await sleep(100);
  assert.equal(server.customerSockets(chatId), 0);
  assert.equal(seen.statuses.at(-1).status, 'ended');
});

test('a send refused by the server leaves the outbox and rejects with its code', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  const chatId = client.chatId;
  server.skipPushes(chatId, 1); // the client does not learn that the chat ended
  server.agentEnd(chatId);
  await assert.rejects(client.sendText('too late'), (e) => e.code === 'conflict' && typeof e.clientId === 'string');
  assert.deepEqual(client.outbox, []);
  assert.ok(seen.errors.some((e) => e.code === 'conflict' && e.kind === 'text'));
  assert.equal(server.eventsOf(chatId, 'text').length, 0);
});

test('end while offline is refused with offline', BOUNDED, async () => {
  const { client } = await startedClient({ settings: { reconnectMinDelayMs: 500, reconnectMaxDelayMs: 500 } });
  server.dropSockets(client.chatId);
  await waitFor(() => client.status === 'offline', 'offline');
  await assert.rejects(client.end(), (e) => e.code === 'offline');
});

test('reconnect backoff doubles up to the ceiling, jitter lowers each delay', BOUNDED, async () => {
  const deadServer = await new FakeChatServer().listen();
  const url = deadServer.wsUrl;
  await deadServer.close();
  for (const [random, expected] of [[0, [20, 40, 80, 160, 200, 200]], [1, [10, 20, 40, 80, 100, 100]]]) {
    const client = new CustomerChatClient({ url, WebSocket, storage: createMemoryStorage(), random: () => random, settings: FAST });
    clients.push(client);
    const delays = [];
    client.on('status', (s) => s.status === 'offline' && delays.push(s.delayMs));
    client.on('error', () => {});
    client.start(START).catch(() => {});
    await waitFor(() => delays.length >= 6, 'six retries', 5000);
    client.close();
    assert.deepEqual(delays.slice(0, 6), expected);
  }
});

test('the outbox limit is a setting, refused at its edge', BOUNDED, async () => {
  const { client } = await startedClient({ settings: { maxOutboxItems: 2, reconnectMinDelayMs: 1000, reconnectMaxDelayMs: 1000 } });
  server.dropSockets(client.chatId);
  await waitFor(() => client.status === 'offline', 'offline');
  client.sendText('a').catch(() => {});
  client.sendText('b').catch(() => {});
  await assert.rejects(client.sendText('c'), (e) => e.code === 'outbox_full' && e.limit === 2);
});

test('a throwing listener does not break the client', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  client.on('event', () => { throw new Error('boom'); });
  await client.sendText('hi');
  await waitFor(() => seen.errors.some((e) => e.code === 'listener_failed'), 'listener error');
  assert.equal((await client.sendText('again')).seq, 2);
});

test('rate_limited: the send stays in the outbox and is retried after retryAfterMs, once', BOUNDED, async () => {
  const { client, seen } = await startedClient();
  server.rateLimitNext(2, 40);
  const started = Date.now();
  const ack = await client.sendText('patience');
  assert.ok(Date.now() - started >= 70, 'two waits of retryAfterMs');
  assert.equal(ack.seq, 1);
  assert.equal(server.received.filter((r) => r.frame.type === 'chat.send').length, 3);
  assert.equal(server.eventsOf(client.chatId, 'text').length, 1);
  assert.deepEqual(seen.errors, []);
});

test('a server announcing events it never sends: bounded re-syncs, then sync_failed', BOUNDED, async () => {
  server.lieAboutLastSeq(5);
  const { client, seen } = await startedClient();
  await waitFor(() => seen.errors.some((e) => e.code === 'sync_failed'), 'sync_failed');
  const syncs = server.received.filter((r) => r.frame.type === 'chat.sync').length;
  assert.equal(syncs, 1 + FAST_RESYNCS);
  await sleep(50);
  assert.equal(server.received.filter((r) => r.frame.type === 'chat.sync').length, syncs);
  assert.equal((await client.sendText('still works')).seq, 1);
});

test('reconnectNow skips the backoff wait', BOUNDED, async () => {
  const { client } = await startedClient({ settings: { reconnectMinDelayMs: 60000, reconnectMaxDelayMs: 60000 } });
  assert.equal(client.reconnectNow(), false); // online: nothing to do
  server.dropSockets(client.chatId);
  await waitFor(() => client.status === 'offline', 'offline');
  assert.equal(client.reconnectNow(), true);
  await waitFor(() => client.status === 'online', 'online again without waiting a minute');
});

test('a start refused as unavailable is retried with backoff; invalid_field is final', BOUNDED, async () => {
  server.refuseHelloNext(2, 'unavailable');
  const { client, seen } = track(makeClient(server));
  const chat = await client.start(START);
  assert.equal(chat.status, 'queued');
  assert.equal(server.received.filter((r) => r.frame.type === 'customer.start').length, 3);
  assert.equal(seen.errors.filter((e) => e.code === 'unavailable').length, 2);

  server.refuseHelloNext(1, 'invalid_field');
  const other = track(makeClient(server));
  await assert.rejects(other.client.start(START), (e) => e.code === 'invalid_field');
  await sleep(100);
  assert.equal(other.client.status, 'idle');
  assert.equal(server.received.filter((r) => r.frame.type === 'customer.start').length, 4);
});
