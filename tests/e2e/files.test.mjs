// Files end to end, real server + real desktop + real customer app (360×640):
//  1. The customer sends a 12-megapixel JPEG (made in the browser, with EXIF orientation 6 and a GPS position
//     added here): the desktop shows its thumbnail (pixels in a screenshot: turned upright by the EXIF
//     orientation; state in the snapshot), offers "Show on map", no frame waits on the decode; the agent opens the
//     viewer, zooms and rotates (pixels again); the agent sends a PDF through the file picker and a PNG pasted from
//     the clipboard, which the customer downloads byte for byte; a dropped text file is refused before upload.
//  2. 200 photos come and go (two chats of 100, scrolled through, ended and wrapped up): live textures stay under
//     the cap, all are freed with their chat, and the WebAssembly heap stays flat.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, launchChromium, keepScreenshot, waitFor } from './lib/harness.mjs';
import {
  openDesktop, openCustomer, login, setReady, acceptOffer, startCustomerChat, clickWidget, waitForWidget,
  waitForSnapshot, widgets, findWidget, selectChat, makePhoto,
} from './lib/desktop.mjs';

let server;
let browser;
const STEP_MS = 30000;

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  server?.removeData();
});

// ---- Bytes made here ----

// EXIF APP1 (big-endian TIFF): IFD0 with Orientation and a GPS IFD pointer; GPS IFD with N/E and D/M/S rationals.
function exifApp1({ orientation, lat, lon }) {
  const parts = [];
  const u16 = (v) => parts.push((v >> 8) & 255, v & 255);
  const u32 = (v) => parts.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  const dms = (deg) => {
    const d = Math.floor(deg);
    const m = Math.floor((deg - d) * 60);
    const s = Math.round(((deg - d) * 60 - m) * 60 * 1000);
    return [d, 1, m, 1, s, 1000];
  };
  parts.push(0x4d, 0x4d); u16(42); u32(8);
  u16(2);                                          // IFD0 at 8: two entries
  u16(0x0112); u16(3); u32(1); u16(orientation); u16(0);
  u16(0x8825); u16(4); u32(1); u32(38);            // GPS IFD at 8 + 2 + 24 + 4 = 38
  u32(0);
  u16(4);                                          // GPS IFD: values at 38 + 2 + 48 + 4 = 92
  u16(1); u16(2); u32(2); parts.push(lat >= 0 ? 78 : 83, 0, 0, 0);
  u16(2); u16(5); u32(3); u32(92);
  u16(3); u16(2); u32(2); parts.push(lon >= 0 ? 69 : 87, 0, 0, 0);
  u16(4); u16(5); u32(3); u32(116);
  u32(0);
  for (const v of [...dms(Math.abs(lat)), ...dms(Math.abs(lon))]) u32(v);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), Buffer.from(parts)]);
  const header = Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 255]);
  return Buffer.concat([header, payload]);
}


const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n% agentdesk e2e: Schadensbericht\ntrailer <<>>\n%%EOF\n');

/** RGB of screenshot pixels at CSS points, decoded in `page` (a PNG of the screenshot). */
async function pixelsAt(decoderPage, png, points) {
  return decoderPage.evaluate(async ({ b64, points }) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const g = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    g.drawImage(bitmap, 0, 0);
    return points.map(([x, y]) => [...g.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)]);
  }, { b64: png.toString('base64'), points });
}
const reddish = ([r, g, b]) => r > 150 && g < 90 && b < 90;
const bluish = ([r, g, b]) => b > 150 && r < 90 && g < 110;

/** Watches the desktop page's main thread: the longest gap between animation frames and long tasks. */
async function startJankMonitor(page) {
  await page.evaluate(() => {
    const m = (window.__jank = { maxGapMs: 0, longTasks: [], running: true });
    let last = performance.now();
    const loop = (t) => {
      m.maxGapMs = Math.max(m.maxGapMs, t - last);
      last = t;
      if (m.running) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    m.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) m.longTasks.push(Math.round(e.duration)); });
    m.observer.observe({ entryTypes: ['longtask'] });
  });
}
async function stopJankMonitor(page) {
  return page.evaluate(() => {
    const m = window.__jank;
    m.running = false;
    m.observer.disconnect();
    return { maxGapMs: Math.round(m.maxGapMs), longTasks: m.longTasks };
  });
}

