// Keyboard, IME and clipboard routing between the page and ImGui (through Emscripten's GLFW).
//  - GLFW listens for keys on window; it only gets events aimed at the desktop itself (the canvas, the body or
//    the IME textarea), so HTML overlays such as the map keep their keys (routeKeyToGlfw, wired in C++).
//  - Text: while ImGui wants text input, a hidden textarea has the focus. Committed text (input events outside
//    a composition, compositionend) goes to ImGui as characters, so IMEs, dead keys and on-screen keyboards
//    work; keys that belong to a composition (keyCode 229, isComposing) never reach GLFW. The textarea sits at
//    ImGui's caret and becomes visible while composing, so the browser shows the pending text there.
//  - Paste: only the document's paste event has the text. Ctrl/Cmd+V is held back from GLFW, the paste event
//    fills the clipboard cache ImGui reads, then Ctrl/Cmd+V is replayed to ImGui.
//  - Any input wakes the render-on-demand loop; a pointer press captures the pointer so a drag released over
//    HTML still ends in ImGui.
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});
  const canvas = document.getElementById('canvas');
  const isMac = /Mac|iPhone|iPad/.test(navigator.platform || '');
  const KEY_V = 86;
  const KEY_CONTROL = 17;
  const KEY_META = 91;
  const KEY_IME = 229;

  const textarea = document.createElement('textarea');
  textarea.id = 'agentdesk-ime';
  textarea.setAttribute('autocomplete', 'off');
  textarea.setAttribute('autocorrect', 'off');
  textarea.setAttribute('autocapitalize', 'off');
  textarea.setAttribute('spellcheck', 'false');
  textarea.setAttribute('aria-label', 'Text input');
  textarea.tabIndex = -1;
  textarea.rows = 1;

  let composing = false;
  let textInputActive = false;
  const modifiers = { control: false, meta: false };

  /** The desktop's own elements: keys aimed at anything else belong to an HTML overlay. */
  function isDesktopTarget(target) {
    return target == null || target === window || target === document || target === document.documentElement ||
      target === document.body || target === canvas || target === textarea;
  }

  function sendText(text) {
    if (text) bridges.callWithText('on_text_input', text);
  }

  function takeTextareaText() {
    const text = textarea.value;
    textarea.value = '';
    sendText(text);
  }

  function replayPasteShortcut() {
    const modifierKey = isMac ? KEY_META : KEY_CONTROL;
    const held = isMac ? modifiers.meta : modifiers.control;
    const replay = bridges.input.replayKey;
    if (!replay) return;
    if (!held) replay(modifierKey, true);
    replay(KEY_V, true);
    replay(KEY_V, false);
    if (!held) replay(modifierKey, false);
  }

  bridges.input = {
    /** Called by the GLFW wrappers (js_install_glfw_key_routing): may GLFW see this key event? */
    routeKeyToGlfw(handler, event) {
      if (handler === 'onKeyup') return event.keyCode !== KEY_IME;  // releases always: a stuck key is worse
      if (!isDesktopTarget(event.target)) return false;
      if (event.isComposing || event.keyCode === KEY_IME) return false;
      if (handler === 'onKeyPress') return event.target !== textarea;  // textarea text comes from input events
      if ((event.ctrlKey || event.metaKey) && event.keyCode === KEY_V) return false;  // the paste event replays it
      return true;
    },
    /** Set by C++ (js_install_glfw_key_routing): feeds a key to GLFW as if pressed or released. */
    replayKey: null,

    /** Every drawn frame: does ImGui want text now? Focuses the textarea unless an HTML overlay has the focus. */
    setTextInputActive(active) {
      textInputActive = active;
      const focused = document.activeElement;
      if (active) {
        if (focused !== textarea && isDesktopTarget(focused)) textarea.focus({ preventScroll: true });
      } else if (focused === textarea) {
        textarea.blur();
      }
    },
    /** Puts the textarea at ImGui's caret (canvas pixels), where IME candidate windows then appear. */
    placeImeAt(x, y, lineHeight) {
      const rect = canvas.getBoundingClientRect();
      const sx = rect.width / canvas.width;
      const sy = rect.height / canvas.height;
      textarea.style.left = `${rect.left + x * sx}px`;
      textarea.style.top = `${rect.top + y * sy}px`;
      textarea.style.fontSize = `${Math.max(8, lineHeight * sy * 0.85)}px`;
      textarea.style.lineHeight = `${lineHeight * sy}px`;
    },

    start() {
      document.body.appendChild(textarea);

      textarea.addEventListener('compositionstart', () => {
        composing = true;
        textarea.classList.add('composing');
      });
      textarea.addEventListener('compositionend', () => {
        composing = false;
        textarea.classList.remove('composing');
        takeTextareaText();
      });
      textarea.addEventListener('input', (event) => {
        if (composing || event.isComposing) return;
        takeTextareaText();
      });
      textarea.addEventListener('keydown', (event) => {
        // ImGui handles Enter; the textarea must not collect line breaks.
        if (event.key === 'Enter' && !event.isComposing && event.keyCode !== KEY_IME) event.preventDefault();
      });

      document.addEventListener('paste', (event) => {
        if (!isDesktopTarget(document.activeElement)) return;  // an overlay's own field
        event.preventDefault();
        bridges.callWithText('on_paste', event.clipboardData?.getData('text/plain') ?? '');
        replayPasteShortcut();
      }, true);

      const trackModifiers = (event) => {
        modifiers.control = event.ctrlKey;
        modifiers.meta = event.metaKey;
      };
      window.addEventListener('keydown', trackModifiers, true);
      window.addEventListener('keyup', trackModifiers, true);

      const onInput = () => bridges.call('on_input');
      for (const type of ['pointerdown', 'pointerup', 'pointermove', 'pointercancel', 'wheel', 'keydown', 'keyup']) {
        window.addEventListener(type, onInput, { capture: true, passive: true });
      }
      // Focus changes (GLFW releases held keys on blur) need frames but no hover-settle frame: the desktop's own
      // textarea focus must not cost frames while idle.
      const wake = () => bridges.call('wake');
      window.addEventListener('focus', wake, { capture: true, passive: true });
      window.addEventListener('blur', wake, { capture: true, passive: true });

      canvas.addEventListener('pointerdown', (event) => {
        try {
          canvas.setPointerCapture(event.pointerId);
        } catch { /* a synthetic or already released pointer: nothing to capture */ }
      });
      // A press on the canvas would move the focus to the body and take it from the textarea while ImGui still
      // edits text; ImGui decides (next frame) whether text input goes on.
      canvas.addEventListener('mousedown', (event) => {
        if (textInputActive && document.activeElement === textarea) event.preventDefault();
      });
      canvas.addEventListener('contextmenu', (event) => event.preventDefault());
    },
  };
})();
