// SPDX-License-Identifier: Apache-2.0
// wardround synth: a deterministic synthetic estate (src/synth). Writes each organisation's files
// (data/synth/README.md), creates the organisations and imports the files; or, with --measure, only
// generates the estate in memory and reports how fast.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/core.h>
#include <sys/resource.h>

#include <wardround/core/input_file.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>
#include <wardround/synth/synth.h>
#include <wardround/synth/synth_writer.h>

#include "cli/cli.h"

namespace wardround::cli {
namespace {

struct SynthArguments {
    synth::SynthOptions options;
    std::string out;
    bool no_import = false;
    bool as_json = false;
    bool measure = false;
    int threads = 1;
};

struct ImportTotals {
    std::int64_t files = 0;
    std::int64_t unchanged = 0;
    std::int64_t assets_new = 0;
    std::int64_t assets_merged = 0;
    std::int64_t diagnostics = 0;
};

// Next to the SQLite file, named by the options, so runs with other options never collide.
std::string default_out(const Context& context, const synth::SynthOptions& options) {
    std::string name = fmt::format("synth-{}-{}-{}", options.orgs, options.endpoints, options.seed);
    if (context.db_location.find("://") != std::string::npos) {
        return name;
    }
    const std::filesystem::path db(context.db_location);
    return (db.parent_path() / name).string();
}

Json counts_json(const synth::SynthCounts& counts) {
    return Json{{"assets", counts.assets},
                {"endpoints", counts.endpoints},
                {"servers", counts.servers},
                {"network_devices", counts.network_devices},
                {"medical_devices", counts.medical_devices},
                {"components", counts.components},
                {"exposures", counts.exposures}};
}

// A progress line for the writing step, through the same terminal display the imports use.
void show_writing(TerminalProgress& progress, std::size_t done, std::uint64_t assets) {
    ProgressUpdate update;
    update.task = "synth";
    update.source = "writing organisation files";
    update.records = assets;
    update.bytes_done = done;
    progress.update(update);
}

Result<ImportTotals> import_all(const Context& context,
                                const std::string& organisations_csv,
                                const std::vector<synth::SynthFiles>& written) {
    auto database = open_database(context);
    if (!database) {
        return propagate(database.error());
    }
    auto org_file = InputFile::open(organisations_csv);
    if (!org_file) {
        return propagate(org_file.error());
    }
    auto orgs = org::import_organisations(**database, *org_file);
    if (!orgs) {
        return propagate(orgs.error());
    }
    ImportTotals totals;
    totals.diagnostics += static_cast<std::int64_t>(orgs->diagnostics.total());
    print_diagnostics(orgs->diagnostics);
    TerminalProgress progress;
    inventory::InventoryImporter importer(**database, &progress);
    for (const synth::SynthFiles& files : written) {
        const std::pair<const std::string*, inventory::InventoryFormat> parts[] = {
            {&files.inventory_csv, inventory::InventoryFormat::kCsv},
            {&files.register_csv, inventory::InventoryFormat::kDeviceRegister},
            {&files.scan_xml, inventory::InventoryFormat::kNmap}};
        for (const auto& [path, format] : parts) {
            if (path->empty()) {
                continue;
            }
            inventory::InventoryImportOptions options;
            options.org_code = files.org_code;
            options.format = format;
            auto report = importer.import_file(*path, options);
            if (!report) {
                return propagate(report.error());
            }
            ++totals.files;
            totals.unchanged += report->run.outcome == store::ImportOutcome::kUnchanged ? 1 : 0;
            totals.assets_new += report->counts.assets_new;
            totals.assets_merged += report->counts.assets_merged;
            totals.diagnostics += static_cast<std::int64_t>(report->diagnostics.total());
            print_diagnostics(report->diagnostics);
        }
    }
    return totals;
}

int run_synth(const Context& context, const SynthArguments& arguments) {
    auto estate = synth::SynthEstate::create(arguments.options);
    if (!estate) {
        fmt::print(stderr, "wardround: error: {}\n", estate.error().to_string());
        return kExitUsage;
    }
    const std::string out =
        arguments.out.empty() ? default_out(context, arguments.options) : arguments.out;
    std::error_code error;
    std::filesystem::create_directories(out, error);
    if (error) {
        return report_error(
            Error{ErrorCode::kUnavailable, "cannot create the folder: " + error.message(), out});
    }
    auto organisations_csv = synth::write_organisations_csv(*estate, out);
    if (!organisations_csv) {
        return report_error(organisations_csv.error());
    }
    std::vector<synth::SynthFiles> written;
    synth::SynthCounts counts;
    std::int64_t files = 1;
    {
        TerminalProgress progress;
        for (std::size_t i = 0; i < estate->organisations().size(); ++i) {
            if (estate->asset_count(i) == 0) {
                continue;
            }
            auto result = synth::write_organisation_files(*estate, i, out);
            if (!result) {
                progress.done();
                return report_error(result.error());
            }
            counts += result->counts;
            files += !result->inventory_csv.empty() + !result->register_csv.empty() +
                     !result->scan_xml.empty();
            written.push_back(std::move(*result));
            show_writing(progress, written.size(), static_cast<std::uint64_t>(counts.assets));
        }
        progress.done();
    }
    ImportTotals imported;
    if (!arguments.no_import) {
        auto totals = import_all(context, *organisations_csv, written);
        if (!totals) {
            return report_error(totals.error());
        }
        imported = *totals;
    }
    std::map<std::string, std::int64_t> by_type;
    for (const synth::SynthOrganisation& org : estate->organisations()) {
        ++by_type[org.type];
    }
    if (arguments.as_json) {
        Json json{{"folder", out},
                  {"seed", arguments.options.seed},
                  {"organisations", by_type},
                  {"generated", counts_json(counts)},
                  {"files_written", files}};
        if (!arguments.no_import) {
            json["imported"] = Json{{"files", imported.files},
                                    {"unchanged", imported.unchanged},
                                    {"assets_new", imported.assets_new},
                                    {"assets_merged", imported.assets_merged},
                                    {"diagnostics", imported.diagnostics}};
        }
        print_json(json);
    } else {
        std::string orgs_text;
        for (const auto& [type, count] : by_type) {
            orgs_text += fmt::format("{}{} {}", orgs_text.empty() ? "" : ", ", count, type);
        }
        fmt::print("synthetic estate (seed {}): {}\n", arguments.options.seed, orgs_text);
        fmt::print(
            "  {} assets: {} endpoints, {} servers, {} network devices, {} medical devices; {} "
            "components, {} listening services\n",
            counts.assets, counts.endpoints, counts.servers, counts.network_devices,
            counts.medical_devices, counts.components, counts.exposures);
        fmt::print("  {} files written to {}\n", files, out);
        if (!arguments.no_import) {
            fmt::print(
                "  imported {} files ({} already imported, nothing changed): {} assets new, "
                "{} merged\n",
                imported.files, imported.unchanged, imported.assets_new, imported.assets_merged);
        }
    }
    return imported.diagnostics > 0 ? kExitWithDiagnostics : kExitOk;
}

// FNV-1a over the fields a reader would compare, so two runs can be checked for equality.
std::uint64_t digest(std::uint64_t hash, std::string_view text) {
    for (const char c : text) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    }
    return (hash ^ 0xFFU) * 0x100000001b3ULL;
}

std::uint64_t asset_digest(std::uint64_t hash, const inventory::ObservedAsset& asset) {
    hash = digest(hash, asset.source_key);
    hash = digest(hash, asset.hostname);
    hash = digest(hash, asset.os.empty() ? "" : asset.os.front().version);
    for (const auto& component : asset.components) {
        hash = digest(hash, component.product);
        hash = digest(hash, component.version);
    }
    for (const auto& exposure : asset.exposures) {
        hash = digest(hash, exposure.product);
    }
    return hash;
}

int run_measure(const SynthArguments& arguments) {
    auto estate = synth::SynthEstate::create(arguments.options);
    if (!estate) {
        fmt::print(stderr, "wardround: error: {}\n", estate.error().to_string());
        return kExitUsage;
    }
    const std::size_t orgs = estate->organisations().size();
    std::vector<std::uint64_t> digests(orgs, 0);
    std::vector<synth::SynthCounts> counts(static_cast<std::size_t>(arguments.threads));
    std::atomic<std::size_t> next{0};
    const auto started = std::chrono::steady_clock::now();
    const auto work = [&](std::size_t thread) {
        for (std::size_t i = next++; i < orgs; i = next++) {
            std::uint64_t hash = 0xcbf29ce484222325ULL;
            estate->generate(i, [&](inventory::ObservedAsset&& asset) {
                counts[thread].add(asset);
                hash = asset_digest(hash, asset);
            });
            digests[i] = hash;
        }
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < arguments.threads; ++t) {
        threads.emplace_back(work, static_cast<std::size_t>(t));
    }
    work(0);
    for (std::thread& thread : threads) {
        thread.join();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    synth::SynthCounts total;
    for (const auto& part : counts) {
        total += part;
    }
    std::uint64_t combined = 0xcbf29ce484222325ULL;
    for (const std::uint64_t value : digests) {
        combined = (combined ^ value) * 0x100000001b3ULL;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
    const double assets_per_second = static_cast<double>(total.assets) / seconds;
    const double rows_per_second = static_cast<double>(total.components) / seconds;
    if (arguments.as_json) {
        print_json(Json{{"threads", arguments.threads},
                        {"generated", counts_json(total)},
                        {"seconds", seconds},
                        {"assets_per_second", assets_per_second},
                        {"components_per_second", rows_per_second},
                        {"peak_rss_mib", peak_mib},
                        {"digest", fmt::format("{:016x}", combined)}});
    } else {
        fmt::print(
            "generated {} assets ({} endpoints, {} servers, {} network devices, {} medical "
            "devices), {} components, {} services in {:.2f} s on {} thread(s)\n",
            total.assets, total.endpoints, total.servers, total.network_devices,
            total.medical_devices, total.components, total.exposures, seconds, arguments.threads);
        fmt::print(
            "  {:.0f} assets/s, {:.0f} component rows/s; peak memory {:.1f} MiB; digest {:016x}\n",
            assets_per_second, rows_per_second, peak_mib, combined);
    }
    return kExitOk;
}

}  // namespace

void add_synth_command(CLI::App& app, Context& context) {
    auto arguments = std::make_shared<SynthArguments>();
    auto* synth = app.add_subcommand(
        "synth",
        "Create a deterministic synthetic estate: organisations, their inventory files, imported");
    synth
        ->add_option("--orgs", arguments->options.orgs,
                     "organisations holding assets (trusts and GP practices); regions and ICBs "
                     "are added above them")
        ->capture_default_str();
    synth
        ->add_option("--endpoints", arguments->options.endpoints,
                     "assets of every kind across all organisations together")
        ->capture_default_str();
    synth->add_option("--seed", arguments->options.seed, "the same seed gives the same estate")
        ->capture_default_str();
    synth->add_option("--out", arguments->out,
                      "folder for the files (default: synth-ORGS-ENDPOINTS-SEED beside the "
                      "database file)");
    synth->add_flag("--no-import", arguments->no_import,
                    "write the files only; leave the database alone");
    synth->add_flag("--json", arguments->as_json, "JSON output");
    synth->add_flag("--measure", arguments->measure,
                    "generate in memory only (no files, no database) and report the speed");
    synth->add_option("--threads", arguments->threads, "threads for --measure")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    synth->callback([&context, arguments] {
        context.run = [&context, arguments] {
            return arguments->measure ? run_measure(*arguments) : run_synth(context, *arguments);
        };
    });
}

}  // namespace wardround::cli
