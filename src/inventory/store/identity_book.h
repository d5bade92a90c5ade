// SPDX-License-Identifier: Apache-2.0
// The product identities of the inventory (product_identity): every distinct spelling of a
// component is resolved once, stored, and shared by every component that spells it the same way,
// so that a person's mapping or a newer knowledge base re-resolves them all at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include <wardround/core/result.h>
#include <wardround/inventory/identity.h>
#include <wardround/inventory/observation.h>
#include <wardround/store/database.h>

namespace wardround::inventory::detail {

// The raw fields that make a spelling distinct, joined with a separator no source writes.
[[nodiscard]] std::string identity_raw_key(const ObservedComponent& component);

class IdentityBook {
public:
    struct Entry {
        std::int64_t id = 0;
        bool resolved = false;
    };

    explicit IdentityBook(store::Database& database) : database_(database) {}

    // The identity of `component`, resolving and storing it when the spelling is new. `is_new`
    // is set when it was. The resolver is loaded on first need.
    [[nodiscard]] Result<Entry> identify(const ObservedComponent& component, bool& is_new);

    // The resolver, loaded on first need (for operating systems).
    [[nodiscard]] Result<const IdentityResolver*> resolver();

    // Forget cached ids: after a rolled-back transaction they may not exist.
    void forget() { cache_.clear(); }

private:
    store::Database& database_;
    std::unique_ptr<IdentityResolver> resolver_;
    std::unordered_map<std::string, Entry> cache_;
};

// Stores `resolution` for an existing identity row (re-resolution) or as a new row.
[[nodiscard]] Status update_identity(store::Database& database,
                                     std::int64_t id,
                                     const Resolution& resolution);

}  // namespace wardround::inventory::detail
