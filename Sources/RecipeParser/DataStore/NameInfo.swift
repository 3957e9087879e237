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
        // Most names have no `:`; their analysis is one scan, cheaper than the shared table
        // (where names unique to one recipe would only pile up).
        var hasUnderscore = false
        var hasColon = false
        for byte in name.utf8 {
            if byte == UInt8(ascii: ":") { hasColon = true; break }
            if byte == UInt8(ascii: "_") { hasUnderscore = true }
        }
        if !hasColon {
            return NameInfo(keyword: nil, hasOldSyntax: hasUnderscore && DataStore.hasOldOverrideSyntax(name),
                            hasColon: false, shortLength: name.utf8.count)
        }
        if let known = cache.withLock({ $0[name] }) { return known }
        let info = NameInfo(analysing: name)
        cache.withLock { table in
            if table.count > 200_000 { table.removeAll(keepingCapacity: true) }
            table[name] = info
        }
        return info
    }

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
