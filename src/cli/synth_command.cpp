// SPDX-License-Identifier: Apache-2.0
// wardround synth: a deterministic synthetic estate (src/synth).
#include "cli/cli.h"

namespace wardround::cli {

void add_synth_command(CLI::App& /*app*/, Context& /*context*/) {}

}  // namespace wardround::cli
