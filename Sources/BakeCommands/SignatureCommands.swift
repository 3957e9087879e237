import ArgumentParser
import BakeExecutor
import BakeRecipeParser
import BakeScheduler
import Foundation

/// `bake dumpsig RECIPE:TASK`: what goes into the task's signature now (its variables and
/// their values, the hashes of the tasks it depends on, its files), as JSON.
struct DumpSignatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dumpsig", abstract: "Print what goes into a task's signature (in a build directory).")

    @Argument(help: "recipe:do_task (or recipe:task).")
    var task: String

    func run() throws {
        let (target, name) = try splitTask(task)
        let session = try signatureSession()
        guard let signature = try session.signatures(target: target, task: name).current else {
            throw ValidationError("\(target) has no task \(name)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        print(String(decoding: try encoder.encode(signature), as: UTF8.self))
    }
}

/// `bake diffsigs RECIPE:TASK`: why the task must run again, in plain words: its signature
/// now against the one its last build recorded (or, when those are equal, the last two
/// recorded ones).
struct DiffSignaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diffsigs", abstract: "Explain why a task's signature changed (in a build directory).")

    @Argument(help: "recipe:do_task (or recipe:task).")
    var task: String

    func run() throws {
        let (target, name) = try splitTask(task)
        let (current, recorded) = try signatureSession().signatures(target: target, task: name)
        var new = current
        var old = recorded.first
        if let c = current, let first = recorded.first, c.taskhash == first.taskhash {
            new = first
            old = recorded.dropFirst().first
        }
        guard let new else { throw ValidationError("\(target) has no task \(name)") }
        guard let old else {
            print("\(task): no earlier signature recorded; the task has not run before")
            return
        }
        let diff = SignatureDiff(old: old, new: new)
        if diff.changes.isEmpty {
            print("\(task): signature unchanged (\(new.taskhash))")
            return
        }
        print("\(task): \(old.taskhash) -> \(new.taskhash)")
        for line in diff.explanation { print("  " + line) }
    }
}

private func splitTask(_ text: String) throws -> (String, String) {
    guard let colon = text.lastIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else {
        throw ValidationError("expected RECIPE:TASK, e.g. hello:do_compile")
    }
    return (String(text[..<colon]), String(text[text.index(after: colon)...]))
}

private func signatureSession() throws -> BuildSession {
    let cooker = try reportingErrors { () throws(EvaluationError) in
        try Cooker(.init(workingDirectory: FileManager.default.currentDirectoryPath,
                         environment: ProcessInfo.processInfo.environment))
    }
    return BuildSession(cooker: cooker, bakeExecutable: executablePath(), environment: ProcessInfo.processInfo.environment)
}
