import BakeBasics
import Foundation
import Testing
@testable import BakeRecipeParser
#if canImport(Glibc)
import Glibc
#endif

/// Robustness fuzzing of the metadata parser and evaluator: no input may crash or hang them.
///
/// Every input is parsed in both dialects (`MetadataParser.parse`) and then evaluated in full as
/// `recipe.bb` (`MetadataEvaluator.evaluateRecipe`, then every variable expanded as `bitbake -e`
/// does). Either may fail with diagnostics or an `EvaluationError`; neither may trap, overflow
/// the stack or take longer than `FuzzSettings.hangLimit`.
///
/// The runs are seeded and deterministic. The corpus (`Tests/Fuzz/corpus`) is replayed first;
/// generated and mutated inputs follow. Inputs known to crash or hang bake live in
/// `Tests/Fuzz/known-issues` and are replayed in a `bake eval` child process. See
/// `Tests/Fuzz/README.md` for the environment variables of longer runs.
///
/// Python is one interpreter per process, used from one thread at a time: the suite is
/// serialised, carries `.usesPython`, and runs all parsing and evaluation on `FuzzThread`, a
/// dedicated thread with the main thread's stack size.
@Suite(.serialized, .usesPython)
struct FuzzTests {
    @Test func corpusReplays() async {
        let report = await FuzzThread.shared.run { harness in harness.replayCorpus() }
        #expect(report.inputs > 0, "no corpus files found in \(FuzzPaths.corpus.path)")
        report.recordIssues()
    }

    @Test func generatedRecipes() async {
        let report = await FuzzThread.shared.run { harness in
            harness.fuzzGenerated(count: FuzzSettings.generatedCount, seed: FuzzSettings.seed)
        }
        report.recordIssues()
    }

    @Test func mutatedRecipes() async {
        let report = await FuzzThread.shared.run { harness in
            harness.fuzzMutated(count: FuzzSettings.mutatedCount, seed: FuzzSettings.seed &+ 1)
        }
        #expect(report.inputs > 0, "no seed files found")
        report.recordIssues()
    }

    /// Known crashers and hangs, replayed in child `bake eval` processes (a crash cannot be
    /// caught in-process). Each is a known issue until fixed; then the replay fails with
    /// "known issue was not recorded": move the file to `corpus/` and drop it from the list.
    @Test func knownIssuesStillReproduce() async throws {
        let files = FuzzPaths.files(in: FuzzPaths.knownIssues)
        guard !files.isEmpty else { return }
        guard let bake = FuzzPaths.bakeExecutable else {
            print("FuzzTests: no bake executable beside the test bundle; known issues not replayed")
            return
        }
        let results = ChildReplay.run(files, bake: bake, limit: FuzzSettings.hangLimit)
        for (file, outcome) in results {
            let name = file.lastPathComponent
            if let reason = FuzzSettings.knownIssues[name] {
                // The open known issues are slow inputs: whether they cross the time limit
                // depends on the build and the machine's load, hence intermittent.
                withKnownIssue(Comment(rawValue: reason), isIntermittent: true) {
                    if let outcome { Issue.record("\(name): \(outcome)") }
                }
            } else if let outcome {
                Issue.record("\(name) (not listed in FuzzSettings.knownIssues): \(outcome)")
            }
        }
    }
}

// MARK: - Settings

enum FuzzSettings {
    /// An input whose parse and evaluation take longer than this (seconds of CPU time on the
    /// fuzz thread, which runs the Python too) is a hang.
    static let hangLimit = 2.0
    /// A single input running this long is stuck for good: the watchdog stops the process
    /// (naming the input) rather than letting the test run forever.
    static let watchdogLimit = 30.0

    static var seed: UInt64 { environment("BAKE_FUZZ_SEED").flatMap { UInt64($0) } ?? 0xBA4E_F022 }
    static var generatedCount: Int { environment("BAKE_FUZZ_GENERATED").flatMap { Int($0) } ?? 500 }
    static var mutatedCount: Int { environment("BAKE_FUZZ_MUTATED").flatMap { Int($0) } ?? 500 }
    /// A folder to save one minimised input per newly seen behaviour (corpus building).
    static var saveDirectory: String? { environment("BAKE_FUZZ_SAVE") }

    /// Print each newly seen behaviour signature.
    static var verbose: Bool { environment("BAKE_FUZZ_VERBOSE") != nil }

    /// Known crashers/hangs (files in `Tests/Fuzz/known-issues`) and why they fail.
    static let knownIssues: [String: String] = [
        "hang-large-expansion-26mb.bb":
            "a 26 MB value built by doubling (with a stray ${ so each level takes two rounds): ~2.5 s in release, BitBake 0.2 s; byte-by-byte copying in substituteVariables/substitutePython",
        "hang-expansion-grows-each-round-large-value.bb":
            "${@d.getVar('A', False)}x...: the 100-round cap bounds rounds, not work; each round copies the grown text (~rounds² × value length)",
    ]

    /// While the growing-expansion hang is open, generated values stay short (a value that
    /// reads itself unexpanded grows each round, and costs rounds² × its length).
    static let avoidLongGrowingValues = true

    private static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

enum FuzzPaths {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = tests.appendingPathComponent("Fuzz/corpus")
    static let knownIssues = tests.appendingPathComponent("Fuzz/known-issues")
    static let conformanceCases = tests.appendingPathComponent("Conformance/cases")

