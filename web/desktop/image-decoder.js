// Worker of image-bridge.js: fetches a photo with the agent's token (or the admin's logo without one) and decodes it off the page's main thread.
// createImageBitmap applies the EXIF orientation ('from-image'); the decoded photo is scaled so its longest side
// is at most maxPx, and its RGBA pixels are transferred back (no copy). A 12-megapixel JPEG costs the page's main
// thread nothing here; only the texture upload happens there.
'use strict';

self.onmessage = async (message) => {
  const { id, url, token, maxPx, headBytes } = message.data;
  let full = null;
  try {
    // No token (the admin's logo, config.json branding.logoUrl): no Authorization header, so a logo on another
    // https origin is a simple CORS request (that server must still send Access-Control-Allow-Origin).
    const response = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
    if (!response.ok) {
      let reason = `HTTP ${response.status}`;
      try {
        const body = await response.json();
        if (body && typeof body.message === 'string') reason += `: ${body.message}`;
      } catch { /* not JSON: the status says enough */ }
      throw new Error(reason);
    }
    const blob = await response.blob();
    const head = headBytes > 0 ? new Uint8Array(await blob.slice(0, headBytes).arrayBuffer()) : null;
    // Straight alpha: the desktop's renderer blends non-premultiplied colours.
    full = await createImageBitmap(blob, { imageOrientation: 'from-image', premultiplyAlpha: 'none' });
    const scale = Math.min(1, maxPx / Math.max(full.width, full.height));
    const width = Math.max(1, Math.round(full.width * scale));
    const height = Math.max(1, Math.round(full.height * scale));
    // Raw RGBA rows, scaled here: uploading a typed array is cheap for the page (an ImageBitmap source made
    // Chromium read the pixels back on the page's thread: up to 176 ms per strip with software GL).
    const canvas = new OffscreenCanvas(width, height);
    const g = canvas.getContext('2d', { willReadFrequently: true });
    g.imageSmoothingQuality = 'high';
    g.drawImage(full, 0, 0, width, height);
    full.close();
    full = null;
    const pixels = g.getImageData(0, 0, width, height).data;
    const transfer = [pixels.buffer];
    if (head) transfer.push(head.buffer);
    self.postMessage({ id, ok: true, width, height, pixels, head }, transfer);
  } catch (error) {
    full?.close();
    const reason = error instanceof Error ? error.message : String(error);
    self.postMessage({ id, ok: false, message: /decode|source image/i.test(reason) ? `The photo could not be decoded (${reason}).` : reason });
  }
};
