// SPDX-License-Identifier: Apache-2.0
// CycloneDX JSON SBOMs (specification 1.2 to 1.6) as inventory: one document describes one device
// or product, so it becomes ONE ObservedAsset carrying every component the document lists. The
// document is parsed whole (simdjson DOM): memory is bounded by a ceiling of 512 MiB on the
// document, not streamed per asset as the other importers are.
//
// What is read:
//   - metadata.component is the asset: model = its name; manufacturer = the first of its
//     manufacturer.name (1.6), metadata.manufacturer.name (1.6), metadata.manufacture.name
//     (1.2-1.5), its supplier.name, metadata.supplier.name and its publisher. Kind stays unknown
//     (a "device" SBOM may be a pump or a switch: the caller decides from context). When it has a
//     version, cpe or purl, has components of its own, or the dependency graph names its bom-ref,
//     it is also emitted as the first component, at location "$.metadata.component", so its own
//     vulnerabilities can be matched; its own components hang from it.
//   - source_key = serialNumber, else metadata.component's bom-ref, else its "name@version" (or
//     name), else "" (the caller attaches the SBOM to an asset by option).
//   - components[], recursively: nested ones carry parent_ref = their parent's ref. ref = bom-ref,
//     or the component's JSON path ("$.components[3].components[0]") when it has none. product =
//     name (the group, a Maven groupId or npm scope, lives on in the purl). vendor = the first of
//     publisher, supplier.name, manufacturer.name (1.6), author, authors[0].name (1.6) and group:
//     the publisher is who releases the software under its name, which is what a CPE vendor is;
//     suppliers and manufacturers come next; author is a person's name more often than a firm's,
//     and group is only a namespace, the weakest hint, kept as a last resort. cpe is validated and
//     written in canonical CPE 2.3 form (2.2 URIs converted); purl is kept as given.
//   - dependencies[] (ref, dependsOn[]) become ObservedDependency edges, duplicates removed.
//   - metadata.timestamp is observed_at; metadata.tools (the 1.2-1.4 array or the 1.5+ object with
//     components and services) gives tool ("name version", several joined by ", ").
//   - A "vulnerabilities" array (VEX) is not inventory: the components are still imported and an
//     info diagnostic says the statements are left for the advisory importer.
// Licences, hashes, properties, services and compositions are not read.
#pragma once

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {

// Parses `file` as a CycloneDX JSON document and passes its one asset to `sink`; report.format is
// "cyclonedx". Errors (the caller rolls back):
//   kInvalidArgument  larger than 512 MiB; not JSON, invalid UTF-8, nested deeper than 1024
//                     levels (where = "<file> byte N" or "<file> <path> (byte N)"); not an
//                     object with bomFormat "CycloneDX" ("not a CycloneDX document"); a
//                     specVersion outside 1.2-1.6 (named); metadata, metadata.component,
//                     components or dependencies of the wrong JSON type, a component that is not
//                     an object, components nested deeper than 64 levels (where = "<file> <path>");
//   kDataLoss         the document ends early (truncated or empty);
//   InputFile's read errors, and any error the sink returns.
// Diagnostics (the rest imports):
//   inventory.missing_product  error    a component with no name is left out
//   inventory.missing_version  warning  a component without a version is kept
//   inventory.bad_value        warning  an optional field of the wrong type or over 8 KiB, dropped
//   inventory.bad_text         warning  a field not UTF-8 or with a control character, dropped
//   inventory.bad_date         warning  metadata.timestamp is not a date-time, dropped
//   cyclonedx.bad_cpe          warning  a cpe that is neither CPE 2.3 nor a 2.2 URI, dropped
//   cyclonedx.bad_purl         warning  a purl not starting "pkg:", dropped
//   cyclonedx.duplicate_ref    warning  a bom-ref used by two components (both kept)
//   cyclonedx.bad_dependency   warning  a dependencies entry that is not {ref, dependsOn[]}
//   cyclonedx.unknown_ref      warning  a dependency naming no component, the edge dropped
//   cyclonedx.no_subject       info     no metadata.component: the asset has no model
//   cyclonedx.vex_ignored      info     the document's VEX statements are not imported here
[[nodiscard]] Result<ObservedReport> parse_cyclonedx_json(InputFile& file,
                                                          Diagnostics& diagnostics,
                                                          const AssetSink& sink);

}  // namespace wardround::inventory
