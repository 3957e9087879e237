public import BakeBasics
import Foundation

/// A parsed recipe: the finalised datastore and one per `BBCLASSEXTEND` variant.
public struct ParsedRecipe {
    public var main: DataStore
    public var variants: [(name: String, store: DataStore)]
}

/// Evaluates parsed statements into a datastore with BitBake's `ast` semantics, and drives
/// includes, inherits and recipe finalisation.
///
/// Parsed `.bbclass` and `.inc` files are cached by path (as BitBake caches their statements),
/// so a class inherited by a thousand recipes is read once.
public final class MetadataEvaluator {
    private var statementCache: [String: ParsedFile] = [:]
    /// Files do not change during one evaluation run; BitBake stats the same class paths
    /// for every recipe, bake once.
    private var existence: [String: Bool] = [:]
    private var absolutePaths: [String: String] = [:]
    private var includeDepth = 0
    /// `which` results for the run (the same classes are looked up for every recipe).
    private var whichResults: [WhichKey: (String?, [String])] = [:]
    private var regularFiles: [String: Bool] = [:]
    private var pythonInterpreter: PythonInterpreter?
    /// Warnings and notes produced while evaluating (errors are thrown).
    public var warnings: [Diagnostic] = []
    /// Folders `addpylib` put on Python's path, in order: their modules are code the parse runs,
    /// so the parse cache keys on them.
    public internal(set) var pythonLibraryDirectories: [String] = []
    let lazyPython = LazyPython.shared

    public init() {}

    /// The embedded interpreter, started the first time metadata needs Python.
    var pythonStarted: Bool { PythonInterpreter.current != nil }

    func python() throws(EvaluationError) -> PythonInterpreter {
        if let pythonInterpreter { return pythonInterpreter }
        let p = try PythonInterpreter.shared()
        pythonInterpreter = p
        return p
    }

    /// Makes `store` able to run `${@...}` expressions.
    public func attachPython(to store: DataStore) throws(EvaluationError) {
        store.python = try python()
    }

    // MARK: Files

