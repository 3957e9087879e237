import Foundation

/// The real BitBake library behind `Tests/SignatureConformance/oracle.py`, run as a child
/// process. It lives in the virtualenv `scripts/setup.sh --with-oracle` creates
/// (`.venv-oracle` at the package root); `BAKE_ORACLE_PYTHON` names another interpreter.
enum SignatureOracle {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("Tests/SignatureConformance/oracle.py").path
    static let cases = packageRoot.appendingPathComponent("Tests/SignatureConformance/cases")

    static var python: String? {
        let candidates = [ProcessInfo.processInfo.environment["BAKE_ORACLE_PYTHON"],
                          packageRoot.appendingPathComponent(".venv-oracle/bin/python").path].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var isAvailable: Bool { python != nil }

    /// Runs the oracle; one JSON object per output line, decoded as `T`.
    static func run<T: Decodable>(_ arguments: [String], input: Data = Data(), as type: T.Type) throws -> [T] {
        guard let python else { throw OracleError(message: "no oracle Python") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Feed stdin on another thread so a large input cannot deadlock against stdout.
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OracleError(message: "oracle exited with status \(process.terminationStatus)")
        }
        return try output.split(separator: UInt8(ascii: "\n")).map { line in
            try JSONDecoder().decode(T.self, from: Data(line))
        }
    }

    /// `oracle.py shell`: one line per script.
    struct ShellResult: Decodable, Sendable {
        var execs: [String]?
        var error: String?
    }

    /// `oracle.py recipe`: one line per case.
    struct RecipeResult: Decodable, Sendable {
        struct Task: Decodable, Sendable {
            var basehash: String
            var deps: [String]
        }
        var `case`: String
        var error: String?
        var tasks: [String: Task]?
        var gendeps: [String: [String]]?
        var values: [String: String?]?
    }

    struct OracleError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
