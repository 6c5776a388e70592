// The login screen's logo (config.json branding.logoUrl, branding.hpp): asked for once at start, decoded by the
// platform's photo path; a failure leaves the product name alone on the login screen and says why in a notice.
#include <algorithm>

#include "desktop/core/update_internal.hpp"

namespace desk::detail {

void start_logo_load(Step& step) {
    Branding& b = step.s.branding;
    step.glyphs(b.settings.product_name);
    if (b.settings.logo_url.empty() || b.logo != LogoStatus::none) return;
    b.logo = LogoStatus::loading;
    const int box = std::max(b.settings.logo_max_width_px, b.settings.logo_max_height_px);
    step.out.push_back(cmd::LoadLogo{b.settings.logo_url, box * kLogoTextureScale});
}

void on_logo_loaded(Step& step, const ev::LogoLoaded& e) {
    Branding& b = step.s.branding;
    if (b.logo != LogoStatus::loading || e.texture == 0 || e.width <= 0 || e.height <= 0) {
        // Not asked for (or a texture without pixels): never keep a texture nobody frees.
        if (e.texture != 0) step.out.push_back(cmd::FreeTexture{e.texture});
        if (b.logo == LogoStatus::loading) on_logo_failed(step, ev::LogoFailed{"the image has no pixels"});
        return;
    }
    b.logo = LogoStatus::loaded;
    b.logo_texture = e.texture;
    b.logo_width = e.width;
    b.logo_height = e.height;
    b.logo_error.clear();
}

void on_logo_failed(Step& step, const ev::LogoFailed& e) {
    Branding& b = step.s.branding;
    if (b.logo != LogoStatus::loading) return;
    b.logo = LogoStatus::failed;
    b.logo_error = e.message.empty() ? "unknown error" : e.message;
    step.notice("logo_failed",
                "The logo (config.json branding.logoUrl \"" + b.settings.logo_url +
                    "\") could not be loaded: " + b.logo_error + ". The login shows the product name.");
}

}  // namespace desk::detail
