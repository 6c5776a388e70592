// The same story at the screen sizes agents have, in both themes: login, a ringing offer, a chat with a shared
// location and a photo, a phone call, the wrap-up. At every step and for each of 1280×720, 1440×900 and
// 1920×1080 in dark and light, the desktop is resized and re-themed, the step's key controls must lie wholly
// inside the window and, once a location is shared, the map must be on screen at a usable size (also during the
// call: the map was once pushed off the screen by the call panel). Screenshots:
// test-artifacts/workspace-<step>-<width>x<height>-<theme>.png (30 of them), to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchChromium, keepScreenshot, waitFor } from './lib/harness.mjs';
import {
  openDesktop, openCustomer, login, setReady, acceptOffer, selectChat, startCustomerChat, sendFromCustomer,
  sendFromDesktop, clickWidget, waitForSnapshot, snapshot, widgets, findWidget, typeInto,
  makePhoto, recordTelLinks,
} from './lib/desktop.mjs';

const SIZES = [{ width: 1280, height: 720 }, { width: 1440, height: 900 }, { width: 1920, height: 1080 }];
const THEMES = ['dark', 'light'];
const MIN_MAP_PX = 150;  // a map smaller than this on either side is not usable to find a street
const BERLIN = { latitude: 52.520008, longitude: 13.404954, accuracy: 12 };
const NOISE = /WebSocket connection to .* failed|Failed to load resource|ERR_CONNECTION_REFUSED|tile/i;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  server?.removeData();
});

/** After a resize: a few frames drawn at the new size (waking the desktop, which sleeps when nothing changes). */
async function settle(page, frames = 3) {
  const start = await page.evaluate(() => window.agentdesk.framesDrawn);
  await waitFor(async () => page.evaluate((target) => {
    window.agentdesk.wake();
    return window.agentdesk.framesDrawn >= target;
  }, start + frames), { timeoutMs: 15000, intervalMs: 50, what: `${frames} frames at the new size` });
}

async function useTheme(page, theme) {
  if ((await snapshot(page)).theme === theme) return;
  await clickWidget(page, theme === 'light' ? 'Light theme' : 'Dark theme');
  await waitForSnapshot(page, (s) => s.theme === theme, { what: `the ${theme} theme` });
}

/** Checks that each control in `controls` (widget matchers) is drawn and wholly inside the viewport. */
async function assertControlsInside(page, controls, where) {
  const { width, height } = page.viewportSize();
  const list = await widgets(page);
  for (const control of controls) {
    const w = findWidget(list, control);
    assert.ok(w, `${where}: ${String(control)} is on screen`);
    assert.ok(w.x >= 0 && w.y >= 0 && w.x + w.w <= width + 0.5 && w.y + w.h <= height + 0.5,
      `${where}: ${String(control)} at ${w.x},${w.y} ${w.w}×${w.h} lies inside ${width}×${height}`);
    assert.ok(w.w >= 8 && w.h >= 8, `${where}: ${String(control)} is not squeezed to ${w.w}×${w.h}`);
  }
}

async function assertMapUsable(page, where) {
  const state = await waitFor(async () => {
    await page.evaluate(() => window.agentdesk.wake());
    const m = await page.evaluate(() => window.agentdeskBridges.map.state());
    return m.visible && m.rect && m.rect.width >= MIN_MAP_PX && m.rect.height >= MIN_MAP_PX ? m : null;
  }, { timeoutMs: 10000, what: `${where}: the map on screen, at least ${MIN_MAP_PX} px each way` }).catch(async (error) => {
    const m = await page.evaluate(() => window.agentdeskBridges.map.state());
    throw new Error(`${error.message}; map: ${JSON.stringify({ visible: m.visible, rect: m.rect })}`);
  });
  const { width, height } = page.viewportSize();
  assert.ok(state.rect.x >= 0 && state.rect.y >= 0 && state.rect.x + state.rect.width <= width + 0.5 &&
    state.rect.y + state.rect.height <= height + 0.5, `${where}: the map lies inside the window`);
  assert.ok(state.markerPoint && state.markerPoint.y < state.rect.y + state.rect.height - 10 &&
    state.markerPoint.y > state.rect.y + 10, `${where}: the marker is in the map, not at its edge`);
  return state;
}

