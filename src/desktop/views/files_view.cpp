#include "desktop/views/files_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "desktop/core/clock_text.hpp"
#include "desktop/core/files_rules.hpp"
#include "desktop/views/icons.hpp"
#include "desktop/views/theme.hpp"
#include "desktop/views/widgets.hpp"

namespace desk {

namespace {

constexpr float kThumbLines = 10;       // thumbnail box height, in text lines
constexpr float kThumbWidthLines = 16;  // and its widest, in text lines
constexpr float kWheelZoomStep = 1.25f;

ImTextureID texture_id(std::uint32_t texture) {
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture));
}

const ImageEntry* image_entry(const State& s, const std::string& file_id, ImageVariant variant) {
    const auto it = s.files.images.find(image_key(file_id, variant));
    return it == s.files.images.end() ? nullptr : &it->second;
}

// `inner` (w, h) scaled to fit `box`, keeping its aspect.
ImVec2 fit(ImVec2 inner, ImVec2 box) {
    if (inner.x <= 0 || inner.y <= 0) return box;
    const float scale = std::min(box.x / inner.x, box.y / inner.y);
    return ImVec2(inner.x * scale, inner.y * scale);
}

}  // namespace

ImVec2 thumbnail_box(const proto::FileInfo& file, float line_height, float wrap_width) {
    const ImVec2 box(std::max(line_height, std::min(wrap_width, kThumbWidthLines * line_height)),
                     kThumbLines * line_height);
    const float w = file.width && *file.width > 0 ? static_cast<float>(*file.width) : 4;
    const float h = file.height && *file.height > 0 ? static_cast<float>(*file.height) : 3;
    const ImVec2 size = fit(ImVec2(w, h), box);
    // Whole pixels, and never a sliver: a 1×4000 strip still gets a clickable row.
    return ImVec2(std::max(std::floor(size.x), line_height), std::max(std::floor(size.y), line_height));
}

float file_row_extra_height(const ChatEvent& event, const RowMetrics& metrics) {
    if (!event.file || !is_image_file(*event.file)) return 0;
    return thumbnail_box(*event.file, metrics.line_height, metrics.wrap_width).y + metrics.row_spacing * 0.5f;
}

void draw_file_actions(const State& s, const Chat& chat, const ChatEvent& event, Intents& intents) {
    if (!event.file) return;
    ImGui::SameLine();
    if (small_icon_button(icons::kDownload, "Download")) intents.push_back(intent::DownloadFile{event.file->file_id});
    const auto gps = s.files.photo_gps.find(event.file->file_id);
    if (gps != s.files.photo_gps.end()) {
        ImGui::SameLine();
        if (small_icon_button(icons::kMapMarker, "Show on map"))
            intents.push_back(
                intent::ShowOnMap{chat.id, gps->second.lat, gps->second.lon, "Photo: " + event.file->name});
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Where the photo was taken (from its EXIF data)");
    }
}

float file_actions_width(const State& s, const ChatEvent& event) {
    if (!event.file) return 0;
    const bool has_gps = s.files.photo_gps.count(event.file->file_id) > 0;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ButtonLabel download{icons::kDownload, "Download"};
    return spacing +
        (has_gps ? buttons_width({download, {icons::kMapMarker, "Show on map"}}) : buttons_width({download}));
}

