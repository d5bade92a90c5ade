// SPDX-License-Identifier: Apache-2.0
// CSAF 2.0 documents (security advisories, VEX and vendor-specific categories such as Cisco's),
// parsed whole into typed structs that carry everything the knowledge base stores: the document's
// identity and tracking, the product tree flattened to one record per product, and every
// vulnerability's product status, remediations, scores, flags and threats.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/diagnostic.h>
#include <wardround/core/input_file.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>

namespace wardround::vuln {

// Throughout, a text field is "" when the document leaves it out (CSAF forbids empty strings), and
// date-times are UTC.

// CSAF documents are read into memory whole; the largest real one is about 700 KB.
inline constexpr std::size_t kCsafMaxDocumentBytes = std::size_t{64} << 20;

struct CsafPublisher {
    std::string category;  // vendor | coordinator | discoverer | translator | user | other
    std::string name;
    std::string namespace_uri;  // document.publisher.namespace: with tracking.id, the identity
};

struct CsafTracking {
    std::string id;
    std::string status;  // final | interim | draft (others are kept and reported)
    std::string version;
    std::optional<Timestamp> initial_release_date;
    Timestamp current_release_date;  // orders revisions of the same document
    std::size_t revision_count = 0;  // entries in revision_history
    std::vector<std::string> aliases;
};

struct CsafNote {
    std::string category;  // summary | description | details | general | legal_disclaimer | ...
    std::string title;
    std::string text;
    std::string audience;
};

struct CsafReference {
    std::string url;
    std::string category;  // self | external; "" when the document leaves it out
    std::string summary;
};

// One level of the branch path from the root of the product tree down to a product.
struct CsafBranchLevel {
    std::string category;  // vendor | product_family | product_name | product_version | ...
    std::string name;
};

enum class CsafProductOrigin {
    kBranch,           // a leaf of product_tree.branches
    kFullProductName,  // product_tree.full_product_names
    kRelationship,     // the full_product_name a relationship defines
};

[[nodiscard]] std::string_view csaf_product_origin_name(CsafProductOrigin origin);

// A product as the flattened tree gives it. The vendor, family, name, version and version range
// come from the branch path (the innermost level of each category; several product_family levels
// are joined with " / "); they are empty for products defined outside the branches. Text is kept
// byte for byte, trailing spaces and mojibake included, because matching and display must see what
// the publisher wrote.
struct CsafProduct {
    std::string product_id;
    std::string name;
    CsafProductOrigin origin = CsafProductOrigin::kBranch;
    std::string vendor;
    std::string product_family;
    std::string product_name;
    std::string product_version;
    std::string product_version_range;
    std::vector<CsafBranchLevel> branch_path;  // root first; empty unless origin is kBranch
    std::string cpe;                           // product_identification_helper.cpe
    std::string purl;                          // product_identification_helper.purl
    // The whole product_identification_helper as compact JSON (hashes, model_numbers, ...), or ""
    // when the product has none.
    std::string helper_json;
};

struct CsafProductGroup {
    std::string group_id;
    std::string summary;
    std::vector<std::string> product_ids;
};

// Also present as a product (origin kRelationship) under the same product_id.
struct CsafRelationship {
    std::string category;  // installed_on | default_component_of | optional_component_of | ...
    std::string product_reference;
    std::string relates_to_product_reference;
    std::string product_id;  // of the full_product_name it defines
    std::string name;
};

struct CsafVulnerabilityId {
    std::string system_name;
    std::string text;
};

enum class CsafProductStatus : std::uint8_t {
    kFirstAffected,
    kFirstFixed,
    kFixed,
    kKnownAffected,
    kKnownNotAffected,
    kLastAffected,
    kRecommended,
    kUnderInvestigation,
};
inline constexpr std::size_t kCsafProductStatusCount = 8;

// The CSAF key: "known_affected", "first_fixed", ...
[[nodiscard]] std::string_view csaf_product_status_name(CsafProductStatus status);
// The status a CSAF key names, or nullopt for a key CSAF 2.0 does not define.
[[nodiscard]] std::optional<CsafProductStatus> csaf_product_status_from_name(std::string_view name);

struct CsafRemediation {
    std::string category;  // vendor_fix | mitigation | workaround | none_available | no_fix_planned
    std::string details;
    std::string url;
    std::optional<Timestamp> date;
    std::vector<std::string> product_ids;
    std::vector<std::string> group_ids;
};

enum class CsafScoreScheme { kCvssV2, kCvssV3 };

// "CVSS_V2" | "CVSS_V3", the scheme names the knowledge base stores.
[[nodiscard]] std::string_view csaf_score_scheme_name(CsafScoreScheme scheme);

// One CVSS block of a scores[] entry (an entry holding both cvss_v2 and cvss_v3 gives two).
struct CsafScore {
    CsafScoreScheme scheme = CsafScoreScheme::kCvssV3;
    std::string version;  // "2.0", "3.0", "3.1"
    std::string vector;
    std::optional<double> base_score;
    std::string base_severity;  // CVSS v3 only
    std::vector<std::string> product_ids;
};

struct CsafFlag {
    std::string label;  // component_not_present | vulnerable_code_not_present | ...
    std::optional<Timestamp> date;
    std::vector<std::string> product_ids;
    std::vector<std::string> group_ids;
};

struct CsafThreat {
    std::string category;  // impact | exploit_status | target_set
    std::string details;
    std::optional<Timestamp> date;
    std::vector<std::string> product_ids;
    std::vector<std::string> group_ids;
};

struct CsafVulnerability {
    std::string cve;  // "" when the vulnerability is known only by `ids`
    std::string title;
    std::string cwe_id;
    std::string cwe_name;
    std::optional<Timestamp> discovery_date;
    std::optional<Timestamp> release_date;
    std::vector<CsafVulnerabilityId> ids;
    std::string notes_json;  // the notes array as compact JSON, or "" when there are none
    std::vector<CsafReference> references;
    // Product ids per status, in document order, indexed by CsafProductStatus.
    std::array<std::vector<std::string>, kCsafProductStatusCount> product_status;
    std::vector<CsafRemediation> remediations;
    std::vector<CsafScore> scores;
    std::vector<CsafFlag> flags;
    std::vector<CsafThreat> threats;

