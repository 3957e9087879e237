import Testing
@testable import BakeRecipeParser

/// The byte-level text helpers behave as the Python string methods they stand for.
@Suite struct FastTextTests {
    @Test func replacingTextIsPythonsReplace() {
        #expect("aaa".replacingText("aa", with: "b") == "ba")  // non-overlapping, left to right
        #expect("abcabc".replacingText("bc", with: "X") == "aXaX")
        #expect("FILES:${PN}-dev".replacingText("FILES:${PN}", with: "FILES:zlib") == "FILES:zlib-dev")
        #expect("none here".replacingText("xyz", with: "!") == "none here")
        #expect("é:e\u{301}".replacingText("e", with: "E") == "é:E\u{301}")  // code points, not characters
    }

    @Test func containsTextAndSplitOnText() {
        #expect("a${B}c".containsText("${"))
        #expect(!"abc".containsText("abcd"))
        #expect("a::b:".splitOnText(":") == ["a", "", "b", ""])
    }
}
