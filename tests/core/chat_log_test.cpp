// ChatLog: sequence numbers, idempotent resends (also while pending), receipts, status transitions, context.
#include "core/chat_log.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace core;
using proto::ChatStatus;
using proto::ErrorCode;
using proto::Role;

namespace {

const proto::Author kCustomer{Role::customer, "", "Max"};
const proto::Author kAnna{Role::agent, "a1", "Anna"};
const proto::Author kBen{Role::agent, "a2", "Ben"};
const proto::Author kSystem{Role::system, "", ""};

Append text_from(const proto::Author& author, std::string client_id) { return {author, std::move(client_id), {}}; }

Reservation reserve_ok(ChatLog& log, const Append& append, std::int64_t now_ms) {
    auto reserved = log.reserve(append, now_ms);
    if (!reserved) FAIL("unexpected error: " << reserved.error().message);
    return reserved.value();
}

}  // namespace

TEST_CASE("sequence numbers count 1, 2, 3 and commit in order") {
    ChatLog log;
    CHECK(log.next_seq() == 1);
    CHECK(reserve_ok(log, text_from(kCustomer, "m1"), 1000) == Reservation{{1, 1000}, false, false});
    CHECK(reserve_ok(log, {kSystem, std::nullopt, {}}, 1001).stamp == Stamp{2, 1001});
    CHECK(reserve_ok(log, text_from(kAnna, "m1"), 1002).stamp == Stamp{3, 1002});  // same clientId, other party
    CHECK(log.pending_count() == 3);
    CHECK(log.last_committed_seq() == 0);

    CHECK_FALSE(log.committed_through(4));  // never reserved
    CHECK(log.committed_through(2));
    CHECK(log.last_committed_seq() == 2);
    CHECK_FALSE(log.committed_through(2));  // already committed
    CHECK(log.committed_through(3));
    CHECK(log.pending_count() == 0);
}

TEST_CASE("ts never goes back, even when the clock does") {
    ChatLog log;
    CHECK(reserve_ok(log, text_from(kCustomer, "m1"), 5000).stamp.ts == 5000);
    CHECK(reserve_ok(log, text_from(kCustomer, "m2"), 4000).stamp == Stamp{2, 5000});
    CHECK(reserve_ok(log, text_from(kCustomer, "m3"), 6000).stamp == Stamp{3, 6000});
}

TEST_CASE("a resend with a known clientId answers the original seq and ts") {
    ChatLog log;
    const auto first = reserve_ok(log, text_from(kCustomer, "m-5f2c"), 1000);

    SUBCASE("while the first send is still pending its commit") {
        const auto resend = reserve_ok(log, text_from(kCustomer, "m-5f2c"), 1500);
        CHECK(resend == Reservation{first.stamp, true, false});
        CHECK(log.next_seq() == 2);  // nothing appended
        CHECK(log.committed_through(1));
        CHECK(reserve_ok(log, text_from(kCustomer, "m-5f2c"), 1600) == Reservation{first.stamp, true, true});
    }
    SUBCASE("agents are told apart by id") {
        CHECK(reserve_ok(log, text_from(kAnna, "x"), 1100).stamp.seq == 2);
        CHECK(reserve_ok(log, text_from(kBen, "x"), 1200).stamp.seq == 3);
        CHECK(reserve_ok(log, text_from(kAnna, "x"), 1300).duplicate);
    }
    SUBCASE("after the chat ended the original ack still comes back") {
        CHECK(log.committed_through(1));
        CHECK(log.transition(ChatStatus::offered).ok());
        CHECK(log.transition(ChatStatus::ended).ok());
        CHECK(reserve_ok(log, text_from(kCustomer, "m-5f2c"), 2000).duplicate);
        CHECK(log.reserve(text_from(kCustomer, "m-new"), 2000).error().code == ErrorCode::conflict);
    }
}

TEST_CASE("abandoned reservations free their seqs, clientIds and context merges") {
    ChatLog log;
    (void)reserve_ok(log, text_from(kCustomer, "m1"), 1);
    CHECK(log.committed_through(1));
    (void)reserve_ok(log, {kCustomer, "ctx", proto::ContextMap{{"Policy", "P-1"}}}, 2);
    (void)reserve_ok(log, text_from(kCustomer, "m3"), 3);
    CHECK(log.context().at("Policy") == "P-1");  // pending merges count already

    CHECK_FALSE(log.abandon_from(1));  // committed
    CHECK_FALSE(log.abandon_from(4));  // never reserved
    CHECK(log.abandon_from(2));
    CHECK(log.next_seq() == 2);
    CHECK(log.context().empty());
    // The resend after the failure is a new event again, with the freed seq.
    CHECK(reserve_ok(log, text_from(kCustomer, "m3"), 4) == Reservation{{2, 4}, false, false});
}

TEST_CASE("clientIds restored from storage keep answering the original ack") {
    ChatLog log({}, ChatLogState{7, 9000, ChatStatus::active, {}, {}});
    log.remember_client_id(kCustomer, "old", {5, 8000});
    CHECK(reserve_ok(log, text_from(kCustomer, "old"), 9500) == Reservation{{5, 8000}, true, true});
    CHECK(reserve_ok(log, text_from(kCustomer, "new"), 100) == Reservation{{8, 9000}, false, false});
}

