#include "file_transfers.hpp"

#include <memory>

#include "log.hpp"

namespace server {

namespace {

HttpError http_error_for(const proto::Error& error) {
    switch (error.code) {
        case proto::ErrorCode::unauthorized:
            return {401, "unauthorized", error.message};
        case proto::ErrorCode::forbidden:
            return {403, "forbidden", error.message};
        case proto::ErrorCode::not_found:
            return {404, "not_found", error.message};
        case proto::ErrorCode::conflict:
            return {409, "conflict", error.message};
        case proto::ErrorCode::unavailable:
            return {503, "unavailable", error.message};
        case proto::ErrorCode::too_large:
            return {413, "too_large", error.message};
        default:
            return {400, std::string(proto::to_string(error.code)), error.message};
    }
}

const HttpError kNoToken{401, "unauthorized", "a valid token is required"};

Party party_of(const SessionRecord& record) {
    return {record.role == "agent" ? proto::Role::agent : proto::Role::customer, record.agent_id, record.chat_id};
}

}  // namespace

FileTransfers::FileTransfers(HubServices& services, Sessions& sessions, ChatPipeline& chats)
    : services_(services), sessions_(sessions), chats_(chats) {}

void FileTransfers::check(const std::optional<SessionRecord>& record, const std::string& chat_id,
                          const std::string& client_id, Checked done) {
    if (!record) return done(kNoToken, std::nullopt, nullptr, {});
    const Party party = party_of(*record);
    auto live = chats_.live_party_chat(party, chat_id);
    if (!live) {
        return chats_.refuse_not_live(
            party, chat_id, [done](proto::Error error) { done(http_error_for(error), std::nullopt, nullptr, {}); });
    }
    if (!*live) return done(http_error_for(live->error()), std::nullopt, nullptr, {});
    ChatLive& chat = *live->value();
    // A repeat of a committed upload answers the original. A repeat of one still committing goes on to the
    // append, where the chat log makes it wait for the original's commit.
    const auto existing = chat.uploads.find(upload_key(chats_.author_of(party), client_id));
    if (existing != chat.uploads.end() && existing->second.first <= chat.log.last_committed_seq()) {
        return done(std::nullopt, existing->second.second, nullptr, party);
    }
    const auto status = chat.log.status();
    if (status == proto::ChatStatus::ended || status == proto::ChatStatus::closed) {
        return done(HttpError{409, "conflict", "the chat has ended"}, std::nullopt, nullptr, {});
    }
    if (party.role == proto::Role::agent && status != proto::ChatStatus::active) {
        return done(HttpError{409, "conflict", "accept the chat first"}, std::nullopt, nullptr, {});
    }
    if (services_.write_refusal())
        return done(HttpError{503, "unavailable", "try again later"}, std::nullopt, nullptr, {});
    done(std::nullopt, std::nullopt, &chat, party);
}

void FileTransfers::check_upload(const std::string& token, const std::string& chat_id, const std::string& client_id,
                                 std::function<void(std::optional<HttpError>, std::optional<std::string>)> done) {
    sessions_.lookup_token(token,
                           [this, chat_id, client_id, done = std::move(done)](std::optional<SessionRecord> record) {
                               check(record, chat_id, client_id,
                                     [done](std::optional<HttpError> error, std::optional<std::string> existing,
                                            ChatLive*, Party) { done(std::move(error), std::move(existing)); });
                           });
}

void FileTransfers::commit_upload(UploadRequest request, std::function<void(UploadResult)> done) {
    // Checked again: the chat may have ended while the bytes were being stored.
    const std::string token = request.token;
    sessions_.lookup_token(
        token,
        [this, request = std::move(request), done = std::move(done)](std::optional<SessionRecord> record) mutable {
            const std::string chat_id = request.chat_id;
            const std::string client_id = request.client_id;
            check(record, chat_id, client_id,
                  [this, request = std::move(request), done = std::move(done)](std::optional<HttpError> error,
                                                                               std::optional<std::string> existing,
                                                                               ChatLive* chat, Party party) mutable {
                      if (error) return done(*error);
                      if (existing) return done(*existing);
                      append_upload(std::move(request), *chat, party, std::move(done));
                  });
        });
}

void FileTransfers::append_upload(UploadRequest request, ChatLive& chat, const Party& party,
                                  std::function<void(UploadResult)> done) {
    const proto::Author author = chats_.author_of(party);
    FileRecord file;
    file.id = "f" + std::to_string(++next_file_number_);
    file.chat_id = chat.id;
    file.sha256 = request.sha256;
    file.name = request.name;
    file.mime = request.mime;
    file.size = request.size;
    file.width = request.width.value_or(0);
    file.height = request.height.value_or(0);
    file.created_at = services_.now();
    const proto::FileInfo info{file.id, file.name, file.mime, file.size, request.width, request.height};

    const std::string key = upload_key(author, request.client_id);
    auto answer = std::make_shared<std::function<void(UploadResult)>>(std::move(done));
    core::Reservation reservation;
    auto error = chats_.append(
        chat, author, request.client_id, proto::FileBody{info}, std::nullopt,
        [this, chat_id = chat.id, key, answer](bool ok) {
            if (!ok) return (*answer)(HttpError{503, "unavailable", "storage failed"});
            ChatLive* live = chats_.find(chat_id);
            if (!live) return (*answer)(HttpError{409, "conflict", "the chat is closed"});
            const auto body = live->uploads.find(key);
            if (body == live->uploads.end()) return (*answer)(HttpError{503, "unavailable", "upload lost"});
            (*answer)(body->second.second);
        },
        {file}, &reservation);
    if (error) return (*answer)(http_error_for(*error));
    if (!reservation.duplicate) {
        // The 201 body of this upload (also for repeats of its clientId), known once the seq is reserved.
        const auto body = nlohmann::json{
            {"seq", reservation.stamp.seq}, {"ts", reservation.stamp.ts}, {"file", proto::to_json(info)}};
        chat.uploads[key] = {reservation.stamp.seq, body.dump()};
        log_event("upload", {{"chat", chat.id}, {"file", file.id}, {"mime", file.mime}, {"size", file.size}});
    }
}

void FileTransfers::authorize_download(const std::string& token, const std::string& file_id,
                                       std::function<void(DownloadResult)> done) {
    struct Found {
        std::optional<FileRecord> file;
        std::optional<ChatRecord> chat;  // the file's chat row, for an agent's chat that is no longer live
    };
    sessions_.lookup_token(token, [this, file_id, done = std::move(done)](std::optional<SessionRecord> record) mutable {
        if (!record) return done(kNoToken);
        // Read before the call: the second lambda moves `record`, and the order in which arguments are built is
        // unspecified (GCC builds the last first, which left `agent` false: no closed chat's files downloaded).
        const bool agent = record->role == "agent";
        services_.read(
            [file_id, agent](Storage& storage) {
                Found found;
                found.file = storage.find_file(file_id);
                if (found.file && agent) found.chat = storage.load_chat(found.file->chat_id);
                return found;
            },
            [this, record = std::move(*record), done = std::move(done)](Found found) {
                if (!found.file) return done(HttpError{404, "not_found", "no such file"});
                bool party = false;
                if (record.role == "customer") {
                    party = record.chat_id == found.file->chat_id;
                } else if (const ChatLive* chat = chats_.find(found.file->chat_id)) {
                    party = chats_.agent_may_read(record.agent_id, *chat);
                } else if (found.chat) {
                    party = chats_.agent_may_read(record.agent_id, *found.chat);
                }
                if (!party) return done(HttpError{403, "forbidden", "not a party of this file's chat"});
                done(*found.file);
            });
    });
}

}  // namespace server
