// The message list: one <li> per applied chat event, appended in seq order, plus the unsent outbox at the end.
// All user and server text goes in through textContent (never innerHTML), links only through URL objects.
import { t, language } from './i18n.js';
import { describeEvent } from './describe.js';

const MESSAGE_KINDS = new Set(['text', 'file', 'location']);

export class ChatView {
  #list;
  #client;
  #caps;
  #actions;
  #bySeq = new Map(); // seq -> li of own messages (their delivered/read marks change)
  #openCallCards = [];
  #openLocationCards = [];
  #timeFormat;
  // Whether the list follows its end: true while the reader is at (or near) the bottom, false once they scroll up.
  // A photo that loads after its row was placed grows the list; while pinned, the list is scrolled to the end again.
  #pinned = true;
  #lastScrollTop = 0;

  /**
   * @param {object} o
   * @param {HTMLOListElement} o.list  the role=log list
   * @param {object} o.client          CustomerChatClient (file URLs, receipts)
   * @param {string[]} o.capabilities  what this app offers (hides answers it cannot give)
   * @param {object} o.actions         {answerCall(accepted, mode), shareLocation(mode)}
   */
  constructor({ list, client, capabilities, actions }) {
    this.#list = list;
    this.#client = client;
    this.#caps = capabilities;
    this.#actions = actions;
    this.#timeFormat = new Intl.DateTimeFormat(language(), { hour: '2-digit', minute: '2-digit' });
    list.addEventListener('scroll', () => this.#onScroll(), { passive: true });
  }

  /** Re-renders everything (language switch, new chat) without re-announcing the history to screen readers. */
  rebuild(events, outbox) {
    this.#timeFormat = new Intl.DateTimeFormat(language(), { hour: '2-digit', minute: '2-digit' });
    this.#list.setAttribute('aria-live', 'off');
    this.#list.replaceChildren();
    this.#bySeq.clear();
    this.#openCallCards = [];
    this.#openLocationCards = [];
    for (const e of events) this.addEvent(e);
    this.setOutbox(outbox);
    this.#list.setAttribute('aria-live', 'polite');
  }

  addEvent(e) {
    const stick = this.#pinned || this.#nearBottom();
    const answeredCard = this.#answerCards(e);
    if (this.#updateLiveLocation(e)) return stick && this.#scrollToEnd();
    // A call answer that closed its request card is shown on the card; a second line would repeat it.
    if (answeredCard && e.kind === 'call') return undefined;
    const li = MESSAGE_KINDS.has(e.kind) ? this.#message(e) : this.#notice(e);
    this.#list.insertBefore(li, this.#list.querySelector('.pending'));
    if (stick) this.#scrollToEnd();
    return undefined;
  }

  /** Consecutive own location updates (live sharing) update one bubble instead of filling the chat. */
  #updateLiveLocation(e) {
    if (e.kind !== 'location' || e.author.role !== 'customer') return false;
    const pending = this.#list.querySelector('.pending');
    const last = pending ? pending.previousElementSibling : this.#list.lastElementChild;
    if (!last || last.dataset.kind !== 'location' || !last.classList.contains('mine')) return false;
    this.#bySeq.delete(Number(last.dataset.seq));
    const fresh = this.#message(e);
    fresh.querySelector('.bubble').prepend(el('strong', '', `${t('liveLocation')} · `));
    last.replaceWith(fresh);
    return true;
  }

  setOutbox(items) {
    for (const li of this.#list.querySelectorAll('.pending')) li.remove();
    for (const item of items) {
      const li = el('li', 'msg mine pending');
      li.dataset.clientId = item.clientId;
      li.append(el('div', 'bubble', describeEvent({ kind: item.kind, body: item.body })), el('div', 'meta mark', t('sending')));
      this.#list.append(li);
    }
    if (items.length) this.#scrollToEnd();
  }

  /** Delivered/read marks on own messages from the agent's receipts. */
  updateMarks() {
    const { delivered, read } = this.#client.receipts.agent;
    for (const [seq, li] of this.#bySeq) {
      const mark = li.querySelector('.mark');
      const state = seq <= read ? 'read' : seq <= delivered ? 'delivered' : 'sent';
      mark.textContent = `${this.#timeFormat.format(new Date(Number(li.dataset.ts)))} · ${state === 'sent' ? '✓' : '✓✓'} ${t(state)}`;
      mark.className = `meta mark ${state}`;
    }
  }

  #message(e) {
    const mine = e.author.role === 'customer';
    const li = el('li', `msg ${mine ? 'mine' : 'theirs'}`);
    li.dataset.seq = String(e.seq);
    li.dataset.ts = String(e.ts);
    li.dataset.kind = e.kind;
    if (!mine) li.append(el('div', 'author', e.author.name ?? t('agent')));
    else li.append(el('span', 'visually-hidden', `${t('you')}:`));
    const bubble = el('div', 'bubble');
    if (e.kind === 'text') bubble.textContent = e.body.text;
    else if (e.kind === 'file') this.#fileContent(bubble, e.body);
    else this.#locationContent(bubble, e.body);
    li.append(bubble);
    const meta = el('div', 'meta mark', this.#timeFormat.format(new Date(e.ts)));
    li.append(meta);
    if (mine) {
      this.#bySeq.set(e.seq, li);
      queueMicrotask(() => this.updateMarks());
    }
    return li;
  }

  #fileContent(bubble, file) {
    const url = this.#client.fileUrl(file.fileId);
    const link = el('a', '', null);
    link.href = url ?? '#';
    link.target = '_blank';
    link.rel = 'noopener';
    if (file.mime.startsWith('image/')) {
      const img = el('img', 'photo');
      img.alt = t('photoAlt', { name: file.name });
      img.loading = 'lazy';
      // The row was placed before the image's size was known; loading grows it (up to the photo's height).
      const follow = () => this.#pinned && this.#scrollToEnd();
      img.addEventListener('load', follow, { once: true });
      img.addEventListener('error', follow, { once: true });
      img.src = url ?? '';
      link.append(img);
      bubble.append(link);
    } else {
      link.textContent = `${t('download')}: ${file.name}`;
      bubble.append(link);
    }
  }

  #locationContent(bubble, loc) {
    bubble.append(document.createTextNode(describeEvent({ kind: 'location', body: loc })), document.createElement('br'));
    const map = new URL('https://www.openstreetmap.org/');
    map.searchParams.set('mlat', String(loc.lat));
    map.searchParams.set('mlon', String(loc.lon));
    map.hash = `map=16/${loc.lat}/${loc.lon}`;
    const a = el('a', '', t('openMap'));
    a.href = map.toString();
    a.target = '_blank';
    a.rel = 'noopener';
    bubble.append(a);
  }

