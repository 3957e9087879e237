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
    /// Workers started early (`ParseWorkers.start`), used before any new one is started.
    let started: ParseWorkers?
    /// A worker first parses the whole configuration, about as long as this many recipes: with
    /// fewer misses per worker than that, it would finish after this process had done its share.
    static let recipesPerWorker = 24

    /// One result or failure per file, in `files` order.
    func parse(_ files: [String], cached parse: CachedParse) -> [Result<RecipeParseResult, ParseFailure>] {
        let wanted = files.isEmpty ? 0 : min(jobs - 1, files.count / Self.recipesPerWorker)
        var workers = started?.take(wanted) ?? []
        started?.closeAll()
        guard wanted > 0, let key = parse.key else {
            for worker in workers { worker.close() }
            return parse.parseHere(files)
        }
        if workers.count < wanted {
            let more = ParseWorkers.start(count: wanted - workers.count)
            more.configurationReady()
            workers += more.take(wanted)
        }
        guard !workers.isEmpty else { return parse.parseHere(files) }
        let queue = ParseQueue(files)
        let group = DispatchGroup()
        for worker in workers {
            group.enter()
            let thread = Thread {
                Self.serve(worker, key: key, queue: queue)
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

    /// Starts a worker process (this same bake) talking through `input` and `output`; nil,
    /// with a warning, when it cannot start (the caller's process does its share).
    static func startWorker(_ executable: String, _ arguments: [String], input: Pipe, output: Pipe) -> Process? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            printWarning("cannot start a parse worker: \(error.localizedDescription)")
            return nil
        }
        return process
    }

    /// Feeds `worker` files from `queue` until the queue is empty, once it reported the same
    /// configuration as this process.
    private static func serve(_ worker: ParseWorker, key: [UInt8], queue: ParseQueue) {
        defer { worker.close() }
        let first: ParseWorkerMessage?
        do {
            first = try ParseWorkerMessage.receive(from: worker.fromWorker)
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
            guard ParseWorkerMessage.writeAll(Array((file + "\n").utf8), to: worker.toWorker) else {
                queue.record(index, .failure(ParseFailure(file: file, message: "\(file): the parse worker exited")))
                return
            }
            let reply: ParseWorkerMessage?
            do {
                reply = try ParseWorkerMessage.receive(from: worker.fromWorker)
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

/// One `bake parse-worker` process and its pipes.
final class ParseWorker: @unchecked Sendable {
    // Unchecked: used by one thread at a time (the one serving it), closed once.
    private let process: Process
    private let input: Pipe
    private let output: Pipe
    private var closed = false

    var toWorker: Int32 { input.fileHandleForWriting.fileDescriptor }
    var fromWorker: Int32 { output.fileHandleForReading.fileDescriptor }

    init?(executable: String) {
        input = Pipe()
        output = Pipe()
        guard let process = ParallelRecipeParser.startWorker(executable, ["parse-worker"], input: input, output: output)
        else { return nil }
        self.process = process
    }

    private var toldConfigured = false

    /// Lets the worker fire its configuration events (this process's have run).
    func configurationReady() {
        guard !closed, !toldConfigured else { return }
        toldConfigured = true
        _ = ParseWorkerMessage.writeAll(Array((ParseWorkerMessage.configured + "\n").utf8), to: toWorker)
    }

    /// Tells the worker there is nothing more (an empty line, then end of input) and waits.
    func close() {
        guard !closed else { return }
        closed = true
        _ = ParseWorkerMessage.writeAll([0x0A], to: toWorker)
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Parse workers started before they are needed: `bake -p` starts them with the configuration
/// still to build, so that they build theirs at the same time (on the other cores) and are
/// ready when the recipes are.
final class ParseWorkers: @unchecked Sendable {
    // Unchecked: taken from and closed by the one thread that runs the parse.
    private var workers: [ParseWorker]

    private init(_ workers: [ParseWorker]) { self.workers = workers }

    static func start(count: Int) -> ParseWorkers {
        guard count > 0, let executable = ParallelRecipeParser.executable() else { return ParseWorkers([]) }
        signal(SIGPIPE, SIG_IGN)
        return ParseWorkers((0..<count).compactMap { _ in ParseWorker(executable: executable) })
    }

    /// Up to `count` of the workers, which the caller then owns.
    func take(_ count: Int) -> [ParseWorker] {
        let taken = Array(workers.prefix(max(0, count)))
        workers.removeFirst(taken.count)
        return taken
    }

    /// This process's configuration events have run: the workers may fire theirs.
    func configurationReady() {
        for worker in workers { worker.configurationReady() }
    }

    /// Stops the workers nobody took.
    func closeAll() {
        for worker in workers { worker.close() }
        workers = []
    }

    deinit { closeAll() }
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
