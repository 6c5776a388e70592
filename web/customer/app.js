// The mobile customer app (an auto insurer's "chat with us" screen): wires the client library to the views.
import { CustomerChatClient, CustomerCalls, normalizePhone, DEFAULT_LIMITS } from './agentdesk-client.js';
import { CallView } from './call-view.js';
import { loadConfig, hasCap } from './config.js';
import { t, detectLanguage, setLanguage, language, translateStatic, LANGUAGES } from './i18n.js';
import { ChatView } from './chat-view.js';
import { LocationSharer } from './location.js';
import { UploadList } from './uploads.js';
import { buildTranscript, downloadText } from './transcript.js';

const $ = (id) => document.getElementById(id);
const config = await loadConfig();
setLanguage(detectLanguage(config.lang));

const client = new CustomerChatClient({ url: config.server });
const view = new ChatView({
  list: $('messages'),
  client,
  capabilities: config.capabilities,
  actions: { answerCall, shareLocation: (mode) => startSharing(mode) },
});
const uploads = new UploadList({ container: $('uploads'), client });
const sharer = new LocationSharer({
  client,
  geolocation: globalThis.navigator?.geolocation ?? null,
  intervalMs: config.liveLocationIntervalMs,
  demoIntervalMs: config.demoRouteIntervalMs,
  forceDemo: config.forceDemoLocation,
  onStatus: showLocationStatus,
});
// Voice calls from the agent, when this app offers them (without the capability a ring is declined as unsupported).
const calls = hasCap(config, 'webrtc') ? new CustomerCalls(client) : null;
if (calls) {
  new CallView({ calls, panel: $('call-panel'), agentName: () => client.chat?.agent?.displayName ?? t('agent'), onError: showChatError });
} else {
  client.on('rtc', ({ callId, data }) => { if (data?.ring) client.sendRtcSignal(callId, { decline: { reason: 'unsupported' } }); });
}
// Exposed for debugging and for the browser check, which reads state through it.
globalThis.agentdeskApp = { client, config, calls };

// ----- static setup -----

function applyCapabilities() {
  $('phone-field').hidden = !hasCap(config, 'phone');
  $('share-location').hidden = !hasCap(config, 'location') || sharer.live;
  $('stop-location').hidden = !sharer.live;
  $('photo-action').hidden = !hasCap(config, 'files');
}

