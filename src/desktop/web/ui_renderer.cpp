#include "ui_renderer.hpp"

#include <GLES3/gl3.h>
#include <emscripten.h>

#include <cstddef>

#include "imgui.h"

// The page's UI program (ui-program.js), registered in Emscripten's GL object table so glUseProgram takes its name.
// Its link is verified a little later, off the first frame's path; a failure stops the page with the reason.
// The EM_JS bodies are JavaScript, which clang-format would break (it splits `!==` into `!= =`).
// clang-format off
EM_JS(int, js_ui_program_name, (), {
    try {
        const bridges = globalThis.agentdeskBridges;
        const program = bridges.uiProgram.program(GLctx, (message) => bridges.api.fatal(`The desktop cannot draw: ${message}`));
        if (!program.name) {  // as Emscripten names the GL objects it makes itself
            program.name = GL.getNewId(GL.programs);
            GL.programs[program.name] = program;
        }
        return program.name;
    } catch (error) {
        globalThis.agentdeskBridges.api.fatal(`The desktop cannot draw: ${error.message}`);
        return 0;
    }
});
// clang-format on

namespace desk::web {

namespace {
constexpr GLuint kPositionAttribute = 0;  // bound in ui-program.js
constexpr GLuint kUvAttribute = 1;
constexpr GLuint kColorAttribute = 2;
constexpr GLuint kTransformAttribute = 3;  // a constant (no array): display pixels → clip space
constexpr GLenum kIndexType = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;

GLuint texture_of(ImTextureID id) { return static_cast<GLuint>(reinterpret_cast<std::intptr_t>(id)); }
}  // namespace

UiRenderer::~UiRenderer() {
    if (font_texture_) glDeleteTextures(1, &font_texture_);
    if (vertex_buffer_) glDeleteBuffers(1, &vertex_buffer_);
    if (index_buffer_) glDeleteBuffers(1, &index_buffer_);
    if (vertex_array_) glDeleteVertexArrays(1, &vertex_array_);
}

void UiRenderer::init() {
    ImGuiIO& io = ImGui::GetIO();
    io.BackendRendererName = "agentdesk_ui_renderer";
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // render() honours ImDrawCmd::VtxOffset
    glGenVertexArrays(1, &vertex_array_);
    glGenBuffers(1, &vertex_buffer_);
    glGenBuffers(1, &index_buffer_);
    glBindVertexArray(vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, index_buffer_);  // part of the vertex array's state
    glEnableVertexAttribArray(kPositionAttribute);
    glEnableVertexAttribArray(kUvAttribute);
    glEnableVertexAttribArray(kColorAttribute);
    glBindVertexArray(0);
}

void UiRenderer::upload_font_atlas() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    if (font_texture_) glDeleteTextures(1, &font_texture_);
    glGenTextures(1, &font_texture_);
    glBindTexture(GL_TEXTURE_2D, font_texture_);
    // Linear: ImGui's anti-aliased lines and the glyphs sample between texels.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);  // the image bridge may have left a row length set
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(font_texture_)));
}

bool UiRenderer::ensure_program() {
    if (program_ || program_failed_) return program_ != 0;
    program_ = static_cast<std::uint32_t>(js_ui_program_name());
    program_failed_ = program_ == 0;
    return program_ != 0;
}

