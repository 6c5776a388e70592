// CustomerCalls (web/customer/agentdesk-client.js): the customer side of a WebRTC call, driven with a scripted
// agent (rtc.signal frames in) and a recording RTCPeerConnection/getUserMedia stand-in, so every path is checked
// without a browser: ring, accept (microphone), decline, busy, unsupported, microphone denied, SDP answer and
// candidates (queued before the offer), connected, hold, mute, hang up both ways, ring timeout, network loss.
// The real browser path (real RTCPeerConnection, real server) is tests/e2e/calls.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CustomerCalls, DEFAULT_CALL_SETTINGS } from '../../web/customer/agentdesk-client.js';

class FakeClient {
  listeners = new Map();
  sent = [];
  online = true;
  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    return () => this.listeners.get(name).delete(fn);
  }
  emit(name, payload) { for (const fn of this.listeners.get(name) ?? []) fn(payload); }
  sendRtcSignal(callId, data) {
    if (!this.online) return false;
    this.sent.push({ callId, data });
    return true;
  }
  ring(callId = 'k1', extra = {}) { this.emit('rtc', { callId, from: 'agent', data: { ring: { iceServers: [{ urls: 'stun:127.0.0.1:3478' }], ...extra } } }); }
  agent(callId, data) { this.emit('rtc', { callId, from: 'agent', data }); }
  last() { return this.sent.at(-1); }
}

class FakeTrack {
  enabled = true;
  readyState = 'live';
  kind = 'audio';
  stop() { this.readyState = 'ended'; }
}

class FakePeer {
  static last = null;
  tracks = [];
  candidates = [];
  remoteDescription = null;
  localDescription = null;
  connectionState = 'new';
  closed = false;
  constructor(config) { this.config = config; FakePeer.last = this; }
  addTrack(track) { this.tracks.push(track); }
  async setRemoteDescription(d) { this.remoteDescription = d; }
  async createAnswer() { return { type: 'answer', sdp: 'v=0 answer' }; }
  async setLocalDescription(d) { this.localDescription = d; }
  async addIceCandidate(c) { this.candidates.push(c); }
  async getStats() { return new Map([['a', { type: 'inbound-rtp', kind: 'audio', bytesReceived: 1234 }], ['b', { type: 'outbound-rtp', kind: 'audio', bytesSent: 999 }]]); }
  close() { this.closed = true; this.connectionState = 'closed'; }
  setState(state) { this.connectionState = state; this.onconnectionstatechange?.(); }
}

