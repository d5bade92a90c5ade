// SPDX-License-Identifier: Apache-2.0
// SPDX 2.2 and 2.3 JSON documents as inventory: one document describes one product, so it becomes
// ONE ObservedAsset carrying every package as a component. The document is parsed whole (simdjson
// DOM): memory is bounded by a ceiling of 512 MiB on the document, not streamed per asset as the
// other importers are.
//
// What is read:
//   - packages[] are the components: product = name, version = versionInfo, ref = SPDXID,
//     vendor = supplier, else originator, with the "Organization: " / "Person: " / "Tool: " prefix
//     and a trailing "(contact@address)" removed ("NOASSERTION" is ""); type from the 2.3
//     primaryPackagePurpose in CycloneDX's words where one fits ("OPERATING-SYSTEM" ->
//     "operating-system"; SOURCE, ARCHIVE, INSTALL and OTHER -> ""). externalRefs: referenceType
//     purl -> purl (kept as given), cpe23Type -> cpe (validated, canonical CPE 2.3), cpe22Type ->
//     cpe (converted); the first of each kind is kept. SECURITY references (advisory, fix, url)
//     are not inventory and are reported as an info diagnostic; other reference types are not read.
//   - The package(s) the document describes (documentDescribes, or DESCRIBES relationships from
//     SPDXRef-DOCUMENT, or DESCRIBED_BY to it) are the asset: the first of them gives model = name,
//     manufacturer = its vendor, source_key = "name@version" (or name), location = its path. With
//     none, source_key = documentNamespace and the model is empty. They stay components too.
//   - relationships between two packages become ObservedDependency edges (from the dependent to
//     what it needs or contains): DEPENDS_ON, CONTAINS, DYNAMIC_LINK, STATIC_LINK, HAS_PREREQUISITE
//     as written; DEPENDENCY_OF and its BUILD_, DEV_, OPTIONAL_, PROVIDED_, RUNTIME_ and TEST_
//     variants, CONTAINED_BY and PREREQUISITE_FOR reversed. Other relationship types, and those
//     with a file, snippet or external document at either end, are not edges.
//   - creationInfo.created is observed_at; the "Tool: " creators give tool, joined by ", ".
// files[] and snippets[] are not components and are not read; nor are licences and checksums.
#pragma once

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {

// Parses `file` as an SPDX JSON document and passes its one asset to `sink`; report.format is
// "spdx". Errors (the caller rolls back):
//   kInvalidArgument  larger than 512 MiB; not JSON, invalid UTF-8, nested deeper than 1024
//                     levels (where = "<file> byte N" or "<file> <path> (byte N)"); not an object
//                     whose spdxVersion starts "SPDX-2." ("not an SPDX 2 document", naming the
//                     version); packages or relationships of the wrong JSON type, a package that
//                     is not an object (where = "<file> <path>");
//   kDataLoss         the document ends early (truncated or empty);
//   InputFile's read errors, and any error the sink returns.
// Diagnostics (the rest imports):
//   inventory.missing_product  error    a package with no name is left out
//   inventory.missing_version  warning  a package without versionInfo is kept
//   inventory.bad_value        warning  an optional field of the wrong type or over 8 KiB, dropped
//   inventory.bad_text         warning  a field not UTF-8 or with a control character, dropped
//   inventory.bad_date         warning  creationInfo.created is not a date-time, dropped
//   spdx.bad_cpe               warning  a cpe23Type/cpe22Type locator that is not a CPE, dropped
//   spdx.bad_purl              warning  a purl locator not starting "pkg:", dropped
//   spdx.extra_ref             info     a second purl or CPE on one package, not kept
//   spdx.security_ref_ignored  info     a SECURITY external reference (advisory, fix, url)
//   spdx.duplicate_id          warning  an SPDXID used by two packages (both kept)
//   spdx.bad_relationship      warning  a relationship without its three fields, ignored
//   spdx.no_subject            info     the document describes no package: the asset has no model
[[nodiscard]] Result<ObservedReport> parse_spdx_json(InputFile& file,
                                                     Diagnostics& diagnostics,
                                                     const AssetSink& sink);

}  // namespace wardround::inventory
