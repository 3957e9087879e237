import ArgumentParser
import BakeBasics
import BakeRecipeParser
import Foundation

/// `bake parse FILE...`: parses each recipe on its own (as `bake eval` does) and prints
/// BitBake's summary; errors are reported with their location and counted, the others still
/// parse. With `-j N` the files are shared among N worker processes (one Python interpreter
/// each, as CPython has one lock per process).
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse recipe files and report errors and throughput."
    )

    @OptionGroup var metadata: MetadataOptions

    @Option(name: [.customShort("j"), .long], help: "Worker processes (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Print throughput figures.")
    var stats = false

    @Flag(name: .customLong("worker"), help: .hidden)
    var isWorker = false

    @Argument(help: "Recipe files (.bb), or folders searched for them.")
    var paths: [String] = []

    /// The recipes named on the command line, folders replaced by the `.bb` files below them
    /// (sorted, so workers get the same shares on every run).
    private var files: [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                  let walker = FileManager.default.enumerator(atPath: path) else { return [path] }
            let base = path.hasSuffix("/") ? path : path + "/"
            return walker.compactMap { ($0 as? String).flatMap { $0.hasSuffix(".bb") ? base + $0 : nil } }.sorted()
        }
    }

    struct Counts {
        var parsed = 0, skipped = 0, failed = 0
        mutating func add(_ other: Counts) {
            parsed += other.parsed
            skipped += other.skipped
            failed += other.failed
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        // Workers read their share from standard input: a thousand paths are cheaper to read
        // than to pass through the argument parser.
        let files = isWorker
            ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                .split(separator: "\n").map(String.init)
            : self.files
        let workers = max(1, min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, files.count / 8))
        let counts = workers > 1 && !isWorker ? try parseInWorkers(workers, files) : try parseHere(files)
        if isWorker {
            print("counts \(counts.parsed) \(counts.skipped) \(counts.failed)")
            return
        }
        let seconds = (clock.now - start).secondsValue
        print("Parsed \(files.count) .bb files: \(counts.parsed - counts.skipped) targets, \(counts.skipped) skipped, "
              + "\(counts.failed) errors.")
        if stats {
            print(String(format: "parse time %.3f s, %.1f recipes/s, %d worker(s)",
                         seconds, Double(files.count) / max(seconds, 1e-9), workers))
        }
        if counts.failed > 0 { throw ExitCode(1) }
    }

    private func parseHere(_ files: [String]) throws -> Counts {
        let evaluator = MetadataEvaluator()
        let configuration = try reportingErrors { () throws(EvaluationError) in try metadata.configuration(evaluator) }
        var counts = Counts()
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

    /// Runs `bake parse --worker` on every `workers`-th file and adds up what they report.
    private func parseInWorkers(_ workers: Int, _ files: [String]) throws -> Counts {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0])
        let common = ["parse", "--worker", "-j", "1"] + metadata.arguments
        var running: [(Process, Pipe)] = []
        for w in 0..<workers {
            let share = stride(from: w, to: files.count, by: workers).map { absolutePath(files[$0]) }
            let process = Process()
            process.executableURL = executable
            process.arguments = common
            let pipe = Pipe(), input = Pipe()
            process.standardOutput = pipe
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(share.joined(separator: "\n").utf8))
            try input.fileHandleForWriting.close()
            running.append((process, pipe))
        }
        var total = Counts()
        for (process, pipe) in running {
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("counts ") }) else {
                throw ValidationError("a parse worker exited with status \(process.terminationStatus) without a summary")
            }
            let numbers = line.split(separator: " ").dropFirst().compactMap { Int($0) }
            guard numbers.count == 3 else { throw ValidationError("a parse worker printed a malformed summary") }
            total.add(Counts(parsed: numbers[0], skipped: numbers[1], failed: numbers[2]))
        }
        return total
    }
}

extension Duration {
    var secondsValue: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