    /// The `.bb` files of a folder, sorted.
    static func files(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".bb") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The `bake` executable built beside this test bundle, if there is one.
    static var bakeExecutable: URL? {
        var candidates: [URL] = []
        if let main = Bundle.main.executableURL { candidates.append(main.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in candidates {
            let bake = folder.appendingPathComponent("bake")
            if FileManager.default.isExecutableFile(atPath: bake.path) { return bake }
        }
        return nil
    }
}

// MARK: - Reports

/// What one fuzzing run found; issues are recorded by the test, on its own task.
struct FuzzReport: Sendable {
    var name: String
    var inputs = 0
    var seconds = 0.0
    var slowest = 0.0
    var behaviours = 0
    /// How evaluations ended, by error kind.
    var outcomes: [String: Int] = [:]
    var failures: [String] = []

    func recordIssues() {
        print("FuzzTests.\(name): \(inputs) inputs in \(String(format: "%.2f", seconds)) s, "
              + "slowest \(String(format: "%.3f", slowest)) s CPU, \(behaviours) distinct behaviours; outcomes: "
              + outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}

// MARK: - Harness

/// Runs inputs through the parser and evaluator on the fuzz thread, timing each one.
///
/// Each run works in a fresh temporary folder, removed afterwards unless an input failed (a
/// crash leaves it too: the crash note names the input file in it).
final class FuzzHarness {
    let workspace: URL
    /// A recipe folder with the classes and include files generated recipes refer to.
    let generatedFolder: URL
    private var copiedCases: [String: URL] = [:]
    private var seen: [String: Int] = [:]
    private let watchdog = Watchdog()

    init() {
        workspace = FileManager.default.temporaryDirectory
            .appendingPathComponent("bake-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        generatedFolder = workspace.appendingPathComponent("generated")
        CrashNote.set("bake fuzz: crashed while starting the fuzz harness (Python start-up)\n")
        CrashNote.install()
        _ = try? PythonInterpreter.shared()
    }

    // MARK: Runs

    /// Runs `body` in a fresh workspace holding the fixtures.
    private func inWorkspace(_ name: String, _ body: (inout FuzzReport) -> Void) -> FuzzReport {
        try? FileManager.default.removeItem(at: workspace)
        copiedCases = [:]
        for (path, text) in FuzzFixtures.files {
            let url = generatedFolder.appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            FuzzFiles.write(Array(text.utf8), to: url.path)
        }
        // Python's bb.note/bb.warn would flood the test log.
        let python = try? PythonInterpreter.shared()
        let handler = python?.messageHandler
        python?.messageHandler = { _, _ in }
        defer { if let handler { python?.messageHandler = handler } }
        var report = FuzzReport(name: name)
        let start = Date()
        body(&report)
        report.seconds = Date().timeIntervalSince(start)
        if report.failures.isEmpty { try? FileManager.default.removeItem(at: workspace) }
        return report
    }

    func replayCorpus() -> FuzzReport {
        inWorkspace("corpus") { report in
            for file in FuzzPaths.files(in: FuzzPaths.corpus) {
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                check([UInt8](data), label: "corpus/\(file.lastPathComponent)", folder: generatedFolder, report: &report)
            }
        }
    }

    func fuzzGenerated(count: Int, seed: UInt64) -> FuzzReport {
        inWorkspace("generated") { report in
            var generator = RecipeGenerator(seed: seed)
            for i in 0..<count {
                let input = generator.recipe()
                check(input, label: "generated #\(i) (seed \(seed))", folder: generatedFolder, report: &report)
            }
        }
    }

    func fuzzMutated(count: Int, seed: UInt64) -> FuzzReport {
        var seeds: [(bytes: [UInt8], folder: URL?)] = []
        for file in FuzzPaths.files(in: FuzzPaths.corpus) {
            // The few huge corpus files would make their mutants slow without finding more.
            if let data = FileManager.default.contents(atPath: file.path), data.count <= 64 << 10 {
                seeds.append(([UInt8](data), nil))
            }
        }
        let cases = ((try? FileManager.default.contentsOfDirectory(atPath: FuzzPaths.conformanceCases.path)) ?? []).sorted()
        for name in cases {
            let folder = FuzzPaths.conformanceCases.appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent("recipe.bb").path) {
                seeds.append(([UInt8](data), folder))
            }
        }
        return inWorkspace("mutated") { report in
            guard !seeds.isEmpty else { return }
            var mutator = Mutator(seed: seed)
            for i in 0..<count {
                let base = seeds[mutator.rng.below(seeds.count)]
                let donor = seeds[mutator.rng.below(seeds.count)].bytes
                let input = mutator.mutate(base.bytes, donor: donor)
                let folder = base.folder.map(caseCopy) ?? generatedFolder
                check(input, label: "mutant #\(i) (seed \(seed)) of \(base.folder?.lastPathComponent ?? "corpus")",
                      folder: folder, report: &report)
            }
        }
    }

    /// A private copy of a conformance case folder, so mutants find its classes and includes.
    private func caseCopy(_ folder: URL) -> URL {
        if let copy = copiedCases[folder.lastPathComponent] { return copy }
        let copy = workspace.appendingPathComponent("cases").appendingPathComponent(folder.lastPathComponent)
        try? FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.copyItem(at: folder, to: copy)
        copiedCases[folder.lastPathComponent] = copy
        return copy
    }

    // MARK: One input

    /// Parses and evaluates one input, recording hangs; returns its behaviour signature.
    @discardableResult
    private func check(_ input: [UInt8], label: String, folder: URL, report: inout FuzzReport) -> String {
        let recipe = folder.appendingPathComponent("recipe.bb")
        FuzzFiles.write(input, to: recipe.path)
        CrashNote.set("bake fuzz: crashed on \(label); the input is \(recipe.path)\n")
        watchdog.begin(label: label, path: recipe.path)
        let start = Self.cpuTime()
        let (signature, outcome) = run(input, recipe: recipe)
        let elapsed = Self.cpuTime() - start
        watchdog.end()
        report.inputs += 1
        report.outcomes[outcome, default: 0] += 1
        report.slowest = max(report.slowest, elapsed)
        if FuzzSettings.verbose && elapsed > FuzzSettings.hangLimit / 4 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bake-fuzz-slow")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent(label.filter { $0.isLetter || $0.isNumber } + ".bb")
            FuzzFiles.write(input, to: file.path)
            print("FuzzTests: slow input (\(String(format: "%.2f", elapsed)) s CPU) \(label), saved at \(file.path)")
        }
        if elapsed > FuzzSettings.hangLimit {
            let saved = save(input, as: "hang-\(report.failures.count).bb")
            report.failures.append(
                "hang: \(label) took \(String(format: "%.2f", elapsed)) s of CPU (limit \(FuzzSettings.hangLimit) s); "
                + "input (\(input.count) bytes) saved at \(saved): \(Self.preview(input))")
        }
        if seen[signature] == nil {
            seen[signature] = 1
            report.behaviours += 1
            if FuzzSettings.verbose { print("FuzzTests: new behaviour [\(signature)] from \(label)") }
            if let directory = FuzzSettings.saveDirectory {
                saveMinimised(input, signature: signature, recipe: recipe, directory: directory)
            }
        } else {
            seen[signature]! += 1
        }
        return signature
    }

    /// The parse in both dialects (and as a class) and the evaluation: the behaviour's
    /// signature and the evaluation's outcome class.
    private func run(_ input: [UInt8], recipe: URL) -> (signature: String, outcome: String) {
        let text = String(decoding: input, as: UTF8.self)
        let asRecipe = MetadataParser.parse(text: text, path: recipe.path, dialect: .recipe)
        _ = MetadataParser.parse(text: text, path: "/fuzz/classes/fuzz-class.bbclass", dialect: .recipe)
        let asConfiguration = MetadataParser.parse(text: text, path: "/fuzz/conf/fuzz.conf", dialect: .configuration(baseConfig: true))
        let signature = "parse: " + Self.summary(asRecipe) + " | conf: " + Self.summary(asConfiguration)
        let (outcome, detail) = evaluate(recipe)
        return (signature + " | eval: " + outcome + " " + detail, outcome)
    }

    /// `evaluateRecipe`, then every variable expanded: the outcome class and a short detail.
    private func evaluate(_ recipe: URL) -> (String, String) {
        let evaluator = MetadataEvaluator()
        let store: DataStore
        do {
            store = try evaluator.evaluateRecipe(at: recipe.path)
        } catch {
            return ("error \(error.kind)", Self.normalised(error.message))
        }
        var outcome = ("ok", "")
        do {
            if try store.getVar("__SKIPPED", expand: false)?.isTruthy == true { outcome = ("skipped", "") }
            for key in try store.keys() {
                do {
                    _ = try store.getVar(key)
                } catch {
                    if outcome.0 == "ok" { outcome = ("expand-error \(error.kind)", Self.normalised(error.message)) }
                }
            }
        } catch {
            outcome = ("keys-error \(error.kind)", Self.normalised(error.message))
        }
        return outcome
    }

    // MARK: Corpus building

    private func save(_ input: [UInt8], as name: String) -> String {
        let url = workspace.appendingPathComponent("failures").appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        FuzzFiles.write(input, to: url.path)
        return url.path
    }

    /// Removes ever smaller chunks of the input while its behaviour stays the same (bounded to
    /// 400 tries); saves the result under a name made from the behaviour.
    private func saveMinimised(_ input: [UInt8], signature: String, recipe: URL, directory: String) {
        func same(_ candidate: [UInt8]) -> Bool {
            FuzzFiles.write(candidate, to: recipe.path)
            watchdog.begin(label: "minimising", path: recipe.path)
            defer { watchdog.end() }
            let start = Self.cpuTime()
            let result = run(candidate, recipe: recipe).signature == signature
            return result && Self.cpuTime() - start < FuzzSettings.hangLimit
        }
        var best = input
        var chunk = max(best.count / 2, 1)
        var budget = 400
        while chunk >= 1 && budget > 0 {
            var offset = 0
            var removed = false
            while offset < best.count && budget > 0 {
                let end = min(offset + chunk, best.count)
                let candidate = Array(best[..<offset] + best[end...])
                budget -= 1
                if same(candidate) { best = candidate; removed = true } else { offset += chunk }
            }
            if !removed { chunk /= 2 }
        }
        let name = signature.unicodeScalars.map { ScalarClass.isAlnum($0) ? Character($0) : "-" }
        var file = String(name).split(separator: "-").joined(separator: "-")
        if file.count > 120 { file = String(file.prefix(120)) }
        let url = URL(fileURLWithPath: directory).appendingPathComponent(file + ".bb")
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FuzzFiles.write(best, to: url.path)
        FuzzFiles.write(input, to: recipe.path)
    }

    // MARK: Helpers

    /// CPU time of the calling thread: the time limit holds on a loaded machine too (the
    /// watchdog measures wall time, for an input blocked without using the processor).
    static func cpuTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private static func summary(_ file: ParsedFile) -> String {
        guard let first = file.diagnostics.first else { return "ok" }
        return normalised(first.message)
    }

    /// A message without its specifics, for grouping: its opening words (while they are plain
    /// words, so names, paths and expressions drop out) and the first exception class it names.
    static func normalised(_ message: String) -> String {
        let firstLine = message.prefix { $0 != "\n" }
        let words = firstLine.split(separator: " ")
        var head: [Substring] = []
        for word in words.prefix(8) {
            let bare = word.filter { $0 != "," && $0 != ";" && $0 != ":" }
            guard !bare.isEmpty, bare.allSatisfy({ $0.isLetter && $0.isASCII }),
                  head.isEmpty || bare.allSatisfy(\.isLowercase) else { break }
            head.append(word)
            if word.hasSuffix(",") || word.hasSuffix(":") { break }
        }
        var out = head.joined(separator: " ")
        let tokens = firstLine.split { !($0.isLetter || $0.isNumber || $0 == "_") }
        if let exception = tokens.first(where: { $0.hasSuffix("Error") || $0.hasSuffix("Exception") || $0 == "SkipRecipe" }),
           !out.contains(exception) {
            out += " " + exception
        }
        return String(out.prefix(90))
    }

    static func preview(_ input: [UInt8]) -> String {
        let text = String(decoding: input.prefix(300), as: UTF8.self)
        let escaped = text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : $0.escaped(asASCII: true) }.joined()
        return escaped + (input.count > 300 ? "…" : "")
    }
}

enum FuzzFiles {
    /// Writes a file without Foundation's fsync (which would make the run I/O bound).
    static func write(_ bytes: [UInt8], to path: String) {
        guard let file = fopen(path, "wb") else { return }
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }
}

/// The classes and include files beside generated recipes.
enum FuzzFixtures {
    static let files: [(String, String)] = [
        ("classes/fuzz.bbclass", """
            FUZZCLASS = "1"
            FUZZ_VALUE ?= "${PN}-class"
            EXPORT_FUNCTIONS do_fuzz
            fuzz_do_fuzz() {
                echo ${FUZZ_VALUE}
            }
            python fuzz_anon() {
                d.setVar('FUZZ_ANON', '1')
            }
            addtask fuzz after do_configure before do_build

            """),
        ("classes/native.bbclass", """
            PN:append = "-native"
            OVERRIDES .= ":class-native"

            """),
        ("classes/eh.bbclass", """
            addhandler fuzz_handler
            fuzz_handler[eventmask] = "bb.event.RecipePreFinalise bb.event.RecipeParsed"
            python fuzz_handler() {
                d.setVar('FUZZ_EVENT', e.__class__.__name__)
            }

            """),
        ("classes/bad.bbclass", """
            python () {
                bb.fatal("bad class")
            }

            """),
        ("classes-recipe/dash-class.bbclass", """
            EXPORT_FUNCTIONS do_dash
            dash-class_do_dash() {
                :
            }

            """),
        ("classes/skip.bbclass", """
            python () {
                raise bb.parse.SkipRecipe("skipped by class")
            }

            """),
        ("inc.inc", "INC = \"inc\"\nA:append = \" inc\"\nunset B\n"),
        ("bad.inc", "this is not metadata\n"),
        ("x.conf", "XCONF = \"1\"\nA ?= \"conf\"\n"),
        ("sub/a.inc", "SUBA = \"${A}\"\n"),
        // An include cycle (corpus/include-cycle-through-inc-files.bb).
        ("cycle-a.inc", "CYCLE_A = \"1\"\ninclude cycle-b.inc\n"),
        ("cycle-b.inc", "CYCLE_B = \"1\"\ninclude cycle-a.inc\n"),
    ]
}

// MARK: - Fuzz thread, watchdog, crash note

/// The one thread that parses and evaluates, with a main-thread-sized stack (8 MiB), so a
/// recursion that would overflow `bake`'s main thread overflows here too.
final class FuzzThread: @unchecked Sendable {  // `jobs` is guarded by `condition`
    static let shared = FuzzThread()
    private let condition = NSCondition()
    private var jobs: [@Sendable (FuzzHarness) -> Void] = []

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "bake-fuzz"
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func loop() {
        CrashNote.installAlternateStack()
        let harness = FuzzHarness()
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job(harness)
        }
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (FuzzHarness) -> T) async -> T {
        await withCheckedContinuation { continuation in
            condition.lock()
            jobs.append { harness in continuation.resume(returning: body(harness)) }
            condition.signal()
            condition.unlock()
        }
    }
}

/// Stops the process, naming the input, when one input runs far past the hang limit (an endless
/// loop would otherwise stall the test run with no hint of the cause).
final class Watchdog: @unchecked Sendable {  // `current` is guarded by `lock`
    private let lock = NSLock()
    private var current: (label: String, path: String, start: Date)?

