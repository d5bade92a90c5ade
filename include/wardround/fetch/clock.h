// SPDX-License-Identifier: Apache-2.0
// Clock: the time source and the sleep of the fetch layer. Backoff and rate limiting wait through
// it, so tests replace it with a clock that only pretends to sleep and can assert exact schedules
// without waiting; the wall time it gives sets the end of NVD's incremental windows.
#pragma once

#include <chrono>

#include <wardround/core/time.h>

namespace wardround::fetch {

class Clock {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    virtual ~Clock() = default;
    // Monotonic time, for spacing requests.
    [[nodiscard]] virtual TimePoint now() = 0;
    virtual void sleep_for(std::chrono::milliseconds duration) = 0;
    // The current UTC time, for "until now" in NVD queries.
    [[nodiscard]] virtual Timestamp wall_now() = 0;
};

// The real clock: std::chrono::steady_clock, std::this_thread::sleep_for and the system time.
class SystemClock final : public Clock {
public:
    [[nodiscard]] TimePoint now() override;
    void sleep_for(std::chrono::milliseconds duration) override;
    [[nodiscard]] Timestamp wall_now() override;
};

}  // namespace wardround::fetch
