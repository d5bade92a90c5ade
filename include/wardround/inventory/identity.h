// SPDX-License-Identifier: Apache-2.0
// Product identity resolution: turns what an inventory source calls a piece of software ("7-Zip
// 23.01 (x64)" from "Igor Pavlov") into the CPE vendor:product NVD uses (7-zip:7-zip) and a purl
// where one was given, recording how it was decided and how sure it is. Nothing is guessed
// silently: a name that cannot be pinned to one product comes back ambiguous (with candidates) or
// unresolved, with a stable key a person can map by hand. Pure library: no database, no I/O; the
// curated alias and Windows build tables are compiled in (data/identity/*.csv).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/inventory/observation.h>

namespace wardround::inventory {

// What normalise_name() makes of a vendor, product and version as a source spelled them.
struct NormalisedName {
    // Lower case, legal suffixes removed ("Google LLC" -> "google", "Citrix Systems, Inc." ->
    // "citrix_systems"), words joined with '_' as CPE writes them.
    std::string vendor_key;
    // Lower case, architecture and language markers, trademark signs and a version embedded at the
    // end removed, a leading repeat of the vendor removed ("Google Chrome" from "Google LLC" ->
    // "chrome"), words joined with '_' ("Microsoft 365 Apps for enterprise - en-gb" ->
    // "365_apps_for_enterprise").
    std::string product_key;
    // The observed version when there is one, else the one embedded in the name.
    std::string version;
    // The version found in the product name ("23.01" in "7-Zip 23.01 (x64)", "8 update 381" in
    // "Java 8 Update 381"), "" when none.
    std::string embedded_version;
    std::string arch;      // "x64", "x86", "arm64" when the name said so, else ""
    std::string language;  // "en-gb", "mui" when the name said so, else ""
};

// Normalises a name as described on NormalisedName. Never fails; inputs longer than
// kMaxNameBytes are cut first so the cost stays bounded. Deterministic: equal inputs give equal
// keys.
[[nodiscard]] NormalisedName normalise_name(std::string_view vendor,
                                            std::string_view product,
                                            std::string_view version);
// The vendor part of normalise_name() alone.
[[nodiscard]] std::string normalise_vendor(std::string_view vendor);
inline constexpr std::size_t kMaxNameBytes = 512;

// "vendor_key|product_key": how unresolved listings and manual mappings name a component.
[[nodiscard]] std::string identity_key(const NormalisedName& name);

// The outcome of resolving one component or operating system.
struct Resolution {
    enum Status { kResolved, kAmbiguous, kUnresolved };
    Status status = kUnresolved;