test('a customer photo: thumbnail, viewer, show on map; the agent sends files the customer downloads intact', { timeout: 240000 }, async () => {
  const desk = await openDesktop(browser, server.baseUrl);
  const customer = await openCustomer(browser, server.baseUrl, { caps: 'files,location' });
  const page = desk.page;
  try {
    await login(page, 'anna', 'demo-anna');
    await setReady(page);
    const chatId = await startCustomerChat(customer.page, { name: 'Max Mustermann' });
    await acceptOffer(page);
    await selectChat(page, chatId);

    // The customer picks a 12-megapixel photo taken sideways (EXIF orientation 6) at the Brandenburg Gate.
    const photo = await makePhoto(customer.page, { width: 4000, height: 3000, exif: exifApp1({ orientation: 6, lat: 52.516275, lon: 13.377704 }) });
    await startJankMonitor(page);
    await page.evaluate(() => window.agentdesk.frameStats({ reset: true }));
    await customer.page.setInputFiles('#photo', { name: 'unfall.jpg', mimeType: 'image/jpeg', buffer: photo });

    let s = await waitForSnapshot(page, (x) => x.files.images.some((i) => i.variant === 'thumbnail' && i.status === 'ready'),
      { timeoutMs: STEP_MS, what: 'the thumbnail on the GPU' });
    const event = s.chats.find((c) => c.chatId === chatId).events.find((e) => e.kind === 'file');
    assert.equal(event.file.name, 'unfall.jpg');
    // Measured as shown: the 4000x3000 pixel grid turned by orientation 6 is a 3000x4000 portrait photo.
    assert.equal(event.file.width, 3000);
    assert.equal(event.file.height, 4000);
    const fileId = event.file.fileId;
    const thumb = s.files.images.find((i) => i.fileId === fileId && i.variant === 'thumbnail');
    assert.ok(Math.max(thumb.width, thumb.height) <= 320, `thumbnail ${thumb.width}x${thumb.height}`);
    assert.ok(thumb.height > thumb.width, 'turned upright by the EXIF orientation (portrait)');
    assert.ok(Math.abs(s.files.photoGps[fileId].lat - 52.516275) < 1e-4);
    assert.ok(Math.abs(s.files.photoGps[fileId].lon - 13.377704) < 1e-4);

    // Pixels: the thumbnail is drawn in the transcript, upright (the red half on top), in its reserved box.
    const thumbWidget = await waitForWidget(page, '##thumbnail');
    await page.evaluate(() => window.agentdesk.wake());
    const shot = await page.screenshot();
    await keepScreenshot(page, 'files-thumbnail');
    // The box has the photo's shape (portrait, not a landscape box with the photo at its left), the photo centred.
    assert.ok(thumbWidget.h > thumbWidget.w, `portrait box ${thumbWidget.w}x${thumbWidget.h}`);
    const drawnWidth = thumbWidget.h * (thumb.width / thumb.height);  // fitted into the box by height
    assert.ok(Math.abs(drawnWidth - thumbWidget.w) <= 2, `photo ${drawnWidth} fills its box ${thumbWidget.w}`);
    const [top, bottom] = await pixelsAt(customer.page, shot, [
      [thumbWidget.x + thumbWidget.w / 2, thumbWidget.y + thumbWidget.h * 0.2],
      [thumbWidget.x + thumbWidget.w / 2, thumbWidget.y + thumbWidget.h * 0.8]]);
    assert.ok(reddish(top), `top of the thumbnail is red: ${top}`);
    assert.ok(bluish(bottom), `bottom of the thumbnail is blue: ${bottom}`);
    assert.ok(findWidget(await widgets(page), 'Show on map'), 'a photo with GPS offers "Show on map"');

    // The viewer: click the thumbnail, wait for the sharp texture, zoom in and rotate.
    await clickWidget(page, '##thumbnail');
    s = await waitForSnapshot(page, (x) => x.files.viewer?.fileId === fileId &&
      x.files.images.some((i) => i.fileId === fileId && i.variant === 'viewer' && i.status === 'ready'),
    { timeoutMs: STEP_MS, what: 'the viewer with the full photo' });
    const jank = await stopJankMonitor(page);
    const frames = await page.evaluate(() => window.agentdesk.frameStats());
    const viewerImage = s.files.images.find((i) => i.fileId === fileId && i.variant === 'viewer');
    console.log(`# 12 MP photo: thumbnail ${thumb.width}x${thumb.height}, viewer ${viewerImage.width}x${viewerImage.height}; ` +
      `longest gap between animation frames ${jank.maxGapMs} ms, long tasks ${JSON.stringify(jank.longTasks)}; ` +
      `desktop frame CPU max ${frames?.max?.toFixed?.(1)} ms p99 ${frames?.p99?.toFixed?.(1)} ms; ` +
      `bridge ${JSON.stringify(await page.evaluate(() => globalThis.agentdeskBridges.images.stats()))}`);
    assert.ok(Math.max(viewerImage.width, viewerImage.height) <= 2048);
    // The photo's own work on the page's thread: each texture upload step (decoding runs in the worker).
    const bridgeStats = await page.evaluate(() => globalThis.agentdeskBridges.images.stats());
    assert.ok(bridgeStats.longestStripMs < 50, `longest texture upload step ${bridgeStats.longestStripMs} ms`);
    await clickWidget(page, 'Zoom in');
    await clickWidget(page, 'Rotate right');
    s = await waitForSnapshot(page, (x) => x.files.viewer?.zoom > 1.2 && x.files.viewer?.rotation === 90, { what: 'zoomed and rotated' });
    await clickWidget(page, 'Fit');  // back to the whole photo, still rotated
    await waitForSnapshot(page, (x) => x.files.viewer?.zoom === 1, { what: 'fitted' });
    const area = await waitForWidget(page, '##photo');
    await page.evaluate(() => window.agentdesk.wake());
    const viewerShot = await page.screenshot();
    await keepScreenshot(page, 'files-viewer-rotated');
    // Upright photo (red top, blue bottom) turned a quarter clockwise: red on the right, blue on the left.
    const [left, right] = await pixelsAt(customer.page, viewerShot, [
      [area.x + area.w / 2 - area.h * 0.25, area.y + area.h / 2], [area.x + area.w / 2 + area.h * 0.25, area.y + area.h / 2]]);
    assert.ok(bluish(left), `left of the rotated photo is blue: ${left}`);
    assert.ok(reddish(right), `right of the rotated photo is red: ${right}`);
    await page.keyboard.press('Escape');
    await waitForSnapshot(page, (x) => x.files.viewer === null, { what: 'viewer closed' });

    // The agent sends a PDF through the file picker.
    const chooser = page.waitForEvent('filechooser');
    await clickWidget(page, 'Attach file');
    await (await chooser).setFiles({ name: 'Schadensbericht.pdf', mimeType: 'application/pdf', buffer: pdfBytes });
    s = await waitForSnapshot(page, (x) => x.chats.find((c) => c.chatId === chatId).events.some((e) => e.file?.name === 'Schadensbericht.pdf') &&
      x.files.uploads.length === 0, { timeoutMs: STEP_MS, what: 'the PDF in the chat' });

    // … and a picture pasted from the clipboard.
    const pasted = await makePhoto(customer.page, { width: 64, height: 48 });
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'image.jpg', { type: 'image/jpeg' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted.toString('base64'));
    s = await waitForSnapshot(page, (x) => x.chats.find((c) => c.chatId === chatId).events.some((e) => /^pasted-.*\.jpg$/.test(e.file?.name ?? '')),
      { timeoutMs: STEP_MS, what: 'the pasted picture in the chat' });

    // A dropped text file is refused before any byte goes out; the row says why and can be dismissed.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['just some notes'], 'notes.txt', { type: 'text/plain' }));
      document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    s = await waitForSnapshot(page, (x) => x.files.uploads.some((u) => u.name === 'notes.txt' && u.status === 'refused'), { what: 'refused drop' });
    assert.match(s.files.uploads[0].error, /cannot be sent/);
    await keepScreenshot(page, 'files-refused-drop');
    await clickWidget(page, 'Dismiss');
    await waitForSnapshot(page, (x) => x.files.uploads.length === 0, { what: 'dismissed' });

    // The customer sees both and downloads them byte for byte.
    const pdfLink = await customer.page.waitForSelector('#messages a:has-text("Schadensbericht.pdf")', { timeout: STEP_MS });
    const pdfHref = await pdfLink.getAttribute('href');
    const pastedImg = await customer.page.waitForSelector('#messages img[alt*="pasted-"]', { timeout: STEP_MS });
    const pastedSrc = await pastedImg.getAttribute('src');
    const downloads = await customer.page.evaluate(async (urls) => Promise.all(urls.map(async (url) => {
      const response = await fetch(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, disposition: response.headers.get('content-disposition'), bytes: [...bytes] };
    })), [pdfHref, pastedSrc]);
    assert.equal(downloads[0].status, 200);
    assert.match(downloads[0].disposition, /^attachment/);
    assert.deepEqual(Buffer.from(downloads[0].bytes), pdfBytes);
    assert.deepEqual(Buffer.from(downloads[1].bytes), pasted);
    await keepScreenshot(customer.page, 'files-customer');
    assert.deepEqual(desk.errors, []);
    assert.deepEqual(customer.errors, []);
  } finally {
    await desk.context.close();
    await customer.context.close();
  }
});

