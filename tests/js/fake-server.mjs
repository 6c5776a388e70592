// An in-process chat server for the customer side of docs/protocol.md, built on npm `ws` and node:http, used by
// the library's unit tests and the browser check. It keeps real append-only chat logs (seq 1, 2, 3… without gaps),
// acknowledges only committed events, answers a repeated clientId with the original ack, serves chat.sync,
// receipts, typing, rtc.signal, chat.end and the HTTP file endpoints. The agent side is driven through methods
// (agentJoin, agentSend, …) instead of a second socket, and fault hooks (dropSockets, skipPushes, injectRaw,
// loseNextAcks) let tests break the network in the ways real networks break.
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer } from 'ws';

export const FAKE_LIMITS = {
  maxTextChars: 4000, maxNameChars: 80, maxContextEntries: 32, maxContextValueChars: 500,
  maxFrameBytes: 65536, maxUploadBytes: 20000000, typingTimeoutMs: 5000,
};

const STATIC_TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

const MAGIC = [
  { mime: 'image/jpeg', ext: ['jpg', 'jpeg'], test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', ext: ['png'], test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/gif', ext: ['gif'], test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { mime: 'image/webp', ext: ['webp'], test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mime: 'application/pdf', ext: ['pdf'], test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

function normalizePhone(raw) {
  let p = String(raw).replace(/[\s\-.()]/g, '');
  if (p.startsWith('00')) p = '+' + p.slice(2);
  return /^\+\d{8,15}$/.test(p) ? p : null;
}

export class FakeChatServer {
  chats = new Map(); // chatId -> chat
  tokens = new Map(); // token -> chatId
  files = new Map(); // fileId -> {bytes, mime, name, chatId}
  received = []; // every parsed frame from customers, in order: {chatId, frame}
  rtcToAgent = []; // rtc.signal frames relayed to the agent
  #skipPushes = new Map(); // chatId -> number of upcoming event pushes to withhold (a lost frame)
  #loseAcks = 0;
  #rateLimit = { count: 0, retryAfterMs: 0 };
  #extraLastSeq = 0;
  #refuseHello = { count: 0, code: '' };
  #nextChat = 1;
  #nextFile = 1;
  #sockets = new Set();

  constructor({ staticDir = null, limits = {} } = {}) {
    this.staticDir = staticDir;
    this.limits = { ...FAKE_LIMITS, ...limits };
  }

  async listen() {
    this.http = http.createServer((req, res) => this.#onHttp(req, res).catch((err) => this.#httpError(res, 500, 'unavailable', String(err))));
    this.wss = new WebSocketServer({ server: this.http, path: '/ws', maxPayload: this.limits.maxFrameBytes });
    this.wss.on('connection', (ws) => this.#onSocket(ws));
    await new Promise((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.port = this.http.address().port;
    this.wsUrl = `ws://127.0.0.1:${this.port}/ws`;
    this.httpUrl = `http://127.0.0.1:${this.port}`;
    return this;
  }

  async close() {
    for (const ws of this.#sockets) ws.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
    this.http.closeAllConnections?.();
    await new Promise((resolve) => this.http.close(resolve));
  }

  // ----- agent side and fault hooks, driven by tests -----

  onlyChat() {
    if (this.chats.size !== 1) throw new Error(`expected one chat, have ${this.chats.size}`);
    return [...this.chats.values()][0];
  }
  setQueuePosition(chatId, position) {
    this.#pushTo(chatId, { type: 'queue', chatId, position });
  }
  agentJoin(chatId, name = 'Anna Berger') {
    const chat = this.chats.get(chatId);
    chat.status = 'active';
    chat.agent = { id: 'a1', displayName: name };
    chat.assignedAt = Date.now();
    return this.#append(chat, { role: 'system' }, 'joined', { role: 'agent', name });
  }
  agentSend(chatId, kind, body) {
    const chat = this.chats.get(chatId);
    return this.#append(chat, { role: 'agent', id: 'a1', name: chat.agent?.displayName ?? 'Agent' }, kind, body);
  }
  agentEnd(chatId, reason = 'resolved') {
    const chat = this.chats.get(chatId);
    chat.status = 'ended';
    chat.endedAt = Date.now();
    return this.#append(chat, { role: 'system' }, 'ended', { by: 'agent', reason });
  }
  agentTyping(chatId, active) {
    this.#pushTo(chatId, { type: 'typing', chatId, role: 'agent', name: this.chats.get(chatId).agent?.displayName ?? 'Agent', active });
  }
  agentMarks(chatId, delivered, read) {
    const chat = this.chats.get(chatId);
    chat.receipts.agent = { delivered, read };
    this.#pushTo(chatId, { type: 'receipt', chatId, role: 'agent', delivered, read });
  }
  agentRtc(chatId, callId, data) {
    this.#pushTo(chatId, { type: 'rtc.signal', chatId, callId, from: 'agent', data });
  }
  /** Terminates every customer socket of the chat (a dropped network). */
  dropSockets(chatId) {
    for (const ws of this.#sockets) if (ws.chatId === chatId) ws.terminate();
  }
  /** The next n event pushes of this chat are committed but not delivered (a lost frame → the client sees a gap). */
  skipPushes(chatId, n) {
    this.#skipPushes.set(chatId, n);
  }
  /** The next n acks are committed but never sent (the socket dies before the ack arrives). */
  loseNextAcks(n) {
    this.#loseAcks = n;
  }
  /** The next n chat.send are refused with rate_limited (nothing appended). */
  rateLimitNext(n, retryAfterMs) {
    this.#rateLimit = { count: n, retryAfterMs };
  }
  /** The next n customer.start/resume are refused with `code`. */
  refuseHelloNext(n, code) {
    this.#refuseHello = { count: n, code };
  }
  /** chat.synced claims `extra` more events than the log holds (a broken server). */
  lieAboutLastSeq(extra) {
    this.#extraLastSeq = extra;
  }
  injectRaw(chatId, text) {
    for (const ws of this.#sockets) if (ws.chatId === chatId) ws.send(text);
  }
  customerSockets(chatId) {
    return [...this.#sockets].filter((ws) => ws.chatId === chatId).length;
  }
  eventsOf(chatId, kind) {
    const events = this.chats.get(chatId).events;
    return kind ? events.filter((e) => e.kind === kind) : events;
  }

  // ----- WebSocket -----

  #onSocket(ws) {
    this.#sockets.add(ws);
    ws.on('close', () => this.#sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return this.#error(ws, undefined, 'bad_frame', 'binary frames are refused');
      let frame;
      try { frame = JSON.parse(data.toString()); } catch { return this.#error(ws, undefined, 'bad_json', 'not JSON'); }
      if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return this.#error(ws, undefined, 'bad_json', 'not an object');
      this.received.push({ chatId: ws.chatId, frame });
      this.#route(ws, frame);
    });
  }

  #route(ws, f) {
    const rid = f.rid;
    if (!ws.chatId) {
      if (f.type !== 'customer.start' && f.type !== 'customer.resume') return this.#error(ws, rid, 'unauthorized', 'start or resume first');
      if (this.#refuseHello.count > 0) {
        this.#refuseHello.count--;
        return this.#error(ws, rid, this.#refuseHello.code, 'refused by the test');
      }
      if (f.protocol !== 1) return this.#send(ws, { type: 'error', rid, code: 'unsupported_version', message: 'protocol 1 only', supported: [1] });
      return f.type === 'customer.start' ? this.#start(ws, f) : this.#resume(ws, f);
    }
    const chat = this.chats.get(ws.chatId);
    if (f.chatId !== undefined && f.chatId !== chat.chatId) return this.#error(ws, rid, 'forbidden', 'not your chat');
    switch (f.type) {
      case 'chat.sync': return this.#sync(ws, chat, f);
      case 'chat.send': return this.#chatSend(ws, chat, f);
      case 'chat.mark': {
        const own = chat.receipts.customer;
        if (Number.isInteger(f.delivered)) own.delivered = Math.max(own.delivered, f.delivered);
        if (Number.isInteger(f.read)) own.read = Math.max(own.read, f.read);
        return this.#send(ws, { type: 'ok', rid });
      }
      case 'typing': chat.customerTyping = !!f.active; return undefined;
      case 'rtc.signal':
        if (!chat.agent) return this.#error(ws, rid, 'unavailable', 'the agent is offline');
        this.rtcToAgent.push(f);
        return undefined;
      case 'chat.end':
        if (chat.status === 'ended') return this.#error(ws, rid, 'conflict', 'already ended');
        chat.status = 'ended';
        chat.endedAt = Date.now();
        this.#append(chat, { role: 'system' }, 'ended', { by: 'customer', reason: String(f.reason ?? '') });
        return this.#send(ws, { type: 'ok', rid });
      default: return this.#error(ws, rid, 'unknown_type', `unknown type ${f.type}`);
    }
  }

  #start(ws, f) {
    if (typeof f.name !== 'string' || f.name.trim() === '' || [...f.name].length > this.limits.maxNameChars) return this.#error(ws, f.rid, 'invalid_field', 'name', 'name');
    let phone = null;
    if (f.phone !== undefined) {
      phone = normalizePhone(f.phone);
      if (!phone) return this.#error(ws, f.rid, 'invalid_field', 'phone: not E.164', 'phone');
    }
    const chatId = `c${this.#nextChat++}`;
    const token = randomBytes(32).toString('base64url');
    const chat = {
      chatId, status: 'queued', createdAt: Date.now(), assignedAt: null, endedAt: null,
      customer: { name: f.name, phone, capabilities: (f.capabilities ?? []).filter((c) => ['phone', 'location', 'files', 'webrtc'].includes(c)),
        language: f.language ?? null, app: f.app ?? null },
      context: { ...(f.context ?? {}) }, agent: null, lastLocation: null,
      events: [], acks: new Map(), receipts: { customer: { delivered: 0, read: 0 }, agent: { delivered: 0, read: 0 } }, token,
    };
    this.chats.set(chatId, chat);
    this.tokens.set(token, chatId);
    this.#welcome(ws, chat, f.rid);
  }

  #resume(ws, f) {
    const chatId = this.tokens.get(f.token);
    if (!chatId) return this.#error(ws, f.rid, 'unauthorized', 'unknown or expired token');
    this.#welcome(ws, this.chats.get(chatId), f.rid);
  }

  #welcome(ws, chat, rid) {
    ws.chatId = chat.chatId;
    this.#send(ws, { type: 'customer.welcome', rid, token: chat.token, chat: this.summary(chat), limits: this.limits });
  }

  summary(chat) {
    const { events, acks, receipts, token, customerTyping, ...rest } = chat;
    return { ...rest, lastSeq: events.length };
  }

  #sync(ws, chat, f) {
    if (!Number.isInteger(f.after) || f.after < 0) return this.#error(ws, f.rid, 'invalid_field', 'after', 'after');
    for (const event of chat.events.slice(f.after)) this.#send(ws, { type: 'event', chatId: chat.chatId, event });
    this.#send(ws, { type: 'chat.synced', rid: f.rid, chatId: chat.chatId, lastSeq: chat.events.length + this.#extraLastSeq, receipts: chat.receipts });
  }

  #chatSend(ws, chat, f) {
    if (typeof f.clientId !== 'string' || f.clientId.length < 1 || f.clientId.length > 64) return this.#error(ws, f.rid, 'invalid_field', 'clientId', 'clientId');
    if (this.#rateLimit.count > 0) {
      this.#rateLimit.count--;
      return this.#send(ws, { type: 'error', rid: f.rid, code: 'rate_limited', message: 'slow down', retryAfterMs: this.#rateLimit.retryAfterMs });
    }
    const previous = chat.acks.get(f.clientId);
    if (previous) return this.#send(ws, { ...previous, rid: f.rid }); // idempotent: the original ack, nothing appended
    if (chat.status === 'ended' || chat.status === 'closed') return this.#error(ws, f.rid, 'conflict', 'the chat has ended');
    if (!['text', 'location', 'context', 'call'].includes(f.kind)) return this.#error(ws, f.rid, 'invalid_field', 'kind', 'kind');
    const body = f.body;
    if (body === null || typeof body !== 'object') return this.#error(ws, f.rid, 'invalid_field', 'body', 'body');
    if (f.kind === 'text') {
      if (typeof body.text !== 'string' || body.text.length === 0) return this.#error(ws, f.rid, 'invalid_field', 'text: must not be empty', 'text');
      if ([...body.text].length > this.limits.maxTextChars) return this.#send(ws, { type: 'error', rid: f.rid, code: 'too_large', message: 'text too long', limit: this.limits.maxTextChars });
    }
    if (f.kind === 'location') {
      const inRange = (v, lim) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= lim;
      if (!inRange(body.lat, 90) || !inRange(body.lon, 180) || !(typeof body.accuracy === 'number' && body.accuracy >= 0)) {
        return this.#error(ws, f.rid, 'invalid_field', 'body.lat/lon/accuracy', 'body');
      }
    }
    const event = this.#append(chat, { role: 'customer', name: chat.customer.name }, f.kind, body, f.clientId);
    if (f.kind === 'context') for (const [k, v] of Object.entries(body.values)) (v === '' ? delete chat.context[k] : (chat.context[k] = v));
    const ack = { type: 'ack', chatId: chat.chatId, clientId: f.clientId, seq: event.seq, ts: event.ts };
    chat.acks.set(f.clientId, ack);
    if (this.#loseAcks > 0) {
      this.#loseAcks--;
      return undefined;
    }
    this.#send(ws, { ...ack, rid: f.rid });
  }

  #append(chat, author, kind, body, clientId) {
    const event = { seq: chat.events.length + 1, ts: Date.now(), author, kind, body };
    if (clientId !== undefined) event.clientId = clientId;
    chat.events.push(event);
    this.#pushTo(chat.chatId, { type: 'event', chatId: chat.chatId, event }, true);
    return event;
  }

  #pushTo(chatId, frame, isEvent = false) {
    if (isEvent && (this.#skipPushes.get(chatId) ?? 0) > 0) {
      this.#skipPushes.set(chatId, this.#skipPushes.get(chatId) - 1);
      return;
    }
    for (const ws of this.#sockets) if (ws.chatId === chatId) this.#send(ws, frame);
  }

  #send(ws, frame) {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  #error(ws, rid, code, message, field) {
    this.#send(ws, { type: 'error', ...(rid !== undefined ? { rid } : {}), code, message, ...(field ? { field } : {}) });
  }

  // ----- HTTP: files and the static customer app -----

  async #onHttp(req, res) {
    const url = new URL(req.url, 'http://x');
    const upload = url.pathname.match(/^\/api\/chats\/([^/]+)\/files$/);
    if (upload && req.method === 'POST') return this.#upload(req, res, decodeURIComponent(upload[1]), url);
    const download = url.pathname.match(/^\/api\/files\/([^/]+)$/);
    if (download && req.method === 'GET') return this.#download(req, res, decodeURIComponent(download[1]), url);
    if (this.staticDir && req.method === 'GET' && url.pathname.startsWith('/customer/')) return this.#static(res, url.pathname.slice('/customer/'.length) || 'index.html');
    return this.#httpError(res, 404, 'not_found', 'no such path');
  }

  #tokenChat(req, url) {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : url.searchParams.get('token');
    return this.tokens.get(token) ?? null;
  }

  async #upload(req, res, chatId, url) {
    const tokenChat = this.#tokenChat(req, url);
    if (!tokenChat) return this.#httpError(res, 401, 'unauthorized', 'token');
    const chat = this.chats.get(chatId);
    if (!chat) return this.#httpError(res, 404, 'not_found', 'chat');
    if (tokenChat !== chatId) return this.#httpError(res, 403, 'forbidden', 'not your chat');
    if (chat.status === 'ended') return this.#httpError(res, 409, 'conflict', 'chat ended');
    const clientId = url.searchParams.get('clientId');
    if (clientId && chat.acks.has('file:' + clientId)) return this.#json(res, 201, chat.acks.get('file:' + clientId));
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > this.limits.maxUploadBytes) return this.#httpError(res, 413, 'too_large', 'file too large', { limit: this.limits.maxUploadBytes });
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    const name = url.searchParams.get('name') ?? 'file';
    const type = MAGIC.find((m) => m.test(bytes));
    const ext = name.includes('.') ? name.split('.').pop().toLowerCase() : '';
    if (!type || (ext && MAGIC.some((m) => m.ext.includes(ext)) && !type.ext.includes(ext))) return this.#httpError(res, 415, 'unsupported_type', 'not an image or PDF');
    const fileId = `f${this.#nextFile++}`;
    this.files.set(fileId, { bytes, mime: type.mime, name, chatId, sha256: createHash('sha256').update(bytes).digest('hex') });
    const file = { fileId, name, mime: type.mime, size: bytes.length };
    const event = this.#append(chat, { role: 'customer', name: chat.customer.name }, 'file', file, clientId ?? undefined);
    const answer = { seq: event.seq, ts: event.ts, file };
    if (clientId) chat.acks.set('file:' + clientId, answer);
    return this.#json(res, 201, answer);
  }

  /** Adds a file as if the agent had uploaded it. */
  agentFile(chatId, name, bytes) {
    const type = MAGIC.find((m) => m.test(bytes));
    const fileId = `f${this.#nextFile++}`;
    this.files.set(fileId, { bytes, mime: type.mime, name, chatId });
    return this.agentSend(chatId, 'file', { fileId, name, mime: type.mime, size: bytes.length });
  }

  #download(req, res, fileId, url) {
    const tokenChat = this.#tokenChat(req, url);
    if (!tokenChat) return this.#httpError(res, 401, 'unauthorized', 'token');
    const file = this.files.get(fileId);
    if (!file) return this.#httpError(res, 404, 'not_found', 'file');
    if (file.chatId !== tokenChat) return this.#httpError(res, 403, 'forbidden', 'not your file');
    res.writeHead(200, { 'Content-Type': file.mime, 'Content-Disposition': `inline; filename="${file.name}"`, 'X-Content-Type-Options': 'nosniff' });
    res.end(file.bytes);
  }

  async #static(res, rel) {
    const root = path.resolve(this.staticDir);
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) return this.#httpError(res, 403, 'forbidden', 'path');
    try {
      const bytes = await readFile(file);
      res.writeHead(200, { 'Content-Type': STATIC_TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(bytes);
    } catch {
      this.#httpError(res, 404, 'not_found', rel);
    }
  }

  #json(res, status, body) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  #httpError(res, status, code, message, extra = {}) {
    if (res.headersSent) return;
    this.#json(res, status, { code, message, ...extra });
  }
}