    func parsedFile(_ path: String, dialect: MetadataParser.Dialect) throws(EvaluationError) -> ParsedFile {
        let cacheable = path.hasSuffix(".bbclass") || path.hasSuffix(".inc")
        if cacheable, let cached = statementCache[path] { return cached }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvaluationError(.missingFile, "file \(path) not found")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw EvaluationError(.io, "\(path) is not valid UTF-8 text")
        }
        let parsed = MetadataParser.parse(text: text, path: path, dialect: dialect)
        if let first = parsed.diagnostics.first(where: { $0.level == .error }) {
            throw EvaluationError(.syntax, first.message, location: first.location, sourceLine: first.sourceLine)
        }
        if cacheable { statementCache[path] = parsed }
        return parsed
    }

    /// `bb.parse.handle(fn, d, include)`: reads one file into `store`. For a recipe with
    /// `include == false` this is the whole parse, finalisation included.
    /// How deep includes and inherits may nest. An include cycle makes BitBake's Python hit
    /// its recursion limit at about this depth; bake reports it instead of overflowing.
    static let maximumIncludeDepth = 100

    @discardableResult
    public func handle(_ path: String, into store: DataStore, include: Bool, baseConfig: Bool = false) throws(EvaluationError) -> ParsedRecipe? {
        includeDepth += 1
        defer { includeDepth -= 1 }
        if includeDepth > Self.maximumIncludeDepth {
            throw EvaluationError(
                .fatal, "files include each other more than \(Self.maximumIncludeDepth) levels deep (an include cycle?) at \(path)")
        }
        guard let dialect = MetadataParser.dialect(for: path) else {
            throw EvaluationError(.syntax, "not a BitBake file: \(path)")
        }
        switch dialect {
        case .configuration(let isBase):
            try handleConfiguration(path, into: store, include: include, baseConfig: isBase || baseConfig)
            return nil
        case .recipe:
            return try handleRecipeFile(path, into: store, include: include)
        }
    }

    private func handleConfiguration(_ path: String, into store: DataStore, include: Bool, baseConfig: Bool) throws(EvaluationError) {
        let oldFile = include ? try store.getVar("FILE", expand: false) : nil
        let absolute = try resolveFile(path, store: store)
        let parsed = try parsedFile(absolute, dialect: .configuration(baseConfig: baseConfig))
        try store.setVar("FILE", .string(absolute))
        try evaluate(parsed.statements, into: store)
        if let oldFile, oldFile.isTruthy { try store.setVar("FILE", oldFile) }
    }

    private func handleRecipeFile(_ path: String, into store: DataStore, include: Bool) throws(EvaluationError) -> ParsedRecipe? {
        let isClass = path.hasSuffix(".bbclass")
        if isClass { try addToInheritCache(path, store: store) }
        let oldFile = include ? try store.getVar("FILE", expand: false) : nil
        let absolute = try resolveFile(path, store: store)
        let parsed = try parsedFile(absolute, dialect: .recipe)
        if !isClass, Value.string(absolute) != oldFile { try store.setVar("FILE", .string(absolute)) }
        do {
            try evaluate(parsed.statements, into: store)
        } catch where error.kind == .skipRecipe {
            try store.setVar("__SKIPPED", .bool(true))
            if !include { return ParsedRecipe(main: store, variants: []) }
        }
        if !isClass && !include {
            return try finalizeRecipe(absolute, store: store)
        }
        if !isClass, let oldFile, oldFile.isTruthy, Value.string(absolute) != oldFile {
            try store.setVar("FILE", oldFile)
        }
        return nil
    }

    /// `resolve_file`: a relative name is searched along BBPATH; every candidate is recorded
    /// as a dependency (BBINCLUDED lists them).
    func resolveFile(_ path: String, store: DataStore) throws(EvaluationError) -> String {
        var resolved = path
        if !path.hasPrefix("/") {
            let bbpath = try store.getVar("BBPATH")?.stringValue
            let (found, attempts) = which(bbpath ?? "", path)
            for a in attempts { store.markDependency(a) }
            guard let found else {
                throw EvaluationError(.missingFile, "file \(path) not found in \(bbpath ?? "None")")
            }
            resolved = found
        } else {
            store.markDependency(path)
        }
        guard isRegularFile(resolved) else {
            throw EvaluationError(.missingFile, "file \(resolved) not found")
        }
        return resolved
    }

    /// Whether `path` exists and is not a directory, remembered for the run like `exists`.
    func isRegularFile(_ path: String) -> Bool {
        if let known = regularFiles[path] { return known }
        var isDirectory: ObjCBool = false
        let found = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        regularFiles[path] = found
        return found
    }

    /// `bb.utils.which(path, item, history=True)`: the first `dir/item` that exists, made
    /// absolute, and every candidate tried up to it.
    func which(_ searchPath: String, _ item: String) -> (String?, [String]) {
        let key = WhichKey(searchPath: searchPath, item: item)
        if let known = whichResults[key] { return known }
        let result = searchPathLookup(searchPath, item)
        whichResults[key] = result
        return result
    }

    private struct WhichKey: Hashable {
        var searchPath: String
        var item: String

        /// The search path (BBPATH, hundreds of bytes) is the same for nearly every lookup:
        /// hashing only its length leaves it to one `==` on a hit instead of a full hash.
        func hash(into hasher: inout Hasher) {
            hasher.combine(item)
            hasher.combine(searchPath.utf8.count)
        }
    }

    private func searchPathLookup(_ searchPath: String, _ item: String) -> (String?, [String]) {
        var attempts: [String] = []
        for dir in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = Self.joinPath(String(dir), item)
            attempts.append(candidate)
            if exists(candidate) {
                return (candidate.hasPrefix("/") ? candidate : Self.absolutePath(candidate), attempts)
            }
        }
        return (nil, attempts)
    }

    /// `os.path.exists`, remembered for the run.
    func exists(_ path: String) -> Bool {
        if let known = existence[path] { return known }
        let found = FileManager.default.fileExists(atPath: path)
        existence[path] = found
        return found
    }

    /// `os.path.join(a, b)` for two parts.
    static func joinPath(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") || a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// `os.path.abspath`: joined to the working directory and normalised.
    static func absolutePath(_ path: String) -> String {
        if isNormalAbsolute(path) { return path }
        let joined = path.hasPrefix("/") ? path : joinPath(FileManager.default.currentDirectoryPath, path)
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `path` is absolute with nothing to normalise: no empty, `.` or `..` component
    /// and no trailing slash (most paths bake builds itself).
    static func isNormalAbsolute(_ path: String) -> Bool {
        guard path.utf8.first == UInt8(ascii: "/") else { return false }
        if path.utf8.count == 1 { return true }
        let dot = UInt8(ascii: ".")
        for part in path.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if part.isEmpty || part.elementsEqual([dot]) || part.elementsEqual([dot, dot]) { return false }
        }
        return true
    }

    /// `absolutePath`, remembered for the run (BBINCLUDED normalises the same paths per recipe).
    func absolutePath(_ path: String) -> String {
        if let known = absolutePaths[path] { return known }
        let result = Self.absolutePath(path)
        absolutePaths[path] = result
        return result
    }

    static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let head = String(path[..<slash])
        return head.isEmpty ? "/" : head
    }
}

