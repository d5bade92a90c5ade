// SPDX-License-Identifier: Apache-2.0
// The knowledge base's CPE product names, indexed for the resolver. Each name is stored once in
// `entries`; the two maps hold indexes, so 100,000 products cost about 100,000 small strings and
// two hash tables.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/identity/identity_internal.h"

namespace wardround::inventory {

struct KnownProducts::Index {
    std::vector<Entry> entries;
    detail::StringMap<std::vector<std::uint32_t>> by_product;
    detail::StringMap<std::vector<std::uint32_t>> by_vendor_product;  // "vendor:product"
    detail::StringMap<std::uint32_t> vendors;                         // -> number of entries
};

KnownProducts::KnownProducts() : index_(std::make_unique<Index>()) {}

KnownProducts::KnownProducts(const std::vector<Entry>& entries) : KnownProducts() {
    index_->entries.reserve(entries.size());
    index_->by_product.reserve(entries.size());
    index_->by_vendor_product.reserve(entries.size());
    for (const Entry& entry : entries) {
        add(entry.part, entry.vendor, entry.product);
    }
}

KnownProducts::~KnownProducts() = default;
KnownProducts::KnownProducts(KnownProducts&&) noexcept = default;
KnownProducts& KnownProducts::operator=(KnownProducts&&) noexcept = default;

namespace {

bool usable_name(std::string_view name) {
    return !name.empty() && name != "*" && name != "-";
}

std::string vendor_product(std::string_view vendor, std::string_view product) {
    std::string key;
    key.reserve(vendor.size() + 1 + product.size());
    key += vendor;
    key += ':';
    key += product;
    return key;
}

// NVD quotes punctuation in names ("notepad\\+\\+", "avalon_fetal\\/maternal"); normalised keys
// carry it plain, so the index does too (CPE formatting quotes it again).
std::string unquote(std::string_view name) {
    std::string plain;
    plain.reserve(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 1 < name.size()) {
            ++i;
        }
        plain += name[i];
    }
    return plain;
}

}  // namespace

void KnownProducts::add(char part,
                        std::string_view quoted_vendor,
                        std::string_view quoted_product) {
    const std::string vendor = unquote(quoted_vendor);
    const std::string product = unquote(quoted_product);
    if ((part != 'a' && part != 'o' && part != 'h') || !usable_name(vendor) ||
        !usable_name(product)) {
        return;
    }
    std::vector<std::uint32_t>& same_name =
        index_->by_vendor_product[vendor_product(vendor, product)];
    for (const std::uint32_t i : same_name) {
        if (index_->entries[i].part == part) {
            return;
        }
    }
    const auto position = static_cast<std::uint32_t>(index_->entries.size());
    index_->entries.push_back(Entry{part, vendor, product});
    same_name.push_back(position);
    auto found = index_->by_product.find(product);
    if (found == index_->by_product.end()) {
        found = index_->by_product.emplace(product, std::vector<std::uint32_t>{}).first;
    }
    found->second.push_back(position);
    ++index_->vendors[vendor];
}

std::size_t KnownProducts::size() const {
    return index_->entries.size();
}

std::vector<const KnownProducts::Entry*> KnownProducts::with_product(
    std::string_view product) const {
    std::vector<const Entry*> found;
    const auto it = index_->by_product.find(product);
    if (it != index_->by_product.end()) {
        found.reserve(it->second.size());
        for (const std::uint32_t i : it->second) {
            found.push_back(&index_->entries[i]);
        }
    }
    return found;
}

std::string KnownProducts::parts_of(std::string_view vendor, std::string_view product) const {
    std::string parts;
    const auto it = index_->by_vendor_product.find(vendor_product(vendor, product));
    if (it != index_->by_vendor_product.end()) {
        for (const std::uint32_t i : it->second) {
            parts += index_->entries[i].part;
        }
    }
    return parts;
}

bool KnownProducts::has_vendor(std::string_view vendor) const {
    return index_->vendors.find(vendor) != index_->vendors.end();
}

}  // namespace wardround::inventory