void draw_thumbnail(const State& s, const Chat& chat, const ChatEvent& event, float wrap_width, Intents& intents,
                    std::vector<std::string>& shown) {
    if (!event.file || !is_image_file(*event.file)) return;
    const Palette& p = palette(s.theme);
    const ImVec2 box = thumbnail_box(*event.file, ImGui::GetTextLineHeight(), wrap_width);
    shown.push_back(event.file->file_id);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton("##thumbnail", box);
    if (ImGui::IsItemHovered()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("Open %s", event.file->name.c_str());
    }
    if (clicked) intents.push_back(intent::OpenViewer{chat.id, event.file->file_id});
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 end(at.x + box.x, at.y + box.y);
    const ImageEntry* entry = image_entry(s, event.file->file_id, ImageVariant::thumbnail);
    if (entry && entry->texture != 0) {
        // The decoded photo is turned by its EXIF orientation, as the server's size is; a file stored before the
        // server measured it so may still differ from its box: fit it in, centred.
        const ImVec2 size = fit(ImVec2(static_cast<float>(entry->width), static_cast<float>(entry->height)), box);
        const ImVec2 from(at.x + std::floor((box.x - size.x) * 0.5f), at.y + std::floor((box.y - size.y) * 0.5f));
        draw->AddImage(texture_id(entry->texture), from, ImVec2(from.x + size.x, from.y + size.y));
    } else {
        draw->AddRectFilled(at, end, ImGui::GetColorU32(ImGuiCol_FrameBg));
        const std::string label =
            entry && entry->status == ImageStatus::failed ? entry->error : std::string("Loading photo\xE2\x80\xA6");
        ImGui::PushClipRect(at, end, true);
        draw->AddText(ImVec2(at.x + ImGui::GetStyle().FramePadding.x, at.y + ImGui::GetStyle().FramePadding.y),
                      ImGui::GetColorU32(entry && entry->status == ImageStatus::failed ? p.danger : p.muted),
                      label.c_str());
        ImGui::PopClipRect();
    }
}

std::size_t upload_rows(const State& s, const Chat& chat) {
    return static_cast<std::size_t>(std::count_if(s.files.uploads.begin(), s.files.uploads.end(),
                                                  [&](const Upload& u) { return u.chat_id == chat.id; }));
}

void draw_upload_rows(const State& s, const Chat& chat, float wrap_width, Intents& intents) {
    const Palette& p = palette(s.theme);
    for (const auto& u : s.files.uploads) {
        if (u.chat_id != chat.id) continue;
        ImGui::PushID(u.handle.c_str());
        const std::string what = u.name + " (" + byte_size_text(u.size) + ")";
        switch (u.status) {
            case UploadStatus::queued:
            case UploadStatus::uploading: {
                colored_text(p.muted,
                             (u.status == UploadStatus::queued ? "You  waiting to upload " : "You  uploading ") + what);
                const float fraction =
                    u.size > 0 ? static_cast<float>(static_cast<double>(u.sent) / static_cast<double>(u.size)) : 0;
                char overlay[32];
                std::snprintf(overlay, sizeof overlay, "%d%%", static_cast<int>(fraction * 100));
                ImGui::ProgressBar(fraction, ImVec2(std::min(wrap_width * 0.6f, scaled(320)), 0), overlay);
                ImGui::SameLine();
                if (ImGui::SmallButton("Cancel upload")) intents.push_back(intent::CancelUpload{u.handle});
                break;
            }
            case UploadStatus::done:
                colored_text(p.muted, "You  sent " + what);
                break;
            case UploadStatus::failed:
            case UploadStatus::refused:
                colored_text(p.danger, (u.status == UploadStatus::failed ? "Upload failed: " : "Not sent: ") + what);
                ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_width);
                colored_text(p.danger, u.error);
                ImGui::PopTextWrapPos();
                if (u.status == UploadStatus::failed) {
                    if (ImGui::SmallButton("Retry upload")) intents.push_back(intent::RetryUpload{u.handle});
                    ImGui::SameLine();
                }
                if (ImGui::SmallButton("Dismiss")) intents.push_back(intent::DismissUpload{u.handle});
                break;
        }
        ImGui::PopID();
    }
}

void report_shown_images(const Chat& chat, UiState& ui, std::vector<std::string> shown, Intents& intents) {
    if (ui.shown_images_chat == chat.id && ui.shown_images == shown) return;
    ui.shown_images_chat = chat.id;
    ui.shown_images = shown;
    intents.push_back(intent::ShowImages{chat.id, std::move(shown)});
}

