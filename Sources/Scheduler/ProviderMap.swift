/// Which recipe satisfies each build-time name (`PROVIDES`) and each runtime name (packages
/// and `RPROVIDES`): the outcome of BitBake's provider selection, made before the graph.
public struct ProviderMap: Hashable, Sendable {
    /// Build-time name (a `PN` or anything in `PROVIDES`) → recipe `PN`.
    public var build: [String: String]
    /// Runtime name (a package or anything in `RPROVIDES`) → recipe `PN`.
    public var runtime: [String: String]
    /// `ASSUME_PROVIDED`: names the host supplies, skipped wherever they are depended on.
    /// Entries starting with `^` or ending with `$` are regular expressions matched at the
    /// start of the name, as in BitBake.
    public var assumeProvided: [String]

    public init(build: [String: String], runtime: [String: String] = [:], assumeProvided: [String] = []) {
        self.build = build
        self.runtime = runtime
        self.assumeProvided = assumeProvided
    }

    /// Derives providers from the recipes themselves.
    ///
    /// Several recipes may provide one name. `preferred` settles that first (bake's
    /// `PREFERRED_PROVIDER_<name>`/`PREFERRED_RPROVIDER_<name>`); otherwise the recipe whose
    /// `PN` is the name wins, then the smallest `PN`, so the choice never depends on order.
    ///
    /// - Parameters:
    ///   - recipes: recipe `PN` → recipe.
    ///   - preferred: name → `PN` of the recipe that should provide it.
    ///   - assumeProvided: `ASSUME_PROVIDED`.
    public init(recipes: [String: RecipeTasks], preferred: [String: String] = [:], assumeProvided: [String] = []) {
        var build: [String: [String]] = [:]
        var runtime: [String: [String]] = [:]
        for (pn, recipe) in recipes {
            for name in RecipeTasks.unique([pn] + recipe.provides) { build[name, default: []].append(pn) }
            for name in recipe.runtimeNames { runtime[name, default: []].append(pn) }
        }
        func choose(_ name: String, _ candidates: [String]) -> String {
            Self.choose(name, among: candidates, preferred: preferred[name])!
        }
        self.init(
            build: build.reduce(into: [:]) { $0[$1.key] = choose($1.key, $1.value) },
            runtime: runtime.reduce(into: [:]) { $0[$1.key] = choose($1.key, $1.value) },
            assumeProvided: assumeProvided
        )
    }

    /// Which of the recipes (`PN`s) providing `name` provides it, as BitBake's
    /// `filterProviders` orders them: the preferred provider if it is one of them, else a
    /// recipe named `name`, else the first by name. Nil when there is none.
    public static func choose(_ name: String, among candidates: [String], preferred: String?) -> String? {
        if let preferred, candidates.contains(preferred) { return preferred }
        if candidates.contains(name) { return name }
        return candidates.min()
    }

    /// Whether `name` is in `ASSUME_PROVIDED` (BitBake's `re_match_strings`).
    public func isAssumeProvided(_ name: String) -> Bool {
        for pattern in assumeProvided {
            if pattern.hasPrefix("^") || pattern.hasSuffix("$") {
                if let regex = try? Regex(pattern), (try? regex.prefixMatch(in: name)) != nil { return true }
            } else if pattern == name {
                return true
            }
        }
        return false
    }
}
