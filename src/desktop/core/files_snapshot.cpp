#include "desktop/core/files_snapshot.hpp"

namespace desk {

using nlohmann::json;

json file_info_json(const proto::FileInfo& file) {
    return {{"fileId", file.file_id},
            {"name", file.name},
            {"mime", file.mime},
            {"size", file.size},
            {"width", file.width ? json(*file.width) : json(nullptr)},
            {"height", file.height ? json(*file.height) : json(nullptr)}};
}

json files_snapshot_json(const State& s) {
    const FilesState& f = s.files;
    json uploads = json::array();
    for (const auto& u : f.uploads)
        uploads.push_back({{"handle", u.handle},
                           {"chatId", u.chat_id},
                           {"clientId", u.client_id},
                           {"name", u.name},
                           {"mime", u.mime},
                           {"size", u.size},
                           {"sent", u.sent},
                           {"status", upload_status_name(u.status)},
                           {"error", u.error}});
    json images = json::array();
    std::size_t live = 0, loading = 0;
    for (const auto& [key, e] : f.images) {
        live += e.texture != 0;
        loading += e.status == ImageStatus::loading;
        images.push_back({{"fileId", e.file_id},
                          {"chatId", e.chat_id},
                          {"variant", e.variant == ImageVariant::viewer ? "viewer" : "thumbnail"},
                          {"status", image_status_name(e.status)},
                          {"texture", e.texture},
                          {"width", e.width},
                          {"height", e.height},
                          {"error", e.error}});
    }
    json gps = json::object();
    for (const auto& [id, fix] : f.photo_gps) gps[id] = {{"lat", fix.lat}, {"lon", fix.lon}};
    const Viewer& v = f.viewer;
    return {{"uploads", uploads},
            {"images", images},
            {"liveTextures", live},
            {"loadingImages", loading},
            {"maxLiveTextures", f.settings.max_live_textures},
            {"texturesCreated", f.textures_created},
            {"texturesFreed", f.textures_freed},
            {"shown", f.shown},
            {"photoGps", gps},
            {"viewer",
             v.file_id.empty() ? json(nullptr)
                               : json{{"chatId", v.chat_id},
                                      {"fileId", v.file_id},
                                      {"zoom", v.zoom},
                                      {"rotation", v.rotation * 90},
                                      {"panX", v.pan_x},
                                      {"panY", v.pan_y}}}};
}

}  // namespace desk
