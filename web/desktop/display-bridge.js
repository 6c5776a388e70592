// Canvas size and devicePixelRatio. The canvas's CSS box fills the page; its backing store must be that box in
// device pixels. ResizeObserver's device-pixel-content-box gives the exact figure where supported (Chromium);
// elsewhere CSS size × dpr, rounded. dpr changes (browser zoom, moving to another monitor) are watched with
// matchMedia, which fires once per change, so it is re-armed each time.
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});
  const canvas = document.getElementById('canvas');
  let devicePixelBox = null;  // {width, height} from ResizeObserver, when the browser reports it

  const changed = () => bridges.call('on_display_changed');

  function watchDevicePixelRatio() {
    const query = matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    query.addEventListener('change', () => {
      devicePixelBox = null;  // stale until the observer reports again
      changed();
      watchDevicePixelRatio();
    }, { once: true });
  }

  bridges.display = {
    metrics() {
      const dpr = window.devicePixelRatio || 1;
      const rect = canvas.getBoundingClientRect();
      let width = Math.round(rect.width * dpr);
      let height = Math.round(rect.height * dpr);
      // The observer's figure is exact (it knows how the box snaps to device pixels), but only trusted when it
      // agrees with CSS × dpr: under device emulation Chromium reports CSS pixels there.
      if (devicePixelBox && Math.abs(devicePixelBox.width - width) <= 1 && Math.abs(devicePixelBox.height - height) <= 1) {
        ({ width, height } = devicePixelBox);
      }
      return { width: Math.max(1, width), height: Math.max(1, height), dpr };
    },
    start() {
      window.addEventListener('resize', changed);
      watchDevicePixelRatio();
      if (typeof ResizeObserver === 'function') {
        const observer = new ResizeObserver((entries) => {
          const box = entries[entries.length - 1].devicePixelContentBoxSize?.[0];
          devicePixelBox = box ? { width: box.inlineSize, height: box.blockSize } : null;
          changed();
        });
        try {
          observer.observe(canvas, { box: 'device-pixel-content-box' });
        } catch {
          observer.observe(canvas);
        }
      }
      changed();
    },
  };
})();
