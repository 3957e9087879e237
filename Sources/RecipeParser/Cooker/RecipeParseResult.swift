import BakeBasics

/// One recipe file parsed for the cache: its targets' infos and every file the parse read or
/// looked for, with the signature each had after the parse.
public struct RecipeParseResult: Sendable, Equatable {
    public var file: String
    /// The `.bbappend` files applied, in order (a new or removed append changes the recipe).
    public var appends: [String]
    /// The recipe first, then its `BBCLASSEXTEND` variants.
    public var infos: [RecipeInfo]
    /// Parallel to `signatures`.
    public var dependencies: [String]
    public var signatures: [FileSignature]
    /// False for `BB_DONT_CACHE` recipes and for parses that read a file changed while bake
    /// ran (its signature may not describe what was read).
    public var cacheable: Bool

    public init(file: String, appends: [String], infos: [RecipeInfo], dependencies: [String],
                signatures: [FileSignature], cacheable: Bool) {
        self.file = file
        self.appends = appends
        self.infos = infos
        self.dependencies = dependencies
        self.signatures = signatures
        self.cacheable = cacheable
    }
}

/// A recipe that failed to parse: its rendered diagnostic (`file:line:col: error: ...`).
public struct ParseFailure: Sendable, Equatable, Error {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
}

extension RecipeParseResult {
    /// How long before the start of a run a file may have changed and still be trusted: file
    /// timestamps come from a coarse kernel clock (a few milliseconds behind the real time), so a
    /// file written just before the run may change again within the same tick, unnoticed.
    public static let racyWindow: Int64 = 100_000_000

    public func encode(into encoder: inout CompactEncoder) {
        encoder.write(file)
        encoder.write(appends)
        encoder.write(infos.count)
        for info in infos { info.encode(into: &encoder) }
        encoder.write(dependencies.count)
        for (path, signature) in zip(dependencies, signatures) {
            encoder.write(path)
            signature.encode(into: &encoder)
        }
        encoder.write(cacheable)
    }

    public init(from decoder: inout CompactDecoder) throws(CompactDecoder.Malformed) {
        file = try decoder.readString()
        appends = try decoder.readStrings()
        let infoCount = try decoder.readCount()
        infos = []
        for _ in 0..<infoCount { infos.append(try RecipeInfo(from: &decoder)) }
        let count = try decoder.readCount()
        dependencies = []
        signatures = []
        for _ in 0..<count {
            dependencies.append(try decoder.readString())
            signatures.append(try FileSignature(from: &decoder))
        }
        cacheable = try decoder.readBool()
    }
}

extension FileSignature {
    func encode(into encoder: inout CompactEncoder) {
        encoder.write(exists)
        guard exists else { return }
        encoder.write(signed: modified)
        encoder.write(signed: changed)
        encoder.write(signed: size)
        encoder.write(inode)
    }

    init(from decoder: inout CompactDecoder) throws(CompactDecoder.Malformed) {
        guard try decoder.readBool() else {
            self = .absent
            return
        }
        self.init(modified: try decoder.readSigned(), changed: try decoder.readSigned(), size: try decoder.readSigned(),
                  inode: try decoder.readUInt(), exists: true)
    }
}

extension Cooker {
    /// Parses `file` as `parse(_:)` does and keeps what the cache needs.
    ///
    /// - Throws: `ParseFailure` with the rendered diagnostic when the recipe fails to parse.
    public func parseForCache(_ file: String) throws(ParseFailure) -> RecipeParseResult {
        do {
            let targets = try parse(file)
            var infos: [RecipeInfo] = []
            var seen: Set<String> = []
            var dependencies: [String] = []
            for target in targets {
                infos.append(try RecipeInfo(target))
                for raw in target.store.ownFileDependencies {
                    let path = evaluator.absolutePath(raw)
                    if seen.insert(path).inserted { dependencies.append(path) }
                }
            }
            let appends = files.appends(for: file)
            for path in [file] + appends where seen.insert(path).inserted { dependencies.append(path) }
            let signatures = dependencies.map { FileSignature.of($0) }
            let trusted = startedAt - RecipeParseResult.racyWindow
            let cacheable = !infos.contains(where: \.dontCache) && !signatures.contains { $0.changed(since: trusted) }
            return RecipeParseResult(file: file, appends: appends, infos: infos, dependencies: dependencies,
                                     signatures: signatures, cacheable: cacheable)
        } catch {
            throw ParseFailure(file: file, message: error.diagnostic.withSourceLineFromFile().description)
        }
    }
}
