// desk::App (app.hpp): feeds platform events to update(), runs the resulting commands through PlatformServices,
// and draws the views. The only place where the rules, the views and the platform meet.
#include "desktop/app.hpp"

#include <chrono>
#include <random>

#include <nlohmann/json.hpp>

#include "core/overloaded.hpp"
#include "desktop/core/files_snapshot.hpp"
#include "desktop/core/snapshot.hpp"
#include "desktop/core/update.hpp"
#include "desktop/views/map_view.hpp"
#include "desktop/views/views.hpp"
#include "protocol/codec.hpp"

namespace desk {

namespace {

// Non-ASCII glyphs the views draw themselves ("…", "↓", "·").
constexpr const char* kStaticGlyphs = "\xE2\x80\xA6\xE2\x86\x93\xC2\xB7";

double wall_clock_ms() {
    using namespace std::chrono;
    return static_cast<double>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

}  // namespace

struct App::Impl {
    PlatformServices& services;
    DesktopConfig config;
    State state;
    UiState ui;
    TimeMs last_now = 0;

    void dispatch(const Event& event, TimeMs now) {
        last_now = now;
        run(update(state, event, now));
        while (!loaded.empty()) {
            const auto value = std::move(loaded.front());
            loaded.erase(loaded.begin());
            run(update(state, value, now));
        }
        // Without FileServices, each file command is answered as failed (after the commands, in order).
        while (!unserved.empty()) {
            const auto report = std::move(unserved.front());
            unserved.erase(unserved.begin());
            run(update(state, ev::FileIo{report}, now));
        }
        if (logo_unserved) {
            logo_unserved = false;
            run(update(state, ev::LogoFailed{"images cannot be shown on this platform"}, now));
        }
    }

    std::vector<ev::StoredValue> loaded = {};  // answers to cmd::StoreLoad, dispatched after the commands
    std::vector<FileIoReport> unserved = {};   // file commands of a platform without FileServices, answered as failed
    bool logo_unserved = false;                // cmd::LoadLogo on a platform without FileServices

