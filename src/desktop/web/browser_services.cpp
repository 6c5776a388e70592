#include "browser_services.hpp"

#include "glyph_atlas.hpp"
#include "js_imports.hpp"

namespace desk::web {

BrowserServices::BrowserServices(GlyphAtlas& glyphs, std::function<void(double)> wake_after)
    : glyphs_(glyphs), wake_after_(std::move(wake_after)) {}

void BrowserServices::socket_open(const std::string& url) { js_socket_open(url.c_str()); }
// Length-delimited: a text may legitimately contain "\u0000" escapes, never raw NULs, but no need to rely on it.
void BrowserServices::socket_send(const std::string& text) {
    js_socket_send(text.data(), static_cast<int>(text.size()));
}
void BrowserServices::socket_close() { js_socket_close(); }

void BrowserServices::storage_set(const std::string& key, const std::string& value) {
    js_storage_set(key.c_str(), value.c_str());
}
std::string BrowserServices::storage_get(const std::string& key) { return take_js_string(js_storage_get(key.c_str())); }
void BrowserServices::storage_remove(const std::string& key) { js_storage_remove(key.c_str()); }

void BrowserServices::set_title(const std::string& title) { js_set_title(title.c_str()); }
void BrowserServices::notify(const std::string& title, const std::string& body) {
    js_notify(title.c_str(), body.c_str());
}
void BrowserServices::play_tone() { js_play_tone(); }
bool BrowserServices::page_visible() { return js_page_visible() != 0; }

void BrowserServices::clipboard_write(const std::string& text) { js_clipboard_write(text.c_str()); }
void BrowserServices::open_url(const std::string& url) { js_open_url(url.c_str()); }
void BrowserServices::call_media(const std::string& command_json) { js_call_media(command_json.c_str()); }

void BrowserServices::need_glyphs(std::string_view utf8_text) {
    // The atlas is rebuilt between frames; a frame must follow for the new glyphs to show.
    if (glyphs_.need(utf8_text)) wake_after_(0.0);
}
void BrowserServices::wake_after(double delay_ms) { wake_after_(delay_ms); }

}  // namespace desk::web
