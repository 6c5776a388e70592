#include "desktop/views/widgets.hpp"

#include "desktop/views/theme.hpp"

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

void report_typed_text(const std::string& text, std::vector<Intent>& intents) {
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) {
            intents.push_back(intent::ShowText{text});
            return;
        }
}

float buttons_width(std::initializer_list<const char*> labels) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float width = 0;
    for (const char* label : labels) width += ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2;
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
    const bool clicked = ImGui::SmallButton("Copy");
    ImGui::PopID();
    return clicked;
}

void same_line_or_wrap(float next_width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + next_width <= right) ImGui::SameLine();
}

}  // namespace desk
