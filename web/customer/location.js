// Location sharing with the user's consent: once (getCurrentPosition) or live (watchPosition, sent at most every
// intervalMs). When geolocation is unavailable or denied, a demo route is replayed instead, and the UI says so.
import { demoRoute } from './demo-route.js';

const GEO_OPTIONS = { enableHighAccuracy: true, timeout: 15000, maximumAge: 10000 };

export class LocationSharer {
  #client;
  #geo;
  #intervalMs;
  #demoIntervalMs;
  #forceDemo;
  #onStatus;
  #watchId = null;
  #demoTimer = null;
  #lastSentAt = -Infinity;

  /**
   * @param {object} o
   * @param {object} o.client        CustomerChatClient
   * @param {object|null} o.geolocation navigator.geolocation, or null when absent
   * @param {number} o.intervalMs    live updates are sent at most this often
   * @param {number} o.demoIntervalMs demo replay step
   * @param {boolean} o.forceDemo    replay the demo route without asking the browser
   * @param {Function} o.onStatus    ({state: 'sent'|'live'|'demo'|'stopped'|'error', accuracy?, reason?})
   */
  constructor({ client, geolocation, intervalMs, demoIntervalMs, forceDemo, onStatus }) {
    this.#client = client;
    this.#geo = geolocation ?? null;
    this.#intervalMs = intervalMs;
    this.#demoIntervalMs = demoIntervalMs;
    this.#forceDemo = !!forceDemo;
    this.#onStatus = onStatus;
  }

  get live() {
    return this.#watchId !== null || this.#demoTimer !== null;
  }

  shareOnce() {
    if (this.#forceDemo || !this.#geo) return this.#demoOnce('unavailable');
    this.#geo.getCurrentPosition(
      (pos) => this.#send(pos.coords, 'sent'),
      (err) => this.#demoOnce(reasonOf(err)),
      GEO_OPTIONS,
    );
  }

  startLive() {
    this.stop(false);
    if (this.#forceDemo || !this.#geo) return this.#startDemo('unavailable');
    this.#watchId = this.#geo.watchPosition(
      (pos) => {
        const now = Date.now();
        if (now - this.#lastSentAt < this.#intervalMs) return;
        this.#lastSentAt = now;
        this.#send(pos.coords, 'live');
      },
      (err) => {
        // Denied or lost for good: fall back to the demo route so the feature can still be shown.
        this.#clearWatch();
        this.#startDemo(reasonOf(err));
      },
      GEO_OPTIONS,
    );
    this.#onStatus({ state: 'live' });
  }

  stop(report = true) {
    this.#clearWatch();
    if (this.#demoTimer !== null) clearInterval(this.#demoTimer);
    this.#demoTimer = null;
    this.#lastSentAt = -Infinity;
    if (report) this.#onStatus({ state: 'stopped' });
  }

  #clearWatch() {
    if (this.#watchId !== null) this.#geo?.clearWatch(this.#watchId);
    this.#watchId = null;
  }

  #demoOnce(reason) {
    this.#send(demoRoute()[0], 'demo');
  }

  #startDemo(reason) {
    const route = demoRoute();
    let index = 0;
    const step = () => {
      if (index >= route.length) return this.stop(); // the route is finite: the replay ends with it
      this.#send(route[index++], 'demo');
    };
    step();
    this.#demoTimer = setInterval(step, this.#demoIntervalMs);
  }

  #send(coords, state) {
    const loc = { lat: coords.lat ?? coords.latitude, lon: coords.lon ?? coords.longitude };
    if (Number.isFinite(coords.accuracy)) loc.accuracy = Math.round(coords.accuracy * 10) / 10;
    this.#client.sendLocation(loc).catch((err) => this.#onStatus({ state: 'error', reason: err.message }));
    this.#onStatus({ state, accuracy: loc.accuracy });
  }
}

function reasonOf(err) {
  return ({ 1: 'denied', 2: 'unavailable', 3: 'timeout' })[err?.code] ?? 'unavailable';
}
