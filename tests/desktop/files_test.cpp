// Files in the desktop's rules: EXIF GPS from crafted JPEG bytes, the upload rules (limits and types before a
// byte goes out, progress, cancel, retry with the same clientId), the texture cache (LRU cap, shown photos kept,
// freed with their chat) and the photo viewer.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "media/exif.hpp"
#include "desktop/core/files_rules.hpp"
#include "harness.hpp"

using namespace desk;
using namespace desk::test;

namespace {

// ---- A JPEG head with an EXIF APP1 carrying GPS, built byte by byte ----
struct TiffWriter {
    bool little = false;
    std::string bytes;
    void u16(std::uint32_t v) {
        if (little)
            bytes += {char(v & 0xFF), char((v >> 8) & 0xFF)};
        else
            bytes += {char((v >> 8) & 0xFF), char(v & 0xFF)};
    }
    void u32(std::uint32_t v) {
        if (little) {
            u16(v & 0xFFFF);
            u16(v >> 16);
        } else {
            u16(v >> 16);
            u16(v & 0xFFFF);
        }
    }
    void entry(std::uint32_t tag, std::uint32_t type, std::uint32_t count, std::uint32_t value_or_offset) {
        u16(tag);
        u16(type);
        u32(count);
        u32(value_or_offset);
    }
    void ascii_entry(std::uint32_t tag, char c) {  // "N\0" fits inline
        u16(tag);
        u16(2);
        u32(2);
        bytes += {c, '\0', '\0', '\0'};
    }
};

struct Dms {
    std::uint32_t d_num, d_den, m_num, m_den, s_num, s_den;
};

// SOI, APP0 (JFIF), APP1 (Exif: IFD0 → GPS IFD), then the start of the image data.
std::string jpeg_with_gps(char lat_ref, Dms lat, char lon_ref, Dms lon, bool little = false) {
    TiffWriter t{little, {}};
    t.bytes += little ? "II" : "MM";
    t.u16(42);
    t.u32(8);                   // IFD0 at 8
    t.u16(1);                   // IFD0: one entry
    t.entry(0x8825, 4, 1, 26);  // GPS IFD at 8 + 2 + 12 + 4 = 26
    t.u32(0);                   // no next IFD
    t.u16(4);                   // GPS IFD: four entries, values after it at 26 + 2 + 48 + 4 = 80
    t.ascii_entry(0x0001, lat_ref);
    t.entry(0x0002, 5, 3, 80);
    t.ascii_entry(0x0003, lon_ref);
    t.entry(0x0004, 5, 3, 104);
    t.u32(0);
    for (const Dms& v : {lat, lon}) {
        t.u32(v.d_num);
        t.u32(v.d_den);
        t.u32(v.m_num);
        t.u32(v.m_den);
        t.u32(v.s_num);
        t.u32(v.s_den);
    }
    const std::string payload = std::string("Exif\0\0", 6) + t.bytes;
    const std::size_t length = payload.size() + 2;
    std::string jpeg("\xFF\xD8", 2);
    jpeg += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
    jpeg += std::string("\xFF\xE1", 2) + char(length >> 8) + char(length & 0xFF) + payload;
    jpeg += std::string("\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00", 10);
    return jpeg;
}

const Dms kBerlinLat{52, 1, 31, 1, 1234, 100};  // 52°31'12.34"
const Dms kBerlinLon{13, 1, 24, 1, 36, 1};      // 13°24'36"

std::string png_head() { return std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16); }
std::string pdf_head() { return "%PDF-1.4\n"; }

proto::EventPush file_event(const std::string& chat_id, std::int64_t seq, const std::string& file_id,
                            const std::string& mime = "image/jpeg", proto::Role role = proto::Role::customer,
                            const std::string& client_id = "") {
    proto::FileInfo info{file_id,     file_id + (mime == "application/pdf" ? ".pdf" : ".jpg"), mime, 1000, std::nullopt,
                         std::nullopt};
    if (mime != "application/pdf") {
        info.width = 4000;
        info.height = 3000;
    }
    auto push = event_with(chat_id, seq, proto::FileBody{info}, role);
    if (!client_id.empty()) push.event.client_id = client_id;
    return push;
}

