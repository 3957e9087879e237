import Foundation

extension Fetcher {
    /// `mirror_from_string`: whitespace-separated words (a literal `\n` counts as a separator),
    /// taken in `(find, replace)` pairs; an odd last word is dropped with a warning.
    static func mirrorLines(_ text: String?, log: (String) -> Void = { _ in }) -> [(find: String, replace: String)] {
        let words = (text ?? "").replacingOccurrences(of: "\\n", with: " ").split(whereSeparator: \.isWhitespace)
            .map(String.init)
        if words.count % 2 != 0 { log("WARNING: Invalid mirror data \(text ?? ""), should have paired members.") }
        return stride(from: 0, to: words.count - 1, by: 2).map { (words[$0], words[$0 + 1]) }
    }

    /// `try_mirrors`: every rewritten URL in turn until one yields the download.
    func tryMirrors(_ original: FetchEntry, lines: [(find: String, replace: String)], context: FetchContext) throws -> Bool {
        for candidate in try mirrorCandidates(original, lines: lines, context: context) {
            if try tryMirror(original, candidate, context: context) { return true }
        }
        return false
    }

    /// `build_mirroruris`: applies each line to the URL, then (recursively) the remaining lines
    /// to each result, skipping duplicates and untrusted hosts.
    func mirrorCandidates(
        _ original: FetchEntry, lines: [(find: String, replace: String)], context: FetchContext
    ) throws -> [FetchEntry] {
        let replacements = Self.mirrorReplacements(original.decoded)
        let tarballs: [String?] = original.mirrorTarballs.isEmpty ? [nil] : original.mirrorTarballs
        var uris: [String] = []
        var entries: [FetchEntry] = []

        func add(_ entry: FetchEntry, _ remaining: [(find: String, replace: String)]) throws {
            for (index, line) in remaining.enumerated() {
                for tarball in tarballs {
                    guard
                        let newURI = try MirrorRewrite.replace(
                            entry, find: line.find, replace: line.replace, replacements: replacements, tarball: tarball),
                        !uris.contains(newURI), newURI != original.url
                    else { continue }
                    guard try trustedNetwork(newURI, context: context) else {
                        context.log("Mirror \(newURI) not in the list of trusted networks, skipping")
                        continue
                    }
                    var rest = remaining
                    rest.remove(at: index)
                    var candidate: FetchEntry
                    do {
                        candidate = try FetchEntry(url: newURI, context: context)
                    } catch {
                        context.log("Mirror fetch failure for url \(newURI) (original url: \(original.url)): \(error)")
                        continue
                    }
                    candidate.ignoreChecksums = true
                    uris.append(newURI)
                    entries.append(candidate)
                    try add(candidate, rest)
                }
            }
        }
        try add(original, lines)
        return entries
    }

    /// The placeholders a mirror line's replacement may use, from the original URL.
    static func mirrorReplacements(_ decoded: FetchURL) -> [(String, String)] {
        [
            ("TYPE", decoded.type), ("HOST", decoded.host), ("PATH", decoded.path),
            ("BASENAME", String(decoded.path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")),
            (
                "MIRRORNAME",
                decoded.host.replacingOccurrences(of: ":", with: ".")
                    + decoded.path.replacingOccurrences(of: "/", with: ".").replacingOccurrences(of: "*", with: ".")
            ),
        ]
    }

    /// `try_mirror_url`: fetches one rewritten URL and links the result where the original
    /// expects it (a git mirror tarball is unpacked into the clone directory instead).
    func tryMirror(_ original: FetchEntry, _ candidate: FetchEntry, context: FetchContext) throws -> Bool {
        do {
            let candidateBody = { () throws -> Bool in
                if try !self.verifyDoneStamp(candidate, original: original, context: context)
                    || self.needsUpdate(candidate)
                {
                    try self.downloadUpstream(candidate, context: context)
                }
                return FileManager.default.fileExists(atPath: candidate.localPath)
            }
            let present =
                candidate.lockFile != nil && candidate.lockFile != original.lockFile
                ? try withLock(candidate, candidateBody) : try candidateBody()
            guard present else { return false }
            if candidate.localPath == original.localPath { return true }

            let name = (candidate.localPath as NSString).lastPathComponent
            if original.mirrorTarballs.contains(name) && name != (original.localPath as NSString).lastPathComponent {
                if let stamp = candidate.doneStamp {
                    try FileManager.default.createDirectory(
                        atPath: (stamp as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    if !FileManager.default.fileExists(atPath: stamp) {
                        _ = FileManager.default.createFile(atPath: stamp, contents: Data())
                    }
                }
                let dest = try context.downloadDirectory(for: original.url) + "/" + name
                if !FileManager.default.fileExists(atPath: dest) {
                    try? FileManager.default.createSymbolicLink(atPath: dest, withDestinationPath: candidate.localPath)
                }
                if try !verifyDoneStamp(original, context: context) || needsUpdate(original) {
                    try downloadUpstream(original, context: context)
                }
                return true
            }
            ensureSymlink(target: candidate.localPath, link: original.localPath)
            try updateDoneStamp(original, context: context)
            return true
        } catch let error as FetchError where error.code == .networkAccess || error.code == .missingChecksum {
            throw error
        } catch let error as FetchError {
            if error.code == .checksumMismatch {
                context.log(
                    "WARNING: Mirror checksum failure for url \(candidate.url) (original url: \(original.url))\nCleaning and trying again.\n\(error.message)"
                )
                // A download of ours is removed; a file:// mirror's own file is left alone.
                if candidate.method != .local { removeItem(candidate.localPath) }
            } else {
                context.log("Mirror fetch failure for url \(candidate.url) (original url: \(original.url)): \(error.message)")
            }
            if cleansUpOnFailure(candidate) { clean(candidate) }
            return false
        }
    }

    /// `ensure_symlink`: creates `link` -> `target` unless `link` already resolves.
    func ensureSymlink(target: String, link: String) {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: link) else { return }
        try? manager.createDirectory(atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if (try? manager.destinationOfSymbolicLink(atPath: link)) != nil { removeItem(link) }
        try? manager.createSymbolicLink(atPath: link, withDestinationPath: target)
    }
}
