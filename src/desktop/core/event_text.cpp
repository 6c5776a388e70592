#include "desktop/core/event_text.hpp"

#include <cstdint>
#include <cstdio>
#include <vector>

#include "desktop/core/calls.hpp"

namespace desk {

namespace {

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string size_text(std::int64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " B";
    if (bytes < 1024 * 1024) return fixed(static_cast<double>(bytes) / 1024.0, 0) + " KB";
    return fixed(static_cast<double>(bytes) / (1024.0 * 1024.0), 1) + " MB";
}

std::string role_name(proto::Role role) {
    switch (role) {
        case proto::Role::customer:
            return "customer";
        case proto::Role::agent:
            return "agent";
        case proto::Role::system:
            return "system";
    }
    return "system";
}

struct Describe {
    std::string operator()(const proto::TextBody& b) const { return b.text; }
    std::string operator()(const proto::FileBody& b) const {
        std::string text = "File: " + b.file.name + " (" + b.file.mime + ", " + size_text(b.file.size);
        if (b.file.width && b.file.height)
            text += ", " + std::to_string(*b.file.width) + "x" + std::to_string(*b.file.height);
        return text + ")";
    }
    std::string operator()(const proto::LocationBody& b) const {
        return "Location shared: " + fixed(b.location.lat, 6) + ", " + fixed(b.location.lon, 6) + " (accuracy " +
            fixed(b.location.accuracy, 0) + " m)";
    }
    std::string operator()(const proto::LocationRequestBody&) const { return "Location requested"; }
    std::string operator()(const proto::ContextBody& b) const {
        std::string text = "Context updated:";
        for (const auto& [key, value] : b.values)
            text += " " + key + (value.empty() ? " (removed)" : "=" + value) + ";";
        text.pop_back();
        return text;
    }
    std::string operator()(const proto::JoinedBody& b) const { return b.name + " joined (" + role_name(b.role) + ")"; }
    std::string operator()(const proto::LeftBody& b) const {
        return b.name + " left" + (b.reason.empty() ? "" : " (" + b.reason + ")");
    }
    std::string operator()(const proto::TransferBody& b) const { return "Transferred from " + b.from + " to " + b.to; }
    std::string operator()(const proto::CallBody& b) const {
        // Worded for the transcript (the author's name is shown beside it); update_calls.cpp sends these.
        const bool phone = b.mode == proto::CallMode::phone;
        const std::string kind = phone ? "phone call" : "browser call";
        const std::string after = b.duration_ms ? " after " + duration_label(*b.duration_ms) : "";
        std::string why = b.reason.value_or("");
        for (char& c : why)
            if (c == '_') c = ' ';
        switch (b.action) {
            case proto::CallAction::requested:
                return phone ? "May we call you at " + b.number.value_or("your number") + "? (call request)"
                             : std::string("May we call you in the app? (browser call request)");
            case proto::CallAction::accepted:
                return "Accepted the " + kind;
            case proto::CallAction::declined:
                return "Declined the " + kind;
            case proto::CallAction::placed:
                return "Call placed by phone" + (b.number ? " to " + *b.number : "");
            case proto::CallAction::started:
                return "Browser call started";
            case proto::CallAction::ended:
                return (phone ? "Phone call ended" : "Browser call ended") + after;
            case proto::CallAction::failed:
                return (phone ? "Phone call failed" : "Browser call failed") + (why.empty() ? "" : ": " + why) + after;
        }
        return "Call " + std::string(proto::to_string(b.action));
    }
    std::string operator()(const proto::EndedBody& b) const {
        return "Chat ended by " + role_name(b.by) + (b.reason.empty() ? "" : " (" + b.reason + ")");
    }
};

}  // namespace

std::string event_display_text(const proto::Event& event) { return std::visit(Describe{}, event.body); }

std::string internal_event_text(const proto::InternalEvent& event) {
    const std::string& who = event.by.display_name;
    switch (event.kind) {
        case proto::InternalKind::whisper:
            return "Whisper \xC2\xB7 " + who + ": " + event.text;
        case proto::InternalKind::flagged:
            return event.text.empty() ? who + " flagged the chat for help" : who + " flagged: " + event.text;
        case proto::InternalKind::unflagged:
            return who + " withdrew the flag";
        case proto::InternalKind::watch_started:
            return who + " started watching";
        case proto::InternalKind::watch_stopped:
            return who + " stopped watching";
        case proto::InternalKind::barged_in:
            return who + " joined the chat";
    }
    return who + ": " + event.text;
}

bool is_customer_message(const proto::Event& event) {
    if (event.author.role != proto::Role::customer) return false;
    const auto kind = event.kind();
    return kind == proto::EventKind::text || kind == proto::EventKind::file || kind == proto::EventKind::location;
}

namespace {

// Length of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte, so scanning moves on).
std::size_t utf8_length(unsigned char lead) {
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC2 && lead < 0xE0) return 2;
    return 1;
}

// A word's first letter: skips ASCII punctuation and digits ("(Max" -> "M", "+49" -> nothing).
std::string first_letter(const std::string& word) {
    for (std::size_t i = 0; i < word.size();) {
        const auto c = static_cast<unsigned char>(word[i]);
        const std::size_t n = utf8_length(c);
        if (c >= 0x80) {
            if (n == 1 || i + n > word.size()) return {};  // invalid UTF-8: no initial rather than broken text
            bool continuation = true;
            for (std::size_t k = 1; k < n; ++k)
                continuation = continuation && (static_cast<unsigned char>(word[i + k]) & 0xC0) == 0x80;
            return continuation ? word.substr(i, n) : std::string{};
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return std::string(1, static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c));
        i += n;
    }
    return {};
}

}  // namespace

std::string initials(const std::string& name) {
    std::vector<std::string> letters;
    std::size_t i = 0;
    while (i < name.size()) {
        while (i < name.size() && (name[i] == ' ' || name[i] == '\t' || name[i] == '\n')) ++i;
        std::size_t end = i;
        while (end < name.size() && name[end] != ' ' && name[end] != '\t' && name[end] != '\n') ++end;
        if (end > i) {
            std::string letter = first_letter(name.substr(i, end - i));
            if (!letter.empty()) letters.push_back(std::move(letter));
        }
        i = end;
    }
    if (letters.empty()) return "?";
    return letters.size() == 1 ? letters.front() : letters.front() + letters.back();
}

std::size_t avatar_color_index(const std::string& person_id, std::size_t colors) {
    if (colors == 0) return 0;
    std::uint32_t hash = 2166136261u;  // FNV-1a: the same on every platform and build
    for (const char c : person_id) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    return hash % colors;
}

}  // namespace desk