Commands offer(Harness& h, const std::string& handle, const std::string& name, std::int64_t size,
               const std::string& head, const std::string& chat_id = "c1") {
    return h.apply(ev::FileIo{fileio::Offered{handle, chat_id, name, size, head}});
}

const Upload* upload_of(const Harness& h, const std::string& handle) {
    for (const auto& u : h.s.files.uploads)
        if (u.handle == handle) return &u;
    return nullptr;
}

}  // namespace

TEST_CASE("EXIF GPS: crafted JPEG heads in both byte orders, hemispheres, and every way to be wrong") {
    const auto berlin = media::exif_gps_position(jpeg_with_gps('N', kBerlinLat, 'E', kBerlinLon));
    REQUIRE(berlin);
    CHECK(berlin->lat == doctest::Approx(52.520094).epsilon(1e-7));
    CHECK(berlin->lon == doctest::Approx(13.41).epsilon(1e-9));
    const auto little = media::exif_gps_position(jpeg_with_gps('N', kBerlinLat, 'E', kBerlinLon, true));
    REQUIRE(little);
    CHECK(little->lat == doctest::Approx(berlin->lat));
    const auto south_west =
        media::exif_gps_position(jpeg_with_gps('S', {33, 1, 52, 1, 0, 1}, 'W', {70, 1, 30, 1, 0, 1}));
    REQUIRE(south_west);
    CHECK(south_west->lat == doctest::Approx(-33.866667));
    CHECK(south_west->lon == doctest::Approx(-70.5));

    CHECK_FALSE(media::exif_gps_position(""));
    CHECK_FALSE(media::exif_gps_position(png_head()));
    CHECK_FALSE(media::exif_gps_position(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6)));                 // no EXIF
    CHECK_FALSE(media::exif_gps_position(jpeg_with_gps('N', {52, 0, 1, 1, 1, 1}, 'E', kBerlinLon)));   // x/0
    CHECK_FALSE(media::exif_gps_position(jpeg_with_gps('N', {95, 1, 0, 1, 0, 1}, 'E', kBerlinLon)));   // > 90°
    CHECK_FALSE(media::exif_gps_position(jpeg_with_gps('N', kBerlinLat, 'E', {181, 1, 0, 1, 0, 1})));  // > 180°
    CHECK_FALSE(media::exif_gps_position(jpeg_with_gps('N', {52, 1, 75, 1, 0, 1}, 'E', kBerlinLon)));  // 75 minutes
    CHECK_FALSE(media::exif_gps_position(jpeg_with_gps('X', kBerlinLat, 'E', kBerlinLon)));            // bad ref
    // Every truncation of a good head is refused without reading past the end (ASan/UBSan builds see it).
    const std::string whole = jpeg_with_gps('N', kBerlinLat, 'E', kBerlinLon);
    std::size_t refused = 0;
    for (std::size_t n = 0; n < whole.size() - 10; ++n)
        refused += !media::exif_gps_position(whole.substr(0, n)).has_value();
    CHECK(refused == whole.size() - 10);
    // A GPS pointer far outside the segment.
    std::string hostile = whole;
    const std::size_t pointer_at =
        2 + 18 + 4 + 6 + 8 + 2 + 8;  // SOI, APP0, APP1 header, "Exif\0\0", TIFF header, count, tag/type/count
    hostile[pointer_at] = '\x7F';
    CHECK_FALSE(media::exif_gps_position(hostile));
}

