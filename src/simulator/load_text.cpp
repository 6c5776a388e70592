#include "load_text.hpp"

#include <charconv>

namespace sim {

namespace {
constexpr std::string_view kPrefix = "load c";
constexpr std::string_view kTimeMark = " t=";
}  // namespace

std::string make_load_text(int customer, std::int64_t seq, std::int64_t sent_ns, int bytes) {
    std::string text(kPrefix);
    text += std::to_string(customer);
    text += " #";
    text += std::to_string(seq);
    text += kTimeMark;
    text += std::to_string(sent_ns);
    text += ' ';
    static constexpr std::string_view kFiller = "the quick brown fox jumps over the lazy dog ";
    for (std::size_t i = 0; text.size() < static_cast<std::size_t>(bytes); ++i) text += kFiller[i % kFiller.size()];
    return text;
}

std::optional<std::int64_t> parse_load_sent_ns(std::string_view text) {
    if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    const auto mark = text.find(kTimeMark);
    if (mark == std::string_view::npos) return std::nullopt;
    const char* begin = text.data() + mark + kTimeMark.size();
    const char* end = text.data() + text.size();
    std::int64_t value = 0;
    auto [stop, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc{} || stop == begin || (stop != end && *stop != ' ')) return std::nullopt;
    return value;
}

}  // namespace sim
