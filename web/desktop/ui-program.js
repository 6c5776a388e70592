// The shader program the desktop draws its whole UI with (src/desktop/web/ui_renderer.cpp), compiled by the page.
// The boot script calls prepare() as soon as the WebGL2 context exists, long before the wasm runs: compiling and linking
// happen in the browser's GPU process while the rest downloads, and nobody asks for the result until the first
// frame draws (a status query would wait for the compiler: 40–150 ms under software GL, the largest single cost of
// the first frame with Dear ImGui's own OpenGL3 backend, which compiles its shaders at the first frame).
//
// Vertices are Dear ImGui's ImDrawVert: position (2 floats, display pixels), uv (2 floats), colour (4 unsigned
// bytes, normalised). Attribute locations are fixed in the shader (0, 1, 2), and the display-to-clip-space transform
// is a constant attribute (3, set with vertexAttrib4f) rather than a uniform, and the sampler keeps its default
// unit 0: the renderer needs no location lookups, which in Chromium are round trips to the GPU process that wait for
// the link. The link status is verified after the first frame, off its path (see program()).
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});

  const VERTEX_SOURCE = `#version 300 es
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;
layout(location = 3) in vec4 a_transform;  // constant: xy scale, zw offset (display pixels -> clip space)
out vec2 v_uv;
out vec4 v_color;
void main() {
  v_uv = a_uv;
  v_color = a_color;
  gl_Position = vec4(a_position * a_transform.xy + a_transform.zw, 0.0, 1.0);
}
`;
  const FRAGMENT_SOURCE = `#version 300 es
precision mediump float;
uniform sampler2D u_texture;  // unit 0, the default
in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;
void main() {
  o_color = v_color * texture(u_texture, v_uv);
}
`;

  let prepared = null;  // { gl, program, vertex, fragment, parallel }
  const VERIFY_AFTER_MS = 250;  // after the first frame: by then the GPU process has the link done

  /** Starts compiling and linking for `gl` (no status queries: those would wait for the compiler). */
  function prepare(gl) {
    if (prepared && prepared.gl === gl) return;
    // Where offered, the browser compiles on worker threads and can say when it is done without waiting.
    const parallel = gl.getExtension('KHR_parallel_shader_compile');
    const vertex = gl.createShader(gl.VERTEX_SHADER);
    gl.shaderSource(vertex, VERTEX_SOURCE);
    gl.compileShader(vertex);
    const fragment = gl.createShader(gl.FRAGMENT_SHADER);
    gl.shaderSource(fragment, FRAGMENT_SOURCE);
    gl.compileShader(fragment);
    const program = gl.createProgram();
    gl.attachShader(program, vertex);
    gl.attachShader(program, fragment);
    gl.linkProgram(program);
    prepared = { gl, program, vertex, fragment, parallel, verifying: false };
  }

  /** Checks the link once it is done; a failure (a browser that refuses the GLSL) replaces the page with the
   * compiler's log, as a missing WebGL2 does. */
  function verify(state, onFailure) {
    const { gl, program: p, vertex, fragment, parallel } = state;
    if (gl.isContextLost()) return;
    if (parallel && !gl.getProgramParameter(p, parallel.COMPLETION_STATUS_KHR)) {
      setTimeout(() => verify(state, onFailure), VERIFY_AFTER_MS);
      return;
    }
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) {
      const logs = [gl.getShaderInfoLog(vertex), gl.getShaderInfoLog(fragment), gl.getProgramInfoLog(p)]
        .filter((text) => text && text.trim() !== '').join('\n');
      onFailure(`the UI shader did not link: ${logs || 'no log'}`);
      return;
    }
    gl.detachShader(p, vertex);
    gl.detachShader(p, fragment);
    gl.deleteShader(vertex);
    gl.deleteShader(fragment);
  }

  /** The program for `gl` (compiling it now if prepare() did not run for it). Asks nothing of the GPU process: the
   * link is verified VERIFY_AFTER_MS later, and `onFailure(message)` hears of a failed one. */
  function program(gl, onFailure) {
    prepare(gl);
    if (!prepared.verifying) {
      prepared.verifying = true;
      const state = prepared;
      setTimeout(() => verify(state, onFailure), VERIFY_AFTER_MS);
    }
    return prepared.program;
  }

  /** Whether the program is known to have linked (tests: the verification ran and found nothing wrong). */
  const verified = () => prepared !== null && prepared.verifying && !prepared.gl.isContextLost() &&
    prepared.gl.getProgramParameter(prepared.program, prepared.gl.LINK_STATUS) === true;

  bridges.uiProgram = { prepare, program, verified };
})();
