// A shift's worth of chats must not leave memory behind (issue 8: "WebAssembly heap: flat, no growth across
// repeated open/close"). The rules and the views run as the App runs them (draw, then the frame's intents), against
// a small in-test server that answers every request the way the real one does. Natively the heap is glibc's; the
// browser's is dlmalloc, but what the desktop keeps per chat is the same code and the same containers.
#include <doctest/doctest.h>

#include <malloc.h>

#include <deque>
#include <map>

#include <nlohmann/json.hpp>

#include "desktop/views/map_view.hpp"
#include "desktop/views/views.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"
#include "imgui_internal.h"

using namespace desk;
using namespace desk::test;
using nlohmann::json;

namespace {

std::size_t heap_in_use() {
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

// The desktop (rules + views) and a server that answers its requests.
struct Shift {
    Harness h;
    HeadlessImGui imgui{1440, 900};
    UiState ui;
    std::map<std::string, std::string> chat_of_offer;
    std::map<std::string, std::vector<proto::EventPush>> log;  // the server's chat log, per chat

    void frame() {
        h.now += 16;
        h.apply(ev::Tick{});
        answer(h.last);
        Intents intents;
        ui.now = h.now;
        imgui.frame([&] { draw_desktop(h.s, ui, intents); });
        (void)finish_map_frame(h.s, ui);
        for (const auto& intent : intents) answer(h.apply(intent));
    }
    void frames(int count) {
        for (int i = 0; i < count; ++i) frame();
    }
    void push(const proto::ServerMessage& message) { answer(h.server(message)); }
    void append(proto::EventPush event) {
        auto& events = log[event.chat_id];
        event.event.seq = static_cast<std::int64_t>(events.size()) + 1;
        event.event.ts = static_cast<std::int64_t>(h.now);
        events.push_back(event);
        push(event);
    }

    std::uint32_t next_texture = 1;

    // Answers every frame the rules sent, and what those answers make them send, until nothing is left. Image
    // loads come back decoded, as the browser's image bridge reports them.
    void answer(const Commands& commands) {
        std::deque<json> pending;
        std::deque<cmd::LoadImage> loads;
        auto collect = [&](const Commands& sent) {
            for (const auto& frame : of_type<cmd::SendFrame>(sent)) pending.push_back(json::parse(frame.text));
            for (const auto& load : of_type<cmd::LoadImage>(sent)) loads.push_back(load);
        };
        auto drain_loads = [&] {
            while (!loads.empty()) {
                const cmd::LoadImage load = loads.front();
                loads.pop_front();
                collect(
                    h.apply(ev::FileIo{fileio::ImageLoaded{load.file_id, load.variant, next_texture++, 320, 240, ""}}));
            }
        };
        collect(commands);
        while (!pending.empty()) {
            const json request = pending.front();
            pending.pop_front();
            const std::string type = request.value("type", "");
            const std::string rid = request.value("rid", "");
            const std::string chat_id = request.value("chatId", "");
            if (type == "typing") continue;
            if (type == "offer.accept") {
                auto chat = summary(chat_of_offer.at(request["offerId"].get<std::string>()), "Round Customer");
                chat.last_seq = static_cast<std::int64_t>(log[chat.chat_id].size());
                collect(h.server(proto::ChatAssigned{rid, chat}));
            } else if (type == "chat.sync") {
                const auto after = request.value("after", std::int64_t{0});
                for (const auto& event : log[chat_id])
                    if (event.event.seq > after) collect(h.server(event));
                collect(h.server(proto::ChatSynced{rid, chat_id, static_cast<std::int64_t>(log[chat_id].size()), {}}));
            } else if (type == "chat.send") {
                auto event = text_event(chat_id, 0, proto::Role::agent, request["body"]["text"].get<std::string>(),
                                        request["clientId"].get<std::string>());
                auto& events = log[chat_id];
                event.event.seq = static_cast<std::int64_t>(events.size()) + 1;
                events.push_back(event);
                collect(h.server(proto::Ack{rid, chat_id, event.event.client_id.value_or(""), event.event.seq,
                                            static_cast<std::int64_t>(h.now)}));
                collect(h.server(event));
            } else if (type == "chat.end") {
                collect(h.server(proto::Ok{rid}));
                auto& events = log[chat_id];
                auto ended = event_with(chat_id, static_cast<std::int64_t>(events.size()) + 1,
                                        proto::EndedBody{proto::Role::agent, "resolved"});
                events.push_back(ended);
                collect(h.server(ended));
            } else if (type == "chat.wrapup") {
                collect(h.server(proto::Ok{rid}));
                collect(h.server(proto::ChatRemoved{chat_id, proto::ChatRemovedReason::closed}));
                log.erase(chat_id);
            } else if (!rid.empty()) {
                collect(h.server(proto::Ok{rid}));
            }
            if (pending.empty()) drain_loads();
        }
        drain_loads();
    }

    static constexpr int kPhotosPerRound = 5;

    // One chat from offer to filed wrap-up, the way the bench's round goes: 21 customer texts, one reply.
    void round(int number) {
        const std::string chat_id = "chat-" + std::to_string(number);
        const std::string offer_id = "offer-" + std::to_string(number);
        chat_of_offer[offer_id] = chat_id;
        append(text_event(chat_id, 0, proto::Role::customer, "Hello, this is round " + std::to_string(number) + "."));
        proto::Offer offer;
        offer.offer_id = offer_id;
        offer.chat = summary(chat_id, "Round Customer", 1);
        offer.chat.status = proto::ChatStatus::offered;
        offer.first_message = "Hello";
        offer.expires_in_ms = 20000;
        push(proto::OfferPush{offer});
        frames(3);
        answer(h.apply(intent::AcceptOffer{offer_id}));
        chat_of_offer.erase(offer_id);
        frames(3);
        REQUIRE(h.s.selected_chat_id == chat_id);
        for (int i = 0; i < 20; ++i) {
            append(text_event(chat_id, 0, proto::Role::customer,
                              "Customer message " + std::to_string(i) + " of round " + std::to_string(number) +
                                  ", with some words in it."));
            frame();
        }
        for (int i = 0; i < kPhotosPerRound;
             ++i) {  // photos: thumbnails loaded, shown, their textures freed at the end
            proto::FileInfo photo{"file-" + std::to_string(number) + "-" + std::to_string(i),
                                  "photo.jpg",
                                  "image/jpeg",
                                  250000,
                                  1280,
                                  960};
            append(event_with(chat_id, 0, proto::FileBody{photo}, proto::Role::customer));
            frames(2);
        }
        answer(h.apply(intent::SendText{chat_id, "Agent reply in round " + std::to_string(number) + "."}));
        frames(3);
        ui.end_confirm_chat = chat_id;  // the End chat button opens the confirmation
        frames(2);
        ui.end_confirm_chat.clear();
        answer(h.apply(intent::EndChat{chat_id}));
        frames(3);  // the wrap-up dialog opens for the ended chat
        answer(h.apply(intent::FileWrapup{chat_id, "Resolved", ""}));
        frames(5);
        REQUIRE(h.s.find_chat(chat_id) == nullptr);
        REQUIRE(h.s.offers.empty());
    }
};

}  // namespace

TEST_CASE("a shift of chats opened and filed leaves the heap flat") {
    Shift shift;
    shift.h.log_in();
    shift.answer(shift.h.last);
    shift.answer(shift.h.apply(intent::SetReady{}));
    shift.frames(5);

    constexpr int kWarmupRounds = 5;  // caches, ImGui windows and settings reach their steady size
    constexpr int kMeasuredRounds = 30;
    for (int number = 1; number <= kWarmupRounds; ++number) shift.round(number);
    const int windows_before = ImGui::GetCurrentContext()->Windows.Size;
    std::vector<long> after_each;
    after_each.reserve(kMeasuredRounds);
    const std::size_t before = heap_in_use();
    for (int number = kWarmupRounds + 1; number <= kWarmupRounds + kMeasuredRounds; ++number) {
        shift.round(number);
        after_each.push_back(static_cast<long>(heap_in_use()) - static_cast<long>(before));
    }
    // Dear ImGui never forgets a window: one named after a chat or an offer is ~15 KB that stays for good.
    CHECK(ImGui::GetCurrentContext()->Windows.Size == windows_before);
    // The photos were shown and their textures all went with their chats.
    CHECK(shift.h.s.files.textures_created >= (kWarmupRounds + kMeasuredRounds) * Shift::kPhotosPerRound);
    CHECK(shift.h.s.files.textures_freed == shift.h.s.files.textures_created);
    const long growth = after_each.back();
    MESSAGE("heap growth over ", kMeasuredRounds, " rounds: ", growth, " bytes (", growth / kMeasuredRounds,
            " per round)");
    // Flat: what a round leaves behind must not add up. 64 bytes a round is allocator noise and map rebalancing,
    // far below one chat's state (a chat with 23 events holds several KB).
    CHECK(growth < 64 * kMeasuredRounds);
}