    [[nodiscard]] const std::vector<std::string>& status(CsafProductStatus which) const {
        return product_status[static_cast<std::size_t>(which)];
    }
};

struct CsafDocument {
    std::string category;  // csaf_security_advisory | csaf_vex | ... | "Cisco Security Advisory"
    bool standard_category = true;  // false for a category CSAF 2.0 does not define
    std::string csaf_version;       // always "2.0"
    std::string lang;
    std::string title;
    CsafPublisher publisher;
    CsafTracking tracking;
    std::string tlp_label;           // distribution.tlp.label: WHITE | GREEN | AMBER | RED
    std::string aggregate_severity;  // aggregate_severity.text ("Critical", "High", ...)
    std::vector<CsafNote> notes;
    std::vector<CsafReference> references;
    // Branch leaves (depth first, in document order), then full_product_names, then the products
    // relationships define.
    std::vector<CsafProduct> products;
    std::vector<CsafProductGroup> product_groups;
    std::vector<CsafRelationship> relationships;
    std::vector<CsafVulnerability> vulnerabilities;  // in document order

    // Distinct CVE ids of the vulnerabilities, sorted.
    [[nodiscard]] std::vector<std::string> cves() const;
};

// Parses CSAF documents, reusing the JSON parser's buffers from one document to the next, so that
// importing thousands of advisories does not reallocate them each time. Not thread-safe: use one
// per thread.
//
// Errors are kInvalidArgument, with `where` naming the source and (from the first check on) the
// JSON path, for a document that: is larger than kCsafMaxDocumentBytes; is not JSON or not UTF-8
// (or nests deeper than 1024 levels); is not CSAF (no document.csaf_version or document.tracking);
// has a csaf_version other than "2.0"; lacks, or has as a non-string or blank, what identifies and
// orders it (document.category, publisher.namespace, tracking.id, tracking.version,
// tracking.status, tracking.current_release_date, which must also parse as a date-time); or whose
// product tree is nested deeper than 32 branches or would flatten to more than 16 times the
// document's size (at least 1 MiB). kInternal if memory runs out. Problems inside a valid document
// do not fail it: they become `csaf.*` diagnostics (codes below) with the JSON path as location,
// and the rest is kept.
//
// Diagnostic codes (severity warning unless marked):
//   csaf.nonstandard_category (info)  document.category is not one CSAF 2.0 defines; kept
//   csaf.unknown_tracking_status      tracking.status is not final/interim/draft; kept
//   csaf.missing_field                a field CSAF requires is absent (or a remediation or flag
//                                     names neither products nor groups); the record is kept
//   csaf.wrong_type                   a value has the wrong JSON type; it is ignored
//   csaf.bad_date                     a date-time does not parse; the field is left empty
//   csaf.text_too_long                a text over 1 MiB; cut on a UTF-8 boundary and marked "..."
//   csaf.missing_product_id (error)   a product without a product_id string, or a relationship
//                                     without a full_product_name object; it is left out
//   csaf.duplicate_product (error)    a product_id defined again; the later one is left out
//   csaf.missing_group_id (error)     a product group without a group_id string; it is left out
//   csaf.duplicate_group (error)      a group_id defined again; the later one is left out
//   csaf.unknown_product              a reference to a product_id the tree does not define; kept
//   csaf.unknown_group                a reference to a group_id the tree does not define; kept
//   csaf.missing_vulnerability_id     a vulnerability with neither cve nor ids; kept
//   csaf.bad_cve                      a cve that is not CVE-YYYY-NNNN...; kept
//   csaf.unknown_status               a product_status key CSAF 2.0 does not define; ignored
//   csaf.empty_score                  a scores[] entry with neither cvss_v2 nor cvss_v3; ignored
//   csaf.bad_score                    a CVSS base score outside 0..10; left empty
class CsafParser {
public:
    CsafParser();
    ~CsafParser();
    CsafParser(CsafParser&&) noexcept;
    CsafParser& operator=(CsafParser&&) noexcept;
    CsafParser(const CsafParser&) = delete;
    CsafParser& operator=(const CsafParser&) = delete;

