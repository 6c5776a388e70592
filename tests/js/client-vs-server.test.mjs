// The client library against the real chat server binary (env AGENTDESK_SERVER, default
// build-server/src/server/agentdesk-server), with a raw WebSocket playing the agent. Skips, saying so, only when
// the binary is absent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createHmac } from 'node:crypto';
import { CustomerChatClient, createMemoryStorage } from '../../web/customer/agentdesk-client.js';
import { waitFor as waitForBounded, FAST, START } from './helpers.mjs';
import { startRealServer, serverMissing, AgentProbe as Probe, WAIT_MS } from './real-server.mjs';

const skip = serverMissing;
const waitFor = (predicate, what, ms = WAIT_MS) => waitForBounded(predicate, what, ms);
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let server;
let wsUrl;
const sockets = []; // every customer socket the library opened, so a test can kill one (a dropped network)
class TrackedWebSocket extends WebSocket {
  constructor(...args) {
    super(...args);
    sockets.push(this);
  }
}
class AgentProbe extends Probe {
  constructor() {
    super(wsUrl);
  }
}

function makeClient(storage = createMemoryStorage()) {
  const client = new CustomerChatClient({ url: wsUrl, WebSocket: TrackedWebSocket, storage, settings: FAST });
  const errors = [];
  client.on('error', (e) => errors.push(e));
  return { client, storage, errors };
}

const IDENTITY_SECRET = 'js-identity-secret-0123456789abcdef';
const userHash = (userId, secret = IDENTITY_SECRET) => createHmac('sha256', secret).update(userId).digest('hex');

before(async () => {
  if (skip) return;
  server = await startRealServer({ args: ['--set', `customerIdentitySecret=${IDENTITY_SECRET}`] });
  wsUrl = server.wsUrl;
});

after(async () => {
  await server?.stop();
});

test('a whole chat against the real server: queue, offer, texts, receipts, drop, resume, upload, end', { skip, timeout: 120000 }, async () => {
  const agent = await new AgentProbe().connect();
  const welcome = await agent.request({ type: 'agent.login', protocol: 1, username: 'anna', password: 'demo-anna' });
  assert.equal(welcome.type, 'agent.welcome', JSON.stringify(welcome));
  const ready = await agent.request({ type: 'agent.presence', state: 'ready' });
  assert.equal(ready.state, 'ready');

  // Start: the library normalizes the phone; the server assigns a chat and offers it to the ready agent.
  const { client, storage, errors } = makeClient();
  const chat = await client.start(START);
  assert.equal(chat.customer.phone, '+4915112345678');
  assert.deepEqual(chat.customer.capabilities, ['phone', 'location', 'files']);
  const offer = await agent.next((f) => f.type === 'offer' && f.chat.chatId === chat.chatId, 'offer');
  const assigned = await agent.request({ type: 'offer.accept', offerId: offer.offerId });
  assert.equal(assigned.type, 'chat.assigned', JSON.stringify(assigned));
  await waitFor(() => client.chat?.status === 'active', 'customer sees the agent join');
  assert.equal(client.chat.agent.displayName, 'Anna Berger');

  // Texts both ways, with ack and delivered/read receipts.
  const ack = await client.sendText('Ich hatte einen Unfall auf der A100 🚗');
  assert.ok(ack.seq > 0);
  await agent.next((f) => f.type === 'event' && f.event.clientId !== undefined && f.event.body?.text?.startsWith('Ich hatte'), 'agent gets the text');
  const agentSend = await agent.request({ type: 'chat.send', chatId: chat.chatId, clientId: 'a-1', kind: 'text', body: { text: 'Sind Sie verletzt?' } });
  assert.equal(agentSend.type, 'ack');
  await waitFor(() => client.events.some((e) => e.body.text === 'Sind Sie verletzt?'), 'customer gets the reply');
  client.markRead();
  await agent.next((f) => f.type === 'receipt' && f.role === 'customer' && f.read >= agentSend.seq, 'read receipt');

  // Typing relayed to the agent.
  client.setTyping(true);
  await agent.next((f) => f.type === 'typing' && f.active === true && f.role === 'customer', 'typing');

  // A dropped socket: sends made meanwhile arrive once, in order, and the log has no gaps or doubles.
  sockets.at(-1).terminate();
  const offlineSends = ['eins', 'zwei', 'drei'].map((t) => client.sendText(t));
  agent.send({ type: 'chat.send', rid: 'x1', chatId: chat.chatId, clientId: 'a-2', kind: 'location_request', body: {} });
  await Promise.all(offlineSends);
  await waitFor(() => client.events.some((e) => e.kind === 'location_request'), 'missed event synced');
  const history = await new AgentProbe().connect();
  await history.request({ type: 'agent.resume', protocol: 1, token: welcome.token });
  const synced = await history.request({ type: 'chat.sync', chatId: chat.chatId, after: 0 });
  assert.equal(synced.type, 'chat.synced');
  const log = history.events(chat.chatId);
  assert.deepEqual(log.map((e) => e.seq), log.map((_, i) => i + 1));
  assert.deepEqual(log.filter((e) => ['eins', 'zwei', 'drei'].includes(e.body.text)).map((e) => e.body.text), ['eins', 'zwei', 'drei']);
  assert.deepEqual(client.events.map((e) => e.seq), log.map((e) => e.seq));
  history.close();

  // Answer the location request; the agent sees it.
  await client.sendLocation({ lat: 52.4781, lon: 13.3431, accuracy: 9 });
  await agent.next((f) => f.type === 'event' && f.event.kind === 'location', 'location');

  // Upload over HTTP with the chat token; the file event reaches both; download by token URL.
  const upload = await client.uploadFile(new Blob([PNG_1X1], { type: 'image/png' }), { name: 'schaden.png' }).promise;
  assert.equal(upload.file.mime, 'image/png');
  await waitFor(() => client.events.some((e) => e.kind === 'file'), 'file event');
  const download = await fetch(client.fileUrl(upload.file.fileId));
  assert.equal(download.status, 200);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG_1X1);
  await assert.rejects(client.uploadFile(Buffer.from('not an image'), { name: 'x.png' }).promise, (e) => e.status === 415);

  // Reload: a new client with the same storage resumes the same chat with the full history.
  client.close();
  const reloaded = makeClient(storage);
  const resumed = await reloaded.client.resume();
  assert.equal(resumed.chatId, chat.chatId);
  await waitFor(() => reloaded.client.lastSeq === client.lastSeq, 'history after reload');
  assert.deepEqual(reloaded.client.events.map((e) => e.seq), client.events.map((e) => e.seq));

  // End by the customer: ended event, further sends refused.
  await reloaded.client.end('resolved');
  await waitFor(() => reloaded.client.status === 'ended', 'ended');
  await agent.next((f) => f.type === 'event' && f.event.kind === 'ended', 'agent sees the end');
  await assert.rejects(reloaded.client.sendText('noch da?'), (e) => e.code === 'conflict');
  reloaded.client.close();
  agent.close();
  assert.deepEqual(errors.filter((e) => e.code === 'bad_frame'), []);
  assert.deepEqual(reloaded.errors.filter((e) => e.code === 'bad_frame'), []);
});

