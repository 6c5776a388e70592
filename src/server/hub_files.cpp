// HTTP uploads and downloads, authorized by the same tokens as the sockets.
#include "hub_state.hpp"
#include "log.hpp"

namespace server {

namespace {

HttpError http_error_for(const proto::Error& error) {
    switch (error.code) {
        case proto::ErrorCode::unauthorized: return {401, "unauthorized", error.message};
        case proto::ErrorCode::forbidden: return {403, "forbidden", error.message};
        case proto::ErrorCode::not_found: return {404, "not_found", error.message};
        case proto::ErrorCode::conflict: return {409, "conflict", error.message};
        case proto::ErrorCode::unavailable: return {503, "unavailable", error.message};
        case proto::ErrorCode::too_large: return {413, "too_large", error.message};
        default: return {400, std::string(proto::to_string(error.code)), error.message};
    }
}

// The session a token opens, as a SessionState for party checks.
struct TokenParty {
    SessionState session;
    proto::Author author;
};

}  // namespace

void HubState::check_upload(const std::string& token, const std::string& chat_id, const std::string& client_id,
                            const std::function<void(std::optional<HttpError>, std::optional<std::string>)>& done) {
    const auto record = session_for_token(token);
    if (!record) return done(HttpError{401, "unauthorized", "a valid token is required"}, std::nullopt);
    SessionState session;
    session.role = record->role == "agent" ? proto::Role::agent : proto::Role::customer;
    session.agentId = record->agentId;
    session.chatId = record->chatId;
    auto chat = party_chat(session, chat_id);
    if (!chat) return done(http_error_for(chat.error()), std::nullopt);
    // A repeat of a committed upload answers the original. A repeat of one still committing goes on to
    // commit_upload, where the chat log makes it wait for the original's commit.
    const auto existing = chat.value()->uploads.find(upload_key(author_of(session), client_id));
    if (existing != chat.value()->uploads.end() && existing->second.first <= chat.value()->log.last_committed_seq()) {
        return done(std::nullopt, existing->second.second);
    }
    const auto status = chat.value()->log.status();
    if (status == proto::ChatStatus::ended || status == proto::ChatStatus::closed) {
        return done(HttpError{409, "conflict", "the chat has ended"}, std::nullopt);
    }
    if (session.role == proto::Role::agent && status != proto::ChatStatus::active) {
        return done(HttpError{409, "conflict", "accept the chat first"}, std::nullopt);
    }
    if (storageFailed || stopping) return done(HttpError{503, "unavailable", "try again later"}, std::nullopt);
    done(std::nullopt, std::nullopt);
}

void HubState::commit_upload(UploadRequest request, std::function<void(UploadResult)> done) {
    // Check again: the chat may have ended while the bytes were being stored.
    std::optional<HttpError> refusal;
    std::optional<std::string> existing;
    check_upload(request.token, request.chatId, request.clientId,
                 [&](std::optional<HttpError> e, std::optional<std::string> x) {
                     refusal = std::move(e);
                     existing = std::move(x);
                 });
    if (refusal) return done(*refusal);
    if (existing) return done(*existing);
    const auto record = session_for_token(request.token);
    SessionState session;
    session.role = record->role == "agent" ? proto::Role::agent : proto::Role::customer;
    session.agentId = record->agentId;
    session.chatId = record->chatId;
    ChatLive& chat = chats.at(request.chatId);
    const proto::Author author = author_of(session);

    FileRecord file;
    file.id = "f" + std::to_string(++nextFileNumber);
    file.chatId = chat.id;
    file.sha256 = request.sha256;
    file.name = request.name;
    file.mime = request.mime;
    file.size = request.size;
    file.width = request.width.value_or(0);
    file.height = request.height.value_or(0);
    file.createdAt = now();
    const proto::FileInfo info{file.id, file.name, file.mime, file.size, request.width, request.height};

    const std::string key = upload_key(author, request.clientId);
    auto answer = std::make_shared<std::function<void(UploadResult)>>(std::move(done));
    core::Reservation reservation;
    auto error = append(
        chat, author, request.clientId, proto::FileBody{info}, std::nullopt,
        [this, chat_id = chat.id, key, answer](bool ok) {
            if (!ok) return (*answer)(HttpError{503, "unavailable", "storage failed"});
            const auto it = chats.find(chat_id);
            if (it == chats.end()) return (*answer)(HttpError{409, "conflict", "the chat is closed"});
            const auto body = it->second.uploads.find(key);
            if (body == it->second.uploads.end()) return (*answer)(HttpError{503, "unavailable", "upload lost"});
            (*answer)(body->second.second);
        },
        {file}, &reservation);
    if (error) return (*answer)(http_error_for(*error));
    if (!reservation.duplicate) {
        // The 201 body of this upload (also for repeats of its clientId), known once the seq is reserved.
        const auto body = nlohmann::json{{"seq", reservation.stamp.seq}, {"ts", reservation.stamp.ts}, {"file", proto::to_json(info)}};
        chat.uploads[key] = {reservation.stamp.seq, body.dump()};
        log_event("upload", {{"chat", chat.id}, {"file", file.id}, {"mime", file.mime}, {"size", file.size}});
    }
}

DownloadResult HubState::authorize_download(const std::string& token, const std::string& file_id) {
    const auto record = session_for_token(token);
    if (!record) return HttpError{401, "unauthorized", "a valid token is required"};
    const auto file = storage.find_file(file_id);
    if (!file) return HttpError{404, "not_found", "no such file"};
    bool party = false;
    if (record->role == "customer") {
        party = record->chatId == file->chatId;
    } else {
        const auto chat = chats.find(file->chatId);
        if (chat != chats.end()) {
            party = chat->second.agentId == record->agentId;
        } else if (const auto stored = storage.load_chat(file->chatId)) {
            party = stored->agentId == record->agentId;
        }
    }
    if (!party) return HttpError{403, "forbidden", "not a party of this file's chat"};
    return *file;
}

}  // namespace server
