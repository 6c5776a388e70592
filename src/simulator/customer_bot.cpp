#include "customer_bot.hpp"

#include "core/overloaded.hpp"
#include "http_post.hpp"
#include "ws_connection.hpp"

#include "protocol/codec.hpp"

#include <nlohmann/json.hpp>

namespace sim {

namespace {

// Percent-encoding for a query value (RFC 3986 unreserved characters pass).
std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out += {'%', kHex[c >> 4], kHex[c & 15]};
        }
    }
    return out;
}

}  // namespace

std::shared_ptr<CustomerBot> CustomerBot::start(EventLoop& loop, const WsUrl& url, int index, Script script,
                                                Console& console, ScriptedTally& tally) {
    auto bot = std::make_shared<CustomerBot>(loop, url, index, std::move(script), console, tally);
    bot->strand_.post([bot] { bot->connect(); });
    return bot;
}

CustomerBot::CustomerBot(EventLoop& loop, const WsUrl& url, int index, Script script, Console& console,
                         ScriptedTally& tally)
    : loop_(loop),
      strand_(loop),
      url_(url),
      index_(index),
      script_(std::move(script)),
      console_(console),
      tally_(tally) {}

void CustomerBot::time_up() {
    strand_.post([self = shared_from_this()] {
        if (self->closed_) return;
        self->apply(TimeUp{});
    });
}

void CustomerBot::connect() {
    WsHandlers handlers;
    auto self = shared_from_this();
    handlers.on_open = [self] {
        const Persona& p = self->script_.persona;
        proto::CustomerStart start;
        start.rid = self->next_rid();
        start.name = p.name;
        start.phone = p.phone;
        start.capabilities = p.capabilities;
        start.context = p.context;
        start.language = p.language;
        start.app = p.app;
        self->socket_->send(proto::encode(start));
    };
    handlers.on_text = [self](std::string_view text) { self->on_frame(text); };
    handlers.on_close = [self](std::string_view why) { self->on_closed(why); };
    socket_ = WsConnection::open(loop_, strand_, url_, std::move(handlers));
}

void CustomerBot::on_frame(std::string_view text) {
    auto parsed = proto::parse_server_message(text);
    if (!parsed) {
        ++tally_.errors;
        say("unreadable frame from the server: " + parsed.error().message);
        return;
    }
    std::visit(core::Overloaded{
                   [this](const proto::CustomerWelcome& message) {
                       token_ = message.token;
                       ++tally_.chats_started;
                       apply(Welcomed{message.chat.chat_id});
                   },
                   [this](const proto::QueueUpdate& message) { apply(QueuePosition{message.position}); },
                   [this](const proto::Ack&) { ++tally_.acks; },
                   [this](const proto::ErrorReply& message) {
                       ++tally_.errors;
                       say("error " + std::string(proto::to_string(message.error.code)) + ": " + message.error.message);
                   },
                   [this](const proto::EventPush& message) {
                       const proto::Event& event = message.event;
                       if (const auto* joined = std::get_if<proto::JoinedBody>(&event.body)) {
                           if (joined->role == proto::Role::agent) {
                               if (state_.phase == CustomerPhase::waiting_for_agent) ++tally_.chats_assigned;
                               apply(AgentJoined{joined->name});
                           }
                       } else if (const auto* ended = std::get_if<proto::EndedBody>(&event.body)) {
                           apply(ChatEnded{ended->by, ended->reason});
                       } else if (event.author.role != proto::Role::agent) {
                           // our own events echoed back, and system events we do not react to
                       } else if (const auto* text_body = std::get_if<proto::TextBody>(&event.body)) {
                           apply(AgentWrote{text_body->text});
                       } else if (std::holds_alternative<proto::LocationRequestBody>(event.body)) {
                           apply(LocationRequested{});
                       } else if (const auto* call = std::get_if<proto::CallBody>(&event.body)) {
                           if (call->action == proto::CallAction::requested) {
                               apply(CallRequested{call->mode, call->number.value_or("")});
                           }
                       }
                   },
                   // Answers and pushes a scripted customer does not act on.
                   [](const proto::AgentWelcome&) {},
                   [](const proto::Ok&) {},
                   [](const proto::PresenceUpdate&) {},
                   [](const proto::AgentsReply&) {},
                   [](const proto::ChatSynced&) {},
                   [](const proto::ReceiptPush&) {},
                   [](const proto::TypingPush&) {},
                   [](const proto::RtcSignalPush&) {},
                   [](const proto::OfferPush&) {},
                   [](const proto::OfferRevoked&) {},
                   [](const proto::ChatAssigned&) {},
                   [](const proto::ChatRemoved&) {},
                   [](const proto::TransferFailed&) {},
                   [](const proto::SessionReplaced&) {},
                   [](const proto::HistoryReply&) {},
                   // Staff-only frames: a customer receiving one is a server bug, counted as an error.
                   [&](const proto::InternalPush&) { ++tally_.errors; },
                   [&](const proto::InternalPage&) { ++tally_.errors; },
                   [&](const proto::ChatWatchers&) { ++tally_.errors; },
                   [&](const proto::SupervisorOverview&) { ++tally_.errors; },
               },
               parsed.value());
}

