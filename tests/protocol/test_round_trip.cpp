// Every message survives encode → parse unchanged, both directions, and every variant alternative is covered.
#include <doctest/doctest.h>

#include <set>

#include "samples.hpp"

using namespace proto;

TEST_CASE("every client message round-trips through encode and parse_client_message") {
    std::set<std::size_t> covered;
    for (const ClientMessage& message : proto_test::sample_client_messages()) {
        const std::string text = encode(message);
        CAPTURE(text);
        auto parsed = parse_client_message(text, Limits{});
        REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
        CHECK(parsed.value() == message);
        CHECK(type_name(parsed.value()) == type_name(message));
        covered.insert(message.index());
    }
    CHECK(covered.size() == std::variant_size_v<ClientMessage>);
}

TEST_CASE("every server message round-trips through encode and parse_server_message") {
    std::set<std::size_t> covered;
    for (const ServerMessage& message : proto_test::sample_server_messages()) {
        const std::string text = encode(message);
        CAPTURE(text);
        auto parsed = parse_server_message(text);
        REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
        CHECK(parsed.value() == message);
        covered.insert(message.index());
    }
    CHECK(covered.size() == std::variant_size_v<ServerMessage>);
}

TEST_CASE("every event kind round-trips through to_json and event_from_json") {
    std::set<EventKind> kinds;
    for (const EventBody& body : proto_test::sample_bodies()) {
        const Event event = proto_test::sample_event(body);
        auto back = event_from_json(to_json(event));
        REQUIRE_MESSAGE(back.ok(), back.error().message);
        CHECK(back.value() == event);
        kinds.insert(event.kind());
    }
    CHECK(kinds.size() == std::variant_size_v<EventBody>);
}

TEST_CASE("data model JSON helpers round-trip") {
    const ChatSummary chat = proto_test::sample_chat();
    auto chat_back = chat_summary_from_json(to_json(chat));
    REQUIRE(chat_back.ok());
    CHECK(chat_back.value() == chat);

    const Offer offer{"o1", chat, "", 15000, std::nullopt};
    auto offer_back = offer_from_json(to_json(offer));
    REQUIRE(offer_back.ok());
    CHECK(offer_back.value() == offer);

    const FileInfo pdf{"f9", "claim.pdf", "application/pdf", 1200, std::nullopt, std::nullopt};
    auto file_back = file_info_from_json(to_json(pdf));
    REQUIRE(file_back.ok());
    CHECK(file_back.value() == pdf);
    CHECK_FALSE(to_json(pdf).contains("width"));

    Limits limits;
    limits.max_text_chars = 123;
    limits.agent_capacity = 7;
    auto limits_back = limits_from_json(to_json(limits));
    REQUIRE(limits_back.ok());
    CHECK(limits_back.value() == limits);
}

TEST_CASE("missing limits keep their defaults; present ones must be positive integers") {
    auto partial = limits_from_json(nlohmann::json{{"maxTextChars", 10}});
    REQUIRE(partial.ok());
    CHECK(partial.value().max_text_chars == 10);
    CHECK(partial.value().max_frame_bytes == kDefaultMaxFrameBytes);
    auto zero = limits_from_json(nlohmann::json{{"maxTextChars", 0}});
    REQUIRE_FALSE(zero.ok());
    CHECK(zero.error().field == "maxTextChars");
}

TEST_CASE("requests without rid encode without rid; pushes never carry one") {
    CHECK(encode(TypingSignal{"", "c7", false}).find("rid") == std::string::npos);
    CHECK(encode(QueueUpdate{"c7", 1}).find("rid") == std::string::npos);
    CHECK(encode(Ok{"x1"}).find("\"rid\":\"x1\"") != std::string::npos);
}

TEST_CASE("routing helpers") {
    CHECK(type_name(ClientMessage{ChatSend{}}) == "chat.send");
    CHECK(type_name(ServerMessage{SessionReplaced{}}) == "session.replaced");
    CHECK(rid_of(ClientMessage{ChatSync{"42", "c1", 0}}) == "42");
    CHECK(is_session_opener(ClientMessage{CustomerResume{}}));
    CHECK_FALSE(is_session_opener(ClientMessage{ChatSync{}}));
    CHECK(role_may_send(Role::customer, ClientMessage{ChatSend{}}));
    CHECK(role_may_send(Role::agent, ClientMessage{ChatSend{}}));
    CHECK_FALSE(role_may_send(Role::customer, ClientMessage{OfferAccept{}}));
    CHECK_FALSE(role_may_send(Role::customer, ClientMessage{ChatWrapup{}}));
    CHECK(role_may_send(Role::agent, ClientMessage{ChatTransfer{}}));
    CHECK_FALSE(role_may_send(Role::agent, ClientMessage{AgentLogin{}}));
    CHECK_FALSE(role_may_send(Role::system, ClientMessage{ChatSend{}}));
}

TEST_CASE("enum names round-trip and unknown names are refused") {
    for (int i = 0; i < 12; ++i) {
        auto code = static_cast<ErrorCode>(i);
        CHECK(parse_error_code(to_string(code)) == code);
    }
    for (int i = 0; i < 10; ++i) {
        auto kind = static_cast<EventKind>(i);
        CHECK(from_string<EventKind>(to_string(kind)) == kind);
    }
    CHECK(from_string<Role>("admin") == std::nullopt);
    CHECK(from_string<CallAction>("placed") == CallAction::placed);
    CHECK(to_string(ChatStatus::closed) == "closed");
}

TEST_CASE("stored text round-trips through to_json_text and *_from_json_text") {
    for (const EventBody& body : proto_test::sample_bodies()) {
        const Event event = proto_test::sample_event(body);
        auto back = event_from_json_text(to_json_text(event));
        REQUIRE(back.ok());
        CHECK(back.value() == event);
    }
    auto chat = chat_summary_from_json_text(to_json_text(proto_test::sample_chat()));
    REQUIRE(chat.ok());
    CHECK(chat.value() == proto_test::sample_chat());
    CHECK(event_from_json_text("{\"seq\":").error().code == ErrorCode::bad_json);
    CHECK(chat_summary_from_json_text("[]").error().code == ErrorCode::bad_json);
    CHECK(event_from_json_text("{}").error().code == ErrorCode::invalid_field);
}