void UiRenderer::point_attributes(std::uintptr_t first_vertex_byte) {
    const auto at = [&](std::size_t member) { return reinterpret_cast<const void*>(first_vertex_byte + member); };
    glVertexAttribPointer(kPositionAttribute, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(kUvAttribute, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(kColorAttribute, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert),
                          at(offsetof(ImDrawVert, col)));
}

bool UiRenderer::render(const ImDrawData* data, int framebuffer_width, int framebuffer_height) {
    if (!data || framebuffer_width <= 0 || framebuffer_height <= 0) return true;
    if (!ensure_program()) return false;

    // The whole frame's vertices and indices in one buffer each: the buffers grow to the largest frame and stay.
    std::intptr_t vertex_bytes = 0, index_bytes = 0;
    for (const ImDrawList* list : data->CmdLists) {
        vertex_bytes +=
            static_cast<std::intptr_t>(list->VtxBuffer.Size) * static_cast<std::intptr_t>(sizeof(ImDrawVert));
        index_bytes += static_cast<std::intptr_t>(list->IdxBuffer.Size) * static_cast<std::intptr_t>(sizeof(ImDrawIdx));
    }
    if (vertex_bytes == 0 || index_bytes == 0) return true;

    glViewport(0, 0, framebuffer_width, framebuffer_height);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glUseProgram(program_);
    glActiveTexture(GL_TEXTURE0);
    // Display pixels → clip space, y down.
    const ImVec2 origin = data->DisplayPos;
    const ImVec2 size = data->DisplaySize;
    glVertexAttrib4f(kTransformAttribute, 2.0f / size.x, -2.0f / size.y, -1.0f - origin.x * 2.0f / size.x,
                     1.0f + origin.y * 2.0f / size.y);

    glBindVertexArray(vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
    if (vertex_bytes > vertex_capacity_) {
        vertex_capacity_ = vertex_bytes + vertex_bytes / 2;
        glBufferData(GL_ARRAY_BUFFER, vertex_capacity_, nullptr, GL_STREAM_DRAW);
    }
    if (index_bytes > index_capacity_) {
        index_capacity_ = index_bytes + index_bytes / 2;
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, index_capacity_, nullptr, GL_STREAM_DRAW);
    }
    std::intptr_t vertex_at = 0, index_at = 0;
    for (const ImDrawList* list : data->CmdLists) {
        const auto list_vertex_bytes =
            static_cast<std::intptr_t>(list->VtxBuffer.Size) * static_cast<std::intptr_t>(sizeof(ImDrawVert));
        const auto list_index_bytes =
            static_cast<std::intptr_t>(list->IdxBuffer.Size) * static_cast<std::intptr_t>(sizeof(ImDrawIdx));
        glBufferSubData(GL_ARRAY_BUFFER, vertex_at, list_vertex_bytes, list->VtxBuffer.Data);
        glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, index_at, list_index_bytes, list->IdxBuffer.Data);
        vertex_at += list_vertex_bytes;
        index_at += list_index_bytes;
    }

    // Clip rectangles are in display coordinates; the framebuffer may be larger (devicePixelRatio).
    const ImVec2 scale = data->FramebufferScale;
    GLuint bound_texture = 0;
    std::intptr_t list_vertex_base = 0, list_index_base = 0;
    for (const ImDrawList* list : data->CmdLists) {
        unsigned pointed_offset = ~0u;
        for (const ImDrawCmd& command : list->CmdBuffer) {
            if (command.UserCallback) {
                if (command.UserCallback != ImDrawCallback_ResetRenderState) command.UserCallback(list, &command);
                continue;  // the state above is set once per frame and nothing here changes it
            }
            const float left = (command.ClipRect.x - origin.x) * scale.x;
            const float top = (command.ClipRect.y - origin.y) * scale.y;
            const float right = (command.ClipRect.z - origin.x) * scale.x;
            const float bottom = (command.ClipRect.w - origin.y) * scale.y;
            if (right <= left || bottom <= top || command.ElemCount == 0) continue;
            glScissor(static_cast<GLint>(left), static_cast<GLint>(framebuffer_height - bottom),
                      static_cast<GLsizei>(right - left), static_cast<GLsizei>(bottom - top));
            const GLuint texture = texture_of(command.GetTexID());
            if (texture != bound_texture) {
                glBindTexture(GL_TEXTURE_2D, texture);
                bound_texture = texture;
            }
            if (command.VtxOffset != pointed_offset) {
                point_attributes(static_cast<std::uintptr_t>(list_vertex_base) +
                                 command.VtxOffset * sizeof(ImDrawVert));
                pointed_offset = command.VtxOffset;
            }
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(command.ElemCount), kIndexType,
                           reinterpret_cast<const void*>(list_index_base + command.IdxOffset * sizeof(ImDrawIdx)));
        }
        list_vertex_base +=
            static_cast<std::intptr_t>(list->VtxBuffer.Size) * static_cast<std::intptr_t>(sizeof(ImDrawVert));
        list_index_base +=
            static_cast<std::intptr_t>(list->IdxBuffer.Size) * static_cast<std::intptr_t>(sizeof(ImDrawIdx));
    }
    glBindVertexArray(0);
    glDisable(GL_SCISSOR_TEST);  // the next frame's glClear must clear everything
    return true;
}

}  // namespace desk::web
