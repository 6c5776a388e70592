#include "desktop/core/coordinates.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace desk::geo {

namespace {

proto::Error bad(std::string field, std::string_view why) { return proto::Error::invalid_field(std::move(field), why); }

}  // namespace

proto::Result<LatLon> validate(double lat, double lon) {
    if (!std::isfinite(lat)) return bad("lat", "must be a finite number");
    if (!std::isfinite(lon)) return bad("lon", "must be a finite number");
    if (lat < -90 || lat > 90) return bad("lat", "must be between -90 and 90");
    if (lon < -180 || lon > 180) return bad("lon", "must be between -180 and 180");
    return LatLon{lat, lon};
}

bool valid_accuracy(double metres) { return std::isfinite(metres) && metres >= 0; }

double round_degrees(double degrees) {
    constexpr double scale = 1e7;  // 10^kMaxDecimals
    static_assert(kMaxDecimals == 7, "scale follows kMaxDecimals");
    return std::round(degrees * scale) / scale;
}

namespace {

// The written form reduced to tokens: numbers (with their sign), degree/minute/second marks, hemisphere
// letters and pair separators. Whitespace only separates.
struct Token {
    enum Kind { number, degree, minute, second, hemisphere, separator } kind;
    double value = 0;
    bool is_integer = false;
    bool has_sign = false;
    char letter = 0;
};

// Multi-byte marks people paste from maps and documents, mapped to the ASCII ones.
struct Mark {
    std::string_view utf8;
    Token::Kind kind;
};
constexpr Mark kMarks[] = {
    {"\xC2\xB0", Token::degree},      // ° degree sign
    {"\xC2\xBA", Token::degree},      // º masculine ordinal, often typed for a degree
    {"\xE2\x80\xB2", Token::minute},  // ′ prime
    {"\xE2\x80\x99", Token::minute},  // ’ right single quotation mark
    {"\xE2\x80\xB3", Token::second},  // ″ double prime
    {"\xE2\x80\x9D", Token::second},  // ” right double quotation mark
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::vector<Token>> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t') {
            ++i;
            continue;
        }
        if (c == ',' || c == ';' || c == '/') {
            tokens.push_back({Token::separator});
            ++i;
            continue;
        }
        if (c == '\'') {
            tokens.push_back({Token::minute});
            ++i;
            continue;
        }
        if (c == '"') {
            tokens.push_back({Token::second});
            ++i;
            continue;
        }
        if (c == 'd' || c == 'D') {
            tokens.push_back({Token::degree});
            ++i;
            continue;
        }
        if (c == 'N' || c == 'S' || c == 'E' || c == 'W' || c == 'n' || c == 's' || c == 'e' || c == 'w') {
            Token t{Token::hemisphere};
            t.letter = static_cast<char>(c & ~0x20);  // upper case
            tokens.push_back(t);
            ++i;
            continue;
        }
        if (is_digit(c) || c == '-' || c == '+' || c == '.') {
            const std::size_t start = i;
            const bool sign = (c == '-' || c == '+');
            if (sign) ++i;
            std::size_t digits = 0, dots = 0;
            while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) {
                if (text[i] == '.')
                    ++dots;
                else
                    ++digits;
                ++i;
            }
            if (digits == 0 || dots > 1) return std::nullopt;
            Token t{Token::number};
            t.value = std::strtod(std::string(text.substr(start, i - start)).c_str(), nullptr);
            t.is_integer = dots == 0;
            t.has_sign = sign;
            tokens.push_back(t);
            continue;
        }
        bool matched = false;
        for (const auto& mark : kMarks) {
            if (text.substr(i, mark.utf8.size()) == mark.utf8) {
                tokens.push_back({mark.kind});
                i += mark.utf8.size();
                matched = true;
                break;
            }
        }
        if (!matched) return std::nullopt;
    }
    return tokens;
}

struct Component {
    double value = 0;  // signed degrees (sign from the number; hemisphere applied later)
    char hemisphere = 0;
};

class ComponentParser {
public:
    explicit ComponentParser(const std::vector<Token>& tokens) : t_(tokens) {}

