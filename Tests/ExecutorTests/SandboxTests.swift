import Foundation
import Glibc
import Synchronization
import Testing

@testable import BakeExecutor

/// A sandbox that keeps its limitation reports to itself: the tests check them where it matters.
let quietSandbox = Sandbox(reporter: LimitationReporter { _ in })

/// Runs `script` with /bin/sh in the sandbox, `$WORK` writable and the cwd, output to a log file.
func runScript(
    _ script: String, in directory: TemporaryDirectory, sandbox: Sandbox = quietSandbox,
    configure: (inout SandboxPolicy) -> Void = { _ in }
) async throws -> (exit: SandboxExit, log: String) {
    let work = try directory.directory("work")
    var policy = SandboxPolicy(
        arguments: ["/bin/sh", "-c", script], environment: ["PATH": "/usr/bin:/bin", "WORK": work],
        workingDirectory: work, writablePaths: [work])
    configure(&policy)
    let exit = try await sandbox.run(policy, logFile: directory.path + "/log")
    return (exit, directory.read("log") ?? "")
}

@Suite struct SandboxTests {
    @Test func exitStatusAndOutputReachTheLog() async throws {
        let directory = try TemporaryDirectory()
        let (exit, log) = try await runScript("echo out; echo err >&2; cat; exit 3", in: directory)
        #expect(exit.termination == .exited(3))
        #expect(!exit.succeeded)
        // stdin is /dev/null: cat returns at once.
        #expect(log == "out\nerr\n")
    }

    @Test func signalledTaskReportsTheSignal() async throws {
        let directory = try TemporaryDirectory()
        let (exit, _) = try await runScript("kill -TERM $$", in: directory)
        #expect(exit.termination == .signaled(SIGTERM))
    }

    @Test func environmentIsExactlyThePolicys() async throws {
        let directory = try TemporaryDirectory()
        let (exit, log) = try await runScript("env | sort", in: directory) { policy in
            policy.environment["ONLY_THIS"] = "yes"
        }
        #expect(exit.succeeded)
        let names = log.split(separator: "\n").map { $0.split(separator: "=")[0] }.filter { $0 != "PWD" }
        #expect(names == ["ONLY_THIS", "PATH", "WORK"])
    }

    @Test(arguments: [false, true])
    func umaskApplies(restrictive: Bool) async throws {
        let directory = try TemporaryDirectory()
        let (exit, _) = try await runScript("touch \"$WORK/file\"", in: directory) { policy in
            policy.umask = restrictive ? 0o077 : 0o022
        }
        #expect(exit.succeeded)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/work/file")
        let permissions = (attributes[.posixPermissions] as? Int) ?? -1
        #expect(permissions == (restrictive ? 0o600 : 0o644))
    }

    @Test(
        .requiresSandbox(.readOnlyView),
        arguments: [false, true])
    func writesItsOwnDirectoriesButNothingElse(remountEachMount: Bool) async throws {
        let directory = try TemporaryDirectory()
        let other = try directory.directory("other")
        let nested = try directory.directory("work/deeper")
        let sandbox = Sandbox(
            capabilities: remountEachMount
                ? SandboxCapabilities.host.disabling([.recursiveReadOnly]) : SandboxCapabilities.host,
            reporter: LimitationReporter { _ in })
        let script = """
            echo a > "$WORK/a" && echo wrote-work
            echo b > "\(nested)/b" && echo wrote-nested
            echo c > "\(other)/c" || echo refused-other
            touch /etc/bake-sandbox-test || echo refused-etc
            touch /usr/bake-sandbox-test || echo refused-usr
            echo t > /tmp/bake-private-\(UUID().uuidString) && echo wrote-tmp
            """
        let (exit, log) = try await runScript(script, in: directory, sandbox: sandbox)
        #expect(exit.succeeded)
        #expect(log.contains("wrote-work"))
        #expect(log.contains("wrote-nested"))
        #expect(log.contains("refused-other"))
        #expect(log.contains("refused-etc"))
        #expect(log.contains("refused-usr"))
        #expect(log.contains("Read-only file system"))
        // /tmp is private: writable inside, and nothing leaks to the host's.
        #expect(log.contains("wrote-tmp"))
        #expect(FileManager.default.fileExists(atPath: directory.path + "/work/a"))
        #expect(FileManager.default.fileExists(atPath: nested + "/b"))
        #expect(!FileManager.default.fileExists(atPath: other + "/c"))
        #expect(!FileManager.default.fileExists(atPath: "/etc/bake-sandbox-test"))
        let leaked = try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { $0.hasPrefix("bake-private-") }
        #expect(leaked.isEmpty)
    }

