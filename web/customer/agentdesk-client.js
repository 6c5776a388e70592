// agentdesk-client.js: the customer side of the agentdesk wire protocol v1 (docs/protocol.md), in one file with
// no dependencies, so a third-party mobile app or web view can copy it as is. Runs in browsers and in Node 20
// (pass a WebSocket constructor and a storage adapter there). Documented in docs/client-library.md.
//
// Design: the server's chat log is the truth. The client keeps the last applied `seq`, applies only seq == last+1,
// and re-syncs on every (re)connect and on any gap. Sends go through an outbox keyed by clientId that survives
// reconnects (and page reloads, via the storage adapter) and is resent until acknowledged; the server's clientId
// idempotency makes resending safe, so nothing is lost and nothing is doubled. Frames from the server are
// validated; a bad frame is reported as an 'error' event and otherwise ignored, never thrown.

export const PROTOCOL_VERSION = 1;

/** Limits the server announces in its welcome; these defaults (from the protocol) apply until it has. */
export const DEFAULT_LIMITS = Object.freeze({
  maxTextChars: 4000,
  maxNameChars: 80,
  maxContextEntries: 32,
  maxContextValueChars: 500,
  maxFrameBytes: 65536,
  maxUploadBytes: 20000000,
  typingTimeoutMs: 5000,
  maxIdChars: 64,
});

/** Client behaviour settings; every one can be overridden through the constructor's `settings` option. */
export const DEFAULT_SETTINGS = Object.freeze({
  reconnectMinDelayMs: 500,      // first retry after a drop
  reconnectMaxDelayMs: 30000,    // backoff ceiling
  reconnectJitter: 0.5,          // fraction of each delay that is randomised, so reconnect storms spread out
  typingRefreshMs: 2000,         // the protocol allows a typing refresh at most every 2 s
  markDelayMs: 150,              // receipts are coalesced for this long (a sync delivers many events at once)
  maxResyncWithoutProgress: 3,   // a server that keeps announcing events it never sends cannot loop us forever
  maxOutboxItems: 200,           // unacknowledged sends held at most; more is refused with 'outbox_full'
  connectTimeoutMs: 15000,       // a socket that neither opens nor welcomes us in this time is dropped and retried
});

export const CAPABILITIES = Object.freeze(['phone', 'location', 'files', 'webrtc']);
export const CALL_ACTIONS = Object.freeze(['requested', 'accepted', 'declined', 'placed', 'started', 'ended', 'failed']);
export const CALL_MODES = Object.freeze(['phone', 'webrtc']);

// ---------------------------------------------------------------------------------------------------------------
// Small value helpers. Expected failures are values: {ok:true, value} or {ok:false, error:{code, message, field}}.

const ok = (value) => ({ ok: true, value });
const fail = (code, message, extra = {}) => ({ ok: false, error: { code, message, ...extra } });

/** Number of Unicode code points (what the protocol's character limits count). */
export function codePointLength(text) {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v) => Number.isSafeInteger(v);
const isPosInt = (v) => isInt(v) && v > 0;
const isNonNegInt = (v) => isInt(v) && v >= 0;
const isFiniteNum = (v) => typeof v === 'number' && Number.isFinite(v);
const isStr = (v) => typeof v === 'string';
const isNonEmptyStr = (v) => typeof v === 'string' && v.length > 0;
const isOptStr = (v) => v === undefined || v === null || typeof v === 'string';

/**
 * Normalizes a phone number to E.164 the way the server does: spaces, dashes, dots and parentheses are dropped,
 * a leading 00 becomes +, and the result must be + followed by 8 to 15 digits.
 */
export function normalizePhone(input) {
  if (!isStr(input)) return fail('invalid_field', 'phone: must be a string', { field: 'phone' });
  let compact = input.trim().replace(/[\s\-.()]/g, '');
  if (compact.startsWith('00')) compact = '+' + compact.slice(2);
  if (!/^\+[0-9]{8,15}$/.test(compact)) {
    return fail('invalid_field', 'phone: must be an international number, + and 8 to 15 digits', { field: 'phone' });
  }
  return ok(compact);
}

/** Checks a location body: lat −90..90, lon −180..180, accuracy in metres ≥ 0 (all three required). */
export function validateLocation(loc) {
  if (!isObject(loc)) return fail('invalid_field', 'location: must be an object', { field: 'body' });
  if (!isFiniteNum(loc.lat) || loc.lat < -90 || loc.lat > 90) return fail('invalid_field', 'lat: must be -90..90', { field: 'lat' });
  if (!isFiniteNum(loc.lon) || loc.lon < -180 || loc.lon > 180) return fail('invalid_field', 'lon: must be -180..180', { field: 'lon' });
  if (!isFiniteNum(loc.accuracy) || loc.accuracy < 0) {
    return fail('invalid_field', 'accuracy: must be a number >= 0', { field: 'accuracy' });
  }
  return ok({ lat: loc.lat, lon: loc.lon, accuracy: loc.accuracy });
}

/** Checks context values against the limits: string keys and values, "" removes a key. */
export function validateContext(values, limits = DEFAULT_LIMITS) {
  if (!isObject(values)) return fail('invalid_field', 'context: must be an object of strings', { field: 'context' });
  const entries = Object.entries(values);
  if (entries.length > limits.maxContextEntries) {
    return fail('too_large', `context: at most ${limits.maxContextEntries} entries`, { field: 'context', limit: limits.maxContextEntries });
  }
  const clean = {};
  for (const [key, value] of entries) {
    if (key.length === 0 || !isStr(value)) return fail('invalid_field', `context.${key}: must be a string`, { field: 'context' });
    if (codePointLength(key) > limits.maxNameChars) {
      return fail('invalid_field', `context: keys of at most ${limits.maxNameChars} characters`, { field: 'context' });
    }
    if (codePointLength(value) > limits.maxContextValueChars) {
      return fail('too_large', `context.${key}: at most ${limits.maxContextValueChars} characters`, { field: 'context', limit: limits.maxContextValueChars });
    }
    clean[key] = value;
  }
  return ok(clean);
}

// ---------------------------------------------------------------------------------------------------------------
// Validation of what the server sends. Returns an error message, or null when the value is well-formed.

function checkAuthor(a) {
  if (!isObject(a) || !['customer', 'agent', 'system'].includes(a.role)) return 'author.role';
  if (!isOptStr(a.name) || !isOptStr(a.id)) return 'author.name/id';
  return null;
}

// Body checks per known kind; unknown kinds are accepted as they are (forward compatible).
const BODY_CHECKS = {
  text: (b) => (isNonEmptyStr(b.text) ? null : 'body.text'),
  file: (b) => (isNonEmptyStr(b.fileId) && isStr(b.name) && isStr(b.mime) && isNonNegInt(b.size) ? null : 'body.fileId/name/mime/size'),
  location: (b) => (validateLocation(b).ok ? null : 'body.lat/lon/accuracy'),
  location_request: () => null,
  context: (b) => (isObject(b.values) && Object.values(b.values).every(isStr) ? null : 'body.values'),
  joined: (b) => (isStr(b.role) && isOptStr(b.name) ? null : 'body.role'),
  left: (b) => (isStr(b.role) && isOptStr(b.name) ? null : 'body.role'),
  transfer: (b) => (isOptStr(b.from) && isOptStr(b.to) ? null : 'body.from/to'),
  call: (b) => (CALL_ACTIONS.includes(b.action) && (b.mode === undefined || CALL_MODES.includes(b.mode)) && isOptStr(b.number) ? null : 'body.action/mode'),
  ended: (b) => (isOptStr(b.by) && isOptStr(b.reason) ? null : 'body.by/reason'),
};

/** Checks an event's envelope: returns an error message or null. */
export function checkEventEnvelope(e) {
  if (!isObject(e)) return 'event: must be an object';
  if (!isPosInt(e.seq)) return 'event.seq: must be a positive integer';
  if (!isNonNegInt(e.ts)) return 'event.ts: must be an integer';
  const author = checkAuthor(e.author);
  if (author) return `event.${author}: invalid`;
  if (!isNonEmptyStr(e.kind)) return 'event.kind: must be a string';
  if (!isObject(e.body)) return 'event.body: must be an object';
  if (e.clientId != null && !isStr(e.clientId)) return 'event.clientId: must be a string';
  return null;
}

