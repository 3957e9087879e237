import Foundation

/// Runs `ShellTask`s the way BitBake's `bb.build` does, each function in the sandbox:
///
/// 1. `${T}` is created; `log.task_order` gets a line; `log.do_TASK` points at `log.do_TASK.PID`,
///    which receives the output of every function of the task.
/// 2. `[cleandirs]` are emptied, `[dirs]` created (the last is the working directory).
/// 3. Each prefunc, the task, then each postfunc is written to `${T}/run.FUNC.PID` (the task's
///    own also linked as `run.do_TASK`) and run with `/bin/sh` in the sandbox, `[lockfiles]` held
///    around the task's function. The first failure stops the task.
///
/// A failing task is a result, not an error: the caller shows `logTail()`.
public struct ShellTaskRunner: Sendable {
    public var sandbox: Sandbox
    /// memory.max and pids.max for each task, where the host allows cgroups.
    public var memoryLimit: Int?
    public var pidLimit: Int?
    /// The hostname tasks see.
    public var hostname: String
    /// Directories under `/tmp` every task must still see read-only (the build directory and
    /// layers, when they live there).
    public var readablePaths: [String] = []

    public init(sandbox: Sandbox = Sandbox(), memoryLimit: Int? = nil, pidLimit: Int? = nil, hostname: String = "bake") {
        self.sandbox = sandbox
        self.memoryLimit = memoryLimit
        self.pidLimit = pidLimit
        self.hostname = hostname
    }

    /// Runs `task`.
    /// - Returns: success, or the failing function and its exit, with the log's path.
    /// - Throws: `ExecutorError` when the task is malformed or its files cannot be written,
    ///   `SandboxError` when the sandbox cannot start, `CancellationError` when cancelled.
    public func run(_ task: ShellTask) async throws -> ShellTaskResult {
        guard task.functions[task.name] != nil else {
            throw ExecutorError("\(task.recipe): \(task.name): no shell function \(task.name) to run")
        }
        guard task.tempDirectory.hasPrefix("/") else {
            throw ExecutorError("\(task.recipe): \(task.name): T must be an absolute path, not '\(task.tempDirectory)'")
        }
        let files = FileManager.default
        let temp = task.tempDirectory
        try makeDirectory(temp, for: task)

        let pid = LinuxSystem.processID
        let logBase = "log.\(task.name).\(pid)"
        let logFile = "\(temp)/\(logBase)"
        appendTaskOrder(task: task, pid: pid, logBase: logBase)
        try? LinuxSystem.replaceSymlink(at: "\(temp)/log.\(task.name)", pointingTo: logBase)
        let log = try LinuxSystem.openForWriting(logFile)
        defer { LinuxSystem.close(log) }

        for directory in task.cleanDirs {
            if files.fileExists(atPath: directory) {
                do { try files.removeItem(atPath: directory) } catch {
                    throw ExecutorError("\(task.recipe): \(task.name): cannot clean \(directory): \(error.localizedDescription)")
                }
            }
            try makeDirectory(directory, for: task)
        }
        for directory in task.dirs { try makeDirectory(directory, for: task) }
        for directory in task.writablePaths { try makeDirectory(directory, for: task) }

        var result = ShellTaskResult(logFile: logFile, runFiles: [], failure: nil)
        let steps = task.prefuncs.map { ($0, false) } + [(task.name, true)] + task.postfuncs.map { ($0, false) }
        for (function, isTask) in steps {
            guard task.functions[function] != nil else {
                // BitBake warns and goes on when a listed function does not exist.
                write("WARNING: Function \(function) doesn't exist\n", to: log)
                continue
            }
            let runFile = "\(temp)/run.\(function).\(pid)"
            if isTask { try? LinuxSystem.replaceSymlink(at: "\(temp)/run.\(function)", pointingTo: "run.\(function).\(pid)") }
            try writeRunFile(runFile, function: function, task: task)
            result.runFiles.append(runFile)

            let locks = isTask ? try await acquire(task.lockFiles) : []
            let exit: SandboxExit
            do {
                exit = try await sandbox.run(policy(for: task, runFile: runFile), output: log)
            } catch {
                locks.forEach { $0.release() }
                throw error
            }
            locks.forEach { $0.release() }
            if !exit.succeeded {
                write("ERROR: Execution of '\(runFile)' failed with \(exit)\n", to: log)
                result.failure = .init(function: function, exit: exit)
                return result
            }
        }
        return result
    }

    private func policy(for task: ShellTask, runFile: String) -> SandboxPolicy {
        var writable = [task.tempDirectory] + task.dirs + task.cleanDirs + task.writablePaths
        writable = Array(Set(writable)).sorted()
        var policy = SandboxPolicy(
            arguments: ["/bin/sh", runFile], environment: task.exports, workingDirectory: task.workingDirectory,
            writablePaths: writable, networkAllowed: task.networkAllowed, memoryLimit: memoryLimit,
            pidLimit: pidLimit, hostname: hostname, umask: task.umask ?? 0o022)
        policy.readablePaths = readablePaths
        return policy
    }

    private func writeRunFile(_ path: String, function: String, task: ShellTask) throws {
        let script = ShellScript(
            function: function, functions: task.functions, exports: task.exports, unexports: task.unexports,
            workingDirectory: task.workingDirectory)
        do {
            try script.render().write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o775], ofItemAtPath: path)
        } catch {
            throw ExecutorError("\(task.recipe): \(task.name): cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Takes every lock in the order listed, releasing those taken if a later one fails.
    private func acquire(_ paths: [String]) async throws -> [FileLock] {
        var locks: [FileLock] = []
        do {
            for path in paths { locks.append(try await FileLock.acquire(path)) }
        } catch {
            locks.forEach { $0.release() }
            throw error
        }
        return locks
    }

    /// `${T}/log.task_order`: "timestamp do_task (pid): log.do_task.pid", one line per task run.
    private func appendTaskOrder(task: ShellTask, pid: Int32, logBase: String) {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss.SSSSSS"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let line = "\(formatter.string(from: Date())) \(task.name) (\(pid)): \(logBase)\n"
        guard let descriptor = try? LinuxSystem.openForAppend("\(task.tempDirectory)/log.task_order") else { return }
        write(line, to: descriptor)
        LinuxSystem.close(descriptor)
    }

    private func write(_ text: String, to descriptor: Int32) {
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        handle.write(Data(text.utf8))
    }

    private func makeDirectory(_ path: String, for task: ShellTask) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ExecutorError("\(task.recipe): \(task.name): cannot create \(path): \(error.localizedDescription)")
        }
    }
}
