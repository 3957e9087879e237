/// A shell task as BitBake runs it (`bb.build._exec_task` and `exec_func_shell`): what the
/// metadata said, already expanded, with nothing left to look up.
///
/// The function list comes from the caller (dependency analysis finds which shell functions a
/// task calls); `functions` must hold at least the task's own body and those of its pre- and
/// postfuncs.
public struct ShellTask: Sendable, Hashable {
    /// The task, with its prefix: "do_compile".
    public var name: String
    /// The recipe it belongs to ("zlib-1.3.1"), for messages.
    public var recipe: String
    /// Shell function bodies by name: the task's own, its pre/postfuncs and every helper they call.
    public var functions: [String: String]
    /// Variables flagged `export`, with their expanded values.
    public var exports: [String: String]
    /// Variables flagged `unexport`: the run file unsets them.
    public var unexports: [String]
    /// `${T}`: where run files and logs go.
    public var tempDirectory: String
    /// `[dirs]`: created before the task; the last one is its working directory (else `${T}`).
    public var dirs: [String]
    /// `[cleandirs]`: emptied (removed and recreated) before the task.
    public var cleanDirs: [String]
    /// `[umask]` (or BB_DEFAULT_UMASK); nil means 022.
    public var umask: UInt16?
    /// `[lockfiles]`: held (flock, exclusive) while the task runs.
    public var lockFiles: [String]
    /// `[prefuncs]` and `[postfuncs]`: shell functions run before and after the task, each from its
    /// own run file, in the task's working directory.
    public var prefuncs: [String]
    public var postfuncs: [String]
    /// `[network]`: whether the task may reach the network.
    public var networkAllowed: Bool
    /// Further directories the task writes (`${WORKDIR}`, `${D}`, sysroots ...): created if
    /// missing and bound writable, with `${T}`, `[dirs]` and `[cleandirs]`.
    public var writablePaths: [String]

    public init(
        name: String, recipe: String, functions: [String: String], exports: [String: String] = [:],
        unexports: [String] = [], tempDirectory: String, dirs: [String] = [], cleanDirs: [String] = [],
        umask: UInt16? = nil, lockFiles: [String] = [], prefuncs: [String] = [], postfuncs: [String] = [],
        networkAllowed: Bool = false, writablePaths: [String] = []
    ) {
        self.name = name
        self.recipe = recipe
        self.functions = functions
        self.exports = exports
        self.unexports = unexports
        self.tempDirectory = tempDirectory
        self.dirs = dirs
        self.cleanDirs = cleanDirs
        self.umask = umask
        self.lockFiles = lockFiles
        self.prefuncs = prefuncs
        self.postfuncs = postfuncs
        self.networkAllowed = networkAllowed
        self.writablePaths = writablePaths
    }

    /// The working directory: the last of `[dirs]`, else `${T}`.
    public var workingDirectory: String { dirs.last ?? tempDirectory }

    /// Parses a `[umask]` flag the way BitBake does (an octal string such as "022" or "0o022").
    public static func parseUmask(_ text: String) -> UInt16? {
        var digits = text.trimmingPrefix(while: { $0 == " " })
        if digits.hasPrefix("0o") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, let value = UInt16(digits.trimmingSuffix(while: { $0 == " " }), radix: 8),
            value <= 0o777
        else { return nil }
        return value
    }
}

extension Substring {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        self[(firstIndex { !predicate($0) } ?? endIndex)...]
    }

    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        guard let last = lastIndex(where: { !predicate($0) }) else { return self[startIndex..<startIndex] }
        return self[...last]
    }
}

extension String {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        self[...].trimmingPrefix(while: predicate)
    }
}
