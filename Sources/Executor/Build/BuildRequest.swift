/// What `bake TARGET...` was asked to do, in BitBake's terms.
public struct BuildRequest: Sendable {
    /// Recipe names or anything they `PROVIDES`.
    public var targets: [String]
    /// `-c TASK`; nil means `BB_DEFAULT_TASK` (`do_build`).
    public var task: String?
    /// `-f`: run the task even if its stamp is current.
    public var force = false
    /// `-C TASK`: invalidate the stamp of this task of the targets, then build the default task.
    public var invalidate: String?
    /// `-k`: keep going after a failure with whatever does not depend on it.
    public var keepGoing = false
    /// `-n`: say what would run and why, run nothing.
    public var dryRun = false
    /// `-j` / `BB_NUMBER_THREADS`; nil reads `BB_NUMBER_THREADS`, else the number of cores.
    public var jobs: Int?
    /// `--runall=TASK`: that task of every recipe the targets reach.
    public var runAll: [String] = []
    /// `--runonly=TASK`: only that task of every recipe the targets reach (and what it needs).
    public var runOnly: [String] = []

    public init(targets: [String], task: String? = nil) {
        self.targets = targets
        self.task = task
    }
}
