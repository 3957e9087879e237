import Foundation
import Testing

@testable import BakeExecutor

@Suite struct SandboxCancellationTests {
    /// Host pids whose command line contains `marker`.
    static func processes(matching marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = Int32(entry), pid != getpid(),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let text = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return text.contains(marker) ? pid : nil
        }
    }

    static func waitUntil(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return condition()
    }

    /// A task that leaves a `sleep` grandchild behind it: cancelling must take the whole tree.
    @Test(arguments: [true, false])
    func cancellationKillsTheTaskTree(withPidNamespace: Bool) async throws {
        let capabilities =
            withPidNamespace ? SandboxCapabilities.host : SandboxCapabilities.host.disabling([.pidNamespace])
        let sandbox = Sandbox(capabilities: capabilities, reporter: LimitationReporter { _ in })
        let directory = try TemporaryDirectory()
        // A duration no other process uses, to find the grandchild among the host's processes.
        let marker = "4\(Int.random(in: 100_000...999_999)).5"
        let run = Task {
            try await runScript("(sleep \(marker); echo survived) & sleep \(marker); echo not-cancelled", in: directory, sandbox: sandbox)
        }
        let started = try await Self.waitUntil { Self.processes(matching: "sleep \(marker)").count >= 2 }
        #expect(started)
        run.cancel()
        await #expect(throws: CancellationError.self) { _ = try await run.value }
        let gone = try await Self.waitUntil { Self.processes(matching: "sleep \(marker)").isEmpty }
        #expect(gone)
        #expect(directory.read("log") == "")
    }

    @Test func cancelledBeforeStartDoesNotRun() async throws {
        let directory = try TemporaryDirectory()
        let run = Task {
            try await Task.sleep(for: .seconds(10))
            return try await runScript("touch \"$WORK/ran\"", in: directory)
        }
        run.cancel()
        await #expect(throws: CancellationError.self) { _ = try await run.value }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/work/ran"))
    }
}
