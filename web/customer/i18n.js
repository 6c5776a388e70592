// English and German UI strings. The language follows navigator.language, can be switched, and is remembered.
const STRINGS = {
  en: {
    title: 'Chat with us',
    switchLanguage: 'Deutsch',
    switchLanguageLabel: 'Auf Deutsch umschalten',
    intro: 'Our claims team is here for you. Start a chat; you can share your location and photos of the damage.',
    name: 'Your name',
    phone: 'Mobile number (optional)',
    phoneHint: 'International format, e.g. +49 151 12345678, so the agent can call you back.',
    phoneInvalid: 'Please enter the number with country code: + and 8 to 15 digits.',
    nameInvalid: 'Please enter your name (at most {max} characters).',
    optional: '(optional)',
    startChat: 'Start chat',
    starting: 'Connecting…',
    statusConnecting: 'Connecting…',
    statusOnline: 'Connected',
    statusOffline: 'Connection lost. Reconnecting in {s} s…',
    statusEnded: 'Chat ended',
    statusClosed: 'Disconnected',
    queueWaiting: 'Waiting for an agent. You are number {n} in line.',
    queueNext: 'Waiting for an agent. You are next.',
    queueOffered: 'An agent is about to join…',
    queueUnknown: 'Waiting for an agent…',
    agentJoined: '{name} joined the chat',
    agentLeft: '{name} left the chat',
    transferred: 'You were transferred from {from} to {to}',
    chatEnded: 'The chat has ended.',
    agentTyping: '{name} is typing…',
    messages: 'Messages',
    messageLabel: 'Message',
    messagePlaceholder: 'Write a message…',
    send: 'Send',
    sending: 'Sending…',
    sent: 'Sent',
    delivered: 'Delivered',
    read: 'Read',
    you: 'You',
    agent: 'Agent',
    system: 'Info',
    actions: 'Chat actions',
    location: 'Location',
    liveLocation: 'Live location',
    shareLocation: 'Share location',
    stopLocation: 'Stop sharing',
    sendPhoto: 'Send photo',
    endChat: 'End chat',
    endConfirm: 'End this chat?',
    transcript: 'Download transcript',
    newChat: 'Start a new chat',
    cancel: 'Cancel',
    confirm: 'Yes',
    locationTitle: 'Share your location',
    locationText: 'The agent sees where you are, to send help to the right place.',
    locationOnce: 'Share once',
    locationLive: 'Share live',
    locationSent: 'Location shared',
    locationLiveOn: 'Sharing your location live (±{acc} m).',
    locationDemo: 'Location unavailable or denied: replaying a demo route along the A100 in Berlin.',
    locationError: 'Could not get your location: {reason}',
    locationRequest: 'The agent asks for your location.',
    locationRequestAnswered: 'Location request answered.',
    notNow: 'Not now',
    accuracy: '±{acc} m',
    openMap: 'Open map',
    callRequestPhone: 'The agent would like to call you at {number}.',
    callRequestWebrtc: 'The agent would like to start a video call.',
    accept: 'Accept',
    decline: 'Decline',
    callAccepted: 'You accepted the call.',
    callDeclined: 'You declined the call.',
    callPlaced: 'The agent is calling you.',
    callStarted: 'Call started.',
    callEnded: 'Call ended ({min} min).',
    callFailed: 'The call failed.',
    callOther: 'Call: {action}',
    callUnsupported: 'Video calls are not available in this app.',
    contextUpdated: 'Details updated: {keys}',
    file: 'File',
    uploading: 'Uploading {name}',
    uploadFailed: 'Upload of {name} failed: {reason}',
    retry: 'Retry',
    dismiss: 'Dismiss',
    photoAlt: 'Photo {name}',
    download: 'Download',
    expired: 'Your previous chat is no longer available. Please start a new one.',
    error: 'Error: {message}',
    yourDetails: 'Your details',
  },
  de: {
    title: 'Chat mit uns',
    switchLanguage: 'English',
    switchLanguageLabel: 'Switch to English',
    intro: 'Unser Schadenteam ist für Sie da. Starten Sie einen Chat; Sie können Ihren Standort und Fotos vom Schaden teilen.',
    name: 'Ihr Name',
    phone: 'Handynummer (optional)',
    phoneHint: 'Internationales Format, z. B. +49 151 12345678, damit wir Sie zurückrufen können.',
    phoneInvalid: 'Bitte die Nummer mit Ländervorwahl eingeben: + und 8 bis 15 Ziffern.',
    nameInvalid: 'Bitte geben Sie Ihren Namen ein (höchstens {max} Zeichen).',
    optional: '(optional)',
    startChat: 'Chat starten',
    starting: 'Verbinde…',
    statusConnecting: 'Verbinde…',
    statusOnline: 'Verbunden',
    statusOffline: 'Verbindung unterbrochen. Neuer Versuch in {s} s…',
    statusEnded: 'Chat beendet',
    statusClosed: 'Getrennt',
    queueWaiting: 'Warte auf einen Mitarbeiter. Sie sind Nummer {n} in der Warteschlange.',
    queueNext: 'Warte auf einen Mitarbeiter. Sie sind als Nächstes dran.',
    queueOffered: 'Gleich ist jemand für Sie da…',
    queueUnknown: 'Warte auf einen Mitarbeiter…',
    agentJoined: '{name} ist dem Chat beigetreten',
    agentLeft: '{name} hat den Chat verlassen',
    transferred: 'Sie wurden von {from} an {to} weitergeleitet',
    chatEnded: 'Der Chat wurde beendet.',
    agentTyping: '{name} schreibt…',
    messages: 'Nachrichten',
    messageLabel: 'Nachricht',
    messagePlaceholder: 'Nachricht schreiben…',
    send: 'Senden',
    sending: 'Wird gesendet…',
    sent: 'Gesendet',
    delivered: 'Zugestellt',
    read: 'Gelesen',
    you: 'Sie',
    agent: 'Mitarbeiter',
    system: 'Info',
    actions: 'Chat-Aktionen',
    location: 'Standort',
    liveLocation: 'Live-Standort',
    shareLocation: 'Standort teilen',
    stopLocation: 'Teilen beenden',
    sendPhoto: 'Foto senden',
    endChat: 'Chat beenden',
    endConfirm: 'Diesen Chat beenden?',
    transcript: 'Verlauf herunterladen',
    newChat: 'Neuen Chat starten',
    cancel: 'Abbrechen',
    confirm: 'Ja',
    locationTitle: 'Standort teilen',
    locationText: 'Der Mitarbeiter sieht, wo Sie sind, um Hilfe an den richtigen Ort zu schicken.',
    locationOnce: 'Einmal teilen',
    locationLive: 'Live teilen',
    locationSent: 'Standort geteilt',
    locationLiveOn: 'Ihr Standort wird live geteilt (±{acc} m).',
    locationDemo: 'Standort nicht verfügbar oder abgelehnt: Demo-Route entlang der A100 in Berlin.',
    locationError: 'Standort nicht ermittelt: {reason}',
    locationRequest: 'Der Mitarbeiter bittet um Ihren Standort.',
    locationRequestAnswered: 'Standortanfrage beantwortet.',
    notNow: 'Jetzt nicht',
    accuracy: '±{acc} m',
    openMap: 'Karte öffnen',
    callRequestPhone: 'Der Mitarbeiter möchte Sie unter {number} anrufen.',
    callRequestWebrtc: 'Der Mitarbeiter möchte einen Videoanruf starten.',
    accept: 'Annehmen',
    decline: 'Ablehnen',
    callAccepted: 'Sie haben den Anruf angenommen.',
    callDeclined: 'Sie haben den Anruf abgelehnt.',
    callPlaced: 'Der Mitarbeiter ruft Sie an.',
    callStarted: 'Anruf gestartet.',
    callEnded: 'Anruf beendet ({min} Min.).',
    callFailed: 'Der Anruf ist fehlgeschlagen.',
    callOther: 'Anruf: {action}',
    callUnsupported: 'Videoanrufe sind in dieser App nicht verfügbar.',
    contextUpdated: 'Angaben aktualisiert: {keys}',
    file: 'Datei',
    uploading: '{name} wird hochgeladen',
    uploadFailed: 'Hochladen von {name} fehlgeschlagen: {reason}',
    retry: 'Erneut versuchen',
    dismiss: 'Schließen',
    photoAlt: 'Foto {name}',
    download: 'Herunterladen',
    expired: 'Ihr vorheriger Chat ist nicht mehr verfügbar. Bitte starten Sie einen neuen.',
    error: 'Fehler: {message}',
    yourDetails: 'Ihre Angaben',
  },
};

export const LANGUAGES = Object.keys(STRINGS);
const STORAGE_KEY = 'agentdesk.lang';
let current = 'en';

export function detectLanguage(forced) {
  let stored = null;
  try { stored = globalThis.localStorage?.getItem(STORAGE_KEY); } catch { /* storage blocked */ }
  const candidates = [forced, stored, ...(globalThis.navigator?.languages ?? []), globalThis.navigator?.language];
  for (const c of candidates) {
    const base = typeof c === 'string' ? c.slice(0, 2).toLowerCase() : null;
    if (base && STRINGS[base]) return base;
  }
  return 'en';
}

export function setLanguage(lang, remember = false) {
  current = STRINGS[lang] ? lang : 'en';
  document.documentElement.lang = current;
  if (remember) {
    try { globalThis.localStorage?.setItem(STORAGE_KEY, current); } catch { /* storage blocked */ }
  }
  return current;
}

export const language = () => current;

/** The string for key with {placeholders} filled in; the key itself when missing (visible, never a crash). */
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] !== undefined ? String(vars[name]) : `{${name}}`));
}

/** Fills every element with data-i18n (textContent), data-i18n-placeholder and data-i18n-label (aria-label). */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}
