// One line of text per chat event, in the current language: used by the transcript and by system notices.
import { t } from './i18n.js';

export function describeEvent(e) {
  const b = e.body;
  switch (e.kind) {
    case 'text': return b.text;
    case 'file': return `${t('file')}: ${b.name} (${b.mime}, ${Math.ceil(b.size / 1024)} KB)`;
    case 'location': return `${t('location')}: ${b.lat.toFixed(5)}, ${b.lon.toFixed(5)}${b.accuracy !== undefined ? ' ' + t('accuracy', { acc: Math.round(b.accuracy) }) : ''}`;
    case 'location_request': return t('locationRequest');
    case 'context': return t('contextUpdated', { keys: Object.keys(b.values).join(', ') });
    case 'joined': return t('agentJoined', { name: b.name ?? t('agent') });
    case 'left': return t('agentLeft', { name: b.name ?? t('agent') });
    case 'transfer': return t('transferred', { from: b.from ?? '', to: b.to ?? '' });
    case 'ended': return t('chatEnded');
    case 'call': return describeCall(b);
    default: return `[${e.kind}]`;
  }
}

export function describeCall(b) {
  switch (b.action) {
    case 'requested': return b.mode === 'webrtc' ? t('callRequestWebrtc') : t('callRequestPhone', { number: b.number ?? '' });
    case 'accepted': return t('callAccepted');
    case 'declined': return t('callDeclined');
    case 'placed': return t('callPlaced', { number: b.number ?? '' });
    case 'started': return t('callStarted');
    case 'ended': return t('callEnded', { duration: formatDuration(b.durationMs ?? 0) });
    case 'failed': return t('callFailed', { reason: callReason(b.reason) });
    default: return t('callOther', { action: b.action });
  }
}

/** "1:05", "1:02:03": call durations as phones show them. */
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n) => String(n).padStart(2, '0');
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(total % 60)}` : `${m}:${pad(total % 60)}`;
}

/** A call's failure reason code in words (the code itself when unknown). */
export function callReason(code) {
  if (typeof code !== 'string' || code === '') return '';
  const key = `callReason_${code}`;
  const text = t(key);
  return text === key ? code.replace(/_/g, ' ') : text;
}
