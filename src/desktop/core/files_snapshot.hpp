// The files part of the state snapshot (window.agentdesk.snapshot().files) and a file event's details.
#pragma once

#include <nlohmann/json.hpp>

#include "desktop/core/state.hpp"

namespace desk {

nlohmann::json files_snapshot_json(const State& s);
nlohmann::json file_info_json(const proto::FileInfo& file);  // {fileId, name, mime, size, width, height}

}  // namespace desk