function setup({ mic = 'ok', settings } = {}) {
  const client = new FakeClient();
  const track = new FakeTrack();
  const audio = { srcObject: null, muted: false, play: async () => {}, remove() { this.removed = true; } };
  let clock = 1000;
  const mediaDevices = {
    async getUserMedia(constraints) {
      assert.deepEqual(constraints, { audio: true, video: false });
      if (mic === 'denied') throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
      if (mic === 'missing') throw Object.assign(new Error('Requested device not found'), { name: 'NotFoundError' });
      return { getTracks: () => [track], getAudioTracks: () => [track] };
    },
  };
  const calls = new CustomerCalls(client, { RTCPeerConnection: FakePeer, mediaDevices, createAudio: () => audio, now: () => clock, settings });
  const states = [];
  calls.on('call', (s) => states.push(s.state));
  return { client, calls, track, audio, states, tick: (ms) => { clock += ms; } };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('ring, accept with the microphone, answer the offer, connect, hang up: the agent is told each step', async () => {
  const { client, calls, track, audio, states, tick } = setup();
  client.ring('k1');
  assert.equal(calls.state.state, 'ringing');
  assert.equal(calls.state.callId, 'k1');
  // A candidate that overtakes the offer waits for it.
  await calls.accept();
  assert.deepEqual(client.last(), { callId: 'k1', data: { accept: {} } });
  assert.equal(calls.state.state, 'connecting');
  assert.deepEqual(FakePeer.last.config.iceServers, [{ urls: 'stun:127.0.0.1:3478' }]);
  assert.equal(FakePeer.last.tracks[0], track);
  client.agent('k1', { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' } });
  assert.equal(FakePeer.last.candidates.length, 0);
  client.agent('k1', { sdp: { type: 'offer', sdp: 'v=0 offer' } });
  await flush();
  assert.deepEqual(FakePeer.last.remoteDescription, { type: 'offer', sdp: 'v=0 offer' });
  assert.deepEqual(client.last(), { callId: 'k1', data: { sdp: { type: 'answer', sdp: 'v=0 answer' } } });
  assert.equal(FakePeer.last.candidates.length, 1);
  FakePeer.last.onicecandidate({ candidate: { toJSON: () => ({ candidate: 'c', sdpMid: '0' }) } });
  assert.deepEqual(client.last().data, { candidate: { candidate: 'c', sdpMid: '0' } });
  FakePeer.last.ontrack({ streams: ['remote-stream'], track: new FakeTrack() });
  assert.equal(audio.srcObject, 'remote-stream');
  FakePeer.last.setState('connected');
  assert.equal(calls.state.state, 'connected');
  assert.deepEqual(await calls.stats(), { connectionState: 'connected', bytesReceived: 1234, bytesSent: 999, remoteTrackLive: true });

  calls.setMuted(true);
  assert.equal(track.enabled, false);
  calls.setMuted(false);
  client.agent('k1', { hold: { on: true } });
  assert.equal(calls.state.onHold, true);
  assert.equal(track.enabled, false);
  assert.equal(audio.muted, true);
  client.agent('k1', { hold: { on: false } });
  assert.equal(track.enabled, true);

  tick(65000);
  const peer = FakePeer.last;
  calls.hangUp();
  assert.deepEqual(client.last(), { callId: 'k1', data: { hangup: { reason: 'customer' } } });
  assert.equal(calls.state.state, 'ended');
  assert.equal(calls.state.durationMs, 65000);
  assert.equal(peer.closed, true);
  assert.equal(track.readyState, 'ended');
  assert.ok(audio.removed);
  assert.deepEqual(states.filter((s, i) => s !== states[i - 1]), ['ringing', 'connecting', 'connected', 'ended']);
});

test('the agent hangs up a connected call; a late signal of that call is ignored', async () => {
  const { client, calls } = setup();
  client.ring('k2');
  await calls.accept();
  FakePeer.last.setState('connected');
  client.agent('k2', { hangup: { reason: 'agent' } });
  assert.equal(calls.state.state, 'ended');
  assert.equal(calls.state.reason, 'agent');
  const count = client.sent.length;
  client.agent('k2', { sdp: { type: 'offer', sdp: 'late' } });
  assert.equal(client.sent.length, count);
});

test('decline, busy, unsupported and foreign signals', async () => {
  const { client, calls } = setup();
  client.ring('k3');
  assert.equal(calls.decline(), true);
  assert.deepEqual(client.last(), { callId: 'k3', data: { decline: { reason: 'declined' } } });
  assert.equal(calls.state.state, 'ended');
  assert.equal(calls.state.reason, 'declined');

  client.ring('k4');
  client.ring('k5');  // a second ring while one rings
  assert.deepEqual(client.last(), { callId: 'k5', data: { decline: { reason: 'busy' } } });
  assert.equal(calls.state.callId, 'k4');
  client.emit('rtc', { callId: 'k4', from: 'customer', data: { hangup: {} } });  // not from the agent
  client.emit('rtc', { callId: 'k4', from: 'agent', data: 'nonsense' });
  assert.equal(calls.state.state, 'ringing');
  calls.dispose();  // declines the ring and stops its timer
  assert.deepEqual(client.last(), { callId: 'k4', data: { decline: { reason: 'declined' } } });

  const bare = new FakeClient();
  const unsupported = new CustomerCalls(bare, { RTCPeerConnection: undefined, mediaDevices: undefined });
  assert.equal(unsupported.supported, false);
  bare.ring('k6');
  assert.deepEqual(bare.last(), { callId: 'k6', data: { decline: { reason: 'unsupported' } } });
  assert.equal(unsupported.state.state, 'idle');
});

test('microphone denied or missing: the agent is told, the promise says why', async () => {
  for (const [mic, code, reason] of [['denied', 'microphone_denied', 'microphone_denied'], ['missing', 'microphone_missing', 'unsupported']]) {
    const { client, calls } = setup({ mic });
    client.ring('k7');
    await assert.rejects(calls.accept(), (err) => err.code === code);
    assert.deepEqual(client.last(), { callId: 'k7', data: { decline: { reason } } });
    assert.equal(calls.state.state, 'failed');
    assert.equal(calls.state.reason, code);
  }
  const { calls } = setup();
  await assert.rejects(calls.accept(), (err) => err.code === 'no_call');
});

test('a ring nobody answers stops after ringTimeoutMs and tells the agent', async () => {
  const { client, calls } = setup({ settings: { ringTimeoutMs: 30 } });
  assert.equal(DEFAULT_CALL_SETTINGS.ringTimeoutMs, 45000);
  client.ring('k8');
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(calls.state.state, 'failed');
  assert.equal(calls.state.reason, 'no_answer');
  assert.deepEqual(client.last(), { callId: 'k8', data: { decline: { reason: 'no_answer' } } });
});

test('the agent gives up while ringing; the network fails before and after connecting; the chat ends', async () => {
  let { client, calls } = setup();
  client.ring('k9');
  client.agent('k9', { hangup: { reason: 'no_answer' } });
  assert.equal(calls.state.state, 'failed');
  assert.equal(calls.state.reason, 'no_answer');

  ({ client, calls } = setup());
  client.ring('k10');
  await calls.accept();
  FakePeer.last.setState('failed');
  assert.equal(calls.state.reason, 'ice_failed');

  ({ client, calls } = setup());
  client.ring('k11');
  await calls.accept();
  FakePeer.last.setState('connected');
  FakePeer.last.setState('disconnected');
  assert.equal(calls.state.reconnecting, true);
  FakePeer.last.setState('connected');
  assert.equal(calls.state.reconnecting, false);
  FakePeer.last.setState('failed');
  assert.equal(calls.state.state, 'failed');
  assert.equal(calls.state.reason, 'connection_lost');

  ({ client, calls } = setup());
  client.ring('k12');
  await calls.accept();
  client.emit('status', { status: 'ended' });
  assert.equal(calls.state.reason, 'chat_ended');

  ({ client, calls } = setup());
  client.ring('k13');
  client.online = false;
  await assert.rejects(calls.accept(), (err) => err.code === 'offline');
});

test('ICE servers from the ring are checked and capped', async () => {
  const { client, calls } = setup({ settings: { maxIceServers: 2 } });
  client.agent('k14', { ring: { iceServers: [{ urls: 'stun:a' }, { urls: 5 }, { urls: ['turn:b'], username: 'u', credential: 'p' }, { urls: 'stun:c' }], iceTransportPolicy: 'relay' } });
  await calls.accept();
  assert.deepEqual(FakePeer.last.config, { iceServers: [{ urls: 'stun:a' }], iceTransportPolicy: 'relay' });
});