    init() {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                lock.lock()
                let running = current
                lock.unlock()
                if let running, Date().timeIntervalSince(running.start) > FuzzSettings.watchdogLimit {
                    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("bake-fuzz-stuck.bb")
                    try? FileManager.default.removeItem(at: copy)
                    try? FileManager.default.copyItem(atPath: running.path, toPath: copy.path)
                    fatalError("bake fuzz: \(running.label) has run for \(Int(FuzzSettings.watchdogLimit)) s; "
                               + "the input is saved at \(copy.path)")
                }
            }
        }
        thread.name = "bake-fuzz-watchdog"
        thread.start()
    }

    func begin(label: String, path: String) {
        lock.lock()
        current = (label, path, Date())
        lock.unlock()
    }

    func end() {
        lock.lock()
        current = nil
        lock.unlock()
    }
}

/// Prints which input was running when the process dies of a signal (stack overflow, trap),
/// then lets the previous handler (Swift's backtracer) report the crash.
enum CrashNote {
    #if canImport(Glibc)
    private static let capacity = 4096
    nonisolated(unsafe) private static let note: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    nonisolated(unsafe) private static let previous: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        return p
    }()
    nonisolated(unsafe) private static var installed = false
    private static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    static func install() {
        guard !installed else { return }
        installed = true
        _ = note
        _ = previous
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                _ = write(2, CrashNote.note, strlen(CrashNote.note))
                // Back to the previous handler; the fault repeats under it when we return.
                _ = sigaction(signal, CrashNote.previous + Int(signal), nil)
            }
            action.sa_flags = Int32(SA_ONSTACK)
            sigemptyset(&action.sa_mask)
            _ = sigaction(signal, &action, previous + Int(signal))
        }
    }

    static func installAlternateStack() {
        var stack = stack_t()
        stack.ss_size = 1 << 16
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: stack.ss_size, alignment: 16)
        stack.ss_flags = 0
        _ = sigaltstack(&stack, nil)
    }

    static func set(_ text: String) {
        let bytes = Array(text.utf8.prefix(capacity - 1))
        for (i, b) in bytes.enumerated() { note[i] = CChar(bitPattern: b) }
        note[bytes.count] = 0
    }
    #else
    static func install() {}
    static func installAlternateStack() {}
    static func set(_ text: String) {}
    #endif
}

