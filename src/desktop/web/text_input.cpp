#include "text_input.hpp"

#include "desktop/app.hpp"
#include "glyph_atlas.hpp"
#include "js_imports.hpp"

#include "imgui.h"

namespace desk::web {

TextInput::TextInput(GlyphAtlas& glyphs, PlatformServices& services) : glyphs_(glyphs), services_(services) {}

TextInput::~TextInput() {
    ImGuiIO& io = ImGui::GetIO();
    if (io.ClipboardUserData == this) io.ClipboardUserData = nullptr;
}

void TextInput::install() {
    ImGuiIO& io = ImGui::GetIO();
    io.ClipboardUserData = this;
    io.GetClipboardTextFn = &TextInput::get_clipboard;
    io.SetClipboardTextFn = &TextInput::set_clipboard;
    io.SetPlatformImeDataFn = &TextInput::place_ime;
}

void TextInput::after_frame() {
    // Every frame, not only on changes: a click on the canvas may have moved the focus to the body while the
    // same ImGui input stays active, and the bridge then gives the focus back to the textarea.
    js_ime_set_active(ImGui::GetIO().WantTextInput ? 1 : 0);
}

void TextInput::on_text(const std::string& utf8) {
    glyphs_.need(utf8);
    ImGui::GetIO().AddInputCharactersUTF8(utf8.c_str());
}

void TextInput::on_paste(const std::string& utf8) {
    glyphs_.need(utf8);
    clipboard_ = utf8;  // the replayed Ctrl+V reads it through get_clipboard
}

const char* TextInput::get_clipboard(void* self) { return static_cast<TextInput*>(self)->clipboard_.c_str(); }

void TextInput::set_clipboard(void* self, const char* text) {
    auto* input = static_cast<TextInput*>(self);
    input->clipboard_ = text ? text : "";  // pasting inside the desktop works even without clipboard permission
    input->services_.clipboard_write(input->clipboard_);
}

void TextInput::place_ime(ImGuiViewport*, ImGuiPlatformImeData* data) {
    if (data && data->WantVisible) js_ime_place(data->InputPos.x, data->InputPos.y, data->InputLineHeight);
}

}  // namespace desk::web
