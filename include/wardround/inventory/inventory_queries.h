// SPDX-License-Identifier: Apache-2.0
// Reading the estate back: asset lists, one asset whole, posture facts, statistics, the names that
// could not be resolved, and the mappings people add to resolve them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/inventory/observation.h>
#include <wardround/store/database.h>

namespace wardround::inventory {

// Which assets a query covers: an organisation and everything beneath it (a region covers its
// trusts), or every organisation when `org_code` is empty.
struct InventoryScope {
    std::string org_code;
};

struct AssetSummary {
    std::int64_t id = 0;
    std::string org_code;
    std::string kind;
    std::string hostname;
    std::string fqdn;
    std::string serial;
    std::string os_name;
    std::string os_version;
    std::string manufacturer;
    std::string model;
    std::string site;
    std::string department;
    std::string first_seen;
    std::string last_seen;
    bool stale = false;
    std::vector<std::string> ips;
    std::vector<std::string> macs;
    std::int64_t components = 0;
    std::int64_t exposures = 0;
    std::vector<std::string> sources;  // "<source>/<format>"
};

struct AssetListFilter {
    InventoryScope scope;
    std::string kind;  // asset_kind_name(); "" for all
};

[[nodiscard]] Result<std::vector<AssetSummary>> list_assets(store::Database& database,
                                                            const AssetListFilter& filter);

struct AssetSourceView {
    std::string source;
    std::string format;
    std::string source_key;
    std::string first_seen;
    std::string last_seen;
    std::string observed_at;
    bool stale = false;
    std::string view;  // JSON object: the fields this source gave
};

struct AssetConflict {
    std::string field;
    std::string kept_value;
    std::string kept_source;
    std::string other_value;
    std::string other_source;
};

struct ComponentView {
    std::string source;
    std::string type;
    std::string vendor;
    std::string product;
    std::string version;
    std::string cpe;     // resolved CPE 2.3 ("" when unresolved)
    std::string purl;    // given or derived
    std::string status;  // resolved | ambiguous | unresolved
    std::string method;
    std::int64_t confidence = 0;
};

struct ExposureView {
    std::string source;
    std::int64_t port = 0;
    std::string protocol;
    std::string state;
    std::string service;
    std::string product;
    std::string version;
    std::string cpes;  // JSON array
};

// One posture fact as stored (docs/asset-facts.md): what `source` said of the asset when it last
// reported it.
struct AssetFact {
    std::int64_t asset_id = 0;
    std::string source;       // "<source>/<format>"
    std::string name;         // "endpoint_protection", "hotfix", ...
    std::string value;        // canonical: "active", "KB4012212", ...
    std::string observed_at;  // when the source saw the asset (canonical UTC)

    bool operator==(const AssetFact&) const = default;
};

struct AssetDetail {
    AssetSummary summary;
    std::string os_build;
    std::string os_cpe;
    std::string owner;
    std::string criticality;
    std::optional<bool> internet_facing;
    std::optional<bool> network_connected;
    std::string supported_until;
    std::string mds2;
    std::vector<std::pair<std::string, std::string>> identifiers;  // (kind, value)
    std::vector<AssetSourceView> sources;
    std::vector<AssetConflict> conflicts;
    std::vector<ComponentView> components;
    std::vector<ExposureView> exposures;
    std::vector<AssetFact> facts;  // by name, source, value
};

// `reference`: an asset number, or a serial or host name (within `scope`). Errors: kNotFound;
// kInvalidArgument when a name fits several assets.
[[nodiscard]] Result<AssetDetail> show_asset(store::Database& database,
                                             const InventoryScope& scope,
                                             const std::string& reference);

// Every posture fact of one asset, ordered by name, source and value; empty for an asset with none
// or an id that names no asset. Errors: backend errors.
[[nodiscard]] Result<std::vector<AssetFact>> asset_facts(store::Database& database,
                                                         std::int64_t asset_id);

struct AssetFactFilter {
    InventoryScope scope;
    std::string name;  // one fact name ("smb1"); "" for all
};

// Streams the posture facts of every asset in the scope to `on_fact`, ordered by asset id, name,
// source and value, holding one row at a time: a region's hotfixes run to millions of rows. An
// error `on_fact` returns stops the query and is passed back. `on_fact` runs while the query is
// open, so it must not use `database` itself. Errors: kNotFound for an unknown organisation;
// backend errors.
[[nodiscard]] Status for_each_asset_fact(store::Database& database,
                                         const AssetFactFilter& filter,
                                         const std::function<Status(const AssetFact&)>& on_fact);

struct InventoryStats {
    std::int64_t assets = 0;
    std::int64_t stale_assets = 0;
    std::map<std::string, std::int64_t> by_kind;
    std::map<std::string, std::int64_t> by_os;    // "Windows 10 22H2"; "(unknown)" when none
    std::map<std::string, std::int64_t> by_site;  // "(none)" when none
    std::int64_t components = 0;
    std::int64_t components_resolved = 0;
    std::int64_t components_ambiguous = 0;
    std::int64_t distinct_products = 0;  // distinct resolved CPE vendor:product
    std::int64_t unresolved_names = 0;   // distinct names not resolved
    std::int64_t exposures = 0;
};

[[nodiscard]] Result<InventoryStats> inventory_stats(store::Database& database,
                                                     const InventoryScope& scope);

struct UnresolvedName {
    std::string key;     // the normalised name a mapping names (wardround identity map KEY ...)
    std::string status;  // unresolved | ambiguous
    std::string vendor;  // one spelling as a source wrote it
    std::string product;
    std::vector<std::string> candidates;  // "vendor:product" when ambiguous
    std::int64_t assets = 0;
    std::int64_t components = 0;
};

// Most widespread first.
[[nodiscard]] Result<std::vector<UnresolvedName>> unresolved_names(store::Database& database,
                                                                   const InventoryScope& scope);

struct NewIdentityMapping {
    std::string
        key;  // as listed by unresolved_names: "vendor|product", or "|product" for any vendor
    std::string cpe;  // "vendor:product", "part:vendor:product" or a CPE 2.3 string
    std::string note;
};

struct MappingOutcome {
    std::int64_t identities_changed = 0;  // distinct names now resolved differently
    std::int64_t components_affected = 0;
};

// Stores a person's mapping and re-resolves every stored name with it, in one transaction.
// Errors: kInvalidArgument for a malformed key or CPE name.
[[nodiscard]] Result<MappingOutcome> add_identity_mapping(store::Database& database,
                                                          const NewIdentityMapping& mapping);

// Re-resolves every stored name (after a knowledge-base update, or new mappings).
[[nodiscard]] Result<MappingOutcome> refresh_identities(store::Database& database);

}  // namespace wardround::inventory
