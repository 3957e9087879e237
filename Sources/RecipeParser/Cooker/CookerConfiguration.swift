public import BakeBasics
import Foundation

/// The base configuration as BitBake's cooker builds it (`CookerDataBuilder`): the filtered
/// environment, `conf/bblayers.conf` with each layer's `conf/layer.conf`, `conf/bitbake.conf`
/// through `BBPATH`, `base.bbclass` and `INHERIT`, then the `ConfigParsed` event.
///
/// Every recipe starts from a copy of `data` (O(1), copy-on-write).
public struct CookerConfiguration {
    public let data: DataStore
    /// The `conf/bblayers.conf` that was found, if any (its parent's parent is `TOPDIR`).
    public let layersFile: String?
    /// `BBFILE_COLLECTIONS` with patterns and priorities, longest pattern first.
    public let collections: [LayerCollection]
    /// Non-fatal findings (a layer without `LAYERSERIES_COMPAT`, ...), as BitBake warns.
    public var warnings: [Diagnostic]

    /// What the cooker is started with: where it runs, its environment and the `-r`/`-R` files.
    public struct Inputs {
        public var workingDirectory: String
        public var environment: [String: String]
        public var prefiles: [String]
        public var postfiles: [String]
        public var trackHistory: Bool
        /// Called just before the configuration event (`ConfigParsed`) fires, and just after.
        /// Parse workers build their configuration beside their parent's, but its event
        /// handlers change the build directory (oe-core's `base_eventhandler` links the host
        /// tools, checking first whether each link exists): two processes running them at once
        /// race. A worker waits in the first until its parent returns from the second.
        public var beforeConfigurationEvents: (() throws(EvaluationError) -> Void)?
        public var afterConfigurationEvents: (() -> Void)?

        public init(workingDirectory: String, environment: [String: String], prefiles: [String] = [],
                    postfiles: [String] = [], trackHistory: Bool = false,
                    beforeConfigurationEvents: (() throws(EvaluationError) -> Void)? = nil,
                    afterConfigurationEvents: (() -> Void)? = nil) {
            self.workingDirectory = workingDirectory
            self.environment = environment
            self.prefiles = prefiles
            self.postfiles = postfiles
            self.trackHistory = trackHistory
            self.beforeConfigurationEvents = beforeConfigurationEvents
            self.afterConfigurationEvents = afterConfigurationEvents
        }
    }

    /// `bb.utils.preserved_envvars_exported()`: taken from the environment and exported.
    static let exportedEnvironment = ["BB_TASKHASH", "HOME", "LOGNAME", "PATH", "PWD", "SHELL", "USER", "LC_ALL", "BBSERVER"]

    /// `bb.utils.approved_variables()`: the environment variables that reach the metadata.
    static func approvedVariables(_ environment: [String: String]) -> [String] {
        if environment["BB_PRESERVE_ENV"] != nil { return Array(environment.keys) }
        var approved: [String]
        if let passthrough = environment["BB_ENV_PASSTHROUGH"] {
            approved = splitWords(passthrough) + ["BB_ENV_PASSTHROUGH"]
        } else {
            approved = ["BBPATH", "BB_PRESERVE_ENV", "BB_ENV_PASSTHROUGH_ADDITIONS"] + exportedEnvironment
        }
        if let additions = environment["BB_ENV_PASSTHROUGH_ADDITIONS"] {
            approved += splitWords(additions)
            if !approved.contains("BB_ENV_PASSTHROUGH_ADDITIONS") { approved.append("BB_ENV_PASSTHROUGH_ADDITIONS") }
        }
        return approved
    }

    /// The `conf/bblayers.conf` a cooker started in `workingDirectory` would read, if any.
    public static func findLayersFile(workingDirectory: String, environment: [String: String]) -> String? {
        findConfigFile("bblayers.conf", bbpath: environment["BBPATH"], workingDirectory: workingDirectory)
    }

