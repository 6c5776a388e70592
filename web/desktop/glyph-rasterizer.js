// Glyphs for every script without a font download: the browser draws a character with the agent's own system
// fonts (fillText on a 2D canvas) and the bitmap goes into ImGui's atlas as a custom glyph (glyph_atlas.cpp).
// Colour emoji stay coloured; everything else becomes white with the coverage in alpha, like ImGui's glyphs.
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});
  const PADDING = 1;               // keeps antialiased edges inside the bitmap
  const MAX_EXTENT_IN_EMS = 4;     // a broken font metric must not allocate a huge bitmap
  // Emoji first look for a colour emoji font: the general list often starts with a font that has black-and-white
  // emoticons (DejaVu Sans, for one), which the browser would pick.
  const EMOJI_FONTS = "'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji', 'Twemoji Mozilla'";
  const isEmoji = (c) => (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x2B00 && c <= 0x2BFF);
  let surface = null;
  let context = null;
  let lastPixels = new Uint8Array(0);

  function ensureSurface(width, height) {
    if (!surface) {
      surface = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : document.createElement('canvas');
      context = surface.getContext('2d', { willReadFrequently: true });
    }
    if (surface.width < width) surface.width = width;
    if (surface.height < height) surface.height = height;
  }

  bridges.glyphs = {
    /** Draws one code point at `emPx` with the CSS font list `family`; null when nothing can be drawn. */
    rasterize(codepoint, emPx, family) {
      const text = String.fromCodePoint(codepoint);
      if (isEmoji(codepoint)) family = `${EMOJI_FONTS}, ${family}`;
      ensureSurface(8, 8);
      context.font = `${emPx}px ${family}`;
      const m = context.measureText(text);
      const limit = Math.ceil(emPx * MAX_EXTENT_IN_EMS);
      const left = Math.min(limit, Math.max(0, Math.ceil(m.actualBoundingBoxLeft)));
      const right = Math.min(limit, Math.max(0, Math.ceil(m.actualBoundingBoxRight)));
      const ascent = Math.min(limit, Math.max(0, Math.ceil(m.actualBoundingBoxAscent)));
      const descent = Math.min(limit, Math.max(0, Math.ceil(m.actualBoundingBoxDescent)));
      if (!(m.width > 0) && left + right === 0) return null;
      // ImGui wants at least 1×1; a blank character (a space of some script) is a transparent pixel.
      const width = Math.max(1, left + right + 2 * PADDING);
      const height = Math.max(1, ascent + descent + 2 * PADDING);
      ensureSurface(width, height);
      context.font = `${emPx}px ${family}`;  // resizing a canvas resets its state
      context.clearRect(0, 0, width, height);
      context.fillStyle = '#fff';
      context.textBaseline = 'alphabetic';
      context.fillText(text, PADDING + left, PADDING + ascent);
      const pixels = context.getImageData(0, 0, width, height).data;
      let colored = false;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] > 32 && (Math.abs(pixels[i] - pixels[i + 1]) > 24 || Math.abs(pixels[i + 1] - pixels[i + 2]) > 24)) {
          colored = true;
          break;
        }
      }
      if (!colored) {
        for (let i = 0; i < pixels.length; i += 4) pixels[i] = pixels[i + 1] = pixels[i + 2] = 255;
      }
      lastPixels = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
      return { width, height, advance: m.width, offsetX: -(PADDING + left), ascent: PADDING + ascent, colored };
    },
    /** RGBA of the last rasterised glyph, row by row. */
    lastPixels() {
      return lastPixels;
    },
  };
})();
