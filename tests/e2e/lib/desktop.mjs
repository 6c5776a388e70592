// Driving the real agent desktop and the real customer app in browser end-to-end tests, the way people use them:
// the desktop is clicked and typed into through its widgets' rectangles (window.agentdesk.widgets(), page
// loaded with ?automation=1), never through JS shortcuts into the App; assertions read
// window.agentdesk.snapshot(). The customer app is filled in and clicked through its HTML form.
//
// Widget matchers (clickWidget, findWidget, typeInto): a string matches a widget's visible text or its whole
// label ("Accept (Ctrl+Shift+A)", "##composer"); a RegExp is tested against text and label; an object
// {text, label, window} matches each given field (strings exactly, RegExps by test); a function is a predicate
// over the widget. When several widgets match, the last one drawn wins: dialogs are drawn after the screen
// behind them, so "End chat" in an open confirmation beats the button that opened it.
import { waitFor, collectPageErrors } from './harness.mjs';

export const DESKTOP_VIEWPORT = { width: 1440, height: 900 };
export const PHONE_VIEWPORT = { width: 360, height: 640 };
const STEP_MS = 15000;  // default bound of each wait (generous: the machine is shared, WebGL is software)

/**
 * Opens the agent desktop in a new browser context (its own sessionStorage) with widget recording on and waits
 * for its first frame. Returns {context, page, errors}; close the context when done.
 */
export async function openDesktop(browser, baseUrl, { viewport = DESKTOP_VIEWPORT, dpr = 1, timeoutMs = 45000, config } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: dpr });
  // `config`: sections merged over the served config.json (e.g. shorter call timers for a test).
  if (config) {
    await context.route(/\/config\.json(\?|$)/, async (route) => {
      const served = await (await route.fetch()).json();
      for (const [section, values] of Object.entries(config)) {
        served[section] = values && typeof values === 'object' && !Array.isArray(values) ? { ...served[section], ...values } : values;
      }
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify(served) });
    });
  }
  const page = await context.newPage();
  const errors = collectPageErrors(page, 'desktop');
  await page.goto(new URL('/?automation=1', baseUrl).href);
  await waitFor(() => page.evaluate(() => window.agentdesk?.ready === true), { timeoutMs, what: 'the desktop\'s first frame' });
  return { context, page, errors };
}

/** The labelled widgets of the desktop's last drawn frame, in CSS pixels of the viewport. */
export function widgets(page) {
  return page.evaluate(() => window.agentdesk.widgets());
}

function matches(widget, matcher) {
  if (typeof matcher === 'function') return matcher(widget);
  if (typeof matcher === 'string') return widget.text === matcher || widget.label === matcher;
  if (matcher instanceof RegExp) return matcher.test(widget.text) || matcher.test(widget.label);
  return Object.entries(matcher).every(([field, want]) =>
    (want instanceof RegExp ? want.test(String(widget[field])) : widget[field] === want));
}

/** The last drawn widget matching `matcher` in `list` (see the matcher rules above), or null. */
export function findWidget(list, matcher) {
  for (let i = list.length - 1; i >= 0; i -= 1) if (matches(list[i], matcher)) return list[i];
  return null;
}

function describeMatcher(matcher) {
  if (typeof matcher === 'function') return matcher.description ?? 'widget matching a predicate';
  return `widget ${matcher instanceof RegExp ? matcher : JSON.stringify(matcher)}`;
}

/**
 * Waits until a widget matching `matcher` is on screen (and enabled unless `enabled: false`) and returns it.
 * The widget list is the last drawn frame's; an idle desktop draws nothing, so each try asks for frames.
 */
