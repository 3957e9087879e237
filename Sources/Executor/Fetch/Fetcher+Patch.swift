import Foundation

/// One patch OE-core's do_patch would apply (`oe.patch.src_patches`).
public struct PatchSpec: Hashable, Sendable {
    /// The SRC_URI entry it comes from.
    public var url: String
    /// The patch file (a compressed patch's decompressed copy in UNPACKDIR).
    public var file: String
    /// `pname=` or the file's name.
    public var name: String
    /// `striplevel=` (or the older `pnum=`), default 1.
    public var striplevel: String
    /// `patchdir=` as written, relative to S unless absolute.
    public var patchdir: String?
}

extension Fetcher {
    /// The entries that are patches, in SRC_URI order: files ending .patch/.diff (also
    /// compressed with .gz/.bz2/.xz/.Z) or with `apply=yes`, minus `apply=no` and those
    /// `should_apply` skips (mindate/maxdate, minrev/maxrev, rev/notrev).
    /// - Throws: `FetchError` (`.invalidParameter`) for an `apply=` that is not a boolean.
    public func patches() throws -> [PatchSpec] {
        let unpackDir = context.value("UNPACKDIR") ?? ""
        var result: [PatchSpec] = []
        for entry in entries {
            var local = entry.localPath
            if Self.isDirectory(local) { continue }
            let name = (local as NSString).lastPathComponent
            let base = (name as NSString).deletingPathExtension
            var ext = (name as NSString).pathExtension
            if ["gz", "bz2", "xz", "Z"].contains(ext) {
                local = FetchEntry.join(unpackDir, base)
                ext = (base as NSString).pathExtension
            }
            let parameters = entry.parameters
            if parameters.contains("apply") {
                let apply = parameters["apply"] ?? ""
                if try apply.isEmpty || !(FetchContext.oeBoolean(apply, what: "apply in \(entry.url)")) { continue }
            } else if !["diff", "patch"].contains(ext) {
                continue
            }
            let patchName = parameters["pname"] ?? (local as NSString).lastPathComponent
            if let reason = skipReason(parameters) {
                context.log("NOTE: Patch \(patchName) \(reason)")
                continue
            }
            result.append(
                PatchSpec(
                    url: entry.url, file: local, name: patchName,
                    striplevel: parameters["striplevel"] ?? parameters["pnum"] ?? "1", patchdir: parameters["patchdir"]))
        }
        return result
    }

    /// `oe.patch.should_apply`: why a patch is skipped, or nil to apply it.
    private func skipReason(_ parameters: URLParameters) -> String? {
        if parameters.contains("mindate") || parameters.contains("maxdate") {
            var srcdate = context.value("PN").flatMap { context.value("SRCDATE_\($0)") } ?? context.value("SRCDATE") ?? ""
            if srcdate == "now" { srcdate = context.value("DATE") ?? "" }
            if let maxdate = parameters["maxdate"], maxdate < srcdate { return "is outdated" }
            if let mindate = parameters["mindate"], mindate > srcdate { return "is predated" }
        }
        let srcrev = context.value("SRCREV")
        if let minrev = parameters["minrev"], let srcrev, srcrev < minrev { return "applies to later revisions" }
        if let maxrev = parameters["maxrev"], let srcrev, srcrev > maxrev { return "applies to earlier revisions" }
        if let rev = parameters["rev"], let srcrev, !srcrev.contains(rev) { return "doesn't apply to revision" }
        if let notrev = parameters["notrev"], let srcrev, srcrev.contains(notrev) { return "doesn't apply to revision" }
        return nil
    }

    /// Applies the patches in SRC_URI order under S (or `patchdir=`), each with
    /// `patch --no-backup-if-mismatch -p N` after a dry run, as OE-core's PatchTree does, so a
    /// patch that does not apply changes nothing.
    /// - Parameter sourceDirectory: S; read from the context when nil.
    /// - Throws: `FetchError` (`.patchFailed`) naming the patch, the directory and patch's output.
    public func patch(sourceDirectory: String? = nil) throws {
        guard let source = sourceDirectory ?? context.value("S") else {
            throw FetchError(.missingParameter, "S is not set and no source directory was given")
        }
        for spec in try patches() {
            var directory = source
            if let patchdir = spec.patchdir {
                directory = patchdir.hasPrefix("/") ? patchdir : FetchEntry.join(source, patchdir)
                guard Self.isDirectory(directory) else {
                    throw FetchError(
                        .patchFailed,
                        "Target directory '\(directory)' not found, patchdir '\(patchdir)' is incorrect in patch file '\(spec.name)'",
                        url: spec.url)
                }
            }
            guard Self.isDirectory(directory) else {
                throw FetchError(.patchFailed, "Source directory '\(directory)' for patch '\(spec.name)' does not exist", url: spec.url)
            }
            guard FileManager.default.fileExists(atPath: spec.file) else {
                throw FetchError(.patchFailed, "Patch file '\(spec.file)' does not exist (was it fetched and unpacked?)", url: spec.url)
            }
            context.log("NOTE: Applying patch '\(spec.name)' (\(spec.file))")
            let arguments = ["patch", "--no-backup-if-mismatch", "-p", spec.striplevel, "-i", spec.file]
            for dryRun in [true, false] {
                let result = try FetchCommand(arguments + (dryRun ? ["--dry-run"] : []), in: directory).result()
                if result.status != 0 {
                    throw FetchError(
                        .patchFailed,
                        "Applying patch '\(spec.file)' on target directory '\(directory)'\n"
                            + "Applying '\((spec.file as NSString).lastPathComponent)' failed:\n\(result.output)",
                        url: spec.url)
                }
            }
        }
    }
}
