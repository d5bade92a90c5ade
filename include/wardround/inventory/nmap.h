// SPDX-License-Identifier: Apache-2.0
// nmap XML reports (-oX, nmap 5.x to 7.9x) as inventory observations: every host that was up
// becomes an ObservedAsset with its addresses, names, OS guesses and open ports. The file is read
// in chunks and each <host> element is parsed on its own, so a scan of a /16 is imported with
// memory bounded by its largest host.
#pragma once

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>

namespace wardround::inventory {

// Parses an nmap XML report, passing each host that was up to `sink` as soon as it is read. Hosts
// in any other state are counted in ObservedReport::skipped. The report's observed_at is the scan's
// start and its tool "nmap <version>".
//
// Errors (where = "<file> byte N", N counted from 0 in the decompressed stream):
//   kInvalidArgument: not XML (empty, binary, text before the first tag); not an nmap report (the
//     root element is not <nmaprun>); a DOCTYPE with anything beyond the bare `<!DOCTYPE nmaprun>`
//     nmap writes (an internal subset, an external id) or any `<!ENTITY`: entities are never
//     resolved, so such documents are refused rather than half-read; XML that is not well-formed;
//     elements nested deeper than 100 levels, a tag over 4 MiB or a <host> over 64 MiB.
//   kDataLoss: the file ends before </nmaprun>. nmap writes the closing tag even when it stops on a
//     fatal error, so a missing one means the scan was interrupted (Ctrl-C, a kill) or the file was
//     cut short, and the report cannot say which hosts it would have found.
//   An error returned by `sink` stops the parse and is returned as it is.
// A report nmap itself marks as failed (<finished exit="error">) imports, with a warning.
// Problems with one host or field are diagnostics (nmap.*, inventory.*) and the rest imports.
[[nodiscard]] Result<ObservedReport> parse_nmap_xml(InputFile& file,
                                                    Diagnostics& diagnostics,
                                                    const AssetSink& sink);

}  // namespace wardround::inventory