/** Checks an event's body for its kind: returns an error message or null. */
export function checkEventBody(e) {
  const check = BODY_CHECKS[e.kind];
  const problem = check ? check(e.body) : null;
  return problem ? `event ${e.seq} (${e.kind}): invalid ${problem}` : null;
}

function checkChatSummary(c) {
  if (!isObject(c)) return 'chat: must be an object';
  if (!isNonEmptyStr(c.chatId)) return 'chat.chatId';
  if (!isNonEmptyStr(c.status)) return 'chat.status';
  if (!isNonNegInt(c.lastSeq)) return 'chat.lastSeq';
  if (c.agent != null && (!isObject(c.agent) || !isOptStr(c.agent.displayName))) return 'chat.agent';
  if (c.context != null && !isObject(c.context)) return 'chat.context';
  return null;
}

function checkMarks(m) {
  return isObject(m) && (m.delivered === undefined || isNonNegInt(m.delivered)) && (m.read === undefined || isNonNegInt(m.read));
}

// Field checks per server frame type the customer role can receive. Each returns an error message or null.
const FRAME_CHECKS = {
  'customer.welcome': (f) => (!isNonEmptyStr(f.token) ? 'token' : checkChatSummary(f.chat) || (f.limits != null && !isObject(f.limits) ? 'limits' : null)),
  ok: () => null,
  error: (f) => (isNonEmptyStr(f.code) ? null : 'code'),
  ack: (f) => (isNonEmptyStr(f.clientId) && isPosInt(f.seq) && isNonNegInt(f.ts) ? null : 'clientId/seq/ts'),
  event: (f) => (isNonEmptyStr(f.chatId) ? checkEventEnvelope(f.event) : 'chatId'),
  'chat.synced': (f) => (isNonEmptyStr(f.chatId) && isNonNegInt(f.lastSeq) ? (f.receipts == null || isObject(f.receipts) ? null : 'receipts') : 'chatId/lastSeq'),
  queue: (f) => (isNonEmptyStr(f.chatId) && isNonNegInt(f.position) ? null : 'chatId/position'),
  receipt: (f) => (isNonEmptyStr(f.chatId) && isStr(f.role) && checkMarks(f) ? null : 'chatId/role/delivered/read'),
  typing: (f) => (isNonEmptyStr(f.chatId) && typeof f.active === 'boolean' && isOptStr(f.role) && isOptStr(f.name) ? null : 'chatId/active'),
  'rtc.signal': (f) => (isNonEmptyStr(f.chatId) && isNonEmptyStr(f.callId) && f.data !== undefined ? null : 'chatId/callId/data'),
};

/**
 * Parses and validates one text frame from the server.
 * Returns {ok:true, value:frame} or {ok:false, error:{code:'bad_frame', message}}; never throws.
 */
export function parseServerFrame(data) {
  if (!isStr(data)) return fail('bad_frame', 'binary frame from the server');
  let frame;
  try {
    frame = JSON.parse(data);
  } catch {
    return fail('bad_frame', 'frame is not valid JSON');
  }
  if (!isObject(frame) || !isNonEmptyStr(frame.type)) return fail('bad_frame', 'frame is not an object with a type');
  // The protocol counts a JSON null as an absent field.
  if (frame.rid === null) delete frame.rid;
  if (frame.rid !== undefined && !isStr(frame.rid)) return fail('bad_frame', `${frame.type}: rid must be a string`);
  const check = FRAME_CHECKS[frame.type];
  if (!check) return fail('bad_frame', `unexpected frame type ${JSON.stringify(frame.type).slice(0, 80)}`);
  const problem = check(frame);
  if (problem) return fail('bad_frame', `${frame.type}: invalid ${problem}`);
  return ok(frame);
}

// ---------------------------------------------------------------------------------------------------------------
// Environment adapters.

/** A storage adapter kept in memory (the Storage subset the client uses: getItem, setItem, removeItem). */
export function createMemoryStorage() {
  const map = new Map();
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  };
}

function defaultStorage() {
  try {
    if (typeof globalThis.localStorage !== 'undefined' && globalThis.localStorage) return globalThis.localStorage;
  } catch {
    // Access to localStorage throws in some privacy modes; memory storage still gives reconnects, not reloads.
  }
  return createMemoryStorage();
}

