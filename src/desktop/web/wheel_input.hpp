// Mouse wheel for ImGui from the canvas only. The GLFW backend registers its wheel handler on the whole document
// (and swallows every wheel event there), so HTML overlays such as the map would lose their wheel and ImGui would
// scroll under them. This moves it to the canvas.
#pragma once

namespace desk::web {
void route_wheel_to_canvas_only();  // after ImGui_ImplGlfw_InitForOpenGL
}  // namespace desk::web
