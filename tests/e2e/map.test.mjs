// Browser end-to-end test of the map in the agent desktop's Context Information, against the real server and the
// real customer app: the agent asks for the location, the customer shares it live (the browser's geolocation,
// emulated), the Leaflet overlay shows the marker exactly over the region ImGui reserved, a live update moves it
// and extends the track, a second chat's location switches the map and back, a "Location shared" row focuses
// the map on its position, keys and clicks stay where they belong (map vs composer), the End chat modal hides the
// map, and with tiles unreachable the vector basemap is drawn (devicePixelRatio 2).
// Tiles come from a small tile server of this test on a loopback port (the desktop's config.json is served with
// map.tileUrl pointing there). Screenshots: test-artifacts/map-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { startServer, launchChromium, keepScreenshot, waitFor } from './lib/harness.mjs';
import {
  openDesktop, openCustomer, login, setReady, acceptOffer, selectChat, startCustomerChat, clickWidget, widgets,
  waitForSnapshot, waitForWidget, typeInto, desktopWantsText, customerMessages,
} from './lib/desktop.mjs';

const STEP_MS = 20000;
const BERLIN = { latitude: 52.520008, longitude: 13.404954, accuracy: 12 };
const BERLIN_LATER = { latitude: 52.5212, longitude: 13.4101, accuracy: 8 };
const HAMBURG = { latitude: 53.551086, longitude: 9.993682, accuracy: 30 };
const TILE_RGB = [0xc8, 0xe6, 0xb4];  // what the test's tile server paints: seen in the screenshot, not the vector land