  #notice(e) {
    if (e.kind === 'location_request' && this.#caps.includes('location')) return this.#locationCard(e);
    if (e.kind === 'call' && e.body.action === 'requested') return this.#callCard(e);
    return el('li', 'system', `${describeEvent(e)} · ${this.#timeFormat.format(new Date(e.ts))}`);
  }

  #locationCard(e) {
    const li = el('li', 'card');
    li.append(el('p', '', t('locationRequest')));
    const buttons = el('div', 'buttons');
    buttons.append(
      button(t('locationOnce'), 'primary', () => this.#actions.shareLocation('once')),
      button(t('locationLive'), 'primary', () => this.#actions.shareLocation('live')),
      button(t('notNow'), 'chip', () => closeCard(li, t('locationRequestAnswered'))),
    );
    li.append(buttons);
    this.#openLocationCards.push(li);
    return li;
  }

  #callCard(e) {
    const li = el('li', 'card');
    const mode = e.body.mode === 'webrtc' ? 'webrtc' : 'phone';
    li.append(el('p', '', describeEvent(e)));
    const buttons = el('div', 'buttons');
    // One answer per request: the buttons lock while it is being sent, and unlock only if sending failed.
    const answer = (accepted) => {
      for (const b of buttons.querySelectorAll('button')) b.disabled = true;
      Promise.resolve(this.#actions.answerCall(accepted, mode)).catch(() => {
        for (const b of buttons.querySelectorAll('button')) b.disabled = false;
      });
    };
    if (this.#caps.includes(mode)) buttons.append(button(t('accept'), 'primary', () => answer(true)));
    else li.append(el('p', 'answer', t('callUnsupported')));
    buttons.append(button(t('decline'), 'chip warn', () => answer(false)));
    li.append(buttons);
    this.#openCallCards.push(li);
    return li;
  }

  /** A later event can answer an earlier request card (also when replayed after a reload). */
  #answerCards(e) {
    if (e.kind === 'ended') {
      this.closeAllCards();
      return false;
    }
    // The agent resolved the request (called, gave up after no answer, cancelled): the card closes, the row stays.
    if (e.kind === 'call' && e.author.role === 'agent' && e.body.action !== 'requested') {
      for (const card of this.#openCallCards.splice(0)) closeCard(card, describeEvent(e));
      return false;
    }
    if (e.author.role !== 'customer') return false;
    const cards = e.kind === 'call' && (e.body.action === 'accepted' || e.body.action === 'declined') ? this.#openCallCards
      : e.kind === 'location' ? this.#openLocationCards : [];
    const answer = e.kind === 'call' ? describeEvent(e) : t('locationRequestAnswered');
    const closed = cards.splice(0);
    for (const card of closed) closeCard(card, answer);
    return closed.length > 0;
  }

  /** Closes every open request card (the chat ended). */
  closeAllCards() {
    for (const card of [...this.#openCallCards.splice(0), ...this.#openLocationCards.splice(0)]) closeCard(card, t('chatEnded'));
  }

  #nearBottom() {
    const l = this.#list;
    return l.scrollHeight - l.scrollTop - l.clientHeight < 80;
  }

  /** Content growing below (a photo loading) never lowers scrollTop; the reader scrolling up does. */
  #onScroll() {
    const top = this.#list.scrollTop;
    if (this.#nearBottom()) this.#pinned = true;
    else if (top < this.#lastScrollTop) this.#pinned = false;
    this.#lastScrollTop = top;
  }

  #scrollToEnd() {
    this.#list.scrollTop = this.#list.scrollHeight;
    this.#lastScrollTop = this.#list.scrollTop;
    this.#pinned = true;
  }
}

function closeCard(card, answerText) {
  const buttons = card.querySelector('.buttons');
  if (!buttons) return;
  const hadFocus = buttons.contains(document.activeElement);
  buttons.replaceWith(el('p', 'answer', answerText));
  if (hadFocus) document.getElementById('message')?.focus();
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function button(label, className, onClick) {
  const b = el('button', className, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}
