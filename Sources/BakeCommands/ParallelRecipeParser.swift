import BakeRecipeParser
import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Parses the cache misses on every core: this process parses too (its configuration is
/// already built), and `jobs - 1` `bake parse-worker` processes join it (one Python
/// interpreter each, as CPython has one lock per process).
///
/// Work-stealing: every parser, in process or not, takes the next file from one shared queue
/// when it finishes the last, so a few slow recipes do not leave the others idle.
struct ParallelRecipeParser {
    let jobs: Int
    /// A worker first parses the whole configuration, about as long as this many recipes: with
    /// fewer misses per worker than that, it would finish after this process had done its share.
    static let recipesPerWorker = 24

    /// One result or failure per file, in `files` order.
    func parse(_ files: [String], cached parse: CachedParse) -> [Result<RecipeParseResult, ParseFailure>] {
        guard !files.isEmpty else { return [] }
        let workers = min(jobs - 1, files.count / Self.recipesPerWorker)
        guard workers > 0, let key = parse.key, let executable = Self.executable() else { return parse.parseHere(files) }
        signal(SIGPIPE, SIG_IGN)
        let queue = ParseQueue(files)
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                Self.runWorker(executable, key: key, queue: queue)
                group.leave()
            }
            thread.start()
        }
        while let (index, file) = queue.next() {
            queue.record(index, Result { () throws(ParseFailure) in try parse.cooker.parseForCache(file) })
        }
        group.wait()
        return queue.results(files)
    }

    /// The running executable (the workers are this same bake).
    static func executable() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        let argument = CommandLine.arguments[0]
        return argument.hasPrefix("/") ? argument : nil
    }

    /// Starts one worker and feeds it files from `queue` until the queue is empty.
    private static func runWorker(_ executable: String, key: [UInt8], queue: ParseQueue) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["parse-worker"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            printWarning("cannot start a parse worker: \(error.localizedDescription)")
            return
        }
        let toWorker = input.fileHandleForWriting.fileDescriptor
        let fromWorker = output.fileHandleForReading.fileDescriptor
        defer {
            _ = ParseWorkerMessage.writeAll([0x0A], to: toWorker)
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        let first: ParseWorkerMessage?
        do {
            first = try ParseWorkerMessage.receive(from: fromWorker)
        } catch {
            first = nil
        }
        switch first {
        case .ready(let workerKey)? where workerKey == key:
            break
        case .ready?:
            printWarning("a parse worker sees another configuration (did a configuration file change?); not using it")
            return
        case .fatal(let message)?:
            printWarning("a parse worker could not parse the configuration: \(message)")
            return
        default:
            printWarning("a parse worker stopped before it was ready")
            return
        }
        while let (index, file) = queue.next() {
            guard ParseWorkerMessage.writeAll(Array((file + "\n").utf8), to: toWorker) else {
                queue.record(index, .failure(ParseFailure(file: file, message: "\(file): the parse worker exited")))
                return
            }
            let reply: ParseWorkerMessage?
            do {
                reply = try ParseWorkerMessage.receive(from: fromWorker)
            } catch {
                reply = nil
            }
            switch reply {
            case .parsed(let result)? where result.file == file:
                queue.record(index, .success(result))
            case .failed(let failure)?:
                queue.record(index, .failure(failure))
            default:
                // The worker died (or garbled its answer) on this recipe: it counts as that
                // recipe's error, the others go on in the remaining parsers.
                queue.record(index, .failure(ParseFailure(
                    file: file, message: "\(file): the parse worker exited or failed while parsing this recipe")))
                return
            }
        }
    }
}

/// The files still to parse and the results so far, shared by the parsing threads.
final class ParseQueue: Sendable {
    private struct State {
        var next = 0
        var results: [Result<RecipeParseResult, ParseFailure>?]
    }

    private let files: [String]
    private let state: Mutex<State>

    init(_ files: [String]) {
        self.files = files
        state = Mutex(State(results: Array(repeating: nil, count: files.count)))
    }

    /// The next file to parse, nil when every file is taken.
    func next() -> (Int, String)? {
        state.withLock { state in
            guard state.next < files.count else { return nil }
            defer { state.next += 1 }
            return (state.next, files[state.next])
        }
    }

    func record(_ index: Int, _ result: Result<RecipeParseResult, ParseFailure>) {
        state.withLock { $0.results[index] = result }
    }

    func results(_ files: [String]) -> [Result<RecipeParseResult, ParseFailure>] {
        state.withLock { state in
            state.results.enumerated().map { index, result in
                result ?? .failure(ParseFailure(file: files[index], message: "\(files[index]): was not parsed"))
            }
        }
    }
}
