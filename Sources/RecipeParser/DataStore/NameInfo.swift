import Synchronization

/// What a write needs to know about a variable name, computed once per distinct name: class
/// files set the same names in every recipe, so the scans run once per run, not per write.
struct NameInfo: Sendable {
    struct KeywordSplit: Sendable {
        var base: String
        var keyword: OverrideKeyword
        var override: String?
    }

    /// `BASE:append[:o]` and the like (BitBake's `__setvar_regexp__`).
    let keyword: KeywordSplit?
    /// Uses the pre-2021 `_append`/`_prepend`/`_remove` syntax, which BitBake refuses.
    let hasOldSyntax: Bool
    let hasColon: Bool
    /// UTF-8 length of the part before the first `:` (renamed-variable checks).
    let shortLength: Int

    private static let cache = Mutex<[String: NameInfo]>([:])

    static func of(_ name: String) -> NameInfo {
        // One scan decides most names. Those without a keyword (`:append`, `:prepend` or
        // `:remove`) are analysed here: they include the many names unique to one recipe
        // (`FILES:${PN}-dev` expanded), which would only pile up in the shared table. Names
        // with a keyword are split once per run.
        var name = name
        let scan = name.withUTF8 { Self.scan($0) }
        if !scan.hasKeyword {
            return NameInfo(keyword: nil, hasOldSyntax: scan.hasUnderscore && DataStore.hasOldOverrideSyntax(name),
                            hasColon: scan.firstColon != nil, shortLength: scan.firstColon ?? name.utf8.count)
        }
        if let known = cache.withLock({ $0[name] }) { return known }
        let info = NameInfo(analysing: name)
        cache.withLock { table in
            if table.count > 200_000 { table.removeAll(keepingCapacity: true) }
            table[name] = info
        }
        return info
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (firstColon: Int?, hasUnderscore: Bool, hasKeyword: Bool) {
        var firstColon: Int?
        var hasUnderscore = false
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "_") {
                hasUnderscore = true
            } else if byte == UInt8(ascii: ":") {
                if firstColon == nil { firstColon = i }
                let rest = UnsafeBufferPointer(rebasing: bytes[(i + 1)...])
                for keyword in keywordWords where rest.starts(with: keyword) {
                    return (firstColon, hasUnderscore, true)  // the full analysis follows
                }
            }
        }
        return (firstColon, hasUnderscore, false)
    }

    private static let keywordWords: [[UInt8]] = [Array("append".utf8), Array("prepend".utf8), Array("remove".utf8)]

    private init(keyword: KeywordSplit?, hasOldSyntax: Bool, hasColon: Bool, shortLength: Int) {
        self.keyword = keyword
        self.hasOldSyntax = hasOldSyntax
        self.hasColon = hasColon
        self.shortLength = shortLength
    }

    private init(analysing name: String) {
        keyword = DataStore.splitKeyword(name).map { KeywordSplit(base: $0.base, keyword: $0.keyword, override: $0.override) }
        hasOldSyntax = DataStore.hasOldOverrideSyntax(name)
        let colon = name.utf8.firstIndex(of: UInt8(ascii: ":"))
        hasColon = colon != nil
        shortLength = colon.map { name.utf8.distance(from: name.utf8.startIndex, to: $0) } ?? name.utf8.count
    }
}