    // CPE tokens when resolved to a CPE name (empty when only a purl is known).
    std::string part;     // "a", "o", "h"
    std::string vendor;   // "7-zip"
    std::string product;  // "7-zip"
    // CPE version token: the observed version lower-cased with spaces as '_' ("23.01"), the
    // Windows build version "10.0.19045.3803", a fixed token such as "-" (Windows 7) or "1.8.0"
    // (Java 8); "" when unknown (the CPE then says `*`).
    std::string version;
    // CPE update token: "update381" (Java 8 Update 381, as NVD spells Oracle's updates today),
    // "sp1"; "" when none.
    std::string update;
    std::string sw_edition;  // "enterprise" for Microsoft 365 Apps for enterprise; "" when none
    std::string target_hw;   // "x64", "x86", "arm64" when the name gave the architecture
    // The CPE 2.3 formatted string built from the tokens above (unknown attributes are `*`), ""
    // when there is no CPE name.
    std::string cpe;
    std::string purl;  // as given by the source, "" when none
    // How it was decided: "explicit-cpe", "explicit-purl", "manual", "windows-build",
    // "windows-release", "windows-name", "knowledge-base", "alias"; "" when unresolved.
    std::string method;
    int confidence = 0;  // 0..100
    // "vendor:product" of each product it could be, when ambiguous.
    std::vector<std::string> candidates;
    // Other "vendor:product" names NVD also files this product under (Microsoft Edge is both
    // microsoft:edge and microsoft:edge_chromium): a matcher should try them too.
    std::vector<std::string> also;
    std::string key;   // identity_key() of the input, always set
    std::string note;  // for people: why it is ambiguous, what was ignored ("explicit CPE did not
                       // parse: ..."); "" when there is nothing to say
};

// "resolved", "ambiguous", "unresolved".
[[nodiscard]] std::string_view resolution_status_name(Resolution::Status status);

// ---- Windows -------------------------------------------------------------------------------

// Maps a Windows name, version and build to the CPE NVD files it under, from the compiled-in
// build table (data/identity/windows_builds.csv):
//   ("Windows 10 Pro", "10.0.19045.3803", "19045") -> cpe:2.3:o:microsoft:windows_10_22h2:
//       10.0.19045.3803:*:... ("windows-build", 95)
//   ("Microsoft Windows 11 Enterprise", "", "22631") -> windows_11_23h2 with version `*`
//   ("Windows Server 2019 Standard", "", "17763") -> windows_server_2019
//   ("Windows10", "22H2", "") (Defender's osPlatform and version) -> windows_10_22h2
//     ("windows-release", 90)
//   ("Windows 7 Professional", "6.1.7601", "") -> cpe:2.3:o:microsoft:windows_7:-:sp1:...
//   ("Windows Server 2008 R2", "", "7601") -> windows_server_2008 version r2 update sp1
// The version NVD's criteria compare Windows 10/11 and Server 2016+ against is "10.0.<build>.<UBR>"
// (versionEndExcluding 10.0.19045.2251), so that is the CPE version when the revision is known;
// without it the version is `*` (unknown, not `-`, which NVD uses for "every version" criteria and
// NISTIR 7696 would read as "no version"). Legacy releases carry NVD's fixed tokens
// (windows_7:-:sp1, windows_server_2008:r2:sp1, windows_server_2012:r2).
// Builds that client and server share (14393, 17763, 18362, 18363, 19041, 19042, 26100, and the
// legacy 6002/6003, 7600/7601, 9200, 9600) are told apart by the name ("server" or a client
// name); with no name to go by the result is kAmbiguous with both candidates. A name that lists
// several systems (nmap's "Windows Vista SP2, Windows 7 SP1, or Windows Server 2008") is never
// pinned by name alone. kUnresolved when it is not Windows or nothing fits.
[[nodiscard]] Resolution resolve_windows(std::string_view name,
                                         std::string_view version,
                                         std::string_view build);
// True when the name, family or vendor say Windows ("Microsoft Windows 10 Pro", "Windows10",
// "WindowsServer2019").
[[nodiscard]] bool is_windows_name(std::string_view name);

// ---- The knowledge base's product names ------------------------------------------------------

// The CPE (part, vendor, product) triples the knowledge base knows (the distinct vendor and product
// of NVD's configurations), indexed by product and by vendor and product. The caller loads them
// from the database; built once, then read-only and safe to share between threads. Sized for
// hundreds of thousands of products: two hash maps, one allocation per distinct name.
class KnownProducts {
public:
    struct Entry {
        char part = 'a';  // 'a', 'o' or 'h'
        std::string vendor;
        std::string product;
    };

    KnownProducts();
    explicit KnownProducts(const std::vector<Entry>& entries);
    ~KnownProducts();
    KnownProducts(KnownProducts&&) noexcept;
    KnownProducts& operator=(KnownProducts&&) noexcept;
    KnownProducts(const KnownProducts&) = delete;
    KnownProducts& operator=(const KnownProducts&) = delete;

    // Adds one triple as NVD binds it (lower case, "acrobat_reader_dc", "notepad\\+\\+"). The
    // CPE quoting is removed for lookups ("notepad++", as normalised keys spell it) and restored
    // when a CPE is formatted. Duplicates are ignored, as are parts other than a/o/h and empty or
    // `*`/`-` names.
    void add(char part, std::string_view vendor, std::string_view product);

