// SPDX-License-Identifier: Apache-2.0
// The synthetic NVD generator. The tables below shape the records; bench/README.md says where each
// number comes from (measured on ../shared/data/nvd, or public NVD statistics where two small
// samples cannot say, such as per-year counts and the share awaiting analysis).
//
// Determinism rule: at most one call to the random number generator per full expression, because
// C++ leaves the order of evaluating function arguments and operands unspecified, and GCC and
// Clang really do differ.
#include "nvd_feed.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <system_error>
#include <utility>

#include <zlib.h>

#include <wardround/core/json_text.h>

namespace wardround::bench {
namespace {

// Calendar --------------------------------------------------------------------------------------

constexpr std::int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date (the "days from civil" method: years start
// in March so that the leap day comes last).
constexpr std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

constexpr Civil civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto day_of_era = static_cast<unsigned>(days - era * 146097);
    const unsigned year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned shifted_month = (5 * day_of_year + 2) / 153;
    const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400;
    return {year + (month <= 2 ? 1 : 0), month, day};
}

constexpr std::int64_t ms_of(std::int64_t year, unsigned month, unsigned day) {
    return days_from_civil(year, month, day) * kMsPerDay;
}

// The synthetic snapshot is taken on the day the fkie-cad mirror counted 400,519 CVEs.
constexpr std::int64_t kSnapshotMs = ms_of(2026, 10, 1);
constexpr std::int64_t kFirstYear = 1999;
constexpr std::int64_t kLastYear = 2026;
// NVD re-processed most of the feed on this day; a large share of records still show it.
constexpr std::int64_t kMassUpdateMs = ms_of(2024, 11, 21);
constexpr std::int64_t kSecondMassUpdateMs = ms_of(2025, 10, 21);
constexpr std::int64_t kThirdMassUpdateMs = ms_of(2026, 6, 16);
// Pre-2018 CVEs were marked Deferred in April 2025.
constexpr std::int64_t kDeferralStartMs = ms_of(2025, 4, 3);
// NVD stopped scoring CVSS v2 in July 2022.
constexpr std::int64_t kEndOfV2Ms = ms_of(2022, 7, 13);

int year_of(std::int64_t ms) {
    return static_cast<int>(civil_from_days(ms / kMsPerDay).year);
}

// Random numbers ----------------------------------------------------------------------------------

// SplitMix64: tiny, fast, and the same on every platform (std::uniform_int_distribution is not).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    // Uniform in [0, n), n > 0. The modulo bias (n / 2^64) is far below anything a benchmark sees.
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    // Uniform in [low, high].
    std::uint64_t between(std::uint64_t low, std::uint64_t high) {
        return low + below(high - low + 1);
    }
    // True with probability per_10k / 10,000.
    bool chance(std::uint32_t per_10k) { return below(10'000) < per_10k; }

private:
    std::uint64_t state_;
};

std::uint64_t mix64(std::uint64_t value) {
    value ^= value >> 33U;
    value *= 0xFF51AFD7ED558CCDULL;
    value ^= value >> 33U;
    value *= 0xC4CEB9FE1A85EC53ULL;
    return value ^ (value >> 33U);
}

std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t basis) {
    std::uint64_t hash = basis;
    for (const char c : bytes) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
    }
    return mix64(hash);
}

template <typename T>
struct Weighted {
    T value;
    std::uint32_t weight;
};

template <typename T>
const T& pick(Rng& rng, std::span<const Weighted<T>> table) {
    std::uint64_t total = 0;
    for (const auto& entry : table) {
        total += entry.weight;
    }
    std::uint64_t target = rng.below(total);
    for (const auto& entry : table) {
        if (target < entry.weight) {
            return entry.value;
        }
        target -= entry.weight;
    }
    return table.back().value;
}

template <typename T>
const T& pick_uniform(Rng& rng, std::span<const T> values) {
    return values[rng.below(values.size())];
}

struct Range {
    std::uint32_t low;
    std::uint32_t high;
};

std::uint32_t pick_in(Rng& rng, std::span<const Weighted<Range>> table) {
    const Range& range = pick(rng, table);
    return static_cast<std::uint32_t>(rng.between(range.low, range.high));
}

// JSON output -------------------------------------------------------------------------------------

// The escaping every JSON writer of the project shares (core/json_text.h).
void append_escaped(std::string& out, std::string_view text) {
    append_json_escaped(out, text);
}

void append_quoted(std::string& out, std::string_view text) {
    out += '"';
    append_escaped(out, text);
    out += '"';
}

void append_uint(std::string& out, std::uint64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void append_digits(std::string& out, std::uint64_t value, int width) {
    char buffer[20];
    for (int i = width - 1; i >= 0; --i) {
        buffer[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(buffer, static_cast<std::size_t>(width));
}

// Scores are kept in tenths so that no floating-point formatting is involved: "7.5", "10.0".
void append_tenths(std::string& out, int tenths) {
    append_uint(out, static_cast<std::uint64_t>(tenths / 10));
    out += '.';
    out += static_cast<char>('0' + tenths % 10);
}

void append_date(std::string& out, std::int64_t ms) {
    const Civil civil = civil_from_days(ms / kMsPerDay);
    append_digits(out, static_cast<std::uint64_t>(civil.year), 4);
    out += '-';
    append_digits(out, civil.month, 2);
    out += '-';
    append_digits(out, civil.day, 2);
}

// NVD's form: milliseconds and no zone ("2023-10-18T18:04:18.493").
void append_timestamp(std::string& out, std::int64_t ms) {
    append_date(out, ms);
    const auto in_day = static_cast<std::uint64_t>(ms % kMsPerDay);
    out += 'T';
    append_digits(out, in_day / 3'600'000, 2);
    out += ':';
    append_digits(out, in_day / 60'000 % 60, 2);
    out += ':';
    append_digits(out, in_day / 1000 % 60, 2);
    out += '.';
    append_digits(out, in_day % 1000, 3);
}

void append_hex(std::string& out, std::uint64_t value, int digits, bool upper) {
    const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    for (int i = digits - 1; i >= 0; --i) {
        out += hex[(value >> (4U * static_cast<unsigned>(i))) & 0xFU];
    }
}

// A version-4-shaped UUID, upper case like NVD's matchCriteriaId.
void append_uuid(std::string& out, std::uint64_t high, std::uint64_t low, bool upper) {
    append_hex(out, high >> 32U, 8, upper);
    out += '-';
    append_hex(out, (high >> 16U) & 0xFFFFU, 4, upper);
    out += '-';
    append_hex(out, 0x4000U | (high & 0x0FFFU), 4, upper);
    out += '-';
    append_hex(out, 0x8000U | ((low >> 48U) & 0x3FFFU), 4, upper);
    out += '-';
    append_hex(out, low & 0xFFFFFFFFFFFFULL, 12, upper);
}

// Pools -------------------------------------------------------------------------------------------

// How a product's versions look, so that ranges and version lists are plausible.
enum class Style : std::uint8_t {
    kSemver,     // 2.4.58
    kTwoPart,    // 121.0
    kFourPart,   // 10.0.19045.3803, 120.0.6099.109
    kLetter,     // 1.0.1g
    kDashBuild,  // 13.1-49.13
    kDate,       // 2021-12-13
    kPatchP,     // 1.9.15p2
    kFirmware,   // V2.9.4
    kKernel,     // 6.6.48, with rc1..rc7 in the update field
};

enum class Kind : std::uint8_t {
    kApp,       // a: one OR node, sometimes AND with the platforms it runs on
    kOs,        // o: one OR node
    kFirmware,  // o + h: AND of the vulnerable firmware and the non-vulnerable device
    kHardware,  // h: vulnerable hardware (processor lists, the longest cpeMatch lists)
    kPlugin,    // a with target_sw wordpress, ranges "through" a version
};

struct HeadProduct {
    std::string_view vendor;
    std::string_view product;  // for kFirmware the device family; the model is appended
    std::string_view cna;
    Kind kind;
    Style style;
    std::uint32_t weight;
};

// Well-known vendors get most CVEs; the names are CPE-bound (backslash escapes included).
constexpr HeadProduct kHeadProducts[] = {
    {"microsoft", "windows_10_22h2", "secure@microsoft.com", Kind::kOs, Style::kFourPart, 30},
    {"microsoft", "windows_11_23h2", "secure@microsoft.com", Kind::kOs, Style::kFourPart, 20},
    {"microsoft", "windows_server_2019", "secure@microsoft.com", Kind::kOs, Style::kFourPart, 16},
    {"microsoft", "windows_server_2022", "secure@microsoft.com", Kind::kOs, Style::kFourPart, 16},
    {"microsoft", "exchange_server", "secure@microsoft.com", Kind::kApp, Style::kTwoPart, 6},
    {"microsoft", "365_apps", "secure@microsoft.com", Kind::kApp, Style::kTwoPart, 8},
    {"microsoft", "edge_chromium", "secure@microsoft.com", Kind::kApp, Style::kFourPart, 8},
    {"microsoft", "sql_server", "secure@microsoft.com", Kind::kApp, Style::kFourPart, 4},
    {"microsoft", "sharepoint_server", "secure@microsoft.com", Kind::kApp, Style::kFourPart, 5},
    {"linux", "linux_kernel", "416baaa9-dc9f-4396-8d5f-8c081fb06d67", Kind::kOs, Style::kKernel,
     70},
    {"google", "chrome", "chrome-cve-admin@google.com", Kind::kApp, Style::kFourPart, 24},
    {"google", "android", "security@android.com", Kind::kOs, Style::kTwoPart, 26},
    {"apple", "macos", "product-security@apple.com", Kind::kOs, Style::kSemver, 14},
    {"apple", "iphone_os", "product-security@apple.com", Kind::kOs, Style::kSemver, 14},
    {"apple", "safari", "product-security@apple.com", Kind::kApp, Style::kSemver, 4},
    {"mozilla", "firefox", "security@mozilla.org", Kind::kApp, Style::kTwoPart, 14},
    {"mozilla", "thunderbird", "security@mozilla.org", Kind::kApp, Style::kSemver, 5},
    {"apache", "http_server", "security@apache.org", Kind::kApp, Style::kSemver, 5},
    {"apache", "tomcat", "security@apache.org", Kind::kApp, Style::kSemver, 5},
    {"apache", "struts", "security@apache.org", Kind::kApp, Style::kSemver, 2},
    {"apache", "airflow", "security@apache.org", Kind::kApp, Style::kSemver, 3},
    {"oracle", "mysql", "secalert_us@oracle.com", Kind::kApp, Style::kSemver, 10},
    {"oracle", "jdk", "secalert_us@oracle.com", Kind::kApp, Style::kSemver, 6},
    {"oracle", "e-business_suite", "secalert_us@oracle.com", Kind::kApp, Style::kSemver, 6},
    {"oracle", "weblogic_server", "secalert_us@oracle.com", Kind::kApp, Style::kFourPart, 4},
    {"cisco", "ios_xe", "psirt@cisco.com", Kind::kOs, Style::kSemver, 12},
    {"cisco", "adaptive_security_appliance_software", "psirt@cisco.com", Kind::kApp,
     Style::kFourPart, 6},
    {"cisco", "identity_services_engine", "psirt@cisco.com", Kind::kApp, Style::kSemver, 4},
    {"fortinet", "fortios", "psirt@fortinet.com", Kind::kOs, Style::kSemver, 8},
    {"fortinet", "fortimanager", "psirt@fortinet.com", Kind::kApp, Style::kSemver, 3},
    {"citrix", "netscaler_application_delivery_controller", "secure@citrix.com", Kind::kApp,
     Style::kDashBuild, 3},
    {"vmware", "esxi", "security@vmware.com", Kind::kOs, Style::kTwoPart, 4},
    {"vmware", "vcenter_server", "security@vmware.com", Kind::kApp, Style::kTwoPart, 3},
    {"ivanti", "connect_secure", "support@hackerone.com", Kind::kApp, Style::kSemver, 3},
    {"adobe", "acrobat_reader_dc", "psirt@adobe.com", Kind::kApp, Style::kSemver, 8},
    {"adobe", "experience_manager", "psirt@adobe.com", Kind::kApp, Style::kSemver, 5},
    {"openssl", "openssl", "openssl-security@openssl.org", Kind::kApp, Style::kLetter, 4},
    {"haxx", "curl", "support@hackerone.com", Kind::kApp, Style::kSemver, 3},
    {"sudo_project", "sudo", "cve@mitre.org", Kind::kApp, Style::kPatchP, 1},
    {"jenkins", "jenkins", "jenkinsci-cert@googlegroups.com", Kind::kApp, Style::kSemver, 4},
    {"wordpress", "wordpress", "contact@wpscan.com", Kind::kApp, Style::kSemver, 3},
    {"ibm", "websphere_application_server", "psirt@us.ibm.com", Kind::kApp, Style::kFourPart, 6},
    {"ibm", "db2", "psirt@us.ibm.com", Kind::kApp, Style::kFourPart, 4},
    {"ibm", "qradar_security_intelligence_platform", "psirt@us.ibm.com", Kind::kApp, Style::kSemver,
     3},
    {"sap", "netweaver_application_server_java", "cna@sap.com", Kind::kApp, Style::kTwoPart, 4},
    {"siemens", "simatic_s7-1500_cpu", "productcert@siemens.com", Kind::kFirmware, Style::kFirmware,
     8},
    {"siemens", "scalance_x", "productcert@siemens.com", Kind::kFirmware, Style::kFirmware, 4},
    {"siemens", "logo\\!_soft_comfort", "productcert@siemens.com", Kind::kApp, Style::kTwoPart, 1},
    {"philips", "intellivue", "ics-cert@hq.dhs.gov", Kind::kFirmware, Style::kFirmware, 2},
    {"gehealthcare", "carescape", "ics-cert@hq.dhs.gov", Kind::kFirmware, Style::kFirmware, 2},
    {"medtronic", "minimed", "ics-cert@hq.dhs.gov", Kind::kFirmware, Style::kFirmware, 1},
    {"baxter", "sigma_spectrum", "ics-cert@hq.dhs.gov", Kind::kFirmware, Style::kFirmware, 1},
    {"bd", "alaris", "ics-cert@hq.dhs.gov", Kind::kFirmware, Style::kFirmware, 1},
    {"smiths-medical", "medfusion", "ics-cert@hq.dhs.gov", Kind::kFirmware, Style::kFirmware, 1},
    {"b.braun", "infusomat_space", "ics-cert@hq.dhs.gov", Kind::kFirmware, Style::kFirmware, 1},
    {"hp", "laserjet_pro", "hp-security-alert@hp.com", Kind::kFirmware, Style::kFirmware, 6},
    {"hpe", "integrated_lights-out", "security-alert@hpe.com", Kind::kFirmware, Style::kFirmware,
     3},
    {"dell", "poweredge", "security_alert@emc.com", Kind::kFirmware, Style::kFirmware, 3},
    {"intel", "core", "secure@intel.com", Kind::kHardware, Style::kSemver, 5},
    {"qualcomm", "snapdragon", "product-security@qualcomm.com", Kind::kFirmware, Style::kFirmware,
     8},
    {"tp-link", "archer", "cve@mitre.org", Kind::kFirmware, Style::kFirmware, 4},
    {"dlink", "dir", "cna@vuldb.com", Kind::kFirmware, Style::kFirmware, 6},
    {"netgear", "r", "cve@mitre.org", Kind::kFirmware, Style::kFirmware, 5},
    {"tenda", "ac", "cna@vuldb.com", Kind::kFirmware, Style::kFirmware, 6},
    {"huawei", "emui", "psirt@huawei.com", Kind::kOs, Style::kTwoPart, 4},
    {"php", "php", "security@php.net", Kind::kApp, Style::kSemver, 3},
    {"nodejs", "node.js", "support@hackerone.com", Kind::kApp, Style::kSemver, 3},
    {"golang", "go", "security@golang.org", Kind::kApp, Style::kSemver, 3},
    {"gitlab", "gitlab", "cve@gitlab.com", Kind::kApp, Style::kSemver, 6},
    {"grafana", "grafana", "security@grafana.com", Kind::kApp, Style::kSemver, 2},
    {"synology", "diskstation_manager", "security@synology.com", Kind::kOs, Style::kDashBuild, 2},
    {"qnap", "qts", "security@qnapsecurity.com.tw", Kind::kOs, Style::kFourPart, 2},
    {"phpgurukul", "hospital_management_system", "cna@vuldb.com", Kind::kApp, Style::kTwoPart, 4},
    {"code-projects", "online_appointment_booking_system", "cna@vuldb.com", Kind::kApp,
     Style::kTwoPart, 4},
    {"mitel", "micollab", "cve@mitre.org", Kind::kApp, Style::kSemver, 2},
    {"zohocorp", "manageengine_servicedesk_plus", "0fc0942c-577d-436f-ae8e-945763c79b02",
     Kind::kApp, Style::kDate, 2},
};

// CNAs for the long tail, by era; the CISA ADP and the CVE Program container are added separately.
constexpr Weighted<std::string_view> kTailCnasOld[] = {
    {"cve@mitre.org", 80},   {"secalert@redhat.com", 9}, {"cert@cert.org", 4},
    {"psirt@us.ibm.com", 3}, {"security@debian.org", 2}, {"cret@cert.org", 2},
};
constexpr Weighted<std::string_view> kTailCnasNew[] = {
    {"cve@mitre.org", 34},
    {"cna@vuldb.com", 24},
    {"security-advisories@github.com", 20},
    {"secalert@redhat.com", 5},
    {"cve@jetbrains.com", 1},
    {"cve-coordination@incibe.es", 3},
    {"disclosure@vulncheck.com", 2},
    {"zdi-disclosures@trendmicro.com", 4},
    {"cve@usom.gov.tr", 1},
    {"psirt@wdc.com", 1},
    {"cve-assign@fb.com", 1},
    {"2b40a2a3-66e7-4d3f-a3a8-0a0a2a3a4bd4", 4},
};
constexpr Weighted<std::string_view> kPluginCnas[] = {
    {"security@wordfence.com", 45},
    {"audit@patchstack.com", 40},
    {"contact@wpscan.com", 15},
};
// CNAs that publish CVSS 4.0 scores (measured: VulDB gives 4.0, 3.1 and 2.0 together).
bool publishes_v4(std::string_view cna) {
    return cna == "cna@vuldb.com" || cna == "security-advisories@github.com" ||
           cna == "cve-coordination@incibe.es" || cna == "disclosure@vulncheck.com" ||
           cna == "ics-cert@hq.dhs.gov" || cna == "productcert@siemens.com" ||
           cna == "zdi-disclosures@trendmicro.com";
}

constexpr std::string_view kCisaAdp = "134c704f-9b21-4f2e-91b3-4a467353bcc0";
constexpr std::string_view kCveProgram = "af854a3a-2127-422b-91ae-364da2661108";

constexpr std::string_view kSyllables[] = {
    "ar",  "bel", "cor", "dan",  "el",  "fin",  "gor",  "hex", "ix",   "jun",  "kal",
    "lum", "mor", "nex", "or",   "pix", "qua",  "ral",  "sol", "tek",  "ul",   "vex",
    "wen", "xor", "yal", "zen",  "net", "soft", "ware", "lab", "byte", "data", "med",
    "car", "flo", "lin", "clou", "sys", "tron", "vie",  "gat", "pat",  "form", "shop",
    "des", "pre", "hub", "box",  "kit", "nova", "omni", "ver", "ast",  "eon",
};
constexpr std::string_view kVendorSuffixes[] = {"_project", "soft", "_technologies", "_systems",
                                                "_labs",    "_inc", "_software",     "_solutions"};
constexpr std::string_view kProductWords[] = {
    "visitor_management_system",
    "online_shopping_portal",
    "hospital_management_system",
    "patient_appointment_booking",
    "clinic_queue_manager",
    "school_management_system",
    "blog",
    "gallery",
    "form_builder",
    "seo_toolkit",
    "contact_form",
    "backup",
    "slider",
    "membership",
    "events_calendar",
    "learning_management_system",
    "ecommerce",
    "payment_gateway",
    "file_manager",
    "image_optimizer",
    "live_chat",
    "crm",
    "erp",
    "point_of_sale",
    "inventory_management",
    "helpdesk",
    "web_panel",
    "dashboard",
    "cms",
    "forum",
    "wiki",
    "mail_server",
    "vpn_client",
    "pacs_viewer",
    "lab_information_system",
    "nurse_call",
    "pharmacy_management",
    "telehealth",
    "dicom_server",
    "hl7_interface_engine",
    "router",
    "nas",
    "camera",
    "smart_switch",
    "print_server",
    "media_server",
    "password_manager",
    "api_gateway",
    "sdk",
    "library",
};
constexpr std::string_view kPluginWords[] = {
    "contact_form", "page_builder", "slider",    "popup",      "gallery",     "seo",
    "woocommerce",  "booking",      "forms",     "membership", "lms",         "backup",
    "social_share", "analytics",    "cache",     "security",   "newsletter",  "donation",
    "events",       "maps",         "chatbot",   "reviews",    "table_press", "translate",
    "addons",       "blocks",       "elementor", "widgets",    "importer",    "redirects",
};

// Long-tail names are pure functions of an index, so they need no memory and repeat across CVEs
// the way real vendors do.
void append_tail_vendor(std::string& out, std::uint64_t index, std::uint64_t salt) {
    Rng rng(mix64(index * 0x9E37U + salt));
    out.append(pick_uniform<std::string_view>(rng, kSyllables));
    out.append(pick_uniform<std::string_view>(rng, kSyllables));
    if (rng.chance(3500)) {
        out.append(pick_uniform<std::string_view>(rng, kSyllables));
    }
    if (rng.chance(3000)) {
        out.append(pick_uniform<std::string_view>(rng, kVendorSuffixes));
    }
}

void append_tail_product(std::string& out, std::uint64_t index, std::uint64_t salt, bool plugin) {
    Rng rng(mix64(index * 0x5851F42DULL + salt + 17));
    if (plugin) {
        if (rng.chance(3000)) {
            out.append("wp_");
        }
        out.append(pick_uniform<std::string_view>(rng, kSyllables));
        out.append(pick_uniform<std::string_view>(rng, kSyllables));
        out += '_';
        out.append(pick_uniform<std::string_view>(rng, kPluginWords));
        // CPE escapes in product names: "wp_maintenance_mode_\&_coming_soon".
        if (rng.chance(150)) {
            out.append("_\\&_");
            out.append(pick_uniform<std::string_view>(rng, kPluginWords));
        }
        return;
    }
    if (rng.chance(4000)) {
        out.append(pick_uniform<std::string_view>(rng, kSyllables));
        out.append(pick_uniform<std::string_view>(rng, kSyllables));
        out += '_';
    }
    out.append(pick_uniform<std::string_view>(rng, kProductWords));
    if (rng.chance(60)) {
        out.append("_\\(legacy\\)");
    }
}

// Words for descriptions -------------------------------------------------------------------------

struct VulnType {
    std::string_view english;
    std::string_view spanish;
    std::string_view cwe;
    std::string_view short_name;  // for KEV names
};

constexpr Weighted<VulnType> kVulnTypes[] = {
    {{"cross-site scripting (XSS)", "secuencias de comandos en sitios cruzados (XSS)", "CWE-79",
      "Cross-Site Scripting"},
     1400},
    {{"SQL injection", "inyección SQL", "CWE-89", "SQL Injection"}, 800},
    {{"an out-of-bounds write", "una escritura fuera de límites", "CWE-787", "Out-of-Bounds Write"},
     500},
    {{"improper input validation", "una validación de entrada incorrecta", "CWE-20",
      "Improper Input Validation"},
     400},
    {{"an out-of-bounds read", "una lectura fuera de límites", "CWE-125", "Out-of-Bounds Read"},
     350},
    {{"a path traversal", "un salto de directorio", "CWE-22", "Path Traversal"}, 350},
    {{"cross-site request forgery (CSRF)", "falsificación de solicitudes entre sitios (CSRF)",
      "CWE-352", "Cross-Site Request Forgery"},
     350},
    {{"a use-after-free", "un uso después de liberación", "CWE-416", "Use-After-Free"}, 300},
    {{"missing authorization", "una falta de autorización", "CWE-862", "Missing Authorization"},
     300},
    {{"OS command injection", "una inyección de comandos del sistema operativo", "CWE-78",
      "OS Command Injection"},
     250},
    {{"a classic buffer overflow", "un desbordamiento de búfer clásico", "CWE-120",
      "Buffer Overflow"},
     250},
    {{"an information exposure", "una exposición de información", "CWE-200",
      "Information Disclosure"},
     300},
    {{"a NULL pointer dereference", "una desreferencia de puntero NULL", "CWE-476",
      "NULL Pointer Dereference"},
     250},
    {{"unrestricted upload of dangerous files",
      "una carga sin restricciones de archivos peligrosos", "CWE-434", "Unrestricted File Upload"},
     200},
    {{"improper authentication", "una autenticación incorrecta", "CWE-287",
      "Improper Authentication"},
     200},
    {{"uncontrolled resource consumption", "un consumo de recursos no controlado", "CWE-400",
      "Denial-of-Service"},
     150},
    {{"code injection", "una inyección de código", "CWE-94", "Code Injection"}, 150},
    {{"improper privilege management", "una gestión de privilegios incorrecta", "CWE-269",
      "Privilege Escalation"},
     120},
    {{"an integer overflow", "un desbordamiento de enteros", "CWE-190", "Integer Overflow"}, 100},
    {{"server-side request forgery (SSRF)",
      "falsificación de solicitudes del lado del servidor (SSRF)", "CWE-918",
      "Server-Side Request Forgery"},
     100},
    {{"deserialization of untrusted data", "una deserialización de datos no confiables", "CWE-502",
      "Deserialization of Untrusted Data"},
     100},
    {{"a race condition", "una condición de ejecución", "CWE-362", "Race Condition"}, 80},
    {{"an open redirect", "una redirección abierta", "CWE-601", "Open Redirect"}, 80},
    {{"an XML external entity (XXE) issue", "un problema de entidad externa XML (XXE)", "CWE-611",
      "XML External Entity"},
     60},
    {{"use of hard-coded credentials", "el uso de credenciales codificadas", "CWE-798",
      "Hard-coded Credentials"},
     60},
    {{"missing authentication for a critical function",
      "una falta de autenticación para una función crítica", "CWE-306", "Missing Authentication"},
     100},
    {{"a memory leak", "una pérdida de memoria", "CWE-401", "Memory Leak"}, 70},
};

constexpr std::string_view kActors[] = {
    "remote attackers",
    "a remote unauthenticated attacker",
    "authenticated users with low privileges",
    "a local attacker",
    "an attacker on the adjacent network",
    "an attacker with physical access to the device",
    "a malicious app",
    "authenticated attackers, with contributor-level access and above,",
};
constexpr std::string_view kActorsEs[] = {
    "atacantes remotos",
    "un atacante remoto no autenticado",
    "usuarios autenticados con privilegios bajos",
    "un atacante local",
    "un atacante en la red adyacente",
    "un atacante con acceso físico al dispositivo",
    "una aplicación maliciosa",
    "atacantes autenticados, con acceso de colaborador o superior,",
};
constexpr std::string_view kImpacts[] = {
    "execute arbitrary code",
    "inject arbitrary web script or HTML",
    "read arbitrary files",
    "cause a denial of service (crash)",
    "obtain sensitive information",
    "bypass authentication",
    "escalate privileges",
    "modify configuration settings",
    "execute arbitrary SQL commands",
    "alter infusion parameters on the pump",
};
constexpr std::string_view kImpactsEs[] = {
    "ejecutar código arbitrario",
    "inyectar script web o HTML arbitrario",
    "leer archivos arbitrarios",
    "provocar una denegación de servicio (caída)",
    "obtener información confidencial",
    "omitir la autenticación",
    "escalar privilegios",
    "modificar los ajustes de configuración",
    "ejecutar comandos SQL arbitrarios",
    "alterar los parámetros de infusión de la bomba",
};
constexpr std::string_view kVectors[] = {
    "a crafted HTTP request",
    "the \"id\" parameter",
    "a crafted file",
    "a malicious web page",
    "a specially crafted network packet",
    "the search parameter to /index.php",
    "crafted DICOM messages",
    "a crafted HL7 message",
    "the 'redirect_to' parameter",
    "a long Host header",
};
constexpr std::string_view kVectorsEs[] = {
    "una solicitud HTTP manipulada",
    "el parámetro \"id\"",
    "un archivo manipulado",
    "una página web maliciosa",
    "un paquete de red especialmente manipulado",
    "el parámetro search de /index.php",
    "mensajes DICOM manipulados",
    "un mensaje HL7 manipulado",
    "el parámetro 'redirect_to'",
    "una cabecera Host larga",
};
// More sentences, added until a description reaches its sampled length. Some carry what real
// descriptions carry: quotes, HTML, Windows paths with backslashes.
// NOLINTBEGIN(bugprone-suspicious-missing-comma): long sentences span lines on purpose.
constexpr std::string_view kExtraSentences[] = {
    "This issue affects all versions before the fixed release.",
    "Users are advised to upgrade to the latest version, which fixes the issue.",
    "There are no known workarounds for this vulnerability.",
    "The exploit has been disclosed to the public and may be used.",
    "NOTE: this vulnerability only affects products that are no longer supported by the "
    "maintainer.",
    "Successful exploitation could allow the attacker to take full control of the affected "
    "device.",
    "The vendor was contacted early about this disclosure but did not respond in any way.",
    "An attacker must first obtain a valid session to exploit this issue.",
    "This vulnerability is due to insufficient validation of user-supplied input.",
    "The affected component is reachable over the network in the default configuration.",
    "This makes it possible for unauthenticated attackers to inject arbitrary web scripts in "
    "pages that execute if they can successfully trick a user into performing an action such as "
    "clicking on a link.",
    "A successful exploit could allow the attacker to cause the device to reload, resulting in a "
    "denial of service (DoS) condition.",
    "The patch is identified as a1b2c3d4. It is recommended to apply a patch to fix this issue.",
    "A payload such as <script>alert(document.cookie)</script> is stored and rendered to other "
    "users.",
    R"(Affected builds write the key to C:\ProgramData\Vendor\config.ini in clear text.)",
    "An attacker could exploit this vulnerability by persuading a user of the interface to click "
    "a crafted link.",
    "Upgrading to the fixed version is recommended; as a mitigation, restrict network access to "
    "the management interface.",
};
// NOLINTEND(bugprone-suspicious-missing-comma)

// Measured: 12 of 119 English descriptions have non-ASCII characters (typographic quotes,
// non-breaking spaces, dashes).
constexpr std::string_view kTypographicSentences[] = {
    "The vendor\u2019s advisory lists the affected builds and the firmware that fixes them.",
    "Versions 2.0\u00a0through 2.4 are affected \u2013 later releases are not.",
    "The \u201csafe mode\u201d setting does not prevent the attack.",
};
// NOLINTBEGIN(bugprone-suspicious-missing-comma): long sentences span lines on purpose.
constexpr std::string_view kExtraSentencesEs[] = {
    "Este problema afecta a todas las versiones anteriores a la versión corregida.",
    "Se recomienda a los usuarios actualizar a la última versión, que soluciona el problema.",
    "No se conocen workarounds para esta vulnerabilidad.",
    "El exploit se ha hecho público y puede ser utilizado.",
    "NOTA: esta vulnerabilidad solo afecta a productos que ya no reciben soporte del mantenedor.",
    "La explotación exitosa podría permitir al atacante tomar el control total del dispositivo "
    "afectado.",
    "Se contactó con el proveedor sobre esta divulgación, pero no respondió de ninguna manera.",
    "Un atacante debe obtener primero una sesión válida para explotar este problema.",
    "Esta vulnerabilidad se debe a una validación insuficiente de la entrada proporcionada por el "
    "usuario.",
    "El componente afectado es accesible a través de la red en la configuración predeterminada.",
};
// NOLINTEND(bugprone-suspicious-missing-comma)
constexpr std::string_view kKernelSubsystems[] = {
    "net/sched",   "drm/amdgpu", "wifi: ath11k", "ext4",        "btrfs",
    "usb: gadget", "bpf",        "netfilter",    "nfsd",        "mm/hugetlb",
    "scsi: lpfc",  "io_uring",   "ALSA: hda",    "smb: client", "nouveau/firmware",
    "ice",         "HID: core",  "tty: serial",
};
constexpr std::string_view kKernelSummaries[] = {
    "fix use-after-free in the error path",
    "avoid NULL pointer dereference when the device is removed",
    "fix out-of-bounds read in the parser",
    "prevent integer overflow on large requests",
    "fix memory leak when probing fails",
    "add missing lock around list traversal",
    "validate the length before copying from user space",
};
constexpr std::string_view kKernelFunctions[] = {
    "dump_stack_lvl",
    "print_report",
    "kasan_report",
    "kfree",
    "__sys_sendmsg",
    "do_syscall_64",
    "entry_SYSCALL_64_after_hwframe",
    "process_one_work",
    "worker_thread",
    "kthread",
    "ret_from_fork",
    "sg_init_one",
    "nvkm_firmware_ctor",
};

constexpr Weighted<Range> kDescriptionLength[] = {
    {{40, 79}, 1000},    {{80, 139}, 2000},  {{140, 219}, 2300}, {{220, 319}, 1800},
    {{320, 479}, 1300},  {{480, 699}, 700},  {{700, 999}, 400},  {{1000, 1599}, 250},
    {{1600, 2999}, 120}, {{3000, 6000}, 40},
};
constexpr Weighted<Range> kKernelDescriptionLength[] = {
    {{250, 600}, 4000},
    {{600, 1200}, 3500},
    {{1200, 2500}, 1800},
    {{2500, 5000}, 700},
};

// Metrics -----------------------------------------------------------------------------------------

struct Cvss3 {
    int av;  // N A L P
    int ac;  // L H
    int pr;  // N L H
    int ui;  // N R
    bool scope_changed;
    int c;  // H L N
    int i;
    int a;
};

constexpr Weighted<int> kAv[] = {{0, 7000}, {1, 600}, {2, 2200}, {3, 200}};
constexpr Weighted<int> kAc[] = {{0, 8700}, {1, 1300}};
constexpr Weighted<int> kPr[] = {{0, 5200}, {1, 3700}, {2, 1100}};
constexpr Weighted<int> kUi[] = {{0, 6500}, {1, 3500}};
constexpr Weighted<int> kCia[] = {{0, 5200}, {1, 2600}, {2, 2200}};

// CVSS 3.x "roundup": the smallest number with one decimal that is >= value, computed on integers
// so that it does not depend on floating-point representation (the 3.1 specification's way).
int roundup_tenths(double value) {
    const auto scaled = std::llround(value * 100000.0);
    if (scaled % 10000 == 0) {
        return static_cast<int>(scaled / 10000);
    }
    return static_cast<int>(scaled / 10000 + 1);
}

struct Cvss3Scores {
    int base;
    int exploitability;
    int impact;
};

Cvss3Scores score_cvss3(const Cvss3& v) {
    constexpr double kAvWeight[] = {0.85, 0.62, 0.55, 0.2};
    constexpr double kAcWeight[] = {0.77, 0.44};
    constexpr double kCiaWeight[] = {0.56, 0.22, 0.0};
    const double pr_weight = v.pr == 0   ? 0.85
                             : v.pr == 1 ? (v.scope_changed ? 0.68 : 0.62)
                                         : (v.scope_changed ? 0.5 : 0.27);
    const double ui_weight = v.ui == 0 ? 0.85 : 0.62;
    const double iss =
        1.0 - (1.0 - kCiaWeight[v.c]) * (1.0 - kCiaWeight[v.i]) * (1.0 - kCiaWeight[v.a]);
    double impact = 0;
    if (v.scope_changed) {
        const double shifted = iss - 0.02;
        double power = 1.0;
        for (int k = 0; k < 15; ++k) {
            power *= shifted;
        }
        impact = 7.52 * (iss - 0.029) - 3.25 * power;
    } else {
        impact = 6.42 * iss;
    }
    const double exploitability = 8.22 * kAvWeight[v.av] * kAcWeight[v.ac] * pr_weight * ui_weight;
    int base = 0;
    if (impact > 0) {
        const double raw =
            v.scope_changed ? 1.08 * (impact + exploitability) : impact + exploitability;
        base = std::min(roundup_tenths(raw), 100);
    }
    // Sub-scores are published rounded to one decimal (not rounded up).
    const auto exploitability_tenths = static_cast<int>(std::lround(exploitability * 10.0));
    const int impact_tenths = impact > 0 ? static_cast<int>(std::lround(impact * 10.0)) : 0;
    return {base, exploitability_tenths, impact_tenths};
}

std::string_view severity_of(int tenths) {
    if (tenths == 0) {
        return "NONE";
    }
    if (tenths < 40) {
        return "LOW";
    }
    if (tenths < 70) {
        return "MEDIUM";
    }
    if (tenths < 90) {
        return "HIGH";
    }
    return "CRITICAL";
}

std::string_view severity_v2(int tenths) {
    return tenths < 40 ? "LOW" : tenths < 70 ? "MEDIUM" : "HIGH";
}

// References --------------------------------------------------------------------------------------

// Measured on the curated page (1,400 references) and the fixture page (56).
constexpr Weighted<std::string_view> kReferenceTags[] = {
    {"Third Party Advisory", 2900},
    {"Mailing List", 1100},
    {"VDB Entry", 800},
    {"Vendor Advisory", 1000},
    {"Exploit", 800},
    {"Patch", 1000},
    {"Broken Link", 400},
    {"US Government Resource", 200},
    {"Issue Tracking", 400},
    {"Release Notes", 250},
    {"Mitigation", 150},
    {"Press/Media Coverage", 80},
    {"Permissions Required", 150},
    {"Not Applicable", 50},
    {"Technical Description", 50},
    {"Product", 100},
};
constexpr Weighted<int> kTagsPerReference[] = {{1, 3600}, {2, 4400}, {3, 1750}, {4, 20}};

constexpr Weighted<Range> kReferencesOld[] = {
    {{1, 1}, 1000},  {{2, 2}, 1300},   {{3, 3}, 1200},   {{4, 4}, 1000},   {{5, 8}, 2400},
    {{9, 15}, 1800}, {{16, 40}, 1000}, {{41, 120}, 260}, {{121, 300}, 40},
};
constexpr Weighted<Range> kReferencesMid[] = {
    {{1, 1}, 1500},  {{2, 2}, 1700},  {{3, 3}, 1400},   {{4, 4}, 1100},   {{5, 8}, 2300},
    {{9, 15}, 1200}, {{16, 40}, 650}, {{41, 120}, 130}, {{121, 300}, 20},
};
constexpr Weighted<Range> kReferencesNew[] = {
    {{1, 1}, 2800}, {{2, 2}, 2200}, {{3, 3}, 1500},  {{4, 4}, 1000},
    {{5, 8}, 1700}, {{9, 15}, 600}, {{16, 40}, 180}, {{41, 120}, 20},
};

// Configurations ----------------------------------------------------------------------------------

constexpr Weighted<Range> kConfigurationsPerCve[] = {
    {{1, 1}, 7700}, {{2, 2}, 900},   {{3, 3}, 450},  {{4, 4}, 300},
    {{5, 10}, 450}, {{11, 30}, 120}, {{31, 80}, 20},

};
// cpeMatch entries in a vulnerable node: most have one, a long tail has hundreds.
constexpr Weighted<Range> kMatchesPerNode[] = {
    {{1, 1}, 5900},  {{2, 2}, 1300},  {{3, 3}, 600},   {{4, 4}, 400},    {{5, 9}, 850},
    {{10, 19}, 480}, {{20, 49}, 310}, {{50, 99}, 100}, {{100, 299}, 30}, {{300, 800}, 6},
};
// ... and in a platform node (vulnerable:false, under AND).
constexpr Weighted<Range> kPlatformMatchesPerNode[] = {
    {{1, 1}, 6200},
    {{2, 5}, 2600},
    {{6, 20}, 950},
    {{21, 100}, 250},
};

// Bounds used by a range entry, measured on 360 ranges (EndExcluding alone 58 %, with
// StartIncluding 28 %, ...); StartExcluding is rare in the real feed and absent from both samples.
enum Bounds : std::uint8_t {
    kStartIncluding = 1,
    kStartExcluding = 2,
    kEndIncluding = 4,
    kEndExcluding = 8,
};
constexpr Weighted<std::uint8_t> kRangeBounds[] = {
    {kEndExcluding, 5750},
    {kStartIncluding | kEndExcluding, 2800},
    {kStartIncluding | kEndIncluding, 660},
    {kEndIncluding, 640},
    {kStartIncluding, 30},
    {kStartExcluding | kEndExcluding, 70},
    {kStartExcluding, 20},
    {kStartExcluding | kEndIncluding, 30},
};

constexpr Weighted<std::string_view> kUpdateQualifiers[] = {
    {"sp1", 300},   {"sp2", 250}, {"r1", 250}, {"r2", 120},       {"p7", 80},
    {"beta", 120},  {"rc1", 150}, {"rc2", 80}, {"update_23", 60}, {"cumulative_update_23", 40},
    {"patch1", 30}, {"p1", 40},
};
constexpr std::string_view kPlatforms[] = {
    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:apple:macos:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:google:android:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:apple:iphone_os:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:apple:ipados:-:*:*:*:*:*:*:*",
    "cpe:2.3:a:microsoft:windows_server:-:*:*:*:*:*:*:*",
};
struct Distro {
    std::string_view vendor;
    std::string_view product;
    std::string_view versions[6];
    std::string_view sw_edition;
};
constexpr Distro kDistros[] = {
    {"debian", "debian_linux", {"9.0", "10.0", "11.0", "12.0", "8.0", "13.0"}, "*"},
    {"fedoraproject", "fedora", {"37", "38", "39", "40", "41", "42"}, "*"},
    {"canonical", "ubuntu_linux", {"16.04", "18.04", "20.04", "22.04", "24.04", "14.04"}, "lts"},
    {"redhat", "enterprise_linux", {"7.0", "8.0", "9.0", "6.0", "8.6", "9.2"}, "*"},
    {"netapp", "ontap_select_deploy_administration_utility", {"-", "-", "-", "-", "-", "-"}, "*"},
};

// CWE pool for NVD's own weakness entries (NVD-CWE-noinfo and -Other included, as measured).
constexpr Weighted<std::string_view> kExtraCwes[] = {
    {"NVD-CWE-noinfo", 900}, {"NVD-CWE-Other", 600}, {"CWE-119", 300}, {"CWE-284", 150},
    {"CWE-863", 120},        {"CWE-770", 80},        {"CWE-639", 80},  {"CWE-1321", 30},
    {"CWE-266", 40},         {"CWE-203", 40},        {"CWE-312", 40},  {"CWE-732", 60},
};

// The record plan -------------------------------------------------------------------------------

// Approximate CVEs per id year in the real feed (public NVD statistics, rounded; 2026 up to the
// snapshot). They sum to 400,510, against the 400,519 the fkie-cad mirror counted.
constexpr std::uint32_t kCvesPerYear[] = {
    1540, 1240, 1590, 2400,  1570,  2720,  4760,  7140,  6580,  7160,  5090,  5180,  4830,  5860,
    6780, 8870, 8720, 10660, 18120, 18330, 17940, 19990, 22220, 26710, 31030, 40680, 48300, 64500,
};
static_assert(std::size(kCvesPerYear) == kLastYear - kFirstYear + 1);

struct PlannedCve {
    std::int64_t published_ms;
    std::uint32_t number;
    std::uint16_t year;
};

}  // namespace

struct FeedGenerator::Plan {
    std::uint64_t seed = 0;
    std::vector<PlannedCve> cves;
};

namespace {

// Ids per year by largest remainder, so that any count keeps the real proportions.
std::vector<std::uint64_t> ids_per_year(std::uint64_t count) {
    std::uint64_t total = 0;
    for (const auto n : kCvesPerYear) {
        total += n;
    }
    std::vector<std::uint64_t> result(std::size(kCvesPerYear));
    std::vector<std::pair<std::uint64_t, std::size_t>> remainders;
    std::uint64_t assigned = 0;
    for (std::size_t i = 0; i < result.size(); ++i) {
        const std::uint64_t numerator = count * kCvesPerYear[i];
        result[i] = numerator / total;
        assigned += result[i];
        remainders.emplace_back(numerator % total, i);
    }
    std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second > b.second;
    });
    for (std::size_t k = 0; assigned < count; ++k, ++assigned) {
        ++result[remainders[k % remainders.size()].second];
    }
    return result;
}

// Id numbers are sparse (reserved blocks never published): 2026 reaches six digits with 64,500
// ids, so numbers are spread over a span wider than the count. Before 2014 ids had four digits.
std::uint64_t number_span(std::int64_t year, std::uint64_t ids) {
    if (year <= 2013) {
        const std::uint64_t wanted = ids * 13 / 10 + 1;
        return std::max<std::uint64_t>(ids, std::min<std::uint64_t>(wanted, 9999));
    }
    const std::uint64_t percent = year == kLastYear ? 160 : year >= 2024 ? 140 : 150;
    return std::max<std::uint64_t>(ids, ids * percent / 100 + 1);
}

std::int64_t publication_time(Rng& rng, std::int64_t year, std::uint64_t k, std::uint64_t span) {
    const std::int64_t start = ms_of(year, 1, 1);
    const std::int64_t end = year == kLastYear ? kSnapshotMs - kMsPerDay : ms_of(year + 1, 1, 1);
    const std::int64_t days = (end - start) / kMsPerDay;
    // Ids are published roughly in number order, CNAs' blocks interleaving by weeks.
    auto day = static_cast<std::int64_t>(k * static_cast<std::uint64_t>(days) / (span + 1));
    day += static_cast<std::int64_t>(rng.below(91)) - 45;
    day = std::clamp<std::int64_t>(day, 0, days - 1);
    std::int64_t ms = start + day * kMsPerDay;
    // Some ids are published years after they were reserved (CVE-2021-* published in 2023 on the
    // fixture page).
    // The delay never passes the snapshot: clamping would pile records up on its last day.
    const std::int64_t room_days = (kSnapshotMs - kMsPerDay - ms) / kMsPerDay;
    if (year < kLastYear && room_days > 30 && rng.chance(700)) {
        const auto longest =
            static_cast<std::uint64_t>(std::min<std::int64_t>(std::int64_t{3} * 365, room_days));
        ms += static_cast<std::int64_t>(rng.between(30, longest)) * kMsPerDay;
    }

    // Since about 2016 NVD publishes in hourly batches at a quarter past ("T14:15:09.533").
    const auto hour = static_cast<std::int64_t>(rng.below(24));
    const bool batch = year_of(ms) >= 2016 && rng.chance(8500);
    const auto minute = batch ? std::int64_t{15} : static_cast<std::int64_t>(rng.below(60));
    const auto second = static_cast<std::int64_t>(rng.below(60));
    const auto milli = static_cast<std::int64_t>(rng.below(1000));
    return ms + hour * 3'600'000 + minute * 60'000 + second * 1000 + milli;
}

// Record synthesis ------------------------------------------------------------------------------

enum class VulnStatus : std::uint8_t {
    kReceived,
    kAwaitingAnalysis,
    kUndergoingAnalysis,
    kAnalyzed,
    kModified,
    kDeferred,
    kRejected,
};

std::string_view status_name(VulnStatus status) {
    switch (status) {
        case VulnStatus::kReceived:
            return "Received";
        case VulnStatus::kAwaitingAnalysis:
            return "Awaiting Analysis";
        case VulnStatus::kUndergoingAnalysis:
            return "Undergoing Analysis";
        case VulnStatus::kAnalyzed:
            return "Analyzed";
        case VulnStatus::kModified:
            return "Modified";
        case VulnStatus::kDeferred:
            return "Deferred";
        case VulnStatus::kRejected:
            return "Rejected";
    }
    return "Analyzed";
}

struct Version {
    std::array<std::uint32_t, 4> part{};
    char letter = 0;
};

struct Subject {
    char part = 'a';
    Kind kind = Kind::kApp;
    Style style = Style::kSemver;
    std::string vendor;   // CPE-bound
    std::string product;  // CPE-bound; for firmware the family
    std::string_view cna;
    bool plugin = false;
};

class RecordBuilder {
public:
    RecordBuilder(std::uint64_t seed, const PlannedCve& cve, std::string& out)
        : seed_(seed),
          cve_(cve),
          rng_(mix64(seed * 0x9E3779B97F4A7C15ULL + cve.year * 10'000'000ULL + cve.number)),
          out_(out) {}

    void build() {
        published_ = cve_.published_ms;
        pub_year_ = year_of(published_);
        choose_subject();
        choose_status();
        choose_last_modified();
        type_ = &pick<VulnType>(rng_, kVulnTypes);

        out_ += R"({"cve":{"id":"CVE-)";
        append_uint(out_, cve_.year);
        out_ += '-';
        append_digits(out_, cve_.number, cve_.number < 10000 ? 4 : cve_.number < 100000 ? 5 : 6);
        out_ += R"(","sourceIdentifier":)";
        append_quoted(out_, subject_.cna);
        out_ += R"(,"published":")";
        append_timestamp(out_, published_);
        out_ += R"(","lastModified":")";
        append_timestamp(out_, last_modified_);
        out_ += R"(","vulnStatus":")";
        out_ += status_name(status_);
        out_ += '"';
        write_cve_tags();
        const bool kev = !rejected() && analysed_ && rng_.chance(60);
        // Older snapshots put the KEV fields before the descriptions, newer after the metrics.
        const bool kev_early = rng_.chance(1500);
        if (kev && kev_early) {
            write_kev();
        }
        write_descriptions();
        write_affected();
        write_metrics(kev);
        if (kev && !kev_early) {
            write_kev();
        }
        write_weaknesses();
        write_configurations();
        write_references();
        write_evaluator_fields();
        out_ += "}}";
    }

private:
    [[nodiscard]] bool rejected() const { return status_ == VulnStatus::kRejected; }