TEST_CASE("upload rules: the welcome's size limit and the type allow-list are checked before sending") {
    Harness h;
    h.log_in({summary("c1"), summary("c2")});
    h.s.limits.max_upload_bytes = 1000;
    h.apply(intent::SelectChat{"c1"});

    // At the limit: accepted and started at once, with the token and an encoded name.
    auto out = offer(h, "h1", "Unfall foto.jpg", 1000, jpeg_with_gps('N', kBerlinLat, 'E', kBerlinLon));
    auto starts = of_type<cmd::StartUpload>(out);
    REQUIRE(starts.size() == 1);
    CHECK(starts[0].handle == "h1");
    CHECK(starts[0].token == kToken);
    const Upload* h1 = upload_of(h, "h1");
    REQUIRE(h1);
    CHECK(h1->status == UploadStatus::uploading);
    CHECK(h1->mime == "image/jpeg");
    CHECK(starts[0].url == "http://127.0.0.1:1/api/chats/c1/files?name=Unfall%20foto.jpg&clientId=" + h1->client_id);

    // One byte over: refused here, with the figures, and the bytes released at once.
    out = offer(h, "h2", "big.png", 1001, png_head());
    CHECK(of_type<cmd::StartUpload>(out).empty());
    REQUIRE(of_type<cmd::ReleaseUpload>(out).size() == 1);
    CHECK(upload_of(h, "h2")->status == UploadStatus::refused);
    CHECK(upload_of(h, "h2")->error.find("Too large") != std::string::npos);
    // Not on the allow-list, disguised, empty.
    offer(h, "h3", "notes.txt", 10, "just text");
    CHECK(upload_of(h, "h3")->status == UploadStatus::refused);
    offer(h, "h4", "photo.jpg", 100, pdf_head());
    CHECK(upload_of(h, "h4")->status == UploadStatus::refused);
    CHECK(upload_of(h, "h4")->error.find("extension") != std::string::npos);
    offer(h, "h5", "empty.png", 0, "");
    CHECK(upload_of(h, "h5")->status == UploadStatus::refused);
    // A refused row has no retry; dismissing it removes it.
    h.apply(intent::RetryUpload{"h2"});
    CHECK(upload_of(h, "h2")->status == UploadStatus::refused);
    h.apply(intent::DismissUpload{"h2"});
    CHECK(upload_of(h, "h2") == nullptr);

    // "" = the selected chat; none selected → a notice and the bytes released.
    out = offer(h, "h6", "a.pdf", 50, pdf_head(), "");
    CHECK(upload_of(h, "h6")->chat_id == "c1");
    h.s.selected_chat_id.clear();
    out = offer(h, "h7", "a.pdf", 50, pdf_head(), "");
    CHECK(upload_of(h, "h7") == nullptr);
    CHECK(of_type<cmd::ReleaseUpload>(out).size() == 1);

    // An ended chat takes no files (the picker is not even opened).
    h.server(event_with("c2", 1, proto::EndedBody{}));
    out = h.apply(intent::PickFiles{"c2"});
    CHECK(of_type<cmd::PickFiles>(out).empty());
    offer(h, "h8", "a.pdf", 50, pdf_head(), "c2");
    CHECK(upload_of(h, "h8")->status == UploadStatus::refused);
    CHECK(of_type<cmd::PickFiles>(h.apply(intent::PickFiles{"c1"})).size() == 1);
}

