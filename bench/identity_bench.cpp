// SPDX-License-Identifier: Apache-2.0
// wardround-identity-bench: identity resolution over an inventory CSV, two ways. The naive way
// resolves every component row; Wardround's way resolves each distinct spelling once and reuses
// the answer, as the importer does. Prints one JSON object: rows, distinct names, seconds and rows
// per second of each, and the share of rows that resolved to a product identity.
#include <chrono>
#include <cstdio>
#include <string>
#include <unordered_map>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <wardround/core/input_file.h>
#include <wardround/inventory/identity.h>
#include <wardround/inventory/inventory_csv.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/store/open.h>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string raw_key(const wardround::inventory::ObservedComponent& component) {
    return component.type + '\x1f' + component.vendor + '\x1f' + component.product + '\x1f' +
           component.version + '\x1f' + component.cpe + '\x1f' + component.purl;
}

}  // namespace

int run(int argc, char** argv) {
    using wardround::Diagnostics;
    using wardround::InputFile;
    using wardround::Status;
    namespace inventory = wardround::inventory;
    namespace store = wardround::store;
    CLI::App app{"Identity resolution over an inventory CSV: every row versus each name once"};
    std::string csv_path;
    std::string db;
    app.add_option("csv", csv_path, "inventory CSV")->required();
    app.add_option("--db", db, "a Wardround database whose knowledge base supplies CPE names");
    CLI11_PARSE(app, argc, argv);

    std::unique_ptr<inventory::IdentityResolver> resolver;
    if (!db.empty()) {
        auto database = store::open_database(db);
        if (!database) {
            fmt::print(stderr, "{}\n", database.error().to_string());
            return 1;
        }
        auto loaded = inventory::load_identity_resolver(**database);
        if (!loaded) {
            fmt::print(stderr, "{}\n", loaded.error().to_string());
            return 1;
        }
        resolver = std::move(*loaded);
    } else {
        resolver = std::make_unique<inventory::IdentityResolver>(
            inventory::KnownProducts{}, std::vector<inventory::IdentityMapping>{});
    }

    std::int64_t rows = 0;
    std::int64_t naive_resolved = 0;
    std::int64_t cached_resolved = 0;
    double naive_seconds = 0;
    double cached_seconds = 0;
    std::unordered_map<std::string, bool> cache;
    const auto sink = [&](inventory::ObservedAsset&& asset) -> Status {
        for (const auto& component : asset.components) {
            ++rows;
            auto start = Clock::now();
            naive_resolved +=
                resolver->resolve(component).status == inventory::Resolution::kResolved ? 1 : 0;
            naive_seconds += seconds_since(start);
            start = Clock::now();
            const std::string key = raw_key(component);
            auto found = cache.find(key);
            if (found == cache.end()) {
                found = cache
                            .emplace(key, resolver->resolve(component).status ==
                                              inventory::Resolution::kResolved)
                            .first;
            }
            cached_resolved += found->second ? 1 : 0;
            cached_seconds += seconds_since(start);
        }
        return {};
    };
    auto file = InputFile::open(csv_path);
    if (!file) {
        fmt::print(stderr, "{}\n", file.error().to_string());
        return 1;
    }
    Diagnostics diagnostics;
    const auto parse_start = Clock::now();
    auto parsed = inventory::parse_inventory_csv(*file, diagnostics, sink);
    const double total_seconds = seconds_since(parse_start);
    if (!parsed) {
        fmt::print(stderr, "{}\n", parsed.error().to_string());
        return 1;
    }
    const double parse_seconds = total_seconds - naive_seconds - cached_seconds;
    fmt::print(
        "{{\"rows\": {}, \"distinct_names\": {}, \"known_products\": {}, \"parse_seconds\": "
        "{:.3f}, "
        "\"naive_seconds\": {:.3f}, \"naive_rows_per_second\": {:.0f}, \"cached_seconds\": {:.3f}, "
        "\"cached_rows_per_second\": {:.0f}, \"resolved_share\": {:.4f}, \"same_answers\": {}}}\n",
        rows, cache.size(), resolver->known().size(), parse_seconds, naive_seconds,
        static_cast<double>(rows) / naive_seconds, cached_seconds,
        static_cast<double>(rows) / cached_seconds,
        rows == 0 ? 0.0 : static_cast<double>(cached_resolved) / static_cast<double>(rows),
        naive_resolved == cached_resolved ? "true" : "false");
    return 0;
}

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& error) {
        // Errors are reported as values; this only catches an allocation failure or a bug.
        std::fprintf(stderr, "%s: internal error: %s\n", "wardround-identity-bench", error.what());
        return 1;
    }
}