// MARK: - Known issues in child processes

enum ChildReplay {
    /// Runs `bake eval FILE A` for each file at once; nil means it exited normally (0 or 1).
    static func run(_ files: [URL], bake: URL, limit: Double) -> [(URL, String?)] {
        let workspace = FileManager.default.temporaryDirectory
            .appendingPathComponent("bake-fuzz-known-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: workspace) }
        var running: [(URL, Process)] = []
        for (i, file) in files.enumerated() {
            // Each in a folder of its own with the fixtures, as recipe.bb.
            let folder = workspace.appendingPathComponent("\(i)")
            for (path, text) in FuzzFixtures.files {
                let url = folder.appendingPathComponent(path)
                try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                FuzzFiles.write(Array(text.utf8), to: url.path)
            }
            let recipe = folder.appendingPathComponent("recipe.bb")
            try? FileManager.default.copyItem(at: file, to: recipe)
            let process = Process()
            process.executableURL = bake
            process.arguments = ["eval", recipe.path, "A"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            var environment = ProcessInfo.processInfo.environment
            environment["SWIFT_BACKTRACE"] = "enable=no"
            process.environment = environment
            do {
                try process.run()
                running.append((file, process))
            } catch {
                running.append((file, Process()))
            }
        }
        let deadline = Date().addingTimeInterval(limit)
        var results: [(URL, String?)] = []
        for (file, process) in running {
            guard process.processIdentifier != 0 else {
                results.append((file, "could not start \(bake.path)"))
                continue
            }
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                results.append((file, "still running after \(limit) s (hang)"))
                continue
            }
            let status = process.terminationStatus
            if process.terminationReason == .uncaughtSignal {
                results.append((file, "killed by signal \(status) (crash)"))
            } else if status != 0 && status != 1 {
                results.append((file, "exit status \(status)"))
            } else {
                results.append((file, nil))
            }
        }
        return results
    }
}

// MARK: - Random source

/// SplitMix64: small, seedable, identical on every platform and Swift version.
struct FuzzRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (`n` > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    /// Mostly small numbers, sometimes large ones, up to `limit`.
    mutating func size(_ limit: Int) -> Int {
        let cap = [4, 16, 64, 1024, limit][below(5)]
        return below(min(cap, limit) + 1)
    }
}

// MARK: - Generated recipes

/// Random recipes from a grammar of BitBake constructs, near misses and garbage.
///
/// While a known issue is open its trigger is not generated (see `FuzzSettings.knownIssues`).
struct RecipeGenerator {
    var rng: FuzzRandom
    /// Whether the recipe being generated sticks to constructs BitBake parses.
    private var wellFormed = false

    init(seed: UInt64) { rng = FuzzRandom(seed: seed) }

    mutating func recipe() -> [UInt8] {
        if rng.chance(3) { return (0..<rng.size(600)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        // Half the recipes are well-formed, so that evaluation and finalisation get deep; the
        // rest mix in near misses and garbage, which mostly stop at the first bad line.
        wellFormed = rng.chance(50)
        var text = ""
        if rng.chance(25) { text += rng.pick(Self.preambles) + "\n" }
        let count = rng.chance(5) ? rng.below(120) : 1 + rng.below(12)
        for _ in 0..<count {
            text += wellFormed ? wellFormedBlock() : block()
            if wellFormed || rng.chance(92) {
                text += rng.chance(97) ? "\n" : "\r\n"
            } else {
                text += rng.pick(["\r\n", "\r", "", "\n\n", "\u{2028}", "\u{85}", "\u{0}\n"])
            }
        }
        // A recipe that includes itself is evaluated about a hundred times (to the include depth
        // limit); keep that to small recipes, whose hundredfold cost stays in the time limit.
        if text.utf8.count > 300 || text.components(separatedBy: "${@").count > 3 {
            for target in Self.selfIncludes { text = text.replacingOccurrences(of: target, with: "inc.inc") }
        }
        return Array(text.utf8)
    }

    /// A construct BitBake parses (its evaluation may still fail).
    mutating func wellFormedBlock() -> String {
        switch rng.below(100) {
        case 0..<36:
            let v = value(depth: 0).filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }
            return "\(name()) \(rng.pick(["=", "=", ":=", "?=", "??=", "+=", "=+", ".=", "=."])) \"\(v)\""
        case 36..<48:
            let e = pythonExpression(depth: 0).filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }
            return "\(name()) = \"${@\(e)}\""
        case 48..<64: return keywordStatement()
        case 64..<80: return functionBlock()
        case 80..<87: return pythonDef()
        case 87..<91: return rng.pick(["", "# comment ${A}", "# \"${@1/0}\""])
        case 91..<95: return rng.pick(["A = \"a \\\n  b \\\n  c\"", "B = \"x \\\n  ${A}\"", "# a \\\n# b"])
        default: return heavyLine()
        }
    }

    static let preambles = [
        "PN = \"fuzz\"\nPV = \"1.0\"",
        "OVERRIDES = \"o1:o2:fuzz\"",
        "OVERRIDES = \"${A}:o1\"\nA = \"o2\"",
        "BBCLASSEXTEND = \"native\"",
        "inherit fuzz",
        "inherit eh",
        "BB_DEFER_BBCLASSES = \"fuzz\"",
        "BB_RECIPE_VIRTUAL_PROVIDERS = \"virtual/x\"\nDEPENDS = \"virtual/x\"",
    ]

