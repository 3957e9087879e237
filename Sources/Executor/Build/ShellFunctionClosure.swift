import BakeRecipeParser
import BakeScheduler

/// The shell functions a shell task's run file must define, as `bb.data.emit_func` finds
/// them: the commands each function runs that are themselves shell functions, and their
/// `[vardeps]`, followed transitively.
enum ShellFunctionClosure {
    static func functions(of task: String, in store: DataStore) throws -> [String] {
        var seen: Set<String> = [task]
        var result: [String] = []
        var pending = try dependencies(of: task, in: store)
        while !pending.isEmpty {
            var next: Set<String> = []
            for name in pending.sorted() where seen.insert(name).inserted {
                guard try store.getVarFlag(name, "func", expand: false)?.isTruthy == true,
                      try store.getVarFlag(name, "python", expand: false)?.isTruthy != true else { continue }
                result.append(name)
                next.formUnion(try dependencies(of: name, in: store))
            }
            pending = next.subtracting(seen)
        }
        return result
    }

    private static func dependencies(of function: String, in store: DataStore) throws -> Set<String> {
        let body = try store.getVar(function)?.pythonString ?? ""
        var names = try ShellCommandScanner.commands(in: body)
        for word in (try store.getVarFlag(function, "vardeps")?.pythonString ?? "").split(whereSeparator: \.isWhitespace) {
            names.insert(String(word))
        }
        return names
    }
}