TEST_CASE("appends are refused in ended and closed chats and with bad clientIds") {
    ChatLog log;
    CHECK(log.reserve(text_from(kCustomer, ""), 1).error().field == "clientId");
    CHECK(log.reserve({kSystem, "x", {}}, 1).error().code == ErrorCode::invalid_field);

    CHECK(log.transition(ChatStatus::ended).ok());  // the customer left while queued
    CHECK(log.reserve(text_from(kCustomer, "m1"), 1).error().code == ErrorCode::conflict);
    CHECK(log.reserve(text_from(kAnna, "m1"), 1).error().code == ErrorCode::conflict);
    CHECK(log.reserve({kSystem, std::nullopt, {}}, 1).ok());  // the `ended` event itself

    CHECK(log.transition(ChatStatus::closed).ok());
    CHECK(log.reserve({kSystem, std::nullopt, {}}, 1).error().code == ErrorCode::conflict);
}

TEST_CASE("status moves queued -> offered -> active -> ended -> closed and refuses anything else") {
    using S = ChatStatus;
    const S all[] = {S::queued, S::offered, S::active, S::ended, S::closed};
    int allowed = 0;
    for (S from : all) {
        for (S to : all) allowed += status_transition_allowed(from, to) ? 1 : 0;
    }
    CHECK(allowed == 7);
    CHECK(status_transition_allowed(S::offered, S::queued));  // offer declined or expired
    CHECK(status_transition_allowed(S::queued, S::ended));    // customer left while waiting
    CHECK_FALSE(status_transition_allowed(S::queued, S::active));
    CHECK_FALSE(status_transition_allowed(S::active, S::active));
    CHECK_FALSE(status_transition_allowed(S::ended, S::active));
    CHECK_FALSE(status_transition_allowed(S::closed, S::ended));

    ChatLog log;
    CHECK(log.transition(S::offered).value() == S::queued);
    CHECK(log.transition(S::active).value() == S::offered);
    auto again = log.transition(S::active);
    CHECK(again.error().code == ErrorCode::conflict);
    CHECK(again.error().message == "the chat is active, it cannot become active");
    CHECK(log.transition(S::ended).ok());
    CHECK(log.transition(S::closed).ok());
    CHECK(log.status() == S::closed);
}

TEST_CASE("receipts only move forward and never past the last committed event") {
    ChatLog log({}, ChatLogState{10, 0, ChatStatus::active, {}, {}});
    auto first = log.mark(Role::customer, 8, 5);
    CHECK(first.value() == proto::ReceiptMarks{8, 5});
    CHECK(log.mark(Role::customer, 7, 4).value() == std::nullopt);  // backwards: ignored, nothing to push
    CHECK(log.mark(Role::customer, std::nullopt, 9).value() == proto::ReceiptMarks{9, 9});  // read implies delivered
    CHECK(log.mark(Role::customer, 10, std::nullopt).value() == proto::ReceiptMarks{10, 9});
    CHECK(log.receipts().agent == proto::ReceiptMarks{});  // the other party is separate
    CHECK(log.mark(Role::agent, 10, 10).value() == proto::ReceiptMarks{10, 10});

    auto past = log.mark(Role::customer, 11, std::nullopt);
    CHECK(past.error().code == ErrorCode::invalid_field);
    CHECK(past.error().field == "delivered");
    CHECK(log.mark(Role::customer, std::nullopt, -1).error().field == "read");
    CHECK(log.mark(Role::system, 1, 1).error().code == ErrorCode::invalid_field);
    // A pending (uncommitted) event cannot be marked yet.
    (void)reserve_ok(log, text_from(kAnna, "p"), 1);
    CHECK(log.mark(Role::customer, 11, std::nullopt).error().code == ErrorCode::invalid_field);
    CHECK(log.committed_through(11));
    CHECK(log.mark(Role::customer, 11, std::nullopt).value() == proto::ReceiptMarks{11, 9});
}

TEST_CASE("context merges: empty values remove keys, limits apply to the merged result") {
    ChatLogSettings settings;
    settings.max_context_entries = 2;
    settings.max_context_value_chars = 5;

    auto merged = merge_context({{"A", "1"}}, {{"B", "2"}}, settings);
    CHECK(merged.value() == proto::ContextMap{{"A", "1"}, {"B", "2"}});
    CHECK(merge_context({{"A", "1"}, {"B", "2"}}, {{"A", ""}, {"C", "3"}}, settings).value() ==
          proto::ContextMap{{"B", "2"}, {"C", "3"}});
    CHECK(merge_context({}, {{"Gone", ""}}, settings).value().empty());  // removing a missing key is fine

    auto full = merge_context({{"A", "1"}, {"B", "2"}}, {{"C", "3"}}, settings);
    CHECK(full.error().code == ErrorCode::too_large);
    CHECK(full.error().limit == 2);
    CHECK(full.error().field == "body.values");

    CHECK(merge_context({}, {{"A", "12345"}}, settings).ok());  // at the limit, in code points
    CHECK(merge_context({}, {{"A", "\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC"}}, settings).ok());  // 5 x ü
    auto long_value = merge_context({}, {{"A", "123456"}}, settings);
    CHECK(long_value.error().code == ErrorCode::too_large);
    CHECK(long_value.error().field == "body.values.A");
    CHECK(long_value.error().limit == 5);
    CHECK(merge_context({}, {{"ABCDEF", "1"}}, settings).error().code == ErrorCode::too_large);
    CHECK(merge_context({}, {{"", "1"}}, settings, "context").error().field == "context");
    CHECK(merge_context({}, {{"A", "\xFF"}}, settings).error().code == ErrorCode::invalid_field);

    // Through the log: a refused merge reserves nothing and changes nothing.
    ChatLog log(settings);
    CHECK(log.reserve({kCustomer, "c1", proto::ContextMap{{"A", "1"}, {"B", "2"}}}, 1).ok());
    CHECK(log.reserve({kCustomer, "c2", proto::ContextMap{{"C", "3"}}}, 2).error().code == ErrorCode::too_large);
    CHECK(log.next_seq() == 2);
    CHECK(log.context().size() == 2);
}
