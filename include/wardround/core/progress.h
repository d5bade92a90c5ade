// SPDX-License-Identifier: Apache-2.0
// Progress of long work, reported by the library and shown by front ends (a terminal line, later a
// web page). The library calls it often; implementations throttle what they show.
#pragma once

#include <cstdint>
#include <string_view>

namespace wardround {

struct ProgressUpdate {
    std::string_view task;          // "nvd", "epss", ...
    std::string_view source;        // the file or URL being read
    std::uint64_t bytes_done = 0;   // raw bytes read from the source
    std::uint64_t bytes_total = 0;  // 0 when unknown
    std::uint64_t records = 0;      // records processed so far
};

class Progress {
public:
    virtual ~Progress() = default;
    virtual void update(const ProgressUpdate& update) = 0;
    // The task is over (successfully or not); a terminal display clears its line.
    virtual void done() = 0;
};

// Shows nothing: the default for callers that do not care.
class NoProgress final : public Progress {
public:
    void update(const ProgressUpdate& /*update*/) override {}
    void done() override {}
};

}  // namespace wardround
