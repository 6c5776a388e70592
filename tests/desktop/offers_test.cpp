#include <doctest/doctest.h>

#include "desktop/core/snapshot.hpp"
#include "harness.hpp"

using namespace desk;
using namespace desk::test;

namespace {

proto::Offer offer(const std::string& offer_id, const std::string& chat_id, std::int64_t expires_in_ms = 20000) {
    proto::Offer o;
    o.offer_id = offer_id;
    o.chat = summary(chat_id, "Erika Muster");
    o.chat.status = proto::ChatStatus::offered;
    o.first_message = "Ich hatte einen Unfall";
    o.expires_in_ms = expires_in_ms;
    return o;
}

}  // namespace

TEST_CASE("an offer rings: card state, title count, tone and notification only when the page is hidden") {
    Harness h;
    h.log_in();
    h.server(proto::OfferPush{offer("o1", "c9")});
    REQUIRE(h.s.offers.size() == 1);
    CHECK(h.s.offers[0].first_message == "Ich hatte einen Unfall");
    CHECK(of_type<cmd::PlayTone>(h.last).empty());
    CHECK(of_type<cmd::Notify>(h.last).empty());
    REQUIRE(of_type<cmd::SetTitle>(h.last).size() == 1);
    CHECK(of_type<cmd::SetTitle>(h.last)[0].title == "(1) Agent Desktop");
    CHECK(!of_type<cmd::WakeAfter>(h.last).empty());  // the countdown's next second

    h.apply(ev::VisibilityChanged{false});
    h.server(proto::OfferPush{offer("o2", "c10")});
    CHECK(of_type<cmd::PlayTone>(h.last).size() == 1);
    const auto notes = of_type<cmd::Notify>(h.last);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].body.find("Erika Muster") != std::string::npos);
    CHECK(notes[0].body.find("Auto Insurance 3.2") != std::string::npos);
}

TEST_CASE("the same offer id again updates the card in place: texts and time left, no tone, no notification") {
    Harness h;
    h.log_in();
    h.apply(ev::VisibilityChanged{false});  // hidden: a new offer would play the tone and notify
    h.server(proto::OfferPush{offer("o1", "c9", 20000)});
    REQUIRE(of_type<cmd::Notify>(h.last).size() == 1);
    REQUIRE(of_type<cmd::PlayTone>(h.last).size() == 1);
    CHECK(h.s.offers[0].customer_texts.empty());
    h.apply(intent::AcceptOffer{"o1"});
    REQUIRE(h.s.offers[0].responding);
    const double received_at = h.s.offers[0].received_at;

    h.advance(4000);
    auto updated = offer("o1", "c9", 16000);
    updated.customer_texts = {"Auf der A100", "Ich hatte einen Unfall"};
    h.server(proto::OfferPush{updated});
    REQUIRE(h.s.offers.size() == 1);
    CHECK(h.s.offers[0].customer_texts == std::vector<std::string>{"Auf der A100", "Ich hatte einen Unfall"});
    CHECK(h.s.offers[0].expires_at == h.now + 16000);
    CHECK(h.s.offers[0].received_at == received_at);
    CHECK(h.s.offers[0].responding);  // the accept already sent is still on its way
    CHECK(of_type<cmd::Notify>(h.last).empty());
    CHECK(of_type<cmd::PlayTone>(h.last).empty());
    const auto snapshot = nlohmann::json::parse(snapshot_json(h.s, h.now));
    CHECK(snapshot["offers"][0]["customerTexts"] == nlohmann::json::array({"Auf der A100", "Ich hatte einen Unfall"}));
    CHECK(snapshot["offers"][0]["secondsLeft"] == 16);

    // A different offer still rings, and its notification shows the latest text.
    auto other = offer("o2", "c10");
    other.customer_texts = {"Bitte schnell", "Ich hatte einen Unfall"};
    h.server(proto::OfferPush{other});
    CHECK(h.s.offers.size() == 2);
    CHECK(of_type<cmd::PlayTone>(h.last).size() == 1);
    const auto notes = of_type<cmd::Notify>(h.last);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].body.find("Bitte schnell") != std::string::npos);
}

