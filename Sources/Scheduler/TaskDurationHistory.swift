/// How long each task took in earlier builds, learnt as an exponential moving average and
/// fed to the scheduler as `TaskNode.estimatedDuration`.
///
/// Keyed by recipe (`PN`) and task name, as BitBake's task ids are: a recipe's version bump
/// keeps its history, which is what a priority estimate wants (the build of 1.2.4 takes about
/// as long as 1.2.3's).
///
/// Before a task has any history, its estimate comes from `defaultEstimate(forTask:)`: a table
/// of typical durations per task name, so a first build already runs `do_compile` chains ahead
/// of `do_fetch`-only work. Only ratios matter for priorities, so the table is coarse.
public struct TaskDurationHistory: Hashable, Sendable {
    /// What is known about one task.
    public struct Entry: Hashable, Sendable {
        /// Moving average of the measured durations.
        public var average: Duration
        /// How many runs the average has seen.
        public var runs: Int

        public init(average: Duration, runs: Int) {
            self.average = average
            self.runs = runs
        }
    }

    /// Known tasks.
    public private(set) var entries: [TaskID: Entry]
    /// Weight of the newest run in the moving average, in (0, 1]. 0.3 follows a real change
    /// (new compiler flags, a bigger source tree) within three or four builds while one slow
    /// outlier (a cold disk cache) moves the estimate by under a third.
    public var smoothing: Double

    public init(entries: [TaskID: Entry] = [:], smoothing: Double = 0.3) {
        precondition(smoothing > 0 && smoothing <= 1, "smoothing must be in (0, 1]")
        self.entries = entries
        self.smoothing = smoothing
    }

    /// Learns one measured run: the first run is taken as is, later ones move the average by
    /// `smoothing` of the difference.
    public mutating func record(_ duration: Duration, for task: TaskID) {
        let measured = max(duration, .zero)
        guard let old = entries[task] else {
            entries[task] = Entry(average: measured, runs: 1)
            return
        }
        let blended = old.average + (measured - old.average) * smoothing
        entries[task] = Entry(average: blended, runs: old.runs + 1)
    }

    /// Learns from a finished run: every task that succeeded, with the time its runner took.
    /// Failed tasks are left out (a compile that stops at its first error says little about
    /// how long a good one takes), as are tasks that never ran.
    public mutating func record(_ report: ScheduleReport) {
        for (task, time) in report.runTimes.sorted(by: { $0.key < $1.key })
        where report.statuses[task] == .succeeded {
            record(time, for: task)
        }
    }

    /// The expected duration of `task`: its history, else the default for its task name.
    public func estimate(for task: TaskID) -> Duration {
        entries[task]?.average ?? Self.defaultEstimate(forTask: task.task)
    }

    /// Sets every task's `estimatedDuration` from this history (or the defaults), except
    /// `noexec` tasks, which never run and which `CriticalPath` counts as free.
    public func applyEstimates(to graph: inout TaskGraph) {
        for node in graph.nodes where !node.noexec {
            graph.setEstimatedDuration(estimate(for: node.id), for: node.id)
        }
    }

    /// Typical durations of OpenEmbedded's standard tasks on a mid-sized recipe, rounded: the
    /// compile dominates, configure and packaging follow, bookkeeping tasks take a second or
    /// two. A task name not listed (a recipe's own task) gets 5 s, between the two groups.
    public static func defaultEstimate(forTask name: String) -> Duration {
        if let known = defaultEstimates[name] { return known }
        // Image tasks (do_image_ext4, do_image_wic, ...) write whole file systems.
        if name.hasPrefix("do_image_") { return .seconds(30) }
        // Package writers (do_package_write_rpm/ipk/deb) compress every package.
        if name.hasPrefix("do_package_write_") { return .seconds(8) }
        return .seconds(5)
    }

    private static let defaultEstimates: [String: Duration] = [
        "do_fetch": .seconds(5),
        "do_unpack": .seconds(2),
        "do_patch": .seconds(1),
        "do_prepare_recipe_sysroot": .seconds(2),
        "do_configure": .seconds(20),
        "do_compile": .seconds(60),
        "do_compile_ptest_base": .seconds(20),
        "do_install": .seconds(8),
        "do_install_ptest_base": .seconds(4),
        "do_populate_sysroot": .seconds(3),
        "do_package": .seconds(10),
        "do_packagedata": .seconds(1),
        "do_package_qa": .seconds(4),
        "do_populate_lic": .seconds(1),
        "do_deploy_source_date_epoch": .seconds(1),
        "do_deploy": .seconds(3),
        "do_rootfs": .seconds(120),
        "do_image": .seconds(10),
        "do_image_complete": .seconds(5),
        "do_populate_sdk": .seconds(300),
        "do_kernel_configme": .seconds(10),
        "do_kernel_metadata": .seconds(5),
    ]
}
