// Soft wrap (core/soft_wrap.hpp) with a fixed-width measure: one column per character, two for the wide ones
// (three-byte UTF-8: CJK). Breaks at spaces and inside long words, UTF-8 boundaries, hard newlines, the way back
// to the logical text for many strings and edits, cursor mapping, and the logical undo history.
#include <doctest/doctest.h>

#include <random>

#include "desktop/core/soft_wrap.hpp"

using namespace desk;

namespace {

float columns(std::string_view character) { return character.size() == 3 ? 2.0f : 1.0f; }

WrappedText wrap(std::string_view text, float width) { return wrap_text(text, width, columns); }

std::vector<std::string> lines_of(const std::string& display) {
    std::vector<std::string> lines(1);
    for (char c : display) {
        if (c == '\n')
            lines.emplace_back();
        else
            lines.back().push_back(c);
    }
    return lines;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Characters and width of a line, by the test measure; false when a line starts inside a UTF-8 sequence.
struct LineMeasure {
    float width = 0;
    int characters = 0;
};
LineMeasure measure_line(const std::string& line) {
    LineMeasure m;
    for (std::size_t i = 0; i < line.size();) {
        std::size_t n = 1;
        while (i + n < line.size() && is_continuation(line[i + n])) ++n;
        m.width += columns(std::string_view(line).substr(i, n));
        ++m.characters;
        i += n;
    }
    return m;
}

// Every display line fits (or is one character too wide to split) and starts on a character boundary.
void check_lines_fit(const WrappedText& w, float width) {
    for (const auto& line : lines_of(w.display)) {
        CAPTURE(line);
        if (!line.empty()) CHECK_FALSE(is_continuation(line.front()));
        const LineMeasure m = measure_line(line);
        CHECK((m.width <= width || m.characters == 1));
    }
}

// The display text after the editor replaced display bytes [from, to) with `inserted`; the cursor after it.
DisplayEdit replaced(const WrappedText& w, std::string& storage, std::size_t from, std::size_t to,
                     std::string_view inserted) {
    storage = w.display.substr(0, from) + std::string(inserted) + w.display.substr(to);
    return {storage, from + inserted.size(), false};
}

}  // namespace

TEST_CASE("soft wrap breaks at the last space that fits; the space becomes the break") {
    const WrappedText w = wrap("the quick brown fox jumps", 10);
    CHECK(w.display == "the quick\nbrown fox\njumps");
    REQUIRE(w.breaks.size() == 2);
    CHECK(w.breaks[0].display_offset == 9);
    CHECK(w.breaks[0].replaces_space);
    CHECK(w.breaks[1].display_offset == 19);
    CHECK(logical_text(w) == "the quick brown fox jumps");
    // Exactly full lines need no break; a space that would overflow is the break.
    CHECK(wrap("abcde fghij", 5).display == "abcde\nfghij");
    CHECK(wrap("abc", 3).display == "abc");
    CHECK(wrap("", 3).display.empty());
}

TEST_CASE("soft wrap breaks a word longer than a line inside it, adding a break") {
    const WrappedText w = wrap("abcdefghij", 4);
    CHECK(w.display == "abcd\nefgh\nij");
    REQUIRE(w.breaks.size() == 2);
    CHECK_FALSE(w.breaks[0].replaces_space);
    CHECK(logical_text(w) == "abcdefghij");
    // A long word after a short one: the short one keeps its line.
    CHECK(wrap("hi abcdefghij", 4).display == "hi\nabcd\nefgh\nij");
    // A width below one character still moves on, one character a line.
    CHECK(wrap("abc", 0.5f).display == "a\nb\nc");
}

TEST_CASE("soft wrap keeps UTF-8 characters whole: German umlauts, Japanese without spaces, emoji") {
    const std::string german =
        "Gr\xC3\xBC\xC3\x9F"
        "e \xC3\xBC"
        "ber die Stra\xC3\x9F"
        "e, "
        "Donaudampfschifffahrtsgesellschaftskapit\xC3\xA4nsm\xC3\xBCtze!";
    for (float width : {3.0f, 5.0f, 7.0f, 12.0f}) {
        CAPTURE(width);
        const WrappedText w = wrap(german, width);
        CHECK(logical_text(w) == german);
        check_lines_fit(w, width);
    }
    CHECK(wrap("\xC3\xA4\xC3\xB6\xC3\xBC\xC3\x9F", 2).display == "\xC3\xA4\xC3\xB6\n\xC3\xBC\xC3\x9F");

    // 今日は天気がいいですね: no spaces, two columns each: three characters on a line of six.
    const std::string japanese =
        "\xE4\xBB\x8A\xE6\x97\xA5\xE3\x81\xAF\xE5\xA4\xA9\xE6\xB0\x97\xE3\x81\x8C\xE3\x81\x84\xE3\x81\x84\xE3\x81\xA7"
        "\xE3\x81\x99\xE3\x81\xAD";
    const WrappedText jp = wrap(japanese, 6);
    const auto lines = lines_of(jp.display);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "\xE4\xBB\x8A\xE6\x97\xA5\xE3\x81\xAF");
    CHECK(logical_text(jp) == japanese);
    check_lines_fit(jp, 6);

