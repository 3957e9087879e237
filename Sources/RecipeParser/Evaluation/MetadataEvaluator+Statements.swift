import BakeBasics
import Foundation

extension MetadataEvaluator {
    /// Runs statements in order; an error is located at the statement that raised it.
    func evaluate(_ statements: [Statement], into store: DataStore) throws(EvaluationError) {
        for statement in statements {
            do {
                try evaluate(statement, into: store)
            } catch {
                if error.kind == .skipRecipe { throw error }
                throw error.located(at: statement.location)
            }
        }
    }

    private func evaluate(_ statement: Statement, into store: DataStore) throws(EvaluationError) {
        let origin = WriteOrigin(file: statement.location.file, line: statement.location.line)
        let file = statement.location.file
        let line = statement.location.line
        switch statement.kind {
        case .assignment(let a):
            try assign(a, store: store, origin: WriteOrigin(file: file, line: line, detail: a.value))
        case .include(let what, let required):
            try include(from: file, what: try store.expand(what), line: line, store: store,
                        failure: required ? "include required" : nil)
        case .includeAll(let what):
            let name = try store.expand(what)
            for dir in (try store.getVar("BBPATH")?.pythonString ?? "None").split(separator: ":", omittingEmptySubsequences: false) {
                try include(from: file, what: Self.joinPath(String(dir), name), line: line, store: store, failure: nil)
            }
        case .export(let name):
            try store.setVarFlag(name, "export", .int(1), origin: origin, op: "exported")
        case .unset(let name):
            store.delVar(name, origin: origin)
        case .unsetFlag(let name, let flag):
            store.delVarFlag(name, flag, origin: origin)
        case .addPylib(let directory, let namespace):
            try addPylib(directory: directory, namespace: namespace, store: store)
        case .addFragments(_, let variable, _, _):
            if try store.string("_BB_SKIP_FRAGMENTS") == "1" { return }
            if let fragments = try store.string(variable), !fragments.isEmpty {
                throw EvaluationError(.fatal, "addfragments is not supported by bake yet (fragments: \(fragments))")
            }
        case .function(let f):
            try defineFunction(f, file: file, line: line, store: store)
        case .pythonDef(let name, let body):
            let text = body.joined(separator: "\n")
            let start = line - body.count - 1
            try python().insertMethod(text, name: name, file: file, line: start)
            try store.setVarFlag(name, "func", .int(1))
            try store.setVarFlag(name, "python", .int(1))
            try store.setVar(name, .string(text), parsing: true, origin: origin)
            try store.setVarFlag(name, "filename", .string(file))
            try store.setVarFlag(name, "lineno", .string(String(start)))
        case .exportFunctions(let names, let className):
            try exportFunctions(names, className: className, store: store)
        case .addTask(let tasks, let before, let after):
            for task in splitWords(tasks) { try TaskList.add(task, before: before, after: after, store: store) }
        case .delTask(let tasks):
            for task in splitWords(try store.expand(tasks)) { try TaskList.delete(task, store: store) }
        case .addHandler(let names):
            var handlers = try store.getVar("__BBHANDLERS", expand: false)?.listItems ?? []
            for name in names {
                handlers.append(.string(name))
                try store.setVarFlag(name, "handler", .int(1))
            }
            try store.setVar("__BBHANDLERS", .list(handlers))
        case .inherit(let classes):
            try inherit(classes, from: file, line: line, store: store)
        case .inheritDefer(let classes):
            try TaskList.deferInherit(classes, file: file, line: line, store: store)
        }
    }

    /// BitBake's `DataNode`: one assignment with every operator's exact meaning.
    private func assign(_ a: Assignment, store: DataStore, origin: WriteOrigin) throws(EvaluationError) {
        let key = a.name
        if a.exported {
            try store.setVarFlag(key, "export", .int(1), origin: WriteOrigin(file: origin.file, line: origin.line), op: "exported")
        }
        func current() throws(EvaluationError) -> Value? {
            if let flag = a.flag { return try store.getVarFlag(key, flag, expand: false, noWeakDefault: true) }
            return try store.getVar(key, expand: false, noWeakDefault: true, parsing: true)
        }
        func text(_ v: Value?) -> String { v.map { $0.pythonString } ?? "" }
        var value = Value.string(a.value)
        var op = "set"
        switch a.op {
        case .set, .weakDefault:
            break
        case .defaultValue:
            op = "set?"
            if let existing = try current() { value = existing }
        case .immediate:
            op = "immediate"
            value = .string(try store.createCopy().expand(a.value, variable: key + "[:=]"))
        case .append:
            op = "append"
            value = .string(text(try current().flatMap(Self.truthy)) + " " + a.value)
        case .prepend:
            op = "prepend"
            value = .string(a.value + " " + text(try current().flatMap(Self.truthy)))
        case .appendNoSpace:
            op = "postdot"
            value = .string(text(try current().flatMap(Self.truthy)) + a.value)
        case .prependNoSpace:
            op = "predot"
            value = .string(a.value + text(try current().flatMap(Self.truthy)))
        }
        var flag = a.flag
        if a.op == .weakDefault { flag = a.flag.map { Variable.defaultFlagPrefix + $0 } ?? Variable.defaultValue }
        if let flag {
            try store.setVarFlag(key, flag, value, origin: origin, op: op)
        } else {
            try store.setVar(key, info: a.nameInfo, value, parsing: true, origin: origin, op: op)
        }
    }

