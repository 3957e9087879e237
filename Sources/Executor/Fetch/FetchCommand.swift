import Foundation

/// Runs the external tools the fetcher drives (curl, git, tar, patch, ...), with stdout and
/// stderr merged into one captured text so a failure can quote what the tool said.
struct FetchCommand {
    var arguments: [String]
    var directory: String?
    var environment: [String: String] = [:]

    init(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) {
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
    }

    /// A shell pipeline (`sh -c`), for the unpack commands BitBake itself runs through a shell.
    static func shell(_ script: String, in directory: String? = nil) -> FetchCommand {
        FetchCommand(["sh", "-c", script], in: directory)
    }

    /// The command as one line, for messages.
    var display: String { arguments.map(Self.shellQuote).joined(separator: " ") }

    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs the command to completion.
    /// - Throws: `FetchError` (`.fetchFailed`) only when the process cannot be started.
    func result() throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C"
        // A fetch never prompts: git must fail rather than ask for credentials.
        env["GIT_TERMINAL_PROMPT"] = "0"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FetchError.failure("Cannot run \(display): \(error)", url: nil)
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(status: status, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs the command and returns its output.
    /// - Throws: `FetchError` (`.fetchFailed`, as BitBake's `runfetchcmd`) on a non-zero exit.
    @discardableResult
    func run(url: String? = nil) throws -> String {
        let result = try result()
        guard result.status == 0 else {
            throw FetchError.failure(
                "Fetch command \(display) failed with exit code \(result.status), output:\n\(result.output)", url: url)
        }
        return result.output
    }

    static func shellQuote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "@%+=:,./-_".contains($0)) }) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }
}