    /// `findConfigFile`: `conf/NAME` under each `BBPATH` entry, then in the working directory
    /// and each of its parents.
    static func findConfigFile(_ name: String, bbpath: String?, workingDirectory: String) -> String? {
        var candidates: [String] = []
        if let bbpath, !bbpath.isEmpty {
            candidates += bbpath.split(separator: ":", omittingEmptySubsequences: false)
                .map { MetadataEvaluator.joinPath(MetadataEvaluator.joinPath(String($0), "conf"), name) }
        }
        var path = workingDirectory
        while path != "/" && !path.isEmpty {
            candidates.append(path + "/conf/" + name)
            path = MetadataEvaluator.dirname(path)
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}

extension MetadataEvaluator {
    /// `parseBaseConfiguration`: builds the configuration every recipe of a build starts from.
    public func evaluateCookerConfiguration(_ inputs: CookerConfiguration.Inputs) throws(EvaluationError) -> CookerConfiguration {
        let base = DataStore()
        if inputs.trackHistory { base.enableTracking() }
        base.python = lazyPython
        // `clean_environment` forces a UTF-8 locale for the Python it starts, then
        // `inheritFromOS` takes the approved names.
        var environment = inputs.environment
        if environment["BB_PRESERVE_ENV"] == nil { environment["LC_ALL"] = "en_US.UTF-8" }
        let approved = Set(CookerConfiguration.approvedVariables(environment))
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where approved.contains(name) {
            try base.setVar(name, .string(value), origin: WriteOrigin(file: "", line: 0, detail: value), op: "from env")
            if CookerConfiguration.exportedEnvironment.contains(name) {
                try base.setVarFlag(name, "export", .bool(true), op: "auto env export")
            }
        }
        // The whole environment stays reachable as a datastore (oe-core's base.bbclass reads
        // PATH from it to set up HOSTTOOLS).
        let original = DataStore()
        for (name, value) in environment { try original.setVar(name, .string(value)) }
        try base.setVar("BB_ORIGENV", try python().objectValue(for: original))
        try base.setVar("__bbclasstype", .string("global"))

        var data = base.createCopy()
        try data.setVar("BB_CURRENT_MC", .string(""))
        for file in inputs.prefiles { try handle(file, into: data, include: true, baseConfig: true) }

        var warnings: [Diagnostic] = []
        let layersFile = CookerConfiguration.findConfigFile(
            "bblayers.conf", bbpath: try data.getVar("BBPATH")?.stringValue, workingDirectory: inputs.workingDirectory)
        if let layersFile {
            try data.setVar("TOPDIR", .string(Self.dirname(Self.dirname(layersFile))))
            try handle(layersFile, into: data, include: true, baseConfig: true)
            if try data.getVar("BB_CACHEDIR")?.isTruthy != true { try data.setVar("BB_CACHEDIR", .string("${TOPDIR}/cache")) }
            let layered = try addLayers(to: data, layersFile: layersFile, environment: inputs.environment)
            data = layered.data
            warnings += layered.warnings
        }
        guard try data.getVar("BBPATH")?.isTruthy == true else {
            var message = "The BBPATH variable is not set"
            if layersFile == nil {
                message += " and bake did not find a conf/bblayers.conf file in the expected location.\n"
                    + "Maybe you accidentally invoked bake from the wrong directory?"
            }
            throw EvaluationError(.fatal, message)
        }
        if try data.getVar("TOPDIR")?.isTruthy != true { try data.setVar("TOPDIR", .string(inputs.workingDirectory)) }
        if try data.getVar("BB_CACHEDIR")?.isTruthy != true { try data.setVar("BB_CACHEDIR", .string("${TOPDIR}/cache")) }

        try handle("conf/bitbake.conf", into: data, include: true, baseConfig: true)
        for file in inputs.postfiles { try handle(file, into: data, include: true, baseConfig: true) }
        for name in ["base"] + splitWords(try data.getVar("INHERIT")?.pythonString ?? "") {
            try inherit(name, from: "configuration INHERITs", line: 0, store: data)
        }
        let handlers = try eventHandlers(data)
        if !handlers.isEmpty { try python().registerHandlers(handlers, store: data) }
        try data.setVar("BBINCLUDED", .string(data.fileDependencies.map(absolutePath).joined(separator: " ")))

        try inputs.beforeConfigurationEvents?()
        if pythonStarted { try python().fireEvent("ConfigParsed", arguments: [], store: data) }
        inputs.afterConfigurationEvents?()
        data.moveDependenciesToBase()
        try data.setVar("__bbclasstype", .string("recipe"))
        let collections = try LayerCollection.collections(of: data)
        return CookerConfiguration(data: data, layersFile: layersFile, collections: collections, warnings: warnings)
    }

    /// The layer part of `parseConfigurationFiles`: each layer's `conf/layer.conf` with
    /// `LAYERDIR` set, then `LAYERSERIES_COMPAT` checks and `BBFILES_DYNAMIC`.
    private func addLayers(
        to configuration: DataStore, layersFile: String, environment: [String: String]
    ) throws(EvaluationError) -> (data: DataStore, warnings: [Diagnostic]) {
        let layers = splitWords(try configuration.getVar("BBLAYERS")?.pythonString ?? "")
        guard !layers.isEmpty else {
            throw EvaluationError(.fatal, "The bblayers.conf file doesn't contain any BBLAYERS definition")
        }
        let broken = layers.filter { path in
            var isDirectory: ObjCBool = false
            return !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue
        }
        guard broken.isEmpty else {
            throw EvaluationError(.fatal, "The following layer directories do not exist:\n   "
                + broken.joined(separator: "\n   ") + "\nPlease check BBLAYERS in \(layersFile)")
        }
        // A fresh layer: `expandVarref` below rewrites only what the layer.conf files set.
        let data = configuration.createCopy()
        let homeApproved = CookerConfiguration.approvedVariables(environment).contains("HOME")
        var series: Set<String> = []
        var compatibility: [String: Set<String>] = [:]
        for var layer in layers {
            if homeApproved, layer.contains("~"), let home = environment["HOME"] {
                layer = layer.replacingOccurrences(of: "~", with: home, options: .anchored)
            }
            while layer.count > 1 && layer.hasSuffix("/") { layer.removeLast() }
            try data.setVar("LAYERDIR", .string(layer))
            try data.setVar("LAYERDIR_RE", .string(Self.pythonRegexEscape(layer)))
            try handle(Self.joinPath(layer, "conf/layer.conf"), into: data, include: true, baseConfig: true)
            try data.expandVarref("LAYERDIR")
            try data.expandVarref("LAYERDIR_RE")
            for collection in splitWords(try data.getVar("BBFILE_COLLECTIONS")?.pythonString ?? "") {
                if let compat = try data.getVar("LAYERSERIES_COMPAT_" + collection), compat.isTruthy {
                    compatibility[collection] = Set(splitWords(compat.pythonString))
                    data.delVar("LAYERSERIES_COMPAT_" + collection)
                }
            }
            if series.isEmpty {
                series = Set(splitWords(try data.getVar("LAYERSERIES_CORENAMES")?.pythonString ?? ""))
                if !series.isEmpty { data.delVar("LAYERSERIES_CORENAMES") }
            }
        }
        data.delVar("LAYERDIR_RE")
        data.delVar("LAYERDIR")
        for (collection, names) in compatibility {
            try data.setVar("LAYERSERIES_COMPAT_" + collection, .string(names.sorted().joined(separator: " ")))
        }

        let collections = splitWords(try data.getVar("BBFILE_COLLECTIONS")?.pythonString ?? "")
        var invalid: [String] = []
        for entry in splitWords(try data.getVar("BBFILES_DYNAMIC")?.pythonString ?? "") {
            guard let colon = entry.firstIndex(of: ":") else { invalid.append(entry); continue }
            var layer = entry[..<colon]
            let pattern = entry[entry.index(after: colon)...]
            let invert = layer.hasPrefix("!")
            if invert { layer = layer.dropFirst() }
            if collections.contains(String(layer)) != invert {
                try data.appendVar("BBFILES", .string(" " + pattern))
            }
        }
        if !invalid.isEmpty {
            throw EvaluationError(.fatal, "BBFILES_DYNAMIC entries must be of the form {!}<collection name>:<filename pattern>, not:\n    "
                + invalid.joined(separator: "\n    "))
        }
        var warnings: [Diagnostic] = []
        var seen: Set<String> = []
        for collection in collections {
            if !seen.insert(collection).inserted {
                throw EvaluationError(.fatal, "Found duplicated BBFILE_COLLECTIONS '\(collection)', check bblayers.conf or layer.conf to fix it.")
            }
            let compat = compatibility[collection] ?? []
            if !compat.isEmpty && series.isEmpty {
                throw EvaluationError(.fatal, "No core layer found to work with layer '\(collection)'. Missing entry in bblayers.conf?")
            }
            if !compat.isEmpty && compat.isDisjoint(with: series) {
                throw EvaluationError(.fatal, "Layer \(collection) is not compatible with the core layer which only supports these series: "
                    + "\(series.sorted().joined(separator: " ")) (layer is compatible with \(compat.sorted().joined(separator: " ")))")
            } else if compat.isEmpty, try data.getVar("BB_WORKERCONTEXT") == nil {
                warnings.append(Diagnostic(.warning, .layers, "Layer \(collection) should set LAYERSERIES_COMPAT_\(collection) in its "
                    + "conf/layer.conf file to list the core layer names it is compatible with."))
            }
        }
        try data.setVar("LAYERSERIES_CORENAMES", .string(series.sorted().joined(separator: " ")))
        return (data, warnings)
    }

    /// Python's `re.escape` (3.7+): every character with a meaning in a pattern gets a backslash.
    static func pythonRegexEscape(_ text: String) -> String {
        let special = Set("()[]{}?*+-|^$\\.&~# \t\n\r\u{0B}\u{0C}")
        var out = ""
        for c in text {
            if special.contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
