// The icons the desktop's action buttons carry: code points of the icon font fonts/icons.ttf, a build-time subset
// of Font Awesome 4.7 (Debian fonts-font-awesome, SIL OFL 1.1) merged into the UI font by the browser platform.
//
// This file is the ONE list of icons: src/desktop/web/CMakeLists.txt cuts the font to exactly the \uXXXX escapes
// written below (so adding an icon is one line here, see docs/desktop-platform.md "Fonts"), and
// tests/desktop/icons_test.cpp checks that kAll and those escapes agree. Where the font did not load (or in a
// build without it) the buttons show their label only: see icon_button in widgets.hpp.
#pragma once

namespace desk::icons {

// UTF-8 of one Font Awesome 4.7 code point each (the name after the constant is Font Awesome's).
inline constexpr char kPhone[] = "\uF095";       // phone: call by phone
inline constexpr char kVideo[] = "\uF03D";       // video-camera: call in the browser
inline constexpr char kHangUp[] = "\uF057";      // times-circle: hang up, cancel a call
inline constexpr char kMicrophone[] = "\uF130";  // microphone: unmute
inline constexpr char kMicOff[] = "\uF131";      // microphone-slash: mute
inline constexpr char kPause[] = "\uF04C";       // pause: hold
inline constexpr char kPlay[] = "\uF04B";        // play: resume
inline constexpr char kAttach[] = "\uF0C6";      // paperclip: attach a file
inline constexpr char kTransfer[] = "\uF0EC";    // exchange: transfer the chat
inline constexpr char kEndChat[] = "\uF08B";     // sign-out: end the chat
inline constexpr char kWrapUp[] = "\uF046";      // check-square-o: wrap-up
inline constexpr char kCheck[] = "\uF00C";       // check: accept, confirm
inline constexpr char kMapMarker[] = "\uF041";   // map-marker: show on map, centre the map
inline constexpr char kMap[] = "\uF279";         // map: open in a maps app
inline constexpr char kExpand[] = "\uF065";      // expand: enlarge the map
inline constexpr char kCompress[] = "\uF066";    // compress: map back to the side
inline constexpr char kCopy[] = "\uF0C5";        // copy (files-o): copy to the clipboard
inline constexpr char kSend[] = "\uF1D8";        // paper-plane: send a message
inline constexpr char kDownload[] = "\uF019";    // download
inline constexpr char kLocation[] = "\uF124";    // location-arrow: request the customer's location
inline constexpr char kVerified[] = "\uF058";    // check-circle: a verified customer
inline constexpr char kHistory[] = "\uF1DA";     // history: an earlier chat of the customer
inline constexpr char kBack[] = "\uF060";        // arrow-left: back to the live chat
inline constexpr char kFlag[] = "\uF024";        // flag: a chat flagged for a supervisor's help
inline constexpr char kEye[] = "\uF06E";         // eye: a supervisor watching a chat

// Every constant above, for tests and for checking the font (keep it in the same order).
inline constexpr const char* kAll[] = {kPhone,   kVideo,    kHangUp,  kMicrophone, kMicOff,   kPause,     kPlay,
                                       kAttach,  kTransfer, kEndChat, kWrapUp,     kCheck,    kMapMarker, kMap,
                                       kExpand,  kCompress, kCopy,    kSend,       kDownload, kLocation,  kVerified,
                                       kHistory, kBack,     kFlag,    kEye};

// Font Awesome 4.7's code points all lie in this Private Use Area block: the glyph range the atlas asks the icon
// font for (only the glyphs the subset holds get baked).
inline constexpr unsigned kFirstCodepoint = 0xF000;
inline constexpr unsigned kLastCodepoint = 0xF2FF;

}  // namespace desk::icons