extension DataStore {
    /// `bb.parse.mark_dependency`: a file this datastore's parse looked at.
    func markDependency(_ path: String) {
        ownDependencies.append(path)
    }

    /// BitBake's `renameVar("__depends", "__base_depends")` once the configuration is parsed.
    func moveDependenciesToBase() {
        baseDependencies = fileDependencies
        ownDependencies = FileDependencyList()
    }
}

extension MetadataEvaluator {
    /// Parses `path` as a recipe on `configuration` (or, without one, an empty configuration
    /// with BBPATH set to its folder: how `bake eval` and the conformance suite use BitBake).
    /// Returns the finalised datastore.
    public func evaluateRecipe(
        at path: String, configuration: DataStore? = nil, bbpath: String? = nil, trackHistory: Bool = false
    ) throws(EvaluationError) -> DataStore {
        let store: DataStore
        if let configuration {
            store = configuration.createCopy()
        } else {
            store = DataStore()
            if trackHistory { store.enableTracking() }
            try store.setVar("__bbclasstype", .string("recipe"))
        }
        store.python = lazyPython
        if let bbpath { try store.setVar("BBPATH", .string(bbpath)) }
        if configuration == nil && bbpath == nil { try store.setVar("BBPATH", .string(Self.dirname(path))) }
        return try handle(path, into: store, include: false)?.main ?? store
    }

    /// A base configuration as BitBake's cooker builds one from configuration files: each file
    /// in order, then `base.bbclass` and the classes in `INHERIT`.
    public func evaluateConfiguration(
        files: [String], bbpath: String?, trackHistory: Bool = false
    ) throws(EvaluationError) -> DataStore {
        let store = DataStore()
        if trackHistory { store.enableTracking() }
        store.python = lazyPython
        if let bbpath { try store.setVar("BBPATH", .string(bbpath)) }
        for file in files {
            try handle(file, into: store, include: false)
        }
        try store.setVar("__bbclasstype", .string("recipe"))
        let classes = ["base"] + splitWords(try store.getVar("INHERIT")?.pythonString ?? "")
        for name in classes {
            try inherit(name, from: "configuration INHERITs", line: 0, store: store)
        }
        return store
    }
}

/// Starts the interpreter only when metadata first needs Python: recipes without `${@}`
/// never pay for it.
final class LazyPython: InlinePythonEvaluator {
    // Unsafe is sound here: the object is stateless, and Python itself is only ever driven
    // from the one thread that parses in this process.
    nonisolated(unsafe) static let shared = LazyPython()

    func evaluateInline(_ code: String, variable: String?, store: DataStore) throws(InlinePythonFailure) -> String {
        let python: PythonInterpreter
        do { python = try PythonInterpreter.shared() } catch { throw .error(error) }
        return try python.evaluateInline(code, variable: variable, store: store)
    }

    /// No `def` runs before the interpreter starts.
    var definitionEpoch: Int { PythonInterpreter.current?.definitionEpoch ?? 0 }
}
