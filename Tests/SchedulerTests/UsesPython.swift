import Testing

/// `.usesPython`: for suites and tests that may run metadata Python.
///
/// The embedded CPython is one interpreter for the whole test process and bake calls into it
/// without handing the GIL from thread to thread, so two tests running Python at the same time
/// crash the process. `.serialized` only orders the tests of one suite; this trait lets one
/// test at a time in across every suite that carries it. It applies to nested suites too.
/// (A copy of RecipeParserTests' trait: test targets cannot share test-only code.)
struct UsesPythonTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    /// A scope around each test case (not around whole suites, which would hold the gate
    /// while unrelated suites wait).
    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await PythonGate.shared.enter()
        do {
            try await function()
        } catch {
            await PythonGate.shared.leave()
            throw error
        }
        await PythonGate.shared.leave()
    }
}

extension Trait where Self == UsesPythonTrait {
    static var usesPython: Self { Self() }
}

/// A first-come, first-served gate: one holder at a time, waiters resumed in order.
actor PythonGate {
    static let shared = PythonGate()

    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
