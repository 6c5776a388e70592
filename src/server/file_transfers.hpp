// HTTP uploads and downloads, authorized by the same session tokens as the sockets. An upload becomes a `file`
// event of the chat pipeline, answered once it is committed; repeats of its clientId answer the original.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "chat_pipeline.hpp"
#include "hub.hpp"
#include "hub_services.hpp"
#include "sessions.hpp"

namespace server {

class FileTransfers {
public:
    FileTransfers(HubServices& services, Sessions& sessions, ChatPipeline& chats);

    // Before the bytes are stored: the token is a party of the open chat. `existing` is set for a repeated clientId.
    void check_upload(const std::string& token, const std::string& chat_id, const std::string& client_id,
                      std::function<void(std::optional<HttpError> error, std::optional<std::string> existing)> done);
    // After the bytes are stored: appends the `file` event and answers once it is committed.
    void commit_upload(UploadRequest request, std::function<void(UploadResult)> done);
    void authorize_download(const std::string& token, const std::string& file_id,
                            std::function<void(DownloadResult)> done);

    void continue_file_numbers(std::int64_t highest) { next_file_number_ = highest; }

private:
    using Checked = std::function<void(std::optional<HttpError>, std::optional<std::string>, ChatLive*, Party)>;
    // The checks of check_upload, on a token already looked up; `chat` is set when the upload may go ahead.
    void check(const std::optional<SessionRecord>& record, const std::string& chat_id, const std::string& client_id,
               Checked done);
    void append_upload(UploadRequest request, ChatLive& chat, const Party& party,
                       std::function<void(UploadResult)> done);

    HubServices& services_;
    Sessions& sessions_;
    ChatPipeline& chats_;
    std::int64_t next_file_number_ = 0;
};

}  // namespace server