    /// Python's `x or ""`: a falsy value counts as absent.
    private static func truthy(_ v: Value) -> Value? { v.isTruthy ? v : nil }

    /// BitBake's `MethodNode`: shell, Python and anonymous functions.
    private func defineFunction(_ f: Statement.Function, file: String, line: Int, store: DataStore) throws(EvaluationError) {
        var text = f.text
        var name = f.name
        var isPython = f.isPython
        if f.name == Statement.Function.anonymousName {
            name = f.generatedName ?? Statement.Function.anonymousName(line: line, file: file)
            isPython = true
            text = "def \(name)(d):\n" + text
            try python().insertMethod(text, name: name, file: file, line: line - f.body.count - 1)
            var anonymous = try store.getVar("__BBANONFUNCS", expand: false)?.listItems ?? []
            anonymous.append(.string(name))
            try store.setVar("__BBANONFUNCS", .list(anonymous))
        }
        if try store.getVar(name, expand: false)?.isTruthy == true {
            store.delVarFlag(name, "python")
            store.delVarFlag(name, "fakeroot")
        }
        if isPython { try store.setVarFlag(name, "python", .string("1")) }
        if f.isFakeroot { try store.setVarFlag(name, "fakeroot", .string("1")) }
        try store.setVarFlag(name, "func", .int(1))
        try store.setVar(name, .string(text), parsing: true, origin: WriteOrigin(file: file, line: line))
        try store.setVarFlag(name, "filename", .string(file))
        try store.setVarFlag(name, "lineno", .string(String(line - f.body.count)))
    }

    /// BitBake's `ExportFuncsNode`: `do_x` becomes a stub calling `CLASS_do_x` unless the
    /// recipe defined its own `do_x`.
    private func exportFunctions(_ names: [String], className: String, store: DataStore) throws(EvaluationError) {
        let sentinel = "    # Export function set\n"
        for function in names {
            let called = className + "_" + function
            let base = try store.getVar(function, expand: false)
            if let base, base.isTruthy, !base.pythonString.containsText(sentinel) { continue }
            if base?.isTruthy == true {
                store.delVarFlag(function, "python")
                store.delVarFlag(function, "func")
            }
            for flag in ["func", "python"] {
                if let v = try store.getVarFlag(called, flag, expand: false), v.isTruthy {
                    try store.setVarFlag(function, flag, v)
                }
            }
            for flag in ["dirs", "cleandirs", "fakeroot"] {
                if let v = try store.getVarFlag(function, flag, expand: false), v.isTruthy {
                    try store.setVarFlag(called, flag, v)
                }
            }
            try store.setVarFlag(function, "filename", .string("autogenerated"))
            try store.setVarFlag(function, "lineno", .int(1))
            if try store.getVarFlag(called, "python", expand: false)?.isTruthy == true {
                try store.setVar(function, .string(sentinel + "    bb.build.exec_func('" + called + "', d)\n"), parsing: true)
            } else {
                if className.containsByte(UInt8(ascii: "-")) {
                    throw EvaluationError(.fatal, "The classname \(className) contains a dash character and is calling an sh "
                        + "function \(called) using EXPORT_FUNCTIONS. Since a dash is illegal in sh function names, this cannot work.")
                }
                try store.setVar(function, .string(sentinel + "    " + called + "\n"), parsing: true)
            }
        }
    }

    private func addPylib(directory: String, namespace: String, store: DataStore) throws(EvaluationError) {
        let globalModules = splitWords(try store.getVar("BB_GLOBAL_PYMODULES")?.pythonString ?? "")
        // BitBake expands the folder after importing BB_GLOBAL_PYMODULES.
        let python = try python()
        try python.importGlobalModules(globalModules)
        let dir = try store.expand(directory)
        try python.addPythonLibrary(directory: dir, namespace: namespace)
        if !pythonLibraryDirectories.contains(dir) { pythonLibraryDirectories.append(dir) }
    }
}

extension Value {
    /// The items of a Python list value (empty for anything else).
    var listItems: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }
}
