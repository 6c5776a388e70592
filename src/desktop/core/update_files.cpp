// Files: the agent's uploads (checked against the welcome's limits and the server's type allow-list before a
// byte goes out, then uploaded over HTTP with progress, cancel and retry), the photo textures of the transcript
// (loaded when shown, an LRU cap, freed with their chat) and the photo viewer.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "desktop/core/backoff.hpp"
#include "media/exif.hpp"
#include "desktop/core/files_rules.hpp"
#include "core/overloaded.hpp"
#include "desktop/core/update_internal.hpp"
#include "media/file_types.hpp"  // the server's own magic-byte allow-list, so both sides judge a file alike

#include <nlohmann/json.hpp>

namespace desk {

std::string image_key(const std::string& file_id, ImageVariant variant) {
    return file_id + (variant == ImageVariant::viewer ? "#viewer" : "#thumb");
}

const char* upload_status_name(UploadStatus status) {
    switch (status) {
        case UploadStatus::queued:
            return "queued";
        case UploadStatus::uploading:
            return "uploading";
        case UploadStatus::done:
            return "done";
        case UploadStatus::failed:
            return "failed";
        case UploadStatus::refused:
            return "refused";
    }
    return "queued";
}

const char* image_status_name(ImageStatus status) {
    switch (status) {
        case ImageStatus::queued:
            return "queued";
        case ImageStatus::loading:
            return "loading";
        case ImageStatus::ready:
            return "ready";
        case ImageStatus::failed:
            return "failed";
    }
    return "queued";
}

std::size_t live_textures(const FilesState& files) {
    return static_cast<std::size_t>(
        std::count_if(files.images.begin(), files.images.end(), [](const auto& e) { return e.second.texture != 0; }));
}

std::string http_base_url(const std::string& ws_url) {
    std::string url = ws_url;
    if (url.rfind("wss://", 0) == 0)
        url = "https://" + url.substr(6);
    else if (url.rfind("ws://", 0) == 0)
        url = "http://" + url.substr(5);
    const auto query = url.find_first_of("?#");
    if (query != std::string::npos) url.resize(query);
    if (url.size() >= 3 && url.compare(url.size() - 3, 3, "/ws") == 0) url.resize(url.size() - 3);
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += ch;
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string byte_size_text(std::int64_t bytes) {
    char buffer[32];
    if (bytes < 1024)
        std::snprintf(buffer, sizeof buffer, "%lld B", static_cast<long long>(bytes));
    else if (bytes < 1024 * 1024)
        std::snprintf(buffer, sizeof buffer, "%.0f KB", static_cast<double>(bytes) / 1024.0);
    else
        std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buffer;
}

bool is_image_file(const proto::FileInfo& file) { return file.mime.rfind("image/", 0) == 0; }

const proto::FileInfo* find_chat_file(const Chat& chat, const std::string& file_id) {
    for (auto it = chat.events.rbegin(); it != chat.events.rend(); ++it)
        if (it->file && it->file->file_id == file_id) return &*it->file;
    return nullptr;
}

std::vector<std::string> chat_image_ids(const Chat& chat) {
    std::vector<std::string> ids;
    for (const auto& e : chat.events)
        if (e.file && is_image_file(*e.file)) ids.push_back(e.file->file_id);
    return ids;
}

namespace detail {

namespace {

Upload* find_upload(State& s, const std::string& handle) {
    auto it = std::find_if(s.files.uploads.begin(), s.files.uploads.end(),
                           [&](const Upload& u) { return u.handle == handle; });
    return it == s.files.uploads.end() ? nullptr : &*it;
}

std::string new_upload_client_id(State& s) {
    char buffer[48];
    const auto random = static_cast<unsigned long long>(next_unit_random(s.rng) * 281474976710656.0);  // 48 bits
    std::snprintf(buffer, sizeof buffer, "f-%012llx-%llu", random,
                  static_cast<unsigned long long>(s.files.next_upload++));
    return buffer;
}

// Why the server would refuse this file, judged here first so the agent learns it before the upload
// ("" = fine). Same rules as the server: size limit from the welcome, type by magic bytes, name must not claim
// another type, the chat must be active.
std::string upload_refusal(const State& s, const Chat& chat, const fileio::Offered& file, std::string& mime) {
    if (chat.status != proto::ChatStatus::active)
        return "The chat is not active: files can be sent only in an active chat.";
    if (file.size <= 0) return "The file is empty.";
    if (file.size > s.limits.max_upload_bytes)
        return "Too large: " + byte_size_text(file.size) + ", the limit is " +
            byte_size_text(s.limits.max_upload_bytes) + ".";
    const auto type = media::sniff_file_type(file.head);
    if (!type) return "This type of file cannot be sent (allowed: JPEG, PNG, WebP, GIF, PDF).";
    if (!media::extension_matches(file.name, type->kind))
        return "The name's extension does not match the content (" + std::string(type->mime) + ").";
    mime = std::string(type->mime);
    return {};
}

void release(Step& step, const std::string& handle) { step.out.push_back(cmd::ReleaseUpload{handle}); }

void on_offered(Step& step, const fileio::Offered& file) {
    auto& s = step.s;
    const std::string chat_id = file.chat_id.empty() ? s.selected_chat_id : file.chat_id;
    const Chat* chat = s.find_chat(chat_id);
    if (!chat) {
        release(step, file.handle);
        step.notice("no_chat", "Select a chat before sending a file.");
        return;
    }
    Upload upload;
    upload.handle = file.handle;
    upload.chat_id = chat_id;
    upload.client_id = new_upload_client_id(s);
    upload.name = file.name.empty() ? "file" : file.name;
    upload.size = file.size;
    step.glyphs(upload.name);
    upload.error = upload_refusal(s, *chat, file, upload.mime);
    if (!upload.error.empty()) {
        upload.status = UploadStatus::refused;
        release(step, file.handle);
        step.glyphs(upload.error);
    }
    s.files.uploads.push_back(std::move(upload));
}

void on_finished(Step& step, const fileio::Finished& f) {
    Upload* upload = find_upload(step.s, f.handle);
    if (!upload || upload->status != UploadStatus::uploading) return;  // cancelled meanwhile
    if (f.status == 201) {
        upload->status = UploadStatus::done;
        upload->sent = upload->size;
        release(step, f.handle);
        return;
    }
    std::string message;
    const auto body = nlohmann::json::parse(f.body, nullptr, false);
    if (body.is_object() && body.contains("message") && body["message"].is_string())
        message = body["message"].get<std::string>();
    // What will fail again is refused (no retry); what may pass later (network, storage, session) can be retried.
    const bool final =
        f.status == 400 || f.status == 403 || f.status == 404 || f.status == 409 || f.status == 413 || f.status == 415;
    if (f.status == 0)
        upload->error = "The upload did not reach the server (network error).";
    else
        upload->error = "The server refused the file (HTTP " + std::to_string(f.status) +
            (message.empty() ? ")." : "): " + message);
    upload->status = final ? UploadStatus::refused : UploadStatus::failed;
    if (final) release(step, f.handle);
    step.glyphs(upload->error);
}

void on_image_loaded(Step& step, const fileio::ImageLoaded& loaded) {
    auto& files = step.s.files;
    const auto it = files.images.find(image_key(loaded.file_id, loaded.variant));
    if (it == files.images.end() || it->second.status != ImageStatus::loading || loaded.texture == 0) {
        // Its chat closed or it was evicted while loading: the texture has no owner.
        if (loaded.texture != 0) {
            step.out.push_back(cmd::FreeTexture{loaded.texture});
            ++files.textures_created;
            ++files.textures_freed;
        }
        return;
    }
    ImageEntry& entry = it->second;
    entry.status = ImageStatus::ready;
    entry.texture = loaded.texture;
    entry.width = loaded.width;
    entry.height = loaded.height;
    ++files.textures_created;
    if (!loaded.head.empty()) {
        if (const auto gps = media::exif_gps_position(loaded.head))
            files.photo_gps[loaded.file_id] = GpsFix{gps->lat, gps->lon};
    }
}

void on_image_failed(Step& step, const fileio::ImageFailed& failed) {
    const auto it = step.s.files.images.find(image_key(failed.file_id, failed.variant));
    if (it == step.s.files.images.end() || it->second.status != ImageStatus::loading) return;
    it->second.status = ImageStatus::failed;
    it->second.error = failed.message.empty() ? "The photo could not be shown." : failed.message;
    step.glyphs(it->second.error);
}

// Asks for an image (creating its entry) and marks it used now.
void want_image(State& s, const std::string& chat_id, const std::string& file_id, ImageVariant variant) {
    auto [it, created] = s.files.images.try_emplace(image_key(file_id, variant));
    if (created) {
        it->second.file_id = file_id;
        it->second.chat_id = chat_id;
        it->second.variant = variant;
    }
    it->second.last_used = s.files.use_clock;
}

void free_entry(Step& step, std::map<std::string, ImageEntry>::iterator it) {
    if (it->second.texture != 0) {
        step.out.push_back(cmd::FreeTexture{it->second.texture});
        ++step.s.files.textures_freed;
    }
    step.s.files.images.erase(it);
}

void reset_view(Viewer& v) {
    v.zoom = 1;
    v.rotation = 0;
    v.pan_x = v.pan_y = 0;
}

void open_viewer(Step& step, const std::string& chat_id, const std::string& file_id) {
    auto& s = step.s;
    const Chat* chat = s.find_readable_chat(chat_id);
    const proto::FileInfo* file = chat ? find_chat_file(*chat, file_id) : nullptr;
    if (!file || !is_image_file(*file)) return;
    s.files.viewer.chat_id = chat_id;
    s.files.viewer.file_id = file_id;
    reset_view(s.files.viewer);
    ++s.files.use_clock;
    want_image(s, chat_id, file_id, ImageVariant::viewer);
    want_image(s, chat_id, file_id, ImageVariant::thumbnail);  // shown (scaled up) until the sharp one is ready
}

void download(Step& step, const std::string& file_id) {
    const auto& s = step.s;
    for (const auto& chat : s.chats) {
        if (const auto* file = find_chat_file(chat, file_id)) {
            step.out.push_back(cmd::DownloadFile{http_base_url(s.server_url) + "/api/files/" + percent_encode(file_id),
                                                 s.token, file->name});
            return;
        }
    }
    step.notice("not_found", "That file is not in a chat you hold.");
}

}  // namespace

// The intents of the other features: update.cpp never routes them here (FileIntentRoute).
struct OtherFeaturesIntent {
    template <class I>
    requires(!is_file_intent_v<I>) void operator()(const I&) const {}
};

void on_file_intent(Step& step, const Intent& intent) {
    auto& s = step.s;
    auto& files = s.files;
    const auto drop_upload = [&](const std::string& handle) {
        Upload* upload = find_upload(s, handle);
        if (!upload) return;
        if (upload->status == UploadStatus::uploading) step.out.push_back(cmd::AbortUpload{handle});
        if (upload->status != UploadStatus::refused && upload->status != UploadStatus::done) release(step, handle);
        std::erase_if(files.uploads, [&](const Upload& u) { return u.handle == handle; });
    };
    // Half the zoomed size beyond the fitted one, and a quarter more: the photo never leaves the window.
    const auto pan_limit = [&] { return std::max(0.0, files.viewer.zoom - 1) / 2 + 0.25; };
    // One lambda per file intent; the last one takes the intents of other features (update.cpp routes only
    // file intents here), so a file intent added to is_file_intent_v does not compile until it is handled.
    std::visit(core::Overloaded{
                   [&](const intent::PickFiles& i) {
                       const Chat* chat = s.find_chat(i.chat_id);
                       if (chat && chat->status == proto::ChatStatus::active)
                           step.out.push_back(cmd::PickFiles{i.chat_id});
                       else
                           step.notice("conflict", "Files can be sent only in an active chat.", i.chat_id);
                   },
                   [&](const intent::CancelUpload& i) { drop_upload(i.handle); },
                   [&](const intent::DismissUpload& i) { drop_upload(i.handle); },
                   [&](const intent::RetryUpload& i) {
                       Upload* upload = find_upload(s, i.handle);
                       if (!upload || upload->status != UploadStatus::failed) return;
                       upload->status = UploadStatus::queued;
                       upload->sent = 0;
                       upload->error.clear();
                   },
                   [&](const intent::ShowImages& i) {
                       files.shown = i.file_ids;
                       ++files.use_clock;
                       const Chat* chat = s.find_readable_chat(i.chat_id);
                       if (!chat) return;
                       for (const auto& id : i.file_ids) {
                           const auto* file = find_chat_file(*chat, id);
                           if (file && is_image_file(*file)) want_image(s, i.chat_id, id, ImageVariant::thumbnail);
                       }
                   },
                   [&](const intent::OpenViewer& i) { open_viewer(step, i.chat_id, i.file_id); },
                   [&](const intent::CloseViewer&) { files.viewer = Viewer{}; },
                   [&](const intent::ViewerStep& i) {
                       const Chat* chat = s.find_readable_chat(files.viewer.chat_id);
                       if (!chat || files.viewer.file_id.empty()) return;
                       const auto ids = chat_image_ids(*chat);
                       const auto at = std::find(ids.begin(), ids.end(), files.viewer.file_id);
                       if (at == ids.end() || ids.empty()) return;
                       const auto n = static_cast<long>(ids.size());
                       const long next = (((at - ids.begin()) + i.delta) % n + n) % n;
                       open_viewer(step, chat->id, ids[static_cast<std::size_t>(next)]);
                   },
                   [&](const intent::ViewerZoom& i) {
                       if (files.viewer.file_id.empty() || !(i.factor >= 0)) return;
                       if (i.factor == 0) {  // fit: whole photo, centred; the rotation stays
                           files.viewer.zoom = 1;
                           files.viewer.pan_x = files.viewer.pan_y = 0;
                       } else {
                           files.viewer.zoom = std::clamp(files.viewer.zoom * i.factor, kViewerMinZoom, kViewerMaxZoom);
                       }
                       files.viewer.pan_x = std::clamp(files.viewer.pan_x, -pan_limit(), pan_limit());
                       files.viewer.pan_y = std::clamp(files.viewer.pan_y, -pan_limit(), pan_limit());
                   },
                   [&](const intent::ViewerRotate& i) {
                       if (files.viewer.file_id.empty()) return;
                       files.viewer.rotation = ((files.viewer.rotation + i.quarter_turns) % 4 + 4) % 4;
                   },
                   [&](const intent::ViewerPan& i) {
                       if (files.viewer.file_id.empty() || !std::isfinite(i.dx) || !std::isfinite(i.dy)) return;
                       files.viewer.pan_x = std::clamp(files.viewer.pan_x + i.dx, -pan_limit(), pan_limit());
                       files.viewer.pan_y = std::clamp(files.viewer.pan_y + i.dy, -pan_limit(), pan_limit());
                   },
                   [&](const intent::DownloadFile& i) { download(step, i.file_id); },
                   OtherFeaturesIntent{},
               },
               intent);
}

void on_file_io(Step& step, const FileIoReport& report) {
    std::visit(core::Overloaded{
                   [&](const fileio::Offered& r) { on_offered(step, r); },
                   [&](const fileio::Progress& r) {
                       Upload* upload = find_upload(step.s, r.handle);
                       if (upload && upload->status == UploadStatus::uploading)
                           upload->sent = std::clamp<std::int64_t>(r.sent, upload->sent, upload->size);
                   },
                   [&](const fileio::Finished& r) { on_finished(step, r); },
                   [&](const fileio::ImageLoaded& r) { on_image_loaded(step, r); },
                   [&](const fileio::ImageFailed& r) { on_image_failed(step, r); },
               },
               report);
}

void files_after_step(Step& step) {
    auto& s = step.s;
    auto& files = s.files;
    auto held = [&](const std::string& chat_id) {
        const Chat* chat = s.find_readable_chat(chat_id);
        return chat != nullptr;
    };

    // Uploads: drop those of chats no longer held; a finished one leaves once its `file` event is in the log.
    for (auto it = files.uploads.begin(); it != files.uploads.end();) {
        const Chat* chat = s.find_chat(it->chat_id);
        bool gone = chat == nullptr;
        if (chat && it->status == UploadStatus::done) {
            std::size_t looked = 0;
            for (auto e = chat->events.rbegin(); e != chat->events.rend() && looked < 64; ++e, ++looked)
                if (e->file && e->client_id == it->client_id) gone = true;
        }
        if (!gone) {
            ++it;
            continue;
        }
        if (it->status == UploadStatus::uploading) step.out.push_back(cmd::AbortUpload{it->handle});
        if (it->status == UploadStatus::uploading || it->status == UploadStatus::queued ||
            it->status == UploadStatus::failed)
            release(step, it->handle);
        it = files.uploads.erase(it);
    }
    std::size_t running =
        static_cast<std::size_t>(std::count_if(files.uploads.begin(), files.uploads.end(),
                                               [](const Upload& u) { return u.status == UploadStatus::uploading; }));
    for (auto& upload : files.uploads) {
        if (running >= files.settings.max_uploads || s.token.empty()) break;
        if (upload.status != UploadStatus::queued) continue;
        upload.status = UploadStatus::uploading;
        upload.sent = 0;
        ++running;
        step.out.push_back(cmd::StartUpload{
            upload.handle,
            http_base_url(s.server_url) + "/api/chats/" + percent_encode(upload.chat_id) +
                "/files?name=" + percent_encode(upload.name) + "&clientId=" + percent_encode(upload.client_id),
            s.token});
    }

    // The viewer closes with its chat; only the shown photo keeps a viewer-sized texture.
    if (!files.viewer.file_id.empty() && !held(files.viewer.chat_id)) files.viewer = Viewer{};
    for (auto it = files.images.begin(); it != files.images.end();) {
        const ImageEntry& e = it->second;
        const bool stale = !held(e.chat_id) || (e.variant == ImageVariant::viewer && e.file_id != files.viewer.file_id);
        const bool unwanted_queue = e.status == ImageStatus::queued && e.variant == ImageVariant::thumbnail &&
            std::find(files.shown.begin(), files.shown.end(), e.file_id) == files.shown.end() &&
            e.file_id != files.viewer.file_id;
        if (stale || unwanted_queue) {
            auto next = std::next(it);
            free_entry(step, it);
            it = next;
        } else {
            ++it;
        }
    }

    // Least recently shown textures go first; what is on screen now (and the viewer's) stays.
    auto pinned = [&](const ImageEntry& e) {
        return e.file_id == files.viewer.file_id ||
            std::find(files.shown.begin(), files.shown.end(), e.file_id) != files.shown.end();
    };
    while (live_textures(files) > files.settings.max_live_textures) {
        auto victim = files.images.end();
        for (auto it = files.images.begin(); it != files.images.end(); ++it) {
            if (it->second.texture == 0 || pinned(it->second)) continue;
            if (victim == files.images.end() || it->second.last_used < victim->second.last_used) victim = it;
        }
        if (victim == files.images.end()) break;  // everything is on screen: over the cap until it scrolls away
        free_entry(step, victim);
    }

    // Start loads, the most recently wanted first (the viewer's before thumbnails of the same moment).
    std::size_t loading =
        static_cast<std::size_t>(std::count_if(files.images.begin(), files.images.end(),
                                               [](const auto& e) { return e.second.status == ImageStatus::loading; }));
    while (loading < files.settings.max_image_loads && !s.token.empty()) {
        ImageEntry* next = nullptr;
        for (auto& [key, e] : files.images) {
            if (e.status != ImageStatus::queued) continue;
            if (!next || e.last_used > next->last_used ||
                (e.last_used == next->last_used && e.variant == ImageVariant::viewer &&
                 next->variant != ImageVariant::viewer))
                next = &e;
        }
        if (!next) break;
        const Chat* chat = s.find_readable_chat(next->chat_id);
        const proto::FileInfo* file = chat ? find_chat_file(*chat, next->file_id) : nullptr;
        if (!file) {
            next->status = ImageStatus::failed;
            next->error = "The photo is no longer in the chat.";
            continue;
        }
        next->status = ImageStatus::loading;
        ++loading;
        const bool thumbnail = next->variant == ImageVariant::thumbnail;
        step.out.push_back(cmd::LoadImage{
            next->file_id, next->variant, http_base_url(s.server_url) + "/api/files/" + percent_encode(next->file_id),
            s.token, thumbnail ? files.settings.thumbnail_max_px : files.settings.viewer_max_px,
            thumbnail && file->mime == "image/jpeg" ? files.settings.exif_head_bytes : 0});
    }
}

}  // namespace detail
}  // namespace desk