export async function waitForWidget(page, matcher, { timeoutMs = STEP_MS, enabled = true } = {}) {
  let seen = [];
  try {
    return await waitFor(async () => {
      seen = await widgets(page);
      const found = findWidget(seen, matcher);
      if (found && (!enabled || !found.disabled) && found.w > 0 && found.h > 0) return found;
      await page.evaluate(() => window.agentdesk.wake());
      return null;
    }, { timeoutMs, intervalMs: 100, what: describeMatcher(matcher) });
  } catch (error) {
    const onScreen = seen.map((w) => `${w.label}${w.disabled ? ' (disabled)' : ''} in ${w.window}`).join('; ');
    throw new Error(`${error.message}\nwidgets on screen: ${onScreen}`);
  }
}

/** Resolves once the desktop has drawn `count` more frames (input wakes it, so frames follow input). */
export async function framesPass(page, count = 1, { timeoutMs = STEP_MS } = {}) {
  const start = await page.evaluate(() => window.agentdesk.framesDrawn);
  await waitFor(async () => (await page.evaluate(() => window.agentdesk.framesDrawn)) >= start + count,
    { timeoutMs, intervalMs: 20, what: `${count} frame(s) drawn` });
}

/**
 * Waits for the widget, then clicks its centre with the mouse as a person does: the pointer arrives, rests
 * (ImGui sees the hover on a drawn frame), presses, and releases on a later frame. A click whose press and
 * release fall between two frames depends on ImGui's input trickling and on frame timing, which a loaded machine
 * with software WebGL does not keep. Returns the widget clicked.
 */
export async function clickWidget(page, matcher, { timeoutMs = STEP_MS, button = 'left' } = {}) {
  const widget = await waitForWidget(page, matcher, { timeoutMs });
  await page.mouse.move(widget.x + widget.w / 2, widget.y + widget.h / 2);
  await framesPass(page, 2, { timeoutMs });
  await page.mouse.down({ button });
  await framesPass(page, 1, { timeoutMs });
  await page.mouse.up({ button });
  return widget;
}

/** True while ImGui edits text (the hidden IME textarea has the focus). */
export function desktopWantsText(page) {
  return page.evaluate(() => document.activeElement?.id === 'agentdesk-ime');
}

/**
 * Enters `text` into the ImGui field that has the focus. By default as committed text through the IME textarea,
 * the way IMEs, on-screen keyboards and dictation deliver it (one input event; Playwright cannot press keys for
 * characters like ü or 日 anyway). `keys: true` presses a key per character instead (ASCII only): ImGui then
 * takes about two frames per character, seconds for a sentence under software WebGL.
 */
export async function typeText(page, text, { keys = false } = {}) {
  if (keys) {
    if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`typeText: key presses need ASCII, got ${JSON.stringify(text)}`);
    await page.keyboard.type(text);
  } else {
    await page.keyboard.insertText(text);
  }
}

/** Clicks the text field `matcher` (e.g. "##composer"), waits for ImGui to take text, then types `text`. */
export async function typeInto(page, matcher, text, { timeoutMs = STEP_MS, keys = false } = {}) {
  await clickWidget(page, matcher, { timeoutMs });
  const what = `text focus in ${describeMatcher(matcher)}`;
  try {
    await waitFor(() => desktopWantsText(page), { timeoutMs: Math.min(5000, timeoutMs), what });
  } catch {
    // Seen on loaded machines and once in CI: the first click missed the login field because the widget list was
    // that of the login window's first, unshown frame (fixed in widget_locator.cpp). Kept as a loud second click,
    // as a person would click again; a field that never takes the focus still fails.
    const state = await page.evaluate(() => ({ active: document.activeElement?.id || document.activeElement?.tagName,
      wantTextInput: window.agentdesk.diagnostics.state()?.wantTextInput, frames: window.agentdesk.framesDrawn }));
    console.error(`typeInto: no ${what} 5 s after the click (${JSON.stringify(state)}); clicking again`);
    await clickWidget(page, matcher, { timeoutMs });
    await waitFor(() => desktopWantsText(page), { timeoutMs, what });
  }
  await typeText(page, text, { keys });
}

/** The desktop's snapshot (window.agentdesk.snapshot()). */
export function snapshot(page) {
  return page.evaluate(() => window.agentdesk.snapshot());
}

