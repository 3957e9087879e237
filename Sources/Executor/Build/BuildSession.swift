import BakeBasics
public import BakeRecipeParser
public import BakeScheduler
import Foundation

/// One `bake TARGET...` run over a cooker: parse, choose providers, build the task graph,
/// compute signatures, leave out what its stamps say is done, and run the rest in the
/// sandbox on the critical-path scheduler with a knotty-like display.
public final class BuildSession {
    public let cooker: Cooker
    /// The `bake` executable, which runs Python tasks (`bake python-task`).
    public let bakeExecutable: String
    /// The environment bake was started with, handed to Python task processes so they see
    /// the same configuration.
    public let environment: [String: String]
    /// Where progress and reports go (standard output by default).
    public let write: @Sendable (String) -> Void

    public struct Result: Sendable {
        public var succeeded: Bool
        public var report: ScheduleReport?
    }

    public init(cooker: Cooker, bakeExecutable: String, environment: [String: String],
                write: @escaping @Sendable (String) -> Void = BuildProgress.standardOutput) {
        self.cooker = cooker
        self.bakeExecutable = bakeExecutable
        self.environment = environment
        self.write = write
    }

    /// What a build of `request` involves, before anything runs.
    struct Plan {
        var graph: TaskGraph
        var chosen: [String: ParsedTarget]
        var stores: [String: DataStore]
        var signatures: BuildSignatures
        var stampBases: [String: String]
        var providers: ProviderMap
        var task: String
        /// The targets' tasks and those --runall/--runonly named: what -f invalidates.
        var targetTasks: [TaskID]
    }

