import Foundation

extension Fetcher {
    /// `verify_checksum`: compares the file's checksums with the recipe's and returns them all
    /// (for the `.done` stamp). `precomputed` values are trusted instead of re-reading the file.
    /// - Throws: `.checksumMismatch` (BitBake's `ChecksumError` text), or `.missingChecksum`
    ///   when BB_STRICT_CHECKSUM = "1" and the recipe gives none.
    @discardableResult
    func verifyChecksum(
        _ entry: FetchEntry, at path: String? = nil, precomputed: [String: String] = [:],
        fatalNoChecksum: Bool = true, context: FetchContext? = nil
    ) throws -> [String: String] {
        let context = context ?? self.context
        if entry.ignoreChecksums || !entry.supportsChecksum { return [:] }
        let localPath = path ?? entry.localPath
        var actual = precomputed
        if FileDigests.ids.contains(where: { actual[$0] == nil }) {
            let computed = try FileDigests.all(of: localPath)
            for id in FileDigests.ids where actual[id] == nil { actual[id] = computed[id] }
        }
        let sha256 = entry.checksums["sha256"]!
        let suggestion = "SRC_URI[\(sha256.name)] = \"\(actual["sha256"] ?? "")\""

        if fatalNoChecksum && entry.method == .http && entry.checksums.values.allSatisfy({ $0.expected == nil }) {
            let strict = context.value("BB_STRICT_CHECKSUM") ?? "0"
            if strict == "1" { throw FetchError(.missingChecksum, suggestion, url: entry.url) }
            if strict != "ignore" {
                context.log(
                    "WARNING: Missing checksum for '\(localPath)', consider adding at least one to the recipe:\n\(suggestion)")
            }
        }

        var messages = ["Checksum mismatch!"]
        var bad = false
        for id in FileDigests.ids {
            guard let expected = entry.checksums[id]?.expected, let value = actual[id], expected != value else { continue }
            messages.append("File: '\(localPath)' has \(id) checksum '\(value)' when '\(expected)' was expected")
            bad = true
        }
        if bad {
            messages.append(
                "If this change is expected (e.g. you have upgraded to a new version without updating the checksums) then you can use these lines within the recipe:"
            )
            messages.append(suggestion)
            messages.append(
                "Otherwise you should retry the download and/or check with upstream to determine if the file has become corrupted or otherwise unexpectedly modified."
            )
            throw FetchError(
                .checksumMismatch, "Fetcher failure for URL: '\(entry.url)'. " + messages.joined(separator: "\n"),
                url: entry.url)
        }
        return actual
    }

    /// `verify_donestamp`: is the download already there, with a stamp and the right checksums?
    /// A stale stamp (file gone) is removed; a file with wrong checksums is removed with its
    /// stamp so the download starts again.
    func verifyDoneStamp(_ entry: FetchEntry, original: FetchEntry? = nil, context: FetchContext? = nil) throws -> Bool {
        guard let stamp = entry.doneStamp else { return true }
        if let original, original.doneStamp == nil { return true }
        let manager = FileManager.default
        guard manager.fileExists(atPath: entry.localPath) else {
            if manager.fileExists(atPath: stamp) { removeItem(stamp) }
            return false
        }
        if !entry.supportsChecksum || (original.map { !$0.supportsChecksum } ?? false) {
            return manager.fileExists(atPath: stamp)
        }
        var precomputed: [String: String] = [:]
        if manager.fileExists(atPath: stamp), Self.isDirectory(entry.localPath) || Self.isOlder(entry.localPath, than: stamp) {
            precomputed = DoneStamp.read(stamp) ?? [:]
        }
        do {
            let checksums = try verifyChecksum(entry, precomputed: precomputed, context: context)
            if checksums != precomputed { try DoneStamp.write(checksums, to: stamp) }
            return true
        } catch let error as FetchError where error.code == .checksumMismatch {
            (context ?? self.context).log(
                "WARNING: Checksum mismatch for local file \(entry.localPath)\nCleaning and trying again.")
            removeItem(entry.localPath)
            removeItem(stamp)
            return false
        }
    }

    /// `update_stamp`: touches an existing stamp, or verifies the checksums and writes one.
    /// On a mismatch the download and its stamp are removed (BitBake renames the file to
    /// `*_bad-checksum_*`; bake leaves nothing in DL_DIR) and the error is rethrown.
    func updateDoneStamp(_ entry: FetchEntry, context: FetchContext? = nil) throws {
        guard let stamp = entry.doneStamp else { return }
        if FileManager.default.fileExists(atPath: stamp) {
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: stamp)
            return
        }
        do {
            let checksums = try verifyChecksum(entry, context: context)
            try FileManager.default.createDirectory(
                atPath: (stamp as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try DoneStamp.write(checksums, to: stamp)
        } catch let error as FetchError where error.code == .checksumMismatch {
            (context ?? self.context).log(
                "WARNING: Checksum mismatch for local file \(entry.localPath)\nCleaning and trying again.")
            removeItem(entry.localPath)
            removeItem(stamp)
            throw error
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func isOlder(_ path: String, than other: String) -> Bool {
        var first = stat()
        var second = stat()
        guard stat(path, &first) == 0, stat(other, &second) == 0 else { return false }
        let a = (first.st_mtim.tv_sec, first.st_mtim.tv_nsec)
        let b = (second.st_mtim.tv_sec, second.st_mtim.tv_nsec)
        return a < b
    }
}
