// The in-app voice call: a panel over the chat while the agent's call rings or runs (Accept / Decline, then
// Mute / Hang up and the duration), and what happened when it ends. The chat stays usable below it.
import { t } from './i18n.js';
import { formatDuration, callReason } from './describe.js';

const END_SHOWN_MS = 8000;  // an ended call's line stays this long, then the panel closes

export class CallView {
  #calls;
  #panel;
  #text;
  #hint;
  #buttons;
  #agentName;
  #tick = null;
  #hideTimer = null;
  #onError;

  /**
   * @param {object} o
   * @param {CustomerCalls} o.calls    the library's call controller
   * @param {HTMLElement} o.panel      the panel element (hidden while idle)
   * @param {() => string} o.agentName the name shown on an incoming call
   * @param {(message: string) => void} o.onError
   */
  constructor({ calls, panel, agentName, onError }) {
    this.#calls = calls;
    this.#panel = panel;
    this.#agentName = agentName;
    this.#onError = onError;
    this.#text = panel.querySelector('.call-text');
    this.#hint = panel.querySelector('.call-hint');
    this.#buttons = panel.querySelector('.call-buttons');
    calls.on('call', (state) => this.render(state));
  }

  render(state = this.#calls.state) {
    clearInterval(this.#tick);
    this.#tick = null;
    clearTimeout(this.#hideTimer);
    this.#buttons.replaceChildren();
    this.#hint.textContent = '';
    this.#panel.dataset.state = state.state;
    if (state.state === 'idle') {
      this.#panel.hidden = true;
      return;
    }
    this.#panel.hidden = false;
    switch (state.state) {
      case 'ringing':
        this.#text.textContent = t('incomingCall', { name: this.#agentName() });
        this.#hint.textContent = t('incomingCallHint');
        this.#button('call-accept', t('accept'), 'call-action accept', () => {
          this.#calls.accept().catch((err) => this.#onError?.(callReason(err.code) || err.message));
        });
        this.#button('call-decline', t('decline'), 'call-action end', () => this.#calls.decline());
        break;
      case 'connecting':
      case 'connected': {
        const line = () => {
          const s = this.#calls.state;
          if (s.state === 'connecting') return t('callConnecting');
          if (s.reconnecting) return t('callReconnecting');
          return t(s.onHold ? 'callOnHold' : 'callConnected', { duration: formatDuration(s.durationMs) });
        };
        this.#text.textContent = line();
        this.#tick = setInterval(() => { this.#text.textContent = line(); }, 1000);
        this.#button('call-mute', state.muted ? t('unmute') : t('mute'), 'chip', () => this.#calls.setMuted(!this.#calls.state.muted));
        this.#buttons.lastChild.setAttribute('aria-pressed', String(state.muted));
        this.#button('call-hangup', t('hangUp'), 'call-action end', () => this.#calls.hangUp());
        break;
      }
      case 'ended':
      case 'failed': {
        const reason = state.reason && state.reason !== 'customer' && state.reason !== 'agent' ? callReason(state.reason) : '';
        this.#text.textContent = state.state === 'failed' || state.reason === 'declined'
          ? t('callFailed', { reason })
          : t('callOver', { duration: formatDuration(state.durationMs) });
        this.#button('call-close', t('close'), 'chip', () => { this.#panel.hidden = true; });
        this.#hideTimer = setTimeout(() => { this.#panel.hidden = true; }, END_SHOWN_MS);
        break;
      }
      default: break;
    }
  }

  #button(id, label, className, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = id;
    b.className = className;
    b.textContent = label;
    b.addEventListener('click', onClick);
    this.#buttons.append(b);
  }
}