    mutating func block() -> String {
        switch rng.below(100) {
        case 0..<28: return assignment()
        case 28..<38: return "\(name()) \(op()) \"${@\(pythonExpression(depth: 0))}\""
        case 38..<50: return keywordStatement()
        case 50..<61: return functionBlock()
        case 61..<65: return pythonDef()
        case 65..<69: return rng.pick(["", "#", "# comment ${A}", "  ", "\t", "#\\", "# \"${@1/0}\"", " # indented"])
        case 69..<75: return continued()
        case 75..<88: return garbageLine()
        case 88..<96: return tokenLine()
        default: return heavyLine()
        }
    }

    // MARK: Pieces

    static let names = [
        "A", "A", "A", "B", "B", "C", "PN", "PV", "FOO", "OVERRIDES", "DEPENDS", "RDEPENDS:${PN}", "SRC_URI",
        "BBCLASSEXTEND", "BB_DEFER_BBCLASSES", "BBPATH", "FILE", "TOPDIR", "A:append", "A:prepend", "A:remove",
        "A:o1", "A:o1:append", "A:append:o1", "A:remove:o2", "B:${A}", "${A}", "${B}_x", "${@'A'}", "do_fuzz",
        "do_compile", "__BBTASKS", "__BBANONFUNCS", "__BBHANDLERS", "__BBDEFINHERITS", "__inherit_cache",
        "__SKIPPED", "__BBAPPEND", "__ONLYFINALISE", "BB_RECIPE_VIRTUAL_PROVIDERS", "PREFERRED_PROVIDER_virtual/x",
        "MACHINEOVERRIDES", "DISTROOVERRIDES", "BBINCLUDED", "SRCREV", "SRCPV", "__BBAUTOREV_SEEN", "__BBSRCREV_SEEN",
        "PV:class-native", "A_append", "A_remove_o1", "a.b-c+d~e/f", "fuzz_handler", "fuzz_handler[eventmask]",
        "EXPORT_FUNCTIONS", "export", "inherit", "python", "_", "A:", ":A", "A::B", "A:${B}:append", "$", "{}",
        "${", "A}", "x${@1}y", "PACKAGES", "FILES:${PN}", "BBFILE_COLLECTIONS", "LAYERDIR",
    ]
    static let flags = ["doc", "func", "python", "depends", "deps", "eventmask", "export", "dirs", "noexec",
                        "vardeps", "f", "a.b", "x@y", "nostamp", "umask", "rdepends", "-", "+1"]
    static let operators = ["=", "=", "=", ":=", "?=", "??=", "+=", "=+", ".=", "=.", "==", "=:", "?", "+", "?==", "=?", ":"]
    static let words = [
        "x", "1", "0", "o1", "o2", "native", "a b c", "virtual/x", "foo:bar", "do_fuzz", "fuzz", "do_build",
        "${", "}", "${A}", "${B}", "${PN}", "${@", "${${A}}", "$", "{", "\\", "\\\"", "'", "\"", "\t", " ", "  ",
        "é", "中文", "🙂", "\u{2028}", "\u{85}", "\u{a0}", "\u{feff}", "\u{0}", "\u{7}", "\u{1c}", "%s", "{}", "}}",
        "${@{", "${@'}'}", "${A:append}", "${A}${A}", "${ A}", "${}", "${@}", "$${A}", "${A", "file://x.patch",
        "git://x;branch=y", "${AUTOREV}", "${SRCPV}", "do_fuzz:append", "\u{301}", "\u{200b}", "A:append_x",
    ]

    mutating func name() -> String {
        if wellFormed {
            var n = rng.pick(Self.names)
            while n.contains("@") || n.contains("[") || n == "export" { n = rng.pick(Self.names) }
            if rng.chance(8) { n += "[\(rng.pick(["doc", "func", "depends", "eventmask", "vardeps", "f", "a.b", "x@y"]))]" }
            return n
        }
        var n = rng.chance(85) ? rng.pick(Self.names) : randomIdentifier()
        if rng.chance(8) { n += "[\(rng.pick(Self.flags))]" }
        if rng.chance(3) { n = "export " + n }
        return n
    }

    mutating func randomIdentifier() -> String {
        let alphabet = Array("abcXYZ019_-+./~:${}@éЖ".unicodeScalars)
        var s = String.UnicodeScalarView()
        for _ in 0..<(1 + rng.size(12)) { s.append(rng.pick(alphabet)) }
        return String(s)
    }

    mutating func op() -> String {
        let o = rng.pick(Self.operators)
        switch rng.below(6) {
        case 0: return o
        case 1: return "  \(o)\t"
        default: return o
        }
    }

    mutating func assignment() -> String {
        let n = name()
        let v = value(depth: 0)
        let spacing = rng.pick([" ", " ", "", "\t", "   "])
        let q: String = rng.chance(80) ? "\"" : "'"
        switch rng.below(20) {
        case 0: return "\(n)\(spacing)\(op())\(spacing)\(q)\(v)"  // unterminated
        case 1: return "\(n)\(spacing)\(op())\(spacing)\(v)"  // unquoted
        case 2: return "\(n)\(spacing)\(op())\(spacing)\"\(v)'"  // mismatched
        case 3: return "\(n) = \"a\"b\""  // three quotes
        case 4: return "\(n)\(spacing)\(op())\(spacing)\(q)\(v)\(q) # trailing"
        default: return "\(n)\(spacing)\(op())\(spacing)\(q)\(v)\(q)"
        }
    }

    mutating func value(depth: Int) -> String {
        var out = ""
        for _ in 0..<rng.size(6) {
            switch rng.below(10) {
            case 0..<5: out += rng.pick(Self.words)
            case 5..<7: out += "${\(rng.pick(["A", "B", "C", "PN", "OVERRIDES", "FILE", "UNDEF", "A:append", "${A}", "@1"]))}"
            case 7..<9 where depth < 3: out += "${@\(pythonExpression(depth: depth + 1))}"
            default: out += rng.pick([" ", "x", "-"])
            }
        }
        return out
    }

