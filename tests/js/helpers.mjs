// Shared helpers for the client library tests: bounded waiting and a client wired to Node's `ws`.
import WebSocket from 'ws';
import { CustomerChatClient, createMemoryStorage } from '../../web/customer/agentdesk-client.js';

/** Polls `predicate` every 5 ms until true; fails after `timeoutMs` (every wait is bounded). */
export async function waitFor(predicate, what, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fast settings so reconnect and receipts happen within test time. */
export const FAST = { reconnectMinDelayMs: 20, reconnectMaxDelayMs: 200, markDelayMs: 10, connectTimeoutMs: 2000 };

export function makeClient(server, { storage = createMemoryStorage(), settings = {}, ...rest } = {}) {
  const client = new CustomerChatClient({ url: server.wsUrl, WebSocket, storage, settings: { ...FAST, ...settings }, ...rest });
  const seen = { errors: [], statuses: [], events: [], receipts: [], typing: [], queue: [], rtc: [] };
  client.on('error', (e) => seen.errors.push(e));
  client.on('status', (s) => seen.statuses.push(s));
  client.on('event', ({ event }) => seen.events.push(event));
  client.on('receipt', (r) => seen.receipts.push(r));
  client.on('typing', (t) => seen.typing.push(t));
  client.on('queue', (q) => seen.queue.push(q));
  client.on('rtc', (r) => seen.rtc.push(r));
  return { client, storage, seen };
}

export const START = { name: 'Max Mustermann', phone: '+49 151 1234 5678', capabilities: ['phone', 'location', 'files', 'teleport'], context: { Policy: 'KFZ-2231-77' }, language: 'de', app: 'Test' };

/** Seqs of the applied events, for asserting "in order, no gaps, no doubles". */
export const seqs = (events) => events.map((e) => e.seq);

/** Options for every test: a hung promise fails the test after this time instead of hanging the run. */
export const BOUNDED = { timeout: 20000 };
