// desk::PlatformServices for the browser: each call is handed to a JS bridge at once (see js_imports.hpp);
// results come back later through js_exports.cpp as App::on_* calls.
#pragma once

#include "desktop/app.hpp"
#include "browser_files.hpp"
#include "map_overlay.hpp"

#include <functional>

namespace desk::web {

class GlyphAtlas;

class BrowserServices final : public PlatformServices {
public:
    // `wake_after` asks the main loop for a frame (owned by WebPlatform); `glyphs` receives need_glyphs text.
    BrowserServices(GlyphAtlas& glyphs, std::function<void(double delay_ms)> wake_after);

    void socket_open(const std::string& url) override;
    void socket_send(const std::string& text) override;
    void socket_close() override;

    void storage_set(const std::string& key, const std::string& value) override;
    std::string storage_get(const std::string& key) override;
    void storage_remove(const std::string& key) override;

    void set_title(const std::string& title) override;
    void notify(const std::string& title, const std::string& body) override;
    void play_tone() override;
    bool page_visible() override;

    void clipboard_write(const std::string& text) override;
    void open_url(const std::string& url) override;
    void call_media(const std::string& command_json) override;

    void need_glyphs(std::string_view utf8_text) override;
    void wake_after(double delay_ms) override;
    FileServices* file_services() override { return &files_; }
    void map_frame(const MapOverlayFrame& frame) override { map_.apply(frame); }
    MapOverlay& map_overlay() { return map_; }

private:
    GlyphAtlas& glyphs_;
    BrowserFiles files_;
    std::function<void(double)> wake_after_;
    MapOverlay map_;
};

}  // namespace desk::web
