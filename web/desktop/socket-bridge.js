// The desktop's one WebSocket, on the browser's own WebSocket (Emscripten 3.1.6's websocket.h leaks closed
// sockets; this also gives close reasons). Events reach the App on the main thread through Module exports:
// open, each text frame, close(code, reason). Contract (docs/desktop-platform.md):
//   - open(url) replaces the previous socket; nothing more is delivered from the replaced one;
//   - send() on a socket that is not open is dropped (the App keeps its own outbox);
//   - after close() nothing more is delivered from that socket (the App asked for it);
//   - a URL the browser refuses gives close 1006 with the browser's message as the reason, asynchronously.
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});
  let current = null;  // the WebSocket whose events reach the App

  function detach(ws) {
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
  }

  function deliverClose(code, reason) {
    bridges.callWithText('on_socket_close_text', reason, code);
  }

  bridges.socket = {
    open(url) {
      this.close();
      let ws;
      try {
        ws = new WebSocket(url);
      } catch (error) {
        setTimeout(() => deliverClose(1006, `cannot open ${url}: ${error.message}`), 0);
        return;
      }
      current = ws;
      ws.onopen = () => bridges.call('on_socket_open');
      ws.onmessage = (event) => {
        if (typeof event.data !== 'string') {
          console.warn('agentdesk: binary WebSocket frame ignored (protocol v1 is text only)');
          return;
        }
        bridges.callWithText('on_socket_message', event.data);
      };
      ws.onclose = (event) => {
        if (current === ws) current = null;
        detach(ws);
        deliverClose(event.code, event.reason || '');
      };
    },
    send(text) {
      if (current && current.readyState === WebSocket.OPEN) current.send(text);
    },
    close() {
      if (!current) return;
      const ws = current;
      current = null;
      detach(ws);
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close(1000, 'client closed');
    },
    /** Bytes queued but not yet sent (diagnostics). */
    get bufferedAmount() {
      return current ? current.bufferedAmount : 0;
    },
  };
})();