    @Test(.requiresSandbox(.readOnlyView))
    func minimalDev() async throws {
        let directory = try TemporaryDirectory()
        let (exit, log) = try await runScript(
            "ls /dev | tr '\\n' ' '; head -c 4 /dev/urandom | wc -c; echo x > /dev/null && echo null-ok",
            in: directory)
        #expect(exit.succeeded)
        #expect(log.contains("null"))
        #expect(log.contains("urandom"))
        #expect(log.contains("null-ok"))
        #expect(!log.contains("vda"))  // no host disks
    }

    @Test(.requiresSandbox(.userNamespace))
    func taskIsRootInsideAndTheInvokerOutside() async throws {
        let directory = try TemporaryDirectory()
        let (exit, log) = try await runScript("id -u; id -g; touch \"$WORK/owned\"", in: directory)
        #expect(exit.succeeded)
        #expect(log == "0\n0\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/work/owned")
        #expect((attributes[.ownerAccountID] as? UInt) == UInt(geteuid()))
        #expect((attributes[.groupOwnerAccountID] as? UInt) == UInt(getegid()))
    }

    @Test(.requiresSandbox(.pidNamespace, .freshProc))
    func taskSeesOnlyItsOwnProcesses() async throws {
        let directory = try TemporaryDirectory()
        // The task is pid 2 under bake's init (pid 1), and /proc lists nothing else (the glob is
        // the shell's own, so no third process runs).
        let (exit, log) = try await runScript("echo pid=$$ ppid=$PPID; echo /proc/[0-9]*", in: directory)
        #expect(exit.succeeded)
        #expect(log == "pid=2 ppid=1\n/proc/1 /proc/2\n")
    }

    @Test(.requiresSandbox(.utsNamespace))
    func hostnameIsThePolicys() async throws {
        let directory = try TemporaryDirectory()
        let (exit, log) = try await runScript("cat /proc/sys/kernel/hostname", in: directory) { policy in
            policy.hostname = "bake-test-host"
        }
        #expect(exit.succeeded)
        #expect(log == "bake-test-host\n")
    }

    @Test(.requiresSandbox(.networkNamespace))
    func noNetworkUnlessAllowed() async throws {
        let listener = try LoopbackListener()
        let directory = try TemporaryDirectory()
        let script = """
            /usr/bin/python3 -c '
            import socket
            try:
                socket.create_connection(("127.0.0.1", \(listener.port)), timeout=3).close()
                print("connected")
            except OSError as e:
                print("refused", e.errno)
            '
            /usr/bin/python3 -c 'import socket; socket.create_connection(("127.0.0.1", 1), timeout=3)' 2>&1 | tail -1
            """
        let (closed, closedLog) = try await runScript(script, in: directory)
        #expect(closed.succeeded)
        #expect(closedLog.contains("refused"))
        #expect(!closedLog.contains("connected"))
        // lo is up inside: a closed port is refused, not unreachable.
        #expect(closedLog.contains("Connection refused"))

        let open = try TemporaryDirectory()
        let (allowed, allowedLog) = try await runScript(script, in: open) { $0.networkAllowed = true }
        #expect(allowed.succeeded)
        #expect(allowedLog.contains("connected"))
    }

