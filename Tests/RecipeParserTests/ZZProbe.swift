import Testing
import Foundation
@testable import BakeRecipeParser

@Suite struct ZZProbe {
    @Test func deepPairs() {
        let s = Array(("${@" + String(repeating: "{}", count: 150_000) + "}").utf8)
        var budget = 200_000
        let t = Date()
        let r = InlinePythonMatcher.match(s, from: 3, budget: &budget)
        print("PROBE deepPairs", r as Any, budget, Date().timeIntervalSince(t))
    }
    @Test func openBraces() {
        for n in [1000, 10_000, 30_000] {
            let s = Array(("${@" + String(repeating: "{", count: n)).utf8)
            var budget = 200_000
            let t = Date()
            let r = InlinePythonMatcher.match(s, from: 3, budget: &budget)
            print("PROBE open", n, r as Any, budget, Date().timeIntervalSince(t))
        }
    }
}
