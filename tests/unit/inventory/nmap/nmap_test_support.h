// SPDX-License-Identifier: Apache-2.0
// Runs the nmap parser over a file or bytes and keeps everything it produced, for the nmap tests.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/nmap.h>

namespace wardround::inventory::testing {

struct NmapRun {
    std::optional<ObservedReport> report;  // set when the parse succeeded
    std::optional<Error> error;            // set when it failed
    std::vector<ObservedAsset> assets;     // what reached the sink, in order
    Diagnostics diagnostics;
};

inline NmapRun run_nmap(InputFile& file) {
    NmapRun run;
    auto report = parse_nmap_xml(file, run.diagnostics, [&run](ObservedAsset&& asset) {
        run.assets.push_back(std::move(asset));
        return Status{};
    });
    if (report) {
        run.report = std::move(*report);
    } else {
        run.error = std::move(report).error();
    }
    return run;
}

inline NmapRun run_nmap_file(const std::string& path) {
    auto file = InputFile::open(path);
    if (!file) {
        ADD_FAILURE() << file.error().to_string();
        NmapRun failed;
        failed.error = file.error();
        return failed;
    }
    return run_nmap(*file);
}

inline NmapRun run_nmap_bytes(std::string bytes) {
    InputFile file = InputFile::from_memory("scan.xml", std::move(bytes));
    return run_nmap(file);
}

// "code @ location" of every kept diagnostic, in order: compared whole, so an unexpected extra
// diagnostic fails the test.
inline std::vector<std::string> diagnostic_list(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        out.push_back(std::string(severity_name(diagnostic.severity)) + " " + diagnostic.code +
                      " @ " + diagnostic.location);
    }
    return out;
}

// A minimal nmap report around `hosts`, as nmap 7.9x writes it.
inline std::string nmap_report(
    const std::string& hosts,
    const std::string& run_attributes = R"(scanner="nmap" start="1741684442" version="7.94SVN")") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n<nmaprun " +
           run_attributes + ">\n" + hosts +
           "<runstats><finished time=\"1741684548\" exit=\"success\"/></runstats>\n</nmaprun>\n";
}

}  // namespace wardround::inventory::testing