test('the real server refuses a bad phone and an expired token with typed errors', { skip, timeout: 120000 }, async () => {
  // Raw frames: the library would refuse the phone itself, so this checks the server agrees with it.
  const raw = await new AgentProbe().connect();
  const refused = await raw.request({ type: 'customer.start', protocol: 1, name: 'Max', phone: '030 1234' });
  assert.equal(refused.code, 'invalid_field');
  assert.equal(refused.field, 'phone');
  raw.close();
  const storage = createMemoryStorage();
  storage.setItem('agentdesk.chat', JSON.stringify({ token: 'A'.repeat(43), chatId: 'c0', outbox: [] }));
  const { client } = makeClient(storage);
  await assert.rejects(client.resume(), (e) => e.code === 'unauthorized');
  assert.equal(client.hasStoredChat, false);
  client.close();
});

test('identity: a signed id makes the customer verified, a forged one does not, a malformed one never leaves', { skip, timeout: 60000 }, async () => {
  const signed = makeClient();
  const chat = await signed.client.start({ ...START, identity: { userId: 'u-js-1', userHash: userHash('u-js-1') } });
  assert.equal(chat.customer.verified, true);
  assert.equal(chat.customer.userId, 'u-js-1');
  signed.client.close();

  const forged = makeClient();
  const other = await forged.client.start({ ...START, identity: { userId: 'u-js-1', userHash: userHash('u-js-1', 'another-secret-0123456789') } });
  assert.equal(other.customer.verified, false, 'the chat starts, unverified');
  assert.equal(other.customer.userId, null);
  forged.client.close();

  const broken = makeClient();
  await assert.rejects(broken.client.start({ ...START, identity: { userId: 'u-js-1', userHash: 'abc' } }),
    (e) => e.code === 'invalid_field' && e.field === 'identity.userHash');
  await assert.rejects(broken.client.start({ ...START, identity: { userId: '', userHash: userHash('') } }),
    (e) => e.code === 'invalid_field' && e.field === 'identity.userId');
  assert.equal(broken.client.status, 'idle', 'nothing was sent');
  broken.client.close();
});
