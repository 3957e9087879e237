import BakeScheduler
import Synchronization
import Testing

/// A clock the test moves by hand.
private final class FakeClock: Sendable {
    private let time = Mutex(Duration.zero)
    var now: Duration { time.withLock { $0 } }
    func advance(to instant: Duration) { time.withLock { $0 = instant } }
}

/// Collects everything written.
private final class FakeTerminal: Sendable {
    private let text = Mutex("")
    /// Everything written since the last call.
    func take() -> String {
        text.withLock { text in
            defer { text = "" }
            return text
        }
    }
    func write(_ more: String) { text.withLock { $0 += more } }
}

private let up2 = "\u{1B}[2A\u{1B}[J"
private let up3 = "\u{1B}[3A\u{1B}[J"

@Suite("Progress text, worded as BitBake's knotty")
struct ProgressTextTests {
    @Test("Plain lines for starts, noexec tasks, successes and failures")
    func plainLines() {
        #expect(ProgressText.runningTask(tid("busybox:do_compile"), number: 3, of: 10)
            == "NOTE: Running task 3 of 10 (busybox:do_compile)")
        #expect(ProgressText.runningTask(tid("busybox:do_build"), number: 4, of: 10, noexec: true)
            == "NOTE: Running noexec task 4 of 10 (busybox:do_build)")
        #expect(ProgressText.taskEvent(tid("busybox:do_compile"), package: "busybox-1.36.1-r0", "Succeeded")
            == "NOTE: recipe busybox-1.36.1-r0: task do_compile: Succeeded")
        #expect(ProgressText.taskFailed(tid("busybox:do_compile"), reason: "exit code 1")
            == "ERROR: Task (busybox:do_compile) failed: exit code 1")
    }

    @Test("The footer: a two-column count, numbered task lines, and what fits on the screen")
    func footer() {
        let running = [
            ProgressText.RunningTask(task: tid("gcc:do_compile"), package: "gcc-13.2-r0", elapsed: .seconds(3_725)),
            ProgressText.RunningTask(task: tid("zlib:do_fetch"), elapsed: .milliseconds(2_900)),
        ]
        #expect(ProgressText.footer(running: running, current: 7, total: 120, stopping: false) == [
            "Currently  2 running tasks (7 of 120)",
            "0: gcc-13.2-r0 do_compile - 1h2m5s",
            "1: zlib do_fetch - 2s",
        ])
        let many = (0..<12).map { ProgressText.RunningTask(task: tid("r\($0):do_compile"), elapsed: .seconds(61)) }
        let lines = ProgressText.footer(running: many, current: 40, total: 99, stopping: false, rows: 6)
        #expect(lines.first == "Currently 12 running tasks (40 of 99)")
        #expect(lines.count == 5 && lines.last == "3: r3 do_compile - 1m1s")
        #expect(ProgressText.footer(running: [], current: 7, total: 120, stopping: false)
            == ["No currently running tasks (7 of 120)"])
        #expect(ProgressText.footer(running: [], current: 120, total: 120, stopping: false).isEmpty)
        #expect(ProgressText.footer(running: Array(running.prefix(1)), current: 7, total: 120, stopping: true)
            == ["Waiting for 1 running task to finish:", "0: gcc-13.2-r0 do_compile - 1h2m5s"])
        #expect(ProgressText.footer(running: running, current: 7, total: 120, stopping: true).first
            == "Waiting for 2 running tasks to finish:")
    }

    @Test("A long line counts as as many screen lines as it wraps to")
    func wrapping() {
        #expect(ProgressText.screenLines(String(repeating: "x", count: 80), columns: 80) == 1)
        #expect(ProgressText.screenLines(String(repeating: "x", count: 81), columns: 80) == 2)
    }

    @Test("The closing summary, in BitBake's exact words")
    func summary() {
        #expect(ProgressText.summary(completed: 12, upToDate: 3, failed: [], errors: 0, interrupted: false)
            == ["NOTE: Tasks Summary: Attempted 12 tasks of which 3 didn't need to be rerun and all succeeded."])
        #expect(ProgressText.summary(completed: 9, upToDate: 0, failed: [tid("zlib:do_compile")], errors: 1, interrupted: false) == [
            "NOTE: Tasks Summary: Attempted 10 tasks of which 0 didn't need to be rerun and 1 failed.",
            "",
            "Summary: 1 task failed:",
            "  zlib:do_compile",
            "Summary: There was 1 ERROR message, returning a non-zero exit code.",
        ])
        #expect(ProgressText.summary(
            completed: 4, upToDate: 1, failed: [tid("b:do_install"), tid("a:do_compile")], errors: 2, interrupted: true
        ) == [
            "NOTE: Tasks Summary: Attempted 6 tasks of which 1 didn't need to be rerun and 2 failed.",
            "",
            "Summary: 2 tasks failed:",
            "  b:do_install",
            "  a:do_compile",
            "Summary: There were 2 ERROR messages, returning a non-zero exit code.",
            "Execution was interrupted, returning a non-zero exit code.",
        ])
    }
}

@Suite("Build progress")
struct BuildProgressTests {
    private func progress(
        _ style: BuildProgress.Style, total: Int, upToDate: Int = 0, stop: GracefulStop? = nil
    ) -> (BuildProgress, FakeClock, FakeTerminal) {
        let clock = FakeClock()
        let terminal = FakeTerminal()
        let progress = BuildProgress(
            total: total, upToDate: upToDate, style: style, packages: ["zlib": "zlib-1.3.1-r0"], stop: stop,
            now: { clock.now }, write: { terminal.write($0) }
        )
        return (progress, clock, terminal)
    }

