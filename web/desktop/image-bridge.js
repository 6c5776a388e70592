// Files and photos of the agent desktop (C++ side: src/desktop/web/browser_files.cpp, files_exports.cpp; rules in
// src/desktop/core/update_files.cpp). This bridge only does the browser I/O:
//  - Photos: image-decoder.js (a worker) fetches with the agent's token and decodes with EXIF orientation, scaled
//    to the size C++ asked for and hands back RGBA pixels; here they become a WebGL texture in Emscripten's
//    context, registered in GL.textures so its number works as an ImTextureID. The upload goes in strips of rows,
//    one strip per task (a thumbnail is one strip), so no frame waits for a whole photo.
//  - Sending: a hidden file input (the picker), drag-and-drop anywhere on the page, pasted images; the bytes stay
//    here under a handle while C++ judges the file by its first bytes; uploads are XHRs (upload progress) with
//    the token in an Authorization header.
//  - Downloads: fetched with the token, saved through an <a download> of an object URL.
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});
  const HEAD_BYTES_FOR_TYPE = 64;    // what C++ needs to judge a file's type by its magic bytes
  const STRIP_PIXELS = 256 * 1024;   // texture upload per task for the viewer (~16 ms with software GL)
  const PROGRESS_INTERVAL_MS = 100;  // upload progress reports at most this often
  const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,application/pdf,.jpg,.jpeg,.png,.webp,.gif,.pdf';

  const scriptUrl = document.currentScript?.src ?? location.href;  // the worker sits next to this file
  let wasm = null;                   // set by attach() (browser_files.cpp) once the GL context exists
  const held = new Map();            // upload handle → { file, xhr }
  let nextHandle = 1;
  let pickChatId = '';
  let input = null;
  let worker = null;
  let nextLoad = 1;
  const loads = new Map();           // load id → { fileId, viewer }
  const liveTextures = new Set();
  const stats = { texturesCreated: 0, texturesDeleted: 0, longestStripMs: 0, decodeFailures: 0, uploadsStarted: 0 };

  /** Calls Module._agentdesk_<name> with byte strings (strings or Uint8Arrays) copied into wasm memory as
   * (pointer, length) pairs; numbers pass through. */
  function invoke(name, ...args) {
    if (!wasm || typeof Module === 'undefined' || !Module[`_agentdesk_${name}`]) return;
    const pointers = [];
    const flat = [];
    try {
      for (const arg of args) {
        if (typeof arg === 'number' || typeof arg === 'boolean') {
          flat.push(Number(arg));
          continue;
        }
        const bytes = arg instanceof Uint8Array ? arg : new TextEncoder().encode(arg ?? '');
        const pointer = wasm.copyIn(bytes);
        pointers.push(pointer);
        flat.push(pointer, bytes.length);
      }
      Module[`_agentdesk_${name}`](...flat);
    } finally {
      for (const pointer of pointers) wasm.free(pointer);
    }
  }

  // ---- Sending ----
  async function offer(file, chatId) {
    const handle = `h${nextHandle++}`;
    held.set(handle, { file, xhr: null });
    let head = new Uint8Array(0);
    try {
      head = new Uint8Array(await file.slice(0, HEAD_BYTES_FOR_TYPE).arrayBuffer());
    } catch { /* unreadable: C++ refuses an unknown type */ }
    invoke('files_offered', handle, chatId, file.name || 'file', file.size, head);
  }

  function offerAll(files, chatId) {
    for (const file of files) offer(file, chatId);
  }

  function ensureInput() {
    if (input) return input;
    input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = ACCEPT;
    input.id = 'agentdesk-file-input';
    input.hidden = true;
    input.addEventListener('change', () => {
      offerAll([...input.files], pickChatId);
      input.value = '';  // the same file can be picked again
    });
    document.body.appendChild(input);
    return input;
  }

  function uploadStart(handle, url, token) {
    const entry = held.get(handle);
    if (!entry) {
      invoke('upload_finished', handle, 0, '{"code":"gone","message":"the file is no longer held"}');
      return;
    }
    const xhr = new XMLHttpRequest();
    entry.xhr = xhr;
    stats.uploadsStarted++;
    let lastProgress = 0;
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      const now = performance.now();
      if (now - lastProgress < PROGRESS_INTERVAL_MS && event.loaded < event.total) return;
      lastProgress = now;
      invoke('upload_progress', handle, event.loaded);
    };
    const finish = (status, body) => {
      if (entry.xhr !== xhr) return;  // aborted or restarted
      entry.xhr = null;
      invoke('upload_finished', handle, status, body);
    };
    xhr.onload = () => finish(xhr.status, xhr.responseText || '');
    xhr.onerror = () => finish(0, '');
    xhr.ontimeout = () => finish(0, '');
    xhr.send(entry.file);
  }

  function uploadAbort(handle) {
    const entry = held.get(handle);
    if (!entry?.xhr) return;
    const xhr = entry.xhr;
    entry.xhr = null;  // no report for an abort: C++ already dropped the row
    xhr.abort();
  }

  // ---- Photos ----
  function decoder() {
    if (worker) return worker;
    worker = new Worker(new URL('image-decoder.js', scriptUrl));
    worker.onmessage = (message) => onDecoded(message.data);
    worker.onerror = (event) => {
      // A broken worker fails every load in flight rather than leaving them waiting.
      for (const [id, load] of loads) invoke('image_failed', load.fileId, load.viewer, `image decoder: ${event.message || 'failed'}`);
      loads.clear();
    };
    return worker;
  }

  function makeTexture(width, height) {
    const gl = wasm.gl;
    const texture = gl.createTexture();
    const previous = gl.getParameter(gl.TEXTURE_BINDING_2D);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, width, height);
    gl.bindTexture(gl.TEXTURE_2D, previous);
    return texture;
  }

  /** Uploads rows [y, y + rows) of the RGBA pixels into the texture; restores the GL state it touches. */
  function uploadRows(texture, pixels, width, y, rows) {
    const gl = wasm.gl;
    const started = performance.now();
    const previous = gl.getParameter(gl.TEXTURE_BINDING_2D);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, y, width, rows, gl.RGBA, gl.UNSIGNED_BYTE, pixels, y * width * 4);
    gl.bindTexture(gl.TEXTURE_2D, previous);
    return performance.now() - started;
  }

  function onDecoded(result) {
    const load = loads.get(result.id);
    loads.delete(result.id);
    if (!load) return;
    if (!result.ok) {
      stats.decodeFailures++;
      // The admin's logo (C++ kLogoImageId): a broken logoUrl is a configuration problem, so the console says why.
      if (load.fileId === 'branding:logo') console.warn(`agentdesk: config.json: branding.logoUrl: the logo could not be loaded: ${result.message}`);
      invoke('image_failed', load.fileId, load.viewer, result.message || 'The photo could not be loaded.');
      return;
    }
    const { width, height, pixels } = result;
    let texture;
    try {
      texture = makeTexture(width, height);
    } catch (error) {
      invoke('image_failed', load.fileId, load.viewer, `The photo could not be put on the GPU (${error.message}).`);
      return;
    }
    const rowsPerStrip = Math.max(8, Math.floor(STRIP_PIXELS / width));
    let y = 0;
    const step = () => {
      if (wasm.gl.isContextLost()) return;  // (isTexture would be a synchronous round trip to the GPU process)
      const rows = Math.min(rowsPerStrip, height - y);
      const ms = uploadRows(texture, pixels, width, y, rows);
      stats.longestStripMs = Math.max(stats.longestStripMs, ms);
      y += rows;
      if (y < height) {
        setTimeout(step, 0);  // the next strip in its own task: frames run in between
        return;
      }
      const id = wasm.registerTexture(texture);
      liveTextures.add(id);
      stats.texturesCreated++;
      invoke('image_loaded', load.fileId, load.viewer, id, width, height, result.head ?? new Uint8Array(0));
    };
    step();
  }

  function load(fileId, viewer, url, token, maxPx, headBytes) {
    if (!wasm) return;
    const id = nextLoad++;
    loads.set(id, { fileId, viewer });
    decoder().postMessage({ id, url: new URL(url, location.href).href, token, maxPx, headBytes });
  }

  function freeTexture(id) {
    if (!wasm) return;
    if (wasm.deleteTexture(id)) stats.texturesDeleted++;
    liveTextures.delete(id);
  }

  async function download(url, token, name) {
    try {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const objectUrl = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = objectUrl;
      link.download = name || 'file';
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(objectUrl), 60000);
    } catch (error) {
      console.error(`agentdesk: download of ${name} failed:`, error);
    }
  }

  // ---- Drop and paste: the files go to the selected chat ("" lets C++ pick it) ----
  const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  function installDropAndPaste() {
    window.addEventListener('dragover', (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    });
    window.addEventListener('drop', (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      offerAll([...event.dataTransfer.files], '');
    });
    document.addEventListener('paste', (event) => {
      const active = document.activeElement;
      // An HTML overlay's own field (the map's search) keeps its paste.
      if (active && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA') && active.id !== 'agentdesk-ime') return;
      const files = [...(event.clipboardData?.files ?? [])].filter((file) => file.type.startsWith('image/'));
      if (files.length === 0) return;
      // Clipboard images are all called "image.png": give them a name worth keeping.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      offerAll(files.map((file, i) => new File([file], `pasted-${stamp}${files.length > 1 ? `-${i + 1}` : ''}.${(file.type.split('/')[1] || 'png').replace('jpeg', 'jpg')}`, { type: file.type })), '');
    }, true);
  }

  bridges.images = {
    attach(services) {
      wasm = services;
      ensureInput();
      installDropAndPaste();
    },
    pick(chatId) {
      pickChatId = chatId;
      ensureInput().click();
    },
    uploadStart,
    uploadAbort,
    uploadRelease(handle) {
      uploadAbort(handle);
      held.delete(handle);
    },
    load,
    freeTexture,
    download,
    /** Offers files as if dropped on the page (tests; other platforms' integrations). */
    offerFiles(files, chatId = '') { offerAll(files, chatId); },
    /** Textures alive, held uploads and timings, for tests and diagnostics. */
    stats() {
      return { ...stats, liveTextures: liveTextures.size, heldFiles: held.size, loadsInFlight: loads.size, heapBytes: wasm ? wasm.heapBytes() : 0 };
    },
  };
})();