/** One step of the story in every size and theme: resize, re-theme, check, keep a screenshot. */
async function shootEverywhere(page, step, { controls = [], buttons = [], map = false, themes = THEMES } = {}) {
  const figures = [];
  const widths = new Map();  // button -> its widths at each size: a button cut by its panel is narrower
  for (const theme of themes) {
    await useTheme(page, theme);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await settle(page);
      const where = `${step} at ${size.width}×${size.height} ${theme}`;
      await assertControlsInside(page, [...controls, ...buttons], where);
      const list = await widgets(page);
      for (const button of buttons) {
        const key = String(button);
        widths.set(key, [...(widths.get(key) ?? []), { where, w: findWidget(list, button).w }]);
      }
      if (map) {
        const m = await assertMapUsable(page, where);
        figures.push(`${size.width}x${size.height}: map ${Math.round(m.rect.width)}x${Math.round(m.rect.height)}`);
      }
      await keepScreenshot(page, `workspace-${step}-${size.width}x${size.height}-${theme}`);
    }
  }
  // Buttons keep their width at every size (they do not shrink with the window): a narrower one was clipped.
  for (const [button, seen] of widths) {
    const widest = Math.max(...seen.map((x) => x.w));
    for (const { where, w } of seen) assert.ok(w >= widest - 1, `${where}: ${button} is cut (${w} of ${widest} px wide)`);
  }
  return figures;
}

