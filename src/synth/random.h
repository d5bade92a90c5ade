// SPDX-License-Identifier: Apache-2.0
// The generator's randomness, fixed here so that the estate is the same on every platform and
// library: SplitMix64 (Steele, Lea and Flood, 2014) for the stream and for deriving seeds, and
// Lemire's multiply-and-reject method for unbiased bounded draws. The standard library's
// distributions are not used: their output is not specified by the standard.
#pragma once

#include <cstdint>

namespace wardround::synth::detail {

// The SplitMix64 output function: a bijective 64-bit mix.
constexpr std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
}

// A seed for one part of the estate from its parent's seed and its index.
constexpr std::uint64_t derive_seed(std::uint64_t parent, std::uint64_t index) {
    return mix64(mix64(parent + 0x9e3779b97f4a7c15ULL) ^ mix64(index + 0x632be59bd9b4e019ULL));
}

class Rng {
public:
    explicit constexpr Rng(std::uint64_t seed) : state_(seed) {}

    constexpr std::uint64_t next() {
        state_ += 0x9e3779b97f4a7c15ULL;
        return mix64(state_);
    }

    // Uniform in [0, bound); 0 when bound is 0.
    constexpr std::uint32_t below(std::uint32_t bound) {
        if (bound == 0) {
            return 0;
        }
        auto product =
            static_cast<std::uint64_t>(static_cast<std::uint32_t>(next() >> 32U)) * bound;
        auto low = static_cast<std::uint32_t>(product);
        if (low < bound) {
            const std::uint32_t threshold = (0U - bound) % bound;
            while (low < threshold) {
                product =
                    static_cast<std::uint64_t>(static_cast<std::uint32_t>(next() >> 32U)) * bound;
                low = static_cast<std::uint32_t>(product);
            }
        }
        return static_cast<std::uint32_t>(product >> 32U);
    }

    // True with probability threshold / 2^32.
    constexpr bool chance(std::uint32_t threshold) {
        return static_cast<std::uint32_t>(next() >> 32U) < threshold;
    }

    // True with probability percent / 100.
    constexpr bool percent(std::uint32_t percent) { return below(100) < percent; }

private:
    std::uint64_t state_;
};

}  // namespace wardround::synth::detail
