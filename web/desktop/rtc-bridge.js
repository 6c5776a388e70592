// The desktop's WebRTC audio: microphone (getUserMedia), one RTCPeerConnection, the remote audio element,
// device choice (enumerateDevices, setSinkId where the browser has it) and quality (getStats). It holds no call
// rules: the App (src/desktop/core/update_calls.cpp) owns the phases, timers and signaling and sends JSON
// commands here; this reports back as JSON through Module._agentdesk_on_call_media. Signaling data leaves
// through the App, which relays it as rtc.signal frames over the desktop's socket. Contract:
// docs/desktop-platform.md "Calls".
//   commands: {op:"start", callId, inputId, outputId, statsIntervalMs}  open the microphone, then report the ring
//             {op:"offer", callId}                                      create the connection and the SDP offer
//             {op:"remote", callId, data:{sdp}|{candidate}}             the customer's answer and candidates
//             {op:"mute", callId, muted} {op:"hold", callId, on} {op:"select", kind:"input"|"output", deviceId}
//             {op:"devices"} {op:"stop", callId}
//   reports:  {type:"signal", callId, data} {type:"state", callId, state:"connected"|"disconnected"|"failed"}
//             {type:"error", callId, code:"microphone_denied"|"microphone_missing"|"media_failed", message}
//             {type:"track", callId} {type:"stats", callId, rttMs, lossPct, jitterMs, bytesReceived, bytesSent}
//             {type:"devices", inputs:[{id,label}], outputs:[{id,label}], canChooseOutput}
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});
  const ice = { iceServers: [], iceTransportPolicy: 'all' };
  const MAX_QUEUED_REMOTE = 200;  // candidates that arrive before the connection exists; more are dropped
  let call = null;
  let inputId = '';
  let outputId = '';

  function report(message) {
    bridges.callWithText?.('on_call_media', JSON.stringify(message));
  }

  function errorCode(error) {
    const name = error?.name ?? '';
    if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'microphone_denied';
    if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'microphone_missing';
    return 'media_failed';
  }

  function audioConstraints(deviceId) {
    return { audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false };
  }

  function applyTrackState() {
    if (!call?.stream) return;
    for (const track of call.stream.getAudioTracks()) track.enabled = !call.muted && !call.held;
    if (call.audio) call.audio.muted = call.held;
  }

  async function listDevices() {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      const pick = (kind) => devices.filter((d) => d.kind === kind && d.deviceId)
        .slice(0, 32)
        .map((d, i) => ({ id: d.deviceId.slice(0, 256), label: (d.label || `${kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${i + 1}`).slice(0, 200) }));
      const canChooseOutput = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
      report({ type: 'devices', inputs: pick('audioinput'), outputs: canChooseOutput ? pick('audiooutput') : [], canChooseOutput });
    } catch (error) {
      console.warn('agentdesk: enumerateDevices failed:', error.message);
    }
  }

  function stop(callId) {
    if (!call || (callId && call.id !== callId)) return;
    const ending = call;
    call = null;
    clearInterval(ending.statsTimer);
    if (ending.pc) {
      ending.pc.onicecandidate = ending.pc.ontrack = ending.pc.onconnectionstatechange = null;
      ending.pc.close();
    }
    ending.stream?.getTracks().forEach((t) => t.stop());
    if (ending.audio) {
      ending.audio.srcObject = null;
      ending.audio.remove();
    }
  }

  async function start({ callId, statsIntervalMs }) {
    stop();
    const current = call = { id: callId, pc: null, stream: null, audio: null, queued: [], muted: false, held: false,
      statsIntervalMs: Math.max(200, Number(statsIntervalMs) || 1000), statsTimer: 0, last: null };
    if (!navigator.mediaDevices?.getUserMedia) {
      report({ type: 'error', callId, code: 'media_failed', message: 'This browser offers no microphone access (needs https).' });
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(audioConstraints(inputId));
    } catch (error) {
      if (call === current) {
        call = null;
        report({ type: 'error', callId, code: errorCode(error), message: String(error?.message ?? error).slice(0, 200) });
      }
      return;
    }
    if (call !== current) {  // hung up while the permission prompt was open
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    current.stream = stream;
    applyTrackState();
    listDevices();  // labels are readable once the permission is granted
    report({ type: 'signal', callId, data: { ring: { iceServers: ice.iceServers, iceTransportPolicy: ice.iceTransportPolicy } } });
  }

  function attachRemote(current, streams, track) {
    if (!current.audio) {
      const audio = document.createElement('audio');
      audio.autoplay = true;
      audio.hidden = true;
      audio.id = 'agentdesk-call-audio';
      document.body.appendChild(audio);
      current.audio = audio;
      if (outputId && typeof audio.setSinkId === 'function') audio.setSinkId(outputId).catch(() => {});
    }
    current.audio.srcObject = streams[0] ?? new MediaStream([track]);
    current.audio.play().catch(() => {});  // autoplay may wait for a gesture; the agent just clicked
    applyTrackState();
    report({ type: 'track', callId: current.id });
  }

  async function sampleStats(current) {
    if (call !== current || !current.pc) return;
    let rtt = -1, lost = 0, received = 0, jitter = -1, bytesReceived = 0, bytesSent = 0;
    try {
      const stats = await current.pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && typeof s.currentRoundTripTime === 'number') rtt = s.currentRoundTripTime * 1000;
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          lost += s.packetsLost ?? 0;
          received += s.packetsReceived ?? 0;
          bytesReceived += s.bytesReceived ?? 0;
          if (typeof s.jitter === 'number') jitter = s.jitter * 1000;
        }
        if (s.type === 'outbound-rtp' && s.kind === 'audio') bytesSent += s.bytesSent ?? 0;
      });
    } catch {
      return;  // closed meanwhile
    }
    // Loss over the last interval, not since the start: a past burst should not colour the whole call.
    const prev = current.last ?? { lost: 0, received: 0 };
    const dLost = Math.max(0, lost - prev.lost);
    const dReceived = Math.max(0, received - prev.received);
    current.last = { lost, received };
    const lossPct = dLost + dReceived > 0 ? (100 * dLost) / (dLost + dReceived) : (received > 0 ? 0 : -1);
    if (call !== current) return;
    report({ type: 'stats', callId: current.id, rttMs: rtt, lossPct, jitterMs: jitter, bytesReceived, bytesSent });
    // No audio arriving for two samples is an interruption even when ICE has not noticed yet (a peer whose
    // network vanished): the App's mediaLostTimeoutMs then decides; audio flowing again clears it.
    const stalled = bytesReceived > 0 && bytesReceived === current.lastInbound;
    current.stalledSamples = stalled ? (current.stalledSamples ?? 0) + 1 : 0;
    current.lastInbound = bytesReceived;
    if (current.stalledSamples === 2) report({ type: 'state', callId: current.id, state: 'disconnected' });
    if (!stalled && current.reportedStall) report({ type: 'state', callId: current.id, state: 'connected' });
    current.reportedStall = current.stalledSamples >= 2;
  }

  async function offer({ callId }) {
    const current = call;
    if (!current || current.id !== callId || !current.stream || current.pc) return;
    let pc;
    try {
      pc = new RTCPeerConnection({ iceServers: ice.iceServers, iceTransportPolicy: ice.iceTransportPolicy });
    } catch (error) {
      report({ type: 'error', callId, code: 'media_failed', message: String(error?.message ?? error).slice(0, 200) });
      return;
    }
    current.pc = pc;
    for (const track of current.stream.getTracks()) pc.addTrack(track, current.stream);
    pc.onicecandidate = (event) => {
      if (event.candidate && call === current) report({ type: 'signal', callId, data: { candidate: event.candidate.toJSON() } });
    };
    pc.ontrack = (event) => { if (call === current) attachRemote(current, event.streams, event.track); };
    pc.onconnectionstatechange = () => {
      const state = pc.connectionState;
      if (call !== current) return;
      if (state === 'connected' || state === 'disconnected' || state === 'failed') report({ type: 'state', callId, state });
      // The far end closed its transport without a hang-up (its page or network went away): an interruption.
      if (state === 'closed') report({ type: 'state', callId, state: 'disconnected' });
      if (state === 'connected' && !current.statsTimer) {
        current.statsTimer = setInterval(() => sampleStats(current), current.statsIntervalMs);
        sampleStats(current);
      }
    };
    try {
      const description = await pc.createOffer();
      await pc.setLocalDescription(description);
      if (call === current) report({ type: 'signal', callId, data: { sdp: { type: description.type, sdp: description.sdp } } });
      for (const data of current.queued.splice(0)) await remote({ callId, data });
    } catch (error) {
      if (call === current) report({ type: 'error', callId, code: 'media_failed', message: String(error?.message ?? error).slice(0, 200) });
    }
  }

  async function remote({ callId, data }) {
    const current = call;
    if (!current || current.id !== callId || !data || typeof data !== 'object') return;
    const pc = current.pc;
    const needsDescription = data.candidate && (!pc || !pc.remoteDescription);
    if (!pc || needsDescription) {
      if (current.queued.length < MAX_QUEUED_REMOTE) current.queued.push(data);
      return;
    }
    try {
      if (data.sdp) {
        await pc.setRemoteDescription(data.sdp);
        for (const queued of current.queued.splice(0)) await remote({ callId, data: queued });
      } else if (data.candidate) {
        await pc.addIceCandidate(data.candidate);
      }
    } catch (error) {
      // A bad candidate is not fatal (others may work); a bad answer is: ICE then fails and the App's timer ends it.
      console.warn('agentdesk: remote call signaling refused:', error.message);
    }
  }

  async function selectInput(deviceId) {
    inputId = deviceId || '';
    const current = call;
    if (!current?.stream) return;
    try {
      const fresh = await navigator.mediaDevices.getUserMedia(audioConstraints(inputId));
      if (call !== current) { fresh.getTracks().forEach((t) => t.stop()); return; }
      const track = fresh.getAudioTracks()[0];
      const sender = current.pc?.getSenders().find((s) => s.track?.kind === 'audio');
      if (sender) await sender.replaceTrack(track);
      current.stream.getTracks().forEach((t) => t.stop());
      current.stream = fresh;
      applyTrackState();
    } catch (error) {
      console.warn('agentdesk: switching the microphone failed:', error.message);
    }
  }

  function selectOutput(deviceId) {
    outputId = deviceId || '';
    if (call?.audio && typeof call.audio.setSinkId === 'function') {
      call.audio.setSinkId(outputId).catch((error) => console.warn('agentdesk: setSinkId failed:', error.message));
    }
  }

  // A headset plugged in or out: the App's device lists follow.
  navigator.mediaDevices?.addEventListener?.('devicechange', listDevices);

  bridges.rtc = {
    /** ICE servers and policy from config.json (rtc.iceServers, rtc.iceTransportPolicy), validated by the platform. */
    configure(settings) {
      ice.iceServers = Array.isArray(settings?.iceServers) ? settings.iceServers : [];
      ice.iceTransportPolicy = settings?.iceTransportPolicy === 'relay' ? 'relay' : 'all';
    },
    /** One command of the App (JSON text). */
    command(text) {
      let c;
      try {
        c = JSON.parse(text);
      } catch {
        return;
      }
      switch (c.op) {
        case 'start': start(c); break;
        case 'offer': offer(c); break;
        case 'remote': remote(c); break;
        case 'mute': if (call && call.id === c.callId) { call.muted = !!c.muted; applyTrackState(); } break;
        case 'hold': if (call && call.id === c.callId) { call.held = !!c.on; applyTrackState(); } break;
        case 'select': if (c.kind === 'input') selectInput(c.deviceId); else selectOutput(c.deviceId); break;
        case 'devices': listDevices(); break;
        case 'stop': stop(c.callId); break;
        default: console.warn(`agentdesk: unknown call media command ${c.op}`);
      }
    },
    /** For tests and diagnostics: the live connection's facts, read from the browser itself. */
    async inspect() {
      if (!call) return null;
      const pc = call.pc;
      let inboundBytes = 0;
      if (pc) (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') inboundBytes += s.bytesReceived ?? 0; });
      const remoteTrack = call.audio?.srcObject?.getAudioTracks?.()[0];
      return {
        callId: call.id,
        connectionState: pc?.connectionState ?? 'new',
        iceConnectionState: pc?.iceConnectionState ?? 'new',
        microphoneOpen: !!call.stream?.getAudioTracks().some((t) => t.readyState === 'live'),
        microphoneEnabled: !!call.stream?.getAudioTracks().some((t) => t.enabled),
        remoteTrackLive: remoteTrack?.readyState === 'live',
        remoteMuted: !!call.audio?.muted,
        inboundBytes,
      };
    },
  };
})();