    void choose_subject() {
        const auto roll = static_cast<std::uint32_t>(rng_.below(10'000));
        // WordPress plugins are a large share of recent CVEs and rare before 2015.
        const std::uint32_t plugin_share = pub_year_ >= 2021 ? 1700 : pub_year_ >= 2015 ? 900 : 250;
        if (roll < 5400) {
            choose_head_product();
            return;
        }
        // The long tail: thousands of vendors, Zipf-like so that some recur often.
        const std::uint64_t draw = rng_.below(1'000'000);
        const std::uint64_t tail_index = 40'000 * draw * draw / 1'000'000'000'000ULL;
        append_tail_vendor(subject_.vendor, tail_index / 3, seed_);
        if (roll < 5400 + plugin_share) {
            subject_.plugin = true;
            subject_.kind = Kind::kPlugin;
            subject_.part = 'a';
            subject_.style = Style::kSemver;
            append_tail_product(subject_.product, tail_index, seed_, true);
            subject_.cna = pub_year_ >= 2019 ? pick<std::string_view>(rng_, kPluginCnas)
                                             : std::string_view{"cve@mitre.org"};
            return;
        }
        append_tail_product(subject_.product, tail_index, seed_, false);
        const bool firmware = rng_.chance(1500);
        subject_.kind = firmware ? Kind::kFirmware : Kind::kApp;
        subject_.part = firmware ? 'o' : 'a';
        const auto style_roll = static_cast<std::uint32_t>(rng_.below(100));
        subject_.style = firmware          ? Style::kFirmware
                         : style_roll < 45 ? Style::kTwoPart
                         : style_roll < 95 ? Style::kSemver
                                           : Style::kDate;
        subject_.cna = pub_year_ >= 2017 ? pick<std::string_view>(rng_, kTailCnasNew)
                                         : pick<std::string_view>(rng_, kTailCnasOld);
    }

    void choose_head_product() {
        std::uint64_t total = 0;
        for (const auto& head : kHeadProducts) {
            total += head.weight;
        }
        std::uint64_t target = rng_.below(total);
        const HeadProduct* chosen = &kHeadProducts[0];
        for (const auto& head : kHeadProducts) {
            if (target < head.weight) {
                chosen = &head;
                break;
            }
            target -= head.weight;
        }
        subject_.vendor.assign(chosen->vendor);
        subject_.product.assign(chosen->product);
        subject_.kind = chosen->kind;
        subject_.style = chosen->style;
        subject_.part = chosen->kind == Kind::kApp        ? 'a'
                        : chosen->kind == Kind::kHardware ? 'h'
                                                          : 'o';
        subject_.cna = chosen->cna;
        // The kernel became its own CNA in 2024; Microsoft and others have been CNAs longer, but
        // old records name MITRE.
        const bool kernel_before_cna = chosen->vendor == "linux" && pub_year_ < 2024;
        if (kernel_before_cna || (pub_year_ < 2012 && rng_.chance(6000))) {
            subject_.cna = "cve@mitre.org";
        }
    }

    void choose_status() {
        const std::int64_t age_days = (kSnapshotMs - published_) / kMsPerDay;
        const std::uint32_t rejected_share = pub_year_ < 2020 ? 350 : 480;
        if (rng_.chance(rejected_share)) {
            status_ = VulnStatus::kRejected;
            return;
        }
        if (age_days < 4 && rng_.chance(6000)) {
            status_ = VulnStatus::kReceived;
            return;
        }
        // Only the backlog since 2023 waits for analysis.
        std::uint32_t awaiting = 0;
        if (pub_year_ == 2023) {
            awaiting = 450;
        } else if (pub_year_ == 2024) {
            awaiting = 2200;
        } else if (pub_year_ == 2025) {
            awaiting = 3500;
        } else if (pub_year_ >= 2026) {
            awaiting = age_days < 45 ? 8000 : 5200;
        }
        if (rng_.chance(awaiting)) {
            status_ = VulnStatus::kAwaitingAnalysis;
            return;
        }
        if (rng_.chance(90)) {
            status_ = VulnStatus::kUndergoingAnalysis;
            // Most records under analysis are being re-analysed and keep what they had.
            analysed_ = rng_.chance(6000);
            return;
        }
        if (published_ < ms_of(2018, 1, 1)) {
            status_ = rng_.chance(8800) ? VulnStatus::kDeferred : VulnStatus::kModified;
            analysed_ = true;
            return;
        }
        // The 2024-25 backlog: NVD deferred part of it without analysis.
        if ((pub_year_ == 2024 || pub_year_ == 2025) && rng_.chance(1000)) {
            status_ = VulnStatus::kDeferred;
            return;
        }
        std::uint32_t modified = 500;
        if (pub_year_ <= 2022) {
            modified = 6000;
        } else if (pub_year_ == 2023) {
            modified = 4500;
        } else if (pub_year_ == 2024) {
            modified = 3000;
        } else if (pub_year_ == 2025) {
            modified = 1500;
        }
        status_ = rng_.chance(modified) ? VulnStatus::kModified : VulnStatus::kAnalyzed;
        analysed_ = true;
    }

    void choose_last_modified() {
        const auto jitter_ms = static_cast<std::int64_t>(rng_.below(kMsPerDay));
        std::int64_t modified = published_;
        switch (status_) {
            case VulnStatus::kReceived:
            case VulnStatus::kAwaitingAnalysis:
            case VulnStatus::kUndergoingAnalysis: {
                // CNA and ADP updates in the days after publication.
                const auto days = static_cast<std::int64_t>(rng_.below(20));
                modified = published_ + days * kMsPerDay + jitter_ms;
                break;
            }
            case VulnStatus::kRejected: {
                const auto days = static_cast<std::int64_t>(rng_.below(400));
                modified = published_ + days * kMsPerDay + jitter_ms;
                break;
            }
            case VulnStatus::kAnalyzed:
                // Analysed within weeks of publication (the fixture page) and, for about half,
                // touched again since (the curated page).
                if (rng_.chance(5000)) {
                    const auto days = static_cast<std::int64_t>(rng_.between(1, 60));
                    modified = published_ + days * kMsPerDay + jitter_ms;
                    break;
                }
                [[fallthrough]];
            case VulnStatus::kDeferred:
            case VulnStatus::kModified:
                modified = touched_again(jitter_ms);
                // Being marked Deferred (April 2025) is itself a modification.
                if (status_ == VulnStatus::kDeferred && modified < kDeferralStartMs) {
                    const auto days = static_cast<std::int64_t>(rng_.below(18));
                    modified = kDeferralStartMs + days * kMsPerDay + jitter_ms;
                }
                break;
        }
        last_modified_ = std::clamp(modified, published_, kSnapshotMs - 1);
    }

    // The last change of a record NVD has worked on: one of the bulk re-processing days that the
    // curated page shows (2024-11-21, 2025-10-21 to 28, 2026-06-16 and 17), or a time skewed
    // towards recent years.
    std::int64_t touched_again(std::int64_t jitter_ms) {
        const auto roll = static_cast<std::uint32_t>(rng_.below(100));
        if (roll < 30 && published_ < kMassUpdateMs) {
            return kMassUpdateMs + jitter_ms;
        }
        if (roll < 45 && published_ < kSecondMassUpdateMs) {
            const auto days = static_cast<std::int64_t>(rng_.below(8));
            return kSecondMassUpdateMs + days * kMsPerDay + jitter_ms;
        }
        if (roll < 52 && published_ < kThirdMassUpdateMs) {
            const auto days = static_cast<std::int64_t>(rng_.below(2));
            return kThirdMassUpdateMs + days * kMsPerDay + jitter_ms;
        }
        const std::uint64_t draw = rng_.below(1000);
        const std::int64_t room = kSnapshotMs - published_;
        const auto back = static_cast<std::int64_t>(static_cast<double>(room) *
                                                    static_cast<double>(draw * draw) / 1e6);
        return kSnapshotMs - back - jitter_ms;
    }

    void write_cve_tags() {
        // Measured: present and empty on 70 of 81 curated records, absent on the older snapshots.
        if (rng_.chance(1200)) {
            return;
        }
        const auto roll = static_cast<std::uint32_t>(rng_.below(10'000));
        if (roll < 120) {
            out_ += R"(,"cveTags":[{"sourceIdentifier":)";
            append_quoted(out_, subject_.cna);
            out_ += R"(,"tags":["disputed"]}])";
        } else if (roll < 160) {
            out_ += R"(,"cveTags":[{"sourceIdentifier":)";
            append_quoted(out_, subject_.cna);
            out_ += R"(,"tags":["unsupported-when-assigned"]}])";
        } else {
            out_ += R"(,"cveTags":[])";
        }
    }

    void write_kev() {
        const std::int64_t added =
            std::min(published_ + static_cast<std::int64_t>(rng_.between(1, 700)) * kMsPerDay,
                     kSnapshotMs - 30 * kMsPerDay);
        out_ += R"(,"cisaExploitAdd":")";
        append_date(out_, std::max(added, ms_of(2021, 11, 3)));
        out_ += R"(","cisaActionDue":")";
        append_date(out_, std::max(added, ms_of(2021, 11, 3)) + 21 * kMsPerDay);
        out_ += R"(","cisaRequiredAction":)";
        append_quoted(out_, rng_.chance(5000)
                                ? "Apply updates per vendor instructions."
                                : "Apply mitigations per vendor instructions, follow "
                                  "applicable BOD 22-01 guidance for cloud services, or "
                                  "discontinue use of the product if mitigations are "
                                  "unavailable.");
        out_ += R"(,"cisaVulnerabilityName":")";
        append_display(subject_.vendor);
        out_ += ' ';
        append_display(subject_.product);
        out_ += ' ';
        append_escaped(out_, type_->short_name);
        out_ += R"( Vulnerability")";
    }

