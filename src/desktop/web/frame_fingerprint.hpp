// A 64-bit fingerprint of what a frame would put on screen: every draw list's vertices, indices and commands
// (clip rectangles, textures, offsets), the display and framebuffer size and the clear colour. Two frames with the
// same fingerprint look the same, so the second need not be rendered: a wake buys several frames (ImGui settles
// hover and layout over a few), and under software GL every frame rendered costs the browser's GPU process several
// milliseconds of rasterisation that delays the frames that do change. Texture contents are not looked at: a photo
// or font texture gets a new texture name when it changes (Emscripten never reuses GL names), and names are hashed.
#pragma once

#include <cstdint>

struct ImDrawData;

namespace desk::web {

[[nodiscard]] std::uint64_t frame_fingerprint(const ImDrawData& data, int framebuffer_width, int framebuffer_height,
                                              const float clear_rgba[4]);

}  // namespace desk::web