    static let expressions = [
        "d.getVar('A')", "d.getVar('A') or ''", "'x'", "1/0", "int('z')", "d.getVar('B', True)", "d.expand('${A}')",
        "d.setVar('B', 'set')", "d.appendVar('C', ' y')", "bb.utils.contains('A', 'x', 'yes', 'no', d)",
        "bb.utils.contains_any('A', 'x y', 'a', 'b', d)", "bb.utils.filter('A', 'x', d)", "str(d.getVarFlags('A'))",
        "d.getVarFlag('A', 'f')", "' '.join(sorted(['b', 'a']))", "len('abc')", "bb.fatal('boom')",
        "(_ for _ in ()).throw(bb.parse.SkipRecipe('skipped'))", "d.delVar('B')", "d.renameVar('B', 'C')",
        "d.setVarFlag('A', 'f', '1')", "None", "[1, 2]", "{'a': 1}", "d", "undefined_name", "'${A}'",
        "'${@' + '1}'", "'%s' % d.getVar('PN')", "__import__('os').path.join('a', 'b')", "str(len(d.keys()) > 0)",
        "str(d.getVar('A')).upper()", "'a' if d.getVar('A') else 'b'", "d.getVar('OVERRIDES')", "bb.note('n')",
        "bb.warn('w')", "bb.utils.to_boolean('yes')", "d.setVar('__BBTASKS', 5)", "d.setVar('OVERRIDES', None)",
        "d.getVar('FILE')", "'}'", "'{'", "\"'\"", "'\\\\'", "'é🙂'", "'\\x00'", "lambda: 1", "d.getVar()", "d.getVar(1)",
        "d.setVar('A', d)", "d.setVar('A', [1])", "d.setVarFlags('A', {'f': 'v'})", "d.getVarFlags('A') or {}",
        "bb.data.inherits_class('fuzz', d)", "d.getVar('__BBTASKS')", "d.setVar('__BBHANDLERS', 'x')",
        "d.setVar('__BBDEFINHERITS', [['fuzz', 'f', 1]])", "d.setVar('__BBANONFUNCS', ['nothing'])",
        "{}", "{'a': {'b': 1}}", "{'}': '{'}", "((((1))))", "", " ", "\\", "(", "'", "\"",
        "d.createCopy().getVar('A')", "str(d.createCopy().setVar('A', 'c'))", "bb.data_smart.DataSmart().getVar('A')",
        "str(d.getVarFlags('A', expand=['f']))", "str(d.hasOverrides('A'))", "str(len(list(d.localkeys())))",
        "str(len(d))", "str('A' in d)", "str(d.varhistory.variable('A'))",
        "str(d == d.createCopy())", "str(d.getVarFlags('MISSING'))", "bb.data.expandKeys(d) or ''",
        "d.getVar('A', noweakdefault=True)", "d.getVar('A', parsing=True)", "d.getVarFlag('A', 'f', True, True)",
        "d.expandWithRefs('${A}', 'B').value", "str(sorted(d.expandWithRefs('${A}${B}', None).references))",
    ]
    /// Unexpanded reads: inside the variable's own value they make it grow on every round.
    static let unexpandedReads = [
        "d.getVar('A', False)", "d.getVar('B', expand=False)", "d.getVarFlag('A', 'f', False)", "d['A'] if 'A' in d else ''",
    ]

    mutating func pythonExpression(depth: Int) -> String {
        var e = rng.pick(Self.expressions)
        if rng.chance(3) { e = rng.pick(Self.unexpandedReads) }
        guard depth < 3 else { return e }
        switch rng.below(12) {
        case 0: return "str(\(e)) + str(\(pythonExpression(depth: depth + 1)))"
        case 1: return "'${@\(pythonExpression(depth: depth + 1))}'"
        case 2: return "'\(value(depth: depth + 1).replacingOccurrences(of: "'", with: ""))'"
        case 3: return "d.expand('\(value(depth: depth + 1).replacingOccurrences(of: "'", with: ""))')"
        default: return e
        }
    }

    static let pythonStatements = [
        "d.setVar('A', 'py')", "d.setVar('B', d.getVar('A'))", "bb.note('x')", "raise bb.parse.SkipRecipe('skip')",
        "bb.fatal('boom')", "x = 1/0", "pass", "return", "import os", "if d.getVar('A'):\n        d.setVar('B', '1')",
        "for i in range(3):\n        d.appendVar('A', str(i))", "d.setVarFlag('do_fuzz', 'deps', ['do_x'])",
        "bb.build.addtask('do_x', 'do_build', None, d)", "bb.build.deltask('do_fuzz', d)", "d.delVar('A')",
        "d.renameVar('A', 'D')", "e = 1", "def inner():\n        return d.getVar('A')", "inner()",
        "d.setVar('__BBHANDLERS', [])", "d.setVar('__BBTASKS', None)", "d.setVar('__BBTASKS', ['do_y', 5])",
        "d.setVar('BBCLASSEXTEND', 'native')", "d.setVar('OVERRIDES', 'o1')", "d.setVar('A', 5)",
        "d.setVar('A', {'k': 'v'})", "d.setVar('A', None)", "d.setVar('A:append', ' a')", "d.setVarFlag('A', 'f', [1])",
        "d.setVar('do_fuzz', 'echo')", "d.setVarFlag('do_fuzz', 'task', 1)", "d.setVar('DEPENDS', 'virtual/x')",
        "d.setVarFlag('do_fuzz', 'depends', 'a:b:c')", "d.setVarFlag('do_fuzz', 'depends', '${@1/0}')",
        "d.setVar('__BBAUTOREV_SEEN', True)", "d.setVar('__BBSRCREV_SEEN', True)", "bb.build.exec_func('fuzz_fn', d)",
        "d.expand('${@1/0}')", "d.getVar('A', True)", "e.data.setVar('EV', '1')", "d.setVar('PN', 'p${@1}')",
        "    badly_indented()", "if True:\npass", "\tmixed = 1", "d.setVar('é', '🙂')", "d.setVar('', '')",
        "d.setVar('A[f]', 'x')", "d.setVar('${A}', 'x')", "d.keys()", "list(d.keys())", "bb.data.update_data(d)",
        "d.setVar('_', d.createCopy())", "d.setVar('__ONLYFINALISE', ['native'])", "d.setVar('__BBAPPEND', 'x.bbappend')",
        "d.delVarFlags('A')", "d.delVarFlags('MISSING')", "d.setVarFlags('A', {'f': 1, '_content': 'x'})",
        "d.renameVar('A', 'A')", "d.renameVar('A:append', 'B')", "d.renameVar('MISSING', 'B')",
        "d.appendVarFlag('A', 'f', 'x')", "d.prependVarFlag('A', 'f', 5)", "d.prependVar('A', None)", "d['A'] = 'v'",
        "del d['B']", "c = d.createCopy()\n    c.setVar('A', 'copy')\n    c.renameVar('A', 'B')",
        "d2 = bb.data_smart.DataSmart()\n    d2.setVar('X', '${A}')\n    d.setVar('Y', d2.getVar('X'))",
        "bb.data.expandKeys(d)", "d.initVar('Z')", "d.need_overrides()", "d.setVar('A', '${@d.getVar(\"B\")}')",
        "d.setVar('B:${A}', 'k')", "d.setVarFlag('A', '_content', 'c')", "d.setVar('A:remove', '${B}')",
        "d.setVar('BB_DEFER_BBCLASSES', 'native')", "d.setVar('__BBDEFINHERITS', [['native', 'f', 1], ['missing', 'f', 2]])",
    ]

    mutating func pythonBody() -> [String] {
        (0..<rng.size(6)).map { _ in
            let indent = wellFormed || rng.chance(90) ? "    " : rng.pick(["", "\t", "  ", "        "])
            var statement = rng.pick(Self.pythonStatements)
            while wellFormed && statement.contains("\np") { statement = rng.pick(Self.pythonStatements) }
            return indent + statement
        }
    }

