import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The files of a `bake parse`, handed out in chunks to whichever parser asks next.
///
/// Chunks shrink as the list drains (a fraction of what is left per parser, at most
/// `largest`), so that parsers finish close together without a round trip per file.
final class ParseChunks: Sendable {
    static let largest = 16
    private let files: [String]
    private let parsers: Int
    private let taken = Mutex(0)
    private let cancelled = Atomic(false)

    init(_ files: [String], parsers: Int) {
        self.files = files
        self.parsers = max(1, parsers)
    }

    func next() -> ArraySlice<String>? {
        taken.withLock { next in
            let remaining = files.count - next
            guard remaining > 0 else { return nil }
            let size = min(Self.largest, max(1, remaining / (4 * parsers)))
            defer { next += size }
            return files[next..<(next + size)]
        }
    }

    /// Hands out nothing more: the parse has failed as a whole.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        taken.withLock { $0 = files.count }
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

/// One `bake parse --worker` process, fed chunks by a thread of its parent.
final class ParseCommandWorker: @unchecked Sendable {
    // Unchecked: served by one thread, which owns it once started.
    private let process: Process
    private let input = Pipe()
    private let output = Pipe()

    private init?(executable: String, arguments: [String]) {
        guard let process = ParallelRecipeParser.startWorker(
            executable, ["parse", "--worker"] + arguments, input: input, output: output)
        else { return nil }
        self.process = process
    }

    /// Starts `count` workers (fewer if some cannot start: this process parses what they
    /// would have).
    static func start(_ count: Int, arguments: [String]) -> [ParseCommandWorker] {
        guard count > 0, let executable = ParallelRecipeParser.executable() else { return [] }
        signal(SIGPIPE, SIG_IGN)
        return (0..<count).compactMap { _ in ParseCommandWorker(executable: executable, arguments: arguments) }
    }

    /// Sends chunks until none is left, keeping two in flight so that the worker never waits
    /// for this thread; returns what the worker counted. A chunk the worker did not answer
    /// (it exited) counts as failed.
    func serve(_ chunks: ParseChunks) -> ParseCommand.Counts {
        var counts = ParseCommand.Counts()
        var inFlight: [ArraySlice<String>] = []
        var replies = LineReader(fd: output.fileHandleForReading.fileDescriptor)
        let toWorker = input.fileHandleForWriting.fileDescriptor
        func send() {
            guard let chunk = chunks.next() else { return }
            inFlight.append(chunk)
            _ = ParseWorkerMessage.writeAll(Array((chunk.joined(separator: "\n") + "\n\n").utf8), to: toWorker)
        }
        // A failed write leaves its chunk in flight: the worker is gone, and the read below
        // finds the end of its output.
        send()
        send()
        while !inFlight.isEmpty {
            guard let line = replies.next(), let answer = ParseCommand.Counts(line: line) else { break }
            counts.add(answer)
            inFlight.removeFirst()
            send()
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        for chunk in inFlight where !chunks.isCancelled {
            for file in chunk {
                counts.failed += 1
                printError("\(file): the parse worker exited (status \(process.terminationStatus)) before parsing it")
            }
        }
        return counts
    }
}

/// Lines from a file descriptor, read in blocks.
struct LineReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(fd: Int32) { self.fd = fd }

    /// The next line without its newline; nil at the end of input (an unterminated last line
    /// is dropped: a worker always ends its lines).
    mutating func next() -> Substring? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                return Substring(line)
            }
            buffer.removeFirst(start)
            start = 0
            var block = [UInt8](repeating: 0, count: 4096)
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer += block[..<n]
        }
    }
}
