// Supervisors on the desktop: the account's role from the welcome; the overview kept and drawn (flags first,
// reply timers, time in state, load); one live chat watched read-only (supervisor.watch, then its log and its
// internal stream paged), whispers (the draft kept until stored), barging in and writing to the customer, taking
// over, watching again after a lost socket; and the agent's side: the supervisors on a held chat, whispers among
// the transcript's rows, the flag. Refusals are notices and are never asked again by themselves.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "desktop/automation/widget_locator.hpp"
#include "desktop/core/snapshot.hpp"
#include "desktop/views/views.hpp"
#include "desktop_frame.hpp"
#include "harness.hpp"
#include "imgui_headless.hpp"

using namespace desk;
using namespace desk::test;

namespace {

const proto::AgentRef kSam{"s1", "Sam Supervisor"};
const proto::AgentRef kAnna{"a1", "Anna Berger"};
const std::int64_t kNow = static_cast<std::int64_t>(kStart);

// Start, log in as the supervisor sam, open the socket and receive a welcome (role supervisor).
void log_in_supervisor(Harness& h, std::vector<proto::ChatSummary> chats = {}) {
    h.apply(ev::Started{"", "", "ws://127.0.0.1:1/ws", true, 42});
    h.apply(intent::Login{"sam", "demo-sam"});
    h.apply(ev::SocketOpened{});
    auto w = welcome(h.sent("agent.login")["rid"].get<std::string>(), std::move(chats));
    w.agent = {"s1", "sam", "Sam Supervisor", proto::AccountRole::supervisor};
    h.server(w);
    REQUIRE(h.s.connection.phase == ConnectionPhase::connected);
}

// Two live chats (c8 flagged, awaiting a reply for 65 s; c7 answered), one queued chat, two agents.
proto::SupervisorOverview overview() {
    proto::SupervisorOverview o;
    o.ts = kNow;
    o.queue = {{"q1", "Erika Musterfrau", false, kNow - 42'000, 1, std::nullopt}};
    o.queue_total = 1;
    proto::AgentView anna;
    anna.id = "a1";
    anna.display_name = "Anna Berger";
    anna.online = true;
    anna.presence = {proto::PresenceState::ready, ""};
    anna.presence_since = kNow - 125'000;  // 2:05
    anna.load = 2;
    anna.capacity = 4;
    proto::AgentView ben = anna;
    ben.id = "a2";
    ben.display_name = "Ben Koch";
    ben.presence = {proto::PresenceState::not_ready, "Lunch"};
    ben.presence_since = kNow - 3'720'000;  // 1:02 h
    ben.load = 0;
    o.agents = {anna, ben};
    proto::LiveChatView flagged;
    flagged.chat_id = "c8";
    flagged.customer_name = "Max Mustermann";
    flagged.agent = kAnna;
    flagged.assigned_at = kNow - 300'000;
    flagged.awaiting_reply_since = kNow - 65'000;
    flagged.flag = proto::ChatFlag{kAnna, "Customer wants a lawyer", kNow - 10'000};
    flagged.last_seq = 3;
    proto::LiveChatView calm = flagged;
    calm.chat_id = "c7";
    calm.customer_name = "Jonas Weber";
    calm.awaiting_reply_since = std::nullopt;
    calm.flag = std::nullopt;
    calm.watchers = {kSam};
    o.chats = {flagged, calm};
    o.chats_total = 2;
    return o;
}

proto::InternalEvent internal_event(std::int64_t seq, proto::InternalKind kind, const proto::AgentRef& by,
                                    const std::string& text, std::int64_t ts) {
    return proto::InternalEvent{seq, ts, by, kind, text};
}

std::string rid_of(const nlohmann::json& frame) { return frame["rid"].get<std::string>(); }

// Logged in as sam with the overview; c8 watched and the watch confirmed. Returns the first chat.sync's rid.
std::string watching_c8(Harness& h) {
    log_in_supervisor(h);
    h.server(overview());
    h.apply(intent::WatchChat{"c8"});
    const auto watch = h.sent("supervisor.watch");
    REQUIRE(watch.is_object());
    h.server(proto::Ok{rid_of(watch)});
    const auto sync = h.sent("chat.sync");
    REQUIRE(sync.is_object());
    return rid_of(sync);
}

std::size_t frames_sent(const Commands& commands) { return of_type<cmd::SendFrame>(commands).size(); }

std::string drawn(HeadlessImGui& imgui, const std::function<void()>& draw) {
    return drawn_text(imgui, ImVec2(1000, 700), draw);
}

nlohmann::json widget_labelled(const std::string& label) {
    for (const auto& widget : nlohmann::json::parse(automation::widgets_json()))
        if (widget["label"] == label) return widget;
    return nullptr;
}

}  // namespace

TEST_CASE("role: the welcome says agent or supervisor; the snapshot tells e2e tests") {
    Harness agent;
    agent.log_in({summary("c1")});
    CHECK_FALSE(agent.s.is_supervisor());
    auto snapshot = nlohmann::json::parse(snapshot_json(agent.s, agent.now));
    CHECK(snapshot["role"] == "agent");
    CHECK(snapshot["session"]["role"] == "agent");
    CHECK(snapshot["supervision"].is_null());
    // An overview pushed to an agent (a wrong server) is not kept.
    agent.server(overview());
    CHECK_FALSE(agent.s.supervision.overview.latest.has_value());

    Harness sam;
    log_in_supervisor(sam);
    CHECK(sam.s.is_supervisor());
    CHECK(sam.s.supervision.pane == SupervisorPane::overview);
    snapshot = nlohmann::json::parse(snapshot_json(sam.s, sam.now));
    CHECK(snapshot["role"] == "supervisor");
    CHECK(snapshot["supervision"]["received"] == false);
}

TEST_CASE("overview: kept, timed by the server's clock, drawn with flags first and stable button labels") {
    Harness h;
    log_in_supervisor(h);
    h.now += 5'000;
    auto o = overview();
    o.ts = kNow + 5'000 + 250;  // the server's clock runs 250 ms ahead of the browser's
    h.server(o);
    CHECK(h.s.server_clock_offset_ms == doctest::Approx(250));
    REQUIRE(h.s.supervision.overview.latest.has_value());
    // The overview's timers wake the page on their next second.
    const auto wakes = of_type<cmd::WakeAfter>(h.last);
    REQUIRE(wakes.size() == 1);
    CHECK(wakes[0].delay_ms <= 1000);

    const auto snapshot = nlohmann::json::parse(snapshot_json(h.s, h.now));
    const auto& sup = snapshot["supervision"];
    CHECK(sup["queueTotal"] == 1);
    CHECK(sup["queue"][0]["chatId"] == "q1");
    CHECK(sup["agents"][1]["state"] == "not_ready");
    CHECK(sup["agents"][0]["timeInState"] == "2:10");  // 125 s + 5 s waited + 0.25 s ahead
    CHECK(sup["chats"][0]["chatId"] == "c8");
    CHECK(sup["chats"][0]["flag"]["reason"] == "Customer wants a lawyer");
    CHECK(sup["chats"][0]["overdue"] == true);
    CHECK(sup["chats"][1]["overdue"] == false);
    CHECK(sup["chats"][1]["watchers"][0] == "Sam Supervisor");

    HeadlessImGui imgui(1280, 720);
    UiState ui;
    ui.now = h.now;
    const std::string text = drawn(imgui, [&] {
        Intents intents;
        draw_supervisor_overview(h.s, ui, intents);
    });
    for (const char* expected : {"Live chats", "Queue", "Agents", "Max Mustermann", "Jonas Weber", "Erika Musterfrau",
                                 "Flagged:", "Customer wants a lawyer", "1:10", "0:47", "2:10", "1:02 h",
                                 "Not Ready: Lunch", "2/4", "Sam Supervisor (watching)"}) {
        CAPTURE(expected);
        CHECK(text.find(expected) != std::string::npos);
    }
    CHECK(text.find("Max Mustermann") < text.find("Jonas Weber"));  // the server's order: flagged first

    // The whole desktop at 1280 x 720: the entry in the list, and the row buttons where a person can click them.
    automation::set_widget_recording(true);
    for (int frame = 0; frame < 3; ++frame) draw_recorded_frame(imgui, h.s, ui, h.now);
    for (const char* label : {"##pane-overview", "Watch##c8", "Take over##c8", "Watch##c7", "Take over##c7"}) {
        CAPTURE(label);
        const auto widget = widget_labelled(label);
        REQUIRE(widget.is_object());
        CHECK(widget["w"].get<float>() > 20);
        CHECK(widget["x"].get<float>() + widget["w"].get<float>() <= 1280);
        CHECK(widget["y"].get<float>() + widget["h"].get<float>() <= 720);
    }
    automation::set_widget_recording(false);
}

TEST_CASE("watch: supervisor.watch, then the log and the internal stream paged, then live pushes") {
    Harness h;
    log_in_supervisor(h);
    h.server(overview());
    h.apply(intent::WatchChat{"c9"});  // not listed live: nothing
    CHECK(frames_sent(h.last) == 0);
    CHECK_FALSE(h.s.supervision.watched.open());

    h.apply(intent::WatchChat{"c8"});
    const auto watch = h.sent("supervisor.watch");
    REQUIRE(watch.is_object());
    CHECK(watch["chatId"] == "c8");
    CHECK(watch["watching"] == true);
    CHECK(frames_sent(h.last) == 1);  // nothing read before the server agreed
    const auto& watched = h.s.supervision.watched;
    CHECK(watched.open());
    CHECK(h.s.supervision.pane == SupervisorPane::watched);

    h.server(proto::Ok{rid_of(watch)});
    CHECK(watched.watching);
    const auto sync = h.sent("chat.sync");
    const auto internal = h.sent("chat.internal");
    REQUIRE(sync.is_object());
    REQUIRE(internal.is_object());
    CHECK(sync["chatId"] == "c8");
    CHECK(sync["after"] == 0);
    CHECK(internal["after"] == 0);
    CHECK(frames_sent(h.last) == 2);

    // The log: two events, then the third in a second page.
    h.server(text_event("c8", 1, proto::Role::customer, "Ich brauche einen Anwalt"));
    h.server(text_event("c8", 2, proto::Role::agent, "Einen Moment bitte"));
    h.server(proto::ChatSynced{rid_of(sync), "c8", 3, {}});
    const auto next = h.sent("chat.sync");
    REQUIRE(next.is_object());
    CHECK(next["after"] == 2);
    h.server(text_event("c8", 3, proto::Role::customer, "Bitte schnell"));
    h.server(proto::ChatSynced{rid_of(next), "c8", 3, {}});
    CHECK(frames_sent(h.last) == 0);
    CHECK(watched.chat.events.size() == 3);
    CHECK(h.s.find_chat("c8") == nullptr);  // never one of the supervisor's own chats

    // The internal stream: a page of two of three, then the rest from the page's last seq.
    h.server(proto::InternalPage{
        rid_of(internal),
        "c8",
        {internal_event(1, proto::InternalKind::flagged, kAnna, "Customer wants a lawyer", kNow + 2),
         internal_event(2, proto::InternalKind::watch_started, kSam, "", kNow + 3)},
        3,
        proto::ChatFlag{kAnna, "Customer wants a lawyer", kNow + 2}});
    const auto more = h.sent("chat.internal");
    REQUIRE(more.is_object());
    CHECK(more["after"] == 2);
    h.server(proto::InternalPage{rid_of(more),
                                 "c8",
                                 {internal_event(3, proto::InternalKind::whisper, kSam, "Offer a callback", kNow + 3)},
                                 3,
                                 proto::ChatFlag{kAnna, "Customer wants a lawyer", kNow + 2}});
    CHECK(frames_sent(h.last) == 0);
    const auto& sup = h.s.supervision.by_chat.at("c8");
    CHECK(sup.internal.size() == 3);
    REQUIRE(sup.flag.has_value());

    // Live: the next event and the next whisper are appended.
    h.server(text_event("c8", 4, proto::Role::agent, "Ich verbinde Sie"));
    h.server(proto::InternalPush{"c8", internal_event(4, proto::InternalKind::whisper, kSam, "Good", kNow + 5)});
    CHECK(watched.chat.events.size() == 4);
    CHECK(sup.internal.size() == 4);
    h.server(proto::InternalPush{"c8", internal_event(4, proto::InternalKind::whisper, kSam, "Good", kNow + 5)});
    CHECK(sup.internal.size() == 4);  // the same seq again is not shown twice
    h.advance(5'000);
    CHECK(h.all_sent("chat.sync").empty());
    CHECK(h.all_sent("chat.internal").empty());

    const auto snapshot = nlohmann::json::parse(snapshot_json(h.s, h.now));
    CHECK(snapshot["watched"]["chatId"] == "c8");
    CHECK(snapshot["watched"]["eventCount"] == 4);
    CHECK(snapshot["watched"]["internal"][2]["text"] == "Offer a callback");
    CHECK(snapshot["watched"]["internal"][2]["kind"] == "whisper");
    CHECK(snapshot["watched"]["bargedIn"] == false);

    // The watched chat drawn: header, and the whisper among the events by time (after event 3, before event 4).
    HeadlessImGui imgui(1280, 720);
    UiState ui;
    ui.now = h.now;
    const std::string text = drawn(imgui, [&] {
        Intents intents;
        draw_watched_chat(h.s, ui, intents);
    });
    CHECK(text.find("Watching Max Mustermann \xC2\xB7 Anna Berger") != std::string::npos);
    const auto whisper = text.find("Whisper \xC2\xB7 Sam Supervisor: Offer a callback");
    const auto flagged = text.find("Anna Berger flagged: Customer wants a lawyer");
    REQUIRE(whisper != std::string::npos);
    REQUIRE(flagged != std::string::npos);
    CHECK(text.find("Einen Moment bitte") < flagged);
    CHECK(flagged < text.find("Bitte schnell"));
    CHECK(text.find("Bitte schnell") < whisper);
    CHECK(whisper < text.find("Ich verbinde Sie"));

    SUBCASE("stop watching tells the server and returns to the overview") {
        h.apply(intent::StopWatching{});
        const auto stop = h.sent("supervisor.watch");
        REQUIRE(stop.is_object());
        CHECK(stop["watching"] == false);
        CHECK_FALSE(h.s.supervision.watched.open());
        CHECK(h.s.supervision.pane == SupervisorPane::overview);
        CHECK_FALSE(h.s.supervision.by_chat.contains("c8"));
        h.server(text_event("c8", 5, proto::Role::customer, "Hallo?"));  // a push already on its way
        CHECK(h.s.find_readable_chat("c8") == nullptr);
    }
    SUBCASE("the chat leaves the overview: the view closes with a notice") {
        auto o = overview();
        o.chats.erase(o.chats.begin());
        o.chats_total = 1;
        h.server(o);
        CHECK_FALSE(h.s.supervision.watched.open());
        REQUIRE_FALSE(h.s.notices.empty());
        CHECK(h.s.notices.back().message.find("Max Mustermann") != std::string::npos);
        CHECK(frames_sent(h.last) == 0);
    }
}

TEST_CASE("watch: a refusal closes the view with a notice and is not retried") {
    Harness h;
    log_in_supervisor(h);
    h.server(overview());
    h.apply(intent::WatchChat{"c8"});
    h.server(proto::ErrorReply{rid_of(h.sent("supervisor.watch")),
                               proto::Error::make(proto::ErrorCode::conflict, "the chat is not live")});
    CHECK_FALSE(h.s.supervision.watched.open());
    REQUIRE_FALSE(h.s.notices.empty());
    CHECK(h.s.notices.back().message == "Could not watch the chat: the chat is not live");
    h.advance(60'000);
    CHECK(frames_sent(h.last) == 0);
}

TEST_CASE("whisper: sent with its text; the draft is cleared once stored, kept with a notice when refused") {
    Harness h;
    watching_c8(h);
    h.apply(intent::EditWhisper{"c8", "Offer the rental car"});
    h.apply(intent::SendWhisper{"c8", "Offer the rental car"});
    const auto whisper = h.sent("supervisor.whisper");
    REQUIRE(whisper.is_object());
    CHECK(whisper["chatId"] == "c8");
    CHECK(whisper["text"] == "Offer the rental car");
    const auto& watched = h.s.supervision.watched;
    CHECK(watched.whisper_draft == "Offer the rental car");  // until the server stored it
    h.apply(intent::SendWhisper{"c8", "Offer the rental car"});
    CHECK(h.all_sent("supervisor.whisper").empty());  // one in flight at a time

    SUBCASE("stored") {
        h.server(proto::Ok{rid_of(whisper)});
        CHECK(watched.whisper_draft.empty());
        CHECK(watched.whisper_sending.empty());
    }
    SUBCASE("refused") {
        h.server(proto::ErrorReply{rid_of(whisper), proto::Error::make(proto::ErrorCode::forbidden, "not yours")});
        CHECK(watched.whisper_draft == "Offer the rental car");
        REQUIRE_FALSE(h.s.notices.empty());
        CHECK(h.s.notices.back().message == "Whisper not sent: not yours");
        h.advance(10'000);
        CHECK(h.all_sent("supervisor.whisper").empty());
    }
    SUBCASE("an empty whisper is not sent") {
        h.server(proto::Ok{rid_of(whisper)});
        h.apply(intent::SendWhisper{"c8", "   "});
        CHECK(h.all_sent("supervisor.whisper").empty());
    }
}

TEST_CASE("barge in: only while watching; then text to the customer goes through the outbox") {
    Harness h;
    log_in_supervisor(h);
    h.server(overview());
    h.apply(intent::WatchChat{"c8"});
    const auto watch = h.sent("supervisor.watch");
    h.apply(intent::BargeIn{"c8"});
    CHECK(h.all_sent("supervisor.join").empty());  // the watch is not confirmed yet
    h.apply(intent::SendText{"c8", "Hallo"});
    CHECK(h.all_sent("chat.send").empty());  // read-only until barged in
    h.server(proto::Ok{rid_of(watch)});

    h.apply(intent::BargeIn{"c8"});
    const auto join = h.sent("supervisor.join");
    REQUIRE(join.is_object());
    CHECK(join["chatId"] == "c8");
    h.apply(intent::BargeIn{"c8"});
    CHECK(h.all_sent("supervisor.join").empty());  // asked once
    h.server(proto::Ok{rid_of(join)});
    CHECK(h.s.supervision.watched.barged_in);

    h.apply(intent::SendText{"c8", "Ich bin Sams Supervisor"});
    const auto send = h.sent("chat.send");
    REQUIRE(send.is_object());
    CHECK(send["chatId"] == "c8");
    CHECK(send["body"]["text"] == "Ich bin Sams Supervisor");
    REQUIRE(h.s.outbox.size() == 1);
    const std::string client_id = send["clientId"].get<std::string>();
    // Its event (after the three earlier ones) takes it out of the outbox.
    for (int seq = 1; seq <= 3; ++seq) h.server(text_event("c8", seq, proto::Role::customer, "..."));
    auto mine = text_event("c8", 4, proto::Role::agent, "Ich bin Sams Supervisor", client_id);
    mine.event.author.id = "s1";
    h.server(mine);
    CHECK(h.s.outbox.empty());
    CHECK(h.s.supervision.watched.chat.events.back().text == "Ich bin Sams Supervisor");

    // A refused join is a notice, not a loop.
    Harness other;
    watching_c8(other);
    other.apply(intent::BargeIn{"c8"});
    other.server(proto::ErrorReply{rid_of(other.sent("supervisor.join")),
                                   proto::Error::make(proto::ErrorCode::conflict, "chat ended")});
    CHECK_FALSE(other.s.supervision.watched.barged_in);
    CHECK(other.s.notices.back().message == "Could not barge in: chat ended");
    other.advance(5'000);
    CHECK(other.all_sent("supervisor.join").empty());
}

TEST_CASE("take over: chat.assigned makes it a held chat, selected, and ends the watched view") {
    Harness h;
    watching_c8(h);
    h.apply(intent::TakeOver{"c8"});
    const auto takeover = h.sent("supervisor.takeover");
    REQUIRE(takeover.is_object());
    CHECK(takeover["chatId"] == "c8");
    h.apply(intent::TakeOver{"c7"});
    CHECK(h.all_sent("supervisor.takeover").empty());  // one at a time

    h.server(proto::ChatAssigned{rid_of(takeover), summary("c8", "Max Mustermann", 3)});
    REQUIRE(h.s.find_chat("c8") != nullptr);
    CHECK_FALSE(h.s.supervision.watched.open());
    CHECK(h.s.selected_chat_id == "c8");
    CHECK(h.s.supervision.pane == SupervisorPane::chat);
    CHECK(h.all_sent("supervisor.watch").empty());  // the server ended the watch itself
    const auto sync = h.sent("chat.sync");
    REQUIRE(sync.is_object());
    CHECK(sync["chatId"] == "c8");
    CHECK(h.s.supervision.overview.takeover_chat_id.empty());

    // A refused takeover is a notice and frees the button.
    Harness other;
    log_in_supervisor(other);
    other.server(overview());
    other.apply(intent::TakeOver{"c7"});
    other.server(proto::ErrorReply{rid_of(other.sent("supervisor.takeover")),
                                   proto::Error::make(proto::ErrorCode::conflict, "the chat is queued")});
    CHECK(other.s.notices.back().message == "Could not take over the chat: the chat is queued");
    CHECK(other.s.supervision.overview.takeover_chat_id.empty());
    other.advance(5'000);
    CHECK(other.all_sent("supervisor.takeover").empty());
}

TEST_CASE("re-watch: after a lost socket the new session watches again and continues where it was") {
    Harness h;
    const std::string sync = watching_c8(h);
    h.server(text_event("c8", 1, proto::Role::customer, "Ich brauche einen Anwalt"));
    h.server(text_event("c8", 2, proto::Role::agent, "Einen Moment bitte"));
    h.server(proto::ChatSynced{sync, "c8", 2, {}});
    h.server(proto::InternalPage{h.s.supervision.by_chat.at("c8").internal_rid,
                                 "c8",
                                 {internal_event(1, proto::InternalKind::flagged, kAnna, "", kNow)},
                                 1,
                                 std::nullopt});

    h.apply(ev::SocketClosed{1006, "lost"});
    CHECK_FALSE(h.s.supervision.watched.watching);
    CHECK(h.s.supervision.watched.open());  // the view stays
    h.advance(60'000);
    h.apply(ev::SocketOpened{});
    auto w = welcome(rid_of(h.sent("agent.resume")));
    w.agent = {"s1", "sam", "Sam Supervisor", proto::AccountRole::supervisor};
    h.server(w);
    const auto rewatch = h.all_sent("supervisor.watch");
    REQUIRE(rewatch.size() == 1);
    CHECK(rewatch[0]["chatId"] == "c8");
    CHECK(rewatch[0]["watching"] == true);
    CHECK(h.all_sent("chat.sync").empty());

    h.server(proto::Ok{rid_of(rewatch[0])});
    const auto again = h.sent("chat.sync");
    REQUIRE(again.is_object());
    CHECK(again["after"] == 2);
    const auto internal = h.sent("chat.internal");
    REQUIRE(internal.is_object());
    CHECK(internal["after"] == 1);
    CHECK(frames_sent(h.last) == 2);
}

TEST_CASE("agent: the supervisors on a held chat, whispers among the transcript's rows, internal asked once") {
    Harness h;
    h.log_in({summary("c1")});
    const auto asked = h.all_sent("chat.internal");
    REQUIRE(asked.size() == 1);
    CHECK(asked[0]["chatId"] == "c1");
    CHECK(asked[0]["after"] == 0);
    h.server(proto::InternalPage{rid_of(asked[0]), "c1", {}, 0, std::nullopt});
    h.advance(5'000);
    CHECK(h.all_sent("chat.internal").empty());

    h.server(text_event("c1", 1, proto::Role::customer, "Mein Auto ist kaputt"));
    h.server(text_event("c1", 2, proto::Role::agent, "Das tut mir leid"));
    h.server(proto::ChatWatchers{"c1", {kSam}, {}});
    h.server(proto::InternalPush{
        "c1", internal_event(1, proto::InternalKind::whisper, kSam, "Offer the rental car", kNow + 1)});
    const auto& sup = h.s.supervision.by_chat.at("c1");
    CHECK(sup.watchers.size() == 1);
    CHECK(sup.internal.size() == 1);
    h.server(proto::ChatWatchers{"c9", {kSam}, {}});  // not a chat of ours
    CHECK_FALSE(h.s.supervision.by_chat.contains("c9"));

    const auto snapshot = nlohmann::json::parse(snapshot_json(h.s, h.now));
    const auto& chat = snapshot["chats"][0];
    CHECK(chat["watchers"][0] == "Sam Supervisor");
    CHECK(chat["internal"][0]["kind"] == "whisper");
    CHECK(chat["internal"][0]["text"] == "Offer the rental car");
    CHECK(chat["flag"].is_null());

    HeadlessImGui imgui(1280, 720);
    UiState ui;
    ui.now = h.now;
    const Chat& held = *h.s.find_chat("c1");
    std::string text = drawn(imgui, [&] {
        Intents intents;
        draw_chat_header(h.s, held, ui, intents);
        draw_transcript(h.s, held, ui, intents, 400);
    });
    CHECK(text.find("Supervisor watching: Sam Supervisor") != std::string::npos);
    const auto whisper = text.find("Whisper \xC2\xB7 Sam Supervisor: Offer the rental car");
    REQUIRE(whisper != std::string::npos);
    CHECK(text.find("Mein Auto ist kaputt") < whisper);
    CHECK(whisper < text.find("Das tut mir leid"));
    CHECK(text.find("Flag for help") != std::string::npos);

    // Barged in: the pill says so; gone: no pill.
    h.server(proto::ChatWatchers{"c1", {}, {kSam}});
    text = drawn(imgui, [&] {
        Intents intents;
        draw_chat_header(h.s, held, ui, intents);
    });
    CHECK(text.find("Sam Supervisor joined") != std::string::npos);
    CHECK(text.find("Supervisor watching") == std::string::npos);
    h.server(proto::ChatWatchers{"c1", {}, {}});
    text = drawn(imgui, [&] {
        Intents intents;
        draw_chat_header(h.s, held, ui, intents);
    });
    CHECK(text.find("Sam Supervisor") == std::string::npos);

    // After a reconnect the server tells only chats that have supervisors: a pill from before the drop goes.
    h.server(proto::ChatWatchers{"c1", {kSam}, {}});
    h.apply(ev::SocketClosed{1006, "lost"});
    h.advance(60'000);
    h.apply(ev::SocketOpened{});
    h.server(welcome(rid_of(h.sent("agent.resume")), {summary("c1")}));
    CHECK(h.s.supervision.by_chat.at("c1").watchers.empty());
    const auto again = h.sent("chat.internal");
    REQUIRE(again.is_object());
    CHECK(again["after"] == 1);  // whispers of the drop are asked for, the one held is not
}

TEST_CASE("agent: the flag toggle sends chat.flag and shows what the server answered") {
    Harness h;
    h.log_in({summary("c1")});
    h.apply(intent::FlagChat{"c1", true, "Customer wants a lawyer"});
    const auto flag = h.sent("chat.flag");
    REQUIRE(flag.is_object());
    CHECK(flag["chatId"] == "c1");
    CHECK(flag["flagged"] == true);
    CHECK(flag["reason"] == "Customer wants a lawyer");
    h.apply(intent::FlagChat{"c1", true, "again"});
    CHECK(h.all_sent("chat.flag").empty());  // one answer at a time
    h.server(proto::Ok{rid_of(flag)});
    const auto& sup = h.s.supervision.by_chat.at("c1");
    REQUIRE(sup.flag.has_value());
    CHECK(sup.flag->reason == "Customer wants a lawyer");
    CHECK(sup.flag->by.id == "a1");

    HeadlessImGui imgui(1280, 720);
    UiState ui;
    ui.now = h.now;
    const std::string text = drawn(imgui, [&] {
        Intents intents;
        draw_chat_header(h.s, *h.s.find_chat("c1"), ui, intents);
    });
    CHECK(text.find("Flagged \xC2\xB7 Withdraw") != std::string::npos);

    h.apply(intent::FlagChat{"c1", false, ""});
    const auto withdraw = h.sent("chat.flag");
    REQUIRE(withdraw.is_object());
    CHECK(withdraw["flagged"] == false);
    h.server(proto::ErrorReply{rid_of(withdraw), proto::Error::make(proto::ErrorCode::forbidden, "not your chat")});
    CHECK(sup.flag.has_value());  // still flagged: the server did not change it
    CHECK_FALSE(sup.flag_pending);
    CHECK(h.s.notices.back().message == "The flag was not changed: not your chat");
    h.advance(5'000);
    CHECK(h.all_sent("chat.flag").empty());

    // The internal push of someone withdrawing it (the server's word) clears it.
    h.server(proto::InternalPush{"c1", internal_event(2, proto::InternalKind::unflagged, kAnna, "", kNow)});
    CHECK_FALSE(sup.flag.has_value());
}

TEST_CASE("internal: a refused chat.internal is a notice and is not asked again") {
    Harness h;
    h.log_in({summary("c1")});
    const auto asked = h.sent("chat.internal");
    REQUIRE(asked.is_object());
    h.server(proto::ErrorReply{rid_of(asked), proto::Error::make(proto::ErrorCode::unavailable, "storage failed")});
    CHECK(h.s.supervision.by_chat.at("c1").internal_error.find("storage failed") != std::string::npos);
    h.advance(5'000);
    CHECK(h.all_sent("chat.internal").empty());
    // An empty page that claims more is the end, not a loop.
    Harness other;
    other.log_in({summary("c1")});
    other.server(proto::InternalPage{rid_of(other.sent("chat.internal")), "c1", {}, 7, std::nullopt});
    CHECK(other.all_sent("chat.internal").empty());
}

TEST_CASE("the watched chat on the whole desktop: every control in reach at 1280 x 720 and 1920 x 1080") {
    for (const ImVec2 screen : {ImVec2(1280, 720), ImVec2(1920, 1080)}) {
        CAPTURE(screen.x);
        Harness h;
        const std::string sync = watching_c8(h);
        for (int seq = 1; seq <= 3; ++seq)
            h.server(text_event("c8", seq, proto::Role::customer, "Nachricht " + std::to_string(seq)));
        h.server(proto::ChatSynced{sync, "c8", 3, {}});
        HeadlessImGui imgui(screen.x, screen.y);
        UiState ui;
        automation::set_widget_recording(true);
        for (int frame = 0; frame < 3; ++frame) draw_recorded_frame(imgui, h.s, ui, h.now);
        const auto in_reach = [&](const char* label) {
            CAPTURE(label);
            const auto widget = widget_labelled(label);
            REQUIRE(widget.is_object());
            CHECK(widget["w"].get<float>() > 20);
            CHECK(widget["x"].get<float>() + widget["w"].get<float>() <= screen.x);
            CHECK(widget["y"].get<float>() + widget["h"].get<float>() <= screen.y);
        };
        for (const char* label : {"##pane-overview", "##pane-watched", "Barge in##watched", "Take over##watched",
                                  "Stop watching##watched", "##whisper", "Whisper##watched"})
            in_reach(label);
        CHECK(widget_labelled("##message_to_customer").is_null());  // read-only until barged in

        // Typing a whisper and pressing its button asks for it with the typed text.
        h.apply(intent::EditWhisper{"c8", "Offer the rental car"});  // what typing it emitted
        const auto whisper = widget_labelled("Whisper##watched");
        auto& io = ImGui::GetIO();
        const ImVec2 centre(whisper["x"].get<float>() + whisper["w"].get<float>() / 2,
                            whisper["y"].get<float>() + whisper["h"].get<float>() / 2);
        io.AddMousePosEvent(centre.x, centre.y);
        draw_recorded_frame(imgui, h.s, ui, h.now);
        io.AddMouseButtonEvent(0, true);
        draw_recorded_frame(imgui, h.s, ui, h.now);
        io.AddMouseButtonEvent(0, false);
        const Intents intents = draw_recorded_frame(imgui, h.s, ui, h.now);
        const auto sent = of_type<intent::SendWhisper>(intents);
        REQUIRE(sent.size() == 1);
        CHECK(sent[0].chat_id == "c8");
        CHECK(sent[0].text == "Offer the rental car");

        // Barged in: the field to the customer appears.
        h.apply(intent::BargeIn{"c8"});
        h.server(proto::Ok{rid_of(h.sent("supervisor.join"))});
        for (int frame = 0; frame < 2; ++frame) draw_recorded_frame(imgui, h.s, ui, h.now);
        in_reach("##message_to_customer");
        in_reach("Send to customer##watched");
        CHECK(widget_labelled("Barge in##watched").is_null());
        automation::set_widget_recording(false);
    }
}

TEST_CASE("re-watch: a supervisor who had barged in joins again before anything is written to the customer") {
    Harness h;
    watching_c8(h);
    h.apply(intent::BargeIn{"c8"});
    h.server(proto::Ok{rid_of(h.sent("supervisor.join"))});
    REQUIRE(h.s.supervision.watched.barged_in);
    h.apply(ev::SocketClosed{1006, "lost"});
    CHECK_FALSE(h.s.supervision.watched.barged_in);
    h.apply(intent::SendText{"c8", "Sind Sie noch da?"});  // the field is gone; nothing is queued behind it
    CHECK(h.s.outbox.empty());
    h.advance(60'000);
    h.apply(ev::SocketOpened{});
    auto w = welcome(rid_of(h.sent("agent.resume")));
    w.agent = {"s1", "sam", "Sam Supervisor", proto::AccountRole::supervisor};
    h.server(w);
    const auto rewatch = h.sent("supervisor.watch");
    REQUIRE(rewatch.is_object());
    CHECK(h.all_sent("supervisor.join").empty());  // watching first: the server lets only watchers join
    h.server(proto::Ok{rid_of(rewatch)});
    const auto rejoin = h.sent("supervisor.join");
    REQUIRE(rejoin.is_object());
    CHECK(rejoin["chatId"] == "c8");
    h.server(proto::Ok{rid_of(rejoin)});
    CHECK(h.s.supervision.watched.barged_in);
    CHECK(frames_sent(h.last) == 0);
}

TEST_CASE("watch: a queued chat can be watched; a supervisor may clear the flag of the chat they watch") {
    Harness h;
    log_in_supervisor(h);
    h.server(overview());
    h.apply(intent::WatchChat{"q1"});
    const auto watch = h.sent("supervisor.watch");
    REQUIRE(watch.is_object());
    CHECK(watch["chatId"] == "q1");
    CHECK(h.s.supervision.watched.customer_name == "Erika Musterfrau");
    CHECK(h.s.supervision.watched.chat.status == proto::ChatStatus::queued);
    h.server(proto::Ok{rid_of(watch)});
    h.apply(intent::BargeIn{"q1"});
    CHECK(h.all_sent("supervisor.join").empty());  // a queued chat has no conversation to join yet
    h.server(overview());                          // still queued: stays open
    CHECK(h.s.supervision.watched.open());

    // Switching to c8 stops watching q1 first.
    h.apply(intent::WatchChat{"c8"});
    const auto frames = h.all_sent("supervisor.watch");
    REQUIRE(frames.size() == 2);
    CHECK(frames[0]["chatId"] == "q1");
    CHECK(frames[0]["watching"] == false);
    CHECK(frames[1]["chatId"] == "c8");
    h.server(proto::Ok{rid_of(frames[1])});
    h.apply(intent::FlagChat{"c8", true, "mine now"});
    CHECK(h.all_sent("chat.flag").empty());  // flagging is for the chat's agent
    h.apply(intent::FlagChat{"c8", false, ""});
    const auto clear = h.sent("chat.flag");
    REQUIRE(clear.is_object());
    CHECK(clear["flagged"] == false);
    CHECK(clear["chatId"] == "c8");
}