// ----- a tile server: every /tiles/z/x/y.png is a 256×256 PNG of one colour -----
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function solidPng(size, [r, g, b]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;  // bit depth
  header[9] = 2;  // RGB
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x += 1) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}
async function startTileServer() {
  const tile = solidPng(256, TILE_RGB);
  let served = 0;
  const server = http.createServer((request, response) => {
    if (!/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(request.url)) return response.writeHead(404).end();
    served += 1;
    response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(tile);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/tiles/{z}/{x}/{y}.png`, served: () => served, close: () => server.close() };
}
/** A loopback port nobody listens on: tiles from there fail at once (connection refused). */
async function closedPort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// ----- helpers -----
/** Serves the desktop's real config.json with a "map" section merged in, then reloads so the page reads it. */
async function useMapConfig(page, map) {
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    await route.fulfill({ response, json: { ...config, map: { ...config.map, ...map } } });
  });
  await page.reload();
  await waitFor(() => page.evaluate(() => window.agentdesk?.ready === true), { timeoutMs: 45000, what: 'first frame after reload' });
}
function mapState(page) {
  return page.evaluate(() => window.agentdeskBridges.map.state());
}
async function waitForMap(page, predicate, what) {
  let last = null;
  try {
    return await waitFor(async () => {
      await page.evaluate(() => window.agentdesk.wake());
      last = await mapState(page);
      return predicate(last) ? last : null;
    }, { timeoutMs: STEP_MS, intervalMs: 100, what });
  } catch (error) {
    throw new Error(`${error.message}\nmap state: ${JSON.stringify(last)}`);
  }
}
const near = (a, b, tolerance = 1e-6) => Math.abs(a - b) <= tolerance;
const at = (marker, place) => !!marker && near(marker.lat, place.latitude) && near(marker.lon, place.longitude);

/** The map div must cover the region ImGui reserved: below the "Centre map" row, flush with the panel's left edge. */
async function assertPlacedUnderButtons(page, state) {
  const list = await widgets(page);
  const centre = list.find((w) => w.text === 'Centre map');
  const open = list.find((w) => w.text === 'Open in maps');
  assert.ok(centre && open, 'the location panel\'s buttons are on screen');
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  const slack = 3 / dpr + 1;  // the child's 1 px border (in device pixels) plus rounding
  assert.ok(Math.abs(state.rect.x - open.x) <= slack, `map left ${state.rect.x} vs panel left ${open.x}`);
  const gap = state.rect.y - (centre.y + centre.h);
  assert.ok(gap >= 0 && gap <= 16, `the map starts right below the buttons (gap ${gap})`);
  const viewport = page.viewportSize();
  assert.ok(state.rect.x + state.rect.width <= viewport.width && state.rect.y + state.rect.height <= viewport.height);
  assert.ok(state.rect.width >= 150 && state.rect.height >= 150, `map size ${state.rect.width}×${state.rect.height}`);
}

/** Colour of one page pixel, read from a screenshot of a 1×1 clip. */
async function pixelAt(page, x, y) {
  const png = await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 } });
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const c = new OffscreenCanvas(1, 1).getContext('2d');
    c.drawImage(image, 0, 0);
    return Array.from(c.getImageData(0, 0, 1, 1).data.slice(0, 3));
  }, png.toString('base64'));
}

let server;
let tiles;
let browser;

before(async () => {
  server = await startServer();
  tiles = await startTileServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  tiles?.close();
  await server?.stop();
  server?.removeData();
});

test('the customer\'s location on the map: share, live update, chat switch, row focus, input, modal, vector basemap', { timeout: 300000 }, async () => {
  // ----- the agent, with tiles from the test's tile server -----
  const desktop = await openDesktop(browser, server.baseUrl);
  const page = desktop.page;
  await useMapConfig(page, { tileUrl: tiles.url, zoom: 15 });
  await login(page, 'anna', 'demo-anna');
  await setReady(page);
  assert.equal(await page.evaluate(() => window.agentdeskBridges.map.state().leaflet), 'idle',
    'Leaflet is not loaded before a map is needed');
  assert.equal(await page.evaluate(() => typeof window.L), 'undefined');

  // ----- customer 1: location capability, the browser's geolocation allowed and placed in Berlin -----
  const max = await openCustomer(browser, server.baseUrl, { caps: 'location' });
  await max.page.route('**/app-config.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), liveLocationIntervalMs: 300 } });
  });
  await max.page.reload();
  await max.page.waitForSelector('#start-view:not([hidden])');
  await max.context.grantPermissions(['geolocation']);
  await max.context.setGeolocation(BERLIN);
  const chat1 = await startCustomerChat(max.page, { name: 'Max <b>M</b> & Co' });
  await acceptOffer(page, { customerName: 'Max <b>M</b> & Co' });
  await selectChat(page, chat1);

  // No location yet: the panel says so and offers the request; the agent asks, the customer shares live.
  await clickWidget(page, { label: 'Request location##map' });
  await waitForSnapshot(page, (s) => s.chats.find((c) => c.chatId === chat1)?.locationRequestedAt > 0,
    { what: 'the location request in the log' });
  await max.page.click('li.card button:has-text("Share live")');
  const shared = await waitForSnapshot(page, (s) => {
    const chat = s.chats.find((c) => c.chatId === chat1);
    return chat?.lastLocation && near(chat.lastLocation.lat, BERLIN.latitude);
  }, { timeoutMs: STEP_MS, what: 'the shared location at the desktop' });
  assert.ok(shared.chats.find((c) => c.chatId === chat1).events.some((e) => e.kind === 'location' && /^Location shared: 52\.520008, 13\.404954/.test(e.text)));

  let state = await waitForMap(page, (m) => m.visible && m.chatId === chat1 && at(m.marker, BERLIN) && m.basemap === 'tiles',
    'the marker at the shared position, on tiles');
  assert.equal(state.leaflet, 'ready');
  assert.ok(near(state.marker.accuracy, BERLIN.accuracy, 0.01), 'accuracy circle radius');
  assert.ok(tiles.served() > 0, 'tiles came from the configured tileUrl');
  await assertPlacedUnderButtons(page, state);
  assert.ok(state.markerPoint.x > state.rect.x && state.markerPoint.x < state.rect.x + state.rect.width &&
    state.markerPoint.y > state.rect.y && state.markerPoint.y < state.rect.y + state.rect.height, 'the marker is in view');
  // Customer text is text: the name shows as typed and never becomes markup.
  assert.match(state.markerLabel.text, /Max <b>M<\/b> & Co/);
  assert.match(state.markerLabel.html, /Max &lt;b&gt;M&lt;\/b&gt; &amp; Co/);
  assert.match(state.markerLabel.text, /Updated \d\d:\d\d:\d\d/);
  // The marker's fill is drawn where Leaflet says it is; tiles around it.
  const markerPixel = await pixelAt(page, state.markerPoint.x, state.markerPoint.y);
  assert.ok(markerPixel[0] > 180 && markerPixel[1] < 110, `marker colour at its point: ${markerPixel}`);
  const tilePixel = await pixelAt(page, state.rect.x + 6, state.rect.y + state.rect.height - 40);
  assert.deepEqual(tilePixel.map((v, i) => Math.abs(v - TILE_RGB[i]) <= 3), [true, true, true], `tile colour ${tilePixel}`);
  await keepScreenshot(page, 'map-marker');
  // A tooltip over the map (the link under "Open in maps") is cut out of the map rather than hidden under it.
  const openButton = (await widgets(page)).find((w) => w.text === 'Open in maps');
  await page.mouse.move(openButton.x + openButton.w / 2, openButton.y + openButton.h / 2);
  const withHole = await waitForMap(page, (m) => m.visible && m.clipPath.startsWith('path(evenodd'), 'a hole in the map for the tooltip');
  // The second rectangle of the path ("M x0 y0 H x1 V y1 H x0 Z"; the browser may re-space it) is the hole.
  const rects = withHole.clipPath.split('M').slice(1).map((part) => part.match(/[\d.]+/g).map(Number));
  assert.equal(rects.length, 2, `hole path: ${withHole.clipPath}`);
  const [hx0, hy0, hx1, hy1] = rects[1];
  const inHole = await pixelAt(page, withHole.rect.x + (hx0 + hx1) / 2, withHole.rect.y + Math.min(hy1 - 3, hy0 + 6));
  assert.ok(!inHole.every((v, i) => Math.abs(v - TILE_RGB[i]) <= 3), `the tooltip shows through the hole, not the tiles: ${inHole}`);
  await keepScreenshot(page, 'map-tooltip-hole');
  await page.mouse.move(5, 5);
  await waitForMap(page, (m) => m.visible && !m.clipPath.startsWith('path('), 'the hole closed with the tooltip');
  // "Open in maps" opens the position in OpenStreetMap in a new tab (answered here by the test: no request leaves
  // the machine).
  const opened = [];
  await desktop.context.route('https://www.openstreetmap.org/**', (route) => {
    opened.push(route.request().url());
    return route.fulfill({ contentType: 'text/html', body: '<title>map</title>' });
  });
  const [tab] = await Promise.all([desktop.context.waitForEvent('page', { timeout: STEP_MS }), clickWidget(page, 'Open in maps')]);
  await tab.waitForLoadState();
  assert.equal(tab.url(), 'https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954#map=17/52.520008/13.404954');
  assert.deepEqual(opened, ['https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954']);
  await tab.close();

  // ----- live updates move the marker and extend the track -----
  // The app sends what the browser's watchPosition reports; when the browser's position source times out, it
  // replays its demo route instead (location.js). Either is a live update of the real app: the test follows the
  // positions the desktop received.
  await max.context.setGeolocation(BERLIN_LATER);
  await waitForSnapshot(page, (s) => s.chats.find((c) => c.chatId === chat1)?.track.length >= 3, { what: 'live updates' });
  await max.page.click('#stop-location');
  await new Promise((resolve) => setTimeout(resolve, 1500));  // updates already sent still arrive
  const tracked = (await waitForSnapshot(page, (s) => s.chats.find((c) => c.chatId === chat1)?.track.length >= 3)).chats.find((c) => c.chatId === chat1);
  const chat1Last = { latitude: tracked.lastLocation.lat, longitude: tracked.lastLocation.lon };
  assert.ok(!near(chat1Last.latitude, BERLIN.latitude, 1e-5) || !near(chat1Last.longitude, BERLIN.longitude, 1e-5), 'the position changed');
  assert.ok(near(tracked.track[0].lat, BERLIN.latitude), 'the track starts at the first shared position');
  state = await waitForMap(page, (m) => at(m.marker, chat1Last) && m.trackLength === tracked.track.length,
    'the marker at the latest live position, with the whole track');
  assert.ok(state.follow, 'the map follows the live position');
  assert.ok(state.markerPoint.x > state.rect.x && state.markerPoint.x < state.rect.x + state.rect.width &&
    state.markerPoint.y > state.rect.y && state.markerPoint.y < state.rect.y + state.rect.height, 'the moved marker stays in view');
  await keepScreenshot(page, 'map-live-update');

  // ----- customer 2 in Hamburg shares once from the app's own button -----
  const erika = await openCustomer(browser, server.baseUrl, { caps: 'location' });
  await erika.context.grantPermissions(['geolocation']);
  await erika.context.setGeolocation(HAMBURG);
  const chat2 = await startCustomerChat(erika.page, { name: 'Erika' });
  await acceptOffer(page, { customerName: 'Erika' });
  await erika.page.click('#share-location');
  await erika.page.click('#location-dialog button[value="once"]');
  await waitForSnapshot(page, (s) => s.chats.find((c) => c.chatId === chat2)?.lastLocation, { what: 'Erika\'s location' });

  const chat1View = (await mapState(page)).center;
  await selectChat(page, chat2);
  state = await waitForMap(page, (m) => m.visible && m.chatId === chat2 && at(m.marker, HAMBURG), 'the map switched to chat 2');
  assert.equal(state.trackLength, 1);
  assert.ok(near(state.center.lat, HAMBURG.latitude, 1e-3) && near(state.center.lon, HAMBURG.longitude, 1e-3), 'centred on Hamburg');
  await keepScreenshot(page, 'map-chat2');
  await selectChat(page, chat1);
  state = await waitForMap(page, (m) => m.visible && m.chatId === chat1 && at(m.marker, chat1Last), 'the map switched back');
  assert.ok(near(state.center.lat, chat1View.lat, 1e-9) && near(state.center.lon, chat1View.lon, 1e-9), 'chat 1\'s view is remembered');
  assert.equal(state.trackLength, tracked.track.length);

  // ----- the topmost visible "Location shared" row focuses the map on its (earlier) position -----
  // The rows on screen are the last ones of the log, in order: the k-th visible row is the (n-k)-th location event.
  const rows = await waitFor(async () => {
    await page.evaluate(() => window.agentdesk.wake());
    const found = (await widgets(page)).filter((w) => w.text === 'Show on map');
    return found.length >= 2 ? found : null;
  }, { timeoutMs: STEP_MS, what: '"Location shared" rows' });
  rows.sort((a, b) => a.y - b.y);
  const locationRows = (await waitForSnapshot(page, (s) => s.selectedChatId === chat1)).chats.find((c) => c.chatId === chat1)
    .events.filter((e) => e.kind === 'location');
  const [, rowLat, rowLon] = /^Location shared: (-?[\d.]+), (-?[\d.]+)/.exec(locationRows[locationRows.length - rows.length].text);
  const focusBefore = state.focusSerial;
  await page.mouse.move(rows[0].x + 5, rows[0].y + rows[0].h / 2);
  await page.mouse.click(rows[0].x + 5, rows[0].y + rows[0].h / 2);
  state = await waitForMap(page, (m) => m.focusSerial > focusBefore, 'the row focused the map');
  assert.ok(near(state.center.lat, Number(rowLat), 2e-6) && near(state.center.lon, Number(rowLon), 2e-6),
    `centred on the row's position ${rowLat}, ${rowLon}: ${JSON.stringify(state.center)}`);
  assert.equal((await waitForSnapshot(page, (s) => s.mapFocus?.chatId === chat1)).mapFocus.pin, false);
  await keepScreenshot(page, 'map-row-focus');

  // ----- input: the composer keeps the keyboard until the agent clicks the map; the map's keys stay there -----
  await typeInto(page, '##composer', 'Hello');
  // The composer took it (the draft is no longer empty, the customer is told the agent types) before the click
  // moves the keyboard: on a busy machine the test's next command can come before the frame that reads the text.
  await waitForSnapshot(page, (s) => s.chats.find((c) => c.chatId === chat1)?.typingAnnounced === true, { what: 'the draft holds the text' });
  assert.equal(state.focused, false);
  const zoomBefore = (await mapState(page)).zoom;
  const corner = { x: state.rect.x + state.rect.width - 30, y: state.rect.y + state.rect.height / 2 };
  await page.mouse.click(corner.x, corner.y);
  await waitForMap(page, (m) => m.focused, 'the map has the keyboard after a click into it');
  await waitFor(async () => {
    await page.evaluate(() => window.agentdesk.wake());
    return !(await desktopWantsText(page)) && !(await page.evaluate(() => window.agentdesk.diagnostics.state().wantTextInput));
  }, { timeoutMs: STEP_MS, what: 'ImGui let go of the composer' });
  await page.keyboard.press('Equal');  // Leaflet: zoom in
  await page.keyboard.type('xyz');
  await waitForMap(page, (m) => m.zoom === zoomBefore + 1, 'the map zoomed with its own key');
  await typeInto(page, '##composer', ' world');
  await page.keyboard.press('Enter');
  const sent = await waitForSnapshot(page, (s) => s.chats.find((c) => c.chatId === chat1).events.some((e) => e.role === 'agent' && e.kind === 'text'),
    { what: 'the agent\'s message in the log' });
  const agentTexts = sent.chats.find((c) => c.chatId === chat1).events.filter((e) => e.role === 'agent' && e.kind === 'text').map((e) => e.text);
  assert.deepEqual(agentTexts, ['Hello world'], 'nothing typed into the map leaked into the composer');
  await waitFor(async () => (await customerMessages(max.page)).some((m) => !m.mine && m.text.includes('Hello world')),
    { timeoutMs: STEP_MS, what: 'the agent\'s message at the customer' });

  // ----- a modal over the map hides it; closing it shows the map again -----
  await clickWidget(page, 'End chat');
  await waitForWidget(page, { text: 'Cancel', window: 'End chat?' });
  state = await waitForMap(page, (m) => !m.visible, 'the map hidden under the End chat modal');
  await keepScreenshot(page, 'map-hidden-by-modal');
  await clickWidget(page, { text: 'Cancel', window: 'End chat?' });
  state = await waitForMap(page, (m) => m.visible, 'the map back after Cancel');

  // ----- a smaller window: the map follows the region -----
  await page.setViewportSize({ width: 1180, height: 760 });
  state = await waitForMap(page, (m) => m.visible && m.rect.x + m.rect.width <= 1180 && m.rect.y + m.rect.height <= 760,
    'the map follows the resized region');
  await assertPlacedUnderButtons(page, state);
  assert.deepEqual(desktop.errors, []);
  await desktop.context.close();

  // ----- tiles unreachable, devicePixelRatio 2: the vector basemap gives the marker its context -----
  const port = await closedPort();
  const offline = await openDesktop(browser, server.baseUrl, { dpr: 2 });
  await useMapConfig(offline.page, { tileUrl: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`, zoom: 6 });
  await login(offline.page, 'anna', 'demo-anna');
  await selectChat(offline.page, chat1);
  state = await waitForMap(offline.page, (m) => m.visible && at(m.marker, chat1Last) && m.basemap === 'vector',
    'the vector basemap when tiles fail');
  assert.equal(state.tiles.loaded, 0);
  assert.ok(state.tiles.errors > 0);
  assert.ok(state.vectorFeatures > 0);
  assert.equal(state.trackLength, tracked.track.length, 'the track comes back with the history');
  await assertPlacedUnderButtons(offline.page, state);
  const land = await waitFor(() => offline.page.evaluate(() => window.agentdeskBridges.map.vectorLandPixels()),
    { timeoutMs: STEP_MS, what: 'land drawn by the vector basemap' });
  assert.ok(land > 10000, `land pixels: ${land}`);
  const landPixel = await pixelAt(offline.page, state.markerPoint.x + 30, state.markerPoint.y + 30);
  assert.deepEqual(landPixel.map((v, i) => Math.abs(v - [0xf2, 0xef, 0xe9][i]) <= 4), [true, true, true], `land colour near Berlin: ${landPixel}`);
  await keepScreenshot(offline.page, 'map-vector-basemap');
  // Console errors of failed tile requests are the browser's own (net::ERR_CONNECTION_REFUSED); nothing else.
  assert.deepEqual(offline.errors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(e)), []);
  await offline.context.close();
  assert.deepEqual(max.errors, []);
  assert.deepEqual(erika.errors, []);
  await max.context.close();
  await erika.context.close();
});