    void run(const Commands& commands) {
        FileServices* files = services.file_services();
        // One lambda per command: a command added to commands.hpp does not compile until the platform runs it.
        const core::Overloaded run_one{
            [&](const cmd::OpenSocket& c) { services.socket_open(c.url); },
            [&](const cmd::CloseSocket&) { services.socket_close(); },
            [&](const cmd::SendFrame& c) { services.socket_send(c.text); },
            [&](const cmd::WakeAfter& c) { services.wake_after(c.delay_ms); },
            [&](const cmd::StoreSet& c) { services.storage_set(c.key, c.value); },
            [&](const cmd::StoreRemove& c) { services.storage_remove(c.key); },
            [&](const cmd::StoreLoad& c) {
                loaded.push_back(ev::StoredValue{c.key, services.storage_get(c.key)});
            },
            [&](const cmd::SetTitle& c) { services.set_title(c.title); },
            [&](const cmd::Notify& c) { services.notify(c.title, c.body); },
            [&](const cmd::PlayTone&) { services.play_tone(); },
            [&](const cmd::ClipboardWrite& c) { services.clipboard_write(c.text); },
            [&](const cmd::NeedGlyphs& c) { services.need_glyphs(c.text); },
            [&](const cmd::OpenUrl& c) { services.open_url(c.url); },
            [&](const cmd::CallMedia& c) { services.call_media(c.command_json); },
            // Files: a platform without FileServices answers the commands that expect a report as failed.
            [&](const cmd::PickFiles& c) {
                if (files) files->pick_files(c.chat_id);
            },
            [&](const cmd::StartUpload& c) {
                if (files)
                    files->upload_start(c.handle, c.url, c.token);
                else
                    unserved.push_back(fileio::Finished{c.handle, 0, ""});
            },
            [&](const cmd::AbortUpload& c) {
                if (files) files->upload_abort(c.handle);
            },
            [&](const cmd::ReleaseUpload& c) {
                if (files) files->upload_release(c.handle);
            },
            [&](const cmd::LoadImage& c) {
                if (files)
                    files->image_load(c.file_id, c.variant == ImageVariant::viewer, c.url, c.token, c.max_px,
                                      c.head_bytes);
                else
                    unserved.push_back(fileio::ImageFailed{c.file_id, c.variant, "Photos cannot be shown here."});
            },
            [&](const cmd::FreeTexture& c) {
                if (files) files->texture_free(c.texture);
            },
            [&](const cmd::DownloadFile& c) {
                if (files) files->download(c.url, c.token, c.name);
            },
            // The logo takes the photos' path (fetch, decode off the page's thread, texture) under an id no
            // server file has, without a token; on_image_* route its answer back as ev::Logo*.
            [&](const cmd::LoadLogo& c) {
                if (files)
                    files->image_load(kLogoImageId, false, c.url, "", c.max_px, 0);
                else
                    logo_unserved = true;
            },
        };
        for (const auto& command : commands) std::visit(run_one, command);
    }
};

App::App(PlatformServices& services, DesktopConfig config)
    : impl_(std::make_unique<Impl>(Impl{services, std::move(config), {}, {}, 0})) {
    const DesktopSettings& settings = impl_->config.settings;
    impl_->state.settings = settings.session;
    impl_->state.files.settings = settings.files;
    impl_->state.calls.settings = settings.calls;
    impl_->state.branding.settings = settings.branding;
    services.need_glyphs("\xC2\xB0\xC2\xB1");  // "°" and "±" of the location panel
    services.need_glyphs(kStaticGlyphs);
    std::random_device entropy;  // crypto.getRandomValues in the browser
    const std::uint64_t seed = (static_cast<std::uint64_t>(entropy()) << 32) ^ entropy();
    impl_->dispatch(ev::Started{services.storage_get(kTokenKey), services.storage_get(kThemeKey),
                                impl_->config.server_url, services.page_visible(), seed | 1},
                    wall_clock_ms());
}

App::~App() = default;

void App::on_socket_open(double now_ms) { impl_->dispatch(ev::SocketOpened{}, now_ms); }

void App::on_socket_message(std::string_view text, double now_ms) {
    auto parsed = proto::parse_server_message(text);
    if (parsed)
        impl_->dispatch(ev::ServerFrame{std::move(parsed).value()}, now_ms);
    else
        impl_->dispatch(ev::BadServerFrame{parsed.error()}, now_ms);
}

void App::on_socket_close(int code, std::string_view reason, double now_ms) {
    impl_->dispatch(ev::SocketClosed{code, std::string(reason)}, now_ms);
}

void App::on_call_media(std::string_view json, double now_ms) {
    auto parsed = parse_call_media_event(json, impl_->state.calls.settings);
    if (parsed)
        impl_->dispatch(ev::CallMediaReport{std::move(parsed).value()}, now_ms);
    else
        impl_->dispatch(
            ev::BadServerFrame{proto::Error::make(parsed.error().code, "call media: " + parsed.error().message)},
            now_ms);
}

void App::on_visibility_changed(bool visible, double now_ms) {
    impl_->dispatch(ev::VisibilityChanged{visible}, now_ms);
}

void App::on_file_offered(std::string handle, std::string chat_id, std::string name, std::int64_t size,
                          std::string head, double now_ms) {
    impl_->dispatch(
        ev::FileIo{fileio::Offered{std::move(handle), std::move(chat_id), std::move(name), size, std::move(head)}},
        now_ms);
}
void App::on_upload_progress(const std::string& handle, std::int64_t sent, double now_ms) {
    impl_->dispatch(ev::FileIo{fileio::Progress{handle, sent}}, now_ms);
}
void App::on_upload_finished(const std::string& handle, int http_status, std::string body, double now_ms) {
    impl_->dispatch(ev::FileIo{fileio::Finished{handle, http_status, std::move(body)}}, now_ms);
}
void App::on_image_loaded(std::string file_id, bool viewer, std::uint32_t texture, int width, int height,
                          std::string head, double now_ms) {
    if (file_id == kLogoImageId) return impl_->dispatch(ev::LogoLoaded{texture, width, height}, now_ms);
    impl_->dispatch(
        ev::FileIo{fileio::ImageLoaded{std::move(file_id), viewer ? ImageVariant::viewer : ImageVariant::thumbnail,
                                       texture, width, height, std::move(head)}},
        now_ms);
}
void App::on_image_failed(std::string file_id, bool viewer, std::string message, double now_ms) {
    if (file_id == kLogoImageId) return impl_->dispatch(ev::LogoFailed{std::move(message)}, now_ms);
    impl_->dispatch(
        ev::FileIo{fileio::ImageFailed{std::move(file_id), viewer ? ImageVariant::viewer : ImageVariant::thumbnail,
                                       std::move(message)}},
        now_ms);
}

void App::draw(double now_ms) {
    impl_->dispatch(ev::Tick{}, now_ms);
    impl_->ui.now = now_ms;
    Intents intents;
    draw_desktop(impl_->state, impl_->ui, intents);
    impl_->services.map_frame(finish_map_frame(impl_->state, impl_->ui));  // after every window and popup
    // Intents change the state after the frame is built, so one frame never mixes two states.
    for (const auto& intent : intents) impl_->dispatch(intent, now_ms);
}

bool App::animating() const {
    const State& s = impl_->state;
    return !s.offers.empty() || s.connection.phase == ConnectionPhase::reconnecting;
}

std::string App::snapshot_json() const { return desk::snapshot_json(impl_->state, impl_->last_now); }

}  // namespace desk
