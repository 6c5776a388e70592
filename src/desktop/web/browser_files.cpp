#include "browser_files.hpp"

#include <emscripten.h>

// One-line hand-offs to globalThis.agentdeskBridges.images (image-bridge.js), as in js_imports.cpp.
// The EM_JS bodies are JavaScript, which clang-format would break (it splits `!==` into `!= =`).
// clang-format off
EM_JS(void, js_files_install, (), {
    // GL and GLctx are Emscripten's: a texture registered here has a name that glBindTexture (and so ImGui's
    // renderer, through ImTextureID) understands.
    globalThis.agentdeskBridges.images.attach({
        gl: GLctx,
        registerTexture(texture) {
            const id = GL.getNewId(GL.textures);
            texture.name = id;
            GL.textures[id] = texture;
            return id;
        },
        deleteTexture(id) {
            const texture = GL.textures[id];
            if (!texture) return false;
            GLctx.deleteTexture(texture);
            GL.textures[id] = null;
            return true;
        },
        copyIn(bytes) {  // → pointer to a malloc'ed copy (the caller frees it)
            const pointer = _malloc(Math.max(1, bytes.length));
            HEAPU8.set(bytes, pointer);
            return pointer;
        },
        free(pointer) { _free(pointer); },
        heapBytes() { return HEAPU8.length; },
    });
});
EM_JS(void, js_files_pick, (const char* chat_id), { globalThis.agentdeskBridges.images.pick(UTF8ToString(chat_id)); });
EM_JS(void, js_upload_start, (const char* handle, const char* url, const char* token), {
    globalThis.agentdeskBridges.images.uploadStart(UTF8ToString(handle), UTF8ToString(url), UTF8ToString(token));
});
EM_JS(void, js_upload_abort, (const char* handle), { globalThis.agentdeskBridges.images.uploadAbort(UTF8ToString(handle)); });
EM_JS(void, js_upload_release, (const char* handle), { globalThis.agentdeskBridges.images.uploadRelease(UTF8ToString(handle)); });
EM_JS(void, js_image_load, (const char* file_id, int viewer, const char* url, const char* token, int max_px, double head_bytes), {
    globalThis.agentdeskBridges.images.load(UTF8ToString(file_id), !!viewer, UTF8ToString(url), UTF8ToString(token), max_px, head_bytes);
});
EM_JS(void, js_texture_free, (unsigned texture), { globalThis.agentdeskBridges.images.freeTexture(texture); });
EM_JS(void, js_file_download, (const char* url, const char* token, const char* name), {
    globalThis.agentdeskBridges.images.download(UTF8ToString(url), UTF8ToString(token), UTF8ToString(name));
});
// clang-format on

namespace desk::web {

void install_file_bridge() { js_files_install(); }

void BrowserFiles::pick_files(const std::string& chat_id) { js_files_pick(chat_id.c_str()); }
void BrowserFiles::upload_start(const std::string& handle, const std::string& url, const std::string& token) {
    js_upload_start(handle.c_str(), url.c_str(), token.c_str());
}
void BrowserFiles::upload_abort(const std::string& handle) { js_upload_abort(handle.c_str()); }
void BrowserFiles::upload_release(const std::string& handle) { js_upload_release(handle.c_str()); }
void BrowserFiles::image_load(const std::string& file_id, bool viewer, const std::string& url, const std::string& token,
                              int max_px, std::size_t head_bytes) {
    js_image_load(file_id.c_str(), viewer ? 1 : 0, url.c_str(), token.c_str(), max_px, static_cast<double>(head_bytes));
}
void BrowserFiles::texture_free(std::uint32_t texture) { js_texture_free(texture); }
void BrowserFiles::download(const std::string& url, const std::string& token, const std::string& name) {
    js_file_download(url.c_str(), token.c_str(), name.c_str());
}

}  // namespace desk::web