    mutating func functionBlock() -> String {
        let fname = rng.pick(["do_fuzz", "do_compile", "fuzz_fn", "fuzz_handler", "A", "${A}", "a-b", "x.y", "fuzz_do_fuzz", "é"])
        let header: String
        var python = true
        switch wellFormed ? rng.pick([0, 1, 2, 3, 4, 5, 7, 8]) : rng.below(9) {
        case 0: header = "python () {"
        case 1: header = "python() {"
        case 2: header = "python __anonymous () {"
        case 3: header = "python \(fname)() {"
        case 4: header = "fakeroot python \(fname) () {"
        case 5: header = "python fakeroot \(fname)() {"
        case 6: header = rng.pick(["python (){", "python ( ) {", "def () {", "python x y() {", "() {", "python\t() {"])
        default:
            header = rng.pick(["\(fname)() {", "fakeroot \(fname)() {", "\(fname) () {"])
            python = false
        }
        var lines = [header]
        if python {
            lines += pythonBody()
        } else {
            lines += (0..<rng.size(5)).map { _ in
                rng.pick(["    echo ${A}", "\tbbnote \"${@1}\"", "    oe_runmake", "    :", "  }", "    cd ${B} && ${C}", "    ${@1/0}"])
            }
        }
        lines.append(wellFormed || rng.chance(88) ? "}" : rng.pick(["", " }", "} x", "}}", "#}"]))
        if rng.chance(15) && !(wellFormed && fname == "é") { lines.append(rng.pick(["addhandler \(fname)", "addtask \(fname)", "\(fname)[eventmask] = \"bb.event.RecipeParsed\""])) }
        return lines.joined(separator: "\n")
    }

    mutating func pythonDef() -> String {
        let fname = rng.pick(["fuzz_def", "fuzz_fn", "A", "do_fuzz", "_", "é"])
        switch wellFormed ? 2 + rng.below(4) : rng.below(6) {
        case 0: return "def \(fname)(d): return d.getVar('A')"
        case 1: return rng.pick(["def", "def x", "def (:", "def 1x():", "def\tf(d):", "def f(d)\n    pass"])
        default:
            let body = pythonBody()
            return (["def \(fname)(d):"] + (body.isEmpty ? ["    pass"] : body)).joined(separator: "\n")
                + (rng.chance(40) ? "\nA = \"${@\(fname)(d)}\"" : "")
        }
    }

    static let includeTargets = [
        "inc.inc", "missing.inc", "x.conf", "bad.inc", "sub/a.inc", "${UNDEF}.inc", "inc.inc inc.inc", "/nonexistent/y.inc",
        "classes/fuzz.bbclass", "x.conf missing.conf", "conf/none.inc", "  inc.inc", "inc.inc # comment", "é.inc",
        "recipe.bb", "./recipe.bb", "${FILE}", "cycle-a.inc", "sub/../recipe.bb", "${@'inc'}.inc",
    ]
    static let selfIncludes = ["sub/../recipe.bb", "./recipe.bb", "recipe.bb"]
    static let classes = ["fuzz", "native", "missing", "eh", "bad", "dash-class", "skip", "fuzz fuzz", "fuzz.bbclass",
                          "${A}", "${@'fuzz'}", "/abs/nonexistent", "classes/fuzz.bbclass", "fuzz native", "", " "]
    static let tasks = [
        "do_fuzz", "fuzz after do_a before do_b", "do_x after do_x", "do_a before do_b after", "do_fuzz # comment",
        "${A}", "do_x:append_y", "before after", "do_fuzz before do_build", "a b c after d e before f g",
        "do_é", "after", "#", "do_fuzz after ${@1/0}",
    ]

    mutating func keywordStatement() -> String {
        let sp = rng.pick([" ", " ", "\t", "  "])
        switch rng.below(wellFormed ? 11 : 16) {
        case 0: return "inherit\(sp)\(pickNonEmpty(Self.classes))"
        case 1: return "inherit_defer\(sp)\(pickNonEmpty(Self.classes))"
        case 2: return "include\(sp)\(rng.pick(Self.includeTargets))"
        case 3: return "require\(sp)\(rng.pick(Self.includeTargets))"
        case 4: return "include_all\(sp)\(rng.pick(Self.includeTargets))"
        case 5: return "addtask\(sp)\(pickNonEmpty(Self.tasks))"
        case 6: return "deltask\(sp)\(pickNonEmpty(Self.tasks))"
        case 7: return "addhandler\(sp)\(rng.pick(["fuzz_handler", "missing_handler", "a b", "${A}"]))"
        case 8: return "EXPORT_FUNCTIONS\(sp)\(rng.pick(["do_fuzz", "do_dash", "do_fuzz do_compile", "x"]))"
        case 9 where wellFormed: return "export\(sp)\(rng.pick(["A", "B", "${A}", "PN"]))"
        case 10 where wellFormed: return "unset\(sp)\(rng.pick(["A", "B", "A[doc]", "${A}", "A[x@]", "OVERRIDES"]))"
        case 9: return "export\(sp)\(rng.pick(["A", "B", "${A}", "A:append", "é", ""]))"
        case 10: return "unset\(sp)\(rng.pick(["A", "B", "A[doc]", "A[f]", "${A}", "A[", "A[x@]", "OVERRIDES"]))"
        case 11: return "addpylib\(sp)\(rng.pick(["${TOPDIR}/lib fuzz", "lib", "a b c"]))"
        case 12: return "addfragments\(sp)\(rng.pick(["a b c d", "conf/fragments OE_FRAGMENTS OE_FRAGMENTS_METADATA_VARS OE_BUILTIN", "x"]))"
        default:
            return rng.pick(["inherit", "include", "require", "addtask", "export", "unset", "inherit  ", "includex y",
                             "python", "fakeroot", "EXPORT_FUNCTIONS", "addhandler", "deltask", "inherit_defer"])
        }
    }

    /// An item; for well-formed recipes, one that BitBake accepts as an argument.
    private mutating func pickNonEmpty(_ items: [String]) -> String {
        var item = rng.pick(items)
        while wellFormed && (item.trimmingCharacters(in: .whitespaces).isEmpty || item.hasPrefix("#") || item.contains(":append_")) {
            item = rng.pick(items)
        }
        return item
    }

    mutating func continued() -> String {
        switch rng.below(6) {
        case 0: return "A = \"a \\\n  b \\\n  c\""
        case 1: return "# comment \\\nA = \"x\""
        case 2: return "A = \"x \\\n# not a comment\""
        case 3: return "A = \"x \\\n\n\""
        case 4: return "A = \"x\" \\"
        default:
            var line = assignment()
            var scalars = Array(line.unicodeScalars)
            for _ in 0..<(1 + rng.below(3)) where !scalars.isEmpty {
                scalars.insert(contentsOf: "\\\n".unicodeScalars, at: rng.below(scalars.count + 1))
            }
            line = String(String.UnicodeScalarView(scalars))
            return line
        }
    }

    static let garbage = [
        "=", "?", "+", ".", ":", "\"", "'", "{", "}", "$", "@", "\\", "[", "]", "(", ")", "#", " ", "\t", "a", "Z", "0",
        "_", "-", "/", "~", "é", "中", "🙂", "\u{0}", "\u{1}", "\u{1c}", "\u{a0}", "\u{2028}", "\u{85}", "\u{feff}",
        "\u{301}", "\r", "${", "${@", "python", "def", "export", "include", "inherit", "addtask", "unset", "fakeroot",
        "()", " {", "}\n", "\n", "A", "=\"", "\" ", ":append", "[doc]",
    ]

    mutating func garbageLine() -> String {
        (0..<rng.size(80)).map { _ in rng.pick(Self.garbage) }.joined()
    }

    mutating func tokenLine() -> String {
        var parts: [String] = []
        for _ in 0..<(1 + rng.size(8)) {
            switch rng.below(5) {
            case 0: parts.append(name())
            case 1: parts.append(op())
            case 2: parts.append(rng.pick(Self.words))
            case 3: parts.append(rng.pick(["inherit", "include", "python", "def", "()", "{", "}", "export", "addtask", "\""]))
            default: parts.append(value(depth: 1))
            }
        }
        return parts.joined(separator: rng.pick([" ", "", "\t"]))
    }

    /// Large or deeply nested inputs, kept small enough to stay well inside the time limit.
    mutating func heavyLine() -> String {
        let n = 1 + rng.below(2000)
        switch wellFormed ? rng.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]) : rng.below(14) {
        case 0: return "A = \"" + String(repeating: "x", count: FuzzSettings.avoidLongGrowingValues ? n : n * 25) + "\""
        case 1: return String(repeating: "A", count: n * 10) + " = \"x\""
        case 2: return "A = \"" + String(repeating: "${", count: n) + "B" + String(repeating: "}", count: n) + "\""
        case 3: return "A = \"${@" + String(repeating: "{}", count: min(n, 1500)) + "}\""
        case 4: return "A = \"${@" + String(repeating: "{", count: min(n, 800)) + "}\""
        case 5: return "A = \"x \\" + String(repeating: "\n y \\", count: n) + "\n\""
        case 6: return "A = \"" + String(repeating: "${@1}", count: min(n, 200)) + "\""
        case 7: return "A" + String(repeating: ":append", count: min(n, 500)) + " = \"x\""
        case 8: return "A:" + (0..<min(n, 120)).map { "o\($0)" }.joined(separator: ":") + " = \"x\""
        case 9:
            let spaces = String(repeating: rng.pick([" ", "\t", "\u{a0}"]), count: n * 5)
            return rng.chance(50) ? "A = \"x\"" + spaces : spaces + "A = \"x\""
        case 10:
            return "python () {\n" + String(repeating: "    d.appendVar('A', 'x')\n", count: min(n, 400)) + "}"
        case 11:
            return (0..<min(n, 150)).map { "V\($0) = \"${V\($0 + 1)}\"" }.joined(separator: "\n") + "\nA = \"${V0}\""
        case 12: return "A = \"" + String(repeating: "${@'", count: min(n, 60)) + "x" + String(repeating: "'}", count: min(n, 60)) + "\""
        default: return (0..<min(n, 300)).map { _ in assignment() }.joined(separator: "\n")
        }
    }
}

