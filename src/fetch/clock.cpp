// SPDX-License-Identifier: Apache-2.0
#include <thread>

#include <wardround/fetch/clock.h>

namespace wardround::fetch {

Clock::TimePoint SystemClock::now() {
    return std::chrono::steady_clock::now();
}

void SystemClock::sleep_for(std::chrono::milliseconds duration) {
    if (duration > std::chrono::milliseconds::zero()) {
        std::this_thread::sleep_for(duration);
    }
}

Timestamp SystemClock::wall_now() {
    return now_utc();
}

}  // namespace wardround::fetch