/** Resolves with the first snapshot for which `predicate(snapshot)` is truthy; the error shows the last one. */
export async function waitForSnapshot(page, predicate, { timeoutMs = STEP_MS, what = 'desktop state' } = {}) {
  let last = null;
  try {
    return await waitFor(async () => {
      last = await snapshot(page);
      return last && predicate(last) ? last : null;
    }, { timeoutMs, intervalMs: 100, what });
  } catch (error) {
    const brief = last && {
      pageVisible: last.pageVisible, connection: last.connection, presence: last.presence, offers: last.offers, outbox: last.outbox,
      chats: last.chats.map(({ events, ...chat }) => ({ ...chat, events: events.slice(-5) })), notices: last.notices,
    };
    throw new Error(`${error.message}\nlast snapshot: ${JSON.stringify(brief)}`);
  }
}

/** Logs in through the login form: clicks the fields, types key by key, clicks "Log in"; waits for the session. */
export async function login(page, user, password, { timeoutMs = STEP_MS } = {}) {
  await typeInto(page, '##username', user, { timeoutMs, keys: true });
  await typeInto(page, '##password', password, { timeoutMs, keys: true });
  await clickWidget(page, 'Log in', { timeoutMs });
  return waitForSnapshot(page, (s) => s.session?.username === user && s.connection.phase === 'connected',
    { timeoutMs, what: `${user} logged in` });
}

/** Clicks "Go Ready" and waits until the server confirmed it. */
export async function setReady(page, { timeoutMs = STEP_MS } = {}) {
  await clickWidget(page, 'Go Ready', { timeoutMs });
  return waitForSnapshot(page, (s) => s.presence.state === 'ready' && !s.presence.pending, { timeoutMs, what: 'Ready' });
}

/**
 * Waits for a ringing offer, accepts it (`via: 'click'` on its Accept button, or `via: 'shortcut'` with
 * Ctrl+Shift+A) and waits for the chat to be active in the desktop. Returns {offer, chat}.
 */
export async function acceptOffer(page, { via = 'click', timeoutMs = STEP_MS, customerName } = {}) {
  const ringing = await waitForSnapshot(page, (s) => s.offers.some((o) => !o.responding &&
    (customerName === undefined || o.customerName === customerName)), { timeoutMs, what: 'a ringing offer' });
  const offer = ringing.offers.find((o) => !o.responding && (customerName === undefined || o.customerName === customerName));
  if (via === 'shortcut') {
    await waitForWidget(page, /^Accept/, { timeoutMs });  // the card is on screen, so the shortcut is live
    await page.keyboard.press('Control+Shift+A');
  } else {
    // Offer cards are drawn in the snapshot's order, one Accept button each.
    const index = ringing.offers.indexOf(offer);
    const accept = await waitFor(async () => {
      const buttons = (await widgets(page)).filter((w) => /^Accept/.test(w.text) && !w.disabled);
      if (buttons.length === ringing.offers.length) return buttons[index];
      await page.evaluate(() => window.agentdesk.wake());
      return null;
    }, { timeoutMs, intervalMs: 100, what: `the Accept button of offer ${offer.offerId}` });
    await clickWidget(page, (w) => w.id === accept.id, { timeoutMs });
  }
  const accepted = await waitForSnapshot(page, (s) => s.chats.some((c) => c.chatId === offer.chatId && c.status === 'active'),
    { timeoutMs, what: `chat ${offer.chatId} accepted` });
  return { offer, chat: accepted.chats.find((c) => c.chatId === offer.chatId) };
}

/** Clicks the chat's entry in Active Conversations. */
export async function selectChat(page, chatId, { timeoutMs = STEP_MS } = {}) {
  await clickWidget(page, (w) => w.label === `##chat-${chatId}`, { timeoutMs });
  return waitForSnapshot(page, (s) => s.selectedChatId === chatId, { timeoutMs, what: `chat ${chatId} selected` });
}

