#include <doctest/doctest.h>

#include "harness.hpp"

using namespace desk;
using namespace desk::test;

TEST_CASE("login: socket opens, agent.login carries the form, the welcome stores the token and forgets the password") {
    Harness h;
    h.apply(ev::Started{"", "", "ws://server/ws", true, 1});
    CHECK(h.s.connection.phase == ConnectionPhase::offline);
    CHECK(of_type<cmd::OpenSocket>(h.last).empty());  // no token: nothing to resume

    h.apply(intent::Login{"", "x"});
    CHECK(h.s.login.error == "Enter your user name and password.");
    CHECK(of_type<cmd::OpenSocket>(h.last).empty());

    h.apply(intent::Login{"anna", "demo-anna"});
    REQUIRE(of_type<cmd::OpenSocket>(h.last).size() == 1);
    CHECK(of_type<cmd::OpenSocket>(h.last)[0].url == "ws://server/ws");
    h.apply(ev::SocketOpened{});
    const auto login = h.sent("agent.login");
    CHECK(login["username"] == "anna");
    CHECK(login["password"] == "demo-anna");
    CHECK(login["protocol"] == 1);

    h.server(welcome(login["rid"].get<std::string>(), {summary("c1")}));
    CHECK(h.s.agent->display_name == "Anna Berger");
    CHECK(h.s.login.password.empty());
    CHECK(h.s.config.dispositions.size() == 2);
    const auto stores = of_type<cmd::StoreSet>(h.last);
    REQUIRE(stores.size() == 1);
    CHECK(stores[0].key == kTokenKey);
    CHECK(stores[0].value == kToken);
    CHECK(h.s.selected_chat_id == "c1");
    CHECK(h.sent("chat.sync")["after"] == 0);
}

TEST_CASE("login refused: readable error, socket closed, no token") {
    Harness h;
    h.apply(ev::Started{"", "", "ws://server/ws", true, 1});
    h.apply(intent::Login{"anna", "wrong"});
    h.apply(ev::SocketOpened{});
    const auto rid = h.sent("agent.login")["rid"].get<std::string>();
    h.server(proto::ErrorReply{rid, proto::Error::make(proto::ErrorCode::unauthorized, "wrong password")});
    CHECK(h.s.login.error == "Wrong user name or password.");
    CHECK_FALSE(h.s.login.in_flight);
    CHECK(h.s.token.empty());
    CHECK(of_type<cmd::CloseSocket>(h.last).size() == 1);
}

TEST_CASE("a reload resumes with the stored token; an expired token goes back to the login") {
    Harness h;
    h.apply(ev::Started{kToken, "light", "ws://server/ws", true, 1});
    CHECK(h.s.theme == Theme::light);
    REQUIRE(of_type<cmd::OpenSocket>(h.last).size() == 1);
    h.apply(ev::SocketOpened{});
    const auto resume = h.sent("agent.resume");
    CHECK(resume["token"] == kToken);

    SUBCASE("valid") {
        h.server(welcome(resume["rid"].get<std::string>()));
        CHECK(h.s.connection.phase == ConnectionPhase::connected);
    }
    SUBCASE("expired") {
        h.server(proto::ErrorReply{resume["rid"].get<std::string>(),
                                   proto::Error::make(proto::ErrorCode::unauthorized, "expired")});
        CHECK(h.s.token.empty());
        CHECK_FALSE(h.s.agent.has_value());
        CHECK(h.s.login.error.find("expired") != std::string::npos);
        CHECK(of_type<cmd::StoreRemove>(h.last).size() == 1);
    }
}

TEST_CASE("a resume refused for another reason than the token retries with backoff; one close handled once") {
    Harness h;
    h.apply(ev::Started{kToken, "", "ws://server/ws", true, 1});
    h.apply(ev::SocketOpened{});
    h.server(proto::ErrorReply{h.sent("agent.resume")["rid"].get<std::string>(),
                               proto::Error::make(proto::ErrorCode::unavailable, "shutting down")});
    CHECK(of_type<cmd::CloseSocket>(h.last).size() == 1);
    CHECK(h.s.token == kToken);
    REQUIRE(h.s.connection.phase == ConnectionPhase::reconnecting);
    const double reconnect_at = h.s.connection.reconnect_at;
    h.apply(ev::SocketClosed{1000, ""});  // the platform reports the close we asked for
    CHECK(h.s.connection.reconnect_at == reconnect_at);
    CHECK(h.s.connection.attempt == 1);
}

