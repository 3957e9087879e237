import Foundation
import Testing

/// Helpers the fetch tests share: scratch directories, running tools, a loopback HTTP server.
enum FetchTestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The Python that has the real BitBake library: `BAKE_ORACLE_PYTHON`, else the package's
    /// `.venv-oracle` (made by `scripts/setup.sh --with-oracle`).
    static var oraclePython: String? {
        let candidates = [
            ProcessInfo.processInfo.environment["BAKE_ORACLE_PYTHON"],
            packageRoot + "/.venv-oracle/bin/python",
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A fresh directory under the system temporary directory, removed by the caller.
    static func scratch(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "bake-fetch-\(safe)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `arguments` (first one looked up on PATH) in `directory` and returns its output.
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil, input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "Test"
        environment["GIT_AUTHOR_EMAIL"] = "test@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test"
        environment["GIT_COMMITTER_EMAIL"] = "test@example.com"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if process.terminationStatus != 0 {
            throw TestFailure("\(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(text)")
        }
        return text
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func sha256(_ path: String) throws -> String {
        String(try run(["sha256sum", path]).prefix(64))
    }

    /// A lookup over a plain dictionary, as a datastore would answer.
    static func lookup(_ values: [String: String]) -> @Sendable (String) -> String? {
        { values[$0] }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `python3 -m http.server` bound to 127.0.0.1 on an ephemeral port, serving `root`; the
/// request log (one line per request, with the path and status) is kept for order checks.
final class LoopbackHTTPServer {
    let root: String
    let port: Int
    private let process: Process
    private let logPath: String

    init(root: String) throws {
        self.root = root
        logPath = root + ".http.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", root, "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The server announces its port on its first line: "Serving HTTP on 127.0.0.1 port N ...".
        var banner = ""
        while !banner.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = banner.range(of: "port "),
            let port = Int(banner[range.upperBound...].prefix { $0.isNumber })
        else {
            kill(process.processIdentifier, SIGKILL)
            throw TestFailure("http.server did not start: \(banner)")
        }
        self.port = port
        try waitUntilAnswering()
    }

    var base: String { "http://127.0.0.1:\(port)" }

    private func waitUntilAnswering() throws {
        for _ in 0..<100 {
            if (try? FetchTestSupport.run(["curl", "-s", "-o", "/dev/null", base + "/"])) != nil { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestFailure("http.server on port \(port) never answered")
    }

    /// The request paths served so far, with their HTTP status, in order.
    func requests() throws -> [(path: String, status: Int)] {
        try FetchTestSupport.read(logPath).split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "\"GET "), let end = line.range(of: " HTTP/", range: start.upperBound..<line.endIndex)
            else { return nil }
            let path = String(line[start.upperBound..<end.lowerBound])
            // "/" is the readiness probe, not a fetch.
            if path == "/" { return nil }
            let status = Int(line[line.index(end.upperBound, offsetBy: 5)...].prefix { $0.isNumber }) ?? 0
            return (path, status)
        }
    }

    deinit {
        // SIGKILL: the test runner's threads block SIGTERM and children inherit that mask.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