    // "hospital_management_system" -> "Hospital Management System"; CPE escapes dropped.
    void append_display(std::string_view name) {
        bool word_start = true;
        for (const char c : name) {
            if (c == '\\') {
                continue;
            }
            if (c == '_') {
                out_ += ' ';
                word_start = true;
                continue;
            }
            out_ += word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
            word_start = false;
        }
    }

    void append_random_version(Style style) {
        version_ = random_version(style);
        append_version(out_, style, version_);
    }

    // Descriptions --------------------------------------------------------------------------

    void write_descriptions() {
        out_ += R"(,"descriptions":[{"lang":"en","value":")";
        const std::size_t start = out_.size();
        if (rejected()) {
            if (pub_year_ < 2023 && rng_.chance(5000)) {
                out_ +=
                    "** REJECT ** DO NOT USE THIS CANDIDATE NUMBER. ConsultIDs: none. "
                    "Reason: This candidate was withdrawn by its CNA. Further investigation "
                    "showed that it was not a security issue. Notes: none.";
            } else {
                out_ +=
                    "Rejected reason: This CVE ID has been rejected or withdrawn by its CVE "
                    "Numbering Authority.";
                if (rng_.chance(4000)) {
                    out_ += " Duplicate of an earlier CVE.";
                }
            }
            out_ += "\"}]";
            return;
        }
        const bool kernel = subject_.vendor == "linux" && pub_year_ >= 2024;
        const std::size_t target =
            kernel ? pick_in(rng_, kKernelDescriptionLength) : pick_in(rng_, kDescriptionLength);
        if (kernel) {
            write_kernel_description(start, target);
        } else {
            write_english(start, target);
        }
        const std::size_t english_length = out_.size() - start;
        out_ += "\"}";
        // Spanish translations: 104 of 119 sampled records; not yet for the newest.
        const bool recent = kSnapshotMs - published_ < 10 * kMsPerDay;
        if (!recent && rng_.chance(8700)) {
            out_ += R"(,{"lang":"es","value":")";
            const std::size_t es_start = out_.size();
            // Measured: Spanish runs 1.16 to 1.23 times the English length.
            const std::size_t es_target =
                english_length * static_cast<std::size_t>(rng_.between(95, 118)) / 100;
            write_spanish(es_start, es_target);
            out_ += "\"}";
        }
        out_ += ']';
    }

    void write_english(std::size_t start, std::size_t target) {
        const auto form = static_cast<std::uint32_t>(rng_.below(100));
        const std::size_t actor = rng_.below(std::size(kActors));
        const std::size_t impact = rng_.below(std::size(kImpacts));
        const std::size_t vector_index = rng_.below(std::size(kVectors));
        if (subject_.plugin) {
            out_ += "The ";
            append_display(subject_.product);
            out_ += " plugin for WordPress is vulnerable to ";
            append_escaped(out_, type_->english);
            out_ += " in all versions up to, and including, ";
            append_random_version(Style::kSemver);
            out_ += ". This makes it possible for ";
            append_escaped(out_, kActors[actor]);
            out_ += " to ";
            append_escaped(out_, kImpacts[impact]);
            out_ += '.';
        } else if (form < 35 && pub_year_ >= 2021) {
            out_ += "A vulnerability was found in ";
            append_display(subject_.vendor);
            out_ += ' ';
            append_display(subject_.product);
            out_ += ' ';
            append_random_version(subject_.style);
            out_ +=
                ". It has been rated as critical. This issue affects some unknown processing "
                "of the file /";
            append_escaped(out_, pick_uniform<std::string_view>(rng_, kSyllables));
            out_ += "_admin.php. The manipulation of the argument ";
            append_escaped(out_, pick_uniform<std::string_view>(rng_, kSyllables));
            out_ += "_id leads to ";
            append_escaped(out_, type_->english);
            out_ += '.';
        } else {
            append_escaped(out_, type_->english);
            out_[start] = static_cast<char>(
                out_[start] >= 'a' && out_[start] <= 'z' ? out_[start] - 'a' + 'A' : out_[start]);
            out_ += " in ";
            append_display(subject_.vendor);
            out_ += ' ';
            append_display(subject_.product);
            out_ += " before ";
            append_random_version(subject_.style);
            out_ += " allows ";
            append_escaped(out_, kActors[actor]);
            out_ += " to ";
            append_escaped(out_, kImpacts[impact]);
            out_ += " via ";
            append_escaped(out_, kVectors[vector_index]);
            out_ += '.';
        }
        if (rng_.chance(900)) {
            out_ += ' ';
            append_escaped(out_, pick_uniform<std::string_view>(rng_, kTypographicSentences));
        }
        // Measured: 24 of 119 English descriptions contain line breaks.
        const bool paragraphs = rng_.chance(3500);
        while (out_.size() - start < target) {
            out_ += paragraphs && rng_.chance(6000) ? "\\n\\n" : " ";
            append_escaped(out_, pick_uniform<std::string_view>(rng_, kExtraSentences));
        }
    }

    void write_kernel_description(std::size_t start, std::size_t target) {
        out_ += "In the Linux kernel, the following vulnerability has been resolved:\\n\\n";
        append_escaped(out_, pick_uniform<std::string_view>(rng_, kKernelSubsystems));
        out_ += ": ";
        append_escaped(out_, pick_uniform<std::string_view>(rng_, kKernelSummaries));
        out_ +=
            "\\n\\nThe function does not check the length it was given, so a crafted "
            "request can make it read past the end of the buffer:\\n\\n";
        while (out_.size() - start < target) {
            out_ += ' ';
            append_escaped(out_, pick_uniform<std::string_view>(rng_, kKernelFunctions));
            out_ += "+0x";
            append_hex(out_, rng_.between(0x10, 0xfff), 2, false);
            out_ += "/0x";
            append_hex(out_, rng_.between(0x100, 0x1fff), 3, false);
            out_ += "\\n";
        }
        out_ += "\\nFix this by checking the length before copying.";
    }

    void write_spanish(std::size_t start, std::size_t target) {
        const std::size_t actor = rng_.below(std::size(kActorsEs));
        const std::size_t impact = rng_.below(std::size(kImpactsEs));
        const std::size_t vector_index = rng_.below(std::size(kVectorsEs));
        out_ += "Existe una vulnerabilidad de ";
        append_escaped(out_, type_->spanish);
        out_ += " en ";
        append_display(subject_.vendor);
        out_ += ' ';
        append_display(subject_.product);
        out_ += " que permite a ";
        append_escaped(out_, kActorsEs[actor]);
        out_ += ' ';
        append_escaped(out_, kImpactsEs[impact]);
        out_ += " a través de ";
        append_escaped(out_, kVectorsEs[vector_index]);
        out_ += '.';
        while (out_.size() - start < target) {
            out_ += ' ';
            append_escaped(out_, pick_uniform<std::string_view>(rng_, kExtraSentencesEs));
        }
    }

    // CVE 5 "affected" data that NVD now passes through from the CNA.
    void write_affected() {
        const std::uint32_t share = pub_year_ >= 2024 ? 1500 : 300;
        if (rejected() || !rng_.chance(share)) {
            return;
        }
        out_ += R"(,"affected":[{"source":)";
        append_quoted(out_, subject_.cna);
        out_ += R"(,"affectedData":[)";
        const auto products = rng_.between(1, 3);
        for (std::uint64_t p = 0; p < products; ++p) {
            if (p > 0) {
                out_ += ',';
            }
            out_ += R"({"vendor":")";
            append_display(subject_.vendor);
            out_ += R"(","product":")";
            append_display(subject_.product);
            out_ += R"(","defaultStatus":"unaffected","versions":[)";
            const auto versions = rng_.between(1, 4);
            for (std::uint64_t v = 0; v < versions; ++v) {
                if (v > 0) {
                    out_ += ',';
                }
                out_ += R"({"version":"0","lessThan":")";
                append_random_version(subject_.style);
                out_ += R"(","versionType":"semver","status":"affected"})";
            }
            out_ += "]}";
        }
        out_ += "]}]";
    }

    // Metrics ---------------------------------------------------------------------------------

    Cvss3 random_cvss3() {
        Cvss3 v{};
        v.av = pick<int>(rng_, kAv);
        v.ac = pick<int>(rng_, kAc);
        v.pr = pick<int>(rng_, kPr);
        v.ui = pick<int>(rng_, kUi);
        v.scope_changed = rng_.chance(1500);
        v.c = pick<int>(rng_, kCia);
        v.i = pick<int>(rng_, kCia);
        v.a = pick<int>(rng_, kCia);
        // A score of zero is rare in the feed: give such vectors some impact.
        if (v.c == 2 && v.i == 2 && v.a == 2) {
            v.c = 0;
        }
        return v;
    }

    void write_cvss3(std::string_view version, std::string_view source, bool primary) {
        const Cvss3 v = random_cvss3();
        const Cvss3Scores scores = score_cvss3(v);
        constexpr std::string_view kAvLetter[] = {"N", "A", "L", "P"};
        constexpr std::string_view kAvName[] = {"NETWORK", "ADJACENT_NETWORK", "LOCAL", "PHYSICAL"};
        constexpr std::string_view kCiaLetter[] = {"H", "L", "N"};
        constexpr std::string_view kCiaName[] = {"HIGH", "LOW", "NONE"};
        constexpr std::string_view kPrName[] = {"NONE", "LOW", "HIGH"};
        constexpr std::string_view kPrLetter[] = {"N", "L", "H"};
        out_ += R"({"source":)";
        append_quoted(out_, source);
        out_ += primary ? R"(,"type":"Primary")" : R"(,"type":"Secondary")";
        out_ += R"(,"cvssData":{"version":")";
        out_ += version;
        out_ += R"(","vectorString":"CVSS:)";
        out_ += version;
        out_ += "/AV:";
        out_ += kAvLetter[v.av];
        out_ += v.ac == 0 ? "/AC:L" : "/AC:H";
        out_ += "/PR:";
        out_ += kPrLetter[v.pr];
        out_ += v.ui == 0 ? "/UI:N" : "/UI:R";
        out_ += v.scope_changed ? "/S:C" : "/S:U";
        out_ += "/C:";
        out_ += kCiaLetter[v.c];
        out_ += "/I:";
        out_ += kCiaLetter[v.i];
        out_ += "/A:";
        out_ += kCiaLetter[v.a];
        out_ += R"(","baseScore":)";
        append_tenths(out_, scores.base);
        out_ += R"(,"baseSeverity":")";
        out_ += severity_of(scores.base);
        out_ += R"(","attackVector":")";
        out_ += kAvName[v.av];
        out_ += R"(","attackComplexity":")";
        out_ += v.ac == 0 ? "LOW" : "HIGH";
        out_ += R"(","privilegesRequired":")";
        out_ += kPrName[v.pr];
        out_ += R"(","userInteraction":")";
        out_ += v.ui == 0 ? "NONE" : "REQUIRED";
        out_ += R"(","scope":")";
        out_ += v.scope_changed ? "CHANGED" : "UNCHANGED";
        out_ += R"(","confidentialityImpact":")";
        out_ += kCiaName[v.c];
        out_ += R"(","integrityImpact":")";
        out_ += kCiaName[v.i];
        out_ += R"(","availabilityImpact":")";
        out_ += kCiaName[v.a];
        out_ += R"("},"exploitabilityScore":)";
        append_tenths(out_, scores.exploitability);
        out_ += R"(,"impactScore":)";
        append_tenths(out_, scores.impact);
        out_ += '}';
    }

    void write_cvss2(std::string_view source, bool primary) {
        constexpr double kAvWeight[] = {1.0, 0.646, 0.395};
        constexpr double kAcWeight[] = {0.71, 0.61, 0.35};
        constexpr double kAuWeight[] = {0.704, 0.56, 0.45};
        constexpr double kCiaWeight[] = {0.0, 0.275, 0.660};
        constexpr std::string_view kAvLetter[] = {"N", "A", "L"};
        constexpr std::string_view kAvName[] = {"NETWORK", "ADJACENT_NETWORK", "LOCAL"};
        constexpr std::string_view kLmh[] = {"L", "M", "H"};
        constexpr std::string_view kLmhName[] = {"LOW", "MEDIUM", "HIGH"};
        constexpr std::string_view kAuLetter[] = {"N", "S", "M"};
        constexpr std::string_view kAuName[] = {"NONE", "SINGLE", "MULTIPLE"};
        constexpr std::string_view kCiaLetter[] = {"N", "P", "C"};
        constexpr std::string_view kCiaName[] = {"NONE", "PARTIAL", "COMPLETE"};
        const auto av = static_cast<std::size_t>(rng_.chance(8000) ? 0 : rng_.between(1, 2));
        const auto ac = static_cast<std::size_t>(rng_.below(3));
        const auto au = static_cast<std::size_t>(rng_.chance(8000) ? 0 : 1);
        auto c = static_cast<std::size_t>(rng_.below(3));
        const auto i = static_cast<std::size_t>(rng_.below(3));
        const auto a = static_cast<std::size_t>(rng_.below(3));
        if (c == 0 && i == 0 && a == 0) {
            c = 1;
        }
        const double impact =
            10.41 * (1 - (1 - kCiaWeight[c]) * (1 - kCiaWeight[i]) * (1 - kCiaWeight[a]));
        const double exploitability = 20 * kAvWeight[av] * kAcWeight[ac] * kAuWeight[au];
        const double base = (0.6 * impact + 0.4 * exploitability - 1.5) * 1.176;
        const int base_tenths = std::max(0, static_cast<int>(std::lround(base * 10)));
        out_ += R"({"source":)";
        append_quoted(out_, source);
        out_ += primary ? R"(,"type":"Primary")" : R"(,"type":"Secondary")";
        out_ += R"(,"cvssData":{"version":"2.0","vectorString":"AV:)";
        out_ += kAvLetter[av];
        out_ += "/AC:";
        out_ += kLmh[ac];
        out_ += "/Au:";
        out_ += kAuLetter[au];
        out_ += "/C:";
        out_ += kCiaLetter[c];
        out_ += "/I:";
        out_ += kCiaLetter[i];
        out_ += "/A:";
        out_ += kCiaLetter[a];
        out_ += R"(","baseScore":)";
        append_tenths(out_, base_tenths);
        out_ += R"(,"accessVector":")";
        out_ += kAvName[av];
        out_ += R"(","accessComplexity":")";
        out_ += kLmhName[ac];
        out_ += R"(","authentication":")";
        out_ += kAuName[au];
        out_ += R"(","confidentialityImpact":")";
        out_ += kCiaName[c];
        out_ += R"(","integrityImpact":")";
        out_ += kCiaName[i];
        out_ += R"(","availabilityImpact":")";
        out_ += kCiaName[a];
        out_ += R"("},"baseSeverity":")";
        out_ += severity_v2(base_tenths);
        out_ += R"(","exploitabilityScore":)";
        append_tenths(out_, static_cast<int>(std::lround(exploitability * 10)));
        out_ += R"(,"impactScore":)";
        append_tenths(out_, static_cast<int>(std::lround(impact * 10)));
        out_ += R"(,"acInsufInfo":false,"obtainAllPrivilege":false,"obtainUserPrivilege":false,)";
        out_ += R"("obtainOtherPrivilege":false,"userInteractionRequired":)";
        out_ += rng_.chance(2500) ? "true}" : "false}";
    }

    // CVSS 4.0 entries carry every metric, most of them NOT_DEFINED; the score is not computed
    // (the 4.0 formula is a lookup table) but drawn near the 3.1 range.
    void write_cvss4(std::string_view source, bool primary) {
        const Cvss3 v = random_cvss3();
        const int score = std::max(10, score_cvss3(v).base - static_cast<int>(rng_.below(15)));
        constexpr std::string_view kAvLetter[] = {"N", "A", "L", "P"};
        constexpr std::string_view kAvName[] = {"NETWORK", "ADJACENT", "LOCAL", "PHYSICAL"};
        constexpr std::string_view kCiaLetter[] = {"H", "L", "N"};
        constexpr std::string_view kCiaName[] = {"HIGH", "LOW", "NONE"};
        constexpr std::string_view kPrLetter[] = {"N", "L", "H"};
        constexpr std::string_view kPrName[] = {"NONE", "LOW", "HIGH"};
        const bool full_vector = rng_.chance(5000);
        out_ += R"({"source":)";
        append_quoted(out_, source);
        out_ += primary ? R"(,"type":"Primary")" : R"(,"type":"Secondary")";
        out_ += R"(,"cvssData":{"version":"4.0","vectorString":"CVSS:4.0/AV:)";
        out_ += kAvLetter[v.av];
        out_ += v.ac == 0 ? "/AC:L/AT:N/PR:" : "/AC:H/AT:P/PR:";
        out_ += kPrLetter[v.pr];
        out_ += v.ui == 0 ? "/UI:N/VC:" : "/UI:P/VC:";
        out_ += kCiaLetter[v.c];
        out_ += "/VI:";
        out_ += kCiaLetter[v.i];
        out_ += "/VA:";
        out_ += kCiaLetter[v.a];
        out_ += "/SC:N/SI:N/SA:N";
        if (full_vector) {
            out_ +=
                "/E:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/MAT:X/MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/"
                "MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X";
        }
        out_ += R"(","baseScore":)";
        append_tenths(out_, score);
        out_ += R"(,"baseSeverity":")";
        out_ += severity_of(score);
        out_ += R"(","attackVector":")";
        out_ += kAvName[v.av];
        out_ += R"(","attackComplexity":")";
        out_ += v.ac == 0 ? "LOW" : "HIGH";
        out_ += R"(","attackRequirements":")";
        out_ += v.ac == 0 ? "NONE" : "PRESENT";
        out_ += R"(","privilegesRequired":")";
        out_ += kPrName[v.pr];
        out_ += R"(","userInteraction":")";
        out_ += v.ui == 0 ? "NONE" : "PASSIVE";
        out_ += R"(","vulnConfidentialityImpact":")";
        out_ += kCiaName[v.c];
        out_ += R"(","vulnIntegrityImpact":")";
        out_ += kCiaName[v.i];
        out_ += R"(","vulnAvailabilityImpact":")";
        out_ += kCiaName[v.a];
        out_ += R"(","subConfidentialityImpact":"NONE","subIntegrityImpact":"NONE",)";
        out_ += R"("subAvailabilityImpact":"NONE","exploitMaturity":"NOT_DEFINED",)";
        out_ += R"("confidentialityRequirement":"NOT_DEFINED","integrityRequirement":)";
        out_ += R"("NOT_DEFINED","availabilityRequirement":"NOT_DEFINED",)";
        out_ += R"("modifiedAttackVector":"NOT_DEFINED","modifiedAttackComplexity":)";
        out_ += R"("NOT_DEFINED","modifiedAttackRequirements":"NOT_DEFINED",)";
        out_ += R"("modifiedPrivilegesRequired":"NOT_DEFINED","modifiedUserInteraction":)";
        out_ += R"("NOT_DEFINED","modifiedVulnConfidentialityImpact":"NOT_DEFINED",)";
        out_ += R"("modifiedVulnIntegrityImpact":"NOT_DEFINED",)";
        out_ += R"("modifiedVulnAvailabilityImpact":"NOT_DEFINED",)";
        out_ += R"("modifiedSubConfidentialityImpact":"NOT_DEFINED",)";
        out_ += R"("modifiedSubIntegrityImpact":"NOT_DEFINED",)";
        out_ += R"("modifiedSubAvailabilityImpact":"NOT_DEFINED","Safety":"NOT_DEFINED",)";
        out_ += R"("Automatable":"NOT_DEFINED","Recovery":"NOT_DEFINED","valueDensity":)";
        out_ += R"("NOT_DEFINED","vulnerabilityResponseEffort":"NOT_DEFINED",)";
        out_ += R"("providerUrgency":"NOT_DEFINED"}})";
    }

    void write_ssvc() {
        constexpr std::string_view kExploitation[] = {"none", "none", "none", "poc", "active"};
        out_ += R"({"source":")";
        out_ += kCisaAdp;
        out_ += R"(","ssvcData":{"timestamp":")";
        const std::int64_t when = std::min(
            published_ + static_cast<std::int64_t>(rng_.below(30 * kMsPerDay)), kSnapshotMs - 1);
        append_timestamp(out_, when);
        append_digits(out_, rng_.below(1000), 3);
        out_ += R"(Z","id":"CVE-)";
        append_uint(out_, cve_.year);
        out_ += '-';
        append_digits(out_, cve_.number, cve_.number < 10000 ? 4 : cve_.number < 100000 ? 5 : 6);
        out_ += R"(","options":[{"exploitation":")";
        out_ += pick_uniform<std::string_view>(rng_, kExploitation);
        out_ += R"("},{"automatable":")";
        out_ += rng_.chance(3000) ? "yes" : "no";
        out_ += R"("},{"technicalImpact":")";
        out_ += rng_.chance(4000) ? "total" : "partial";
        out_ += R"("}],"role":"CISA Coordinator","version":"2.0.3"}})";
    }

    // Which scores a record carries, by era and source (measured key sets: V31 alone, V2 with
    // V31, V2 with V30, ...). The random draws happen in a fixed order.
    struct MetricSources {
        bool nvd_v2 = false;
        bool nvd_v30 = false;
        bool nvd_v31 = false;
        bool nvd_v40 = false;
        bool cna_v2 = false;
        bool cna_v30 = false;
        bool cna_v31 = false;
        bool cna_v40 = false;
        bool adp_v31 = false;
        bool ssvc = false;
    };

    MetricSources choose_metric_sources(bool kev) {
        MetricSources m;
        const bool nvd = analysed_;
        const bool cna_scores = subject_.cna != "cve@mitre.org" && pub_year_ >= 2016;
        m.cna_v40 = cna_scores && publishes_v4(subject_.cna) && published_ >= ms_of(2023, 11, 1);
        // VulDB publishes 4.0, 3.1 and 2.0 together.
        m.cna_v2 = m.cna_v40 && subject_.cna == "cna@vuldb.com";
        m.nvd_v2 = nvd && published_ < kEndOfV2Ms;
        m.nvd_v31 = nvd && (published_ >= ms_of(2019, 6, 1) || rng_.chance(2500));
        m.nvd_v30 = nvd && !m.nvd_v31 && published_ >= ms_of(2016, 1, 1);
        const bool cna_v3 = cna_scores && rng_.chance(6500);
        m.cna_v30 = cna_v3 && published_ < ms_of(2019, 6, 1);
        m.cna_v31 = cna_v3 && !m.cna_v30;
        // CISA's ADP scores records the CNA left unscored while NVD's backlog grows.
        m.adp_v31 = !nvd && !cna_v3 && pub_year_ >= 2024 && rng_.chance(3000);
        m.ssvc = (pub_year_ >= 2024 && rng_.chance(4500)) || kev;
        if (nvd && !m.nvd_v2 && !m.nvd_v31 && !m.nvd_v30) {
            m.nvd_v31 = true;
        }
        m.nvd_v40 = !m.cna_v40 && nvd && published_ >= ms_of(2025, 6, 1) && rng_.chance(50);
        return m;
    }

    // Opens `"key":[`, after a comma unless it is the first key of the metrics object.
    void open_metric_key(std::string_view key, bool& first_key) {
        if (!first_key) {
            out_ += ',';
        }
        first_key = false;
        out_ += '"';
        out_ += key;
        out_ += "\":[";
    }

    // A comma before every entry but the first of a list.
    void entry_separator(bool& wrote) {
        if (wrote) {
            out_ += ',';
        }
        wrote = true;
    }

    void write_v31_entries(const MetricSources& m) {
        // The secondary entry often comes first, so order cannot tell which is NVD's.
        const bool secondary = m.cna_v31 || m.adp_v31;
        const bool secondary_first = rng_.chance(5000);
        const std::string_view secondary_source = m.adp_v31 ? kCisaAdp : subject_.cna;
        bool wrote = false;
        if (secondary && secondary_first) {
            entry_separator(wrote);
            write_cvss3("3.1", secondary_source, false);
        }
        if (m.nvd_v31) {
            entry_separator(wrote);
            write_cvss3("3.1", "nvd@nist.gov", true);
        }
        if (secondary && !secondary_first) {
            entry_separator(wrote);
            write_cvss3("3.1", secondary_source, false);
        }
    }

    void write_metrics(bool kev) {
        out_ += R"(,"metrics":{)";
        if (rejected()) {
            out_ += '}';
            return;
        }
        const MetricSources m = choose_metric_sources(kev);
        bool first_key = true;
        if (m.cna_v40 || m.nvd_v40) {
            open_metric_key("cvssMetricV40", first_key);
            write_cvss4(m.cna_v40 ? subject_.cna : std::string_view{"nvd@nist.gov"}, !m.cna_v40);
            out_ += ']';
        }
        if (m.nvd_v31 || m.cna_v31 || m.adp_v31) {
            open_metric_key("cvssMetricV31", first_key);
            write_v31_entries(m);
            out_ += ']';
        }
        if (m.nvd_v30 || m.cna_v30) {
            open_metric_key("cvssMetricV30", first_key);
            bool wrote = false;
            if (m.nvd_v30) {
                entry_separator(wrote);
                write_cvss3("3.0", "nvd@nist.gov", true);
            }
            if (m.cna_v30) {
                entry_separator(wrote);
                write_cvss3("3.0", subject_.cna, false);
            }
            out_ += ']';
        }
        if (m.nvd_v2 || m.cna_v2) {
            open_metric_key("cvssMetricV2", first_key);
            bool wrote = false;
            if (m.cna_v2) {
                entry_separator(wrote);
                write_cvss2(subject_.cna, false);
            }
            if (m.nvd_v2) {
                entry_separator(wrote);
                write_cvss2("nvd@nist.gov", true);
            }
            out_ += ']';
        }
        if (m.ssvc) {
            open_metric_key("ssvcV203", first_key);
            write_ssvc();
            out_ += ']';
        }
        out_ += '}';
    }

    // Weaknesses ------------------------------------------------------------------------------

    void write_weakness(std::string_view source, bool primary, std::string_view cwe) {
        out_ += R"({"source":)";
        append_quoted(out_, source);
        out_ += primary ? R"(,"type":"Primary")" : R"(,"type":"Secondary")";
        out_ += R"(,"description":[{"lang":"en","value":")";
        out_ += cwe;
        out_ += "\"}";
        // Measured: 4 of 182 weakness entries carry two CWEs (CWE-74 with CWE-89 and the like).
        if (rng_.chance(250)) {
            out_ += R"(,{"lang":"en","value":"CWE-74"})";
        }
        out_ += "]}";
    }

    void write_weaknesses() {
        if (rejected()) {
            return;
        }
        const bool nvd = analysed_ && rng_.chance(9500);
        const bool cna = subject_.cna != "cve@mitre.org" && pub_year_ >= 2018 &&
                         rng_.chance(analysed_ ? 5500 : 7000);
        if (!nvd && !cna) {
            return;
        }
        out_ += R"(,"weaknesses":[)";
        if (nvd) {
            const std::string_view cwe =
                rng_.chance(7500) ? type_->cwe : pick<std::string_view>(rng_, kExtraCwes);
            write_weakness("nvd@nist.gov", true, cwe);
        }
        if (cna) {
            if (nvd) {
                out_ += ',';
            }
            write_weakness(subject_.cna, false, type_->cwe);
        }
        out_ += ']';
    }

    // Configurations --------------------------------------------------------------------------

    Version random_version(Style style) {
        Version v;
        switch (style) {
            case Style::kSemver:
                v.part[0] = static_cast<std::uint32_t>(rng_.below(16));
                v.part[1] = static_cast<std::uint32_t>(rng_.below(21));
                v.part[2] = static_cast<std::uint32_t>(rng_.below(41));
                break;
            case Style::kKernel:
                v.part[0] = static_cast<std::uint32_t>(rng_.between(2, 6));
                v.part[1] = static_cast<std::uint32_t>(rng_.below(20));
                v.part[2] = static_cast<std::uint32_t>(rng_.below(300));
                break;
            case Style::kTwoPart:
                v.part[0] = static_cast<std::uint32_t>(rng_.between(1, 130));
                v.part[1] = static_cast<std::uint32_t>(rng_.below(10));
                break;
            case Style::kFourPart:
                v.part[0] = static_cast<std::uint32_t>(rng_.between(1, 130));
                v.part[1] = static_cast<std::uint32_t>(rng_.below(4));
                v.part[2] = static_cast<std::uint32_t>(rng_.between(1000, 25000));
                v.part[3] = static_cast<std::uint32_t>(rng_.below(4000));
                break;
            case Style::kLetter:
                v.part[0] = static_cast<std::uint32_t>(rng_.below(4));
                v.part[1] = static_cast<std::uint32_t>(rng_.below(10));
                v.part[2] = static_cast<std::uint32_t>(rng_.below(21));
                v.letter = static_cast<char>('a' + rng_.below(26));
                break;
            case Style::kDashBuild:
                v.part[0] = static_cast<std::uint32_t>(rng_.between(10, 14));
                v.part[1] = static_cast<std::uint32_t>(rng_.below(3));
                v.part[2] = static_cast<std::uint32_t>(rng_.between(10, 70));
                v.part[3] = static_cast<std::uint32_t>(rng_.below(60));
                break;
            case Style::kDate: {
                const Civil civil = civil_from_days(
                    (published_ - static_cast<std::int64_t>(rng_.below(900)) * kMsPerDay) /
                    kMsPerDay);
                v.part[0] = static_cast<std::uint32_t>(civil.year);
                v.part[1] = civil.month;
                v.part[2] = civil.day;
                break;
            }
            case Style::kPatchP:
                v.part[0] = 1;
                v.part[1] = static_cast<std::uint32_t>(rng_.below(10));
                v.part[2] = static_cast<std::uint32_t>(rng_.below(16));
                v.part[3] = static_cast<std::uint32_t>(rng_.below(8));
                break;
            case Style::kFirmware:
                v.part[0] = static_cast<std::uint32_t>(rng_.below(10));
                v.part[1] = static_cast<std::uint32_t>(rng_.below(20));
                v.part[2] = static_cast<std::uint32_t>(rng_.below(50));
                v.letter = rng_.chance(4000) ? 'V' : 0;
                break;
        }
        return v;
    }

    void next_version(Style style, Version& v) {
        std::size_t last = 2;
        if (style == Style::kTwoPart) {
            last = 1;
        } else if (style == Style::kFourPart || style == Style::kDashBuild ||
                   style == Style::kPatchP) {
            last = 3;
        }
        if (style == Style::kDate) {
            v.part[2] = v.part[2] % 28 + 1;
            v.part[1] = v.part[2] == 1 ? v.part[1] % 12 + 1 : v.part[1];
            v.part[0] += v.part[2] == 1 && v.part[1] == 1 ? 1 : 0;
            return;
        }
        if (style == Style::kLetter && v.letter < 'z') {
            ++v.letter;
            return;
        }
        if (rng_.chance(1200) && last > 0) {
            ++v.part[last - 1];
            v.part[last] = 0;
            return;
        }
        v.part[last] += static_cast<std::uint32_t>(rng_.between(1, 3));
    }

    static void append_version(std::string& out, Style style, const Version& v) {
        switch (style) {
            case Style::kTwoPart:
                append_uint(out, v.part[0]);
                out += '.';
                append_uint(out, v.part[1]);
                return;
            case Style::kFourPart:
                for (std::size_t i = 0; i < 4; ++i) {
                    if (i > 0) {
                        out += '.';
                    }
                    append_uint(out, v.part[i]);
                }
                return;
            case Style::kDashBuild:
                append_uint(out, v.part[0]);
                out += '.';
                append_uint(out, v.part[1]);
                out += '-';
                append_uint(out, v.part[2]);
                out += '.';
                append_uint(out, v.part[3]);
                return;
            case Style::kDate:
                append_digits(out, v.part[0], 4);
                out += '-';
                append_digits(out, v.part[1], 2);
                out += '-';
                append_digits(out, v.part[2], 2);
                return;
            case Style::kPatchP:
                append_uint(out, v.part[0]);
                out += '.';
                append_uint(out, v.part[1]);
                out += '.';
                append_uint(out, v.part[2]);
                out += 'p';
                append_uint(out, v.part[3]);
                return;
            case Style::kFirmware:
                if (v.letter != 0) {
                    out += v.letter;
                }
                [[fallthrough]];
            case Style::kSemver:
            case Style::kKernel:
            case Style::kLetter:
                append_uint(out, v.part[0]);
                out += '.';
                append_uint(out, v.part[1]);
                out += '.';
                append_uint(out, v.part[2]);
                if (style == Style::kLetter) {
                    out += v.letter;
                }
                return;
        }
    }

    // One cpeMatch object. `criteria_` holds the CPE; the id is a hash of what the entry matches,
    // so that the same criteria and range get the same id everywhere, as in NVD.
    void write_match(bool vulnerable,
                     std::uint8_t bounds,
                     const Version& low,
                     const Version& high) {
        scratch_.assign(criteria_);
        out_ +=
            vulnerable ? R"({"vulnerable":true,"criteria":)" : R"({"vulnerable":false,"criteria":)";
        append_quoted(out_, criteria_);
        const auto bound = [&](std::uint8_t flag, std::string_view key, const Version& v) {
            if ((bounds & flag) == 0) {
                return;
            }
            out_ += ",\"";
            out_ += key;
            out_ += "\":\"";
            const std::size_t from = out_.size();
            append_version(out_, subject_.style, v);
            scratch_ += '|';
            scratch_.append(out_, from);
            out_ += '"';
        };
        bound(kStartIncluding, "versionStartIncluding", low);
        bound(kStartExcluding, "versionStartExcluding", low);
        bound(kEndIncluding, "versionEndIncluding", high);
        bound(kEndExcluding, "versionEndExcluding", high);
        out_ += R"(,"matchCriteriaId":")";
        append_uuid(out_, hash_bytes(scratch_, 0xCBF29CE484222325ULL),
                    hash_bytes(scratch_, 0x84222325CBF29CE4ULL), true);
        out_ += "\"}";
    }

    // criteria_ =
    // cpe:2.3:<part>:<vendor>:<product>:<version>:<update>:*:*:<sw_edition>:<target_sw>:<target_hw>:*
    void set_criteria(char part,
                      std::string_view vendor,
                      std::string_view product,
                      std::string_view version,
                      std::string_view update,
                      std::string_view target_sw,
                      std::string_view target_hw) {
        criteria_.assign("cpe:2.3:");
        criteria_ += part;
        criteria_ += ':';
        criteria_ += vendor;
        criteria_ += ':';
        criteria_ += product;
        criteria_ += ':';
        criteria_ += version;
        criteria_ += ':';
        criteria_ += update;
        criteria_ += ":*:*:*:";
        criteria_ += target_sw;
        criteria_ += ':';
        criteria_ += target_hw;
        criteria_ += ":*";
    }

    [[nodiscard]] std::string_view target_sw() const { return subject_.plugin ? "wordpress" : "*"; }

    void model_name(std::string& name, std::uint64_t model) const {
        name.assign(subject_.product);
        name += '_';
        Rng model_rng(mix64(model * 0x2545F4914F6CDD1DULL + seed_));
        const std::uint64_t pattern = model_rng.below(4);
        if (pattern == 1) {
            name += static_cast<char>('a' + model_rng.below(26));
            name += static_cast<char>('a' + model_rng.below(26));
        }
        append_uint(name, model_rng.between(10, 9999));
        if (pattern == 2) {
            name += '-';
            append_uint(name, model_rng.between(1, 9));
        }
        if (pattern == 3) {
            name += static_cast<char>('a' + model_rng.below(26));
        }
        // "pn\/dp": CPE escapes in device names, as in the Siemens and Philips records.
        if (model_rng.chance(250)) {
            name += "_pn\\/dp";
        }
    }

    // A node of vulnerable entries for the subject: ranges, exact versions (with update
    // qualifiers), or device models.
    void write_vulnerable_node(std::uint64_t model) {
        out_ += R"({"operator":"OR","negate":false,"cpeMatch":[)";
        std::uint32_t count = pick_in(rng_, kMatchesPerNode);
        if (subject_.plugin) {
            count = rng_.chance(8500) ? 1 : 2;
        }
        Version version = random_version(subject_.style);
        const bool long_list = count > 6;
        for (std::uint32_t k = 0; k < count; ++k) {
            if (k > 0) {
                out_ += ',';
            }
            if (subject_.kind == Kind::kHardware) {
                model_name(name_, model * 1000 + k);
                set_criteria('h', subject_.vendor, name_, "-", "*", "*", "*");
                write_match(true, 0, version, version);
                continue;
            }
            if (subject_.kind == Kind::kFirmware) {
                model_name(name_, model);
                name_ += "_firmware";
            } else {
                name_.assign(subject_.product);
            }
            // Long lists are mostly exact versions (every release of a product).
            const std::uint32_t range_share = long_list ? 1500 : k == 0 ? 7500 : 4500;
            if (subject_.plugin || rng_.chance(range_share)) {
                write_range_match(version);
            } else {
                write_exact_match(version);
            }
        }
        out_ += "]}";
    }

    // "cpe:2.3:a:vendor:product:*:..." with version bounds; `version` moves past the range.
    void write_range_match(Version& version) {
        std::uint8_t bounds = pick<std::uint8_t>(rng_, kRangeBounds);
        if (subject_.plugin) {
            bounds = rng_.chance(6000) ? kEndIncluding : kEndExcluding;
        }
        const Version low = version;
        next_version(subject_.style, version);
        next_version(subject_.style, version);
        set_criteria(subject_.part, subject_.vendor, name_, "*", "*", target_sw(),
                     subject_.vendor == "microsoft" && rng_.chance(3000) ? "x64" : "*");
        write_match(true, bounds, low, version);
        next_version(subject_.style, version);
    }

    // One exact version, sometimes with an update qualifier ("9.8:p7", "6.11:rc1").
    void write_exact_match(Version& version) {
        std::string_view update = "*";
        const auto update_roll = static_cast<std::uint32_t>(rng_.below(100));
        if (subject_.style == Style::kKernel && update_roll < 30) {
            update = kKernelRc[rng_.below(std::size(kKernelRc))];
        } else if (update_roll < 5) {
            update = "-";
        } else if (update_roll < 25) {
            update = pick<std::string_view>(rng_, kUpdateQualifiers);
        }
        version_text_.clear();
        append_version(version_text_, subject_.style, version);
        set_criteria(subject_.part, subject_.vendor, name_, version_text_, update, target_sw(),
                     "*");
        write_match(true, 0, version, version);
        next_version(subject_.style, version);
    }

    void write_platform_node(std::uint64_t model) {
        out_ += R"({"operator":"OR","negate":false,"cpeMatch":[)";
        const std::uint32_t count = pick_in(rng_, kPlatformMatchesPerNode);
        const Version none{};
        for (std::uint32_t k = 0; k < count; ++k) {
            if (k > 0) {
                out_ += ',';
            }
            if (subject_.kind == Kind::kFirmware) {
                model_name(name_, model + std::uint64_t{k} * 7919);
                set_criteria('h', subject_.vendor, name_, "-", "*", "*", "*");
            } else {
                criteria_.assign(kPlatforms[(model + k) % std::size(kPlatforms)]);
            }
            write_match(false, 0, none, none);
        }
        out_ += "]}";
    }

    void write_distro_configuration() {
        const Distro& distro = kDistros[rng_.below(std::size(kDistros))];
        out_ += R"({"nodes":[{"operator":"OR","negate":false,"cpeMatch":[)";
        const auto count = rng_.between(1, 6);
        const Version none{};
        for (std::uint64_t k = 0; k < count; ++k) {
            if (k > 0) {
                out_ += ',';
            }
            set_criteria('o', distro.vendor, distro.product, distro.versions[k], "*", "*", "*");
            if (distro.sw_edition != "*") {
                criteria_.replace(criteria_.size() - 7, 1, distro.sw_edition);
            }
            write_match(true, 0, none, none);
        }
        out_ += "]}]}";
    }

    void write_configurations() {
        if (!analysed_) {
            return;
        }
        out_ += R"(,"configurations":[)";
        const std::uint32_t configurations =
            subject_.plugin ? 1 : pick_in(rng_, kConfigurationsPerCve);
        const std::uint64_t model_base = rng_.below(1'000'000);
        for (std::uint32_t c = 0; c < configurations; ++c) {
            if (c > 0) {
                out_ += ',';
            }
            // Extra configurations of software are often the distributions that ship it.
            if (c > 0 && subject_.kind != Kind::kFirmware && rng_.chance(4000)) {
                write_distro_configuration();
                continue;
            }
            const std::uint64_t model = model_base + c;
            const bool on_platform = subject_.kind == Kind::kFirmware ||
                                     (subject_.kind == Kind::kApp && rng_.chance(2500));
            if (!on_platform) {
                out_ += R"({"nodes":[)";
                write_vulnerable_node(model);
                out_ += "]}";
                continue;
            }
            // Measured under AND: 94 % vulnerable first then platform, a few with both
            // vulnerable, a few with the platform first.
            out_ += R"({"operator":"AND","nodes":[)";
            const auto shape = static_cast<std::uint32_t>(rng_.below(100));
            if (shape < 4) {
                write_platform_node(model);
                out_ += ',';
                write_vulnerable_node(model);
            } else if (shape < 7) {
                write_vulnerable_node(model);
                out_ += ',';
                write_vulnerable_node(model + 1);
            } else {
                write_vulnerable_node(model);
                out_ += ',';
                write_platform_node(model);
            }
            out_ += "]}";
        }
        out_ += ']';
    }

    // References ------------------------------------------------------------------------------

    void append_reference_url() {
        const auto roll = static_cast<std::uint32_t>(rng_.below(100));
        const std::int64_t when =
            published_ + static_cast<std::int64_t>(rng_.below(60)) * kMsPerDay;
        const Civil civil = civil_from_days(when / kMsPerDay);
        if (roll < 14) {
            out_ += "https://github.com/";
            append_url_name(subject_.vendor);
            out_ += '/';
            append_url_name(subject_.product);
            out_ += "/commit/";
            append_hex(out_, rng_.next(), 16, false);
            append_hex(out_, rng_.next(), 16, false);
            append_hex(out_, rng_.below(1ULL << 32U), 8, false);
        } else if (roll < 20) {
            out_ += "https://github.com/";
            append_url_name(subject_.vendor);
            out_ += '/';
            append_url_name(subject_.product);
            out_ += "/security/advisories/GHSA-";
            for (int k = 0; k < 3; ++k) {
                if (k > 0) {
                    out_ += '-';
                }
                append_hex(out_, rng_.below(1U << 16U), 4, false);
            }
        } else if (roll < 26) {
            out_ += "https://lists.debian.org/debian-lts-announce/";
            append_uint(out_, static_cast<std::uint64_t>(civil.year));
            out_ += '/';
            append_digits(out_, civil.month, 2);
            out_ += "/msg";
            append_digits(out_, rng_.below(100000), 5);
            out_ += ".html";
        } else if (roll < 31) {
            out_ += "http://www.securityfocus.com/bid/";
            append_uint(out_, rng_.between(10000, 109999));
        } else if (roll < 37) {
            out_ += "https://vuldb.com/?id.";
            append_uint(out_, rng_.between(200000, 330000));
        } else if (roll < 42) {
            out_ += "https://access.redhat.com/errata/RHSA-";
            append_uint(out_, static_cast<std::uint64_t>(civil.year));
            out_ += ':';
            append_uint(out_, rng_.between(1000, 9999));
        } else if (roll < 46) {
            out_ += "https://security.netapp.com/advisory/ntap-";
            append_uint(out_, static_cast<std::uint64_t>(civil.year));
            append_digits(out_, civil.month, 2);
            append_digits(out_, civil.day, 2);
            out_ += "-000";
            append_uint(out_, rng_.between(1, 9));
            out_ += '/';
        } else if (roll < 50) {
            out_ += "https://www.exploit-db.com/exploits/";
            append_uint(out_, rng_.between(10000, 52000));
        } else if (roll < 54) {
            out_ += "http://packetstormsecurity.com/files/";
            append_uint(out_, rng_.between(100000, 180000));
            out_ += '/';
            const std::size_t slug = out_.size();
            append_display(subject_.product);
            std::replace(out_.begin() + static_cast<std::ptrdiff_t>(slug), out_.end(), ' ', '-');
            out_ += ".html";
        } else if (roll < 60) {
            out_ +=
                "https://lists.fedoraproject.org/archives/list/"
                "package-announce%40lists.fedoraproject.org/message/";
            for (int k = 0; k < 26; ++k) {
                out_ += "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[rng_.below(32)];
            }
            out_ += '/';
        } else if (roll < 64) {
            out_ += "http://www.openwall.com/lists/oss-security/";
            append_uint(out_, static_cast<std::uint64_t>(civil.year));
            out_ += '/';
            append_digits(out_, civil.month, 2);
            out_ += '/';
            append_digits(out_, civil.day, 2);
            out_ += '/';
            append_uint(out_, rng_.between(1, 9));
        } else if (roll < 68) {
            out_ += "https://www.wordfence.com/threat-intel/vulnerabilities/id/";
            const std::uint64_t high = rng_.next();
            const std::uint64_t low = rng_.next();
            append_uuid(out_, high, low, false);

            out_ += "?source=cve";
        } else if (roll < 72) {
            out_ += "https://patchstack.com/database/vulnerability/";
            append_url_name(subject_.product);
            out_ += "/wordpress-";
            append_url_name(subject_.product);
            out_ += "-plugin-";
            append_random_version(Style::kSemver);
            out_ += "-cross-site-scripting-xss-vulnerability?_s_id=cve";
        } else if (roll < 76) {
            out_ += "https://www.cisa.gov/news-events/ics-advisories/icsma-";
            append_digits(out_, static_cast<std::uint64_t>(civil.year % 100), 2);
            out_ += '-';
            append_digits(out_, rng_.between(1, 365), 3);
            out_ += "-0";
            append_uint(out_, rng_.between(1, 9));
        } else if (roll < 80) {
            out_ += "https://usn.ubuntu.com/";
            append_uint(out_, rng_.between(3000, 7200));
            out_ += "-1/";
        } else if (roll < 84) {
            out_ += "https://bugzilla.redhat.com/show_bug.cgi?id=";
            append_uint(out_, rng_.between(1000000, 2400000));
        } else if (roll < 88) {
            out_ += "https://www.oracle.com/security-alerts/cpujan";
            append_uint(out_, static_cast<std::uint64_t>(civil.year));
            out_ += ".html";
        } else {
            out_ += "https://";
            append_url_name(subject_.vendor);
            out_ += ".com/security/advisories/";
            append_url_name(subject_.vendor);
            out_ += "-sa-";
            append_uint(out_, static_cast<std::uint64_t>(civil.year));
            out_ += '-';
            append_digits(out_, rng_.below(1000), 3);
        }
    }

    // A CPE-bound name in a URL: the backslash escapes go.
    void append_url_name(std::string_view name) {
        for (const char c : name) {
            if (c != '\\') {
                out_ += c;
            }
        }
    }

    void write_reference_tags(std::size_t count) {
        std::array<std::string_view, 4> tags{};
        std::size_t used = 0;
        for (std::size_t attempt = 0; used < count && attempt < 12; ++attempt) {
            const std::string_view tag = pick<std::string_view>(rng_, kReferenceTags);
            if (std::find(tags.begin(), tags.begin() + static_cast<std::ptrdiff_t>(used), tag) ==
                tags.begin() + static_cast<std::ptrdiff_t>(used)) {
                tags[used++] = tag;
            }
        }
        // NVD lists tags in alphabetical order. Insertion sort: at most four items, and GCC 12
        // warns falsely about std::sort's bounds on a four-element array.
        for (std::size_t k = 1; k < used; ++k) {
            for (std::size_t j = k; j > 0 && tags[j] < tags[j - 1]; --j) {
                std::swap(tags[j], tags[j - 1]);
            }
        }
        out_ += R"(,"tags":[)";
        for (std::size_t k = 0; k < used; ++k) {
            if (k > 0) {
                out_ += ',';
            }
            out_ += '"';
            out_ += tags[k];
            out_ += '"';
        }
        out_ += ']';
    }

    void write_references() {
        out_ += R"(,"references":[)";
        if (rejected()) {
            out_ += ']';
            return;
        }
        std::uint32_t count = 0;
        if (published_ < ms_of(2018, 1, 1)) {
            count = pick_in(rng_, kReferencesOld);
        } else if (pub_year_ < 2024) {
            count = pick_in(rng_, kReferencesMid);
        } else {
            count = pick_in(rng_, kReferencesNew);
        }
        // Since late 2024 the CVE Program container repeats the CNA's references.
        const bool duplicated = published_ < ms_of(2024, 6, 1) && rng_.chance(5500);
        const std::size_t urls_start = references_.size();
        for (std::uint32_t k = 0; k < count; ++k) {
            if (k > 0) {
                out_ += ',';
            }
            out_ += R"({"url":")";
            const std::size_t from = out_.size();
            append_reference_url();
            references_.emplace_back(from, out_.size() - from);
            out_ += R"(","source":)";
            append_quoted(out_, subject_.cna);
            // Tags are NVD's work: absent until a record is analysed (measured: 74 of 1,456).
            if (analysed_ && rng_.chance(9500)) {
                write_reference_tags(static_cast<std::size_t>(pick<int>(rng_, kTagsPerReference)));
            }
            out_ += '}';
        }
        if (duplicated) {
            for (std::size_t k = urls_start; k < references_.size(); ++k) {
                out_ += R"(,{"url":")";
                const auto [from, length] = references_[k];
                // Copied out first: appending a string to itself may reallocate under it.
                scratch_.assign(out_, from, length);
                out_ += scratch_;
                out_ += R"(","source":")";
                out_ += kCveProgram;
                out_ += '"';
                if (analysed_ && rng_.chance(9000)) {
                    write_reference_tags(
                        static_cast<std::size_t>(pick<int>(rng_, kTagsPerReference)));
                }
                out_ += '}';
            }
        }
        references_.resize(urls_start);
        out_ += ']';
    }

    void write_evaluator_fields() {
        if (rejected() || published_ >= ms_of(2016, 1, 1)) {
            return;
        }
        if (rng_.chance(80)) {
            out_ += R"(,"evaluatorComment":"Per the vendor advisory, only installations with the )"
                    R"(optional web console enabled are affected.")";
        }
        if (rng_.chance(50)) {
            out_ += R"(,"evaluatorSolution":"The vendor has released a fixed version; see the )"
                    R"(vendor advisory for details.")";
        }
        if (rng_.chance(40)) {
            out_ += R"(,"evaluatorImpact":"CVSS V2 scoring evaluates the impact of the )"
                    R"(vulnerability on the host where the vulnerability is located.")";
        }
    }

    static constexpr std::string_view kKernelRc[] = {"rc1", "rc2", "rc3", "rc4",
                                                     "rc5", "rc6", "rc7"};

    std::uint64_t seed_;
    const PlannedCve& cve_;
    Rng rng_;
    std::string& out_;
    std::int64_t published_ = 0;
    int pub_year_ = 0;
    std::int64_t last_modified_ = 0;
    VulnStatus status_ = VulnStatus::kAnalyzed;
    bool analysed_ = false;
    Subject subject_;
    const VulnType* type_ = nullptr;
    Version version_;
    std::string criteria_;
    std::string scratch_;
    std::string name_;
    std::string version_text_;
    std::vector<std::pair<std::size_t, std::size_t>> references_;
};

