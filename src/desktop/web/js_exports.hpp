// JS → C++ entry points (js_exports.cpp) route to the WebPlatform given here.
#pragma once

namespace desk::web {
class WebPlatform;
void set_export_target(WebPlatform* platform);
}  // namespace desk::web
