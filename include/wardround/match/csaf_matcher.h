// SPDX-License-Identifier: Apache-2.0
// CSAF advisories against devices that carry no CPE, medical devices above all: the advisory's
// vendor, product family, product name and model numbers are matched to the device's
// manufacturer and model with normalisation (advisory_text.h), and its version or free-text range
// ("<= 3.64", "vers:all/*", "2.3.6 and below") to the device's firmware version. What the
// advisory says of the product then applies: known_affected makes a finding, known_not_affected
// (VEX) suppresses one with the reason, fixed or first_fixed marks that version resolved.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <wardround/match/cpe_matcher.h>
#include <wardround/vuln/advisory_text.h>

namespace wardround::match {

// What an advisory says of one product for one vulnerability.
struct CsafStatement {
    std::string vuln_id;  // the CVE, else "<tracking id>#<vulnerability index>"
    std::string status;   // known_affected | known_not_affected | fixed | first_fixed | ...
    std::string detail;   // for known_not_affected: the flag or impact statement, when given
};

struct CsafProductSpec {
    std::string advisory;  // tracking id (ICSMA-20-254-01)
    std::string publisher;
    std::string product_id;
    vuln::AdvisoryProductText text;
    std::vector<CsafStatement> statements;
};

struct CsafDevice {
    std::string manufacturer;
    std::string model;
    std::string version;  // firmware
};

struct CsafVerdict {
    std::uint32_t product = 0;    // index into CsafIndex::products()
    Truth truth = Truth::kFalse;  // the version is inside the product's range
    std::vector<std::string> steps;
};

class CsafIndex {
public:
    CsafIndex();
    ~CsafIndex();
    CsafIndex(CsafIndex&&) noexcept;
    CsafIndex& operator=(CsafIndex&&) noexcept;
    CsafIndex(const CsafIndex&) = delete;
    CsafIndex& operator=(const CsafIndex&) = delete;

    void add(CsafProductSpec product);
    [[nodiscard]] const std::vector<CsafProductSpec>& products() const;

    // Every product of the device's vendor whose name fits the device and whose version range
    // holds (kTrue) or cannot be decided (kUnknown) for its firmware version.
    [[nodiscard]] std::vector<CsafVerdict> evaluate(const CsafDevice& device) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace wardround::match