    [[nodiscard]] std::size_t size() const;
    // Entries whose product is `product`, in the order they were added; empty when none.
    [[nodiscard]] std::vector<const Entry*> with_product(std::string_view product) const;
    // The parts ("a", "ao") under which vendor:product is known; "" when it is not.
    [[nodiscard]] std::string parts_of(std::string_view vendor, std::string_view product) const;
    [[nodiscard]] bool has_vendor(std::string_view vendor) const;

private:
    struct Index;
    std::unique_ptr<Index> index_;
};

// ---- Manual mappings and the resolver -------------------------------------------------------

// A mapping a person adds for a name the resolver could not settle. The patterns are compared with
// normalise_name()'s keys (they are normalised the same way when the resolver is built, so "Google
// LLC" / "Google Chrome" and "google" / "chrome" both work); an empty vendor pattern matches any
// vendor, and a product pattern ending in '*' matches keys starting with what comes before it.
struct IdentityMapping {
    std::string vendor_pattern;
    std::string product_pattern;
    std::string part = "a";
    std::string cpe_vendor;
    std::string cpe_product;
};

// Resolves components and operating systems, in this order:
//   1 an explicit CPE in the input ("explicit-cpe", 100; for an operating system guess, its
//     accuracy);
//   2 an explicit purl ("explicit-purl"): 95 with the CPE vendor:product when the knowledge base
//     has the purl's namespace and name as vendor and product, 90 when its name is a product only
//     one compatible vendor has, otherwise 90 with the purl alone (usable by OSV matching);
//   3 a manual mapping ("manual", 100);
//   4 the knowledge base after normalisation ("knowledge-base"): exact vendor and product 90; a
//     product under one vendor compatible with the observed one 75 (the observed vendor equals
//     it, starts with it, or maps to it through the alias table); a vendorless name whose first
//     word is a known vendor and the rest its product ("Google Chrome") 80;
//   5 the curated alias table ("alias", 85);
//   else a product the knowledge base has under several vendors, or under one incompatible vendor,
//   is kAmbiguous with the candidates, and anything else kUnresolved. Operating systems that are
//   Windows go through resolve_windows() first when it is sure (a build, or Defender's release).
// Cheap per call: every table is hashed when the resolver is built; no regular expressions.
class IdentityResolver {
public:
    IdentityResolver(KnownProducts known, std::vector<IdentityMapping> mappings);
    ~IdentityResolver();
    IdentityResolver(IdentityResolver&&) noexcept;
    IdentityResolver& operator=(IdentityResolver&&) noexcept;
    IdentityResolver(const IdentityResolver&) = delete;
    IdentityResolver& operator=(const IdentityResolver&) = delete;

    [[nodiscard]] Resolution resolve(const ObservedComponent& component) const;
    [[nodiscard]] Resolution resolve_os(const ObservedOs& os) const;

    [[nodiscard]] const KnownProducts& known() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// ---- The compiled-in tables, for tests and for people ---------------------------------------

// Problems found while reading the embedded alias and Windows tables ("aliases.csv line 12: 5
// columns, expected 10"); empty when both are well formed.
[[nodiscard]] std::vector<std::string> identity_data_problems();

// One row of data/identity/aliases.csv.
struct AliasRow {
    std::string kind;  // "vendor" (maps an observed vendor key to a CPE vendor) or "product"
    std::string vendor_key;
    std::string product_key;
    std::string part;
    std::string cpe_vendor;
    std::string cpe_product;
    std::string sw_edition;
    std::string version_rule;  // "", "java", "fixed:<token>"
    std::string also;          // "vendor:product" NVD also uses, "" when none
    std::string verified;      // "nvd-data", "external", "unverified"
};
[[nodiscard]] const std::vector<AliasRow>& alias_rows();

// One row of data/identity/windows_builds.csv.
struct WindowsBuildRow {
    std::uint32_t build = 0;  // 0 for releases known by name only
    std::string family;       // "client" or "server"
    std::string os;           // "windows 10", "windows server 2019": matched against names
    std::string release;      // "22h2", "1809", "sp1", "r2 sp1"
    std::string cpe_product;  // "windows_10_22h2"
    std::string cpe_version;  // "" = "10.0.<build>.<revision>" when known; else a fixed token
    std::string cpe_update;   // "" = `*`
    std::string verified;
};
[[nodiscard]] const std::vector<WindowsBuildRow>& windows_build_rows();

}  // namespace wardround::inventory
