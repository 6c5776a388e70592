// File upload over HTTP (fetch path, as in Node) and download by token, against the fake server.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeChatServer } from './fake-server.mjs';
import { makeClient, waitFor, START, BOUNDED } from './helpers.mjs';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);

let server;
let client;
let seen;
beforeEach(async () => {
  server = await new FakeChatServer().listen();
  ({ client, seen } = makeClient(server));
  await client.start(START);
  await waitFor(() => client.status === 'online', 'online');
});
afterEach(async () => {
  client.close();
  await server.close();
});

test('upload: progress, 201 answer, file event, download by token', BOUNDED, async () => {
  const progress = [];
  const job = client.uploadFile(new Blob([PNG], { type: 'image/png' }), { name: 'unfall.png', onProgress: (p) => progress.push(p) });
  const answer = await job.promise;
  assert.equal(answer.file.mime, 'image/png');
  assert.equal(answer.file.size, PNG.length);
  assert.deepEqual(progress.at(-1), { loaded: PNG.length, total: PNG.length });
  await waitFor(() => seen.events.some((e) => e.kind === 'file'), 'file event');
  const event = seen.events.find((e) => e.kind === 'file');
  assert.equal(event.clientId, job.clientId);
  const url = client.fileUrl(answer.file.fileId);
  assert.match(url, /\/api\/files\/f1\?token=/);
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
});

test('upload: retry with the same clientId answers the original and appends nothing', BOUNDED, async () => {
  const a = await client.uploadFile(PNG, { name: 'a.png', clientId: 'u-retry' }).promise;
  const b = await client.uploadFile(PNG, { name: 'a.png', clientId: 'u-retry' }).promise;
  assert.deepEqual(a, b);
  assert.equal(server.eventsOf(client.chatId, 'file').length, 1);
});

test('upload: the server refuses a type by magic bytes with its typed code', BOUNDED, async () => {
  await assert.rejects(client.uploadFile(Buffer.from('MZ not an image'), { name: 'virus.png' }).promise, (e) => e.code === 'unsupported_type' && e.status === 415);
  await assert.rejects(client.uploadFile(PNG, { name: 'photo.jpg' }).promise, (e) => e.status === 415);
});

test('upload: the size limit at its edge is checked before sending', BOUNDED, async () => {
  const limit = client.limits.maxUploadBytes;
  const tooBig = { size: limit + 1, name: 'big.png' }; // a Blob-like that must never be read
  await assert.rejects(client.uploadFile(tooBig).promise, (e) => e.code === 'too_large' && e.limit === limit);
  await assert.rejects(client.uploadFile(PNG).promise, (e) => e.code === 'invalid_field' && e.field === 'name');
});

test('upload: network failure is the value network', BOUNDED, async () => {
  const failing = makeClient(server, { fetch: async () => { throw new TypeError('fetch failed'); } });
  await failing.client.start(START);
  await waitFor(() => failing.client.status === 'online', 'online');
  await assert.rejects(failing.client.uploadFile(PNG, { name: 'a.png' }).promise, (e) => e.code === 'network');
  failing.client.close();
});
