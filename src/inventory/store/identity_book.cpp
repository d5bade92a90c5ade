// SPDX-License-Identifier: Apache-2.0
#include "inventory/store/identity_book.h"

#include <utility>
#include <vector>

#include <wardround/core/json_text.h>
#include <wardround/core/time.h>
#include <wardround/inventory/inventory_store.h>

namespace wardround::inventory::detail {
namespace {

using store::Value;

// ASCII unit separator: no inventory source writes it inside a name.
constexpr char kSeparator = '\x1f';

Value text(std::string_view value) {
    return store::text_or_null(value);
}

Result<std::vector<IdentityMapping>> load_mappings(store::Database& database) {
    std::vector<IdentityMapping> mappings;
    WARDROUND_TRY(database.query(
        "SELECT vendor_key, product_key, cpe_part, cpe_vendor, cpe_product FROM identity_mapping "
        "ORDER BY id",
        {}, [&](const store::Row& row) -> Status {
            IdentityMapping mapping;
            mapping.vendor_pattern = row.get_text(0);
            mapping.product_pattern = row.get_text(1);
            mapping.part = row.get_text(2);
            mapping.cpe_vendor = row.get_text(3);
            mapping.cpe_product = row.get_text(4);
            mappings.push_back(std::move(mapping));
            return {};
        }));
    return mappings;
}

}  // namespace

std::string identity_raw_key(const ObservedComponent& component) {
    std::string key;
    key.reserve(component.type.size() + component.vendor.size() + component.product.size() +
                component.version.size() + component.cpe.size() + component.purl.size() + 5);
    for (const std::string* field : {&component.type, &component.vendor, &component.product,
                                     &component.version, &component.cpe, &component.purl}) {
        if (!key.empty() || field != &component.type) {
            key.push_back(kSeparator);
        }
        key += *field;
    }
    return key;
}

}  // namespace wardround::inventory::detail

namespace wardround::inventory {

Result<std::unique_ptr<IdentityResolver>> load_identity_resolver(store::Database& database) {
    // The knowledge base's CPE names: the vocabulary NVD matches against.
    KnownProducts known;
    WARDROUND_TRY(
        database.query("SELECT DISTINCT part, vendor, product FROM cve_cpe_match "
                       "WHERE vendor IS NOT NULL AND product IS NOT NULL",
                       {}, [&](const store::Row& row) -> Status {
                           const std::string part = row.get_text(0);
                           if (!part.empty()) {
                               known.add(part.front(), row.get_text(1), row.get_text(2));
                           }
                           return {};
                       }));
    auto mappings = detail::load_mappings(database);
    if (!mappings) {
        return propagate(mappings.error());
    }
    return std::make_unique<IdentityResolver>(std::move(known), std::move(*mappings));
}

}  // namespace wardround::inventory

namespace wardround::inventory::detail {

Result<const IdentityResolver*> IdentityBook::resolver() {
    if (!resolver_) {
        auto loaded = load_identity_resolver(database_);
        if (!loaded) {
            return propagate(loaded.error());
        }
        resolver_ = std::move(*loaded);
    }
    return resolver_.get();
}

Result<IdentityBook::Entry> IdentityBook::identify(const ObservedComponent& component,
                                                   bool& is_new) {
    is_new = false;
    std::string raw_key = identity_raw_key(component);
    if (auto found = cache_.find(raw_key); found != cache_.end()) {
        return found->second;
    }
    Entry entry;
    bool stored = false;
    const Value key_param[] = {Value{std::string_view(raw_key)}};
    WARDROUND_TRY(database_.query("SELECT id, status FROM product_identity WHERE raw_key = ?",
                                  key_param, [&](const store::Row& row) -> Status {
                                      entry.id = row.get_int(0);
                                      entry.resolved = row.get_text(1) == "resolved";
                                      stored = true;
                                      return {};
                                  }));
    if (!stored) {
        auto loaded = resolver();
        if (!loaded) {
            return propagate(loaded.error());
        }
        const Resolution resolution = (*loaded)->resolve(component);
        const Value params[] = {
            Value{std::string_view(raw_key)},
            text(component.type),
            text(component.vendor),
            text(component.product),
            text(component.version),
            text(component.cpe),
            text(component.purl),
            Value{format_timestamp(now_utc())},
        };
        WARDROUND_TRY(database_.query(
            "INSERT INTO product_identity (raw_key, type, vendor, product, version, source_cpe, "
            "source_purl, name_key, status, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', "
            "'unresolved', ?) RETURNING id",
            params, [&](const store::Row& row) -> Status {
                entry.id = row.get_int(0);
                return {};
            }));
        WARDROUND_TRY(update_identity(database_, entry.id, resolution));
        entry.resolved = resolution.status == Resolution::kResolved;
        is_new = true;
    }
    cache_.emplace(std::move(raw_key), entry);
    return entry;
}

Status update_identity(store::Database& database, std::int64_t id, const Resolution& resolution) {
    const Value params[] = {
        Value{resolution.key},
        Value{std::string(resolution_status_name(resolution.status))},
        text(resolution.method),
        Value{std::int64_t{resolution.confidence}},
        text(resolution.part),
        text(resolution.vendor),
        text(resolution.product),
        text(resolution.version),
        text(resolution.update),
        text(resolution.cpe),
        text(resolution.purl),
        resolution.candidates.empty() ? store::null_value()
                                      : Value{json_string_array(resolution.candidates)},
        resolution.also.empty() ? store::null_value() : Value{json_string_array(resolution.also)},
        text(resolution.note),
        Value{format_timestamp(now_utc())},
        Value{id},
    };
    auto updated = database.execute(
        "UPDATE product_identity SET name_key = ?, status = ?, method = ?, confidence = ?, "
        "cpe_part = ?, cpe_vendor = ?, cpe_product = ?, cpe_version = ?, cpe_update = ?, cpe = ?, "
        "purl = ?, candidates = ?, also = ?, note = ?, resolved_at = ? WHERE id = ?",
        params);
    if (!updated) {
        return propagate(updated.error());
    }
    return {};
}

}  // namespace wardround::inventory::detail
