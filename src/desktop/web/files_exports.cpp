// JS → C++ for the files feature (image-bridge.js calls Module._agentdesk_files_* / _image_* / _upload_*).
// Byte strings arrive as (pointer, length) copies in wasm memory, owned and freed by the bridge.
#include <emscripten.h>

#include <string>

#include "js_exports.hpp"
#include "web_platform.hpp"

namespace {
std::string bytes(const char* data, int length) {
    return data && length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void agentdesk_files_offered(const char* handle, int handle_length, const char* chat,
                                                  int chat_length, const char* name, int name_length, double size,
                                                  const char* head, int head_length) {
    auto* platform = desk::web::export_target();
    if (!platform) return;
    platform->on_files([&](desk::App& app, double now) {
        app.on_file_offered(bytes(handle, handle_length), bytes(chat, chat_length), bytes(name, name_length),
                            static_cast<std::int64_t>(size), bytes(head, head_length), now);
    });
}

EMSCRIPTEN_KEEPALIVE void agentdesk_upload_progress(const char* handle, int handle_length, double sent) {
    auto* platform = desk::web::export_target();
    if (!platform) return;
    platform->on_files([&](desk::App& app, double now) {
        app.on_upload_progress(bytes(handle, handle_length), static_cast<std::int64_t>(sent), now);
    });
}

EMSCRIPTEN_KEEPALIVE void agentdesk_upload_finished(const char* handle, int handle_length, int status, const char* body,
                                                    int body_length) {
    auto* platform = desk::web::export_target();
    if (!platform) return;
    platform->on_files([&](desk::App& app, double now) {
        app.on_upload_finished(bytes(handle, handle_length), status, bytes(body, body_length), now);
    });
}

EMSCRIPTEN_KEEPALIVE void agentdesk_image_loaded(const char* file_id, int file_id_length, int viewer, unsigned texture,
                                                 int width, int height, const char* head, int head_length) {
    auto* platform = desk::web::export_target();
    if (!platform) return;
    platform->on_files([&](desk::App& app, double now) {
        app.on_image_loaded(bytes(file_id, file_id_length), viewer != 0, texture, width, height,
                            bytes(head, head_length), now);
    });
}

EMSCRIPTEN_KEEPALIVE void agentdesk_image_failed(const char* file_id, int file_id_length, int viewer,
                                                 const char* message, int message_length) {
    auto* platform = desk::web::export_target();
    if (!platform) return;
    platform->on_files([&](desk::App& app, double now) {
        app.on_image_failed(bytes(file_id, file_id_length), viewer != 0, bytes(message, message_length), now);
    });
}

}  // extern "C"
