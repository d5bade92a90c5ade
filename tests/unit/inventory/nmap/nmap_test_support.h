// SPDX-License-Identifier: Apache-2.0
// The nmap tests' own helpers: the parser over a file or bytes (through the shared inventory test
// helpers) and a minimal report around some hosts.
#pragma once

#include <string>
#include <utility>

#include <wardround/inventory/nmap.h>

#include "support/inventory_test_support.h"

namespace wardround::testing {

inline Parsed run_nmap_file(const std::string& path) {
    return parse_path(inventory::parse_nmap_xml, path);
}

inline Parsed run_nmap_bytes(std::string bytes) {
    return parse_bytes(inventory::parse_nmap_xml, "scan.xml", std::move(bytes));
}

// A minimal nmap report around `hosts`, as nmap 7.9x writes it.
inline std::string nmap_report(
    const std::string& hosts,
    const std::string& run_attributes = R"(scanner="nmap" start="1741684442" version="7.94SVN")") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n<nmaprun " +
           run_attributes + ">\n" + hosts +
           "<runstats><finished time=\"1741684548\" exit=\"success\"/></runstats>\n</nmaprun>\n";
}

}  // namespace wardround::testing