// Writers -----------------------------------------------------------------------------------------

// One output file, plain or gzip, written from a buffer that is flushed every few megabytes.
class OutputFile {
public:
    static Result<OutputFile> open(const std::string& path, bool gzip) {
        OutputFile file;
        file.path_ = path;
        if (gzip) {
            file.gz_ = gzopen(path.c_str(), "wb6");
            if (file.gz_ == nullptr) {
                return make_error(ErrorCode::kUnavailable, "cannot create the file", path);
            }
            // A large zlib buffer: gzwrite's default 8 KiB costs time at gigabytes.
            gzbuffer(file.gz_, 1U << 20U);
        } else {
            file.plain_ = std::fopen(path.c_str(), "wb");
            if (file.plain_ == nullptr) {
                const bool denied = errno == EACCES || errno == EPERM;
                return make_error(denied ? ErrorCode::kPermissionDenied : ErrorCode::kUnavailable,
                                  std::string("cannot create the file: ") + std::strerror(errno),
                                  path);
            }
        }
        return file;
    }

    OutputFile() = default;
    OutputFile(OutputFile&& other) noexcept
        : path_(std::move(other.path_)),
          plain_(std::exchange(other.plain_, nullptr)),
          gz_(std::exchange(other.gz_, nullptr)),
          bytes_(other.bytes_) {}
    OutputFile& operator=(OutputFile&&) = delete;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile() {
        if (plain_ != nullptr) {
            std::fclose(plain_);
        }
        if (gz_ != nullptr) {
            gzclose(gz_);
        }
    }

