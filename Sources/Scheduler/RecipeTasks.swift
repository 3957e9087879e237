/// What the scheduler needs from one parsed recipe: its names, build and runtime
/// dependencies, and its tasks with their dependency flags (BitBake's `CoreRecipeInfo` plus
/// the recipe's `_task_deps`).
///
/// A plain value: it is read once from a `DataStore` (which is neither cheap to keep nor
/// `Sendable`) and can then be cached, sent between tasks or written by hand in tests.
public struct RecipeTasks: Hashable, Sendable {
    /// One task and the flags that add edges to it or change how it runs.
    public struct TaskDeclaration: Hashable, Sendable {
        /// Full name, e.g. `do_compile`.
        public var name: String
        /// In-recipe predecessors (`addtask ... after`/`before`), already limited to tasks the
        /// recipe has: BitBake silently drops the others.
        public var after: [String]
        /// `[depends]`: `name:do_task` entries, the name resolved through `PROVIDES`.
        public var depends: [TaskID]
        /// `[rdepends]`: `package:do_task` entries, the package resolved through runtime providers.
        public var rdepends: [TaskID]
        /// `[deptask]`: tasks of every `DEPENDS` provider this task waits for.
        public var deptask: [String]
        /// `[rdeptask]`: tasks of every `RDEPENDS`/`RRECOMMENDS` provider this task waits for.
        public var rdeptask: [String]
        /// `[recrdeptask]`: tasks of every recipe this task reaches, recursively.
        public var recrdeptask: [String]
        /// `[recideptask]`: own tasks whose dependencies also feed the `recrdeptask` walk.
        public var recideptask: [String]
        public var noexec: Bool
        public var nostamp: Bool

        public init(
            _ name: String, after: [String] = [], depends: [TaskID] = [], rdepends: [TaskID] = [],
            deptask: [String] = [], rdeptask: [String] = [], recrdeptask: [String] = [],
            recideptask: [String] = [], noexec: Bool = false, nostamp: Bool = false
        ) {
            self.name = name
            self.after = after
            self.depends = depends
            self.rdepends = rdepends
            self.deptask = deptask
            self.rdeptask = rdeptask
            self.recrdeptask = recrdeptask
            self.recideptask = recideptask
            self.noexec = noexec
            self.nostamp = nostamp
        }
    }

    /// `PN`.
    public var name: String
    /// `PROVIDES` (the recipe provides its own `PN` as well, without listing it here).
    public var provides: [String]
    /// `DEPENDS`, version constraints dropped.
    public var depends: [String]
    /// `RDEPENDS` and `RDEPENDS:<package>` over every package, first occurrence kept.
    public var rdepends: [String]
    /// `RRECOMMENDS` and `RRECOMMENDS:<package>` over every package. BitBake resolves these
    /// like `RDEPENDS` when building: a recommended package must have a provider too.
    public var rrecommends: [String]
    /// `PACKAGES`, or `[PN]` when it is empty.
    public var packages: [String]
    /// `RPROVIDES` and `RPROVIDES:<package>`.
    public var rprovides: [String]
    /// Tasks in `__BBTASKS` order.
    public var tasks: [TaskDeclaration]

    public init(
        name: String, provides: [String] = [], depends: [String] = [], rdepends: [String] = [],
        rrecommends: [String] = [], packages: [String]? = nil, rprovides: [String] = [], tasks: [TaskDeclaration]
    ) {
        self.name = name
        self.provides = provides
        self.depends = depends
        self.rdepends = rdepends
        self.rrecommends = rrecommends
        self.packages = packages ?? [name]
        self.rprovides = rprovides
        self.tasks = tasks
    }

    public func task(named name: String) -> TaskDeclaration? { tasks.first { $0.name == name } }

    /// Runtime names this recipe satisfies: its packages and everything they `RPROVIDES`.
    public var runtimeNames: [String] { Self.unique(packages + rprovides) }

    /// `RDEPENDS` and `RRECOMMENDS` together, as BitBake's `rdepids` keeps them.
    public var runtimeDependencies: [String] { Self.unique(rdepends + rrecommends) }

    static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
