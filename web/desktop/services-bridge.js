// Browser services of PlatformServices that are not sockets, keys or fonts: storage (per tab, or kept for preferences), the tab title,
// desktop notifications, the ring tone, the clipboard (write side), opening URLs, and page visibility.
// Browsers allow notification prompts and audio only after a user gesture: both are primed on the first one.
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});
  const enabled = { notifications: true, ringTone: true };
  let audio = null;  // AudioContext, made on the first user gesture

  function primeOnFirstGesture() {
    const prime = () => {
      window.removeEventListener('pointerdown', prime, true);
      window.removeEventListener('keydown', prime, true);
      if (enabled.ringTone && !audio && typeof AudioContext === 'function') {
        audio = new AudioContext();
        audio.resume().catch(() => {});
      }
      if (enabled.notifications && 'Notification' in window && Notification.permission === 'default') {
        Notification.requestPermission().catch(() => {});
      }
    };
    window.addEventListener('pointerdown', prime, true);
    window.addEventListener('keydown', prime, true);
  }

  /** A phone-like ring: two short bursts of 440 Hz + 480 Hz with soft edges, about 1.2 s in all. */
  function ring(context) {
    const start = context.currentTime + 0.02;
    const gain = context.createGain();
    gain.gain.value = 0;
    gain.connect(context.destination);
    for (const burst of [0, 0.6]) {
      const t = start + burst;
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(0.12, t + 0.02);
      gain.gain.setValueAtTime(0.12, t + 0.38);
      gain.gain.linearRampToValueAtTime(0, t + 0.4);
    }
    for (const frequency of [440, 480]) {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start(start);
      oscillator.stop(start + 1.1);
    }
  }

  const kPreferencePrefix = 'agentdesk.prefs.';
  function storageFor(key) {
    return key.startsWith(kPreferencePrefix) ? localStorage : sessionStorage;
  }

  function pageHasAttention() {
    return document.visibilityState === 'visible' && document.hasFocus();
  }

  bridges.services = {
    /** Feature switches from config.json (features.notifications, features.ringTone). */
    configure(switches) {
      Object.assign(enabled, switches);
    },
    start() {
      primeOnFirstGesture();
      document.addEventListener('visibilitychange', () => {
        bridges.call('on_visibility_changed', document.visibilityState === 'hidden' ? 0 : 1);
      });
    },

    // The session token is per tab (sessionStorage: two tabs may be two agents); "agentdesk.prefs." keys (theme,
    // each agent's column widths) outlive the session (localStorage).
    storageSet(key, value) {
      try {
        storageFor(key).setItem(key, value);
      } catch (error) {  // quota or storage disabled: the App then behaves as after a fresh start
        console.warn('agentdesk: storage setItem failed:', error.message);
      }
    },
    storageGet(key) {
      try {
        return storageFor(key).getItem(key) ?? '';
      } catch {
        return '';
      }
    },
    storageRemove(key) {
      try {
        storageFor(key).removeItem(key);
      } catch { /* nothing stored then */ }
    },

    setTitle(title) {
      document.title = title;
    },
    /** A desktop notification, only while the agent looks elsewhere (tab hidden or window unfocused). */
    notify(title, body) {
      if (!enabled.notifications || !('Notification' in window) || Notification.permission !== 'granted') return;
      if (pageHasAttention()) return;
      const notification = new Notification(title, { body, tag: 'agentdesk' });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
    },
    playTone() {
      if (!enabled.ringTone || !audio) return;  // silent until the first gesture: browsers block autoplay
      if (audio.state === 'suspended') audio.resume().catch(() => {});
      ring(audio);
    },

    clipboardWrite(text) {
      navigator.clipboard?.writeText(text).catch((error) => console.warn('agentdesk: clipboard write refused:', error.message));
    },

    /** tel: and mailto: go to the system (the page stays); http(s) opens a new tab; anything else is refused. */
    openUrl(url) {
      let parsed;
      try {
        parsed = new URL(url, location.href);
      } catch {
        console.warn(`agentdesk: open_url refused an invalid URL: ${url}`);
        return;
      }
      if (parsed.protocol === 'tel:' || parsed.protocol === 'mailto:') {
        const link = document.createElement('a');
        link.href = parsed.href;
        link.click();
      } else if (parsed.protocol === 'https:' || parsed.protocol === 'http:') {
        window.open(parsed.href, '_blank', 'noopener');
      } else {
        console.warn(`agentdesk: open_url refused the scheme ${parsed.protocol}`);
      }
    },
  };
})();