    @Test(.requiresSandbox(.seccomp))
    func withoutNetworkNamespaceSeccompRefusesInternetSockets() async throws {
        let listener = try LoopbackListener()
        let directory = try TemporaryDirectory()
        let sandbox = Sandbox(
            capabilities: SandboxCapabilities.host.disabling([.networkNamespace]), reporter: LimitationReporter { _ in })
        let script = """
            /usr/bin/python3 -c '
            import socket
            try:
                socket.create_connection(("127.0.0.1", \(listener.port)), timeout=3).close()
                print("connected")
            except OSError as e:
                print("refused", e.errno)
            '
            """
        let (exit, log) = try await runScript(script, in: directory, sandbox: sandbox)
        #expect(exit.succeeded)
        #expect(log == "refused \(EPERM)\n")
        #expect(sandbox.limitations(for: SandboxPolicy(arguments: ["true"], workingDirectory: "/")).contains {
            $0.feature == .networkNamespace
        })
    }

    /// Calls each syscall through ctypes and prints "name errno" (0 when it succeeded).
    static let syscallProbe = """
        /usr/bin/python3 -c '
        import ctypes, os
        libc = ctypes.CDLL(None, use_errno=True)
        # x86_64 numbers; arguments that are harmless (and invalid) if the call gets through.
        calls = [("reboot", 169, (0, 0, 0, 0)), ("kexec_load", 246, (0, 0, 0, 0)),
                 ("unshare", 272, (0,)), ("keyctl", 250, (0, -3, 0)), ("getpid", 39, ())]
        for name, number, args in calls:
            ctypes.set_errno(0)
            result = libc.syscall(number, *args)
            print(name, ctypes.get_errno() if result == -1 else 0)
        '
        """

    @Test(.requiresSandbox(.seccomp), .enabled(if: isX86_64, "syscall numbers in the probe are x86_64's"))
    func seccompRefusesDangerousCalls() async throws {
        let directory = try TemporaryDirectory()
        let (exit, log) = try await runScript(Self.syscallProbe, in: directory)
        #expect(exit.succeeded)
        #expect(log == "reboot \(EPERM)\nkexec_load \(EPERM)\nunshare \(EPERM)\nkeyctl \(EPERM)\ngetpid 0\n")

        // The control: without the filter, unshare(0) and keyctl succeed, so the EPERMs above are its doing.
        let unfiltered = Sandbox(
            capabilities: SandboxCapabilities.host.disabling([.seccomp]), reporter: LimitationReporter { _ in })
        let (_, unfilteredLog) = try await runScript(Self.syscallProbe, in: try TemporaryDirectory(), sandbox: unfiltered)
        #expect(unfilteredLog.contains("unshare 0\n"))
        #expect(!unfilteredLog.contains("keyctl \(EPERM)"))
    }

    @Test(.requiresSandbox(.cgroup))
    func memoryLimitKillsTheTask() async throws {
        let directory = try TemporaryDirectory()
        let (exit, _) = try await runScript(
            "/usr/bin/python3 -c 'b = bytearray(512 * 1024 * 1024); print(len(b))'", in: directory
        ) { $0.memoryLimit = 64 * 1024 * 1024 }
        #expect(!exit.succeeded)
        #expect(exit.outOfMemoryKills > 0)
    }

    @Test(.requiresSandbox(.cgroup))
    func pidLimitStopsForkBombs() async throws {
        let directory = try TemporaryDirectory()
        let (exit, log) = try await runScript(
            "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 5 & done 2>&1; echo done", in: directory
        ) { $0.pidLimit = 6 }
        #expect(exit.succeeded)
        #expect(log.contains("fork") || log.contains("Resource temporarily unavailable"))
    }

    @Test(.requiresSandbox(.readOnlyView))
    func setupFailureNamesTheCall() async throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/missing"
        await #expect {
            _ = try await runScript("true", in: directory) { $0.writablePaths.append(missing) }
        } throws: { error in
            (error as? SandboxError)?.code == .invalidPolicy && "\(error)".contains(missing)
        }
        // A hostname longer than the kernel's 64 bytes fails in the child, between clone and exec.
        if SandboxCapabilities.host.supports(.utsNamespace) {
            await #expect {
                _ = try await runScript("true", in: directory) { $0.hostname = String(repeating: "h", count: 100) }
            } throws: { error in
                guard let error = error as? SandboxError else { return false }
                return error.code == .systemCall && error.call?.hasPrefix("sethostname") == true
                    && error.errorNumber == EINVAL
            }
        }
    }

    @Test func missingProgramIsAPolicyError() async throws {
        let directory = try TemporaryDirectory()
        await #expect {
            _ = try await runScript("true", in: directory) { $0.arguments = ["no-such-program-bake"] }
        } throws: { error in
            (error as? SandboxError)?.code == .invalidPolicy && "\(error)".contains("not found in PATH")
        }
    }

    /// Spawns from many threads at once: each child must drop the others' pipes, or a parent
    /// would wait for EOF until an unrelated task ends.
    @Test func concurrentRunsDoNotHoldEachOther() async throws {
        // The long task waits for a flag the test sets only once the seven short ones have
        // returned: if a short one were held until the long one ended, the flag would never
        // come and the long task would give up (after a minute) and fail.
        let shared = try TemporaryDirectory()
        let flag = shared.path + "/short-tasks-done"
        try await withThrowingTaskGroup(of: (Int, SandboxExit).self) { group in
            for index in 0..<8 {
                group.addTask {
                    let directory = try TemporaryDirectory()
                    let script = index == 0
                        ? "i=0; while [ ! -e '\(flag)' ]; do i=$((i+1)); [ $i -lt 1200 ] || exit 1; sleep 0.05; done"
                        : "echo \(index)"
                    let (exit, _) = try await runScript(script, in: directory) { $0.readablePaths = [shared.path] }
                    return (index, exit)
                }
            }
            var shortFinished = 0
            for try await (index, exit) in group {
                #expect(exit.succeeded, "task \(index)")
                if index != 0 {
                    shortFinished += 1
                    if shortFinished == 7 { #expect(FileManager.default.createFile(atPath: flag, contents: nil)) }
                }
            }
            #expect(shortFinished == 7)
        }
    }

    /// A directory under /tmp (a build directory kept there) stays visible, read-only, through
    /// the task's private /tmp.
    @Test(.requiresSandbox(.readOnlyView)) func readablePathsShowThroughThePrivateTmp() async throws {
        let shared = try TemporaryDirectory()
        try "visible".write(toFile: shared.path + "/note", atomically: true, encoding: .utf8)
        let directory = try TemporaryDirectory()
        let (exit, log) = try await runScript(
            "cat '\(shared.path)/note'; (echo more > '\(shared.path)/note') 2>/dev/null && echo WROTE || echo REFUSED", in: directory
        ) { $0.readablePaths = [shared.path] }
        #expect(exit.succeeded)
        #expect(log.contains("visible"))
        #expect(log.contains("REFUSED") && !log.contains("WROTE"))
        #expect(try String(contentsOfFile: shared.path + "/note", encoding: .utf8) == "visible")
    }

    @Test func runsWithEveryFeatureDisabled() async throws {
        let sandbox = Sandbox(
            capabilities: SandboxCapabilities.host.disabling(Set(SandboxFeature.allCases)),
            reporter: LimitationReporter { _ in })
        #expect(sandbox.capabilities.available.isEmpty)
        let directory = try TemporaryDirectory()
        let (exit, log) = try await runScript("echo plain; id -u; exit 4", in: directory, sandbox: sandbox)
        #expect(exit.termination == .exited(4))
        #expect(log == "plain\n\(geteuid())\n")
    }

    @Test func limitationsAreReportedOncePerFeature() async throws {
        let reports = ReportLog()
        let sandbox = Sandbox(
            capabilities: SandboxCapabilities.host.disabling([.pidNamespace, .ipcNamespace]),
            reporter: LimitationReporter { reports.append($0) })
        for _ in 0..<3 {
            let (exit, _) = try await runScript("true", in: try TemporaryDirectory(), sandbox: sandbox)
            #expect(exit.succeeded)
        }
        let features = reports.all.map(\.feature)
        #expect(features.filter { $0 == .pidNamespace }.count == 1)
        #expect(features.filter { $0 == .ipcNamespace }.count == 1)
        #expect(Set(features).count == features.count)
        #expect(reports.all.first { $0.feature == .pidNamespace }?.reason == "disabled by configuration")
    }
}

let isX86_64: Bool = {
    #if arch(x86_64)
    true
    #else
    false
    #endif
}()

/// Collects reported limitations across threads.
final class ReportLog: Sendable {
    private let entries = Mutex<[SandboxLimitation]>([])
    func append(_ limitation: SandboxLimitation) { entries.withLock { $0.append(limitation) } }
    var all: [SandboxLimitation] { entries.withLock { $0 } }
}

/// A TCP listener on 127.0.0.1 with a kernel-chosen port; the kernel completes handshakes into
/// its backlog, so connecting succeeds without an accept loop.
final class LoopbackListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.descriptor = descriptor
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && listen(descriptor, 16) == 0
                    && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }
}
