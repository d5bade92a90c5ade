// SPDX-License-Identifier: Apache-2.0
// The end-of-life catalogue: when each release of an operating system or application stops getting
// security updates from its vendor, and until when paid or limited extended updates go on. The
// catalogue (data/eol/catalogue.csv, described in data/eol/README.md) is compiled in; lookups take
// what an asset record says about its operating system (name, version, build, CPE) or an
// application's CPE vendor, product and version, and explain how the release was recognised.
// Pure: no database, no files, no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/core/time.h>

namespace wardround::checks {

// One row of the catalogue: a release, or one edition of a release where editions differ.
struct EolRelease {
    std::string product;  // key: "windows", "windows_server", "ubuntu", "office", "java_se", ...
    std::string release;  // "10 22H2", "2008 R2", "22.04", "2016"
    // "" (every edition), "home-pro", "enterprise-education", "ltsc" or "iot-ltsc".
    std::string edition;
    std::string title;  // for people: "Windows 10 22H2", "Ubuntu 22.04 LTS"

    // How the release is recognised (data/eol/README.md): name phrases, Windows build numbers,
    // version patterns and CPE vendor:product[:version pattern] entries.
    std::vector<std::string> names;
    std::vector<std::string> builds;
    std::vector<std::string> versions;
    std::vector<std::string> cpes;

    // YYYY-MM-DD: the last day of the vendor's free security updates; "" when none is announced
    // (macOS releases still being updated: Apple publishes no dates).
    std::string support_end;
    std::string extended_end;   // YYYY-MM-DD or "": the last day of extended updates
    std::string extended_name;  // what the extended updates are: "ESU", "Ubuntu Pro ESM", ...
    std::string source;         // https URL of the public page giving the dates
    std::string note;           // caveats, or ""
    std::size_t line = 0;       // line of the row in the CSV

    std::optional<Date> support_end_date;  // nullopt: no end announced
    std::optional<Date> extended_end_date;

    // "Windows 10 22H2", or "Windows 10 22H2 (Enterprise/Education)" when the edition matters.
    [[nodiscard]] std::string label() const;
};

// What a lookup found, and why.
struct EolMatch {
    const EolRelease* release = nullptr;  // points into the catalogue searched
    // How it was recognised: "build 19045 is Windows 10 22H2; the name says Enterprise".
    std::string how;
    // True when the release or the edition was assumed rather than read: the evidence left several
    // open and the one supported longest was taken, so that "unsupported" holds whichever it is.
    bool assumed = false;
    // The releases the evidence left open, when there were several (the chosen one included).
    std::vector<const EolRelease*> candidates;
};

enum class SupportState {
    kSupported,    // on or before support_end, or no end announced
    kExtended,     // past support_end, still within extended_end (only if bought or eligible)
    kUnsupported,  // past support_end and past any extended_end
};

[[nodiscard]] std::string_view support_state_name(SupportState state);

// The support state of `release` on `date`. The end dates themselves still count as supported:
// vendors publish their last updates on them.
[[nodiscard]] SupportState support_state(const EolRelease& release, Date date);
// The same for a "YYYY-MM-DD" date. Errors: kInvalidArgument for any other text.
[[nodiscard]] Result<SupportState> support_state(const EolRelease& release, std::string_view date);

class EolCatalogue {
public:
    EolCatalogue() = default;

    // The catalogue compiled in from data/eol/catalogue.csv, parsed once on first use.
    [[nodiscard]] static const EolCatalogue& builtin();
    // The text compiled in, for tests and for `wardround` to show.
    [[nodiscard]] static std::string_view builtin_csv();

    // Parses catalogue CSV text. Errors: kInvalidArgument naming `file_name` and the line in
    // Error::where ("catalogue.csv:12") for a missing column, an empty required field, a date that
    // is not YYYY-MM-DD, an extended end before the support end, an unknown edition, a source that
    // is not an https URL, a malformed recognition entry or a repeated product/release/edition.
    [[nodiscard]] static Result<EolCatalogue> parse(std::string_view csv,
                                                    std::string_view file_name);

    // The release of an operating system as an asset record gives it: `name` ("Microsoft Windows
    // 10 Enterprise", "Ubuntu", "Windows Server 2019 Datacenter", or an nmap guess such as
    // "Microsoft Windows Vista SP2, Windows 7 SP1, or Windows Server 2008"), `version`
    // ("10.0.19045", "22.04.3 LTS", "22H2"), `build` ("19045"; may be empty: it is also read from
    // a 10.0.x / 6.x version) and a CPE 2.3 name (may be empty).
    //
    // The name decides first; build, version and CPE then choose among the releases it allows (a
    // build wins over a contradicting Windows name: Windows 11 often calls itself Windows 10).
    // Where the evidence leaves several releases (a name without a version, or an nmap guess that
    // lists several), the one supported longest is returned with `assumed` set and the others in
    // `candidates`, so an "unsupported" verdict holds whichever it is. Returns nullopt when nothing
    // is recognised, or when a version or build is given that the catalogue does not know for the
    // product named.
    [[nodiscard]] std::optional<EolMatch> find_os(std::string_view name,
                                                  std::string_view version,
                                                  std::string_view build,
                                                  std::string_view cpe) const;

    // The release of an application from its CPE vendor and product ("microsoft", "office") and
    // version ("2016", "16.0.4266.1001", "1.8.0_381"). Returns nullopt when the product is not in
    // the catalogue or the version does not say which release it is (Office 2019 and 2021 both
    // report 16.0; a product with one release needs no version).
    [[nodiscard]] std::optional<EolMatch> find_product(std::string_view cpe_vendor,
                                                       std::string_view cpe_product,
                                                       std::string_view version) const;

    [[nodiscard]] const std::vector<EolRelease>& releases() const { return releases_; }

private:
    // A name phrase of a row, split into tokens once at parse time.
    struct Phrase {
        std::size_t row = 0;
        std::vector<std::string> tokens;
    };

    // A cpes entry of a row, parsed once at parse time.
    struct ProductEntry {
        std::size_t row = 0;
        std::optional<std::string> version;  // the entry's own version pattern, if it has one
    };

    // Fills phrases_ and product_entries_ from releases_.
    void index_rows();

    std::vector<EolRelease> releases_;
    std::vector<Phrase> phrases_;
    // Every cpes entry by "vendor:product" in lower case, in catalogue order: find_product reads
    // only the few rows that can name the product asked for, rather than parsing every row's
    // entries on each call (it runs for every component of every asset).
    std::unordered_map<std::string, std::vector<ProductEntry>> product_entries_;
};

}  // namespace wardround::checks
