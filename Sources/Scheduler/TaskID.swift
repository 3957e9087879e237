/// One task of one recipe: BitBake's task id (`recipe:do_task`), keyed by recipe name (`PN`)
/// because bake schedules one chosen version of each recipe.
public struct TaskID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The recipe's `PN`, or for a requested target, any name in `PROVIDES`.
    public var recipe: String
    /// The task's full name, `do_` prefix included, as `__BBTASKS` spells it.
    public var task: String

    public init(_ recipe: String, _ task: String) {
        self.recipe = recipe
        self.task = task
    }

    /// Parses BitBake's `recipe:do_task` form, as task `depends` flags write it.
    ///
    /// - Returns: nil unless the text holds exactly one `:` with text on both sides; BitBake
    ///   refuses any other shape ("does not contain exactly one ':' character").
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(String(parts[0]), String(parts[1]))
    }

    public var description: String { recipe + ":" + task }

    /// Recipe first, then task: the order every deterministic listing in the scheduler uses.
    public static func < (a: TaskID, b: TaskID) -> Bool {
        a.recipe != b.recipe ? a.recipe < b.recipe : a.task < b.task
    }
}
