import Testing
@testable import BakeRecipeParser

/// A write's name analysis: names without an override keyword take a single scan, the others
/// the full split; both must describe the name as BitBake's `__setvar_regexp__` does.
@Suite struct NameInfoTests {
    @Test func namesWithoutKeyword() {
        let plain = NameInfo.of("DEPENDS")
        #expect(plain.keyword == nil && !plain.hasColon && plain.shortLength == 7)
        let conditional = NameInfo.of("FILES:pkg1-c1:class-native")
        #expect(conditional.keyword == nil && conditional.hasColon && conditional.shortLength == 5)
        // An override that merely starts like a keyword is not one.
        #expect(NameInfo.of("A:appendix").keyword == nil)
        #expect(NameInfo.of("A:pn-remove").keyword == nil)
    }

    @Test func namesWithKeyword() throws {
        let append = try #require(NameInfo.of("DEPENDS:append").keyword)
        #expect(append.base == "DEPENDS" && append.keyword == .append && append.override == nil)
        let conditional = try #require(NameInfo.of("RDEPENDS:${PN}:remove:class-target").keyword)
        #expect(conditional.base == "RDEPENDS:${PN}" && conditional.keyword == .remove && conditional.override == "class-target")
        #expect(NameInfo.of("X:prepend").shortLength == 1)
    }

    @Test func oldOverrideSyntax() {
        #expect(NameInfo.of("DEPENDS_append").hasOldSyntax)
        #expect(NameInfo.of("FILES:x_remove").hasOldSyntax)
        #expect(!NameInfo.of("__anon_12_append").hasOldSyntax)
        #expect(!NameInfo.of("do_install").hasOldSyntax)
    }
}
