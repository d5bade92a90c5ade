// SPDX-License-Identifier: Apache-2.0
// The normaliser and resolver over arbitrary names. The input is split at newlines into type,
// vendor, product, version, CPE and purl (missing fields are empty). Beyond not crashing:
//   - the same input gives the same key and outcome (no hidden state);
//   - the key is the normaliser's vendor|product, and neither part holds a separator byte;
//   - a resolution's CPE, when there is one, parses back with the same vendor and product;
//   - confidence is 0..100, ambiguous results have candidates and no CPE, unresolved ones no CPE;
//   - the Windows mapping and resolve_os agree with the same rules.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/inventory/identity.h>
#include <wardround/vuln/cpe.h>

namespace {

using wardround::inventory::IdentityResolver;
using wardround::inventory::KnownProducts;
using wardround::inventory::Resolution;

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

const IdentityResolver& resolver() {
    static const IdentityResolver kResolver(
        KnownProducts({
            {'a', "google", "chrome"},
            {'a', "7-zip", "7-zip"},
            {'a', "cern", "root"},
            {'a', "root_project", "root"},
            {'a', "openssl", "openssl"},
            {'h', "citrix", "gateway"},
            {'a', "citrix", "gateway"},
            {'a', "notepad-plus-plus", "notepad\\+\\+"},
            {'o', "microsoft", "windows_10_22h2"},
        }),
        {{"acme", "portal", "a", "acme", "portal"}, {"", "pacs*", "a", "mediware", "pacs"}});
    return kResolver;
}

void check_resolution(const Resolution& r) {
    check(r.confidence >= 0 && r.confidence <= 100);
    switch (r.status) {
        case Resolution::kResolved:
            check(!r.method.empty());
            check(!r.cpe.empty() || !r.purl.empty());
            break;
        case Resolution::kAmbiguous:
            check(!r.candidates.empty());
            check(r.cpe.empty());
            break;
        case Resolution::kUnresolved:
            check(r.cpe.empty());
            break;
    }
    if (!r.cpe.empty()) {
        auto parsed = wardround::vuln::parse_cpe23(r.cpe);
        check(parsed.has_value());
        check(parsed->vendor().text == r.vendor);
        check(parsed->product().text == r.product);
    }
}

bool same(const Resolution& a, const Resolution& b) {
    return a.status == b.status && a.cpe == b.cpe && a.key == b.key && a.method == b.method &&
           a.confidence == b.confidence && a.candidates == b.candidates;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (fields.size() < 6) {
        const std::size_t newline = input.find('\n', start);
        fields.emplace_back(input.substr(start, newline - start));
        if (newline == std::string_view::npos) {
            break;
        }
        start = newline + 1;
    }
    fields.resize(6);

    const auto name = wardround::inventory::normalise_name(fields[1], fields[2], fields[3]);
    for (const std::string* key : {&name.vendor_key, &name.product_key}) {
        check(key->find('|') == std::string::npos && key->find(' ') == std::string::npos);
        check(key->size() <= wardround::inventory::kMaxNameBytes);
    }

    wardround::inventory::ObservedComponent component;
    component.type = fields[0];
    component.vendor = fields[1];
    component.product = fields[2];
    component.version = fields[3];
    component.cpe = fields[4];
    component.purl = fields[5];
    const Resolution first = resolver().resolve(component);
    const Resolution second = resolver().resolve(component);
    check(same(first, second));
    check(first.key == wardround::inventory::identity_key(name));
    check_resolution(first);

    wardround::inventory::ObservedOs os;
    os.name = fields[2];
    os.version = fields[3];
    os.build = fields[0];
    os.vendor = fields[1];
    if (!fields[4].empty()) {
        os.cpes.push_back(fields[4]);
    }
    os.accuracy = static_cast<int>(size % 101);
    const Resolution by_os = resolver().resolve_os(os);
    check_resolution(by_os);
    check(by_os.status != Resolution::kResolved || by_os.confidence <= os.accuracy);
    check_resolution(wardround::inventory::resolve_windows(fields[2], fields[3], fields[0]));
    return 0;
}
