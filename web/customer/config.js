// App configuration: app-config.json says which optional features this app offers; the URL query can override
// it so every feature can be seen switched on and off (?caps=phone,location  ?caps=none  ?lang=de
// ?server=ws://host/ws  ?demoLocation=1 to replay the demo route instead of asking for GPS). A contact center that
// embeds the app passes its signed customer identity as ?userId=…&userHash=… (docs/protocol.md "Verified
// customers"): the app forwards it with customer.start and never checks it itself.
import { CAPABILITIES } from './agentdesk-client.js';

const FALLBACK = {
  appName: 'Customer app',
  brand: 'Support',
  capabilities: [...CAPABILITIES],
  contextFields: [],
  liveLocationIntervalMs: 5000,
  demoRouteIntervalMs: 2000,
  server: null,
};

/** Keeps only well-formed values of the JSON file, so a broken config degrades to the fallback, not a crash. */
function sanitize(raw) {
  const cfg = { ...FALLBACK };
  if (raw === null || typeof raw !== 'object') return cfg;
  if (typeof raw.appName === 'string') cfg.appName = raw.appName;
  if (typeof raw.brand === 'string') cfg.brand = raw.brand;
  if (Array.isArray(raw.capabilities)) cfg.capabilities = CAPABILITIES.filter((c) => raw.capabilities.includes(c));
  if (Array.isArray(raw.contextFields)) {
    cfg.contextFields = raw.contextFields.filter((f) => f && typeof f.key === 'string' && f.key.length > 0 && f.label && typeof f.label === 'object');
  }
  for (const key of ['liveLocationIntervalMs', 'demoRouteIntervalMs']) {
    if (Number.isInteger(raw[key]) && raw[key] >= 250) cfg[key] = raw[key];
  }
  if (typeof raw.server === 'string' && /^wss?:\/\//.test(raw.server)) cfg.server = raw.server;
  return cfg;
}

export function applyQuery(cfg, search) {
  const params = new URLSearchParams(search);
  const out = { ...cfg };
  if (params.has('caps')) {
    const wanted = params.get('caps').split(',').map((s) => s.trim());
    out.capabilities = CAPABILITIES.filter((c) => wanted.includes(c));
  }
  const server = params.get('server');
  if (server && /^wss?:\/\//.test(server)) out.server = server;
  out.forceDemoLocation = params.get('demoLocation') === '1';
  out.lang = params.get('lang');
  const userId = params.get('userId');
  const userHash = params.get('userHash');
  out.identity = userId && userHash ? { userId, userHash } : null;
  return out;
}

export async function loadConfig(search = globalThis.location?.search ?? '') {
  let raw = null;
  try {
    const res = await fetch(new URL('./app-config.json', import.meta.url), { cache: 'no-store' });
    if (res.ok) raw = await res.json();
  } catch {
    // Missing or broken config: the fallback still gives a working chat.
  }
  const cfg = applyQuery(sanitize(raw), search);
  if (!cfg.server) {
    const proto = globalThis.location.protocol === 'https:' ? 'wss:' : 'ws:';
    cfg.server = `${proto}//${globalThis.location.host}/ws`;
  }
  return cfg;
}

export const hasCap = (cfg, cap) => cfg.capabilities.includes(cap);
