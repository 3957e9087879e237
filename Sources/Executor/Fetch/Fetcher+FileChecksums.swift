import Foundation

/// A FILESPATH candidate of a `file://` entry: BitBake's `get_checksum_file_list` item
/// `path:True|False` (every candidate up to the one found is listed, so that adding a file
/// earlier in FILESPATH changes the signature).
public struct FileChecksumCandidate: Hashable, Sendable {
    public var path: String
    public var exists: Bool

    /// The `path:True`/`path:False` text BitBake stores in `do_fetch[file-checksums]`.
    public var flagText: String { "\(path):\(exists ? "True" : "False")" }
}

/// A local file whose content feeds task signatures (`bb.fetch2.get_file_checksums`).
///
/// BitBake 2.19 puts the file's MD5 in the signature (`FileChecksumCache.get_checksum` uses
/// `bb.utils.md5_file`); `md5` is that value, `sha256` is given beside it for callers that
/// want a stronger hash. Files found inside a directory entry carry a `/./` marking where the
/// directory ends, as BitBake writes them.
public struct FileChecksum: Hashable, Sendable {
    public var path: String
    public var md5: String
    public var sha256: String
}

extension Fetcher {
    /// The FILESPATH candidates of every `file://` entry, in SRC_URI order.
    /// - Throws: `FetchError` (`.missingFile`) when an entry is found nowhere, with the paths
    ///   searched (BitBake's "Unable to get checksum for ... file could not be found").
    public func fileChecksumCandidates() throws -> [FileChecksumCandidate] {
        var list: [FileChecksumCandidate] = []
        for entry in entries where entry.method == .local {
            var found = false
            for path in entry.searchPaths {
                let exists = FileManager.default.fileExists(atPath: path)
                found = found || exists
                list.append(FileChecksumCandidate(path: path, exists: exists))
            }
            if !found {
                let pn = context.value("PN") ?? ""
                throw FetchError(
                    .missingFile,
                    "Unable to get checksum for \(pn) SRC_URI entry \((entry.decoded.path as NSString).lastPathComponent): file could not be found\nThe following paths were searched:\n"
                        + entry.searchPaths.joined(separator: "\n"),
                    url: entry.url)
            }
        }
        return list
    }

    /// The checksums of every existing local file and of every file under a local directory
    /// (skipping BB_SIGNATURE_LOCAL_DIRS_EXCLUDE names, default CVS .bzr .git .hg .osc .p4
    /// .repo .svn), sorted by checksum as BitBake sorts them.
    public func fileChecksums() throws -> [FileChecksum] {
        let exclude = Set(
            (context.value("BB_SIGNATURE_LOCAL_DIRS_EXCLUDE") ?? "CVS .bzr .git .hg .osc .p4 .repo .svn")
                .split(whereSeparator: \.isWhitespace).map(String.init))
        let pn = context.value("PN") ?? ""
        return try Self.fileChecksums(of: try fileChecksumCandidates(), excluding: exclude) { name, error in
            context.log("WARNING: Unable to get checksum for \(pn) SRC_URI entry \(name): \(error)")
        }
    }

    /// `bb.fetch2.get_file_checksums`: the checksums of the existing candidates, a directory
    /// counting with every file below it (`dir/./file`, `exclude` names skipped), sorted by
    /// checksum as BitBake sorts them. Builds use it on a task's `[file-checksums]` list.
    public static func fileChecksums(
        of candidates: [FileChecksumCandidate], excluding exclude: Set<String>,
        warn: (_ name: String, _ error: any Error) -> Void = { _, _ in }
    ) throws -> [FileChecksum] {
        var result: [FileChecksum] = []
        func add(_ path: String, reading real: String) {
            do {
                result.append(FileChecksum(path: path, md5: try FileDigests.md5(of: real), sha256: try FileDigests.sha256(of: real)))
            } catch {
                warn((real as NSString).lastPathComponent, error)
            }
        }
        for candidate in candidates where candidate.exists {
            let path = candidate.path
            if isDirectory(path) {
                if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil { continue }
                var root = path
                while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
                if root == "/" { throw FetchError(.invalidParameter, "Refusing to checksum /") }
                walk(root, relative: "", exclude: exclude) { relative in
                    add(root + "/./" + relative, reading: root + "/" + relative)
                }
            } else {
                add(path, reading: path)
            }
        }
        // Python's sort is stable: equal checksums keep their walk order.
        return result.enumerated().sorted { ($0.element.md5, $0.offset) < ($1.element.md5, $1.offset) }.map(\.element)
    }

    /// `os.walk` without following directory symlinks: files of a directory, then its
    /// subdirectories (names sorted, for a stable order).
    private static func walk(_ root: String, relative: String, exclude: Set<String>, _ body: (String) -> Void) {
        let directory = relative.isEmpty ? root : root + "/" + relative
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory).sorted() else { return }
        var subdirectories: [String] = []
        for name in names {
            let full = directory + "/" + name
            let child = relative.isEmpty ? name : relative + "/" + name
            let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) != nil
            if Self.isDirectory(full) {
                if !exclude.contains(name) && !isLink { subdirectories.append(child) }
                if isLink { continue }
            } else {
                body(child)
            }
        }
        for child in subdirectories { walk(root, relative: child, exclude: exclude, body) }
    }
}