    const std::string emoji = "\xF0\x9F\x9A\x97\xF0\x9F\x9A\x97\xF0\x9F\x9A\x97";  // three cars, one column each
    CHECK(wrap(emoji, 2).display == "\xF0\x9F\x9A\x97\xF0\x9F\x9A\x97\n\xF0\x9F\x9A\x97");
}

TEST_CASE("soft wrap keeps hard newlines as they are and starts each paragraph afresh") {
    const WrappedText w = wrap("short\nthis line is long\n\nend", 8);
    CHECK(w.display == "short\nthis\nline is\nlong\n\nend");
    CHECK(w.breaks.size() == 2);  // the three newlines typed are no soft breaks
    CHECK(logical_text(w) == "short\nthis line is long\n\nend");
}

TEST_CASE("cursor positions map between logical and display text") {
    const WrappedText words = wrap("the quick brown", 10);  // "the quick\nbrown"
    CHECK(logical_to_display(words, 9) == 9);               // before the space: end of the first line
    CHECK(logical_to_display(words, 10) == 10);             // after it: start of the second
    CHECK(display_to_logical(words, 15) == 15);

    const WrappedText word = wrap("abcdefghij", 4);  // "abcd\nefgh\nij"
    CHECK(logical_to_display(word, 3) == 3);
    CHECK(logical_to_display(word, 4) == 5);  // at an added break: the next line, where typing continues
    CHECK(logical_to_display(word, 8) == 10);
    CHECK(logical_to_display(word, 10) == 12);
    CHECK(display_to_logical(word, 4) == 4);  // end of the first line
    CHECK(display_to_logical(word, 5) == 4);
    CHECK(display_to_logical(word, 12) == 10);
    CHECK(display_to_logical(word, 99) == 10);
}

