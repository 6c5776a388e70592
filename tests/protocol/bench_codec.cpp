// Cost per frame of the codec's hot paths (not a test: timings depend on the machine). Build Release:
//   cmake --build BUILD --target protocol_bench && BUILD/tests/protocol/protocol_bench
#include <chrono>
#include <cstdio>

#include "protocol/codec.hpp"

using namespace proto;

namespace {

constexpr int kRounds = 200000;

template <class F>
double microseconds_per_call(F&& call) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRounds; ++i) call();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    return std::chrono::duration<double, std::micro>(elapsed).count() / kRounds;
}

}  // namespace

int main() {
    const std::string send_frame = R"({"type":"chat.send","rid":"21","chatId":"c7","clientId":"m-5f2c","kind":"text",)"
                                   R"("body":{"text":"Ich hatte einen Unfall auf der A100, können Sie mir helfen?"}})";
    const EventPush push{"c7",
                         Event{13, 1764172000999, Author{Role::customer, "", "Max Mustermann"}, "m-5f2c",
                               TextBody{"Ich hatte einen Unfall auf der A100, können Sie mir helfen?"}}};
    const Ack ack{"21", "c7", "m-5f2c", 13, 1764172000999};
    const std::string push_frame = encode(push);
    const Limits limits;
    std::size_t sink = 0;  // keeps the optimizer from dropping the work

    std::printf("parse_client_message(chat.send)  %.2f us\n",
                microseconds_per_call([&] { sink += parse_client_message(send_frame, limits).ok(); }));
    std::printf("encode(ack)                      %.2f us\n",
                microseconds_per_call([&] { sink += encode(ack).size(); }));
    std::printf("encode(event push)               %.2f us\n",
                microseconds_per_call([&] { sink += encode(push).size(); }));
    std::printf("parse_server_message(event)      %.2f us\n",
                microseconds_per_call([&] { sink += parse_server_message(push_frame).ok(); }));
    std::printf("to_json_text(event)              %.2f us\n",
                microseconds_per_call([&] { sink += to_json_text(push.event).size(); }));
    std::printf("to_json(event).dump() (slower)   %.2f us\n",
                microseconds_per_call([&] { sink += to_json(push.event).dump().size(); }));
    return sink == 0 ? 1 : 0;
}