TEST_CASE("a welcome listing an offer the desk holds keeps it without ringing; unlisted offers go") {
    Harness h;
    h.log_in();
    h.apply(ev::VisibilityChanged{false});
    h.server(proto::OfferPush{offer("o1", "c9")});
    h.server(proto::OfferPush{offer("o2", "c10")});
    REQUIRE(h.s.offers.size() == 2);
    h.apply(ev::SocketClosed{1006, ""});
    h.advance(h.s.connection.reconnect_at - h.now);
    h.apply(ev::SocketOpened{});
    const auto resume = h.sent("agent.resume");
    REQUIRE(resume.is_object());
    auto w = welcome(resume["rid"].get<std::string>());
    auto still = offer("o1", "c9", 12000);
    still.customer_texts = {"Hallo?"};
    w.offers = {still};
    h.server(w);
    REQUIRE(h.s.offers.size() == 1);
    CHECK(h.s.offers[0].offer_id == "o1");
    CHECK(h.s.offers[0].customer_texts == std::vector<std::string>{"Hallo?"});
    CHECK(of_type<cmd::Notify>(h.last).empty());
    CHECK(of_type<cmd::PlayTone>(h.last).empty());
}

TEST_CASE("accept: offer.accept, then chat.assigned adds and selects the chat and syncs it") {
    Harness h;
    h.log_in();
    h.server(proto::OfferPush{offer("o1", "c9")});
    h.apply(intent::AcceptOffer{"o1"});
    const auto accept = h.sent("offer.accept");
    CHECK(accept["offerId"] == "o1");
    CHECK(h.s.offers[0].responding);
    h.apply(intent::AcceptOffer{"o1"});  // a double click sends nothing more
    CHECK(h.sent("offer.accept").is_null());

    auto assigned = offer("o1", "c9").chat;
    assigned.status = proto::ChatStatus::active;
    h.server(proto::ChatAssigned{accept["rid"].get<std::string>(), assigned});
    CHECK(h.s.offers.empty());
    REQUIRE(h.s.chats.size() == 1);
    CHECK(h.s.selected_chat_id == "c9");
    CHECK(h.sent("chat.sync")["chatId"] == "c9");
}

TEST_CASE("accept of an offer already taken: the card goes, a notice says why") {
    Harness h;
    h.log_in();
    h.server(proto::OfferPush{offer("o1", "c9")});
    h.apply(intent::AcceptOffer{"o1"});
    h.server(proto::ErrorReply{h.sent("offer.accept")["rid"].get<std::string>(),
                               proto::Error::make(proto::ErrorCode::conflict, "offer already taken")});
    CHECK(h.s.offers.empty());
    CHECK(h.s.notices.back().code == "conflict");
}

TEST_CASE("decline: offer.decline, removed on ok") {
    Harness h;
    h.log_in();
    h.server(proto::OfferPush{offer("o1", "c9")});
    h.apply(intent::DeclineOffer{"o1"});
    const auto decline = h.sent("offer.decline");
    REQUIRE(decline.is_object());
    CHECK(h.s.offers.size() == 1);
    h.server(proto::Ok{decline["rid"].get<std::string>()});
    CHECK(h.s.offers.empty());
    CHECK(h.s.title == "Agent Desktop");
}

TEST_CASE("expiry: the countdown runs down; revoked by the server, or dropped locally after the grace") {
    Harness h;
    h.log_in();
    h.server(proto::OfferPush{offer("o1", "c9", 20000)});
    CHECK(nlohmann::json::parse(snapshot_json(h.s, h.now))["offers"][0]["secondsLeft"] == 20);
    h.advance(5500);
    CHECK(nlohmann::json::parse(snapshot_json(h.s, h.now))["offers"][0]["secondsLeft"] == 15);

    SUBCASE("revoked") {
        h.advance(14500);
        h.server(proto::OfferRevoked{"o1", proto::OfferRevokedReason::expired});
        CHECK(h.s.offers.empty());
        CHECK(h.s.notices.back().code == "offer_expired");
    }
    SUBCASE("lost revoke") {
        h.advance(14500);
        CHECK(h.s.offers.size() == 1);  // at zero, still waiting for the server's word
        h.advance(h.s.settings.offer_expiry_grace_ms);
        CHECK(h.s.offers.empty());
        CHECK(h.s.notices.back().code == "offer_expired");
    }
}

TEST_CASE("Ctrl+Shift+A label and offers while offline cannot be answered") {
    Harness h;
    h.log_in();
    h.server(proto::OfferPush{offer("o1", "c9")});
    h.apply(ev::SocketClosed{1006, ""});
    h.apply(intent::AcceptOffer{"o1"});
    CHECK(h.sent("offer.accept").is_null());
    CHECK(h.s.notices.back().code == "offline");
}
