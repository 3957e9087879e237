import Foundation

extension Fetcher {
    /// The wget fetcher's `download`, with curl: into `<DL_DIR>/<name>.tmp`, checksum verified
    /// there, then renamed into place, so DL_DIR never holds a partial or a wrong file.
    ///
    /// curl rather than URLSession: it is one well-understood process per download with
    /// BitBake-like semantics (fail on HTTP errors, follow redirects, ftp as well as http),
    /// needs no run loop or delegate plumbing, and its stderr gives a clear failure reason.
    func httpDownload(_ entry: FetchEntry, context: FetchContext) throws {
        let dlDir = try context.downloadDirectory(for: entry.url)
        let realDL = (dlDir as NSString).resolvingSymlinksInPath
        let localFile = (entry.localPath as NSString).lastPathComponent
        let target = entry.localPath.hasPrefix(dlDir + "/") ? realDL + entry.localPath.dropFirst(dlDir.count) : entry.localPath
        let temporary = target + ".tmp"
        try FileManager.default.createDirectory(
            atPath: (temporary as NSString).deletingLastPathComponent, withIntermediateDirectories: true)

        let source = String(entry.url.prefix { $0 != ";" })
        var arguments = [
            "curl", "--fail", "--location", "--silent", "--show-error", "--retry", "1", "--connect-timeout", "30",
            "--output", temporary,
        ]
        if context.value("BB_CHECK_SSL_CERTS") == "0" { arguments.append("--insecure") }
        if !entry.decoded.user.isEmpty && !entry.decoded.password.isEmpty {
            arguments += ["--user", "\(entry.decoded.user):\(entry.decoded.password)"]
        }
        arguments.append(source)
        let command = FetchCommand(arguments)
        try checkNetworkAccess(url: entry.url, command: command.display, context: context)

        removeItem(temporary)
        let result = try command.result()
        guard result.status == 0 else {
            removeItem(temporary)
            throw FetchError.failure(
                "Fetch command \(command.display) failed with exit code \(result.status), output:\n\(result.output)",
                url: source)
        }
        guard FileManager.default.fileExists(atPath: temporary) else {
            throw FetchError.failure(
                "The fetch command returned success for url \(source) but \(temporary) doesn't exist?!", url: source)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: temporary)[.size] as? Int) ?? 0
        if size == 0 {
            removeItem(temporary)
            throw FetchError.failure(
                "The fetch of \(source) resulted in a zero size file?! Deleting and failing since this isn't right.",
                url: source)
        }
        do {
            try verifyChecksum(entry, at: temporary, fatalNoChecksum: false, context: context)
        } catch {
            removeItem(temporary)
            throw error
        }
        if rename(temporary, target) != 0 {
            removeItem(temporary)
            throw FetchError.failure("Cannot move \(temporary) to \(localFile)", url: source)
        }
    }

    /// The local fetcher's `download`: nothing to fetch, but the file must exist.
    func checkLocalExists(_ entry: FetchEntry) throws {
        guard entry.supportsChecksum, !FileManager.default.fileExists(atPath: entry.localPath) else { return }
        let locations = (context.value("FILESPATH") ?? "").split(separator: ":").map(String.init)
        throw FetchError(
            .missingFile,
            "Fetcher failure: Unable to find file \(entry.url) anywhere to download to \(entry.localPath). The paths that were searched were:\n    "
                + locations.joined(separator: "\n    "),
            url: entry.url)
    }
}
