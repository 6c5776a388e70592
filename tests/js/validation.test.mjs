// Pure validation: E.164 normalization, limits at their edges, and parsing of untrusted server frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BOUNDED } from './helpers.mjs';
import {
  normalizePhone, parseServerFrame, validateLocation, validateContext, codePointLength, httpBaseFromWsUrl, DEFAULT_LIMITS,
} from '../../web/customer/agentdesk-client.js';

test('normalizePhone: accepted forms become E.164', BOUNDED, () => {
  const cases = [
    ['+49 151 1234 5678', '+4915112345678'],
    ['0049 (151) 123-456.78', '+4915112345678'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['  +4930123456  ', '+4930123456'],
    ['+12345678', '+12345678'], // 8 digits: the minimum
    ['+123456789012345', '+123456789012345'], // 15 digits: the maximum
  ];
  for (const [input, expected] of cases) assert.deepEqual(normalizePhone(input), { ok: true, value: expected }, input);
});

test('normalizePhone: everything else is invalid_field phone', BOUNDED, () => {
  for (const input of ['', '030 1234567', '+1234567', '+1234567890123456', '+49 151 abc 5678', '++4915112345678', '+49/151/123456', 0x49, null]) {
    const r = normalizePhone(input);
    assert.equal(r.ok, false, String(input));
    assert.equal(r.error.code, 'invalid_field');
    assert.equal(r.error.field, 'phone');
  }
});

test('validateLocation: ranges at their edges', BOUNDED, () => {
  assert.ok(validateLocation({ lat: 90, lon: -180, accuracy: 0 }).ok);
  assert.ok(validateLocation({ lat: -90, lon: 180, accuracy: 1e4 }).ok);
  assert.equal(validateLocation({ lat: 0, lon: 0 }).error.field, 'accuracy'); // accuracy is required
  assert.equal(validateLocation({ lat: 90.0001, lon: 0 }).error.field, 'lat');
  assert.equal(validateLocation({ lat: 0, lon: -180.5 }).error.field, 'lon');
  assert.equal(validateLocation({ lat: 0, lon: 0, accuracy: -1 }).error.field, 'accuracy');
  assert.equal(validateLocation({ lat: NaN, lon: 0, accuracy: 1 }).ok, false);
  assert.equal(validateLocation({ lat: '52', lon: 13 }).ok, false);
  assert.deepEqual(validateLocation({ lat: 1, lon: 2, accuracy: 3, extra: 'x' }).value, { lat: 1, lon: 2, accuracy: 3 });
});

test('validateContext: entry and value limits at their edges', BOUNDED, () => {
  const entries = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  assert.ok(validateContext(entries(DEFAULT_LIMITS.maxContextEntries)).ok);
  assert.equal(validateContext(entries(DEFAULT_LIMITS.maxContextEntries + 1)).error.code, 'too_large');
  assert.ok(validateContext({ a: '€'.repeat(DEFAULT_LIMITS.maxContextValueChars) }).ok);
  assert.equal(validateContext({ a: 'x'.repeat(DEFAULT_LIMITS.maxContextValueChars + 1) }).error.code, 'too_large');
  assert.equal(validateContext({ a: 5 }).error.code, 'invalid_field');
  assert.ok(validateContext({ ['k'.repeat(DEFAULT_LIMITS.maxNameChars)]: 'v' }).ok);
  assert.equal(validateContext({ ['k'.repeat(DEFAULT_LIMITS.maxNameChars + 1)]: 'v' }).error.code, 'invalid_field');
  assert.equal(validateContext(['a']).error.code, 'invalid_field');
});

test('codePointLength counts code points, not UTF-16 units', BOUNDED, () => {
  assert.equal(codePointLength('🚗🚗'), 2);
  assert.equal(codePointLength('Grüße'), 5);
});

test('httpBaseFromWsUrl', BOUNDED, () => {
  assert.equal(httpBaseFromWsUrl('ws://127.0.0.1:8080/ws'), 'http://127.0.0.1:8080');
  assert.equal(httpBaseFromWsUrl('wss://chat.example.com/support/ws'), 'https://chat.example.com/support');
});

test('parseServerFrame: well-formed frames pass', BOUNDED, () => {
  const event = { seq: 1, ts: 1, author: { role: 'agent', id: 'a1', name: 'Anna' }, kind: 'text', body: { text: 'hi' } };
  for (const frame of [
    { type: 'event', chatId: 'c1', event },
    { type: 'ack', rid: '3', chatId: 'c1', clientId: 'm-1', seq: 4, ts: 5 },
    { type: 'chat.synced', rid: '2', chatId: 'c1', lastSeq: 0 },
    { type: 'queue', chatId: 'c1', position: 0 },
    { type: 'typing', chatId: 'c1', role: 'agent', name: 'Anna', active: true },
    { type: 'receipt', chatId: 'c1', role: 'agent', delivered: 3, read: 2 },
    { type: 'rtc.signal', chatId: 'c1', callId: 'k1', from: 'agent', data: { sdp: {} } },
    { type: 'error', code: 'rate_limited', retryAfterMs: 100 },
    { type: 'ok', rid: null }, // null counts as absent
    { type: 'chat.synced', chatId: 'c1', lastSeq: 3, receipts: null },
    { type: 'event', chatId: 'c1', event: { ...event, clientId: null } },
    { type: 'customer.welcome', rid: '1', token: 't'.repeat(43), chat: { chatId: 'c1', status: 'queued', lastSeq: 0, agent: null } },
  ]) {
    const r = parseServerFrame(JSON.stringify(frame));
    assert.ok(r.ok, `${frame.type}: ${r.error?.message}`);
  }
});

test('parseServerFrame: malformed frames become bad_frame values, never exceptions', BOUNDED, () => {
  const bad = [
    'not json', '[]', 'null', '42', '{}', '{"type":5}', '{"type":"launch.missiles"}',
    '{"type":"event","chatId":"c1","event":{"seq":0,"ts":1,"author":{"role":"agent"},"kind":"text","body":{"text":"x"}}}',
    '{"type":"event","chatId":"c1","event":{"seq":1.5,"ts":1,"author":{"role":"agent"},"kind":"text","body":{}}}',
    '{"type":"event","chatId":"c1","event":{"seq":1,"ts":1,"author":{"role":"hacker"},"kind":"text","body":{}}}',
    '{"type":"ack","chatId":"c1","seq":1,"ts":1}',
    '{"type":"queue","chatId":"c1","position":-1}',
    '{"type":"typing","chatId":"c1","active":"yes"}',
    '{"type":"customer.welcome","token":"","chat":{}}',
    '{"type":"ok","rid":7}',
    '{"type":"event","chatId":"c1","event":{"seq":1,"ts":1,"author":{"role":"agent"},"kind":"text","body":{"text":"x"},"clientId":5}}',
  ];
  for (const text of bad) {
    const r = parseServerFrame(text);
    assert.equal(r.ok, false, text);
    assert.equal(r.error.code, 'bad_frame');
  }
  assert.equal(parseServerFrame(Buffer.from('{"type":"ok"}')).error.code, 'bad_frame'); // binary
});

test('parseServerFrame: random garbage never throws (bounded fuzz)', BOUNDED, () => {
  const alphabet = '{}[]":,0123456789abcdefghijklmnopqrstuvwxyz-. \\nulltrue';
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    const len = Math.floor(rand() * 60);
    let s = '';
    for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
    const r = parseServerFrame(s);
    assert.equal(typeof r.ok, 'boolean');
  }
  // Valid JSON with every value type in every field.
  for (const v of [null, 1, -1, 'x', [], {}, true, 1e309]) {
    for (const type of ['event', 'ack', 'chat.synced', 'queue', 'typing', 'receipt', 'rtc.signal', 'customer.welcome', 'error']) {
      for (const field of ['chatId', 'event', 'seq', 'ts', 'clientId', 'lastSeq', 'position', 'active', 'token', 'chat', 'code']) {
        const r = parseServerFrame(JSON.stringify({ type, chatId: 'c1', [field]: v }));
        assert.equal(typeof r.ok, 'boolean');
      }
    }
  }
});