TEST_CASE("round trip logical -> display -> logical for many strings and widths") {
    const std::vector<std::string> pieces = {"a",
                                             "word",
                                             "Stra\xC3\x9F"
                                             "e",
                                             " ",
                                             "  ",
                                             "\n",
                                             "supercalifragilistic",
                                             "\xE6\x97\xA5\xE6\x9C\xAC",
                                             "\xF0\x9F\x9A\x97",
                                             ",",
                                             "Kfz-2231-77"};
    std::mt19937 random(20261126);
    for (int round = 0; round < 400; ++round) {
        std::string text;
        const int count = static_cast<int>(random() % 30);
        for (int i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
        const float width = static_cast<float>(1 + random() % 25);
        CAPTURE(text);
        CAPTURE(width);
        const WrappedText w = wrap(text, width);
        REQUIRE(logical_text(w) == text);
        check_lines_fit(w, width);
        for (std::size_t at = 0; at <= text.size(); ++at) {
            if (at < text.size() && is_continuation(text[at])) continue;
            const std::size_t shown = logical_to_display(w, at);
            CHECK(display_to_logical(w, shown) == at);
            CHECK((shown == w.display.size() || !is_continuation(w.display[shown])));
        }
    }
}

TEST_CASE("edits at and around soft breaks recover the logical text") {
    std::string storage;
    const WrappedText w = wrap("hello world again", 6);  // "hello\nworld\nagain"
    REQUIRE(w.display == "hello\nworld\nagain");

    SUBCASE("typing inside a wrapped line and at the start of one") {
        const LogicalEdit in_line = recover_logical(w, replaced(w, storage, 8, 8, "X"));
        CHECK(in_line.text == "hello woXrld again");
        CHECK(in_line.cursor == 9);
        const LogicalEdit at_start = recover_logical(w, replaced(w, storage, 6, 6, "X"));
        CHECK(at_start.text == "hello Xworld again");
    }
    SUBCASE("a space or a newline typed at the end of a line goes before the soft break") {
        CHECK(recover_logical(w, replaced(w, storage, 5, 5, " ")).text == "hello  world again");
        const LogicalEdit newline = recover_logical(w, replaced(w, storage, 5, 5, "\n"));
        CHECK(newline.text == "hello\n world again");
        CHECK(newline.cursor == 6);
        // ... and after it at the start of the next line.
        CHECK(recover_logical(w, replaced(w, storage, 6, 6, "\n")).text == "hello \nworld again");
    }
    SUBCASE("Backspace over a soft break deletes the space it stands for") {
        const LogicalEdit edit = recover_logical(w, replaced(w, storage, 5, 6, ""));
        CHECK(edit.text == "helloworld again");
        CHECK(edit.removed == " ");
        CHECK(edit.cursor == 5);
    }
    SUBCASE("a selection spanning breaks deletes exactly the logical text it covers") {
        const LogicalEdit edit = recover_logical(w, replaced(w, storage, 3, 14, ""));  // "lo\nworld\nag"
        CHECK(edit.text == "helain");
        CHECK(edit.removed == "lo world ag");
        CHECK(edit.cursor == 3);
        CHECK(recover_logical(w, replaced(w, storage, 3, 14, "p, ")).text == "help, ain");
    }
    SUBCASE("a long paste arrives whole, then wraps") {
        const std::string paste = "Rear-end collision, no injuries. Claim KFZ-2231-77 opened; photos requested.";
        const LogicalEdit edit = recover_logical(w, replaced(w, storage, 6, 6, paste));
        CHECK(edit.text == "hello " + paste + "world again");
        CHECK(edit.cursor == 6 + paste.size());
        const WrappedText again = wrap(edit.text, 6);
        CHECK(logical_text(again) == edit.text);
        check_lines_fit(again, 6);
    }
    SUBCASE("Backspace and Delete on an added break take the character next to it") {
        const WrappedText word = wrap("abcdefgh", 4);  // "abcd\nefgh"
        const LogicalEdit back = recover_logical(word, replaced(word, storage, 4, 5, ""));
        CHECK(back.text == "abcefgh");
        CHECK(back.cursor == 3);
        DisplayEdit forward = replaced(word, storage, 4, 5, "");
        forward.forward_delete = true;
        const LogicalEdit del = recover_logical(word, forward);
        CHECK(del.text == "abcdfgh");
        CHECK(del.cursor == 4);
        // A selection over an added break deletes only what is seen: the break itself was never typed.
        CHECK(recover_logical(word, replaced(word, storage, 3, 6, "")).text == "abcfgh");
    }
    SUBCASE("an umlaut replaced by another keeps both neighbours whole") {
        const WrappedText umlaut = wrap(
            "gr\xC3\xBC\xC3\x9F"
            "e dich",
            5);
        const LogicalEdit edit = recover_logical(umlaut, replaced(umlaut, storage, 2, 4, "\xC3\xB6"));
        CHECK(edit.text ==
              "gr\xC3\xB6\xC3\x9F"
              "e dich");
        CHECK(edit.cursor == 4);
    }
}

TEST_CASE("random display edits give the logical edit they stand for") {
    const std::vector<std::string> pieces = {"ab", "Wort", " ", "\n", "\xC3\xA4", "\xE6\x97\xA5", "xxxxxxxxxxxx"};
    std::mt19937 random(7);
    std::string storage;
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        for (int i = 0, n = static_cast<int>(random() % 16); i < n; ++i) text += pieces[random() % pieces.size()];
        const WrappedText w = wrap(text, static_cast<float>(2 + random() % 8));
        // A character-aligned display range and what replaces it: nothing (Backspace, Delete, cut), or text
        // that is typed or pasted over nothing (pure insertion) or over the range (no newline: see below).
        auto boundary = [&](std::size_t at) {
            while (at > 0 && at < w.display.size() && is_continuation(w.display[at])) --at;
            return at;
        };
        std::size_t from = boundary(random() % (w.display.size() + 1));
        std::size_t to = boundary(from + random() % 6);
        if (to < from || to > w.display.size()) to = from;
        std::string inserted;
        const int kind = static_cast<int>(random() % 3);
        if (kind == 1) to = from;
        if (kind != 0)
            for (int i = 0, n = 1 + static_cast<int>(random() % 3); i < n; ++i) {
                const std::string& piece = pieces[random() % pieces.size()];
                if (kind == 2 && piece == "\n") continue;  // a pasted newline over a soft '\n' is a tie
                inserted += piece;
            }
        CAPTURE(text);
        CAPTURE(w.display);
        CAPTURE(from);
        CAPTURE(to);
        CAPTURE(inserted);
        const LogicalEdit edit = recover_logical(w, replaced(w, storage, from, to, inserted));

        std::string expected = text;
        const std::size_t logical_from = display_to_logical(w, from);
        const std::size_t logical_to = display_to_logical(w, to);
        expected.replace(logical_from, logical_to - logical_from, inserted);
        std::size_t expected_cursor = logical_from + inserted.size();
        const bool only_an_added_break = inserted.empty() && to == from + 1 && logical_from == logical_to;
        if (only_an_added_break && logical_from > 0) {  // Backspace on it: the character before goes
            std::size_t start = logical_from - 1;
            while (start > 0 && is_continuation(expected[start])) --start;
            expected.erase(start, logical_from - start);
            expected_cursor = start;
        }
        CHECK(edit.text == expected);
        CHECK(edit.cursor == expected_cursor);
    }
}

TEST_CASE("undo history swaps logical snapshots, forgets redo on a new edit, stays bounded") {
    UndoHistory history;
    TextSnapshot current{"", 0};
    CHECK_FALSE(history.undo(current));
    history.record(current);
    current = {"a", 1};
    history.record(current);
    current = {"ab", 2};
    REQUIRE(history.undo(current));
    CHECK(current.text == "a");
    REQUIRE(history.undo(current));
    CHECK(current.text.empty());
    CHECK_FALSE(history.undo(current));
    REQUIRE(history.redo(current));
    CHECK(current.text == "a");
    history.record(current);
    current = {"ax", 2};
    CHECK_FALSE(history.redo(current));  // the new edit replaced what could be redone

    UndoHistory bounded;
    for (std::size_t i = 0; i < UndoHistory::kMaxSteps + 50; ++i) bounded.record({std::to_string(i), 0});
    TextSnapshot top{"top", 0};
    std::size_t steps = 0;
    while (bounded.undo(top)) ++steps;
    CHECK(steps == UndoHistory::kMaxSteps);
    CHECK(top.text == "50");  // the oldest went first
}
