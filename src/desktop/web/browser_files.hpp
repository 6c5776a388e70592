// desk::FileServices for the browser: each call goes to web/desktop/image-bridge.js (file picker, drag-and-drop,
// paste, XHR uploads with progress, photo decoding in a worker into WebGL textures, downloads). Its reports come
// back through files_exports.cpp.
#pragma once

#include "desktop/app.hpp"

namespace desk::web {

// Gives the image bridge Emscripten's GL context and texture table and a way to copy bytes into wasm memory.
// Call once the GL context exists (WebPlatform::start).
void install_file_bridge();

class BrowserFiles final : public FileServices {
public:
    void pick_files(const std::string& chat_id) override;
    void upload_start(const std::string& handle, const std::string& url, const std::string& token) override;
    void upload_abort(const std::string& handle) override;
    void upload_release(const std::string& handle) override;
    void image_load(const std::string& file_id, bool viewer, const std::string& url, const std::string& token,
                    int max_px, std::size_t head_bytes) override;
    void texture_free(std::uint32_t texture) override;
    void download(const std::string& url, const std::string& token, const std::string& name) override;
};

}  // namespace desk::web