// MARK: - Mutated recipes

/// Byte- and line-level mutations of seed recipes.
struct Mutator {
    var rng: FuzzRandom
    private var generator: RecipeGenerator

    init(seed: UInt64) {
        rng = FuzzRandom(seed: seed)
        generator = RecipeGenerator(seed: seed ^ 0x5EED)
    }

    static let tokens: [[UInt8]] = [
        "${", "}", "${@", "\"", "'", "\\", "\n", "\r", "\\\n", "=", ":=", "??=", "+=", ".=", ":append", ":remove",
        "[doc]", "python () {\n", "def f(d):\n", "}\n", "#", "${A}", "inherit ", "include ", "export ", "unset ",
        "addtask ", "\u{0}", "é", "🙂", "\u{2028}", "{", "(", ")", "1/0", "d.getVar('A')", "    ", "\t",
    ].map { Array($0.utf8) }
    static let interestingBytes: [UInt8] = [0x00, 0x0A, 0x0D, 0x09, 0x20, 0x22, 0x27, 0x5C, 0x7B, 0x7D, 0x24, 0x40,
                                            0x3D, 0x23, 0x3A, 0x7F, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]

    mutating func mutate(_ seed: [UInt8], donor: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0..<(1 + rng.size(8)) { mutateOnce(&bytes, donor: donor) }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8], donor: [UInt8]) {
        let position = rng.below(bytes.count + 1)
        switch rng.below(14) {
        case 0 where !bytes.isEmpty:  // flip a bit
            let i = min(position, bytes.count - 1)
            bytes[i] ^= UInt8(1) << UInt8(rng.below(8))
        case 1 where !bytes.isEmpty:  // an interesting byte
            bytes[min(position, bytes.count - 1)] = rng.pick(Self.interestingBytes)
        case 2:  // insert a token
            bytes.insert(contentsOf: rng.pick(Self.tokens), at: position)
        case 3 where !bytes.isEmpty:  // delete a range
            let end = min(bytes.count, position + 1 + rng.size(64))
            bytes.removeSubrange(min(position, bytes.count - 1)..<end)
        case 4 where !bytes.isEmpty:  // duplicate a range
            let start = min(position, bytes.count - 1)
            let end = min(bytes.count, start + 1 + rng.size(64))
            bytes.insert(contentsOf: bytes[start..<end], at: rng.below(bytes.count + 1))
        case 5:  // truncate
            bytes.removeSubrange(position..<bytes.count)
        case 6:  // insert a generated line
            bytes.insert(contentsOf: Array((generator.block() + "\n").utf8), at: lineStart(bytes, near: position))
        case 7:  // repeat a chunk many times
            guard !bytes.isEmpty else { return }
            let start = min(position, bytes.count - 1)
            let chunk = Array(bytes[start..<min(bytes.count, start + 1 + rng.below(16))])
            let times = 2 + rng.size(200)
            bytes.insert(contentsOf: Array([[UInt8]](repeating: chunk, count: times).joined()), at: start)
        default:
            mutateLines(&bytes, donor: donor)
        }
    }

    private func lineStart(_ bytes: [UInt8], near position: Int) -> Int {
        var i = min(position, bytes.count)
        while i > 0 && bytes[i - 1] != 0x0A { i -= 1 }
        return i
    }

    private mutating func mutateLines(_ bytes: inout [UInt8], donor: [UInt8]) {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let donorLines = donor.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return }
        let i = rng.below(lines.count)
        switch rng.below(6) {
        case 0: lines.insert(lines[i], at: rng.below(lines.count + 1))  // duplicate
        case 1: lines.remove(at: i)  // delete
        case 2: lines.swapAt(i, rng.below(lines.count))  // swap
        case 3 where !donorLines.isEmpty:  // splice from another seed
            let start = rng.below(donorLines.count)
            let piece = donorLines[start..<min(donorLines.count, start + 1 + rng.below(4))]
            lines.insert(contentsOf: piece, at: rng.below(lines.count + 1))
        case 4: lines[i] = lines[i] + [0x5C]  // a continuation
        default: lines[i] = Array(lines[i].reversed())
        }
        bytes = Array(lines.joined(separator: [0x0A]))
    }
}
