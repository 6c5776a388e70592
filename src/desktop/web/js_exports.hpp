// JS → C++ entry points (js_exports.cpp) route to the WebPlatform given here.
#pragma once

namespace desk::web {
class WebPlatform;
void set_export_target(WebPlatform* platform);
WebPlatform* export_target();  // null before main() set it (files_exports.cpp)
}  // namespace desk::web
