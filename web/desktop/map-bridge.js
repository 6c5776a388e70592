// The map overlay: one Leaflet map in a div laid exactly over the region ImGui reserves for it in Context
// Information (src/desktop/views/map_view.cpp). C++ decides everything (where, whether visible, what to show);
// this file only does the DOM work:
//  - place(): canvas pixels → page pixels (HiDPI: the canvas's backing store is CSS size × dpr); the part of the
//    region scrolled out of its panel is cut off with clip-path; hidden with visibility:hidden (Leaflet keeps
//    its size, so fitting and centring work while hidden).
//  - show(): marker, accuracy circle, time of the last update, track of recent positions, a pin for a place the
//    agent asked for. Per-chat views (centre, zoom, follow) are remembered, so switching chats back and forth
//    keeps what the agent looked at. Customer text goes into the DOM as text, never as HTML.
//  - Leaflet (JS and CSS) loads on the first show(), never with the page. Tiles come from config.json
//    (map.tileUrl); when none loads (offline rooms, intranets, tests) a vector basemap from world-atlas +
//    topojson-client is drawn under them.
//  - Input: the div is a sibling above the canvas, so pointer and wheel events over it never reach ImGui, and the
//    key routing (input-bridge.js) gives GLFW no key aimed at it. When the agent clicks into the map it takes the
//    focus and ImGui lets go of its text field (agentdesk_on_overlay_focus); until then the composer keeps it.
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});
  const canvas = document.getElementById('canvas');

  // Per-chat views remembered (least recently shown dropped past this).
  const MAX_REMEMBERED_VIEWS = 50;
  // Following the marker pans only when it leaves the middle of the map (this share of the bounds trimmed).
  const FOLLOW_MARGIN = 0.2;
  const FIT_PADDING_PX = 24;
  const COLORS = {
    marker: '#d9342b', track: '#2b6cd9', pin: '#7b2bd9', ocean: '#aad3df', land: '#f2efe9', border: '#9a9a8c',
  };

  let settings = {
    tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    attribution: '© OpenStreetMap contributors',
    attributionUrl: 'https://www.openstreetmap.org/copyright',
    maxZoom: 19,
    zoom: 16,
    tileTimeoutMs: 6000,
  };
  const placement = { visible: false, x: 0, y: 0, width: 0, height: 0, clip: [0, 0, 0, 0], holes: [] };
  let leafletState = 'idle';  // idle | loading | ready | failed
  let leafletPromise = null;
  let container = null;
  let map = null;
  let content = null;          // the last content from C++
  let shownChatId = null;      // whose content the layers show
  let follow = true;           // keep the marker in view as it moves (off once the agent drags the map)
  let appliedFocusSerial = 0;  // focus requests are applied once each
  let pendingLayout = false;   // a fit/centre waits for the region to have a size
  const views = new Map();     // chatId → {center, zoom, follow}
  const layers = { tiles: null, vector: null, marker: null, accuracy: null, track: null, pin: null };
  let basemap = 'none';        // none | tiles | vector | vector-loading | vector-failed
  const tiles = { loaded: 0, errors: 0 };
  let tileTimer = 0;
  let vectorFeatures = 0;

  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`${src} could not be loaded`));
      document.head.appendChild(script);
    });
  }

  function loadStylesheet(href) {
    return new Promise((resolve, reject) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.onload = resolve;
      link.onerror = () => reject(new Error(`${href} could not be loaded`));
      document.head.appendChild(link);
    });
  }

  /** A text-only element for tooltips: customer names and labels can never become markup. */
  function textElement(lines) {
    const box = document.createElement('div');
    lines.filter(Boolean).forEach((line, i) => {
      if (i > 0) box.appendChild(document.createElement('br'));
      box.appendChild(document.createTextNode(line));
    });
    return box;
  }

  function ensureLeaflet() {
    if (leafletPromise) return leafletPromise;
    leafletState = 'loading';
    leafletPromise = Promise.all([loadStylesheet('vendor/leaflet/leaflet.css'), loadScript('vendor/leaflet/leaflet.js')])
      .then(() => {
        createMap();
        leafletState = 'ready';
      })
      .catch((error) => {
        leafletState = 'failed';
        console.error('agentdesk: the map cannot be shown:', error);
      });
    return leafletPromise;
  }

  function createMap() {
    const L = globalThis.L;
    container = document.createElement('div');
    container.id = 'agentdesk-map';
    container.setAttribute('aria-label', 'Customer location map');
    Object.assign(container.style, {
      position: 'fixed', left: '0px', top: '0px', width: '0px', height: '0px', zIndex: '4',
      visibility: 'hidden', background: COLORS.ocean,
    });
    document.body.appendChild(container);
    map = L.map(container, { maxZoom: settings.maxZoom, worldCopyJump: true, zoomControl: true });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
    // Under the tiles: the vector basemap shows wherever a tile is missing.
    map.createPane('agentdesk-basemap').style.zIndex = '150';

    const attribution = settings.attributionUrl
      ? `<a href="${escapeHtml(settings.attributionUrl)}" target="_blank" rel="noopener">${escapeHtml(settings.attribution)}</a>`
      : escapeHtml(settings.attribution);
    layers.tiles = L.tileLayer(settings.tileUrl, { maxZoom: settings.maxZoom, attribution });
    layers.tiles.on('tileload', () => {
      tiles.loaded += 1;
      if (basemap === 'none') basemap = 'tiles';
    });
    layers.tiles.on('tileerror', () => {
      tiles.errors += 1;
      if (tiles.loaded === 0) useVectorBasemap();
    });
    layers.tiles.addTo(map);
    tileTimer = setTimeout(() => {
      if (tiles.loaded === 0) useVectorBasemap();
    }, settings.tileTimeoutMs);

    // The agent moved the map: stop following the marker until a focus request (row click, "Centre map").
    map.on('dragstart', () => { follow = false; });
    // A click into the map takes the keyboard from ImGui (Leaflet focuses its container on press).
    container.addEventListener('focusin', () => bridges.call('on_overlay_focus'));
    // Leaflet animates zooms and pans with CSS; nothing here needs ImGui frames.
    applyPlacement();
  }

  async function useVectorBasemap() {
    if (basemap === 'vector' || basemap === 'vector-loading') return;
    basemap = 'vector-loading';
    clearTimeout(tileTimer);
    try {
      const [, response] = await Promise.all([
        globalThis.topojson ? null : loadScript('vendor/topojson-client/topojson-client.min.js'),
        fetch('vendor/world-atlas/countries-50m.json'),
      ]);
      if (!response.ok) throw new Error(`world-atlas: HTTP ${response.status}`);
      const world = await response.json();
      const L = globalThis.L;
      const renderer = L.canvas({ pane: 'agentdesk-basemap', padding: 0.2 });
      const land = globalThis.topojson.feature(world, world.objects.land);
      const borders = globalThis.topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
      layers.vector = L.layerGroup([
        L.geoJSON(land, {
          renderer, interactive: false,
          style: { stroke: true, color: COLORS.border, weight: 0.8, fillColor: COLORS.land, fillOpacity: 1 },
        }),
        L.geoJSON(borders, { renderer, interactive: false, style: { color: COLORS.border, weight: 1, fill: false } }),
      ]).addTo(map);
      vectorFeatures = (land.features?.length ?? 1) + (borders.coordinates?.length ?? 0);
      basemap = 'vector';
    } catch (error) {
      basemap = 'vector-failed';
      console.error('agentdesk: the vector basemap could not be loaded:', error);
    }
  }

  /** The div's clip-path: the part not scrolled out of the panel (inset), less ImGui's tooltips over it (holes,
   * cut out with the even-odd rule so the canvas underneath shows them). Lengths in the div's CSS pixels. */
  function clipPathFor(inset, width, height, sx, sy) {
    const [top, right, bottom, left] = inset;
    if (placement.holes.length === 0) return inset.some((v) => v > 0.5) ? `inset(${inset.map((v) => `${v}px`).join(' ')})` : '';
    const rect = (x0, y0, x1, y1) => `M${x0.toFixed(1)} ${y0.toFixed(1)}H${x1.toFixed(1)}V${y1.toFixed(1)}H${x0.toFixed(1)}Z`;
    let path = rect(left, top, width - right, height - bottom);
    for (const [x0, y0, x1, y1] of placement.holes) {
      path += rect((x0 - placement.x) * sx, (y0 - placement.y) * sy, (x1 - placement.x) * sx, (y1 - placement.y) * sy);
    }
    return `path(evenodd, "${path}")`;
  }

  /** Canvas pixels (what ImGui draws in) → page pixels, then the div, its clip and Leaflet's size. */
  function applyPlacement() {
    if (!container) return;
    const rect = canvas.getBoundingClientRect();
    const sx = canvas.width ? rect.width / canvas.width : 1;
    const sy = canvas.height ? rect.height / canvas.height : 1;
    const left = rect.left + placement.x * sx;
    const top = rect.top + placement.y * sy;
    const width = Math.max(0, placement.width * sx);
    const height = Math.max(0, placement.height * sy);
    const [cx0, cy0, cx1, cy1] = placement.clip;
    const inset = [
      Math.max(0, (cy0 - placement.y) * sy), Math.max(0, (placement.x + placement.width - cx1) * sx),
      Math.max(0, (placement.y + placement.height - cy1) * sy), Math.max(0, (cx0 - placement.x) * sx),
    ];
    const shown = placement.visible && content !== null;
    const style = container.style;
    const sizeChanged = style.width !== `${width}px` || style.height !== `${height}px`;
    style.left = `${left}px`;
    style.top = `${top}px`;
    style.width = `${width}px`;
    style.height = `${height}px`;
    style.clipPath = clipPathFor(inset, width, height, sx, sy);
    style.visibility = shown ? 'visible' : 'hidden';
    // Hidden, it must not keep the keyboard either (a modal now owns the input).
    if (!shown && container.contains(document.activeElement)) document.activeElement.blur();
    if (sizeChanged) map.invalidateSize({ animate: false });
    if (pendingLayout && width > 0 && height > 0) {
      pendingLayout = false;
      render(true);
    }
  }

  function latestLatLng() {
    const m = content?.marker;
    return m ? [m.lat, m.lon] : null;
  }

  function rememberView(chatId) {
    if (!chatId || !map) return;
    const c = map.getCenter();
    views.delete(chatId);  // re-insert: Map keeps insertion order, the oldest entry is the least recently shown
    views.set(chatId, { center: [c.lat, c.lng], zoom: map.getZoom(), follow });
    while (views.size > MAX_REMEMBERED_VIEWS) views.delete(views.keys().next().value);
  }

  /** The view a chat opens with: its remembered one, else its track and marker fitted, else the marker/pin. */
  function initialView() {
    const saved = views.get(content.chatId);
    if (saved) {
      follow = saved.follow;
      map.setView(saved.center, saved.zoom, { animate: false });
      return;
    }
    follow = true;
    const points = content.track.map(([lat, lon]) => [lat, lon]);
    const here = latestLatLng();
    if (here) points.push(here);
    if (points.length > 1) {
      map.fitBounds(globalThis.L.latLngBounds(points), { maxZoom: settings.zoom, padding: [FIT_PADDING_PX, FIT_PADDING_PX], animate: false });
    } else if (here) {
      map.setView(here, settings.zoom, { animate: false });
    } else if (content.focus) {
      map.setView([content.focus.lat, content.focus.lon], settings.zoom, { animate: false });
    }
  }

  function updateLayers() {
    const L = globalThis.L;
    for (const name of ['marker', 'accuracy', 'track', 'pin']) {
      layers[name]?.remove();
      layers[name] = null;
    }
    if (content.track.length > 1) {
      layers.track = L.polyline(content.track, { color: COLORS.track, weight: 3, opacity: 0.75, interactive: false }).addTo(map);
    }
    const m = content.marker;
    if (m) {
      if (m.accuracy > 0) {
        layers.accuracy = L.circle([m.lat, m.lon], {
          radius: m.accuracy, color: COLORS.marker, weight: 1, fillOpacity: 0.12, interactive: false,
        }).addTo(map);
      }
      layers.marker = L.circleMarker([m.lat, m.lon], {
        radius: 8, color: '#ffffff', weight: 2, fillColor: COLORS.marker, fillOpacity: 1,
      }).addTo(map);
      layers.marker.bindTooltip(textElement([content.customer, `Updated ${m.time}`]), {
        permanent: true, direction: 'top', offset: [0, -10], className: 'agentdesk-map-label',
      });
    }
    const f = content.focus;
    if (f && f.pin) {
      layers.pin = L.circleMarker([f.lat, f.lon], {
        radius: 7, color: '#ffffff', weight: 2, fillColor: COLORS.pin, fillOpacity: 1,
      }).addTo(map);
      if (f.label) layers.pin.bindTooltip(textElement([f.label]), { permanent: true, direction: 'bottom', offset: [0, 10] });
    }
  }

  function render(relayout = false) {
    if (!map || !content) return;
    const chatChanged = content.chatId !== shownChatId;
    if (chatChanged && shownChatId) rememberView(shownChatId);
    updateLayers();
    if (container.clientWidth === 0 || container.clientHeight === 0) {
      pendingLayout = true;  // fitting needs a size: done when the region is placed
      if (chatChanged) shownChatId = content.chatId;
      return;
    }
    if (chatChanged || relayout) {
      if (chatChanged) shownChatId = content.chatId;
      initialView();
    }
    const f = content.focus;
    if (f && f.serial > appliedFocusSerial) {
      appliedFocusSerial = f.serial;
      map.setView([f.lat, f.lon], Math.max(map.getZoom(), settings.zoom), { animate: false });
      follow = !f.pin;  // a pinned place is looked at; a shared position is followed
    } else if (follow && layers.marker && !map.getBounds().pad(-FOLLOW_MARGIN).contains(layers.marker.getLatLng())) {
      map.panTo(layers.marker.getLatLng(), { animate: false });  // a live update left the middle of the map
    }
  }

  bridges.map = {
    /** Once, from C++ (map_overlay.cpp), with the validated "map" section of config.json. */
    configure(values) {
      settings = { ...settings, ...values };
    },
    /** Every frame whose placement changed; canvas pixels. `holes`: [[x0, y0, x1, y1], …] tooltips over the region. */
    place(visible, x, y, width, height, clipX0, clipY0, clipX1, clipY1, holes = []) {
      Object.assign(placement, { visible, x, y, width, height, clip: [clipX0, clipY0, clipX1, clipY1], holes });
      applyPlacement();
    },
    /** When the selected chat's map content changed (core/map_content.hpp documents the shape). */
    show(next) {
      content = next;
      ensureLeaflet().then(() => {
        if (content !== next || !map) return;  // a newer show() is on its way, or Leaflet failed
        render();
        applyPlacement();
      });
    },
    /** For tests and diagnostics: what the map shows, in page pixels. */
    state() {
      const rect = container?.getBoundingClientRect();
      const state = {
        leaflet: leafletState,
        visible: !!container && container.style.visibility === 'visible',
        rect: rect ? { x: rect.left, y: rect.top, width: rect.width, height: rect.height } : null,
        clipPath: container?.style.clipPath ?? '',
        chatId: shownChatId,
        center: null, zoom: null, marker: null, markerPoint: null, markerLabel: null, pin: null,
        trackLength: content?.track.length ?? 0,
        basemap, tiles: { ...tiles }, vectorFeatures, follow, focusSerial: appliedFocusSerial,
        focused: !!container && container.contains(document.activeElement),
        rememberedViews: views.size,
      };
      if (map && shownChatId) {
        const c = map.getCenter();
        state.center = { lat: c.lat, lon: c.lng };
        state.zoom = map.getZoom();
        if (layers.marker) {
          const at = layers.marker.getLatLng();
          const point = map.latLngToContainerPoint(at);
          state.marker = { lat: at.lat, lon: at.lng, accuracy: layers.accuracy?.getRadius() ?? 0 };
          state.markerPoint = { x: rect.left + point.x, y: rect.top + point.y };
          const label = layers.marker.getTooltip()?.getElement();
          state.markerLabel = label ? { text: label.textContent, html: label.innerHTML } : null;
        }
        if (layers.pin) {
          const at = layers.pin.getLatLng();
          state.pin = { lat: at.lat, lon: at.lng, label: layers.pin.getTooltip()?.getElement()?.textContent ?? '' };
        }
      }
      return state;
    },
    /** For tests: how many pixels of the vector basemap's canvas have the land colour (0 when none is drawn). */
    vectorLandPixels() {
      const layerCanvas = container?.querySelector('.leaflet-agentdesk-basemap-pane canvas');
      if (!layerCanvas) return 0;
      const { width, height } = layerCanvas;
      const data = layerCanvas.getContext('2d').getImageData(0, 0, width, height).data;
      const land = [0xf2, 0xef, 0xe9];
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - land[0]) < 6 && Math.abs(data[i + 1] - land[1]) < 6 && Math.abs(data[i + 2] - land[2]) < 6) count += 1;
      }
      return count;
    },
  };
})();