function randomId(prefix) {
  const bytes = new Uint8Array(9);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return prefix + Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

/** http(s)://host[/prefix] for a ws(s)://host[/prefix]/ws URL: files travel over HTTP on the same host. */
export function httpBaseFromWsUrl(wsUrl) {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = url.pathname.replace(/\/ws\/?$/, '');
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// A minimal event emitter: on(name, fn) returns an unsubscribe function; a throwing listener cannot break the client.

class Emitter {
  #listeners = new Map();
  on(name, fn) {
    if (!this.#listeners.has(name)) this.#listeners.set(name, new Set());
    this.#listeners.get(name).add(fn);
    return () => this.off(name, fn);
  }
  off(name, fn) {
    this.#listeners.get(name)?.delete(fn);
  }
  emit(name, payload) {
    for (const fn of [...(this.#listeners.get(name) ?? [])]) {
      try {
        fn(payload);
      } catch (err) {
        if (name !== 'error') this.emit('error', { code: 'listener_failed', message: `${name} listener threw: ${err?.message ?? err}` });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** Error value used when a promise of the client rejects: a plain Error with `code` (and `field`, `limit`, … ). */
export class ChatError extends Error {
  constructor({ code, message, ...extra }) {
    super(message ?? code);
    this.name = 'ChatError';
    this.code = code;
    Object.assign(this, extra);
  }
}

const WS_OPEN = 1;

/**
 * The customer's chat client. Events (client.on(name, fn)):
 *  'status'  {status, attempt?, delayMs?}  connection: idle | connecting | online | offline | ended | closed
 *  'chat'    ChatSummary                   the chat's summary, updated by welcome and by joined/ended/context events
 *  'event'   {event, live}                 each chat event applied, in seq order (live: not part of a sync batch)
 *  'synced'  {lastSeq}                     a sync completed
 *  'queue'   {position}                    queue position while waiting (0 = being offered to an agent)
 *  'typing'  {role, name, active}          the agent's typing indicator
 *  'receipt' {role, delivered, read}       the agent's delivered/read marks
 *  'outbox'  [{clientId, kind, body}]      sends not yet acknowledged (show them as "sending")
 *  'rtc'     {callId, from, data}          WebRTC signaling from the agent
 *  'error'   {code, message, ...}          refused requests, bad frames, failed sends; never thrown
 */
export class CustomerChatClient {
  #emitter = new Emitter();
  #opts;
  #settings;
  #ws = null;
  #status = 'idle';
  #wantConnected = false;
  #attempt = 0;
  #reconnectTimer = null;
  #connectTimer = null;
  #ridCounter = 0;
  #pending = new Map(); // rid -> {kind, resolve, reject, clientId?}
  #hello = null; // the first frame to send on each socket: customer.start or customer.resume
  #welcomeWaiter = null;
  #token = null;
  #chat = null;
  #limits = { ...DEFAULT_LIMITS };
  #lastSeq = 0;
  #events = [];
  #outbox = []; // [{clientId, kind, body}]
  #outboxWaiters = new Map(); // clientId -> [{resolve, reject}]
  #syncInFlight = false;
  #resyncWithoutProgress = 0;
  #sentMarks = { delivered: 0, read: 0 };
  #wantMarks = { delivered: 0, read: 0 };
  #markTimer = null;
  #typingSentAt = -Infinity;
  #typingActive = false;
  #agentTyping = null;
  #receipts = { customer: { delivered: 0, read: 0 }, agent: { delivered: 0, read: 0 } };
  #queuePosition = null;
  #keepEvents;

  /**
   * @param {object} options
   * @param {string} options.url               ws(s)://host/ws
   * @param {Function} [options.WebSocket]     WebSocket constructor (default globalThis.WebSocket)
   * @param {object} [options.storage]         getItem/setItem/removeItem (default localStorage when present, else memory)
   * @param {string} [options.storageKey]      key prefix in storage (default 'agentdesk.chat')
   * @param {string} [options.httpBase]        base URL of the HTTP API (default derived from url)
   * @param {object} [options.settings]        overrides of DEFAULT_SETTINGS
   * @param {boolean} [options.keepEvents]     keep applied events in client.events (default true)
   * @param {Function} [options.random]        () => [0,1) for jitter (default Math.random)
   * @param {object} [options.timers]          {setTimeout, clearTimeout, now} (tests inject their own)
   * @param {Function} [options.fetch]         fetch for uploads when XMLHttpRequest is absent (default globalThis.fetch)
   * @param {Function} [options.XMLHttpRequest] XHR constructor for uploads with progress (default globalThis.XMLHttpRequest)
   */
  constructor(options) {
    if (!options || !isStr(options.url)) throw new TypeError('CustomerChatClient: options.url is required');
    this.#opts = {
      WebSocket: globalThis.WebSocket,
      storage: defaultStorage(),
      storageKey: 'agentdesk.chat',
      httpBase: httpBaseFromWsUrl(options.url),
      random: Math.random,
      fetch: globalThis.fetch?.bind(globalThis),
      XMLHttpRequest: globalThis.XMLHttpRequest,
      ...options,
      timers: {
        setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
        clearTimeout: (t) => globalThis.clearTimeout(t),
        now: () => Date.now(),
        ...(options.timers ?? {}),
      },
    };
    this.#settings = { ...DEFAULT_SETTINGS, ...(options.settings ?? {}) };
    this.#keepEvents = options.keepEvents !== false;
    if (typeof this.#opts.WebSocket !== 'function') throw new TypeError('CustomerChatClient: no WebSocket constructor available');
    this.#loadStored();
  }

  // ----- public state -----
  get status() { return this.#status; }
  get chat() { return this.#chat; }
  get chatId() { return this.#chat?.chatId ?? this.#storedChatId ?? null; }
  get lastSeq() { return this.#lastSeq; }
  get events() { return this.#events.slice(); }
  get outbox() { return this.#outbox.map((o) => ({ ...o })); }
  get limits() { return { ...this.#limits }; }
  get queuePosition() { return this.#queuePosition; }
  get receipts() { return structuredClone(this.#receipts); }
  get agentTyping() { return this.#agentTyping; }
  /** True when a chat token is stored, so resume() can continue the chat (e.g. after a page reload). */
  get hasStoredChat() { return this.#token !== null; }

  on(name, fn) { return this.#emitter.on(name, fn); }
  off(name, fn) { this.#emitter.off(name, fn); }

  // ----- session -----

  /** Starts a new chat. Resolves with the ChatSummary once welcomed; rejects with a ChatError (e.g. invalid phone). */
  /**
   * `identity` ({userId, userHash}) is optional: the contact center's backend signs its own customer id
   * (userHash = hex HMAC-SHA256(secret, userId)); a valid one marks the customer verified for the agent.
   */
  start({ name, phone, capabilities = [], context = {}, language, app, identity } = {}) {
    const frame = { type: 'customer.start', protocol: PROTOCOL_VERSION };
    const cleanName = isStr(name) ? name.trim() : '';
    if (cleanName.length === 0 || codePointLength(cleanName) > this.#limits.maxNameChars) {
      return Promise.reject(new ChatError({ code: 'invalid_field', field: 'name', message: `name: 1 to ${this.#limits.maxNameChars} characters` }));
    }
    frame.name = cleanName;
    if (phone !== undefined && phone !== null && phone !== '') {
      const p = normalizePhone(phone);
      if (!p.ok) return Promise.reject(new ChatError(p.error));
      frame.phone = p.value;
    }
    if (!Array.isArray(capabilities)) return Promise.reject(new ChatError({ code: 'invalid_field', field: 'capabilities', message: 'capabilities: must be an array' }));
    frame.capabilities = CAPABILITIES.filter((c) => capabilities.includes(c));
    const ctx = validateContext(context, this.#limits);
    if (!ctx.ok) return Promise.reject(new ChatError(ctx.error));
    frame.context = ctx.value;
    for (const [field, value] of [['language', language], ['app', app]]) {
      if (value === undefined || value === null || value === '') continue;
      if (!isStr(value) || codePointLength(value) > this.#limits.maxNameChars) {
        return Promise.reject(new ChatError({ code: 'invalid_field', field, message: `${field}: at most ${this.#limits.maxNameChars} characters` }));
      }
      frame[field] = value;
    }
    if (identity !== undefined && identity !== null) {
      const { userId, userHash } = identity;
      if (!isStr(userId) || userId.length === 0 || codePointLength(userId) > this.#limits.maxNameChars) {
        return Promise.reject(new ChatError({ code: 'invalid_field', field: 'identity.userId', message: `identity.userId: 1 to ${this.#limits.maxNameChars} characters` }));
      }
      if (!isStr(userHash) || !/^[0-9a-fA-F]{64}$/.test(userHash)) {
        return Promise.reject(new ChatError({ code: 'invalid_field', field: 'identity.userHash', message: 'identity.userHash: must be 64 hexadecimal digits' }));
      }
      frame.identity = { userId, userHash };
    }
    this.#resetChatState();
    this.#clearStored();
    return this.#openSession(frame);
  }

  /** Continues the stored chat (after a reload). Rejects with code 'no_chat' when none is stored, 'unauthorized' when expired. */
  resume() {
    if (!this.#token) return Promise.reject(new ChatError({ code: 'no_chat', message: 'no stored chat to resume' }));
    return this.#openSession({ type: 'customer.resume', protocol: PROTOCOL_VERSION, token: this.#token });
  }

  /** Closes the socket and stops reconnecting. The stored chat stays (resume() continues it) unless forget is true. */
  close({ forget = false } = {}) {
    this.#wantConnected = false;
    this.#clearTimer('reconnect');
    this.#clearTimer('connect');
    this.#clearTimer('mark');
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      this.#detach(ws);
      try { ws.close(1000, 'closed by client'); } catch { /* already closed */ }
    }
    this.#failPending('closed', 'the client was closed');
    if (forget) {
      this.#clearStored();
      this.#resetChatState();
    }
    this.#welcomeWaiter?.reject(new ChatError({ code: 'closed', message: 'the client was closed' }));
    this.#welcomeWaiter = null;
    this.#setStatus('closed');
  }

  /**
   * Skips the rest of the backoff wait and reconnects now (call it when the device comes back online or the app
   * returns to the foreground). Does nothing unless the client is waiting to reconnect.
   */
  reconnectNow() {
    if (this.#status !== 'offline' || !this.#wantConnected) return false;
    this.#clearTimer('reconnect');
    this.#connect();
    return true;
  }

  // ----- sending chat events (queued in the outbox, resent until acknowledged) -----

  /** Sends a text message. Resolves with {seq, ts} on ack; rejects with a ChatError when refused. */
  sendText(text) {
    if (!isStr(text) || text.trim().length === 0) return this.#refuse('invalid_field', 'text: must not be empty', 'text');
    if (codePointLength(text) > this.#limits.maxTextChars) {
      return this.#refuse('too_large', `text: at most ${this.#limits.maxTextChars} characters`, 'text', { limit: this.#limits.maxTextChars });
    }
    this.#stopTypingOnSend();
    return this.#enqueue('text', { text });
  }

  /** Shares a position {lat, lon, accuracy}. */
  sendLocation(location) {
    const loc = validateLocation(location);
    if (!loc.ok) return Promise.reject(new ChatError(loc.error));
    return this.#enqueue('location', loc.value);
  }

  /** Updates context values ("" removes a key). */
  sendContext(values) {
    const ctx = validateContext(values, this.#limits);
    if (!ctx.ok) return Promise.reject(new ChatError(ctx.error));
    return this.#enqueue('context', { values: ctx.value });
  }

  /** Answers the agent's call request: accepted true/false, in the mode the agent asked for. */
  answerCall(accepted, mode = 'phone') {
    if (!CALL_MODES.includes(mode)) return this.#refuse('invalid_field', 'mode: phone or webrtc', 'mode');
    return this.#enqueue('call', { action: accepted ? 'accepted' : 'declined', mode });
  }

  /** Sends any other call event (e.g. {action:'ended', mode:'webrtc', durationMs}) for the calls feature. */
  sendCallEvent(body) {
    if (!isObject(body) || !CALL_ACTIONS.includes(body.action)) return this.#refuse('invalid_field', 'call.action: unknown', 'action');
    return this.#enqueue('call', { ...body });
  }

  /** Ends the chat. Needs a connection (rejects with 'offline'); resolves when the server confirms. */
  end(reason = 'customer_left') {
    if (!this.chatId) return this.#refuse('no_chat', 'no chat to end');
    if (!isStr(reason) || codePointLength(reason) > this.#limits.maxNameChars) {
      return this.#refuse('invalid_field', `reason: at most ${this.#limits.maxNameChars} characters`, 'reason');
    }
    return this.#request({ type: 'chat.end', chatId: this.chatId, reason }, 'end');
  }

  // ----- relayed, not stored -----

  /** Call on every keystroke with true, and with false when the field is cleared or left; refreshes are throttled. */
  setTyping(active) {
    // The server refuses typing in an ended chat (conflict): there is no one to tell.
    if (!this.#isOnline() || this.#status === 'ended') return;
    const now = this.#opts.timers.now();
    if (active) {
      if (this.#typingActive && now - this.#typingSentAt < this.#settings.typingRefreshMs) return;
      this.#typingActive = true;
      this.#typingSentAt = now;
      this.#sendFrame({ type: 'typing', chatId: this.chatId, active: true });
    } else if (this.#typingActive) {
      this.#typingActive = false;
      this.#typingSentAt = -Infinity;
      this.#sendFrame({ type: 'typing', chatId: this.chatId, active: false });
    }
  }

  /** Sends opaque WebRTC signaling data to the agent. Returns false when offline. */
  sendRtcSignal(callId, data) {
    if (!isNonEmptyStr(callId) || data === undefined) {
      this.#emitter.emit('error', { code: 'invalid_field', field: 'callId', message: 'rtc.signal needs a callId and data' });
      return false;
    }
    if (!this.#isOnline()) return false;
    return this.#sendFrame({ type: 'rtc.signal', rid: this.#nextRid(), chatId: this.chatId, callId, data });
  }

  /** Marks events up to `seq` (default: all applied) as read; call it when the messages are visible to the user. */
  markRead(seq = this.#lastSeq) {
    const upTo = Math.min(seq, this.#lastSeq);
    if (upTo > this.#wantMarks.read) {
      this.#wantMarks.read = upTo;
      this.#wantMarks.delivered = Math.max(this.#wantMarks.delivered, upTo);
      this.#scheduleMarks();
    }
  }

  // ----- files over HTTP -----

  /** The download URL of a file of this chat (the GET with ?token=). */
  fileUrl(fileId) {
    if (!this.#token || !isNonEmptyStr(fileId)) return null;
    return `${this.#opts.httpBase}/api/files/${encodeURIComponent(fileId)}?token=${encodeURIComponent(this.#token)}`;
  }

  /**
   * Uploads a file (Blob/File in browsers; Blob, Buffer or Uint8Array in Node). Resolves with the server's
   * {seq, ts, file}; rejects with a ChatError whose code is the server's (too_large, unsupported_type, …),
   * 'network' or 'aborted'. Pass the same clientId to retry a failed upload without risking a duplicate.
   * @returns {{promise: Promise, clientId: string, abort: Function}}
   */
  uploadFile(data, { name, clientId = randomId('u-'), onProgress } = {}) {
    const fileName = name ?? data?.name;
    let abort = () => {};
    const promise = (() => {
      if (!this.#token || !this.chatId) return this.#refuse('no_chat', 'start a chat before uploading');
      if (!isNonEmptyStr(fileName)) return this.#refuse('invalid_field', 'name: a file name is required', 'name');
      const size = data?.size ?? data?.byteLength;
      if (!isNonNegInt(size)) return this.#refuse('invalid_field', 'file: not a Blob or byte array', 'file');
      if (size > this.#limits.maxUploadBytes) {
        return this.#refuse('too_large', `file: at most ${this.#limits.maxUploadBytes} bytes`, 'file', { limit: this.#limits.maxUploadBytes });
      }
      const url = `${this.#opts.httpBase}/api/chats/${encodeURIComponent(this.chatId)}/files?name=${encodeURIComponent(fileName)}&clientId=${encodeURIComponent(clientId)}`;
      const headers = { Authorization: `Bearer ${this.#token}` };
      const run = this.#opts.XMLHttpRequest ? uploadWithXhr : uploadWithFetch;
      const job = run(this.#opts, url, headers, data, size, onProgress);
      abort = job.abort;
      return job.promise;
    })();
    return { promise, clientId, abort: () => abort() };
  }

  // ----- internals: connection -----

  #openSession(helloFrame) {
    this.#hello = helloFrame;
    this.#wantConnected = true;
    this.#attempt = 0;
    this.#clearTimer('reconnect');
    this.#welcomeWaiter?.reject(new ChatError({ code: 'superseded', message: 'a newer start/resume replaced this one' }));
    const promise = new Promise((resolve, reject) => {
      this.#welcomeWaiter = { resolve, reject };
    });
    this.#connect();
    return promise;
  }

  #connect() {
    if (this.#ws) {
      this.#detach(this.#ws);
      try { this.#ws.close(); } catch { /* ignore */ }
      this.#ws = null;
    }
    this.#setStatus('connecting', { attempt: this.#attempt });
    let ws;
    try {
      ws = new this.#opts.WebSocket(this.#opts.url);
    } catch (err) {
      this.#emitter.emit('error', { code: 'network', message: `cannot open socket: ${err?.message ?? err}` });
      this.#scheduleReconnect();
      return;
    }
    this.#ws = ws;
    ws.onopen = () => this.#onOpen(ws);
    ws.onmessage = (ev) => this.#onMessage(ws, ev.data);
    ws.onclose = (ev) => this.#onClose(ws, ev);
    ws.onerror = () => { /* a close event always follows; reconnecting is handled there */ };
    this.#startTimer('connect', this.#settings.connectTimeoutMs, () => {
      if (this.#ws === ws) {
        this.#emitter.emit('error', { code: 'network', message: 'connecting timed out' });
        this.#dropSocket(ws);
      }
    });
  }

  #onOpen(ws) {
    if (ws !== this.#ws) return;
    const rid = this.#nextRid();
    this.#pending.set(rid, { kind: 'hello' });
    this.#sendFrame({ ...this.#hello, rid });
  }

  #onClose(ws, ev) {
    if (ws !== this.#ws) return;
    this.#ws = null;
    this.#detach(ws);
    this.#clearTimer('connect');
    this.#syncInFlight = false;
    this.#typingActive = false;
    if (this.#agentTyping) {
      // The relayed "stopped typing" may be lost with the socket: do not show a stale indicator.
      this.#agentTyping = null;
      this.#emitter.emit('typing', { role: 'agent', name: null, active: false });
    }
    this.#failPending('offline', 'the connection was lost');
    if (ev?.code === 1009) this.#emitter.emit('error', { code: 'bad_frame', message: 'the server closed the socket: frame too large' });
    // An ended chat has nothing more to say: keep the transcript, stop reconnecting (resume() reopens it).
    if (this.#status === 'ended') this.#wantConnected = false;
    if (this.#wantConnected) this.#scheduleReconnect();
    else this.#setStatus(this.#status === 'ended' ? 'ended' : 'closed');
  }

  #dropSocket(ws) {
    // Closing a socket that never opened may never deliver 'close'; treat it as closed now.
    this.#onClose(ws, { code: 1006 });
    try { ws.close(); } catch { /* ignore */ }
  }

  #detach(ws) {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
  }

  #scheduleReconnect() {
    const s = this.#settings;
    const base = Math.min(s.reconnectMaxDelayMs, s.reconnectMinDelayMs * 2 ** Math.min(this.#attempt, 30));
    const delayMs = Math.round(base * (1 - s.reconnectJitter * this.#opts.random()));
    this.#attempt++;
    this.#setStatus('offline', { attempt: this.#attempt, delayMs });
    this.#startTimer('reconnect', delayMs, () => this.#connect());
  }

  #isOnline() {
    return this.#status === 'online' || (this.#status === 'ended' && this.#ws?.readyState === WS_OPEN && this.#chat !== null);
  }

  #setStatus(status, extra = {}) {
    const changed = status !== this.#status;
    this.#status = status;
    if (changed || status === 'offline') this.#emitter.emit('status', { status, ...extra });
  }

  // ----- internals: frames in -----

  #onMessage(ws, data) {
    if (ws !== this.#ws) return;
    const parsed = parseServerFrame(data);
    if (!parsed.ok) {
      this.#emitter.emit('error', parsed.error);
      return;
    }
    const f = parsed.value;
    if (f.chatId !== undefined && this.#chat && f.chatId !== this.#chat.chatId) {
      this.#emitter.emit('error', { code: 'bad_frame', message: `${f.type}: for another chat (${f.chatId})` });
      return;
    }
    switch (f.type) {
      case 'customer.welcome': return this.#onWelcome(f);
      case 'error': return this.#onErrorFrame(f);
      case 'ok': return this.#resolvePending(f.rid, f);
      case 'ack': return this.#onAck(f);
      case 'event': return this.#onEvent(f.event, true);
      case 'chat.synced': return this.#onSynced(f);
      case 'queue':
        this.#queuePosition = f.position;
        return this.#emitter.emit('queue', { position: f.position });
      case 'receipt': return this.#onReceipt(f.role, f);
      case 'typing':
        if (f.role === 'customer') return;
        this.#agentTyping = f.active ? { role: f.role ?? 'agent', name: f.name ?? null } : null;
        return this.#emitter.emit('typing', { role: f.role ?? 'agent', name: f.name ?? null, active: f.active });
      case 'rtc.signal':
        return this.#emitter.emit('rtc', { callId: f.callId, from: f.from ?? 'agent', data: f.data });
    }
  }

  #onWelcome(f) {
    const pending = f.rid !== undefined ? this.#pending.get(f.rid) : undefined;
    if (!pending || pending.kind !== 'hello') {
      this.#emitter.emit('error', { code: 'bad_frame', message: 'customer.welcome without a matching request' });
      return;
    }
    this.#pending.delete(f.rid);
    this.#clearTimer('connect');
    const sameChat = this.#chat === null || this.#chat.chatId === f.chat.chatId;
    if (!sameChat) this.#resetChatState();
    this.#token = f.token;
    this.#chat = { ...f.chat };
    if (isObject(f.limits)) {
      for (const [k, v] of Object.entries(f.limits)) if (isPosInt(v)) this.#limits[k] = v;
    }
    this.#hello = { type: 'customer.resume', protocol: PROTOCOL_VERSION, token: f.token };
    this.#store();
    this.#attempt = 0;
    this.#setStatus(this.#chat.status === 'ended' || this.#chat.status === 'closed' ? 'ended' : 'online');
    this.#emitter.emit('chat', { ...this.#chat });
    this.#welcomeWaiter?.resolve({ ...this.#chat });
    this.#welcomeWaiter = null;
    this.#resyncWithoutProgress = 0;
    this.#requestSync();
  }

  #onErrorFrame(f) {
    const pending = f.rid !== undefined ? this.#pending.get(f.rid) : undefined;
    const { type, rid, ...error } = f;
    if (pending) this.#pending.delete(f.rid);
    if (pending?.kind === 'hello') return this.#onHelloRefused(error);
    if (pending?.kind === 'send') return this.#onSendRefused(pending.clientId, error);
    if (pending?.kind === 'sync') {
      this.#syncInFlight = false;
    }
    if (pending?.reject) pending.reject(new ChatError(error));
    this.#emitter.emit('error', error);
  }

  #onHelloRefused(error) {
    if (error.code === 'unavailable' || error.code === 'rate_limited') {
      // The server is restarting or busy: the same start/resume will work later.
      this.#emitter.emit('error', error);
      if (this.#ws) this.#dropSocket(this.#ws);
      return;
    }
    // Any other refusal of a start/resume will be repeated: stop, forget an expired token, report it.
    this.#wantConnected = false;
    this.#clearTimer('connect');
    if (this.#hello?.type === 'customer.resume' && error.code === 'unauthorized') {
      this.#clearStored();
      this.#resetChatState();
    }
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      this.#detach(ws);
      try { ws.close(1000); } catch { /* ignore */ }
    }
    this.#failPending('offline', 'session refused');
    this.#setStatus('idle');
    this.#emitter.emit('error', error);
    this.#welcomeWaiter?.reject(new ChatError(error));
    this.#welcomeWaiter = null;
  }

  #onSendRefused(clientId, error) {
    if (error.code === 'rate_limited' || error.code === 'unavailable') {
      // Transient: keep it in the outbox and resend later.
      const delay = isNonNegInt(error.retryAfterMs) ? error.retryAfterMs : this.#settings.reconnectMinDelayMs;
      this.#startTimer('resend', delay, () => this.#resendOutbox());
      return;
    }
    const item = this.#outbox.find((o) => o.clientId === clientId);
    this.#removeFromOutbox(clientId, null, new ChatError({ ...error, clientId }));
    this.#emitter.emit('error', { ...error, clientId, kind: item?.kind });
  }

  #resolvePending(rid, frame) {
    const pending = rid !== undefined ? this.#pending.get(rid) : undefined;
    if (!pending) return;
    this.#pending.delete(rid);
    pending.resolve?.(frame);
  }

  #onAck(f) {
    if (f.rid !== undefined) this.#pending.delete(f.rid);
    this.#removeFromOutbox(f.clientId, { seq: f.seq, ts: f.ts });
  }

  #onEvent(event, live) {
    if (event.seq <= this.#lastSeq) return; // a duplicate
    if (event.seq > this.#lastSeq + 1) {
      // A gap: something was missed. During a sync the rest is on its way; otherwise ask for it.
      if (!this.#syncInFlight) this.#requestSync();
      return;
    }
    this.#lastSeq = event.seq;
    this.#resyncWithoutProgress = 0;
    if (event.clientId !== undefined && event.author?.role === 'customer') {
      this.#removeFromOutbox(event.clientId, { seq: event.seq, ts: event.ts });
    }
    const bodyProblem = checkEventBody(event);
    if (bodyProblem) {
      // The seq is consumed (the log has it) but an invalid body is not shown.
      this.#emitter.emit('error', { code: 'bad_frame', message: bodyProblem });
      return;
    }
    if (this.#keepEvents) this.#events.push(event);
    this.#applyToSummary(event);
    if (event.author.role !== 'customer') {
      this.#wantMarks.delivered = Math.max(this.#wantMarks.delivered, event.seq);
      this.#scheduleMarks();
      if (event.kind === 'text' && this.#agentTyping) {
        this.#agentTyping = null;
        this.#emitter.emit('typing', { role: 'agent', name: null, active: false });
      }
    }
    this.#emitter.emit('event', { event, live: live && !this.#syncInFlight });
  }

  #applyToSummary(event) {
    if (!this.#chat) return;
    const chat = this.#chat;
    let changed = true;
    chat.lastSeq = event.seq;
    if (event.kind === 'joined' && event.body.role === 'agent') {
      chat.status = 'active';
      chat.agent = { ...(chat.agent ?? {}), displayName: event.body.name ?? null };
      this.#queuePosition = null;
    } else if (event.kind === 'left' && event.body.role === 'agent') {
      chat.agent = null;
    } else if (event.kind === 'ended') {
      chat.status = 'ended';
      chat.endedAt = event.ts;
      this.#setStatus('ended');
    } else if (event.kind === 'context') {
      chat.context = { ...(chat.context ?? {}) };
      for (const [k, v] of Object.entries(event.body.values)) {
        if (v === '') delete chat.context[k];
        else chat.context[k] = v;
      }
    } else if (event.kind === 'location') {
      chat.lastLocation = { ...event.body, ts: event.ts };
    } else {
      changed = false;
    }
    if (changed) this.#emitter.emit('chat', { ...chat });
  }

  #onSynced(f) {
    if (f.rid !== undefined) this.#pending.delete(f.rid);
    this.#syncInFlight = false;
    if (isObject(f.receipts)) {
      for (const role of ['customer', 'agent']) if (checkMarks(f.receipts[role] ?? {})) this.#onReceipt(role, f.receipts[role] ?? {});
      const own = f.receipts.customer;
      if (isObject(own)) {
        // Our marks as the server stored them: never send lower or equal ones again.
        if (isNonNegInt(own.delivered)) this.#sentMarks.delivered = Math.max(this.#sentMarks.delivered, own.delivered);
        if (isNonNegInt(own.read)) this.#sentMarks.read = Math.max(this.#sentMarks.read, own.read);
      }
    }
    if (this.#lastSeq < f.lastSeq) {
      // The server says there is more than it sent: ask again, a bounded number of times without progress.
      this.#resyncWithoutProgress++;
      if (this.#resyncWithoutProgress <= this.#settings.maxResyncWithoutProgress) {
        this.#requestSync();
        return;
      }
      this.#emitter.emit('error', { code: 'sync_failed', message: `server reports lastSeq ${f.lastSeq} but sent up to ${this.#lastSeq}` });
    }
    this.#emitter.emit('synced', { lastSeq: this.#lastSeq });
    this.#resendOutbox();
    this.#scheduleMarks();
  }

  #onReceipt(role, marks) {
    if (role !== 'customer' && role !== 'agent') return;
    const r = this.#receipts[role];
    const delivered = Math.max(r.delivered, marks.delivered ?? 0);
    const read = Math.max(r.read, marks.read ?? 0);
    if (delivered === r.delivered && read === r.read) return;
    this.#receipts[role] = { delivered, read };
    this.#emitter.emit('receipt', { role, delivered, read });
  }

  // ----- internals: frames out -----

  #nextRid() {
    this.#ridCounter = (this.#ridCounter + 1) % Number.MAX_SAFE_INTEGER;
    return String(this.#ridCounter);
  }

  #sendFrame(frame) {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WS_OPEN) return false;
    try {
      ws.send(JSON.stringify(frame));
      return true;
    } catch (err) {
      this.#emitter.emit('error', { code: 'network', message: `send failed: ${err?.message ?? err}` });
      return false;
    }
  }

  #request(frame, kind) {
    if (!this.#isOnline()) return this.#refuse('offline', 'not connected; try again when online');
    return new Promise((resolve, reject) => {
      const rid = this.#nextRid();
      this.#pending.set(rid, { kind, resolve, reject });
      this.#sendFrame({ ...frame, rid });
    });
  }

  #requestSync() {
    if (!this.#chat || this.#ws?.readyState !== WS_OPEN) return;
    const rid = this.#nextRid();
    this.#pending.set(rid, { kind: 'sync' });
    this.#syncInFlight = true;
    this.#sendFrame({ type: 'chat.sync', rid, chatId: this.#chat.chatId, after: this.#lastSeq });
  }

  #enqueue(kind, body) {
    if (!this.chatId) return this.#refuse('no_chat', 'start a chat first');
    if (this.#chat && (this.#chat.status === 'ended' || this.#chat.status === 'closed')) return this.#refuse('conflict', 'the chat has ended');
    if (this.#outbox.length >= this.#settings.maxOutboxItems) {
      return this.#refuse('outbox_full', `more than ${this.#settings.maxOutboxItems} messages are waiting to be sent`, undefined, { limit: this.#settings.maxOutboxItems });
    }
    const item = { clientId: randomId('m-'), kind, body };
    this.#outbox.push(item);
    this.#store();
    this.#emitter.emit('outbox', this.outbox);
    const promise = new Promise((resolve, reject) => {
      this.#outboxWaiters.set(item.clientId, [{ resolve, reject }]);
    });
    // Sending waits for the sync after a (re)connect, so resends go out in order after it.
    if (this.#isOnline() && !this.#syncInFlight) this.#sendOutboxItem(item);
    promise.clientId = item.clientId;
    return promise;
  }

  #sendOutboxItem(item) {
    const rid = this.#nextRid();
    this.#pending.set(rid, { kind: 'send', clientId: item.clientId });
    this.#sendFrame({ type: 'chat.send', rid, chatId: this.chatId, clientId: item.clientId, kind: item.kind, body: item.body });
  }

  #resendOutbox() {
    if (!this.#isOnline()) return;
    const inFlight = new Set([...this.#pending.values()].filter((p) => p.kind === 'send').map((p) => p.clientId));
    for (const item of this.#outbox) if (!inFlight.has(item.clientId)) this.#sendOutboxItem(item);
  }

  #removeFromOutbox(clientId, result, error = null) {
    const index = this.#outbox.findIndex((o) => o.clientId === clientId);
    if (index >= 0) {
      this.#outbox.splice(index, 1);
      this.#store();
      this.#emitter.emit('outbox', this.outbox);
    }
    for (const [rid, p] of this.#pending) if (p.kind === 'send' && p.clientId === clientId) this.#pending.delete(rid);
    const waiters = this.#outboxWaiters.get(clientId);
    this.#outboxWaiters.delete(clientId);
    for (const w of waiters ?? []) (error ? w.reject(error) : w.resolve(result));
  }

  #stopTypingOnSend() {
    // The server relays active:false when our message arrives; we only reset our own throttle.
    this.#typingActive = false;
    this.#typingSentAt = -Infinity;
  }

  #scheduleMarks() {
    if (this.#markTimer !== null) return;
    this.#startTimer('mark', this.#settings.markDelayMs, () => this.#flushMarks());
  }

  #flushMarks() {
    if (!this.#isOnline() || this.#syncInFlight) return; // sent after the sync completes
    const frame = { type: 'chat.mark', rid: this.#nextRid(), chatId: this.chatId };
    if (this.#wantMarks.delivered > this.#sentMarks.delivered) frame.delivered = this.#wantMarks.delivered;
    if (this.#wantMarks.read > this.#sentMarks.read) frame.read = this.#wantMarks.read;
    if (frame.delivered === undefined && frame.read === undefined) return;
    if (this.#sendFrame(frame)) {
      this.#sentMarks.delivered = Math.max(this.#sentMarks.delivered, frame.delivered ?? 0);
      this.#sentMarks.read = Math.max(this.#sentMarks.read, frame.read ?? 0);
      this.#pending.set(frame.rid, { kind: 'mark' });
    }
  }

  #refuse(code, message, field, extra = {}) {
    const error = new ChatError({ code, message, ...(field ? { field } : {}), ...extra });
    return Promise.reject(error);
  }

  #failPending(code, message) {
    // Sends stay in the outbox (they are resent); other requests fail now, their callers decide.
    for (const [rid, p] of this.#pending) {
      if (p.reject) p.reject(new ChatError({ code, message }));
      this.#pending.delete(rid);
    }
  }

  // ----- internals: timers -----

  #timers = new Map();
  #startTimer(name, ms, fn) {
    this.#clearTimer(name);
    const handle = this.#opts.timers.setTimeout(() => {
      this.#timers.delete(name);
      if (name === 'mark') this.#markTimer = null;
      fn();
    }, ms);
    this.#timers.set(name, handle);
    if (name === 'mark') this.#markTimer = handle;
  }
  #clearTimer(name) {
    if (this.#timers.has(name)) this.#opts.timers.clearTimeout(this.#timers.get(name));
    this.#timers.delete(name);
    if (name === 'mark') this.#markTimer = null;
  }

  // ----- internals: storage (token, chat id and outbox survive a page reload) -----

  #storedChatId = null;
  #loadStored() {
    try {
      const raw = this.#opts.storage.getItem(this.#opts.storageKey);
      if (!raw) return;
      const saved = JSON.parse(raw);
      if (!isObject(saved) || !isNonEmptyStr(saved.token)) return;
      this.#token = saved.token;
      this.#storedChatId = isNonEmptyStr(saved.chatId) ? saved.chatId : null;
      if (Array.isArray(saved.outbox)) {
        this.#outbox = saved.outbox.filter((o) => isObject(o) && isNonEmptyStr(o.clientId) && isNonEmptyStr(o.kind) && isObject(o.body));
      }
    } catch {
      // Corrupt storage is treated as empty: a new chat can still be started.
    }
  }
  #store() {
    if (!this.#token) return;
    try {
      this.#opts.storage.setItem(this.#opts.storageKey, JSON.stringify({ token: this.#token, chatId: this.chatId, outbox: this.#outbox }));
    } catch (err) {
      this.#emitter.emit('error', { code: 'storage', message: `cannot store the chat: ${err?.message ?? err}` });
    }
  }
  #clearStored() {
    this.#token = null;
    this.#storedChatId = null;
    try { this.#opts.storage.removeItem(this.#opts.storageKey); } catch { /* nothing to clear */ }
  }
  #resetChatState() {
    this.#chat = null;
    this.#lastSeq = 0;
    this.#events = [];
    for (const [, waiters] of this.#outboxWaiters) for (const w of waiters) w.reject(new ChatError({ code: 'closed', message: 'the chat was reset' }));
    this.#outboxWaiters.clear();
    this.#outbox = [];
    this.#sentMarks = { delivered: 0, read: 0 };
    this.#wantMarks = { delivered: 0, read: 0 };
    this.#receipts = { customer: { delivered: 0, read: 0 }, agent: { delivered: 0, read: 0 } };
    this.#queuePosition = null;
    this.#agentTyping = null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Uploads: XMLHttpRequest gives upload progress in browsers; fetch (Node, workers) reports 0 and 100 % only.

function httpError(status, text) {
  let body = null;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  const code = isObject(body) && isNonEmptyStr(body.code) ? body.code : `http_${status}`;
  const message = isObject(body) && isStr(body.message) ? body.message : `upload failed with HTTP ${status}`;
  return new ChatError({ code, message, status, ...(isObject(body) && isPosInt(body.limit) ? { limit: body.limit } : {}) });
}

function parseUploadAnswer(text) {
  try {
    const body = JSON.parse(text);
    if (isObject(body) && isObject(body.file) && isNonEmptyStr(body.file.fileId)) return ok(body);
  } catch { /* fall through */ }
  return fail('bad_frame', 'upload answer is not {seq, ts, file}');
}

function uploadWithXhr(opts, url, headers, data, size, onProgress) {
  const xhr = new opts.XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    if (data?.type) xhr.setRequestHeader('Content-Type', data.type);
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : size });
    xhr.onload = () => {
      if (xhr.status === 200 || xhr.status === 201) {
        const answer = parseUploadAnswer(xhr.responseText);
        if (answer.ok) {
          onProgress?.({ loaded: size, total: size });
          resolve(answer.value);
        } else reject(new ChatError(answer.error));
      } else reject(httpError(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ChatError({ code: 'network', message: 'upload failed: network error' }));
    xhr.onabort = () => reject(new ChatError({ code: 'aborted', message: 'upload aborted' }));
    xhr.send(data);
  });
  return { promise, abort: () => xhr.abort() };
}

function uploadWithFetch(opts, url, headers, data, size, onProgress) {
  if (typeof opts.fetch !== 'function') {
    return { promise: Promise.reject(new ChatError({ code: 'unsupported', message: 'no XMLHttpRequest or fetch for uploads' })), abort: () => {} };
  }
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const promise = (async () => {
    onProgress?.({ loaded: 0, total: size });
    let response;
    try {
      const contentType = data?.type ? { 'Content-Type': data.type } : {};
      response = await opts.fetch(url, { method: 'POST', headers: { ...headers, ...contentType }, body: data, signal: controller?.signal });
    } catch (err) {
      if (err?.name === 'AbortError') throw new ChatError({ code: 'aborted', message: 'upload aborted' });
      throw new ChatError({ code: 'network', message: `upload failed: ${err?.message ?? err}` });
    }
    const text = await response.text().catch(() => '');
    if (response.status !== 200 && response.status !== 201) throw httpError(response.status, text);
    const answer = parseUploadAnswer(text);
    if (!answer.ok) throw new ChatError(answer.error);
    onProgress?.({ loaded: size, total: size });
    return answer.value;
  })();
  return { promise, abort: () => controller?.abort() };
}

// ---------------------------------------------------------------------------------------------------------------
// WebRTC voice calls from the agent (docs/client-library.md "Calls", data shapes in docs/protocol.md "WebRTC
// signaling"). The agent's desktop owns the call (it rings, offers, records the transcript events); this side
// answers: ring → accept (microphone) or decline → SDP answer and ICE candidates → connected → hang up. Signaling
// travels as rtc.signal through the CustomerChatClient; the media goes peer to peer (or through TURN).

/** Call settings; override through `new CustomerCalls(client, {settings})`. */
export const DEFAULT_CALL_SETTINGS = Object.freeze({
  ringTimeoutMs: 45000,         // a ring nobody answers stops here even if the agent's hang-up never arrives
  maxQueuedCandidates: 200,     // ICE candidates held until the offer arrives; more are dropped
  maxIceServers: 8,             // ICE servers taken from the agent's ring; more are ignored
});

const CALL_STATES = Object.freeze(['idle', 'ringing', 'connecting', 'connected', 'ended', 'failed']);

function checkIceServers(list, max) {
  if (!Array.isArray(list)) return [];
  return list.slice(0, max).filter((s) => isObject(s) && (isStr(s.urls) || (Array.isArray(s.urls) && s.urls.every(isStr))))
    .map((s) => ({ urls: s.urls, ...(isStr(s.username) ? { username: s.username } : {}), ...(isStr(s.credential) ? { credential: s.credential } : {}) }));
}

function defaultAudio() {
  if (typeof document === 'undefined' || typeof document.createElement !== 'function') return null;
  const audio = document.createElement('audio');
  audio.autoplay = true;
  audio.hidden = true;
  document.body?.appendChild(audio);
  return audio;
}

export class CustomerCalls {
  #client;
  #emitter = new Emitter();
  #opts;
  #settings;
  #call = null;  // {callId, state, reason, iceServers, policy, pc, stream, audio, queued, muted, onHold, reconnecting, startedAt, endedAt}
  #last = { callId: null, state: 'idle', reason: '', muted: false, onHold: false, reconnecting: false, startedAt: 0, durationMs: 0 };
  #unsubscribe = [];
  #ringTimer = null;

  /**
   * @param {CustomerChatClient} client
   * @param {object} [options]
   * @param {Function} [options.RTCPeerConnection]  default globalThis.RTCPeerConnection
   * @param {object}   [options.mediaDevices]       default navigator.mediaDevices (getUserMedia)
   * @param {Function} [options.createAudio]        returns the element that plays the agent's voice (default: a hidden <audio>)
   * @param {object}   [options.settings]           overrides of DEFAULT_CALL_SETTINGS
   * @param {Function} [options.now]                clock (ms), default Date.now
   */
  constructor(client, options = {}) {
    this.#client = client;
    this.#opts = {
      RTCPeerConnection: options.RTCPeerConnection ?? globalThis.RTCPeerConnection,
      mediaDevices: options.mediaDevices ?? globalThis.navigator?.mediaDevices,
      createAudio: options.createAudio ?? defaultAudio,
      now: options.now ?? (() => Date.now()),
    };
    this.#settings = { ...DEFAULT_CALL_SETTINGS, ...(options.settings ?? {}) };
    this.#unsubscribe.push(client.on('rtc', (m) => this.#onSignal(m)));
    // The chat ended under the call: no more signaling is possible, so the call ends here too.
    this.#unsubscribe.push(client.on('status', ({ status }) => {
      if ((status === 'ended' || status === 'closed') && this.#call) this.#finish('ended', 'chat_ended');
    }));
  }

  /** True when this browser can take calls (RTCPeerConnection and getUserMedia exist). */
  get supported() {
    return typeof this.#opts.RTCPeerConnection === 'function' && typeof this.#opts.mediaDevices?.getUserMedia === 'function';
  }

  /** {callId, state, reason, muted, onHold, reconnecting, startedAt, durationMs}; state is one of CALL_STATES. */
  get state() {
    const c = this.#call;
    if (!c) return { ...this.#last };
    const durationMs = c.startedAt ? this.#opts.now() - c.startedAt : 0;
    return { callId: c.callId, state: c.state, reason: c.reason, muted: c.muted, onHold: c.onHold, reconnecting: c.reconnecting, startedAt: c.startedAt, durationMs };
  }

  /** 'call' events carry `state` after every change. Returns an unsubscribe function. */
  on(name, fn) { return this.#emitter.on(name, fn); }

  /** Answers a ringing call: asks for the microphone, then connects. Rejects with ChatError
   *  `microphone_denied` / `microphone_missing` / `no_call` / `offline` (the agent is told why). */
  async accept() {
    const c = this.#call;
    if (!c || c.state !== 'ringing') throw new ChatError({ code: 'no_call', message: 'no call is ringing' });
    this.#clearRingTimer();
    let stream;
    try {
      stream = await this.#opts.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (err) {
      const denied = err?.name === 'NotAllowedError' || err?.name === 'SecurityError';
      const code = denied ? 'microphone_denied' : (err?.name === 'NotFoundError' ? 'microphone_missing' : 'media_failed');
      if (this.#call === c) {
        this.#signal(c, { decline: { reason: denied ? 'microphone_denied' : 'unsupported' } });
        this.#finish('failed', code);
      }
      throw new ChatError({ code, message: `microphone: ${err?.message ?? err}` });
    }
    if (this.#call !== c) {  // hung up while the permission prompt was open
      stream.getTracks().forEach((t) => t.stop());
      throw new ChatError({ code: 'no_call', message: 'the call ended meanwhile' });
    }
    c.stream = stream;
    let pc;
    try {
      pc = new this.#opts.RTCPeerConnection({ iceServers: c.iceServers, iceTransportPolicy: c.policy });
    } catch (err) {
      this.#signal(c, { decline: { reason: 'unsupported' } });
      this.#finish('failed', 'media_failed');
      throw new ChatError({ code: 'media_failed', message: String(err?.message ?? err) });
    }
    c.pc = pc;
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    pc.onicecandidate = (ev) => { if (ev.candidate && this.#call === c) this.#signal(c, { candidate: ev.candidate.toJSON ? ev.candidate.toJSON() : ev.candidate }); };
    pc.ontrack = (ev) => {
      if (this.#call !== c) return;
      c.audio ??= this.#opts.createAudio();
      if (c.audio) {
        c.audio.srcObject = ev.streams?.[0] ?? null;
        c.audio.play?.()?.catch?.(() => {});
      }
      c.remoteTrack = ev.track ?? null;
    };
    pc.onconnectionstatechange = () => this.#onConnectionState(c);
    if (!this.#signal(c, { accept: {} })) {
      this.#finish('failed', 'offline');
      throw new ChatError({ code: 'offline', message: 'not connected to the chat server' });
    }
    this.#set(c, { state: 'connecting' });
    return this.state;
  }

  /** Declines a ringing call. */
  decline() {
    const c = this.#call;
    if (!c || c.state !== 'ringing') return false;
    this.#signal(c, { decline: { reason: 'declined' } });
    this.#finish('ended', 'declined');
    return true;
  }

  /** Hangs up (or cancels while connecting). */
  hangUp() {
    const c = this.#call;
    if (!c) return false;
    if (c.state === 'ringing') return this.decline();
    this.#signal(c, { hangup: { reason: 'customer' } });
    this.#finish('ended', 'customer');
    return true;
  }

  /** Mutes or unmutes the microphone. */
  setMuted(muted) {
    const c = this.#call;
    if (!c) return false;
    c.muted = !!muted;
    this.#applyTracks(c);
    this.#emit();
    return true;
  }

  /** The connection's facts from getStats(): {connectionState, bytesReceived, bytesSent, remoteTrackLive}, or null. */
  async stats() {
    const c = this.#call;
    if (!c?.pc) return null;
    let bytesReceived = 0, bytesSent = 0;
    try {
      (await c.pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') bytesReceived += s.bytesReceived ?? 0;
        if (s.type === 'outbound-rtp' && s.kind === 'audio') bytesSent += s.bytesSent ?? 0;
      });
    } catch { /* closed meanwhile */ }
    return { connectionState: c.pc.connectionState, bytesReceived, bytesSent, remoteTrackLive: c.remoteTrack?.readyState === 'live' };
  }

  /** Stops listening to the client and ends any call. */
  dispose() {
    if (this.#call) this.hangUp();
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  // ----- internals -----

  #onSignal({ callId, from, data }) {
    if (from !== 'agent' || !isNonEmptyStr(callId) || !isObject(data)) return;
    const [kind] = Object.keys(data);
    const body = data[kind];
    const c = this.#call;
    if (kind === 'ring') {
      if (c && c.callId === callId) return;  // a repeat
      if (c && (c.state === 'ringing' || c.state === 'connecting' || c.state === 'connected')) {
        this.#client.sendRtcSignal(callId, { decline: { reason: 'busy' } });
        return;
      }
      if (!this.supported) {
        this.#client.sendRtcSignal(callId, { decline: { reason: 'unsupported' } });
        return;
      }
      this.#call = { callId, state: 'ringing', reason: '', iceServers: checkIceServers(body?.iceServers, this.#settings.maxIceServers),
        policy: body?.iceTransportPolicy === 'relay' ? 'relay' : 'all', pc: null, stream: null, audio: null, remoteTrack: null,
        queued: [], muted: false, onHold: false, reconnecting: false, startedAt: 0 };
      this.#ringTimer = setTimeout(() => {
        const ringing = this.#call;
        if (ringing?.callId === callId && ringing.state === 'ringing') {
          this.#signal(ringing, { decline: { reason: 'no_answer' } });
          this.#finish('failed', 'no_answer');
        }
      }, this.#settings.ringTimeoutMs);
      this.#emit();
      return;
    }
    if (!c || c.callId !== callId) return;  // an old call's late signal
    if (kind === 'hangup') {
      const reason = isObject(body) && isStr(body.reason) ? body.reason : 'agent';
      if (c.state === 'connected') this.#finish('ended', 'agent');
      else this.#finish(reason === 'agent' ? 'ended' : 'failed', reason);
    } else if (kind === 'sdp') {
      this.#onRemoteDescription(c, body);
    } else if (kind === 'candidate') {
      if (!c.pc || !c.pc.remoteDescription) {
        if (c.queued.length < this.#settings.maxQueuedCandidates) c.queued.push(body);
      } else {
        c.pc.addIceCandidate(body).catch(() => {});
      }
    } else if (kind === 'hold') {
      c.onHold = !!body?.on;
      this.#applyTracks(c);
      this.#emit();
    }
  }

  async #onRemoteDescription(c, sdp) {
    if (!c.pc || !isObject(sdp) || sdp.type !== 'offer' || !isStr(sdp.sdp)) return;
    try {
      await c.pc.setRemoteDescription(sdp);
      const answer = await c.pc.createAnswer();
      await c.pc.setLocalDescription(answer);
      if (this.#call !== c) return;
      this.#signal(c, { sdp: { type: answer.type, sdp: answer.sdp } });
      for (const candidate of c.queued.splice(0)) await c.pc.addIceCandidate(candidate).catch(() => {});
    } catch (err) {
      if (this.#call === c) {
        this.#signal(c, { hangup: { reason: 'media_failed' } });
        this.#finish('failed', 'media_failed');
      }
    }
  }

  #onConnectionState(c) {
    if (this.#call !== c || !c.pc) return;
    const state = c.pc.connectionState;
    if (state === 'connected') {
      c.reconnecting = false;
      if (c.state !== 'connected') {
        c.startedAt = this.#opts.now();
        c.state = 'connected';
      }
      this.#emit();
    } else if (state === 'disconnected') {
      c.reconnecting = true;
      this.#emit();
    } else if (state === 'failed') {
      this.#finish('failed', c.state === 'connected' ? 'connection_lost' : 'ice_failed');
    }
  }

  #applyTracks(c) {
    for (const track of c.stream?.getAudioTracks?.() ?? []) track.enabled = !c.muted && !c.onHold;
    if (c.audio) c.audio.muted = c.onHold;
  }

  #signal(c, data) {
    return this.#client.sendRtcSignal(c.callId, data);
  }

  #set(c, changes) {
    Object.assign(c, changes);
    this.#emit();
  }

  #finish(state, reason) {
    const c = this.#call;
    if (!c) return;
    this.#clearRingTimer();
    const now = this.#opts.now();
    this.#last = { callId: c.callId, state, reason, muted: false, onHold: false, reconnecting: false, startedAt: c.startedAt,
      durationMs: c.startedAt ? now - c.startedAt : 0 };
    this.#call = null;
    if (c.pc) {
      c.pc.onicecandidate = c.pc.ontrack = c.pc.onconnectionstatechange = null;
      c.pc.close();
    }
    c.stream?.getTracks().forEach((t) => t.stop());
    if (c.audio) {
      c.audio.srcObject = null;
      c.audio.remove?.();
    }
    this.#emit();
  }

  #clearRingTimer() {
    if (this.#ringTimer) clearTimeout(this.#ringTimer);
    this.#ringTimer = null;
  }

  #emit() {
    this.#emitter.emit('call', this.state);
  }
}

export { CALL_STATES };