/** Types `text` into the composer of the selected chat and sends it with Enter. */
export async function sendFromDesktop(page, text, { timeoutMs = STEP_MS } = {}) {
  await typeInto(page, '##composer', text, { timeoutMs });
  await page.keyboard.press('Enter');
}

/**
 * Opens the real customer app (phone-sized, touch) in a new browser context. `caps` ("phone,location", or an
 * array) and `lang` go into the URL as the app reads them. Returns {context, page, errors}.
 */
export async function openCustomer(browser, baseUrl, { caps, lang = 'en', viewport = PHONE_VIEWPORT, dpr = 2 } = {}) {
  const context = await browser.newContext({
    viewport, deviceScaleFactor: dpr, isMobile: true, hasTouch: true, locale: lang === 'de' ? 'de-DE' : 'en-US',
  });
  const page = await context.newPage();
  const errors = collectPageErrors(page, 'customer');
  const url = new URL('/customer/', baseUrl);
  if (lang) url.searchParams.set('lang', lang);
  if (caps !== undefined) url.searchParams.set('caps', Array.isArray(caps) ? caps.join(',') : caps);
  await page.goto(url.href);
  await page.waitForSelector('#start-view:not([hidden])', { timeout: STEP_MS });
  return { context, page, errors };
}

/**
 * Fills the customer app's start form (name, phone when the app offers it, context fields by key) and taps
 * "Start chat". Resolves with the chat id once the chat view shows.
 */
export async function startCustomerChat(customerPage, { name, phone, context = {} } = {}) {
  await customerPage.fill('#name', name);
  if (phone !== undefined) await customerPage.fill('#phone', phone);
  for (const [key, value] of Object.entries(context)) {
    await customerPage.fill(`[data-context-key="${key}"]`, value);
  }
  await customerPage.click('#start-button');
  await customerPage.waitForSelector('#chat-view:not([hidden])', { timeout: STEP_MS });
  return waitFor(() => customerPage.evaluate(() => window.agentdeskApp.client.chatId), { timeoutMs: STEP_MS, what: 'customer chat id' });
}

/** Types into the customer app's composer and sends with Enter (the keyboard path a phone user takes). */
export async function sendFromCustomer(customerPage, text) {
  await customerPage.click('#message');
  await customerPage.fill('#message', text);
  await customerPage.press('#message', 'Enter');
}

/** The customer app's message rows: [{seq, mine, text, pending}] (text = the bubble's text). */
export function customerMessages(customerPage) {
  return customerPage.$$eval('#messages > li.msg', (items) => items.map((li) => ({
    seq: li.dataset.seq ? Number(li.dataset.seq) : null,
    mine: li.classList.contains('mine'),
    pending: li.classList.contains('pending'),
    text: li.querySelector('.bubble')?.textContent ?? '',
  })));
}

/** A JPEG drawn in `page` (left half red, right half blue), with the EXIF block inserted after SOI. */
export async function makePhoto(page, { width, height, exif }) {
  const base64 = await page.evaluate(async ({ width, height }) => {
    const canvas = new OffscreenCanvas(width, height);
    const g = canvas.getContext('2d');
    g.fillStyle = '#d01818';
    g.fillRect(0, 0, width / 2, height);
    g.fillStyle = '#1838d0';
    g.fillRect(width / 2, 0, width / 2, height);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, { width, height });
  const jpeg = Buffer.from(base64, 'base64');
  return exif ? Buffer.concat([jpeg.subarray(0, 2), exif, jpeg.subarray(2)]) : jpeg;
}

/**
 * Records every tel: URL the desktop hands to the system (services-bridge clicks a detached <a href="tel:…">) in
 * window.__telLinks instead of opening a phone app, in this page and after any reload of its context.
 */
export async function recordTelLinks({ context, page }) {
  const record = () => {
    window.__telLinks = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function recordTel() {
      if (this.protocol === 'tel:') { window.__telLinks.push(this.href); return; }
      click.call(this);
    };
  };
  await context.addInitScript(record);
  await page.evaluate(record);
}
