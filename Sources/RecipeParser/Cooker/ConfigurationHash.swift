import Crypto
import Foundation

/// The key of the parse cache: a SHA-256 over everything that shapes every recipe's parse but
/// is not one of its file dependencies.
///
/// - The configuration datastore as BitBake's `data_smart.get_hash` sees it: on a key-expanded
///   copy, every variable's unexpanded value and all its flags (internal ones included, with
///   pending `:append`/`:prepend`/`:remove`; `vardepvalue` expanded), names starting with `__`
///   left out except `__BBTASKS`, `__BBANONFUNCS` and `__BBHANDLERS`. The approved environment
///   variables are datastore variables, so changing one changes the key. Left out as well:
///   `BB_HASHCONFIG_IGNORE_VARS` names (the configuration's own opt-out) and `BB_ORIGENV`, the
///   whole unfiltered environment: BitBake hashes it, but it differs between any two shells
///   (`OLDPWD`, `SHLVL`, terminal and agent variables) and would make every new shell a cold
///   parse, while what reaches recipes from it through the approved names is already hashed.
/// - The stat signature of every `.py` file under an `addpylib` folder: metadata imports them.
/// - bake itself: the cache format number, the running executable and its bundled Python
///   (a rebuilt bake may parse differently).
public enum ConfigurationHash {
    /// Bumped whenever `RecipeInfo` or the cache layout changes.
    public static let formatVersion: UInt64 = 2

    /// - Parameters:
    ///   - configuration: the cooker's configuration.
    ///   - pythonLibraries: `MetadataEvaluator.pythonLibraryDirectories` after the configuration.
    /// - Returns: 32 bytes.
    public static func key(_ configuration: DataStore, pythonLibraries: [String]) throws(EvaluationError) -> [UInt8] {
        var hasher = SHA256()
        var chunk = HashFeed()
        chunk.add("bake-parse-cache")
        chunk.add(String(formatVersion))
        for file in bakeFiles() { chunk.add(file, FileSignature.of(file)) }
        for directory in pythonLibraries {
            chunk.add("addpylib " + directory)
            for file in pythonFiles(under: directory) { chunk.add(file, FileSignature.of(file)) }
        }
        try datastoreDigest(configuration, into: &chunk)
        hasher.update(data: chunk.bytes)
        return Array(hasher.finalize())
    }

    /// `data_smart.get_hash`'s walk, fed to `chunk`.
    static func datastoreDigest(_ configuration: DataStore, into chunk: inout HashFeed) throws(EvaluationError) {
        let data = configuration.createCopy()
        try data.expandKeys { _ in }
        let ignored = Set(splitWords(try data.getVar("BB_HASHCONFIG_IGNORE_VARS")?.pythonString ?? "") + ["BB_ORIGENV"])
        for key in try data.keys().sorted() where !key.hasPrefix("__") && !ignored.contains(key) {
            chunk.add(key)
            chunk.add(try data.getVar(key, expand: false) ?? .string(""))
            for (flag, value) in try data.getVarFlags(key, internalFlags: true) ?? [] where flag != "_content" {
                chunk.add("[" + flag + "]")
                // An expansion that fails (Python bake does not provide) keeps the text: it
                // still changes when the metadata does.
                if flag == "vardepvalue", let expanded = try? data.expandValue(value, variable: key + "[" + flag + "]") {
                    chunk.add(expanded)
                } else {
                    chunk.add(value)
                }
            }
        }
        for key in ["__BBTASKS", "__BBANONFUNCS", "__BBHANDLERS"] {
            let list = try data.getVar(key, expand: false) ?? .list([])
            chunk.add(key)
            chunk.add(list)
            if key == "__BBANONFUNCS", case .list(let names) = list {
                for case .string(let name) in names { chunk.add(try data.getVar(name, expand: false) ?? .string("")) }
            }
        }
    }

    /// The executable and bake's own Python package.
    static func bakeFiles() -> [String] {
        var files: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            files.append(executable)
        }
        return files + pythonFiles(under: PythonInterpreter.pythonDirectory)
    }

    /// `.py` files below `directory`, sorted.
    static func pythonFiles(under directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let entry = walker.nextObject() as? String {
            if entry.hasSuffix(".py") { files.append(directory + "/" + entry) }
        }
        return files.sorted()
    }
}

/// An unambiguous byte stream of strings, values and signatures to hash: each item is tagged
/// and length-prefixed, so no two different sequences feed the same bytes.
struct HashFeed {
    var bytes: [UInt8] = []

    mutating func add(_ text: String) {
        bytes.append(0x53)
        addLength(text.utf8.count)
        bytes += text.utf8
    }

    mutating func add(_ path: String, _ signature: FileSignature) {
        add(path)
        bytes.append(signature.exists ? 0x46 : 0x41)
        for n in [UInt64(bitPattern: signature.modified), UInt64(bitPattern: signature.changed),
                  UInt64(bitPattern: signature.size), signature.inode] {
            addLength(n)
        }
    }

    mutating func add(_ value: Value) {
        switch value {
        case .string(let s): add(s)
        case .none: bytes.append(0x4E)
        case .int(let i):
            bytes.append(0x49)
            addLength(UInt64(bitPattern: Int64(i)))
        case .bool(let b): bytes.append(b ? 0x54 : 0x46)
        case .list(let items):
            bytes.append(0x4C)
            addLength(items.count)
            for item in items { add(item) }
        case .object:
            // A default repr names the object's address, which changes on every run: the
            // address is left out.
            bytes.append(0x4F)
            add(Self.withoutAddresses(value.pythonRepr))
        }
    }

    /// `<x.Y object at 0x7f...>` becomes `<x.Y object at 0x>`.
    static func withoutAddresses(_ text: String) -> String {
        guard text.contains(" at 0x") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: " at 0x") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...].drop { $0.isHexDigit }
        }
        return out + rest
    }

    private mutating func addLength(_ n: Int) { addLength(UInt64(n)) }

    private mutating func addLength(_ n: UInt64) {
        withUnsafeBytes(of: n.littleEndian) { bytes += $0 }
    }
}
