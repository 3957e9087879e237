import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The recipe files of a configuration as the cooker collects them (`collect_bbfiles`):
/// `BBFILES` globs in priority order, `BBMASK` applied, `.bbappend` files set aside.
public struct RecipeFiles: Sendable {
    /// `.bb` files, lowest layer priority first (the order BitBake parses them in).
    public var recipes: [String]
    /// `(recipe file name the append applies to, append path)`, in collection order.
    public var appends: [(target: String, path: String)]
    /// Files `BBMASK` removed.
    public var masked: Int
    public var warnings: [String]
    /// What they were collected with: the prioritised `BBFILES` and `BBMASK`.
    public var patterns: [String] = []
    public var maskText: String?

    /// Collects the files `data`'s `BBFILES` names.
    public static func collect(_ data: DataStore, collections: [LayerCollection]) throws(EvaluationError) -> RecipeFiles {
        var patterns = splitWords(try data.getVar("BBFILES")?.pythonString ?? "")
        // A stable sort on the priority alone, as Python's `list.sort(key=...)`.
        patterns = patterns.enumerated().sorted { a, b in
            let pa = LayerCollection.collection(for: a.element, in: collections)?.priority ?? 0
            let pb = LayerCollection.collection(for: b.element, in: collections)?.priority ?? 0
            return pa != pb ? pa < pb : a.offset < b.offset
        }.map(\.element)
        try data.setVar("BBFILES_PRIORITIZED", .string(patterns.joined(separator: " ")))
        return collect(patterns: patterns, mask: try data.getVar("BBMASK")?.pythonString)
    }

    /// The recipes and bbappends the prioritised `BBFILES` patterns find, less those `BBMASK`
    /// (its text) matches. Directories are walked, globs expanded, at every call.
    public static func collect(patterns: [String], mask maskText: String?) -> RecipeFiles {
        var warnings: [String] = []
        var found: [String] = []
        var seen: Set<String> = []
        func add(_ path: String) { if seen.insert(path).inserted { found.append(path) } }
        for pattern in patterns {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: pattern, isDirectory: &isDirectory), isDirectory.boolValue {
                for file in walk(pattern) { add(file) }
            } else {
                var matches = glob(pattern)
                if matches.isEmpty && FileManager.default.fileExists(atPath: pattern) { matches = [pattern] }
                for file in matches.sorted() { add(file) }
            }
        }

        var mask: NSRegularExpression?
        if let text = maskText, !text.isEmpty {
            var valid: [String] = []
            for var entry in splitWords(text) {
                if entry.hasPrefix("|") {
                    warnings.append("BBMASK contains regular expression beginning with '|', fixing: \(entry)")
                    entry.removeFirst()
                }
                if (try? NSRegularExpression(pattern: entry)) != nil {
                    valid.append(entry)
                } else {
                    warnings.append("BBMASK contains an invalid regular expression, ignoring: \(entry)")
                }
            }
            mask = try? NSRegularExpression(pattern: valid.joined(separator: "|"))
        }

        var result = RecipeFiles(recipes: [], appends: [], masked: 0, warnings: warnings, patterns: patterns, maskText: maskText)
        for file in found {
            if let mask, mask.firstMatch(in: file, range: NSRange(file.startIndex..., in: file)) != nil {
                result.masked += 1
                continue
            }
            if file.hasSuffix(".bb") {
                result.recipes.append(file)
            } else if file.hasSuffix(".bbappend") {
                let name = (file as NSString).lastPathComponent
                result.appends.append((String(name.dropLast("append".count)), file))
            }
        }
        return result
    }

    /// `get_file_appends`: the appends for `recipe`, an exact file name match or a `%`
    /// wildcard matching the rest of the name.
    public func appends(for recipe: String) -> [String] {
        let name = (recipe as NSString).lastPathComponent
        return appends.compactMap { target, path in
            if target == name { return path }
            if let percent = target.firstIndex(of: "%"), name.hasPrefix(target[..<percent]) { return path }
            return nil
        }
    }

    /// `os.walk` collecting `.bb` and `.bbappend` files, skipping version-control folders.
    private static func walk(_ root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let entry = walker.nextObject() as? String {
            let last = (entry as NSString).lastPathComponent
            if ["SCCS", "CVS", ".svn"].contains(last), walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory {
                walker.skipDescendants()
                continue
            }
            if entry.hasSuffix(".bb") || entry.hasSuffix(".bbappend") {
                files.append(MetadataEvaluator.joinPath(root, entry))
            }
        }
        return files
    }

    /// Python's `glob.glob` (no `**` recursion, hidden names only matched explicitly): glibc's
    /// `glob(3)` has the same rules.
    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }
    }
}