    Status write(std::string_view bytes) {
        bytes_ += bytes.size();
        if (plain_ != nullptr) {
            if (std::fwrite(bytes.data(), 1, bytes.size(), plain_) != bytes.size()) {
                return make_error(ErrorCode::kUnavailable,
                                  std::string("write failed: ") + std::strerror(errno), path_);
            }
            return {};
        }
        while (!bytes.empty()) {
            const auto chunk =
                static_cast<unsigned>(std::min<std::size_t>(bytes.size(), 1U << 30U));
            if (gzwrite(gz_, bytes.data(), chunk) != static_cast<int>(chunk)) {
                return make_error(ErrorCode::kUnavailable, "compressed write failed", path_);
            }
            bytes.remove_prefix(chunk);
        }
        return {};
    }

    // Closes the file; returns its size on disk.
    Result<std::uint64_t> close() {
        if (plain_ != nullptr) {
            const int failed = std::fclose(std::exchange(plain_, nullptr));
            if (failed != 0) {
                return make_error(ErrorCode::kUnavailable, "closing the file failed", path_);
            }
        }
        if (gz_ != nullptr && gzclose(std::exchange(gz_, nullptr)) != Z_OK) {
            return make_error(ErrorCode::kUnavailable, "closing the compressed file failed", path_);
        }
        std::error_code error;
        const auto size = std::filesystem::file_size(path_, error);
        if (error) {
            return make_error(ErrorCode::kUnavailable, "cannot stat the written file", path_);
        }
        return static_cast<std::uint64_t>(size);
    }

