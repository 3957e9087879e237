import Foundation

extension Fetcher {
    /// Unpacks every entry into `root` (OE-core passes UNPACKDIR, `${WORKDIR}/sources` by
    /// default; when nil, UNPACKDIR is read). Archives are extracted, single compressed files
    /// decompressed, other files and directories copied (a `file://` entry keeps its relative
    /// directories); git entries are checked out. `;subdir=` picks a directory under the root,
    /// `;unpack=0` copies an archive as is. The root is not emptied first: OE-core's do_unpack
    /// does that through `[cleandirs]`.
    /// - Throws: `FetchError` (`.unpackFailed`) naming the URL and the failing command.
    public func unpack(into root: String? = nil) throws {
        guard let root = root ?? context.value("UNPACKDIR") else {
            throw FetchError(.missingParameter, "UNPACKDIR is not set and no unpack directory was given")
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for entry in entries {
            try withLock(entry) {
                if entry.method == .git {
                    try gitUnpack(entry, into: root)
                } else {
                    try unpackFile(entry, into: root)
                }
            }
        }
    }

    /// `subdir=`: relative to the root, or absolute but inside it.
    static func subdirectory(_ subdir: String, of root: String, url: String) throws -> String {
        let directory: String
        if subdir.hasPrefix("/") {
            let real = (subdir as NSString).resolvingSymlinksInPath
            let realRoot = (root as NSString).resolvingSymlinksInPath
            guard real.hasPrefix(realRoot) else {
                throw FetchError.unpack("subdir argument isn't a subdirectory of unpack root \(root)", url: url)
            }
            directory = subdir
        } else {
            directory = FetchEntry.join(root, subdir)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// `FetchMethod.unpack` for files.
    func unpackFile(_ entry: FetchEntry, into root: String) throws {
        let file = entry.localPath
        let parameters = entry.parameters
        let unpack: Bool
        do {
            unpack = try FetchContext.toBoolean(parameters["unpack"], default: true, what: "unpack")
        } catch {
            throw FetchError.unpack("Invalid value for 'unpack' parameter for \(file): \(parameters["unpack"] ?? "")", url: entry.url)
        }
        let directory = try parameters["subdir"].map { try Self.subdirectory($0, of: root, url: entry.url) } ?? root

        let base = (file as NSString).deletingPathExtension
        let ext = (file as NSString).pathExtension
        // A single compressed file is decompressed into the root, even with subdir (as BitBake).
        let expanded =
            [".gz", ".bz2", ".Z", ".xz", ".lz", ".zst"].contains("." + ext)
            ? FetchEntry.join(root, (base as NSString).lastPathComponent) : file
        let q = FetchCommand.shellQuote

        var command: FetchCommand?
        if unpack {
            var tar = ["tar", "--extract", "--no-same-owner"]
            if let strip = parameters["striplevel"] {
                guard !strip.isEmpty, strip.allSatisfy(\.isNumber) else {
                    throw FetchError.unpack("Invalid striplevel parameter: \(strip)", url: entry.url)
                }
                tar.append("--strip-components=\(strip)")
            }
            let tarLine = tar.map(q).joined(separator: " ")
            func ends(_ suffixes: String...) -> Bool { suffixes.contains { file.hasSuffix($0) } }
            if ends(".tar") {
                command = FetchCommand(tar + ["-f", file])
            } else if ends(".tgz", ".tar.gz", ".tar.Z") {
                command = FetchCommand(tar + ["-z", "-f", file])
            } else if ends(".tbz", ".tbz2", ".tar.bz2") {
                command = FetchCommand(tar + ["-j", "-f", file])
            } else if ends(".gz", ".Z", ".z") {
                command = .shell("gzip -dc \(q(file)) > \(q(expanded))")
            } else if ends(".bz2") {
                command = .shell("bzip2 -dc \(q(file)) > \(q(expanded))")
            } else if ends(".txz", ".tar.xz") {
                command = FetchCommand(tar + ["-J", "-f", file])
            } else if ends(".xz") {
                command = .shell("xz -dc \(q(file)) > \(q(expanded))")
            } else if ends(".tar.lz") {
                command = FetchCommand(tar + ["--lzip", "-f", file])
            } else if ends(".lz") {
                command = .shell("lzip -dc \(q(file)) > \(q(expanded))")
            } else if ends(".tar.7z") {
                command = .shell("7z x -so \(q(file)) | \(tarLine) -f -")
            } else if ends(".7z") {
                command = .shell("7za x -y \(q(file)) 1>/dev/null")
            } else if ends(".tzst", ".tar.zst") {
                command = .shell("zstd --decompress --stdout \(q(file)) | \(tarLine) -f -")
            } else if ends(".zst") {
                command = .shell("zstd --decompress --stdout \(q(file)) > \(q(expanded))")
            } else if ends(".zip", ".jar") {
                let dos: Bool
                do {
                    dos = try FetchContext.toBoolean(parameters["dos"], default: false, what: "dos")
                } catch {
                    throw FetchError.unpack("Invalid value for 'dos' parameter for \(file): \(parameters["dos"] ?? "")", url: entry.url)
                }
                command = FetchCommand(["unzip", "-q", "-o"] + (dos ? ["-a"] : []) + [file])
            } else if ends(".rpm", ".srpm") {
                let extract = parameters["extract"].map { " " + q($0) } ?? ""
                command = .shell("rpm2cpio.sh \(q(file)) | cpio --no-absolute-filenames -id\(extract)")
            } else if ends(".deb", ".ipk") {
                try unpackDebian(entry, tar: tar, in: directory)
                return
            }
        }
        if command == nil {
            let dest = FetchEntry.join(directory, (file as NSString).lastPathComponent)
            if file == dest || Self.sameFile(file, dest) { return }
            var destdir = "."
            if entry.decoded.type == "file" {
                var urlPath = entry.decoded.path
                while urlPath.hasSuffix("/") { urlPath.removeLast() }
                while urlPath.hasPrefix("/") { urlPath.removeFirst() }
                if let slash = urlPath.lastIndex(of: "/") {
                    destdir = String(urlPath[..<slash]) + "/"
                    try FileManager.default.createDirectory(
                        atPath: FetchEntry.join(directory, destdir), withIntermediateDirectories: true)
                }
            }
            command = FetchCommand([
                "cp", "--force", "--preserve=timestamps", "--no-dereference", "--recursive", "-H", file, destdir,
            ])
        }
        guard var command else { return }
        command.directory = directory
        let result = try command.result()
        if result.status != 0 {
            throw FetchError.unpack(
                "Unpack command \(command.display) failed with return value \(result.status)\n\(result.output)", url: entry.url)
        }
    }

    /// `.deb`/`.ipk`: the `data.tar*` member, extracted.
    private func unpackDebian(_ entry: FetchEntry, tar: [String], in directory: String) throws {
        let listing = try FetchCommand(["ar", "-t", entry.localPath], in: directory).result()
        guard listing.status == 0, !listing.output.isEmpty else {
            throw FetchError.unpack("Unable to unpack deb/ipk package - could not list contents", url: entry.url)
        }
        let valid = ["data.tar", "data.tar.gz", "data.tar.xz", "data.tar.zst", "data.tar.bz2", "data.tar.lzma"]
        guard let member = listing.output.split(separator: "\n").map(String.init).first(where: valid.contains) else {
            throw FetchError.unpack(
                "Unable to unpack deb/ipk package - does not contain supported data.tar* file", url: entry.url)
        }
        for command in [FetchCommand(["ar", "x", entry.localPath, member]), FetchCommand(tar + ["-p", "-f", member])] {
            var command = command
            command.directory = directory
            let result = try command.result()
            if result.status != 0 {
                throw FetchError.unpack(
                    "Unpack command \(command.display) failed with return value \(result.status)\n\(result.output)",
                    url: entry.url)
            }
        }
        removeItem(FetchEntry.join(directory, member))
    }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat()
        var second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
