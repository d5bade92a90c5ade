// SPDX-License-Identifier: Apache-2.0
// People's mappings, and re-resolving every stored name when they or the knowledge base change.
#include <vector>

#include <wardround/core/text.h>
#include <wardround/core/time.h>
#include <wardround/inventory/inventory_queries.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/vuln/cpe.h>

#include "inventory/store/identity_book.h"

namespace wardround::inventory {
namespace {

using store::Value;

struct MappingTarget {
    std::string part = "a";
    std::string vendor;
    std::string product;
};

// "vendor:product", "part:vendor:product" or a CPE 2.3 formatted string.
Result<MappingTarget> parse_target(const std::string& text) {
    const std::string_view trimmed = trim(text);
    MappingTarget target;
    if (starts_with_icase(trimmed, "cpe:2.3:")) {
        const std::string formatted(trimmed);
        auto key = vuln::cpe23_index_key(formatted);
        if (!key) {
            return make_error(ErrorCode::kInvalidArgument,
                              "not a CPE 2.3 name: " + key.error().message, text);
        }
        if (key->part() == '*' || key->part() == '-' || key->vendor().empty() ||
            key->product().empty() || key->vendor() == "*" || key->product() == "*") {
            return make_error(ErrorCode::kInvalidArgument,
                              "the CPE name must bind a part, vendor and product", text);
        }
        target.part = std::string(1, key->part());
        target.vendor = std::string(key->vendor());
        target.product = std::string(key->product());
        return target;
    }
    const auto parts = split(trimmed, ':');
    if (parts.size() == 2) {
        target.vendor = to_lower(trim(parts[0]));
        target.product = to_lower(trim(parts[1]));
    } else if (parts.size() == 3 && (parts[0] == "a" || parts[0] == "o" || parts[0] == "h")) {
        target.part = std::string(parts[0]);
        target.vendor = to_lower(trim(parts[1]));
        target.product = to_lower(trim(parts[2]));
    } else {
        return make_error(ErrorCode::kInvalidArgument,
                          "expected vendor:product, part:vendor:product (part a, o or h) or a "
                          "CPE 2.3 name",
                          text);
    }
    // The tokens become part of CPE names: the characters CPE would have to escape are refused.
    for (const std::string* token : {&target.vendor, &target.product}) {
        if (token->empty() || token->find_first_of(" *?:\\\"'") != std::string::npos) {
            return make_error(ErrorCode::kInvalidArgument,
                              "vendor and product must be non-empty CPE tokens (lower case, no "
                              "spaces, '*', '?', ':' or quotes)",
                              text);
        }
    }
    return target;
}

struct StoredName {
    std::int64_t id = 0;
    ObservedComponent component;
    std::string status;
    std::string cpe;
    std::string purl;
    std::string method;
};

Result<std::vector<StoredName>> stored_names(store::Database& database) {
    std::vector<StoredName> names;
    WARDROUND_TRY(database.query(
        "SELECT id, type, vendor, product, version, source_cpe, source_purl, status, cpe, purl, "
        "method FROM product_identity ORDER BY id",
        {}, [&](const store::Row& row) -> Status {
            StoredName name;
            name.id = row.get_int(0);
            name.component.type = row.get_text(1);
            name.component.vendor = row.get_text(2);
            name.component.product = row.get_text(3);
            name.component.version = row.get_text(4);
            name.component.cpe = row.get_text(5);
            name.component.purl = row.get_text(6);
            name.status = row.get_text(7);
            name.cpe = row.get_text(8);
            name.purl = row.get_text(9);
            name.method = row.get_text(10);
            names.push_back(std::move(name));
            return {};
        }));
    return names;
}

// Re-resolves every stored name inside the caller's transaction.
Result<MappingOutcome> re_resolve(store::Database& database) {
    auto resolver = load_identity_resolver(database);
    if (!resolver) {
        return propagate(resolver.error());
    }
    auto names = stored_names(database);
    if (!names) {
        return propagate(names.error());
    }
    MappingOutcome outcome;
    for (const StoredName& name : *names) {
        const Resolution resolution = (*resolver)->resolve(name.component);
        const bool same = resolution_status_name(resolution.status) == name.status &&
                          resolution.cpe == name.cpe && resolution.purl == name.purl &&
                          resolution.method == name.method;
        if (same) {
            continue;
        }
        WARDROUND_TRY(detail::update_identity(database, name.id, resolution));
        ++outcome.identities_changed;
        const Value params[] = {Value{name.id}};
        auto count =
            database.query_value("SELECT COUNT(*) FROM component WHERE identity_id = ?", params);
        if (!count) {
            return propagate(count.error());
        }
        outcome.components_affected += *count ? std::get<std::int64_t>(**count) : 0;
    }
    return outcome;
}

}  // namespace

Result<MappingOutcome> add_identity_mapping(store::Database& database,
                                            const NewIdentityMapping& mapping) {
    const std::string key(trim(mapping.key));
    const std::size_t bar = key.find('|');
    if (bar == std::string::npos || bar + 1 >= key.size() ||
        key.find('|', bar + 1) != std::string::npos) {
        return make_error(ErrorCode::kInvalidArgument,
                          "expected a name key as 'inventory unresolved' lists it: vendor|product, "
                          "or |product for any vendor",
                          mapping.key);
    }
    auto target = parse_target(mapping.cpe);
    if (!target) {
        return propagate(target.error());
    }
    auto transaction = store::Transaction::begin(database);
    if (!transaction) {
        return propagate(transaction.error());
    }
    const Value params[] = {Value{key.substr(0, bar)},
                            Value{key.substr(bar + 1)},
                            Value{target->part},
                            Value{target->vendor},
                            Value{target->product},
                            store::text_or_null(mapping.note),
                            Value{format_timestamp(now_utc())}};
    auto stored = database.execute(
        "INSERT INTO identity_mapping (vendor_key, product_key, cpe_part, cpe_vendor, cpe_product, "
        "note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (vendor_key, product_key) DO "
        "UPDATE SET cpe_part = excluded.cpe_part, cpe_vendor = excluded.cpe_vendor, "
        "cpe_product = excluded.cpe_product, note = excluded.note, "
        "created_at = excluded.created_at",
        params);
    if (!stored) {
        return propagate(stored.error());
    }
    auto outcome = re_resolve(database);
    if (!outcome) {
        return propagate(outcome.error());
    }
    WARDROUND_TRY(transaction->commit());
    return *outcome;
}

Result<MappingOutcome> refresh_identities(store::Database& database) {
    auto transaction = store::Transaction::begin(database);
    if (!transaction) {
        return propagate(transaction.error());
    }
    auto outcome = re_resolve(database);
    if (!outcome) {
        return propagate(outcome.error());
    }
    WARDROUND_TRY(transaction->commit());
    return *outcome;
}

}  // namespace wardround::inventory
