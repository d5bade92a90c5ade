// SPDX-License-Identifier: Apache-2.0
// normalise_name(): what Add/Remove Programs and other sources call a product, to CPE-shaped keys.
#include <string>

#include <gtest/gtest.h>

#include <wardround/inventory/identity.h>

namespace wardround::inventory {
namespace {

struct Expected {
    const char* vendor;
    const char* product;
    const char* version;
    const char* vendor_key;
    const char* product_key;
    const char* out_version;
    const char* embedded;
    const char* arch;
    const char* language;
};

TEST(NormaliseName, AddRemoveProgramsExamples) {
    const Expected cases[] = {
        {"Google LLC", "Google Chrome", "120.0.6099.130", "google", "chrome", "120.0.6099.130", "",
         "", ""},
        {"Mozilla", "Mozilla Firefox (x64 en-GB)", "121.0", "mozilla", "firefox", "121.0", "",
         "x64", "en-gb"},
        {"Microsoft Corporation", "Microsoft Edge", "120.0.2210.91", "microsoft", "edge",
         "120.0.2210.91", "", "", ""},
        {"Igor Pavlov", "7-Zip 23.01 (x64)", "23.01", "igor_pavlov", "7-zip", "23.01", "23.01",
         "x64", ""},
        {"Igor Pavlov", "7-Zip 23.01 (x64)", "", "igor_pavlov", "7-zip", "23.01", "23.01", "x64",
         ""},
        {"Adobe Systems Incorporated", "Adobe Acrobat Reader DC", "23.008.20470", "adobe_systems",
         "acrobat_reader_dc", "23.008.20470", "", "", ""},
        {"Oracle Corporation", "Java 8 Update 381", "8.0.3810.9", "oracle", "java", "8.0.3810.9",
         "8 update 381", "", ""},
        {"Oracle Corporation", "Java 8 Update 381 (64-bit)", "", "oracle", "java", "8 update 381",
         "8 update 381", "x64", ""},
        {"Citrix Systems, Inc.", "Citrix Workspace", "23.9.0.24", "citrix_systems", "workspace",
         "23.9.0.24", "", "", ""},
        {"Citrix Systems, Inc.", "Citrix Workspace 2309", "23.9.0.24", "citrix_systems",
         "workspace", "23.9.0.24", "2309", "", ""},
        {"Microsoft Corporation", "Microsoft 365 Apps for enterprise - en-gb", "16.0.17029.20108",
         "microsoft", "365_apps_for_enterprise", "16.0.17029.20108", "", "", "en-gb"},
        {"Oracle Corporation", "Java(TM) SE Development Kit 17.0.8 (64-bit)", "17.0.8.0", "oracle",
         "java_se_development_kit", "17.0.8.0", "17.0.8", "x64", ""},
        {"Samsung Electronics Co., Ltd.", "Samsung Magician", "", "samsung_electronics", "magician",
         "", "", "", ""},
        {"Avast Software s.r.o.", "Avast Free Antivirus", "", "avast_software", "free_antivirus",
         "", "", "", ""},
        {"Siemens AG", "SIMATIC WinCC", "", "siemens", "simatic_wincc", "", "", "", ""},
        {"Philips Medical Systems Nederland B.V.", "IntelliSpace Portal", "",
         "philips_medical_systems_nederland", "intellispace_portal", "", "", "", ""},
        {"Microsoft Corporation",
         "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532", "14.36.32532.0",
         "microsoft", "visual_c++_2015-2022_redistributable", "14.36.32532.0", "14.36.32532", "x64",
         ""},
        {"Microsoft Corporation", "Microsoft Office Professional Plus 2016 - de-de", "",
         "microsoft", "office_professional_plus_2016", "", "", "", "de-de"},
        {"", "Git version 2.43.0", "", "", "git", "2.43.0", "2.43.0", "", ""},
        {"The Document Foundation", "LibreOffice 7.6.4.1", "7.6.4.1", "document_foundation",
         "libreoffice", "7.6.4.1", "7.6.4.1", "", ""},
        {"Python Software Foundation", "Python 3.11.4 (64-bit)", "3.11.4150.0",
         "python_software_foundation", "python", "3.11.4150.0", "3.11.4", "x64", ""},
        {"", "Mozilla Maintenance Service", "", "", "mozilla_maintenance_service", "", "", "", ""},
        {"Intel Corporation", "Intel\xC2\xAE Graphics Driver", "", "intel", "graphics_driver", "",
         "", "", ""},
        {"Oracle", "Java\xE2\x84\xA2 8", "", "oracle", "java_8", "", "", "", ""},
    };
    for (const Expected& c : cases) {
        SCOPED_TRACE(std::string(c.vendor) + " / " + c.product + " / " + c.version);
        const NormalisedName name = normalise_name(c.vendor, c.product, c.version);
        EXPECT_EQ(name.vendor_key, c.vendor_key);
        EXPECT_EQ(name.product_key, c.product_key);
        EXPECT_EQ(name.version, c.out_version);
        EXPECT_EQ(name.embedded_version, c.embedded);
        EXPECT_EQ(name.arch, c.arch);
        EXPECT_EQ(name.language, c.language);
    }
}

TEST(NormaliseName, MarkersNeverEmptyTheName) {
    // The first word stays even when it looks like a marker or a version.
    EXPECT_EQ(normalise_name("", "x64dbg", "").product_key, "x64dbg");
    EXPECT_EQ(normalise_name("", "x86 Emulator", "").product_key, "x86_emulator");
    EXPECT_EQ(normalise_name("", "1.2.3", "").product_key, "1.2.3");
    EXPECT_EQ(normalise_name("Google", "Google", "").product_key, "google");
    EXPECT_EQ(normalise_name("", "", "").product_key, "");
}

TEST(NormaliseName, KeepsWordsThatOnlyLookLikeMarkers) {
    // "hp-ux" is not a locale; "node.js" and "smc2.0" are not versions; a trailing number the
    // version does not start with stays ("Windows Server 2019").
    EXPECT_EQ(normalise_name("HP", "HP-UX", "").product_key, "hp-ux");
    EXPECT_EQ(normalise_name("", "Node.js", "20.10.0").product_key, "node.js");
    EXPECT_EQ(normalise_name("Huawei", "SMC2.0", "").product_key, "smc2.0");
    EXPECT_EQ(normalise_name("Microsoft", "SQL Server 2019", "15.0.2000.5").product_key,
              "sql_server_2019");
    EXPECT_EQ(normalise_name("Foo", "Foo Studio 2019", "2019.1").product_key, "studio");
}

TEST(NormaliseName, VendorSuffixesAndSpacing) {
    EXPECT_EQ(normalise_vendor("Google LLC"), "google");
    EXPECT_EQ(normalise_vendor("  Digi International, Inc. "), "digi_international");
    EXPECT_EQ(normalise_vendor("Oracle Corporation"), "oracle");
    EXPECT_EQ(normalise_vendor("Microsoft Corp."), "microsoft");
    EXPECT_EQ(normalise_vendor("Beckman Coulter Ltd"), "beckman_coulter");
    EXPECT_EQ(normalise_vendor("Drägerwerk AG & Co. KGaA"), "drägerwerk");
    EXPECT_EQ(normalise_vendor("B. Braun Melsungen AG"), "b_braun_melsungen");
    EXPECT_EQ(normalise_vendor("Limited"), "limited");  // never emptied
    EXPECT_EQ(normalise_vendor("The Mozilla Foundation"), "mozilla_foundation");
}

TEST(NormaliseName, KeyIsVendorBarProduct) {
    EXPECT_EQ(identity_key(normalise_name("Google LLC", "Google Chrome", "1")), "google|chrome");
    EXPECT_EQ(identity_key(normalise_name("", "", "")), "|");
}

TEST(NormaliseName, LongInputsAreCut) {
    const std::string long_name(10000, 'a');
    const NormalisedName name = normalise_name(long_name, long_name, long_name);
    EXPECT_EQ(name.vendor_key.size(), kMaxNameBytes);
    EXPECT_EQ(name.product_key.size(), kMaxNameBytes);
    EXPECT_EQ(name.version, "");  // a version that long is not a version
    // A cut never splits a UTF-8 sequence.
    const std::string accents = std::string(kMaxNameBytes - 1, 'a') + "\xC3\xA9";
    EXPECT_EQ(normalise_name("", accents, "").product_key, std::string(kMaxNameBytes - 1, 'a'));
}

}  // namespace
}  // namespace wardround::inventory
