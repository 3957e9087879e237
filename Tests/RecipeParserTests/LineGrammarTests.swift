import Testing
@testable import BakeRecipeParser

@Suite struct LineGrammarTests {
    @Test func placeholder() {}
}