TEST_CASE("logout: agent.logout, then ok clears the token and the session") {
    Harness h;
    h.log_in({summary("c1")});
    h.apply(intent::Logout{});
    const auto logout = h.sent("agent.logout");
    REQUIRE(logout.is_object());
    h.server(proto::Ok{logout["rid"].get<std::string>()});
    CHECK(h.s.token.empty());
    CHECK(h.s.chats.empty());
    CHECK_FALSE(h.s.agent.has_value());
    CHECK(h.s.connection.phase == ConnectionPhase::offline);
    CHECK(of_type<cmd::StoreRemove>(h.last).size() == 1);
    CHECK(h.s.login.username == "anna");  // the form keeps the name
    // The server closing the socket afterwards does not start a reconnect.
    h.apply(ev::SocketClosed{1000, ""});
    CHECK(h.s.connection.phase == ConnectionPhase::offline);
    CHECK(of_type<cmd::OpenSocket>(h.advance(60000)).empty());
}

TEST_CASE("presence: ready, not ready with a reason, and the Missed offer push") {
    Harness h;
    h.log_in();
    h.apply(intent::SetReady{});
    auto presence = h.sent("agent.presence");
    CHECK(presence["state"] == "ready");
    CHECK(h.s.presence_pending);
    h.server(proto::PresenceUpdate{presence["rid"].get<std::string>(), {proto::PresenceState::ready, ""}});
    CHECK(h.s.presence.state == proto::PresenceState::ready);
    CHECK_FALSE(h.s.presence_pending);

    h.apply(intent::SetNotReady{"Lunch"});
    presence = h.sent("agent.presence");
    CHECK(presence["state"] == "not_ready");
    CHECK(presence["reason"] == "Lunch");

    h.server(proto::PresenceUpdate{"", {proto::PresenceState::not_ready, "Missed offer"}});
    CHECK(h.s.presence.reason == "Missed offer");
    CHECK(h.s.notices.back().message.find("Missed offer") != std::string::npos);
}

TEST_CASE("a resume that comes back Not Ready after the agent was Ready says so; a Ready one does not") {
    Harness h;
    h.log_in();
    h.apply(intent::SetReady{});
    h.server(
        proto::PresenceUpdate{h.sent("agent.presence")["rid"].get<std::string>(), {proto::PresenceState::ready, ""}});
    const auto notices_before = h.s.notices.size();

    // The server restarted: its fresh routing state has the agent Not Ready.
    h.apply(ev::SocketClosed{1006, ""});
    h.advance(h.s.connection.reconnect_at - h.now);
    h.apply(ev::SocketOpened{});
    auto w = welcome(h.sent("agent.resume")["rid"].get<std::string>());
    w.presence = {proto::PresenceState::not_ready, "Login"};
    h.server(w);
    CHECK(h.s.presence.state == proto::PresenceState::not_ready);
    REQUIRE(h.s.notices.size() == notices_before + 1);
    CHECK(h.s.notices.back().code == "presence");
    CHECK(h.s.notices.back().message == "You are Not Ready after reconnecting (Login): go Ready to receive new chats.");

    // Not Ready before the drop, Not Ready after: nothing to tell.
    h.apply(ev::SocketClosed{1006, ""});
    h.advance(h.s.connection.reconnect_at - h.now);
    h.apply(ev::SocketOpened{});
    w = welcome(h.sent("agent.resume")["rid"].get<std::string>());
    w.presence = {proto::PresenceState::not_ready, "Login"};
    h.server(w);
    CHECK(h.s.notices.size() == notices_before + 1);
}

