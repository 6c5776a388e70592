// Boot of the agent desktop page. Loaded last, after the other bridges: fetches config.json and the UI font
// while the wasm downloads (main() waits for both through a run dependency), configures the Emscripten Module,
// and publishes window.agentdesk, the stable API for tests and diagnostics (docs/desktop-platform.md).
// Every URL is relative to the page, so the folder works under any path prefix.
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});
  const canvas = document.getElementById('canvas');

  /** Where the desktop's socket goes: "" = this page's origin + /ws; relative = against the page; http(s) → ws(s). */
  function resolveServerUrl(configured) {
    const text = (configured || '').trim();
    const url = text === '' ? new URL('/ws', location.href) : new URL(text, location.href);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol === 'https:') url.protocol = 'wss:';
    return url.href;
  }

  const boot = bridges.boot = {
    configText: '{}', fontBytes: null, iconFontBytes: null, resolveServerUrl,
    // ?automation=1: the platform records widget rectangles for window.agentdesk.widgets() (config.json
    // "automation": true does the same for every page load).
    automationRequested: new URLSearchParams(location.search).get('automation') === '1',
  };

  // The boot data (config.json, the UI and icon fonts) is fetched now, while the Emscripten loader and the wasm download, not
  // when the runtime asks for it; main() waits for it through a run dependency (preRun below).
  async function loadBootData() {
    const bytes = (r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`)));
    const [config, font, iconFont] = await Promise.allSettled([
      fetch('config.json', { cache: 'no-cache' }).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`)))),
      fetch('fonts/ui-sans.ttf').then(bytes),
      fetch('fonts/icons.ttf').then(bytes),
    ]);
    if (config.status === 'fulfilled') boot.configText = config.value;
    else console.error('agentdesk: config.json could not be loaded, defaults apply:', config.reason);
    if (font.status === 'fulfilled') boot.fontBytes = new Uint8Array(font.value);
    else console.error('agentdesk: fonts/ui-sans.ttf could not be loaded, the built-in font applies:', font.reason);
    // The icons are decoration: without them the buttons show their labels only.
    if (iconFont.status === 'fulfilled') boot.iconFontBytes = new Uint8Array(iconFont.value);
    else console.warn('agentdesk: fonts/icons.ttf could not be loaded, buttons show labels only:', iconFont.reason);
  }
  const bootData = loadBootData();

  // The WebGL2 context is made now too: the browser's GPU process may take tens of milliseconds to set it up
  // (hundreds under software GL), time the wasm download can cover. GLFW's later getContext('webgl2') returns this
  // same context, so the attributes are the ones the platform asks for (web_platform.cpp: no depth, stencil, alpha).
  // The UI's shader program starts compiling in it at once (ui-program.js): the first frame need not wait for it.
  const kEarlyContext = { alpha: false, depth: false, stencil: false, antialias: false };
  try {
    // At its final size first: resizing a canvas that has a context reallocates its drawing buffer (~20 ms under
    // software GL), and GLFW leaves the size alone when it already matches.
    const size = bridges.display?.metrics();
    if (size) {
      canvas.width = size.width;
      canvas.height = size.height;
    }
    const gl = canvas.getContext('webgl2', kEarlyContext);
    if (gl) bridges.uiProgram.prepare(gl);
  } catch (error) {
    console.warn('agentdesk: early WebGL2 context failed; the platform tries again:', error);
  }

  let runtimeReady = false;
  /** Calls Module._agentdesk_<name>(...args) once the wasm runs; before that the event is dropped (the
   * platform reads the current state when it starts). */
  bridges.call = (name, ...args) => {
    if (!runtimeReady) return undefined;
    return Module[`_agentdesk_${name}`](...args);
  };
  /** Calls Module._agentdesk_<name>(utf8Pointer, utf8Length, ...rest) with a temporary UTF-8 copy of `text`. */
  bridges.callWithText = (name, text, ...rest) => {
    if (!runtimeReady) return undefined;
    const size = Module.lengthBytesUTF8(text) + 1;
    const pointer = Module._malloc(size);
    try {
      Module.stringToUTF8(text, pointer, size);
      return Module[`_agentdesk_${name}`](pointer, size - 1, ...rest);
    } finally {
      Module._free(pointer);
    }
  };

  function showFatal(message) {
    document.getElementById('loading')?.remove();
    const box = document.getElementById('fatal');
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
    console.error(`agentdesk: ${message}`);
  }

  let ready = false;
  const frameListeners = new Set();
  bridges.api = {
    hasFrameListeners: () => frameListeners.size > 0,
    /** A frame was drawn (only called while someone listens: see onFrameDrawn). */
    frameDrawn(frame, startMs, endMs, rendered) {
      for (const listener of frameListeners) {
        try {
          listener({ frame, startMs, endMs, rendered });
        } catch (error) {
          console.error('agentdesk: onFrameDrawn listener failed:', error);
        }
      }
    },
    markReady() {
      ready = true;
      document.getElementById('loading')?.remove();
      window.dispatchEvent(new Event('agentdesk-ready'));
    },
    fatal: showFatal,
  };

  function readJson(name) {
    if (!runtimeReady) return null;
    return JSON.parse(Module.UTF8ToString(Module[`_agentdesk_${name}`]()));
  }

  globalThis.agentdesk = Object.freeze({
    apiVersion: 1,
    /** True once the first frame is drawn. */
    get ready() { return ready; },
    /** Frames drawn since start (render on demand: stays put while idle). */
    get framesDrawn() { return runtimeReady ? Module._agentdesk_frames_drawn() : 0; },
    /** The App's state (App::snapshot_json), parsed. */
    snapshot() { return readJson('snapshot'); },
    /** Asks for a few frames. */
    wake() { bridges.call('wake'); },
    /** Asks for frames, and the next one is rendered even if it looks like the one on screen (a frame that looks
     * the same is normally not rendered): for tests that read the canvas's pixels inside onFrameDrawn. */
    repaint() { bridges.call('repaint'); },
    /** Automation (page loaded with ?automation=1, or config.json "automation": true): the labelled ImGui
     * widgets of the last drawn frame, [{label, text, window, id, x, y, w, h, disabled}], x/y/w/h in CSS pixels of the
     * browser viewport (what page.mouse.click takes), clipped to their window. Only what was on screen in that
     * frame; [] before the first frame. Throws when automation is off. */
    widgets() {
      const list = readJson('widgets');
      if (!runtimeReady) return [];
      if (list === null) throw new Error('agentdesk.widgets(): automation is off (load the page with ?automation=1)');
      // ImGui draws in the canvas's backing-store pixels (CSS size × devicePixelRatio).
      const r = canvas.getBoundingClientRect();
      const sx = r.width / canvas.width;
      const sy = r.height / canvas.height;
      return list.map((w) => ({
        label: w.label, text: w.text, window: w.window, id: w.id, disabled: w.disabled,
        x: r.left + w.x * sx, y: r.top + w.y * sy, w: w.w * sx, h: w.h * sy,
      }));
    },
    /** CPU time of the frame function over the newest frames (ms): {count, sampled, p50, p99, max, mean,
     * lastEnd (performance.now() at the last frame's end), framesDrawn}. `{reset: true}` starts a new window. */
    frameStats({ reset = false } = {}) {
      const stats = readJson('frame_stats');
      if (reset) bridges.call('reset_frame_stats');
      return stats;
    },
    /** WebAssembly memory: {wasmBytes (grows only), mallocInUseBytes (live), mallocArenaBytes}. */
    memory() { return readJson('memory'); },
    /** Calls listener({frame, startMs, endMs, rendered}) after every drawn frame (performance.now() clock;
     * `rendered`: it went to WebGL, i.e. it differed from the frame on screen) until the returned function is called. */
    onFrameDrawn(listener) {
      frameListeners.add(listener);
      bridges.call('set_frame_listener', 1);
      return () => {
        frameListeners.delete(listener);
        if (frameListeners.size === 0) bridges.call('set_frame_listener', 0);
      };
    },
    diagnostics: Object.freeze({
      /** Shows or hides the platform diagnostics window (also: URL fragment #diagnostics). */
      show(visible = true) { bridges.call('show_diagnostics', visible ? 1 : 0); },
      /** Frames, canvas size and dpr, font atlas, text box content of the diagnostics window. */
      state() { return readJson('diagnostics'); },
      /** The diagnostics text box in CSS pixels of the page (for clicking it). */
      textBoxRect() {
        const state = readJson('diagnostics');
        if (!state) return null;
        const r = canvas.getBoundingClientRect();
        const sx = r.width / canvas.width;
        const sy = r.height / canvas.height;
        const b = state.textBox;
        return { x: r.left + b.x * sx, y: r.top + b.y * sy, width: b.width * sx, height: b.height * sy };
      },
    }),
  });

  globalThis.Module = {
    canvas,
    preRun: [() => {
      Module.addRunDependency('agentdesk-boot-data');
      bootData.finally(() => Module.removeRunDependency('agentdesk-boot-data'));
    }],
    onRuntimeInitialized() {
      runtimeReady = true;
    },
    postRun: [() => {
      bridges.display?.start();
      bridges.input?.start();
      bridges.services?.start();
      if (/(^|[#&])diagnostics\b/.test(location.hash.slice(1))) globalThis.agentdesk.diagnostics.show(true);
    }],
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => showFatal(`The desktop stopped: ${what}. Reload the page.`),
  };
  canvas.addEventListener('webglcontextlost', (event) => {
    event.preventDefault();
    showFatal('The graphics context was lost. Reload the page.');
  });

  const script = document.createElement('script');
  script.src = 'agentdesk-desktop.js';
  script.async = true;
  script.onerror = () => showFatal('agentdesk-desktop.js could not be loaded.');
  document.body.appendChild(script);
})();
