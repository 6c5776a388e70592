#include "desktop/views/widgets.hpp"

#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"

#include "imgui_internal.h"  // ButtonEx, ImTextCharFromUtf8, LastItemData

#include <algorithm>
#include <cstdio>

namespace desk {

void pill(const std::string& label, ImVec4 background, ImVec4 text) {
    const char* begin = label.c_str();
    const char* end_text = begin + label.size();
    const ImVec2 size = ImGui::CalcTextSize(begin, end_text);
    const float pad = scaled(label.size() > 3 ? 8 : 4);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 end(at.x + size.x + 2 * pad, at.y + size.y);
    ImGui::GetWindowDrawList()->AddRectFilled(at, end, ImGui::GetColorU32(background), size.y * 0.5f);
    // The label is a text item (not only pixels), so automation and the accessibility mirror can read it.
    ImGui::Dummy(ImVec2(pad, size.y));
    ImGui::SameLine(0, 0);
    ImGui::PushStyleColor(ImGuiCol_Text, text);
    ImGui::TextUnformatted(begin, end_text);
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 0);
    ImGui::Dummy(ImVec2(pad, size.y));
}

void soft_pill(const std::string& label, ImVec4 color) {
    const ImVec4 window = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    // 18 % of the colour over the background: the word keeps its colour (and its contrast) on a tinted pill.
    constexpr float kTint = 0.18f;
    const ImVec4 background(window.x + (color.x - window.x) * kTint, window.y + (color.y - window.y) * kTint,
                            window.z + (color.z - window.z) * kTint, 1);
    pill(label, background, color);
}

void badge(long long count, ImVec4 background, ImVec4 text) {
    char label[24];
    std::snprintf(label, sizeof label, "%lld", count);
    pill(label, background, text);
}

void colored_text(ImVec4 color, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    ImGui::PopStyleColor();
}

bool button_if(bool enabled, const char* label, ImVec2 size) {
    ImGui::BeginDisabled(!enabled);
    const bool clicked = ImGui::Button(label, size);
    ImGui::EndDisabled();
    return clicked && enabled;
}

void icon_text(const char* icon, ImVec4 color, const std::string& text) {
    if (icon_prefix_width(icon) > 0) {
        colored_text(color, icon);
        ImGui::SameLine(0, scaled(5));
    }
    colored_text(color, text);
}

namespace {

// Gap between an icon and its label, at 16 px text.
constexpr float kIconGapDesignPx = 5.0f;

// The current font's glyph for `icon` (one UTF-8 character), or null when the font lacks it.
const ImFontGlyph* icon_glyph(const char* icon) {
    if (!icon || !*icon) return nullptr;
    unsigned int codepoint = 0;
    ImTextCharFromUtf8(&codepoint, icon, nullptr);
    return ImGui::GetFont()->FindGlyphNoFallback(static_cast<ImWchar>(codepoint));
}

float icon_advance(const char* icon) {
    const ImFontGlyph* glyph = icon_glyph(icon);
    return glyph ? glyph->AdvanceX * (ImGui::GetFontSize() / ImGui::GetFont()->FontSize) : 0.0f;
}

// ImGui::ButtonEx with `label` (so its ID, size rules, states and test-engine record are ImGui's own) made wider
// by the icon, the label moved right by as much, and the icon drawn in that space.
bool button_with_icon(const char* icon, const char* label, ImVec2 size, ImGuiButtonFlags flags) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float prefix = icon_prefix_width(icon);
    const float label_width = ImGui::CalcTextSize(label, nullptr, true).x;
    const float inner = size.x > 0
        ? size.x - 2 * style.FramePadding.x
        : (size.x < 0 ? ImGui::GetContentRegionAvail().x + size.x - 2 * style.FramePadding.x : prefix + label_width);
    if (prefix <= 0 || inner + 0.5f < prefix + label_width) return ImGui::ButtonEx(label, size, flags);

    if (size.x == 0) size.x = inner + 2 * style.FramePadding.x;
    // ButtonEx puts the label at align.x of the room beside it: this alignment centres icon + label as one.
    const float spare = inner - label_width;
    const float label_offset = (inner - prefix - label_width) * style.ButtonTextAlign.x + prefix;
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign,
                        ImVec2(spare > 0 ? label_offset / spare : 0.0f, style.ButtonTextAlign.y));
    const bool pressed = ImGui::ButtonEx(label, size, flags);
    ImGui::PopStyleVar();
    if (ImGui::IsItemVisible()) {
        const ImRect bb = GImGui->LastItemData.Rect;
        const float text_y = bb.Min.y + style.FramePadding.y +
            std::max(0.0f,
                     (bb.GetHeight() - 2 * style.FramePadding.y - ImGui::GetFontSize()) * style.ButtonTextAlign.y);
        const float icon_x = bb.Min.x + style.FramePadding.x + (inner - prefix - label_width) * style.ButtonTextAlign.x;
        ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(icon_x, text_y),
                                            ImGui::GetColorU32(ImGuiCol_Text), icon);
    }
    return pressed;
}

}  // namespace

float icon_prefix_width(const char* icon) {
    const float advance = icon_advance(icon);
    return advance > 0 ? advance + scaled(kIconGapDesignPx) : 0.0f;
}

bool icon_button(const char* icon, const char* label, ImVec2 size) {
    return button_with_icon(icon, label, size, ImGuiButtonFlags_None);
}

bool icon_button_if(bool enabled, const char* icon, const char* label, ImVec2 size) {
    ImGui::BeginDisabled(!enabled);
    const bool clicked = icon_button(icon, label, size);
    ImGui::EndDisabled();
    return clicked && enabled;
}

bool small_icon_button(const char* icon, const char* label) {
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0.0f));
    const bool pressed = button_with_icon(icon, label, ImVec2(0, 0), ImGuiButtonFlags_AlignTextBaseLine);
    ImGui::PopStyleVar();
    return pressed;
}

void report_typed_text(const std::string& text, std::vector<Intent>& intents) {
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) {
            intents.push_back(intent::ShowText{text});
            return;
        }
}

float buttons_width(std::initializer_list<ButtonLabel> labels) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float width = 0;
    for (const ButtonLabel& b : labels)
        width += icon_prefix_width(b.icon) + ImGui::CalcTextSize(b.label, nullptr, true).x + style.FramePadding.x * 2;
    if (labels.size() > 1) width += style.ItemSpacing.x * static_cast<float>(labels.size() - 1);
    return width;
}

void same_line_right(float width) {
    ImGui::SameLine();
    const float right_aligned = ImGui::GetContentRegionMax().x - width;
    if (right_aligned > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(right_aligned);
}

bool copy_button(const char* id) {
    ImGui::PushID(id);
    const bool clicked = small_icon_button(icons::kCopy, "Copy");
    ImGui::PopID();
    return clicked;
}

void same_line_or_wrap(float next_width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + next_width <= right) ImGui::SameLine();
}

}  // namespace desk