TEST_CASE("reconnect: exponential backoff with jitter, resume, sync from the last seq") {
    Harness h;
    h.log_in({summary("c1")});
    h.server(text_event("c1", 1, proto::Role::customer, "hi"));
    h.server(text_event("c1", 2, proto::Role::customer, "still there?"));

    double expected_base = 500;
    for (int attempt = 0; attempt < 8; ++attempt) {
        h.apply(ev::SocketClosed{1006, ""});
        REQUIRE(h.s.connection.phase == ConnectionPhase::reconnecting);
        const double delay = h.s.connection.reconnect_at - h.now;
        CHECK(delay >= expected_base * 0.5);
        CHECK(delay <= expected_base);
        // The platform is asked to wake us no later than the attempt.
        CHECK(h.s.wake_at > h.now);
        CHECK(h.s.wake_at <= h.s.connection.reconnect_at);
        // Not before its time…
        CHECK(of_type<cmd::OpenSocket>(h.advance(delay - 1)).empty());
        // …then exactly one attempt.
        CHECK(of_type<cmd::OpenSocket>(h.advance(1)).size() == 1);
        expected_base = std::min(expected_base * 2, 30000.0);
    }
    h.apply(ev::SocketOpened{});
    const auto resume = h.sent("agent.resume");
    REQUIRE(resume.is_object());
    h.server(welcome(resume["rid"].get<std::string>(), {summary("c1", "Max Mustermann", 3)}));
    CHECK(h.s.connection.attempt == 0);
    CHECK(h.s.find_chat("c1")->events.size() == 2);  // kept across the drop
    CHECK(h.sent("chat.sync")["after"] == 2);
}

TEST_CASE("session replaced: no automatic reconnect, a readable reason") {
    Harness h;
    h.log_in();
    h.server(proto::SessionReplaced{});
    h.apply(ev::SocketClosed{4001, "replaced"});
    CHECK(h.s.connection.phase == ConnectionPhase::offline);
    CHECK(h.s.token.empty());
    CHECK(h.s.login.error.find("elsewhere") != std::string::npos);
    CHECK(of_type<cmd::OpenSocket>(h.advance(120000)).empty());
}

TEST_CASE("a frame that does not parse becomes a notice, never a crash") {
    Harness h;
    h.log_in();
    h.apply(ev::BadServerFrame{proto::Error::make(proto::ErrorCode::bad_json, "unexpected end")});
    CHECK(h.s.notices.back().code == "bad_server_frame");
    CHECK(h.s.connection.phase == ConnectionPhase::connected);
}

TEST_CASE("notices keep the newest error_log_cap entries") {
    Harness h;
    h.log_in();
    h.s.settings.error_log_cap = 3;
    for (int i = 0; i < 5; ++i)
        h.server(proto::ErrorReply{"", proto::Error::make(proto::ErrorCode::conflict, "n" + std::to_string(i))});
    REQUIRE(h.s.notices.size() == 3);
    CHECK(h.s.notices.front().message == "Server: n2");
    CHECK(h.s.notices.back().message == "Server: n4");
    h.apply(intent::DismissNotice{0});
    CHECK(h.s.notices.size() == 2);
    h.apply(intent::DismissNotice{99});  // out of range: ignored
    CHECK(h.s.notices.size() == 2);
}

TEST_CASE("theme toggle is remembered in storage; copy goes to the clipboard") {
    Harness h;
    h.log_in();
    CHECK(h.s.theme == Theme::dark);
    h.apply(intent::ToggleTheme{});
    CHECK(h.s.theme == Theme::light);
    REQUIRE(of_type<cmd::StoreSet>(h.last).size() == 1);
    CHECK(of_type<cmd::StoreSet>(h.last)[0].key == kThemeKey);
    CHECK(of_type<cmd::StoreSet>(h.last)[0].value == "light");
    h.apply(intent::CopyText{"+4915112345678"});
    REQUIRE(of_type<cmd::ClipboardWrite>(h.last).size() == 1);
    CHECK(of_type<cmd::ClipboardWrite>(h.last)[0].text == "+4915112345678");
}