    @Test("Plain output: one NOTE line per start and end, ERROR lines for failures, then the summary")
    func plain() async {
        let (progress, clock, out) = progress(.plain, total: 4, upToDate: 2)
        await progress.schedulerEvent(.started(tid("zlib:do_compile")))
        await progress.schedulerEvent(.started(tid("curl:do_fetch")))
        await progress.schedulerEvent(.waiting(running: 2))
        clock.advance(to: .seconds(3))
        await progress.schedulerEvent(.finished(tid("curl:do_fetch"), .failed(reason: "exit code 1")))
        await progress.schedulerEvent(.finished(tid("zlib:do_compile"), .succeeded))
        await progress.schedulerEvent(.skipped(tid("zlib:do_build")))
        #expect(out.take() == """
            NOTE: Running task 3 of 6 (zlib:do_compile)
            NOTE: recipe zlib-1.3.1-r0: task do_compile: Started
            NOTE: Running task 4 of 6 (curl:do_fetch)
            NOTE: recipe curl: task do_fetch: Started
            NOTE: recipe curl: task do_fetch: Failed
            ERROR: Task (curl:do_fetch) failed: exit code 1
            NOTE: recipe zlib-1.3.1-r0: task do_compile: Succeeded
            NOTE: Running noexec task 5 of 6 (zlib:do_build)

            """)
        let snapshot = progress.snapshot
        #expect(snapshot.completed == 4 && snapshot.failed == [tid("curl:do_fetch")] && snapshot.running.isEmpty)
        progress.finish(ScheduleReport(statuses: [:], completionOrder: []))
        #expect(out.take() == """
            NOTE: Tasks Summary: Attempted 5 tasks of which 2 didn't need to be rerun and 1 failed.

            Summary: 1 task failed:
              curl:do_fetch
            Summary: There was 1 ERROR message, returning a non-zero exit code.

            """)
        await progress.schedulerEvent(.started(tid("late:do_x")))
        #expect(out.take().isEmpty)
    }

    @Test("Terminal output: a footer redrawn in place, at most every 250 ms, errors printed above it")
    func terminal() async {
        let stop = GracefulStop()
        let (progress, clock, out) = progress(.terminal(rows: 25, columns: 80), total: 3, stop: stop)
        await progress.schedulerEvent(.started(tid("zlib:do_compile")))
        #expect(out.take() == "Currently  1 running tasks (1 of 3)\n0: zlib-1.3.1-r0 do_compile - 0s\n")

        clock.advance(to: .milliseconds(100))
        await progress.schedulerEvent(.started(tid("curl:do_fetch")))
        #expect(out.take().isEmpty, "redrawn sooner than 250 ms after the last draw")

        clock.advance(to: .milliseconds(1_300))
        progress.tick()
        #expect(out.take() == up2 + """
            Currently  2 running tasks (2 of 3)
            0: zlib-1.3.1-r0 do_compile - 1s
            1: curl do_fetch - 1s

            """)
        progress.tick()
        #expect(out.take().isEmpty, "nothing changed")

        clock.advance(to: .milliseconds(1_400))
        await progress.schedulerEvent(.finished(tid("curl:do_fetch"), .failed(reason: "no network")))
        #expect(out.take() == up3 + """
            ERROR: Task (curl:do_fetch) failed: no network
            Currently  1 running tasks (2 of 3)
            0: zlib-1.3.1-r0 do_compile - 1s

            """)

        clock.advance(to: .seconds(62))
        stop.request()
        progress.tick()
        #expect(out.take() == up2 + "Waiting for 1 running task to finish:\n0: zlib-1.3.1-r0 do_compile - 1m2s\n")

        await progress.schedulerEvent(.finished(tid("zlib:do_compile"), .succeeded))
        progress.finish(ScheduleReport(statuses: [:], completionOrder: [], stopped: true))
        #expect(out.take() == up2 + """
            NOTE: Tasks Summary: Attempted 2 tasks of which 0 didn't need to be rerun and 1 failed.

            Summary: 1 task failed:
              curl:do_fetch
            Summary: There was 1 ERROR message, returning a non-zero exit code.
            Execution was interrupted, returning a non-zero exit code.

            """)
    }

    @Test("Driven by the real scheduler, plain progress ends with an all-succeeded summary")
    func withScheduler() async throws {
        let graph = makeGraph(["r:do_build": ["r:do_compile"], "r:do_compile": []], noexec: ["r:do_build"])
        let (progress, _, out) = progress(.plain, total: graph.count)
        let report = await Scheduler(maxConcurrentTasks: 2)
            .run(try CriticalPath(graph: graph), runner: FakeTaskRunner(), observer: progress)
        progress.finish(report)
        #expect(out.take() == """
            NOTE: Running task 1 of 2 (r:do_compile)
            NOTE: recipe r: task do_compile: Started
            NOTE: recipe r: task do_compile: Succeeded
            NOTE: Running noexec task 2 of 2 (r:do_build)
            NOTE: Tasks Summary: Attempted 2 tasks of which 0 didn't need to be rerun and all succeeded.

            """)
    }
}
