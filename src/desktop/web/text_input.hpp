// Text entry that works with IMEs (Japanese, Korean, Chinese), dead keys and on-screen keyboards, plus the
// clipboard. The browser side is input-bridge.js: a hidden textarea is focused while ImGui wants text, its
// committed text (input events and compositionend) arrives here; keys while composing never reach GLFW.
// Clipboard: 3.1.6's GLFW clipboard is empty, so copy goes to navigator.clipboard and paste comes from the
// document's paste event, which fills the cache ImGui reads, then Ctrl+V is replayed to ImGui.
#pragma once

#include <string>

struct ImGuiViewport;
struct ImGuiPlatformImeData;

namespace desk {
class PlatformServices;
}

namespace desk::web {

class GlyphAtlas;

class TextInput {
public:
    TextInput(GlyphAtlas& glyphs, PlatformServices& services);
    ~TextInput();

    // Hooks io.Get/SetClipboardTextFn and io.SetPlatformImeDataFn (after the GLFW backend set its own).
    void install();

    // After each frame: focus or release the IME textarea as io.WantTextInput says.
    void after_frame();

    // From the bridge: committed text (UTF-8), and the text of a paste event.
    void on_text(const std::string& utf8);
    void on_paste(const std::string& utf8);

    [[nodiscard]] const std::string& clipboard() const { return clipboard_; }

private:
    static const char* get_clipboard(void* self);
    static void set_clipboard(void* self, const char* text);
    static void place_ime(ImGuiViewport* viewport, ImGuiPlatformImeData* data);

    GlyphAtlas& glyphs_;
    PlatformServices& services_;
    std::string clipboard_;
};

}  // namespace desk::web