test('the story at 1280×720, 1440×900 and 1920×1080 in dark and light: controls inside, map usable', { timeout: 240000 }, async (t) => {
  const desktop = await openDesktop(browser, server.baseUrl);
  const desk = desktop.page;
  await recordTelLinks({ context: desktop.context, page: desk });

  // Login: the theme is the browser's choice (localStorage) before anyone logs in.
  for (const theme of THEMES) {
    await desk.evaluate((value) => localStorage.setItem('agentdesk.prefs.theme', value), theme);
    await desk.reload();
    await waitFor(() => desk.evaluate(() => window.agentdesk?.ready === true), { timeoutMs: 45000, what: 'first frame' });
    assert.equal((await snapshot(desk)).theme, theme);
    for (const size of SIZES) {
      await desk.setViewportSize(size);
      await settle(desk);
      await assertControlsInside(desk, ['##username', '##password', 'Log in'], `login at ${size.width}×${size.height} ${theme}`);
      await keepScreenshot(desk, `workspace-01-login-${size.width}x${size.height}-${theme}`);
    }
  }
  await desk.evaluate(() => localStorage.setItem('agentdesk.prefs.theme', 'dark'));
  await desk.reload();
  await waitFor(() => desk.evaluate(() => window.agentdesk?.ready === true), { timeoutMs: 45000, what: 'first frame' });
  await login(desk, 'anna', 'demo-anna');
  await setReady(desk);

  // The offer, with what the customer wrote on its card.
  const max = await openCustomer(browser, server.baseUrl, { caps: 'phone,location,files' });
  await max.context.grantPermissions(['geolocation']);
  await max.context.setGeolocation(BERLIN);
  const chatId = await startCustomerChat(max.page, {
    name: 'Max Mustermann', phone: '+49 151 12345678', context: { Policy: 'KFZ-2231-77', Vehicle: 'VW Golf, B-XY 123' },
  });
  await sendFromCustomer(max.page, 'Ich hatte einen Unfall auf der A9, bitte helfen Sie mir.');
  await waitForSnapshot(desk, (s) => s.offers[0]?.customerTexts?.length > 0, { what: 'the offer with the customer\'s text' });
  await shootEverywhere(desk, '02-offer', { buttons: [/^Accept \(Ctrl\+Shift\+A\)$/, 'Decline'] });

  // The chat: location shared, a photo, messages both ways.
  await acceptOffer(desk, { customerName: 'Max Mustermann' });
  await selectChat(desk, chatId);
  await clickWidget(desk, { label: 'Request location##map' });
  await max.page.click('li.card button:has-text("Share live")');
  await waitForSnapshot(desk, (s) => s.chats.find((c) => c.chatId === chatId)?.lastLocation, { what: 'the location' });
  const photo = await makePhoto(max.page, { width: 1600, height: 1200 });
  await max.page.setInputFiles('#photo', { name: 'unfall.jpg', mimeType: 'image/jpeg', buffer: photo });
  await waitForSnapshot(desk, (s) => s.files.images.some((i) => i.variant === 'thumbnail' && i.status === 'ready'),
    { what: 'the photo\'s thumbnail' });
  await sendFromDesktop(desk, 'Danke, ich sehe Ihren Standort und das Foto. Ist jemand verletzt?');
  await sendFromCustomer(max.page, 'Nein, niemand ist verletzt.');
  await waitForSnapshot(desk, (s) => s.chats.find((c) => c.chatId === chatId)?.events.some((e) => e.text === 'Nein, niemand ist verletzt.'),
    { what: 'the customer\'s answer' });
  const chatControls = ['##composer', 'Send'];
  const chatButtons = ['Attach file', 'Canned responses', 'Transfer', { text: 'End chat', window: /^##desktop/ },
    'Open in maps', 'Centre map', 'Enlarge map', /^Call \+4915112345678/];
  const mapFigures = await shootEverywhere(desk, '03-chat', { controls: chatControls, buttons: chatButtons, map: true });
  t.diagnostic(`chat with location: ${mapFigures.slice(0, 3).join('; ')}`);

  // A phone call (tel:): the call panel joins the customer column and the map stays usable.
  await clickWidget(desk, /^Call \+4915112345678/);
  await waitForSnapshot(desk, (s) => s.call?.phase === 'connected' && s.call.mode === 'phone', { what: 'the phone call placed' });
  assert.deepEqual(await desk.evaluate(() => window.__telLinks), ['tel:+4915112345678']);
  const callFigures = await shootEverywhere(desk, '04-call', { controls: chatControls, buttons: [...chatButtons, 'End call'], map: true });
  t.diagnostic(`during the call: ${callFigures.slice(0, 3).join('; ')}`);
  await clickWidget(desk, 'End call');
  await waitForSnapshot(desk, (s) => s.call?.phase === 'ended', { what: 'the call ended' });
  await clickWidget(desk, 'Dismiss##call');

  // The wrap-up, with a note of several sentences. Its dialog is modal: the theme is switched with the dialog
  // put aside ("Later") and opened again from the chat header.
  await clickWidget(desk, { text: 'End chat', window: /^##desktop/ });
  await clickWidget(desk, { text: 'End chat', window: /^End chat\?/ });
  await waitForSnapshot(desk, (s) => s.chats.find((c) => c.chatId === chatId)?.status === 'ended', { what: 'the chat ended' });
  for (const theme of THEMES) {
    if ((await snapshot(desk)).theme !== theme) {
      await clickWidget(desk, 'Later');
      // The modal's dimming takes clicks until the frame it is gone from.
      await waitFor(async () => !findWidget(await widgets(desk), 'File wrap-up'), { what: 'the wrap-up dialog put aside' });
      await useTheme(desk, theme);
      await clickWidget(desk, { text: 'Wrap-up', window: /^##desktop/ });
    }
    await clickWidget(desk, 'Claim opened');
    await typeInto(desk, '##notes', 'Rear-end collision on the A9, no injuries. Location and one photo received. ' +
      'Called the customer back; claim KFZ-2231-77 opened and a tow truck ordered to the hard shoulder.');
    await shootEverywhere(desk, '05-wrapup', { controls: ['##notes'], buttons: ['File wrap-up', 'Later'], themes: [theme] });
  }
  await clickWidget(desk, 'File wrap-up');
  await waitForSnapshot(desk, (s) => !s.chats.some((c) => c.chatId === chatId), { what: 'the chat filed' });

  const unexpected = [...desktop.errors, ...max.errors].filter((e) => !NOISE.test(e));
  assert.deepEqual(unexpected, [], 'no errors in the pages');
  await desktop.context.close();
  await max.context.close();
});
