// Files in the desktop's state: the agent's uploads (picker, drop, paste → HTTP upload with progress), the image
// textures of photos in the transcript (an LRU cache with a named cap), the photo viewer and the GPS positions
// read from photos' EXIF. Plain values, changed only by update_files.cpp; the platform does the I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace desk {

// Named limits of the files feature (config.json "desktop": {"maxLiveTextures": 64, …}).
struct FileSettings {
    std::size_t max_live_textures = 64;    // image textures kept on the GPU at once; least recently shown go first
    std::size_t max_image_loads = 3;       // downloads + decodes running at once (the rest wait in order)
    std::size_t max_uploads = 2;           // uploads running at once (the rest wait as "queued")
    int thumbnail_max_px = 320;            // longest side of a thumbnail texture, in texture pixels
    int viewer_max_px = 2048;              // longest side of the viewer's texture (bounded GPU memory and upload)
    std::size_t exif_head_bytes = 131072;  // first bytes of a JPEG handed to the EXIF reader (APP1 is <= 64 KiB)
};

enum class UploadStatus {
    queued,     // waiting for a free upload slot
    uploading,  // bytes going out; `sent` of `size`
    done,       // 201 received; the row goes when the `file` event with its clientId arrives
    failed,     // network error or a refusal the agent may retry (5xx, 401…)
    refused,    // will fail again (too big, type not allowed, chat ended): no retry, only dismiss
};

// One file the agent is sending. The bytes stay in the browser (the bridge keeps them under `handle`).
struct Upload {
    std::string handle;  // the platform's id of the picked/dropped/pasted file
    std::string chat_id;
    std::string client_id;  // the upload's clientId: a retry repeats it, so the server never stores it twice
    std::string name;
    std::string mime;  // from the magic bytes ("" when refused before that was known)
    std::int64_t size = 0;
    std::int64_t sent = 0;
    UploadStatus status = UploadStatus::queued;
    std::string error;  // readable reason of failed/refused
};

enum class ImageVariant { thumbnail, viewer };
enum class ImageStatus { queued, loading, ready, failed };

// A decoded photo on the GPU. `texture` is the platform's texture name (a WebGL texture in the browser).
struct ImageEntry {
    std::string file_id;
    std::string chat_id;
    ImageVariant variant = ImageVariant::thumbnail;
    ImageStatus status = ImageStatus::queued;
    std::uint32_t texture = 0;  // 0 while not ready
    int width = 0, height = 0;  // of the texture, after EXIF orientation
    std::uint64_t last_used = 0;
    std::string error;
};

// The photo viewer. zoom 1 = fit to the window; rotation in quarter turns clockwise; pan in fitted-image units
// (fractions of the shown size), so it survives window resizes.
struct Viewer {
    std::string chat_id;
    std::string file_id;  // "" = closed
    double zoom = 1;
    int rotation = 0;
    double pan_x = 0, pan_y = 0;
};

struct GpsFix {
    double lat = 0;
    double lon = 0;
};

struct FilesState {
    FileSettings settings;
    std::vector<Upload> uploads;
    std::map<std::string, ImageEntry> images;  // key: image_key(file_id, variant)
    std::uint64_t use_clock = 0;               // LRU clock: bumped whenever thumbnails are shown
    std::vector<std::string> shown;            // thumbnails on screen in the last frame (never evicted)
    Viewer viewer;
    std::map<std::string, GpsFix> photo_gps;  // file id → position from the photo's EXIF
    std::uint64_t next_upload = 1;
    std::size_t textures_created = 0, textures_freed = 0;  // for diagnostics and the memory test
};

std::string image_key(const std::string& file_id, ImageVariant variant);
const char* upload_status_name(UploadStatus status);
const char* image_status_name(ImageStatus status);
std::size_t live_textures(const FilesState& files);

}  // namespace desk