    [[nodiscard]] std::uint64_t bytes() const { return bytes_; }

private:
    std::string path_;
    std::FILE* plain_ = nullptr;
    gzFile gz_ = nullptr;
    std::uint64_t bytes_ = 0;
};

constexpr std::size_t kFlushBytes = 4U << 20U;

}  // namespace

std::string page_file_name(std::uint64_t page, bool gzip) {
    std::string name = "page-";
    append_digits(name, page, page < 100000 ? 5 : 8);
    name += gzip ? ".json.gz" : ".json";
    return name;
}

std::string single_file_name(bool gzip) {
    return gzip ? "nvd-all.json.gz" : "nvd-all.json";
}

FeedGenerator::FeedGenerator(std::unique_ptr<Plan> plan) : plan_(std::move(plan)) {}
FeedGenerator::FeedGenerator(FeedGenerator&&) noexcept = default;
FeedGenerator& FeedGenerator::operator=(FeedGenerator&&) noexcept = default;
FeedGenerator::~FeedGenerator() = default;

Result<FeedGenerator> FeedGenerator::create(std::uint64_t count, std::uint64_t seed) {
    if (count == 0 || count > kMaxRecords) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the record count must be between 1 and " + std::to_string(kMaxRecords));
    }
    auto plan = std::make_unique<Plan>();
    plan->seed = seed;
    plan->cves.reserve(count);
    Rng rng(mix64(seed ^ 0x6E7664ULL));
    const std::vector<std::uint64_t> per_year = ids_per_year(count);
    for (std::size_t y = 0; y < per_year.size(); ++y) {
        const std::int64_t year = kFirstYear + static_cast<std::int64_t>(y);
        std::uint64_t needed = per_year[y];
        const std::uint64_t span = number_span(year, needed);
        // Selection sampling: each number is kept with probability needed / remaining, which
        // yields exactly `needed` sorted, distinct numbers in one pass.
        for (std::uint64_t k = 1; k <= span && needed > 0; ++k) {
            if (rng.below(span - k + 1) >= needed) {
                continue;
            }
            --needed;
            PlannedCve cve{};
            cve.year = static_cast<std::uint16_t>(year);
            cve.number = static_cast<std::uint32_t>(k);
            cve.published_ms = publication_time(rng, year, k, span);
            plan->cves.push_back(cve);
        }
    }
    // The API returns records in publication order; ties keep id order.
    std::sort(plan->cves.begin(), plan->cves.end(), [](const PlannedCve& a, const PlannedCve& b) {
        if (a.published_ms != b.published_ms) {
            return a.published_ms < b.published_ms;
        }
        return a.year != b.year ? a.year < b.year : a.number < b.number;
    });
    return FeedGenerator(std::move(plan));
}

