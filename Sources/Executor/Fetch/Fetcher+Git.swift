import Foundation

extension Fetcher {
    /// The git command prefix BitBake uses (`FETCHCMD_git` overrides it).
    func gitBase() -> [String] {
        if let custom = context.value("FETCHCMD_git") {
            return custom.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        return [
            "git", "-c", "gc.autoDetach=false", "-c", "core.pager=cat", "-c", "safe.bareRepository=all", "-c",
            "clone.defaultRemoteName=origin",
        ]
    }

    private func git(_ arguments: [String], in directory: String? = nil) -> FetchCommand {
        FetchCommand(gitBase() + arguments, in: directory, environment: ["LANG": "C"])
    }

    /// The revision to check out: the SRCREV hash, or a branch/tag (AUTOREV, a symbolic SRCREV)
    /// resolved with `git ls-remote` against `repository` as BitBake's `_latest_revision` does.
    func gitRevision(_ entry: FetchEntry, repository: String? = nil, context: FetchContext) throws -> String {
        let details = entry.git!
        if !details.revision.isEmpty { return details.revision }
        let source = repository ?? details.repoURL
        let command = git(["ls-remote", source])
        if repository == nil && details.proto != "file" {
            try checkNetworkAccess(url: entry.url, command: command.display, context: context)
        }
        let output = try command.run(url: entry.url)
        let wanted = details.unresolved
        let head = wanted.hasPrefix("refs/") || wanted == "HEAD" ? wanted : "refs/heads/\(wanted)"
        let tag = wanted.hasPrefix("refs/") || wanted == "HEAD" ? wanted : "refs/tags/\(wanted)"
        let refs = output.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(whereSeparator: \.isWhitespace)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
        for search in [head, tag + "^{}", tag] {
            if let found = refs.first(where: { $0.1 == search }) { return found.0 }
        }
        throw FetchError.failure(
            "Unable to resolve '\(wanted)' in upstream git repository in git ls-remote output for \(entry.decoded.host + entry.decoded.path)",
            url: entry.url)
    }

    /// `clonedir_need_update`: no clone yet, or the clone lacks the wanted revision on the branch.
    /// A floating revision (AUTOREV, a branch or tag name) always asks upstream when fetching;
    /// when unpacking it is resolved in the clone itself.
    func gitCloneNeedsUpdate(_ entry: FetchEntry, unpacking: Bool = false) throws -> Bool {
        let details = entry.git!
        guard FileManager.default.fileExists(atPath: details.clonedir) else { return true }
        if details.revision.isEmpty && !unpacking { return true }
        guard let revision = try? gitRevision(entry, repository: details.clonedir, context: context) else { return true }
        return !gitContains(entry, revision: revision, in: details.clonedir)
    }

    /// `_contains_ref`: the revision exists (nobranch) or is on the branch.
    func gitContains(_ entry: FetchEntry, revision: String, in directory: String) -> Bool {
        let details = entry.git!
        let arguments =
            details.nobranch
            ? ["log", "--pretty=oneline", "-n", "1", revision, "--"]
            : ["branch", "--contains", revision, "--list", details.branch]
        guard let result = try? git(arguments, in: directory).result(), result.status == 0 else { return false }
        return !result.output.split(separator: "\n").isEmpty
    }

    /// The git fetcher's `download`: a bare mirror clone in DL_DIR/git2/<mangled name>, made
    /// from a mirror tarball when one is in DL_DIR, else cloned, then updated when it lacks
    /// the revision.
    func gitDownload(_ entry: FetchEntry, context: FetchContext) throws {
        let details = entry.git!
        let manager = FileManager.default
        if manager.fileExists(atPath: details.fullMirror), try gitCloneNeedsUpdate(entry),
            !manager.fileExists(atPath: details.clonedir)
        {
            try manager.createDirectory(atPath: details.clonedir, withIntermediateDirectories: true)
            try FetchCommand(["tar", "-xzf", details.fullMirror], in: details.clonedir).run(url: entry.url)
        }
        var repoURL = details.repoURL
        if repoURL.hasPrefix("file://") {
            let path = String(repoURL.dropFirst(7))
            if Self.isDirectory(path + "/objects"), (try? manager.destinationOfSymbolicLink(atPath: path + "/objects")) == nil {
                repoURL = path
            }
        }

        var needsClone = !manager.fileExists(atPath: details.clonedir)
        if !needsClone {
            let result = try git(["rev-parse", "--absolute-git-dir"], in: details.clonedir).result()
            let top = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let clonedir = (details.clonedir as NSString).resolvingSymlinksInPath
            if result.status != 0 || !(top == clonedir || top.hasPrefix(clonedir + "/")) {
                context.log("WARNING: \(details.clonedir) is not a git directory of its own. Re-cloning")
                removeItem(details.clonedir)
                needsClone = true
            }
        }
        if needsClone {
            // Clone beside the final place and rename, so an interrupted clone leaves nothing
            // that looks like a mirror.
            let parent = (details.clonedir as NSString).deletingLastPathComponent
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            let temporary = details.clonedir + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
            removeItem(temporary)
            let clone = git(["clone", "--bare", "--mirror", repoURL, temporary, "--progress"])
            if details.proto.lowercased() != "file" {
                try checkNetworkAccess(url: entry.url, command: clone.display, context: context)
            }
            do {
                try clone.run(url: entry.url)
            } catch {
                removeItem(temporary)
                throw error
            }
            guard rename(temporary, details.clonedir) == 0 else {
                removeItem(temporary)
                throw FetchError.failure("Cannot move \(temporary) to \(details.clonedir)", url: entry.url)
            }
        }

        if try gitCloneNeedsUpdate(entry) {
            let remotes = try git(["remote"], in: details.clonedir).run(url: entry.url)
            if remotes.split(separator: "\n").contains("origin") {
                try git(["remote", "rm", "origin"], in: details.clonedir).run(url: entry.url)
            }
            try git(["remote", "add", "--mirror=fetch", "origin", repoURL], in: details.clonedir).run(url: entry.url)
            let refspecs = details.nobranch ? ["refs/*:refs/*"] : ["refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*"]
            let fetch = git(["fetch", "-f", "--progress", repoURL] + refspecs, in: details.clonedir)
            if details.proto.lowercased() != "file" {
                try checkNetworkAccess(url: entry.url, command: fetch.display, context: context)
            }
            try fetch.run(url: entry.url)
            removeItem(details.fullMirror)
        }
        let revision = try gitRevision(entry, context: context)
        if !gitContains(entry, revision: revision, in: details.clonedir) {
            throw FetchError.failure(
                "Unable to find revision \(revision) in branch \(details.branch) even from upstream", url: entry.url)
        }
    }

    /// The git fetcher's `unpack`: a shared clone of the mirror at `<root>/<destsuffix>`
    /// (default `${BB_GIT_DEFAULT_DESTSUFFIX}` or `git`), checked out at the revision on the
    /// branch (`git checkout -B <branch> <rev>`), or detached with `nobranch=1`.
    func gitUnpack(_ entry: FetchEntry, into root: String) throws {
        let details = entry.git!
        let parameters = entry.parameters
        var destination = root
        var defaultSuffix = (context.value("BB_GIT_DEFAULT_DESTSUFFIX") ?? "git") + "/"
        let subpath = parameters["subpath"]
        if let subpath {
            defaultSuffix = ((subpath.hasSuffix("/") ? String(subpath.dropLast()) : subpath) as NSString).lastPathComponent + "/"
        }
        if let subdir = parameters["subdir"] {
            destination = try Self.subdirectory(subdir, of: root, url: entry.url)
            defaultSuffix = ""
        }
        destination = FetchEntry.join(destination, parameters["destsuffix"] ?? defaultSuffix)
        if destination.hasSuffix("/") && destination.count > 1 { destination.removeLast() }
        removeItem(destination)

        guard try !gitCloneNeedsUpdate(entry, unpacking: true) else {
            throw FetchError.unpack(
                "No up to date source found: clone directory not available or not up to date: \(details.clonedir); shallow clone not enabled",
                url: entry.url)
        }
        let revision = try gitRevision(entry, repository: details.clonedir, context: context)
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let flags = details.noshared ? ["-n"] : ["-n", "-s"]
        var clone = git(["clone"] + flags + [details.clonedir, destination])
        clone.environment["GIT_LFS_SKIP_SMUDGE"] = "1"
        try clone.run(url: entry.url)
        try git(["remote", "set-url", "origin", details.repoURL], in: destination).run(url: entry.url)
        if (try? git(["remote", "get-url", "dldir"], in: destination).run()) == nil {
            try git(["remote", "add", "dldir", "file://" + details.clonedir], in: destination).run(url: entry.url)
        }
        guard !details.nocheckout else { return }
        if let subpath {
            try git(["read-tree", revision + ":" + subpath], in: destination).run(url: entry.url)
            try git(["checkout-index", "-q", "-f", "-a"], in: destination).run(url: entry.url)
            try git(["update-ref", "--no-deref", "HEAD", revision], in: destination).run(url: entry.url)
            if !details.nobranch {
                try git(["update-ref", "refs/heads/" + details.branch, revision], in: destination).run(url: entry.url)
            }
        } else if !details.nobranch {
            try git(["checkout", "-B", details.branch, revision], in: destination).run(url: entry.url)
            try git(["branch", details.branch, "--set-upstream-to", "origin/" + details.branch], in: destination)
                .run(url: entry.url)
        } else {
            try git(["checkout", revision], in: destination).run(url: entry.url)
        }
    }
}
