// The chat as plain text, for the customer's own records.
import { t } from './i18n.js';
import { describeEvent } from './describe.js';

export function buildTranscript({ events, chat, brand, lang }) {
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' });
  const lines = [`${brand} — ${t('title')}`, `Chat ${chat?.chatId ?? ''}`, ''];
  for (const e of events) {
    const who = e.author.role === 'system' ? t('system') : (e.author.name ?? t(e.author.role === 'customer' ? 'you' : 'agent'));
    lines.push(`[${fmt.format(new Date(e.ts))}] ${who}: ${describeEvent(e)}`);
  }
  return lines.join('\n') + '\n';
}

/** Starts a download of `text` as a .txt file; the Blob URL is released afterwards. */
export function downloadText(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
