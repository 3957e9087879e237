public import BakeRecipeParser
import Foundation

extension ShellTask {
    /// Offers shell functions to metadata's Python as `bb.build.exec_func(NAME, d)`: Python
    /// code in a task (OE-core's packaging, for one) runs a shell function of the recipe.
    ///
    /// Runs inside the task's process and so inside its sandbox: the function and the shell
    /// functions it calls go into `${T}/run.NAME.PID` with the exports, as for a task, and
    /// its output goes to the task's log (this process's standard output). `[dirs]`,
    /// `[cleandirs]` and `[lockfiles]` are handled by the Python side before the call.
    /// Returns None, or the failure's text, which the Python side logs before raising
    /// `bb.BBHandledException` as BitBake's `exec_func_shell` does.
    public static func provideExecFunc(to python: PythonInterpreter) {
        python.provide("build.exec_shell") { store, arguments throws(EvaluationError) in
            guard let function = arguments.first?.stringValue else {
                throw EvaluationError(.python, "TypeError: exec_func needs a function name")
            }
            let directory = arguments.count > 1 ? arguments[1].stringValue ?? "" : ""
            let functions: [String]
            do {
                functions = try ShellFunctionClosure.functions(of: function, in: store)
            } catch {
                throw EvaluationError(.fatal, "\(function): \(error)")
            }
            let task = try ShellTask(store: store, task: function, functions: functions, asTask: false)
            let runFile = task.tempDirectory + "/run.\(function).\(getpid())"
            let script = ShellScript(
                function: function, functions: task.functions, exports: task.exports, unexports: task.unexports,
                workingDirectory: directory.isEmpty ? FileManager.default.currentDirectoryPath : directory)
            do {
                try FileManager.default.createDirectory(atPath: task.tempDirectory, withIntermediateDirectories: true)
                try script.render().write(toFile: runFile, atomically: false, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o775], ofItemAtPath: runFile)
            } catch {
                throw EvaluationError(.fatal, "\(function): cannot write \(runFile): \(error.localizedDescription)")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [runFile]
            do {
                try process.run()
            } catch {
                throw EvaluationError(.fatal, "\(function): cannot run \(runFile): \(error.localizedDescription)")
            }
            process.waitUntilExit()
            guard process.terminationStatus != 0 || process.terminationReason != .exit else { return .none }
            let how = process.terminationReason == .uncaughtSignal
                ? "killed by signal \(process.terminationStatus)" : "exit code \(process.terminationStatus)"
            return .string("Execution of '\(runFile)' failed with \(how)")
        }
    }
}