test('200 photos come and go: textures capped and freed with their chats, WebAssembly heap flat', { timeout: 300000 }, async () => {
  const desk = await openDesktop(browser, server.baseUrl);
  const page = desk.page;
  const figures = [];
  try {
    await login(page, 'ben', 'demo-ben');
    await setReady(page);
    for (let round = 1; round <= 2; round += 1) {
      const customer = await openCustomer(browser, server.baseUrl, { caps: 'files' });
      try {
        const chatId = await startCustomerChat(customer.page, { name: `Fotograf ${round}` });
        await acceptOffer(page);
        await selectChat(page, chatId);
        // 100 different photos, uploaded by the customer's client library (as its app does).
        await customer.page.evaluate(async (round) => {
          for (let i = 0; i < 100; i += 1) {
            const canvas = new OffscreenCanvas(160, 120);
            const g = canvas.getContext('2d');
            g.fillStyle = `hsl(${(i * 37 + round * 11) % 360}, 70%, 50%)`;
            g.fillRect(0, 0, 160, 120);
            g.fillStyle = '#fff';
            g.fillText(`${round}/${i}`, 10, 60);
            const blob = await canvas.convertToBlob({ type: 'image/png' });
            await window.agentdeskApp.client.uploadFile(blob, { name: `foto-${round}-${i}.png` }).promise;
          }
        }, round);
        await waitForSnapshot(page, (x) => x.chats.find((c) => c.chatId === chatId)?.events.filter((e) => e.kind === 'file').length === 100,
          { timeoutMs: 60000, what: '100 photos in the chat' });
        // Scroll from the top to the bottom of the transcript; every screenful loads.
        const transcript = await waitForWidget(page, '##thumbnail');
        await page.mouse.move(transcript.x + transcript.w / 2, transcript.y + transcript.h / 2);
        for (let i = 0; i < 80; i += 1) await page.mouse.wheel(0, -1200);
        let maxLive = 0;
        for (let i = 0; i < 60; i += 1) {
          await page.mouse.wheel(0, 600);
          const x = await page.evaluate(() => ({ s: window.agentdesk.snapshot().files, b: globalThis.agentdeskBridges.images.stats() }));
          maxLive = Math.max(maxLive, x.b.liveTextures);
          assert.ok(x.b.liveTextures <= x.s.maxLiveTextures + x.s.shown.length, `live ${x.b.liveTextures}`);
          await new Promise((resolve) => setTimeout(resolve, 60));
        }
        await waitForSnapshot(page, (x) => x.files.loadingImages === 0, { what: 'loads settled' });
        const during = await page.evaluate(() => ({ memory: window.agentdesk.memory(), bridge: globalThis.agentdeskBridges.images.stats(), files: window.agentdesk.snapshot().files }));
        // End and wrap up: every texture of the chat is freed.
        await clickWidget(page, { text: 'End chat', window: /^##desktop/ });
        await clickWidget(page, { text: 'End chat', window: /^End chat\?/ });
        await waitForSnapshot(page, (x) => x.chats.find((c) => c.chatId === chatId)?.status === 'ended', { what: 'ended' });
        await clickWidget(page, 'Resolved');
        await clickWidget(page, 'File wrap-up');
        await waitForSnapshot(page, (x) => !x.chats.some((c) => c.chatId === chatId), { what: 'chat closed', timeoutMs: STEP_MS });
        const afterClose = await waitFor(async () => {
          const x = await page.evaluate(() => ({ memory: window.agentdesk.memory(), bridge: globalThis.agentdeskBridges.images.stats(), files: window.agentdesk.snapshot().files }));
          return x.bridge.liveTextures === 0 && x.files.liveTextures === 0 ? x : null;
        }, { timeoutMs: STEP_MS, what: 'all textures freed' });
        figures.push({ round, maxLive, during: during.memory, afterClose: afterClose.memory, created: afterClose.bridge.texturesCreated, deleted: afterClose.bridge.texturesDeleted });
      } finally {
        await customer.context.close();
      }
    }
    console.log(`# 200 photos: ${JSON.stringify(figures)}`);
    assert.equal(figures[1].afterClose.wasmBytes, figures[0].afterClose.wasmBytes, 'the WebAssembly memory did not grow in the second round');
    assert.ok(Math.abs(figures[1].afterClose.mallocInUseBytes - figures[0].afterClose.mallocInUseBytes) < 256 * 1024,
      'live allocations back to the same level');
    assert.deepEqual(desk.errors, []);
  } finally {
    await desk.context.close();
  }
});