function buildContextFields() {
  const fieldset = $('context-fields');
  for (const node of fieldset.querySelectorAll('.field')) node.remove();
  fieldset.hidden = config.contextFields.length === 0;
  for (const f of config.contextFields) {
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const id = `ctx-${f.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = `${f.label[language()] ?? f.label.en ?? f.key} ${t('optional')}`;
    const input = document.createElement('input');
    input.id = id;
    input.dataset.contextKey = f.key;
    input.maxLength = Number.isInteger(f.maxLength) ? f.maxLength : DEFAULT_LIMITS.maxContextValueChars;
    if (typeof f.placeholder === 'string') input.placeholder = f.placeholder;
    const previous = document.getElementById(id);
    if (previous) input.value = previous.value;
    wrap.append(label, input);
    fieldset.append(wrap);
  }
}

function renderStaticTexts() {
  translateStatic();
  document.title = `${t('title')} · ${config.brand}`;
  $('brand-name').textContent = config.brand;
  buildContextFields();
  applyCapabilities();
}

$('lang-switch').addEventListener('click', () => {
  const next = LANGUAGES[(LANGUAGES.indexOf(language()) + 1) % LANGUAGES.length];
  setLanguage(next, true);
  renderStaticTexts();
  view.rebuild(client.events, client.outbox);
  refreshChatState();
  showStatus({ status: client.status });
});

// ----- start form -----

function fieldError(inputId, errorId, message) {
  const input = $(inputId);
  const error = $(errorId);
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
  error.hidden = !message;
  error.textContent = message ?? '';
  return !message;
}

$('start-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const name = $('name').value.trim();
  const phone = $('phone').value.trim();
  const nameOk = fieldError('name', 'name-error', name.length === 0 || [...name].length > DEFAULT_LIMITS.maxNameChars ? t('nameInvalid', { max: DEFAULT_LIMITS.maxNameChars }) : null);
  const phoneOk = !hasCap(config, 'phone') || fieldError('phone', 'phone-error', phone && !normalizePhone(phone).ok ? t('phoneInvalid') : null);
  if (!nameOk) return $('name').focus();
  if (!phoneOk) return $('phone').focus();
  const context = {};
  for (const input of document.querySelectorAll('[data-context-key]')) {
    if (input.value.trim()) context[input.dataset.contextKey] = input.value.trim();
  }
  const button = $('start-button');
  button.disabled = true;
  button.textContent = t('starting');
  $('start-error').hidden = true;
  try {
    await client.start({
      name, phone: hasCap(config, 'phone') && phone ? phone : undefined, capabilities: config.capabilities, context,
      language: language(), app: config.appName, identity: config.identity ?? undefined,
    });
    showChat();
  } catch (err) {
    $('start-error').hidden = false;
    $('start-error').textContent = t('error', { message: err.message });
  } finally {
    button.disabled = false;
    button.textContent = t('startChat');
  }
});

// ----- chat -----

function showStart(notice) {
  $('chat-view').hidden = true;
  $('start-view').hidden = false;
  $('start-notice').hidden = !notice;
  $('start-notice').textContent = notice ?? '';
  $('name').focus();
}

function showChat() {
  $('start-view').hidden = true;
  $('start-notice').hidden = true;
  $('chat-view').hidden = false;
  view.rebuild(client.events, client.outbox);
  refreshChatState();
  $('message').focus();
}

function refreshChatState() {
  const chat = client.chat;
  const status = chat?.status ?? 'queued';
  const banner = $('queue-banner');
  const waiting = status === 'queued' || status === 'offered';
  banner.hidden = !waiting;
  if (waiting) {
    const p = client.queuePosition;
    banner.textContent = p === null ? t('queueUnknown') : p === 0 ? t('queueOffered') : p === 1 ? t('queueNext') : t('queueWaiting', { n: p });
  }
  const ended = status === 'ended' || status === 'closed';
  $('composer-area').hidden = ended;
  $('ended-actions').hidden = !ended;
  if (ended) {
    sharer.stop(false);
    $('location-status').hidden = true;
    view.closeAllCards();
    $('typing').textContent = '';
  }
}

const isVisible = () => document.visibilityState === 'visible';
client.on('event', ({ event }) => {
  view.addEvent(event);
  if (isVisible() && !$('chat-view').hidden) client.markRead();
});
client.on('outbox', (items) => view.setOutbox(items));
client.on('receipt', ({ role }) => role === 'agent' && view.updateMarks());
client.on('queue', refreshChatState);
client.on('chat', refreshChatState);
client.on('typing', ({ active, name }) => {
  $('typing').textContent = active ? t('agentTyping', { name: name ?? t('agent') }) : '';
});
client.on('status', showStatus);
client.on('error', (err) => {
  if (err.clientId || err.code === 'offline' || err.code === 'conflict' || err.code === 'rate_limited') showChatError(err.message);
  else console.warn('agentdesk:', err.code, err.message);
});
document.addEventListener('visibilitychange', () => {
  if (!isVisible()) return;
  client.markRead();
  client.reconnectNow(); // back in the foreground: do not wait out the backoff
});
globalThis.addEventListener('online', () => client.reconnectNow());

let countdown = null;
function showStatus({ status, delayMs }) {
  const bar = $('conn-status');
  clearInterval(countdown);
  bar.className = 'conn-status';
  if (status === 'offline') {
    let left = Math.ceil((delayMs ?? 0) / 1000);
    const render = () => { bar.textContent = t('statusOffline', { s: Math.max(0, left) }); };
    render();
    countdown = setInterval(() => { left--; render(); }, 1000);
    bar.hidden = false;
  } else if (status === 'connecting') {
    bar.textContent = t('statusConnecting');
    bar.hidden = $('chat-view').hidden;
  } else if (status === 'online') {
    bar.textContent = t('statusOnline');
    bar.classList.add('online');
    setTimeout(() => { if (client.status === 'online') bar.hidden = true; }, 1500);
  } else {
    bar.hidden = true;
  }
}

let errorTimer = null;
function showChatError(message) {
  const box = $('chat-error');
  box.hidden = false;
  box.textContent = t('error', { message });
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => { box.hidden = true; }, 8000);
}

// Composer: Enter sends, Shift+Enter is a new line; typing is reported (the library throttles it).
$('message').addEventListener('input', () => {
  const box = $('message');
  client.setTyping(box.value.trim().length > 0);
  box.style.height = 'auto';
  box.style.height = `${Math.min(box.scrollHeight, 120)}px`;
});
$('message').addEventListener('blur', () => client.setTyping(false));
$('message').addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
    ev.preventDefault();
    $('composer').requestSubmit();
  }
});
$('composer').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const box = $('message');
  const text = box.value;
  if (!text.trim()) return;
  client.sendText(text).catch((err) => showChatError(err.message));
  box.value = '';
  box.style.height = 'auto';
  client.setTyping(false);
});

function answerCall(accepted, mode) {
  return client.answerCall(accepted, mode).catch((err) => {
    showChatError(err.message);
    throw err;
  });
}

// ----- location -----

function startSharing(mode) {
  if (mode === 'live') sharer.startLive();
  else sharer.shareOnce();
  applyCapabilities();
}

function showLocationStatus({ state, accuracy, reason }) {
  const line = $('location-status');
  line.hidden = false;
  if (state === 'live') line.textContent = t('locationLiveOn', { acc: accuracy !== undefined ? Math.round(accuracy) : '…' });
  else if (state === 'demo') line.textContent = t('locationDemo');
  else if (state === 'sent') line.textContent = t('locationSent');
  else if (state === 'error') line.textContent = t('locationError', { reason });
  else line.hidden = true;
  applyCapabilities();
}

function ask(dialog) {
  return new Promise((resolve) => {
    const onClick = (ev) => {
      const value = ev.target.closest('button')?.value;
      if (value) dialog.close(value);
    };
    dialog.addEventListener('click', onClick);
    dialog.addEventListener('close', () => {
      dialog.removeEventListener('click', onClick);
      resolve(dialog.returnValue || 'cancel');
    }, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

$('share-location').addEventListener('click', async () => {
  const choice = await ask($('location-dialog'));
  if (choice === 'once' || choice === 'live') startSharing(choice);
  $('message').focus();
});
$('stop-location').addEventListener('click', () => {
  sharer.stop();
  applyCapabilities();
  $('share-location').focus();
});

// ----- photos, transcript, end -----

$('photo').addEventListener('change', (ev) => {
  for (const file of ev.target.files) uploads.add(file);
  ev.target.value = '';
});

function saveTranscript() {
  const text = buildTranscript({ events: client.events, chat: client.chat, brand: config.brand, lang: language() });
  downloadText(`chat-${client.chatId ?? 'transcript'}.txt`, text);
}
$('transcript').addEventListener('click', saveTranscript);
$('transcript-ended').addEventListener('click', saveTranscript);

$('end-chat').addEventListener('click', async () => {
  $('confirm-text').textContent = t('endConfirm');
  if ((await ask($('confirm-dialog'))) !== 'yes') return $('message').focus();
  client.end('customer_left').catch((err) => showChatError(err.message));
});

$('new-chat').addEventListener('click', () => {
  sharer.stop(false);
  client.close({ forget: true });
  view.rebuild([], []);
  $('conn-status').hidden = true;
  showStart();
});

// ----- boot: continue the stored chat after a reload, or show the start form -----

renderStaticTexts();
if (client.hasStoredChat) {
  showChat();
  client.resume().catch((err) => {
    if (err.code === 'unauthorized' || err.code === 'no_chat') showStart(t('expired'));
    else showChatError(err.message);
  });
} else {
  showStart();
}