void draw_attach_button(const State& s, const Chat& chat, Intents& intents) {
    (void)s;
    if (icon_button(icons::kAttach, "Attach file")) intents.push_back(intent::PickFiles{chat.id});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Send a photo or PDF. You can also drop files on the chat or paste a picture (Ctrl+V).");
}

void draw_photo_viewer(const State& s, UiState& ui, Intents& intents) {
    (void)ui;
    const Viewer& v = s.files.viewer;
    if (v.file_id.empty()) return;
    const Chat* chat = s.find_readable_chat(v.chat_id);
    const proto::FileInfo* file = chat ? find_chat_file(*chat, v.file_id) : nullptr;
    if (!file) return;

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f, viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
        ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.8f, viewport->WorkSize.y * 0.85f), ImGuiCond_Appearing);
    ImGui::SetNextWindowFocus();
    bool open = true;
    const std::string title = "Photo: " + file->name + "###photo_viewer";
    if (!ImGui::Begin(title.c_str(), &open,
                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar |
                          ImGuiWindowFlags_NoScrollWithMouse)) {
        ImGui::End();
        return;
    }
    const auto ids = chat_image_ids(*chat);
    const auto index = std::find(ids.begin(), ids.end(), v.file_id) - ids.begin();

    if (ImGui::Button("< Previous")) intents.push_back(intent::ViewerStep{-1});
    ImGui::SameLine();
    ImGui::Text("%d of %d", static_cast<int>(index + 1), static_cast<int>(ids.size()));
    ImGui::SameLine();
    if (ImGui::Button("Next >")) intents.push_back(intent::ViewerStep{1});
    ImGui::SameLine();
    if (ImGui::Button("Zoom out")) intents.push_back(intent::ViewerZoom{1 / kWheelZoomStep});
    ImGui::SameLine();
    if (ImGui::Button("Fit")) intents.push_back(intent::ViewerZoom{0});
    ImGui::SameLine();
    if (ImGui::Button("Zoom in")) intents.push_back(intent::ViewerZoom{kWheelZoomStep});
    ImGui::SameLine();
    ImGui::Text("%d%%", static_cast<int>(std::lround(v.zoom * 100)));
    ImGui::SameLine();
    if (ImGui::Button("Rotate left")) intents.push_back(intent::ViewerRotate{-1});
    ImGui::SameLine();
    if (ImGui::Button("Rotate right")) intents.push_back(intent::ViewerRotate{1});
    ImGui::SameLine();
    if (icon_button(icons::kDownload, "Download photo")) intents.push_back(intent::DownloadFile{v.file_id});
    const auto gps = s.files.photo_gps.find(v.file_id);
    if (gps != s.files.photo_gps.end()) {
        ImGui::SameLine();
        if (icon_button(icons::kMapMarker, "Show on map")) {
            intents.push_back(intent::ShowOnMap{chat->id, gps->second.lat, gps->second.lon, "Photo: " + file->name});
            intents.push_back(intent::CloseViewer{});
        }
    }

    // The picture area: wheel zooms, drag pans, keys step/zoom/rotate/close.
    const ImVec2 area_at = ImGui::GetCursorScreenPos();
    const ImVec2 area = ImGui::GetContentRegionAvail();
    if (area.x < 8 || area.y < 8) {
        ImGui::End();
        return;
    }
    ImGui::InvisibleButton("##photo", area);
    const ImageEntry* sharp = image_entry(s, v.file_id, ImageVariant::viewer);
    const ImageEntry* thumb = image_entry(s, v.file_id, ImageVariant::thumbnail);
    const ImageEntry* shown = sharp && sharp->texture ? sharp : thumb && thumb->texture ? thumb : nullptr;

    const bool odd = v.rotation % 2 != 0;
    const ImVec2 image = shown
        ? ImVec2(static_cast<float>(shown->width), static_cast<float>(shown->height))
        : ImVec2(static_cast<float>(file->width.value_or(4)), static_cast<float>(file->height.value_or(3)));
    const ImVec2 fitted = fit(odd ? ImVec2(image.y, image.x) : image, area);  // the turned photo, fitted
    const float zoom = static_cast<float>(v.zoom);
    const ImVec2 turned_size(fitted.x * zoom, fitted.y * zoom);

    if (ImGui::IsItemHovered() && ImGui::GetIO().MouseWheel != 0)
        intents.push_back(intent::ViewerZoom{ImGui::GetIO().MouseWheel > 0 ? kWheelZoomStep : 1 / kWheelZoomStep});
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0) && turned_size.x > 0 &&
        turned_size.y > 0) {
        const ImVec2 d = ImGui::GetIO().MouseDelta;
        if (d.x != 0 || d.y != 0) intents.push_back(intent::ViewerPan{d.x / turned_size.x, d.y / turned_size.y});
    }
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && !ImGui::GetIO().WantTextInput) {
        if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) intents.push_back(intent::ViewerStep{1});
        if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) intents.push_back(intent::ViewerStep{-1});
        if (ImGui::IsKeyPressed(ImGuiKey_Equal) || ImGui::IsKeyPressed(ImGuiKey_KeypadAdd))
            intents.push_back(intent::ViewerZoom{kWheelZoomStep});
        if (ImGui::IsKeyPressed(ImGuiKey_Minus) || ImGui::IsKeyPressed(ImGuiKey_KeypadSubtract))
            intents.push_back(intent::ViewerZoom{1 / kWheelZoomStep});
        if (ImGui::IsKeyPressed(ImGuiKey_R)) intents.push_back(intent::ViewerRotate{ImGui::GetIO().KeyShift ? -1 : 1});
        if (ImGui::IsKeyPressed(ImGuiKey_0)) intents.push_back(intent::ViewerZoom{0});
        if (ImGui::IsKeyPressed(ImGuiKey_Escape)) open = false;
    }

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 area_end(area_at.x + area.x, area_at.y + area.y);
    draw->AddRectFilled(area_at, area_end, ImGui::GetColorU32(palette(s.theme).viewer_bg));
    const ImVec2 centre(area_at.x + area.x * 0.5f + static_cast<float>(v.pan_x) * turned_size.x,
                        area_at.y + area.y * 0.5f + static_cast<float>(v.pan_y) * turned_size.y);
    if (shown) {
        // Corners of the unturned photo around the centre, turned by quarter turns clockwise (screen y points down).
        const float hw = (odd ? turned_size.y : turned_size.x) * 0.5f,
                    hh = (odd ? turned_size.x : turned_size.y) * 0.5f;
        ImVec2 corners[4] = {ImVec2(-hw, -hh), ImVec2(hw, -hh), ImVec2(hw, hh), ImVec2(-hw, hh)};
        for (auto& c : corners)
            for (int r = 0; r < v.rotation; ++r) c = ImVec2(-c.y, c.x);
        draw->PushClipRect(area_at, area_end, true);
        draw->AddImageQuad(texture_id(shown->texture), ImVec2(centre.x + corners[0].x, centre.y + corners[0].y),
                           ImVec2(centre.x + corners[1].x, centre.y + corners[1].y),
                           ImVec2(centre.x + corners[2].x, centre.y + corners[2].y),
                           ImVec2(centre.x + corners[3].x, centre.y + corners[3].y));
        draw->PopClipRect();
    }
    if (!sharp || sharp->status != ImageStatus::ready) {
        const bool failed = sharp && sharp->status == ImageStatus::failed;
        const std::string label = failed ? sharp->error : std::string("Loading the full photo\xE2\x80\xA6");
        draw->AddText(ImVec2(area_at.x + 8, area_at.y + 8),
                      ImGui::GetColorU32(failed ? palette(s.theme).viewer_danger : palette(s.theme).viewer_text),
                      label.c_str());
    }
    ImGui::End();
    if (!open) intents.push_back(intent::CloseViewer{});
}

}  // namespace desk