TEST_CASE("uploads: two at a time, progress, done until the file event, retry with the same clientId, cancel") {
    Harness h;
    h.log_in({summary("c1")});
    h.s.files.settings.max_uploads = 2;
    offer(h, "a", "a.pdf", 400, pdf_head());
    offer(h, "b", "b.pdf", 400, pdf_head());
    auto out = offer(h, "c", "c.pdf", 400, pdf_head());
    CHECK(of_type<cmd::StartUpload>(out).empty());
    CHECK(upload_of(h, "c")->status == UploadStatus::queued);

    h.apply(ev::FileIo{fileio::Progress{"a", 100}});
    h.apply(ev::FileIo{fileio::Progress{"a", 50}});    // never backwards
    h.apply(ev::FileIo{fileio::Progress{"a", 9999}});  // never past the size
    CHECK(upload_of(h, "a")->sent == 400);

    // 201: done (the queued one starts); the row goes when the event with its clientId arrives.
    out = h.apply(ev::FileIo{fileio::Finished{"a", 201, R"({"seq":1,"ts":1,"file":{}})"}});
    CHECK(upload_of(h, "a")->status == UploadStatus::done);
    CHECK(of_type<cmd::ReleaseUpload>(out).size() == 1);
    REQUIRE(of_type<cmd::StartUpload>(out).size() == 1);
    CHECK(of_type<cmd::StartUpload>(out)[0].handle == "c");
    const std::string a_client = upload_of(h, "a")->client_id;
    h.server(file_event("c1", 1, "f1", "application/pdf", proto::Role::agent, a_client));
    CHECK(upload_of(h, "a") == nullptr);

    // A 503 may pass later: retry re-sends the same clientId (the server answers a repeat with the original).
    const std::string b_client = upload_of(h, "b")->client_id;
    h.apply(ev::FileIo{fileio::Finished{"b", 503, R"({"code":"unavailable","message":"try again later"})"}});
    CHECK(upload_of(h, "b")->status == UploadStatus::failed);
    CHECK(upload_of(h, "b")->error.find("try again later") != std::string::npos);
    out = h.apply(intent::RetryUpload{"b"});
    REQUIRE(of_type<cmd::StartUpload>(out).size() == 1);
    CHECK(of_type<cmd::StartUpload>(out)[0].url.find("clientId=" + b_client) != std::string::npos);
    // A network error is retryable too; a 415 is final.
    h.apply(ev::FileIo{fileio::Finished{"b", 0, ""}});
    CHECK(upload_of(h, "b")->status == UploadStatus::failed);
    h.apply(ev::FileIo{fileio::Finished{"c", 415, R"({"code":"unsupported_type","message":"type"})"}});
    CHECK(upload_of(h, "c")->status == UploadStatus::refused);

    // Cancel of a running upload aborts it, releases the bytes and removes the row; a late answer is ignored.
    h.apply(intent::RetryUpload{"b"});
    out = h.apply(intent::CancelUpload{"b"});
    CHECK(of_type<cmd::AbortUpload>(out).size() == 1);
    CHECK(of_type<cmd::ReleaseUpload>(out).size() == 1);
    CHECK(upload_of(h, "b") == nullptr);
    h.apply(ev::FileIo{fileio::Finished{"b", 201, "{}"}});
    CHECK(upload_of(h, "b") == nullptr);

    // The chat goes: its running uploads are aborted.
    offer(h, "d", "d.pdf", 400, pdf_head());
    out = h.server(proto::ChatRemoved{"c1", proto::ChatRemovedReason::closed});
    CHECK(of_type<cmd::AbortUpload>(out).size() == 1);
    CHECK(h.s.files.uploads.empty());
}

