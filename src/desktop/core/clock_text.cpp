#include "desktop/core/clock_text.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace desk {

namespace {
constexpr double kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;
}

std::string elapsed_label(double elapsed_ms) {
    const double e = std::max(0.0, elapsed_ms);
    if (e < kMinute) return std::to_string(static_cast<long long>(e / kSecond)) + " s";
    if (e < kHour) return std::to_string(static_cast<long long>(e / kMinute)) + " min";
    return std::to_string(static_cast<long long>(e / kHour)) + " h";
}

double until_elapsed_label_changes(double elapsed_ms) {
    const double e = std::max(0.0, elapsed_ms);
    const double unit = e < kMinute ? kSecond : e < kHour ? kMinute : kHour;
    return unit - std::fmod(e, unit);
}

std::string timer_label(double elapsed_ms) {
    const auto seconds = static_cast<long long>(std::max(0.0, elapsed_ms) / kSecond);
    char buffer[32];
    if (seconds < 3600)
        std::snprintf(buffer, sizeof buffer, "%lld:%02lld", seconds / 60, seconds % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%lld:%02lld h", seconds / 3600, seconds / 60 % 60);
    return buffer;
}

double until_timer_label_changes(double elapsed_ms) {
    const double e = std::max(0.0, elapsed_ms);
    const double unit = e < kHour ? kSecond : kMinute;
    return unit - std::fmod(e, unit);
}

namespace {
// `ts` in local time, formatted by strftime.
std::string local_time_text(TimeMs ts, const char* format) {
    const std::time_t seconds = static_cast<std::time_t>(ts / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buffer[48];
    const std::size_t length = std::strftime(buffer, sizeof buffer, format, &local);
    return std::string(buffer, length);
}
}  // namespace

std::string clock_label(TimeMs ts) { return local_time_text(ts, "%H:%M"); }

std::string date_time_label(TimeMs ts) {
    const std::string text = local_time_text(ts, "%e %b %Y, %H:%M");
    return !text.empty() && text[0] == ' ' ? text.substr(1) : text;  // %e pads single-digit days
}

int seconds_left(TimeMs deadline, TimeMs now) {
    return static_cast<int>(std::max(0.0, std::ceil((deadline - now) / kSecond)));
}

bool reply_wait_overdue(TimeMs since, const Settings& settings, TimeMs server_time) {
    return server_time - since >= settings.unanswered_warning_ms;
}

bool reply_overdue(const Chat& chat, const Settings& settings, TimeMs server_time) {
    return chat.status == proto::ChatStatus::active && chat.last_customer_message_at > chat.last_agent_reply_at &&
        reply_wait_overdue(chat.last_customer_message_at, settings, server_time);
}

std::string customer_wait_label(const Chat& chat, TimeMs server_time) {
    if (chat.status != proto::ChatStatus::active || chat.last_customer_message_at <= chat.last_agent_reply_at)
        return "";
    return "Waiting " + elapsed_label(server_time - chat.last_customer_message_at);
}

}  // namespace desk
