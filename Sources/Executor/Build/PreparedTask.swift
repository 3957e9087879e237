import BakeScheduler

/// Everything needed to run one task, read out of its recipe before the build starts (a
/// datastore is neither cheap to keep nor `Sendable`): the shell task to run in the sandbox
/// and where its stamp goes.
struct PreparedTask: Sendable {
    var id: TaskID
    var shell: ShellTask
    var stampBase: String
    var signature: TaskSignature
    /// `[nostamp]`: never recorded as done.
    var nostamp: Bool
}