TEST_CASE("texture cache: loads of shown photos only, a named cap, least recently shown evicted, freed with the chat") {
    Harness h;
    h.log_in({summary("c1"), summary("c2")});
    h.s.files.settings.max_live_textures = 4;
    h.s.files.settings.max_image_loads = 3;
    for (int i = 1; i <= 10; ++i) h.server(file_event("c1", i, "f" + std::to_string(i)));
    h.server(file_event("c1", 11, "doc", "application/pdf"));
    h.server(file_event("c2", 1, "g1"));

    std::uint32_t next_texture = 100;
    std::map<std::string, std::uint32_t> live;  // what the "GPU" holds, as a platform would
    auto run = [&](const Commands& out) {
        for (const auto& free : of_type<cmd::FreeTexture>(out)) {
            bool found = false;
            for (auto it = live.begin(); it != live.end(); ++it)
                if (it->second == free.texture) {
                    live.erase(it);
                    found = true;
                    break;
                }
            CHECK(found);
        }
        return of_type<cmd::LoadImage>(out);
    };
    auto finish = [&](const cmd::LoadImage& load, const std::string& head = {}) {
        const std::uint32_t texture = next_texture++;
        live[image_key(load.file_id, load.variant)] = texture;
        return run(h.apply(ev::FileIo{fileio::ImageLoaded{load.file_id, load.variant, texture, 320, 240, head}}));
    };

    // Shown: f1..f5 and the PDF (no image: nothing to load). Three loads at a time; JPEG thumbnails ask for the head.
    auto loads = run(h.apply(intent::ShowImages{"c1", {"f1", "f2", "f3", "f4", "f5", "doc"}}));
    REQUIRE(loads.size() == 3);
    CHECK(loads[0].variant == ImageVariant::thumbnail);
    CHECK(loads[0].max_px == h.s.files.settings.thumbnail_max_px);
    CHECK(loads[0].head_bytes == h.s.files.settings.exif_head_bytes);
    CHECK(loads[0].url.rfind("http://127.0.0.1:1/api/files/f", 0) == 0);
    CHECK(loads[0].token == kToken);
    std::vector<cmd::LoadImage> pending(loads.begin(), loads.end());
    while (!pending.empty()) {
        const auto load = pending.front();
        pending.erase(pending.begin());
        const auto more = finish(load, load.file_id == "f1" ? jpeg_with_gps('N', kBerlinLat, 'E', kBerlinLon) : "");
        pending.insert(pending.end(), more.begin(), more.end());
    }
    // Five on screen: over the cap of four, but nothing shown is evicted.
    CHECK(live_textures(h.s.files) == 5);
    CHECK(live.size() == 5);
    REQUIRE(h.s.files.photo_gps.count("f1") == 1);
    CHECK(h.s.files.photo_gps["f1"].lat == doctest::Approx(52.520094));

    // Scrolled to f6..f8: three new loads; the least recently shown go to keep the cap.
    pending = run(h.apply(intent::ShowImages{"c1", {"f6", "f7", "f8"}}));
    CHECK(pending.size() == 3);
    while (!pending.empty()) {
        const auto more = finish(pending.front());
        pending.erase(pending.begin());
        pending.insert(pending.end(), more.begin(), more.end());
    }
    CHECK(live_textures(h.s.files) == 4);
    CHECK(live.size() == 4);
    for (const char* id : {"f6", "f7", "f8"})
        CHECK(h.s.files.images.at(image_key(id, ImageVariant::thumbnail)).texture != 0);

    // Scrolled on before a load finished: the queued ones are dropped, a late texture is freed at once.
    pending = run(h.apply(intent::ShowImages{"c1", {"f9", "f10"}}));
    REQUIRE(pending.size() == 2);
    run(h.apply(intent::ShowImages{"c1", {"f1"}}));
    h.s.files.settings.max_live_textures = 100;  // (the cap is a setting; it applies on the next step)
    const auto late = h.apply(ev::FileIo{fileio::ImageLoaded{"f9", ImageVariant::thumbnail, 999, 10, 10, ""}});
    CHECK(of_type<cmd::FreeTexture>(late).empty());  // f9 was still loading: kept, it was asked for
    CHECK(h.s.files.images.at(image_key("f9", ImageVariant::thumbnail)).texture == 999);
    live[image_key("f9", ImageVariant::thumbnail)] = 999;

    // The chat closes: every texture of it is freed, none of the other chat's.
    run(h.apply(intent::ShowImages{"c2", {"g1"}}));
    h.s.selected_chat_id = "c2";
    const auto removed = h.server(proto::ChatRemoved{"c1", proto::ChatRemovedReason::closed});
    run(removed);
    for (const auto& [key, entry] : h.s.files.images) CHECK(entry.chat_id == "c2");
    // The load of f10 still in flight: its texture has no owner when it lands.
    const auto orphan = h.apply(ev::FileIo{fileio::ImageLoaded{"f10", ImageVariant::thumbnail, 555, 10, 10, ""}});
    REQUIRE(of_type<cmd::FreeTexture>(orphan).size() == 1);
    CHECK(of_type<cmd::FreeTexture>(orphan)[0].texture == 555);
    for (const auto& [key, texture] : live) CHECK(key.rfind("g", 0) == 0);
    CHECK(h.s.files.textures_created - h.s.files.textures_freed == live_textures(h.s.files));
}

