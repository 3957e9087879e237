import ArgumentParser
import BakeBasics
import BakeRecipeParser
import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `bake parse FILE...`: parses each recipe on its own (as `bake eval` does) and prints
/// BitBake's summary; errors are reported with their location and counted, the others still
/// parse. With `-j N` this process and N-1 worker processes share the files (one Python
/// interpreter each, as CPython has one lock per process).
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse recipe files and report errors and throughput."
    )

    @OptionGroup var metadata: MetadataOptions

    @Option(name: [.customShort("j"), .long], help: "Parsing processes (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Print throughput figures.")
    var stats = false

    @Flag(name: .customLong("worker"), help: .hidden)
    var isWorker = false

    @Argument(help: "Recipe files (.bb), or folders searched for them.")
    var paths: [String] = []

    /// The recipes named on the command line, folders replaced by the `.bb` files below them
    /// (sorted, so that runs parse them in the same order).
    private var files: [String] {
        paths.flatMap { path -> [String] in
            guard let found = Self.recipes(under: path) else { return [path] }
            return found.sorted()
        }
    }

    /// The `.bb` files below `directory` (nil when it is not one), read with readdir: a
    /// thousand recipes are listed in a fraction of a millisecond. Like `os.walk`, links to
    /// folders are not followed.
    private static func recipes(under directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        var found: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != "." && name != ".." else { continue }
            let path = base + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                type = (status.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
            }
            if type == UInt8(DT_DIR) {
                found += recipes(under: path) ?? []
            } else if name.hasSuffix(".bb") {
                found.append(path)
            }
        }
        return found
    }

    struct Counts: Sendable {
        var parsed = 0, skipped = 0, failed = 0
        mutating func add(_ other: Counts) {
            parsed += other.parsed
            skipped += other.skipped
            failed += other.failed
        }

        /// How a worker reports them.
        var line: String { "counts \(parsed) \(skipped) \(failed)\n" }

        init(parsed: Int = 0, skipped: Int = 0, failed: Int = 0) {
            (self.parsed, self.skipped, self.failed) = (parsed, skipped, failed)
        }

        init?(line: Substring) {
            let words = line.split(separator: " ")
            guard words.count == 4, words[0] == "counts", let p = Int(words[1]), let s = Int(words[2]), let f = Int(words[3])
            else { return nil }
            self.init(parsed: p, skipped: s, failed: f)
        }
    }

    func run() throws {
        if isWorker { return try runWorker() }
        let clock = ContinuousClock()
        let start = clock.now
        let files = self.files
        let processes = max(1, min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, files.count / 8))
        let counts = try parseShared(files, processes: processes)
        let seconds = (clock.now - start).secondsValue
        print("Parsed \(files.count) .bb files: \(counts.parsed - counts.skipped) targets, \(counts.skipped) skipped, "
              + "\(counts.failed) errors.")
        if stats {
            print(String(format: "parse time %.3f s, %.1f recipes/s, %d process(es)",
                         seconds, Double(files.count) / max(seconds, 1e-9), processes))
        }
        if counts.failed > 0 { throw ExitCode(1) }
    }

    /// Parses `files` here and in `processes - 1` workers, each taking the next chunk of the
    /// list when it has finished the last (a worker starts late, and recipes differ in cost).
    private func parseShared(_ files: [String], processes: Int) throws -> Counts {
        let chunks = ParseChunks(files, parsers: processes)
        let workers = processes > 1 ? ParseCommandWorker.start(processes - 1, arguments: metadata.arguments) : []
        let group = DispatchGroup()
        let workerCounts = Mutex(Counts())
        for worker in workers {
            group.enter()
            Thread {
                let counts = worker.serve(chunks)
                workerCounts.withLock { $0.add(counts) }
                group.leave()
            }.start()
        }
        let parser: RecipeFileParser
        do {
            parser = try reportingErrors { () throws(EvaluationError) in try RecipeFileParser(metadata) }
        } catch {
            // The workers fail on the same configuration, quietly: this is the one report.
            chunks.cancel()
            group.wait()
            throw error
        }
        var counts = Counts()
        while let chunk = chunks.next() { counts.add(parser.parse(chunk)) }
        group.wait()
        counts.add(workerCounts.withLock { $0 })
        return counts
    }

    /// `bake parse --worker`: parses the chunks its parent sends on standard input (paths one
    /// per line, an empty line after each chunk) and answers each with `counts P S F` on its
    /// standard output. What metadata prints goes to standard error instead.
    private func runWorker() throws {
        let channel = dup(1)
        dup2(2, 1)
        // A configuration that fails here fails in the parent too, which reports it.
        guard let parser = try? RecipeFileParser(metadata) else { throw ExitCode(1) }
        var chunk: [String] = []
        while let line = readLine(strippingNewline: true) {
            guard line.isEmpty else {
                chunk.append(line)
                continue
            }
            let counts = parser.parse(chunk)
            chunk = []
            guard ParseWorkerMessage.writeAll(Array(counts.line.utf8), to: channel) else { return }
        }
        // The parent waits for this process to end: skip taking the parser's data apart.
        Glibc.exit(0)
    }
}

/// Parses recipes one by one on the configuration the options describe, counting outcomes and
/// printing each error as it happens.
struct RecipeFileParser {
    let metadata: MetadataOptions
    let evaluator = MetadataEvaluator()
    let configuration: DataStore?

    init(_ metadata: MetadataOptions) throws(EvaluationError) {
        self.metadata = metadata
        configuration = try metadata.configuration(evaluator)
    }

    func parse(_ files: some Sequence<String>) -> ParseCommand.Counts {
        var counts = ParseCommand.Counts()
        for file in files {
            do {
                let store = try metadata.recipe(file, evaluator, configuration: configuration)
                counts.parsed += 1
                if try store.getVar("__SKIPPED", expand: false)?.isTruthy == true { counts.skipped += 1 }
            } catch {
                counts.failed += 1
                FileHandle.standardError.write(Data((error.diagnostic.withSourceLineFromFile().description + "\n").utf8))
            }
        }
        return counts
    }
}

extension Duration {
    var secondsValue: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