std::uint64_t FeedGenerator::size() const {
    return plan_->cves.size();
}

void FeedGenerator::append_record(std::uint64_t index, std::string& out) const {
    RecordBuilder builder(plan_->seed, plan_->cves[index], out);
    builder.build();
}

void FeedGenerator::append_page_header(std::uint64_t page,
                                       std::uint64_t start_index,
                                       std::uint64_t records_in_page,
                                       std::string& out) const {
    out += R"({"resultsPerPage":)";
    append_uint(out, records_in_page);
    out += R"(,"startIndex":)";
    append_uint(out, start_index);
    out += R"(,"totalResults":)";
    append_uint(out, plan_->cves.size());
    out += R"(,"format":"NVD_CVE","version":"2.0","timestamp":")";
    append_timestamp(out, kSnapshotMs + static_cast<std::int64_t>(page) * 1200);
    out += R"(","vulnerabilities":[)";
}

void FeedGenerator::append_page_footer(std::string& out) {
    out += "]}\n";
}

namespace {

// Writes records [first, last) as one response into `path`, streaming through `buffer`.
Status write_response(const FeedGenerator& generator,
                      const std::string& path,
                      bool gzip,
                      std::uint64_t page,
                      std::uint64_t first,
                      std::uint64_t last,
                      std::string& buffer,
                      FeedSummary& summary) {
    auto file = OutputFile::open(path, gzip);
    if (!file) {
        return propagate(file.error());
    }
    buffer.clear();
    generator.append_page_header(page, first, last - first, buffer);
    for (std::uint64_t index = first; index < last; ++index) {
        if (index > first) {
            buffer += ',';
        }
        generator.append_record(index, buffer);
        if (buffer.size() >= kFlushBytes) {
            WARDROUND_TRY(file->write(buffer));
            buffer.clear();
        }
    }
    FeedGenerator::append_page_footer(buffer);
    WARDROUND_TRY(file->write(buffer));
    summary.json_bytes += file->bytes();
    auto on_disk = file->close();
    if (!on_disk) {
        return propagate(on_disk.error());
    }
    summary.file_bytes += *on_disk;
    summary.files.push_back(path);
    return {};
}

}  // namespace