    func plan(_ request: BuildRequest) throws -> Plan {
        let config = cooker.configuration.data
        let chosen = try chooseRecipes()
        var recipes: [String: RecipeTasks] = [:]
        for (pn, target) in chosen { recipes[pn] = try RecipeTasks(store: target.store) }
        let providers = ProviderMap(
            recipes: recipes, preferred: try preferredProviders(recipes: recipes),
            assumeProvided: (try config.getVar("ASSUME_PROVIDED")?.pythonString ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
        let builder = TaskGraphBuilder(recipes: recipes, providers: providers)
        let defaultTask = try config.getVar("BB_DEFAULT_TASK")?.pythonString ?? "build"
        let task = prefixed(request.task ?? defaultTask)
        var targetTasks = request.targets.map { TaskID($0, task) }
        var graph = try builder.build(targets: targetTasks)
        if !request.runAll.isEmpty {
            // BitBake's --runall: the task of every recipe in the targets' graph, with what
            // those tasks need, and again for recipes that brings in, until nothing is added.
            // The targets' own tasks stay only where something needs them.
            let names = request.runAll.map(prefixed)
            var wanted: Set<TaskID> = []
            while true {
                let reached = Set(graph.taskIDs.map(\.recipe))
                var next: Set<TaskID> = []
                for name in names {
                    for pn in reached where recipes[pn]?.task(named: name) != nil { next.insert(TaskID(pn, name)) }
                }
                guard !next.isEmpty else {
                    throw ExecutorError(
                        "Could not find any tasks with the tasknames \(names) to run within the recipes of the taskgraphs of the targets \(request.targets)")
                }
                graph = try builder.build(targets: next.sorted())
                let added = !next.subtracting(wanted).isEmpty
                wanted = next
                if !added { break }
            }
            targetTasks += wanted.sorted()
        }
        if !request.runOnly.isEmpty {
            // --runonly: only the named tasks already in the graph, with what they need.
            let names = Set(request.runOnly.map(prefixed))
            let wanted = graph.taskIDs.filter { names.contains($0.task) }.sorted()
            guard !wanted.isEmpty else {
                throw ExecutorError(
                    "Could not find any tasks with the tasknames \(names.sorted()) to run within the taskgraphs of the targets \(request.targets)")
            }
            graph = try builder.build(targets: wanted)
            targetTasks += wanted
        }
        let stores = chosen.mapValues(\.store)
        let signatures = try BuildSignatures(graph: graph, stores: stores)
        var stampBases: [String: String] = [:]
        for pn in Set(graph.taskIDs.map(\.recipe)) { stampBases[pn] = try stores[pn]?.getVar("STAMP")?.pythonString }
        return Plan(graph: graph, chosen: chosen, stores: stores, signatures: signatures, stampBases: stampBases,
                    providers: providers, task: task, targetTasks: targetTasks)
    }

    /// `bake dumpsig`/`diffsigs`: the task's signature as a build would compute it now, and
    /// those recorded by earlier builds, newest first.
    public func signatures(target: String, task: String) throws -> (current: TaskSignature?, recorded: [TaskSignature]) {
        let plan = try plan(BuildRequest(targets: [target], task: task))
        guard let pn = plan.providers.build[target], let base = plan.stampBases[pn] else {
            throw ExecutorError("Nothing PROVIDES '\(target)'")
        }
        let id = TaskID(pn, prefixed(task))
        return (plan.signatures[id], StampStore.signatures(base: base, task: id.task))
    }

    public func run(_ request: BuildRequest) async throws -> Result {
        let config = cooker.configuration.data
        var plan = try plan(request)
        // -C TASK and -f taint the task of the targets, as BitBake's invalidate_task does: its
        // hash changes, so it and every task after it run again. The hashes are then computed
        // anew with the taints in them.
        if request.invalidate != nil || request.force {
            let targetPNs = Set(request.targets.compactMap { plan.providers.build[$0] })
            var tainted: [TaskID] = []
            if let invalidate = request.invalidate {
                tainted += plan.graph.taskIDs.filter { targetPNs.contains($0.recipe) && $0.task == prefixed(invalidate) }
            }
            if request.force {
                // -f: the targets' task, and with --runall/--runonly the tasks those name.
                tainted += plan.targetTasks.map { id in plan.providers.build[id.recipe].map { TaskID($0, id.task) } ?? id }
            }
            for id in tainted where plan.graph.contains(id) {
                guard let base = plan.stampBases[id.recipe] else { continue }
                try StampStore.addTaint(base: base, task: id.task)
            }
            plan = try self.plan(request)
        }
        let (graph, chosen, stores, signatures, stampBases) =
            (plan.graph, plan.chosen, plan.stores, plan.signatures, plan.stampBases)

        // A task whose stamp matches its hash is done; the hash covers its dependencies, so
        // whatever depends on a task that must run gets a new hash and runs too.
        var toRun = TaskGraph()
        var upToDate = 0
        for id in try graph.topologicalOrder() {
            guard let node = graph.node(id) else { continue }
            if node.nostamp == false, let signature = signatures[id], let base = stampBases[id.recipe],
               StampStore.isCurrent(base: base, task: id.task, hash: signature.taskhash) {
                upToDate += 1
                continue
            }
            _ = toRun.add(node)
            for dependency in graph.dependencies(of: id) where toRun.contains(dependency) {
                _ = toRun.addDependency(id, on: dependency)
            }
        }

        if request.dryRun {
            describe(toRun, signatures: signatures, stampBases: stampBases, upToDate: upToDate)
            return Result(succeeded: true, report: nil)
        }

        var prepared: [TaskID: PreparedTask] = [:]
        let environmentFile = try writeEnvironment()
        for id in toRun.taskIDs {
            guard let node = toRun.node(id), !node.noexec, let store = stores[id.recipe],
                  let signature = signatures[id], let base = stampBases[id.recipe] else { continue }
            prepared[id] = PreparedTask(
                id: id, shell: try shellTask(id, store: store, virtual: chosen[id.recipe]!.virtualFile, environmentFile: environmentFile),
                stampBase: base, signature: signature, nostamp: node.nostamp)
        }

        // Durations learnt from earlier builds rank the critical path (per build directory).
        let historyPath = (try config.getVar("BB_CACHEDIR")?.pythonString).map { $0 + "/bake-task-durations.json" }
        var history = historyPath.map { TaskDurationHistory.load(from: $0).history } ?? TaskDurationHistory()
        history.applyEstimates(to: &toRun)
        let priorities = try CriticalPath(graph: toRun)
        let configuredJobs = Int(try config.getVar("BB_NUMBER_THREADS")?.pythonString ?? "")
        let jobs = request.jobs ?? configuredJobs ?? ProcessInfo.processInfo.activeProcessorCount
        let stop = GracefulStop()
        let progress = BuildProgress(total: toRun.count, upToDate: upToDate, style: .detect(), stop: stop, write: write)
        var shell = ShellTaskRunner()
        // The build directory and the layers stay visible to tasks (and to `bake python-task`)
        // when they live under /tmp, which the sandbox otherwise replaces with a private one.
        // So does bake itself (with its Python resources beside it), which Python tasks run.
        shell.readablePaths = splitWords(try config.getVar("BBLAYERS")?.pythonString ?? "")
            + [try config.getVar("TOPDIR")?.pythonString ?? ""].filter { !$0.isEmpty }
            + [(bakeExecutable as NSString).deletingLastPathComponent]
        let runner = RecipeTaskRunner(tasks: prepared, shell: shell, report: write)
        let scheduler = Scheduler(maxConcurrentTasks: max(1, jobs), keepGoing: request.keepGoing)
        let run = Task {
            await progress.ticking { await scheduler.run(priorities, runner: runner, observer: progress, stop: stop) }
        }
        // Ctrl-C as in BitBake: the first lets running tasks finish and starts nothing new,
        // the second stops the running tasks too.
        let write = self.write
        let interrupts = InterruptHandler { count in
            if count == 1 {
                write("\nKeyboard Interrupt, closing down...\n")
                stop.request()
            } else {
                write("\nSecond Keyboard Interrupt, stopping...\n")
                run.cancel()
            }
        }
        let report = await run.value
        interrupts.cancel()
        progress.finish(report)
        // BitBake stamps noexec tasks too, so a no-op build finds every task current.
        for (id, status) in report.statuses where status == .skipped {
            if let signature = signatures[id], let base = stampBases[id.recipe], toRun.node(id)?.nostamp == false {
                try? StampStore.record(base: base, task: id.task, signature: signature)
            }
        }
        history.record(report)
        if let historyPath { try? history.save(to: historyPath) }
        let failed = report.statuses.values.contains { if case .failed = $0 { true } else { $0 == .dependencyFailed } }
        return Result(succeeded: !failed && !report.cancelled && !report.stopped, report: report)
    }

    /// The recipe each name builds with: among the targets that did not skip themselves, the
    /// preferred version of each `PN` (layer priority, `PREFERRED_VERSION`, `DEFAULT_PREFERENCE`).
    private func chooseRecipes() throws -> [String: ParsedTarget] {
        var targets: [String: ParsedTarget] = [:]
        var candidates: [PreferredVersions.Candidate] = []
        var failures = 0
        for file in cooker.files.recipes {
            do {
                for target in try cooker.parse(file) where target.skipReason == nil {
                    targets[target.virtualFile] = target
                    candidates.append(try cooker.candidate(for: target))
                }
            } catch {
                failures += 1
                write("ERROR: " + error.diagnostic.withSourceLineFromFile().description + "\n")
            }
        }
        if failures > 0 { throw ExecutorError("\(failures) recipe(s) failed to parse") }
        let versions = try PreferredVersions(candidates, configuration: cooker.configuration.data)
        for warning in versions.warnings { write("WARNING: \(warning)\n") }
        var chosen: [String: ParsedTarget] = [:]
        for (pn, choice) in versions.choices {
            guard let file = choice.preferred?.file, let target = targets[file] else { continue }
            chosen[pn] = target
        }
        return chosen
    }

    /// `PREFERRED_PROVIDER_<name>` and `PREFERRED_RPROVIDER_<name>` for every name several
    /// recipes offer.
    private func preferredProviders(recipes: [String: RecipeTasks]) throws -> [String: String] {
        let config = cooker.configuration.data
        var preferred: [String: String] = [:]
        var names: Set<String> = []
        for (pn, recipe) in recipes { names.insert(pn); names.formUnion(recipe.provides); names.formUnion(recipe.runtimeNames) }
        for name in names {
            if let value = try config.getVar("PREFERRED_PROVIDER_" + name), value.isTruthy { preferred[name] = value.pythonString }
            else if let value = try config.getVar("PREFERRED_RPROVIDER_" + name), value.isTruthy { preferred[name] = value.pythonString }
        }
        return preferred
    }

    private func shellTask(_ id: TaskID, store: DataStore, virtual: String, environmentFile: String) throws -> ShellTask {
        let writable = try writablePaths(store)
        if try store.getVarFlag(id.task, "python", expand: false)?.isTruthy == true {
            // A Python task runs in a `bake python-task` process inside the same sandbox, with
            // the task's dirs, locks and logs handled as for a shell task.
            let copy = store.createCopy()
            let command = [bakeExecutable, "python-task", "--topdir", try store.getVar("TOPDIR")?.pythonString ?? ".",
                           "--environment-file", environmentFile, virtual, id.task].map(shellQuoted).joined(separator: " ")
            try copy.setVar(id.task, .string("exec " + command + "\n"))
            copy.delVarFlag(id.task, "python")
            return try ShellTask(store: copy, task: id.task, functions: [], writablePaths: writable)
        }
        return try ShellTask(store: store, task: id.task, functions: try ShellFunctionClosure.functions(of: id.task, in: store),
                             writablePaths: writable)
    }

    /// What a task may write besides its own dirs: its recipe's work directory and the
    /// build's shared outputs (deploy, package data, stamps, downloads).
    private func writablePaths(_ store: DataStore) throws -> [String] {
        var paths: [String] = []
        for name in ["WORKDIR", "DEPLOY_DIR", "PKGDATA_DIR", "DL_DIR", "COMPONENTS_DIR"] {
            if let value = try store.getVar(name)?.pythonString, value.hasPrefix("/") { paths.append(value) }
        }
        if let stamp = try store.getVar("STAMP")?.pythonString, stamp.hasPrefix("/") {
            paths.append((stamp as NSString).deletingLastPathComponent)
        }
        return paths
    }

    /// The environment for Python task processes, in the cache directory (read-only to tasks).
    private func writeEnvironment() throws -> String {
        let directory = try cooker.configuration.data.getVar("BB_CACHEDIR")?.pythonString ?? "/tmp"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/bake-environment.json"
        try JSONEncoder().encode(environment).write(to: URL(fileURLWithPath: path), options: .atomic)
        // The environment may hold credentials: readable by the build's user only.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    /// `-n`: each task that would run, and why.
    private func describe(_ graph: TaskGraph, signatures: BuildSignatures, stampBases: [String: String], upToDate: Int) {
        for id in (try? graph.topologicalOrder()) ?? [] {
            guard let node = graph.node(id) else { continue }
            var reason = "no earlier run"
            if node.nostamp {
                reason = "nostamp task"
            } else if let signature = signatures[id], let base = stampBases[id.recipe],
                      let last = StampStore.lastSignature(base: base, task: id.task) {
                let diff = SignatureDiff(old: last, new: signature)
                reason = diff.explanation.first ?? "stamp missing"
            }
            write("NOTE: would run \(id): \(reason)\n")
        }
        write("NOTE: \(graph.count) tasks would run, \(upToDate) are up to date.\n")
    }

    private func prefixed(_ task: String) -> String { task.hasPrefix("do_") ? task : "do_" + task }

    private func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private func splitWords(_ s: String) -> [String] { s.split(whereSeparator: \.isWhitespace).map(String.init) }
}
