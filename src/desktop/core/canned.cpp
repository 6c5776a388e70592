#include "desktop/core/canned.hpp"

#include <algorithm>
#include <cctype>

namespace desk {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    auto lower = [](unsigned char c) { return std::tolower(c); };
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [&](char a, char b) { return lower(a) == lower(b); });
    return it != haystack.end();
}

}  // namespace

std::string expand_canned(std::string_view text, std::string_view customer_name, std::string_view agent_name) {
    std::string result(text);
    replace_all(result, "{customer.name}", customer_name);
    replace_all(result, "{agent.name}", agent_name);
    return result;
}

std::vector<std::size_t> filter_canned(const std::vector<proto::CannedResponse>& responses, std::string_view filter) {
    std::vector<std::size_t> matches;
    for (std::size_t i = 0; i < responses.size(); ++i) {
        const auto& r = responses[i];
        if (contains_ci(r.shortcut, filter) || contains_ci(r.title, filter) || contains_ci(r.text, filter))
            matches.push_back(i);
    }
    return matches;
}

const proto::CannedResponse* canned_for_slash(const std::vector<proto::CannedResponse>& responses,
                                              std::string_view draft) {
    if (draft.size() < 2 || draft.front() != '/') return nullptr;
    std::string_view name = draft.substr(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\n')) name.remove_suffix(1);
    for (const auto& r : responses)
        if (!r.shortcut.empty() && r.shortcut == name) return &r;
    return nullptr;
}

}  // namespace desk
