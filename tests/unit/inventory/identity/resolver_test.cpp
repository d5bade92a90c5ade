// SPDX-License-Identifier: Apache-2.0
// IdentityResolver: the order of the steps, each step's method and confidence, and what is left
// ambiguous or unresolved rather than guessed.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/identity.h>

namespace wardround::inventory {
namespace {

using Strings = std::vector<std::string>;

// A small knowledge base with the names the examples need and a few collisions.
KnownProducts small_knowledge_base() {
    return KnownProducts({
        {'a', "google", "chrome"},
        {'a', "mozilla", "firefox"},
        {'a', "microsoft", "edge"},
        {'a', "microsoft", "edge_chromium"},
        {'a', "7-zip", "7-zip"},
        {'a', "adobe", "acrobat_reader_dc"},
        {'a', "oracle", "jdk"},
        {'a', "openssl", "openssl"},
        {'a', "siemens", "nx"},
        {'a', "citrix", "gateway"},
        {'h', "citrix", "gateway"},
        {'o', "citrix", "gateway_firmware"},
        {'a', "cern", "root"},
        {'a', "root_project", "root"},
        {'a', "apache", "log4j"},
        {'a', "acme", "portal"},
        {'a', "globex", "portal"},
        {'a', "notepad-plus-plus", "notepad\\+\\+"},
        {'o', "microsoft", "windows_10_22h2"},
    });
}

ObservedComponent app(std::string vendor, std::string product, std::string version) {
    ObservedComponent component;
    component.type = "application";
    component.vendor = std::move(vendor);
    component.product = std::move(product);
    component.version = std::move(version);
    return component;
}

class ResolverTest : public ::testing::Test {
protected:
    IdentityResolver resolver_{small_knowledge_base(), {}};
    IdentityResolver aliases_only_{KnownProducts(), {}};
};

TEST_F(ResolverTest, AddRemoveProgramsExamples) {
    struct Case {
        ObservedComponent component;
        const char* cpe;
        const char* method;
        int confidence;
    };
    const Case cases[] = {
        {app("Google LLC", "Google Chrome", "120.0.6099.130"),
         "cpe:2.3:a:google:chrome:120.0.6099.130:*:*:*:*:*:*:*", "knowledge-base", 90},
        {app("Mozilla", "Mozilla Firefox (x64 en-GB)", "121.0"),
         "cpe:2.3:a:mozilla:firefox:121.0:*:*:*:*:*:x64:*", "knowledge-base", 90},
        {app("Microsoft Corporation", "Microsoft Edge", "120.0.2210.91"),
         "cpe:2.3:a:microsoft:edge:120.0.2210.91:*:*:*:*:*:*:*", "knowledge-base", 90},
        // The knowledge base has 7-zip:7-zip, but "Igor Pavlov" is not that vendor: the alias
        // table knows he is.
        {app("Igor Pavlov", "7-Zip 23.01 (x64)", "23.01"),
         "cpe:2.3:a:7-zip:7-zip:23.01:*:*:*:*:*:x64:*", "knowledge-base", 90},
        {app("Adobe Systems Incorporated", "Adobe Acrobat Reader DC", "23.008.20470"),
         "cpe:2.3:a:adobe:acrobat_reader_dc:23.008.20470:*:*:*:*:*:*:*", "knowledge-base", 90},
        {app("Oracle Corporation", "Java 8 Update 381", "8.0.3810.9"),
         "cpe:2.3:a:oracle:jre:1.8.0:update381:*:*:*:*:*:*", "alias", 85},
        {app("Citrix Systems, Inc.", "Citrix Workspace", "23.9.0.24"),
         "cpe:2.3:a:citrix:workspace:23.9.0.24:*:*:*:*:*:*:*", "alias", 85},
        {app("Microsoft Corporation", "Microsoft 365 Apps for enterprise - en-gb",
             "16.0.17029.20108"),
         "cpe:2.3:a:microsoft:365_apps:16.0.17029.20108:*:*:*:enterprise:*:*:*", "alias", 85},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.component.product);
        for (const IdentityResolver* r : {&resolver_, &aliases_only_}) {
            const Resolution resolution = r->resolve(c.component);
            EXPECT_EQ(resolution.status, Resolution::kResolved) << resolution.note;
            EXPECT_EQ(resolution.cpe, c.cpe);
            if (r == &resolver_) {
                EXPECT_EQ(resolution.method, c.method);
                EXPECT_EQ(resolution.confidence, c.confidence);
            } else {
                EXPECT_EQ(resolution.method, "alias");
                EXPECT_EQ(resolution.confidence, 85);
            }
        }
    }
}

TEST_F(ResolverTest, ExamplesCarryTheirTokensAndKey) {
    const Resolution java = resolver_.resolve(app("Oracle Corporation", "Java 8 Update 381", ""));
    EXPECT_EQ(java.vendor, "oracle");
    EXPECT_EQ(java.product, "jre");
    EXPECT_EQ(java.version, "1.8.0");
    EXPECT_EQ(java.update, "update381");
    EXPECT_EQ(java.key, "oracle|java");
    const Resolution jdk = resolver_.resolve(
        app("Oracle Corporation", "Java(TM) SE Development Kit 17.0.8 (64-bit)", "17.0.8.0"));
    EXPECT_EQ(jdk.cpe, "cpe:2.3:a:oracle:jdk:17.0.8:*:*:*:*:*:x64:*");
    const Resolution edge = resolver_.resolve(app("Microsoft Corporation", "Microsoft Edge", "1"));
    EXPECT_EQ(edge.also, (Strings{"microsoft:edge_chromium"}));
    const Resolution seven = resolver_.resolve(app("Igor Pavlov", "7-Zip 23.01 (x64)", ""));
    EXPECT_EQ(seven.version, "23.01");
    EXPECT_EQ(seven.target_hw, "x64");
    EXPECT_EQ(seven.key, "igor_pavlov|7-zip");
}

TEST_F(ResolverTest, ExplicitCpeWins) {
    ObservedComponent component = app("Google LLC", "Google Chrome", "120.0");
    component.cpe = "cpe:2.3:a:google:chrome:120.0.6099.130:*:*:*:*:*:*:*";
    const Resolution r = resolver_.resolve(component);
    EXPECT_EQ(r.method, "explicit-cpe");
    EXPECT_EQ(r.confidence, 100);
    EXPECT_EQ(r.cpe, component.cpe);
    EXPECT_EQ(r.version, "120.0.6099.130");

    // A CPE 2.2 URI is read too, and takes the observed version when it has none.
    component.cpe = "cpe:/a:igor_sysoev:nginx";
    component.version = "1.24.0";
    const Resolution uri = resolver_.resolve(component);
    EXPECT_EQ(uri.cpe, "cpe:2.3:a:igor_sysoev:nginx:1.24.0:*:*:*:*:*:*:*");
    EXPECT_EQ(uri.method, "explicit-cpe");
}

TEST_F(ResolverTest, BrokenExplicitCpeFallsThroughWithANote) {
    ObservedComponent component = app("Google LLC", "Google Chrome", "120.0");
    component.cpe = "cpe:2.3:a:google";
    const Resolution r = resolver_.resolve(component);
    EXPECT_EQ(r.method, "knowledge-base");
    EXPECT_NE(r.note.find("explicit CPE did not parse"), std::string::npos);
    component.cpe = "cpe:2.3:a:*:*:*:*:*:*:*:*:*:*";
    EXPECT_NE(resolver_.resolve(component).note.find("names no single product"), std::string::npos);
}

TEST_F(ResolverTest, ExplicitPurl) {
    // Namespace and name are a knowledge-base vendor and product.
    ObservedComponent log4j = app("", "log4j", "2.14.1");
    log4j.type = "library";
    log4j.purl = "pkg:maven/apache/log4j@2.14.1";
    Resolution r = resolver_.resolve(log4j);
    EXPECT_EQ(r.method, "explicit-purl");
    EXPECT_EQ(r.confidence, 95);
    EXPECT_EQ(r.cpe, "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*");
    EXPECT_EQ(r.purl, log4j.purl);

    // A name only one compatible vendor has: openssl:openssl.
    ObservedComponent openssl = app("", "openssl", "3.0.7");
    openssl.purl = "pkg:generic/openssl@3.0.7";
    r = resolver_.resolve(openssl);
    EXPECT_EQ(r.cpe, "cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*");
    EXPECT_EQ(r.confidence, 90);

    // npm's nx is not Siemens NX: the purl alone, no CPE.
    ObservedComponent nx = app("", "nx", "15.0.0");
    nx.purl = "pkg:npm/nx@15.0.0";
    r = resolver_.resolve(nx);
    EXPECT_EQ(r.status, Resolution::kResolved);
    EXPECT_EQ(r.method, "explicit-purl");
    EXPECT_EQ(r.cpe, "");
    EXPECT_EQ(r.vendor, "");
    EXPECT_EQ(r.purl, "pkg:npm/nx@15.0.0");
    EXPECT_EQ(r.confidence, 90);

    // A purl that does not parse falls through.
    nx.purl = "not-a-purl";
    r = resolver_.resolve(nx);
    EXPECT_EQ(r.status, Resolution::kAmbiguous);
    EXPECT_NE(r.note.find("explicit purl did not parse"), std::string::npos);
}

TEST_F(ResolverTest, ManualMappingBeatsKnowledgeBaseAndAlias) {
    const IdentityResolver manual(small_knowledge_base(),
                                  {
                                      {"Google LLC", "Google Chrome", "a", "acme", "browser"},
                                      {"", "portal", "a", "acme", "portal"},
                                      {"oracle", "java", "a", "oracle", "jdk"},
                                      {"mediware", "pacs viewer*", "a", "mediware", "pacs_viewer"},
                                  });
    Resolution r = manual.resolve(app("Google LLC", "Google Chrome", "1.0"));
    EXPECT_EQ(r.method, "manual");
    EXPECT_EQ(r.confidence, 100);
    EXPECT_EQ(r.cpe, "cpe:2.3:a:acme:browser:1.0:*:*:*:*:*:*:*");
    // Empty vendor pattern: any vendor.
    EXPECT_EQ(manual.resolve(app("Initech", "Portal", "")).cpe,
              "cpe:2.3:a:acme:portal:*:*:*:*:*:*:*:*");
    // Beats the alias table too.
    EXPECT_EQ(manual.resolve(app("Oracle Corporation", "Java 8 Update 381", "")).product, "jdk");
    // A prefix pattern.
    EXPECT_EQ(manual.resolve(app("Mediware", "PACS Viewer Workstation", "")).product,
              "pacs_viewer");
    // Anything else is untouched.
    EXPECT_EQ(manual.resolve(app("Mozilla", "Mozilla Firefox", "")).method, "knowledge-base");
    // An explicit CPE still comes first.
    ObservedComponent explicit_cpe = app("Google LLC", "Google Chrome", "1.0");
    explicit_cpe.cpe = "cpe:2.3:a:google:chrome:1.0:*:*:*:*:*:*:*";
    EXPECT_EQ(manual.resolve(explicit_cpe).method, "explicit-cpe");
}

TEST_F(ResolverTest, KnowledgeBaseExactAndUnique) {
    Resolution r = resolver_.resolve(app("OpenSSL", "OpenSSL", "3.0.7"));
    EXPECT_EQ(r.method, "knowledge-base");
    EXPECT_EQ(r.confidence, 90);
    // Unique product, compatible vendor ("Citrix Systems" starts with citrix); the part follows
    // the component's type.
    r = resolver_.resolve(app("Citrix Systems UK Ltd", "Citrix Gateway", "13.1"));
    EXPECT_EQ(r.method, "knowledge-base");
    EXPECT_EQ(r.confidence, 75);
    EXPECT_EQ(r.cpe, "cpe:2.3:a:citrix:gateway:13.1:*:*:*:*:*:*:*");
    ObservedComponent device = app("Citrix Systems, Inc.", "Gateway", "13.1");
    device.type = "device";
    EXPECT_EQ(resolver_.resolve(device).part, "h");
    // No vendor: "Google Chrome" is split into a known vendor and product.
    r = resolver_.resolve(app("", "Google Chrome", "120.0"));
    EXPECT_EQ(r.cpe, "cpe:2.3:a:google:chrome:120.0:*:*:*:*:*:*:*");
    EXPECT_EQ(r.confidence, 80);
    // No vendor, product named after its vendor: openssl.
    r = resolver_.resolve(app("", "openssl", "3.0.7"));
    EXPECT_EQ(r.cpe, "cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*");
    EXPECT_EQ(r.confidence, 75);
    // NVD's quoting is undone for lookups and redone in the CPE.
    // Vendor "notepad++_team" is not notepad-plus-plus, so the knowledge base alone would leave
    // it ambiguous; the curated alias settles it.
    r = resolver_.resolve(app("Notepad++ Team", "Notepad++ (64-bit x64)", "8.6"));
    EXPECT_EQ(r.status, Resolution::kResolved);
    EXPECT_EQ(r.method, "alias");
    EXPECT_EQ(r.vendor, "notepad-plus-plus");
    r = resolver_.resolve(app("", "Notepad++", "8.6"));
    EXPECT_EQ(r.candidates, (Strings{"notepad-plus-plus:notepad++"}));
}

TEST_F(ResolverTest, AmbiguousProduct) {
    // "Root" under two vendors, no vendor given: never guessed (Wazuh's CERN ROOT false positive).
    Resolution r = resolver_.resolve(app("", "Root", "6.30"));
    EXPECT_EQ(r.status, Resolution::kAmbiguous);
    EXPECT_EQ(r.candidates, (Strings{"cern:root", "root_project:root"}));
    EXPECT_EQ(r.cpe, "");
    EXPECT_EQ(r.method, "");
    EXPECT_EQ(r.key, "|root");
    // A vendor that fits neither leaves it ambiguous too.
    r = resolver_.resolve(app("Initech", "Portal", "2.0"));
    EXPECT_EQ(r.status, Resolution::kAmbiguous);
    EXPECT_EQ(r.candidates, (Strings{"acme:portal", "globex:portal"}));
    // A vendor that fits one chooses it.
    r = resolver_.resolve(app("Globex Corporation", "Portal", "2.0"));
    EXPECT_EQ(r.status, Resolution::kResolved);
    EXPECT_EQ(r.vendor, "globex");
    // A product unique in the knowledge base but with no vendor: npm-like "nx" is not Siemens NX.
    r = resolver_.resolve(app("", "nx", "15.0.0"));
    EXPECT_EQ(r.status, Resolution::kAmbiguous);
    EXPECT_EQ(r.candidates, (Strings{"siemens:nx"}));
}

TEST_F(ResolverTest, UnresolvedKeepsAStableKey) {
    const Resolution a =
        resolver_.resolve(app("Wardround Clinical Ltd", "Ward Board 4.2.1 (x64)", "4.2.1"));
    const Resolution b =
        resolver_.resolve(app("Wardround Clinical Limited", "Ward Board 4.3.0", ""));
    EXPECT_EQ(a.status, Resolution::kUnresolved);
    EXPECT_EQ(a.key, "wardround_clinical|ward_board");
    EXPECT_EQ(b.key, a.key);
    EXPECT_EQ(a.cpe, "");
    EXPECT_EQ(a.vendor, "");
    EXPECT_EQ(a.confidence, 0);
    EXPECT_TRUE(a.candidates.empty());
    // A person maps that key and the next run resolves it.
    const IdentityResolver mapped(small_knowledge_base(), {{"wardround_clinical", "ward_board", "a",
                                                            "wardround", "ward_board"}});
    EXPECT_EQ(mapped.resolve(app("Wardround Clinical Ltd", "Ward Board 4.2.1 (x64)", "4.2.1")).cpe,
              "cpe:2.3:a:wardround:ward_board:4.2.1:*:*:*:*:*:x64:*");
    // No name at all.
    const Resolution empty = resolver_.resolve(app("", "", ""));
    EXPECT_EQ(empty.status, Resolution::kUnresolved);
    EXPECT_EQ(empty.key, "|");
}

TEST_F(ResolverTest, WindowsComponentsGoThroughTheBuildTable) {
    ObservedComponent os;
    os.type = "operating-system";
    os.vendor = "Microsoft Corporation";
    os.product = "Windows 10 Pro";
    os.version = "10.0.19045.3803";
    Resolution r = resolver_.resolve(os);
    EXPECT_EQ(r.cpe, "cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.3803:*:*:*:*:*:*:*");
    EXPECT_EQ(r.method, "windows-build");
    EXPECT_EQ(r.key, "microsoft|windows_10_pro");
    // An application named after Windows is not the operating system.
    const Resolution assistant = resolver_.resolve(
        app("Microsoft Corporation", "Windows 10 Update Assistant", "1.4.19041.3630"));
    EXPECT_EQ(assistant.status, Resolution::kUnresolved);
    EXPECT_EQ(assistant.key, "microsoft|windows_10_update_assistant");
    // The build table beats a vaguer explicit CPE.
    os.cpe = "cpe:2.3:o:microsoft:windows_10:*:*:*:*:*:*:*:*";
    EXPECT_EQ(resolver_.resolve(os).method, "windows-build");
    // A precise explicit CPE (an SBOM naming its release and version) is kept as given.
    ObservedComponent sbom_os;
    sbom_os.type = "operating-system";
    sbom_os.vendor = "Microsoft";
    sbom_os.product = "windows_10_iot_enterprise";
    sbom_os.version = "10.0.19044";
    sbom_os.cpe = "cpe:2.3:o:microsoft:windows_10_21h2:10.0.19044:*:*:*:*:*:*:*";
    r = resolver_.resolve(sbom_os);
    EXPECT_EQ(r.method, "explicit-cpe");
    EXPECT_EQ(r.cpe, sbom_os.cpe);
}

TEST_F(ResolverTest, ObservedOsFromDefenderAndAgents) {
    ObservedOs defender;
    defender.name = "Windows10";
    defender.version = "22H2";
    Resolution r = resolver_.resolve_os(defender);
    EXPECT_EQ(r.cpe, "cpe:2.3:o:microsoft:windows_10_22h2:*:*:*:*:*:*:*:*");
    EXPECT_EQ(r.method, "windows-release");

    ObservedOs agent;
    agent.name = "Windows Server 2019 Standard";
    agent.build = "17763";
    agent.version = "10.0.17763.5329";
    r = resolver_.resolve_os(agent);
    EXPECT_EQ(r.cpe, "cpe:2.3:o:microsoft:windows_server_2019:10.0.17763.5329:*:*:*:*:*:*:*");

    ObservedOs family_only;
    family_only.family = "Windows";
    family_only.build = "22631";
    EXPECT_EQ(resolver_.resolve_os(family_only).product, "windows_11_23h2");
}

TEST_F(ResolverTest, NmapOsCpeUris) {
    ObservedOs seven;
    seven.name = "Microsoft Windows 7 Professional";
    seven.cpes = {"cpe:/o:microsoft:windows_7::-:professional"};
    seven.accuracy = 100;
    Resolution r = resolver_.resolve_os(seven);
    EXPECT_EQ(r.status, Resolution::kResolved);
    EXPECT_EQ(r.method, "explicit-cpe");
    EXPECT_EQ(r.cpe, "cpe:2.3:o:microsoft:windows_7:*:-:professional:*:*:*:*:*");

    // Several guesses of one product: the first, with nmap's accuracy as the confidence.
    ObservedOs vista;
    vista.name = "Microsoft Windows Vista SP0 or SP1, Windows Server 2008 SP1, or Windows 7";
    vista.cpes = {"cpe:/o:microsoft:windows_vista::-", "cpe:/o:microsoft:windows_vista::sp1",
                  "cpe:/o:microsoft:windows_server_2008::sp1", "cpe:/o:microsoft:windows_7"};
    vista.accuracy = 96;
    r = resolver_.resolve_os(vista);
    EXPECT_EQ(r.status, Resolution::kAmbiguous);
    EXPECT_EQ(r.candidates, (Strings{"microsoft:windows_vista", "microsoft:windows_server_2008",
                                     "microsoft:windows_7"}));

    ObservedOs linux_os;
    linux_os.name = "Linux 2.6.32";
    linux_os.cpes = {"cpe:/o:linux:linux_kernel:2.6.32"};
    linux_os.accuracy = 94;
    r = resolver_.resolve_os(linux_os);
    EXPECT_EQ(r.cpe, "cpe:2.3:o:linux:linux_kernel:2.6.32:*:*:*:*:*:*:*");
    EXPECT_EQ(r.confidence, 94);

    ObservedOs two_guesses;
    two_guesses.name = "Microsoft Windows 7";
    two_guesses.cpes = {"cpe:/o:microsoft:windows_7", "cpe:/o:microsoft:windows_7::sp1"};
    two_guesses.accuracy = 90;
    r = resolver_.resolve_os(two_guesses);
    EXPECT_EQ(r.status, Resolution::kResolved);
    EXPECT_EQ(r.product, "windows_7");
    EXPECT_EQ(r.confidence, 90);
}

TEST_F(ResolverTest, OsWithoutCpeOrWindows) {
    ObservedOs unknown;
    unknown.name = "Chumby Internet radio";
    const Resolution r = resolver_.resolve_os(unknown);
    EXPECT_EQ(r.status, Resolution::kUnresolved);
    EXPECT_EQ(r.key, "|chumby_internet_radio");
}

TEST(KnownProducts, IndexesAndDeduplicates) {
    KnownProducts known;
    known.add('a', "citrix", "gateway");
    known.add('a', "citrix", "gateway");
    known.add('h', "citrix", "gateway");
    known.add('x', "citrix", "gateway");
    known.add('a', "*", "gateway");
    known.add('a', "acme", "-");
    known.add('a', "notepad-plus-plus", "notepad\\+\\+");
    EXPECT_EQ(known.size(), 3U);
    EXPECT_EQ(known.parts_of("citrix", "gateway"), "ah");
    EXPECT_EQ(known.parts_of("citrix", "nope"), "");
    EXPECT_EQ(known.with_product("gateway").size(), 2U);
    EXPECT_TRUE(known.with_product("nope").empty());
    EXPECT_TRUE(known.has_vendor("citrix"));
    EXPECT_FALSE(known.has_vendor("acme"));
    EXPECT_EQ(known.parts_of("notepad-plus-plus", "notepad++"), "a");
}

TEST(KnownProducts, HandlesAHundredThousandProducts) {
    std::vector<KnownProducts::Entry> entries;
    entries.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        entries.push_back(
            {'a', "vendor" + std::to_string(i % 5000), "product" + std::to_string(i)});
    }
    const KnownProducts known(entries);
    EXPECT_EQ(known.size(), 100000U);
    EXPECT_EQ(known.parts_of("vendor4999", "product99999"), "a");
    const IdentityResolver big(KnownProducts(entries), {});
    const Resolution r = big.resolve(app("Vendor42", "Product5042", "1.0"));
    EXPECT_EQ(r.cpe, "cpe:2.3:a:vendor42:product5042:1.0:*:*:*:*:*:*:*");
}

}  // namespace
}  // namespace wardround::inventory