    std::optional<Component> next() {
        Component out;
        if (at(Token::hemisphere)) out.hemisphere = t_[i_++].letter;
        if (!at(Token::number)) return std::nullopt;
        const Token degrees = t_[i_++];
        double value = std::fabs(degrees.value);
        if (at(Token::degree)) {
            ++i_;
            if (at(Token::number) && at(Token::minute, 1)) {
                const Token minutes = t_[i_];
                i_ += 2;
                // 52.5°30' means nothing; minutes and seconds must be plain and below 60.
                if (!degrees.is_integer || minutes.has_sign || minutes.value >= 60) return std::nullopt;
                value += minutes.value / 60;
                if (at(Token::number) && at(Token::second, 1)) {
                    const Token seconds = t_[i_];
                    i_ += 2;
                    if (!minutes.is_integer || seconds.has_sign || seconds.value >= 60) return std::nullopt;
                    value += seconds.value / 3600;
                }
            }
        }
        if (degrees.has_sign && degrees.value < 0) value = -value;
        // A letter after the number is this component's unless it already has one: then it starts the next
        // component ("N 52.5 E 13.4").
        if (!out.hemisphere && at(Token::hemisphere)) out.hemisphere = t_[i_++].letter;
        // A sign and a hemisphere together ("-52 S") contradict or repeat each other: refuse the guess.
        if (out.hemisphere && degrees.has_sign) return std::nullopt;
        out.value = value;
        return out;
    }

    void skip_separator() {
        if (at(Token::separator)) ++i_;
    }
    bool done() const { return i_ == t_.size(); }

private:
    bool at(Token::Kind kind, std::size_t ahead = 0) const {
        return i_ + ahead < t_.size() && t_[i_ + ahead].kind == kind;
    }
    const std::vector<Token>& t_;
    std::size_t i_ = 0;
};

bool is_latitude_letter(char h) { return h == 'N' || h == 'S'; }

double apply_hemisphere(const Component& c) {
    return (c.hemisphere == 'S' || c.hemisphere == 'W') ? -c.value : c.value;
}

}  // namespace

proto::Result<LatLon> parse_coordinates(std::string_view text) {
    const proto::Error syntax = bad("coordinates", "not a latitude/longitude pair");
    if (text.size() > kMaxCoordinateTextBytes) return syntax;
    const auto tokens = tokenize(text);
    if (!tokens || tokens->empty()) return syntax;
    ComponentParser parser(*tokens);
    auto first = parser.next();
    if (!first) return syntax;
    parser.skip_separator();
    auto second = parser.next();
    if (!second || !parser.done()) return syntax;
    // Letters name the axis: "E 13.4 N 52.5" is longitude first. Without letters, latitude comes first.
    if (first->hemisphere && second->hemisphere &&
        is_latitude_letter(first->hemisphere) == is_latitude_letter(second->hemisphere))
        return syntax;
    if ((first->hemisphere && !is_latitude_letter(first->hemisphere)) ||
        (second->hemisphere && is_latitude_letter(second->hemisphere)))
        std::swap(first, second);
    if (first->hemisphere && !is_latitude_letter(first->hemisphere)) return syntax;
    auto checked = validate(round_degrees(apply_hemisphere(*first)), round_degrees(apply_hemisphere(*second)));
    return checked;
}

namespace {

std::string fixed(double value, int decimals) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    // "-0.000000" reads as a different place than "0.000000" to a person; it is not.
    if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
    return text;
}

std::string dms(double degrees, char positive, char negative) {
    const char hemisphere = degrees < 0 ? negative : positive;
    // Whole tenths of a second, rounded once, so 59.96" carries into the minute instead of printing "60.0".
    const long long tenths = std::llround(std::fabs(degrees) * 36000.0);
    const long long d = tenths / 36000;
    const long long m = (tenths % 36000) / 600;
    const long long s = tenths % 600;
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%lld\xC2\xB0%02lld'%02lld.%lld\"%c", d, m, s / 10, s % 10,
                  tenths == 0 ? positive : hemisphere);
    return buffer;
}

}  // namespace

std::string format_decimal(LatLon p, int decimals) { return fixed(p.lat, decimals) + ", " + fixed(p.lon, decimals); }

std::string format_dms(LatLon p) {
    static_assert(kDmsSecondDecimals == 1, "dms() writes tenths of a second");
    return dms(p.lat, 'N', 'S') + " " + dms(p.lon, 'E', 'W');
}

std::string maps_link(LatLon p, int zoom) {
    const std::string lat = fixed(p.lat, kDisplayDecimals), lon = fixed(p.lon, kDisplayDecimals);
    return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=" + std::to_string(zoom) + "/" + lat +
        "/" + lon;
}

std::string accuracy_label(double metres) {
    if (!valid_accuracy(metres) || metres == 0) return "";
    if (metres < 1000) return "\xC2\xB1" + fixed(metres, 0) + " m";
    return "\xC2\xB1" + fixed(metres / 1000, 1) + " km";
}

}  // namespace desk::geo