TEST_CASE("viewer: open, next/previous wrap across the chat's photos, zoom and pan bounded, rotate, close") {
    Harness h;
    h.log_in({summary("c1")});
    h.server(file_event("c1", 1, "p1"));
    h.server(file_event("c1", 2, "doc", "application/pdf"));
    h.server(file_event("c1", 3, "p2"));
    auto out = h.apply(intent::OpenViewer{"c1", "doc"});  // not a photo
    CHECK(h.s.files.viewer.file_id.empty());
    out = h.apply(intent::OpenViewer{"c1", "p1"});
    CHECK(h.s.files.viewer.file_id == "p1");
    const auto loads = of_type<cmd::LoadImage>(out);
    REQUIRE(loads.size() == 2);  // the viewer's sharp one first, and the thumbnail meanwhile
    CHECK(loads[0].variant == ImageVariant::viewer);
    CHECK(loads[0].max_px == h.s.files.settings.viewer_max_px);
    CHECK(loads[0].head_bytes == 0);
    h.apply(ev::FileIo{fileio::ImageLoaded{"p1", ImageVariant::viewer, 7, 2048, 1536, ""}});

    h.apply(intent::ViewerZoom{2});
    h.apply(intent::ViewerRotate{1});
    h.apply(intent::ViewerPan{0.3, -0.2});
    CHECK(h.s.files.viewer.zoom == 2);
    CHECK(h.s.files.viewer.rotation == 1);
    CHECK(h.s.files.viewer.pan_x == doctest::Approx(0.3));
    h.apply(intent::ViewerPan{100, 0});
    CHECK(h.s.files.viewer.pan_x == doctest::Approx(0.75));  // (2 - 1) / 2 + 0.25
    for (int i = 0; i < 20; ++i) h.apply(intent::ViewerZoom{2});
    CHECK(h.s.files.viewer.zoom == kViewerMaxZoom);
    for (int i = 0; i < 40; ++i) h.apply(intent::ViewerZoom{0.5});
    CHECK(h.s.files.viewer.zoom == kViewerMinZoom);
    h.apply(intent::ViewerRotate{-3});
    CHECK(h.s.files.viewer.rotation == 2);
    h.apply(intent::ViewerZoom{0});  // fit: zoom and pan back, the rotation stays
    CHECK(h.s.files.viewer.zoom == 1);
    CHECK(h.s.files.viewer.pan_x == 0);
    CHECK(h.s.files.viewer.rotation == 2);

    // Next skips the PDF; the previous photo's big texture is freed; the view starts fitted again.
    out = h.apply(intent::ViewerStep{1});
    CHECK(h.s.files.viewer.file_id == "p2");
    CHECK(h.s.files.viewer.zoom == 1);
    CHECK(h.s.files.viewer.rotation == 0);
    REQUIRE(of_type<cmd::FreeTexture>(out).size() == 1);
    CHECK(of_type<cmd::FreeTexture>(out)[0].texture == 7);
    h.apply(intent::ViewerStep{1});
    CHECK(h.s.files.viewer.file_id == "p1");  // wraps
    h.apply(intent::ViewerStep{-1});
    CHECK(h.s.files.viewer.file_id == "p2");

    out = h.apply(intent::DownloadFile{"doc"});
    REQUIRE(of_type<cmd::DownloadFile>(out).size() == 1);
    CHECK(of_type<cmd::DownloadFile>(out)[0].url == "http://127.0.0.1:1/api/files/doc");
    CHECK(of_type<cmd::DownloadFile>(out)[0].name == "doc.pdf");
    h.apply(intent::DownloadFile{"nope"});
    CHECK(h.s.notices.back().code == "not_found");

    h.apply(intent::CloseViewer{});
    CHECK(h.s.files.viewer.file_id.empty());
    CHECK(http_base_url("wss://desk.example.com/prefix/ws") == "https://desk.example.com/prefix");
    CHECK(percent_encode("a b/ä") == "a%20b%2F%C3%A4");
}
