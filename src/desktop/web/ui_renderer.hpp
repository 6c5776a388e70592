// Draws Dear ImGui's frames with WebGL2, in place of ImGui's generic OpenGL3 backend.
//
// Why our own: the desktop is the only user of its canvas's context, so this sets its few states each frame and
// never reads GL state back (in Chromium a state read is a synchronous round trip to the GPU process, which first
// finishes every queued draw), keeps one vertex array and one pair of buffers for good instead of a vertex array
// per frame, and takes its shader program from the page (web/desktop/ui-program.js), which compiles it while the
// wasm downloads: the first frame does not wait for the shader compiler.
#pragma once

#include <cstdint>

struct ImDrawData;

namespace desk::web {

class UiRenderer {
public:
    UiRenderer() = default;
    ~UiRenderer();
    UiRenderer(const UiRenderer&) = delete;
    UiRenderer& operator=(const UiRenderer&) = delete;

    // After the GL context is current: buffers and vertex array (the program is fetched at the first frame).
    void init();
    // (Re)uploads ImGui's font atlas (io.Fonts) as a texture and sets it as the atlas's TexID.
    void upload_font_atlas();
    [[nodiscard]] bool font_atlas_uploaded() const { return font_texture_ != 0; }
    // Draws `data` into the default framebuffer of `framebuffer_width` × `framebuffer_height` pixels. Returns false
    // when the page could not give the UI program (the reason went to the page's fatal message). A program that
    // does not link is found after the first frame (ui-program.js) and reported the same way.
    bool render(const ImDrawData* data, int framebuffer_width, int framebuffer_height);

private:
    bool ensure_program();
    void point_attributes(std::uintptr_t first_vertex_byte);

    std::uint32_t program_ = 0;  // Emscripten GL name of the page's program; 0 until the first frame
    bool program_failed_ = false;
    std::uint32_t vertex_array_ = 0;
    std::uint32_t vertex_buffer_ = 0;
    std::uint32_t index_buffer_ = 0;
    std::uint32_t font_texture_ = 0;
    std::intptr_t vertex_capacity_ = 0;  // bytes allocated in the buffers (they only grow)
    std::intptr_t index_capacity_ = 0;
};

}  // namespace desk::web
