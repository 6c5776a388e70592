// Keeps the WebGL scissor box and blend state on the JS side, so reading them costs nothing.
// Dear ImGui's OpenGL3 backend reads GL state every frame (to restore it afterwards). Chromium answers some of
// these getParameter() calls — GL_SCISSOR_BOX and the six blend queries — with a synchronous round trip to the
// GPU process, which first finishes every queued draw: measured 36 ms per frame of a 40 ms frame with software
// WebGL (SwiftShader), and a stall on any GPU. The desktop is the only user of its context, so tracking the
// setters here is exact: the values are read once when the context is made, then follow scissor(), blendFunc*()
// and blendEquation*() calls with valid arguments.
(() => {
  'use strict';
  const canvas = document.getElementById('canvas');
  if (!canvas) return;

  function install(gl) {
    const get = gl.getParameter.bind(gl);
    const cached = new Map();
    const blendNames = [gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA,
      gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA];
    cached.set(gl.SCISSOR_BOX, Int32Array.from(get(gl.SCISSOR_BOX)));
    for (const name of blendNames) cached.set(name, get(name));

    const blendFactors = new Set([gl.ZERO, gl.ONE, gl.SRC_COLOR, gl.ONE_MINUS_SRC_COLOR, gl.DST_COLOR,
      gl.ONE_MINUS_DST_COLOR, gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.DST_ALPHA, gl.ONE_MINUS_DST_ALPHA,
      gl.CONSTANT_COLOR, gl.ONE_MINUS_CONSTANT_COLOR, gl.CONSTANT_ALPHA, gl.ONE_MINUS_CONSTANT_ALPHA,
      gl.SRC_ALPHA_SATURATE]);
    const blendModes = new Set([gl.FUNC_ADD, gl.FUNC_SUBTRACT, gl.FUNC_REVERSE_SUBTRACT, gl.MIN, gl.MAX]);
    // WebGL refuses (and leaves the state as it was) CONSTANT_COLOR combined with CONSTANT_ALPHA.
    const constantClash = (a, b) => (a === gl.CONSTANT_COLOR || a === gl.ONE_MINUS_CONSTANT_COLOR) &&
      (b === gl.CONSTANT_ALPHA || b === gl.ONE_MINUS_CONSTANT_ALPHA);
    const validPair = (s, d) => blendFactors.has(s) && blendFactors.has(d) && !constantClash(s, d) && !constantClash(d, s);

    const { scissor, blendFunc, blendFuncSeparate, blendEquation, blendEquationSeparate } = gl;
    gl.scissor = function (x, y, width, height) {
      scissor.call(gl, x, y, width, height);
      if (width >= 0 && height >= 0) cached.set(gl.SCISSOR_BOX, Int32Array.of(x, y, width, height));
    };
    gl.blendFunc = function (s, d) {
      blendFunc.call(gl, s, d);
      if (validPair(s, d)) {
        cached.set(gl.BLEND_SRC_RGB, s).set(gl.BLEND_SRC_ALPHA, s).set(gl.BLEND_DST_RGB, d).set(gl.BLEND_DST_ALPHA, d);
      }
    };
    gl.blendFuncSeparate = function (sRgb, dRgb, sAlpha, dAlpha) {
      blendFuncSeparate.call(gl, sRgb, dRgb, sAlpha, dAlpha);
      if (validPair(sRgb, dRgb) && validPair(sAlpha, dAlpha)) {
        cached.set(gl.BLEND_SRC_RGB, sRgb).set(gl.BLEND_DST_RGB, dRgb).set(gl.BLEND_SRC_ALPHA, sAlpha).set(gl.BLEND_DST_ALPHA, dAlpha);
      }
    };
    gl.blendEquation = function (mode) {
      blendEquation.call(gl, mode);
      if (blendModes.has(mode)) cached.set(gl.BLEND_EQUATION_RGB, mode).set(gl.BLEND_EQUATION_ALPHA, mode);
    };
    gl.blendEquationSeparate = function (modeRgb, modeAlpha) {
      blendEquationSeparate.call(gl, modeRgb, modeAlpha);
      if (blendModes.has(modeRgb) && blendModes.has(modeAlpha)) {
        cached.set(gl.BLEND_EQUATION_RGB, modeRgb).set(gl.BLEND_EQUATION_ALPHA, modeAlpha);
      }
    };
    gl.getParameter = function (name) {
      if (!cached.has(name)) return get(name);
      const value = cached.get(name);
      return value instanceof Int32Array ? Int32Array.from(value) : value;  // callers may keep or change it
    };
  }

  const installed = new WeakSet();
  const getContext = canvas.getContext;
  canvas.getContext = function (type, attributes) {
    const gl = getContext.call(this, type, attributes);
    if (gl && type === 'webgl2' && !installed.has(gl)) {
      installed.add(gl);
      install(gl);
    }
    return gl;
  };
})();
