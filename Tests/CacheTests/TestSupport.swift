import Foundation
import Testing

/// Runs `body` with a fresh directory that is deleted afterwards, however `body` ends.
func withTemporaryDirectory<Result>(
    _ body: (String) async throws -> Result
) async throws -> Result {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("bake-cache-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Blobs the tests store, from trivial to several megabytes. Generated from a fixed seed so a
/// failure reproduces.
enum Payload: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case empty
    case oneByte
    case text
    /// 4 MiB of random bytes: incompressible.
    case largeRandom
    /// 8 MiB of log-like lines: very compressible.
    case largeCompressible

    var testDescription: String { rawValue }

    var bytes: Data {
        switch self {
        case .empty: Data()
        case .oneByte: Data([0x2a])
        case .text: Data("DESCRIPTION = \"A recipe\"\nLICENSE = \"MIT\"\n".utf8)
        case .largeRandom: Self.largeRandomBytes
        case .largeCompressible: Self.largeCompressibleBytes
        }
    }

    // Generated once: dozens of tests use them, and debug builds generate slowly.
    private static let largeRandomBytes = randomData(count: 4 << 20, seed: 1)
    private static let largeCompressibleBytes = compressibleData(count: 8 << 20)
}

/// Deterministic pseudo-random bytes (SplitMix64).
func randomData(count: Int, seed: UInt64) -> Data {
    var state = seed
    var data = Data(count: count)
    data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
        var i = 0
        while i < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            for shift in stride(from: 0, to: 64, by: 8) where i < count {
                buffer[i] = UInt8(truncatingIfNeeded: z >> UInt64(shift))
                i += 1
            }
        }
    }
    return data
}

/// Text that compresses well but not trivially: numbered build-log lines.
func compressibleData(count: Int) -> Data {
    var data = Data(capacity: count)
    var line = 0
    while data.count < count {
        data.append(contentsOf: "NOTE: recipe busybox-1.36.\(line % 7): task do_compile: Succeeded (\(line))\n".utf8)
        line += 1
    }
    return data.prefix(count)
}

/// Runs a command to completion, its stdin from `input` (a file) when given.
///
/// - Returns: what it wrote to stdout (keep it small: it is read after the process exits).
@discardableResult
func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        let command = ([executable] + arguments).joined(separator: " ")
        throw CommandFailed(command: command, status: process.terminationStatus)
    }
    return data
}

struct CommandFailed: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var description: String { "\(command) exited with \(status)" }
}

/// The hash `sha256sum` prints for the file at `path`.
func sha256sum(_ path: String) throws -> String {
    let output = String(decoding: try run("/usr/bin/sha256sum", [path]), as: UTF8.self)
    return String(output.prefix { $0 != " " })
}

/// Whether a tool the interop tests compare against is installed.
func installed(_ path: String) -> Bool {
    FileManager.default.isExecutableFile(atPath: path)
}