void CustomerBot::on_closed(std::string_view why) {
    if (closed_) return;
    closed_ = true;
    if (state_.phase != CustomerPhase::done) ++tally_.errors;
    apply(Disconnected{std::string(why)});
    ++tally_.finished;
}

void CustomerBot::apply(const CustomerInput& input) {
    for (const auto& action : update(state_, script_, input)) run(action);
}

void CustomerBot::run(const CustomerAction& action) {
    std::visit(core::Overloaded{
                   [this](const SendText& a) {
                       send_event(proto::TextBody{a.text});
                       ++tally_.texts_sent;
                       say("wrote: " + a.text);
                   },
                   [this](const SendLocation& a) {
                       send_event(proto::LocationBody{proto::Location{a.fix.lat, a.fix.lon, a.fix.accuracy}});
                       ++tally_.locations_sent;
                       char line[96];
                       std::snprintf(line, sizeof line, "sent location %.5f, %.5f (±%.0f m)", a.fix.lat, a.fix.lon,
                                     a.fix.accuracy);
                       say(line);
                   },
                   [this](const UploadPicture& a) { upload(a); },
                   [this](const AnswerCall& a) {
                       proto::CallBody call;
                       call.action = a.accept ? proto::CallAction::accepted : proto::CallAction::declined;
                       call.mode = a.mode;
                       send_event(call);
                       ++tally_.calls_answered;
                   },
                   [this](const EndChat& a) {
                       if (socket_) socket_->send(proto::encode(proto::ChatEnd{next_rid(), state_.chat_id, a.reason}));
                   },
                   [this](const ScheduleStep& a) {
                       strand_.after(a.delay, [self = shared_from_this(), step = a.step] {
                           if (!self->closed_) self->apply(StepDue{step});
                       });
                   },
                   [this](const Say& a) { say(a.line); },
                   [this](const Leave&) {
                       if (socket_) socket_->close();
                   },
               },
               action);
}

void CustomerBot::send_event(proto::EventBody body) {
    if (!socket_ || state_.chat_id.empty()) return;
    proto::ChatSend send;
    send.rid = next_rid();
    send.chat_id = state_.chat_id;
    send.client_id = "m-" + std::to_string(index_) + "-" + std::to_string(counter_);
    send.body = std::move(body);
    socket_->send(proto::encode(send));
}

void CustomerBot::upload(const UploadPicture& picture) {
    HttpPostRequest request;
    request.host = url_.host;
    request.port = url_.port;
    request.target = "/api/chats/" + url_encode(state_.chat_id) + "/files?name=" + url_encode(picture.file_name) +
        "&clientId=u-" + std::to_string(index_) + "-" + std::to_string(++counter_);
    request.bearer_token = token_;
    request.content_type = "image/png";
    request.body = make_accident_png(picture.picture);
    const auto bytes = request.body.size();
    say("uploading photo " + picture.file_name + " (" + std::to_string(bytes) + " bytes)");
    http_post(loop_, strand_, std::move(request),
              [self = shared_from_this(), name = picture.file_name](HttpResponse response) {
                  if (response.status == 201) {
                      ++self->tally_.pictures_uploaded;
                      auto json = nlohmann::json::parse(response.body, nullptr, false);
                      std::string id = "?";
                      if (json.is_object() && json.contains("file")) {
                          auto file = proto::file_info_from_json(json["file"]);
                          if (file) id = file.value().file_id;
                      }
                      self->say("photo " + name + " uploaded as file " + id);
                      return;
                  }
                  ++self->tally_.errors;
                  self->say("photo upload failed: " +
                            (response.status == 0 ? response.error
                                                  : "HTTP " + std::to_string(response.status) + " " + response.body));
              });
}

void CustomerBot::say(std::string_view line) {
    console_.line("customer " + std::to_string(index_ + 1) + " (" + script_.persona.name + "): " + std::string(line));
}

std::string CustomerBot::next_rid() { return std::to_string(++counter_); }

}  // namespace sim