Result<FeedSummary> write_feed(const FeedOptions& options, const std::string& directory) {
    if (options.page_size == 0 || options.page_size > kApiMaxPageSize) {
        return make_error(ErrorCode::kInvalidArgument, "the page size must be between 1 and " +
                                                           std::to_string(kApiMaxPageSize) +
                                                           " (the API's maximum)");
    }
    auto generator = FeedGenerator::create(options.count, options.seed);
    if (!generator) {
        return propagate(generator.error());
    }
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error || !std::filesystem::is_directory(directory)) {
        const bool denied = error == std::errc::permission_denied;
        return make_error(denied ? ErrorCode::kPermissionDenied : ErrorCode::kUnavailable,
                          "cannot create the output directory" +
                              (error ? ": " + error.message() : std::string(": not a directory")),
                          directory);
    }

    FeedSummary summary;
    const std::uint64_t total = generator->size();
    const std::uint64_t per_file = options.single_file ? total : options.page_size;
    const std::uint64_t files = (total + per_file - 1) / per_file;
    std::string buffer;
    buffer.reserve(kFlushBytes + (std::size_t{1} << 20U));
    for (std::uint64_t page = 0; page < files; ++page) {
        const std::string name = options.single_file ? single_file_name(options.gzip)
                                                     : page_file_name(page, options.gzip);
        const std::string path = (std::filesystem::path(directory) / name).string();
        const std::uint64_t first = page * per_file;
        const std::uint64_t last = std::min(total, first + per_file);
        WARDROUND_TRY(
            write_response(*generator, path, options.gzip, page, first, last, buffer, summary));
    }
    summary.records = total;
    return summary;
}

}  // namespace wardround::bench