    // Reads `file` whole (decompressing gzip/xz) and parses it; diagnostics name file.name().
    // Errors: as above, plus those of InputFile::read_all (kDataLoss, kUnavailable).
    [[nodiscard]] Result<CsafDocument> parse(InputFile& file, Diagnostics& diagnostics);

    // Parses JSON text already in memory; `source` names it in errors and diagnostics.
    // Errors: as above.
    [[nodiscard]] Result<CsafDocument> parse(std::string_view json,
                                             std::string_view source,
                                             Diagnostics& diagnostics);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Opens `path` and parses it with a one-off parser. Errors: those of InputFile::open (kNotFound,
// kPermissionDenied, kInvalidArgument) and of CsafParser::parse.
[[nodiscard]] Result<CsafDocument> parse_csaf_file(const std::string& path,
                                                   Diagnostics& diagnostics);

// Checks `document_path` against the SHA-512 in `document_path + ".sha512"`, the sidecar CSAF
// providers publish, in the form "<128 hex digits>  <file name>". The raw file bytes are hashed.
// Errors: kNotFound / kPermissionDenied when either file cannot be opened; kInvalidArgument when
// either is a directory, or the sidecar is not of that form or names another file; kDataLoss when
// the hashes differ; kUnavailable for read errors.
[[nodiscard]] Status verify_sha512_sidecar(const std::string& document_path);

}  // namespace wardround::vuln
