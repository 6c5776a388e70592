#include "desktop/views/widgets.hpp"

#include "desktop/views/theme.hpp"

#include <cstdio>

namespace desk {

void badge(long long count, ImVec4 background, ImVec4 text) {
    char label[24];
    std::snprintf(label, sizeof label, "%lld", count);
    const ImVec2 size = ImGui::CalcTextSize(label);
    const float pad = scaled(4);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 end(at.x + size.x + 2 * pad, at.y + size.y);
    ImGui::GetWindowDrawList()->AddRectFilled(at, end, ImGui::GetColorU32(background), size.y * 0.5f);
    ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + pad, at.y), ImGui::GetColorU32(text), label);
    ImGui::Dummy(ImVec2(end.x - at.x, size.y));
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

}  // namespace desk
