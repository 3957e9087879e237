import Crypto
import Foundation

/// What a parse needs from the configuration when every recipe comes from the parse cache,
/// kept next to the cache so that an unchanged build directory does not build its
/// configuration again (most of a warm `bake -p`). BitBake's memory-resident server keeps its
/// configuration for the same reason, valid while none of the `__base_depends` files changes.
///
/// The snapshot holds the parse cache's key and where the cache is, the prioritised `BBFILES`
/// and `BBMASK` (recipes are collected again each time, so new files are seen), and the
/// configuration's warnings. It is valid while its inputs are unchanged: bake itself, the
/// working directory, the approved environment variables, and the stat signature of every
/// file the configuration read or looked for (BitBake's `__base_depends`) and of the Python
/// files of its `addpylib` folders. Those are what the configuration's content (the parse
/// cache's key, which the snapshot carries) is made from; host state that configuration
/// Python reads without recording it (`bb.parse.mark_dependency`) is not an input, exactly as
/// for BitBake's server.
public struct ConfigurationSnapshot: Codable, Sendable, Equatable {
    static let formatVersion = 1

    var format = Self.formatVersion
    /// SHA-256 over the inputs listed above, as hex.
    var inputs: String
    var dependencies: [String]
    var pythonLibraries: [String]
    public var parseCacheKey: [UInt8]
    public var parseCachePath: String
    public var filePatterns: [String]
    public var fileMask: String?
    public var warnings: [String]

    /// Where the snapshot of the build directory whose `conf/bblayers.conf` is `layersFile`
    /// lives (`${TOPDIR}/cache`, BitBake's default cache folder: it must be found before the
    /// configuration that may move `BB_CACHEDIR` is built).
    static func path(layersFile: String) -> String {
        MetadataEvaluator.dirname(MetadataEvaluator.dirname(layersFile)) + "/cache/bake_configuration.json"
    }

    /// The snapshot for a cooker started in `workingDirectory` with `environment`, if one was
    /// recorded and its inputs are unchanged.
    public static func load(workingDirectory: String, environment: [String: String]) -> ConfigurationSnapshot? {
        guard let layersFile = CookerConfiguration.findLayersFile(workingDirectory: workingDirectory, environment: environment),
              let data = FileManager.default.contents(atPath: path(layersFile: layersFile)),
              let snapshot = try? JSONDecoder().decode(ConfigurationSnapshot.self, from: data),
              snapshot.format == formatVersion
        else { return nil }
        let current = inputDigest(workingDirectory: workingDirectory, environment: environment,
                                  dependencies: snapshot.dependencies, pythonLibraries: snapshot.pythonLibraries)
        return current == snapshot.inputs ? snapshot : nil
    }

    /// Records `cooker`'s configuration with the parse cache it keys. Nothing is recorded when
    /// a configuration file changed while it was read (it may change again within the same
    /// timestamp tick), or for a cooker with extra configuration files (`bake parse --config`).
    public static func record(_ cooker: Cooker, parseCacheKey: [UInt8], parseCachePath: String) {
        let inputs = cooker.inputs
        guard inputs.prefiles.isEmpty, inputs.postfiles.isEmpty, let layersFile = cooker.configuration.layersFile else { return }
        let dependencies = cooker.configuration.data.fileDependencies.map(MetadataEvaluator.absolutePath)
        if dependencies.contains(where: { FileSignature.of($0).changed(since: cooker.startedAt) }) { return }
        let libraries = cooker.evaluator.pythonLibraryDirectories
        let snapshot = ConfigurationSnapshot(
            inputs: inputDigest(workingDirectory: inputs.workingDirectory, environment: inputs.environment,
                                dependencies: dependencies, pythonLibraries: libraries),
            dependencies: dependencies, pythonLibraries: libraries, parseCacheKey: parseCacheKey,
            parseCachePath: parseCachePath, filePatterns: cooker.files.patterns, fileMask: cooker.files.maskText,
            warnings: cooker.configuration.warnings.map(\.message))
        let path = path(layersFile: layersFile)
        if let data = FileManager.default.contents(atPath: path),
           (try? JSONDecoder().decode(ConfigurationSnapshot.self, from: data)) == snapshot { return }
        do {
            try FileManager.default.createDirectory(
                atPath: MetadataEvaluator.dirname(path), withIntermediateDirectories: true)
            // Atomic: a reader sees the old snapshot or the new one, never a torn file.
            try JSONEncoder().encode(snapshot).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            // A snapshot that cannot be written only costs the next run its shortcut.
        }
    }

    static func inputDigest(
        workingDirectory: String, environment: [String: String], dependencies: [String], pythonLibraries: [String]
    ) -> String {
        var feed = HashFeed()
        feed.add("bake-configuration-snapshot")
        for file in ConfigurationHash.bakeFiles() { feed.add(file, FileSignature.of(file)) }
        feed.add(workingDirectory)
        let approved = Set(CookerConfiguration.approvedVariables(environment))
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where approved.contains(name) {
            feed.add(name)
            feed.add(value)
        }
        for file in dependencies { feed.add(file, FileSignature.of(file)) }
        for directory in pythonLibraries {
            feed.add("addpylib " + directory)
            for file in ConfigurationHash.pythonFiles(under: directory) { feed.add(file, FileSignature.of(file)) }
        }
        return SHA256.hash(data: feed.bytes).map { String(format: "%02x", $0) }.joined()
    }
}
