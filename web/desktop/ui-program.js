// The shader program the desktop draws its whole UI with (src/desktop/web/ui_renderer.cpp), compiled by the page.
// The boot script calls prepare() as soon as the WebGL2 context exists, long before the wasm runs: compiling and linking
// happen in the browser's GPU process while the rest downloads, and nobody asks for the result until the first
// frame draws (a status query would wait for the compiler: 40–150 ms under software GL, the largest single cost of
// the first frame with Dear ImGui's own OpenGL3 backend, which compiles its shaders at the first frame).
//
// Vertices are Dear ImGui's ImDrawVert: position (2 floats, display pixels), uv (2 floats), colour (4 unsigned
// bytes, normalised). Attribute locations are fixed in the shader (0, 1, 2), so the renderer needs no lookups.
(() => {
  'use strict';
  const bridges = (globalThis.agentdeskBridges ??= {});

  const VERTEX_SOURCE = `#version 300 es
uniform vec4 u_transform;  // xy: scale, zw: offset (display pixels -> clip space)
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;
out vec2 v_uv;
out vec4 v_color;
void main() {
  v_uv = a_uv;
  v_color = a_color;
  gl_Position = vec4(a_position * u_transform.xy + u_transform.zw, 0.0, 1.0);
}
`;
  const FRAGMENT_SOURCE = `#version 300 es
precision mediump float;
uniform sampler2D u_texture;
in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;
void main() {
  o_color = v_color * texture(u_texture, v_uv);
}
`;

  let prepared = null;  // { gl, program, vertex, fragment }
  let checked = null;   // { transform: WebGLUniformLocation } once the link was verified

  /** Starts compiling and linking for `gl` (no status queries: those would wait for the compiler). */
  function prepare(gl) {
    if (prepared && prepared.gl === gl) return;
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
    prepared = { gl, program, vertex, fragment };
    checked = null;
  }

  /** The linked program for `gl` (compiled now if prepare() did not run for it), with its uniforms set up; throws
   * with the compiler's log when it failed. Waits for the compiler once, at the first frame. */
  function program(gl) {
    prepare(gl);
    if (!checked) {
      const { program: p, vertex, fragment } = prepared;
      if (!gl.getProgramParameter(p, gl.LINK_STATUS)) {
        const logs = [gl.getShaderInfoLog(vertex), gl.getShaderInfoLog(fragment), gl.getProgramInfoLog(p)]
          .filter((text) => text && text.trim() !== '').join('\n');
        throw new Error(`the UI shader did not link: ${logs || 'no log'}`);
      }
      gl.useProgram(p);
      gl.uniform1i(gl.getUniformLocation(p, 'u_texture'), 0);
      checked = { transform: gl.getUniformLocation(p, 'u_transform') };
      gl.detachShader(p, vertex);
      gl.detachShader(p, fragment);
      gl.deleteShader(vertex);
      gl.deleteShader(fragment);
    }
    return prepared.program;
  }

  /** Sets the display-pixels → clip-space transform on the program (which must be in use). */
  function setTransform(gl, scaleX, scaleY, offsetX, offsetY) {
    gl.uniform4f(checked.transform, scaleX, scaleY, offsetX, offsetY);
  }

  bridges.uiProgram = { prepare, program, setTransform };
})();
