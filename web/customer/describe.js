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
    case 'placed': return t('callPlaced');
    case 'started': return t('callStarted');
    case 'ended': return t('callEnded', { min: Math.max(1, Math.round((b.durationMs ?? 0) / 60000)) });
    case 'failed': return t('callFailed');
    default: return t('callOther', { action: b.action });
  }
}
