import BakeBasics
import CBakePython
import Foundation

typealias PyObjectPointer = OpaquePointer

/// The embedded CPython that runs the Python found in metadata.
///
/// There is one per process (CPython cannot be started twice) and it is used from one thread:
/// the parser is single-threaded per process, and parallel parsing uses worker processes.
public final class PythonInterpreter: InlinePythonEvaluator {
    // Unsafe is sound here: CPython is driven from one thread per process (it holds the GIL
    // from initialisation on), and the C callbacks need a global way back to the interpreter.
    nonisolated(unsafe) static var current: PythonInterpreter?

    private let evalInlineFunction: PyObjectPointer
    private let insertMethodFunction: PyObjectPointer
    private let runFunctionsFunction: PyObjectPointer
    private let fireEventFunction: PyObjectPointer
    private let saveHandlersFunction: PyObjectPointer
    private let restoreHandlersFunction: PyObjectPointer
    private let registerHandlersFunction: PyObjectPointer
    /// Where messages from `bb.note/warn/...` go. `bb.fatal` text is not printed: it becomes
    /// the message of the diagnostic that stops the parse.
    public var messageHandler: (String, String) -> Void = { level, text in
        let shown = ["note": "NOTE", "warn": "WARNING", "error": "ERROR", "plain": "", "debug": "DEBUG",
                     "verbnote": "NOTE"][level] ?? level.uppercased()
        let line = (shown.isEmpty ? text : "\(shown): \(text)") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
    /// Which source each metadata function name was last defined from.
    private var installedMethods: [String: MethodKey] = [:]
    /// Bumped whenever `insertMethod` executes a `def` (see `InlinePythonEvaluator`).
    public private(set) var definitionEpoch = 0
    /// The last `bb.fatal` message, for the BBHandledException that follows it.
    private var lastFatal = ""
    /// What `provide(_:_:)` registered, by name.
    var hostFunctions: [String: HostFunction] = [:]

    func receive(level: String, text: String) {
        if level == "fatal" {
            lastFatal = text
        } else {
            messageHandler(level, text)
        }
    }

    /// Starts (once) and returns the process's interpreter.
    public static func shared() throws(EvaluationError) -> PythonInterpreter {
        startup.lock()
        defer { startup.unlock() }
        if let current { return current }
        let interpreter = try PythonInterpreter()
        current = interpreter
        return interpreter
    }

    /// Two threads asking for Python at once must not both start it.
    private static let startup = NSLock()

    /// The folder holding bake's `bb` package and `bake_host.py`.
    static var pythonDirectory: String {
        if let override = ProcessInfo.processInfo.environment["BAKE_PYTHON_DIR"] { return override }
        return Bundle.module.bundleURL.appendingPathComponent("python").path
    }

    /// `$XDG_CACHE_HOME/bake/pycache` (or `~/.cache/...`): compiled bytecode of bake's own
    /// Python, so that startup does not recompile it.
    static var bytecodeCache: String? {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/bake/pycache" }
        if let home = env["HOME"], !home.isEmpty { return home + "/.cache/bake/pycache" }
        return nil
    }

    private init() throws(EvaluationError) {
        bake_py_set_callbacks(storeDispatch, storeCreate, storeRelease)
        guard bake_py_initialize(Self.bytecodeCache) == 0 else {
            throw EvaluationError(.python, "could not start the embedded Python interpreter")
        }
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        bake_py_prepend_path(Self.pythonDirectory)
        guard let host = bake_py_import("bake_host") else {
            let error = bake_py_take_error().map { p in defer { free(p) }; return String(cString: p) } ?? "unknown error"
            throw EvaluationError(.python, "could not load bake's Python support from \(Self.pythonDirectory): \(error)")
        }
        func attribute(_ name: String) throws(EvaluationError) -> PyObjectPointer {
            guard let f = bake_py_getattr(host, name) else {
                throw EvaluationError(.python, "bake_host.\(name) is missing")
            }
            return f
        }
        evalInlineFunction = try attribute("eval_inline")
        insertMethodFunction = try attribute("insert_method")
        runFunctionsFunction = try attribute("run_functions")
        fireEventFunction = try attribute("fire_event")
        saveHandlersFunction = try attribute("save_handlers")
        restoreHandlersFunction = try attribute("restore_handlers")
        registerHandlersFunction = try attribute("register_handlers")
        installMessageSink()
    }

    // MARK: Calls into Python

    public func evaluateInline(_ code: String, variable: String?, store: DataStore) throws(InlinePythonFailure) -> String {
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        let result = call(evalInlineFunction, [Self.makeString(code), variable.map(Self.makeString) ?? bake_py_none(), wrap(store)])
        defer { bake_py_decref(result) }
        switch status(of: result) {
        case .success(let value): return value.flatMap { Self.string(from: $0) } ?? ""
        case .failure(let error):
            if error.kind == .syntax { throw .unterminatedString }
            throw .error(error)
        }
    }

    /// Defines a metadata function in the shared Python context (BitBake's method pool).
    ///
    /// BitBake executes the `def` again for every recipe that reaches it. Executing the same
    /// source again only rebinds the name to an equivalent function, so bake skips it when the
    /// name's current definition came from the same text, file and line; a different
    /// definition of the name in between (two classes defining one helper) is executed again.
    public func insertMethod(_ text: String, name: String, file: String, line: Int) throws(EvaluationError) {
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        let key = MethodKey(text: text, file: file, line: line)
        if installedMethods[name] == key { return }
        let result = call(insertMethodFunction, [Self.makeString(text), Self.makeString(file), bake_py_long(line)])
        defer { bake_py_decref(result) }
        definitionEpoch &+= 1
        if case .failure(let error) = status(of: result) { throw error }
        installedMethods[name] = key
    }

    private struct MethodKey: Equatable {
        var text: String
        var file: String
        var line: Int
    }

    /// Calls each named function of the shared context with `d`.
    public func runFunctions(_ names: [String], store: DataStore) throws(EvaluationError) {
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        let list = bake_py_list(0)!
        for name in names {
            let s = Self.makeString(name)
            bake_py_list_append(list, s)
            bake_py_decref(s)
        }
        let result = call(runFunctionsFunction, [list, wrap(store)])
        defer { bake_py_decref(result) }
        if case .failure(let error) = status(of: result) { throw error }
    }

    /// A recipe event handler registered with `addhandler`.
    public struct Handler {
        public var name: String
        public var code: String
        public var mask: String
        public var file: String
        public var line: Int
    }

    /// The registered event handlers, to hand back to `restoreHandlers` (new reference).
    func saveHandlers() throws(EvaluationError) -> PyObjectPointer {
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        let result = call(saveHandlersFunction, [])
        switch status(of: result) {
        case .success(let saved?):
            bake_py_incref(saved)
            bake_py_decref(result)
            return saved
        case .success(nil):
            bake_py_decref(result)
            throw EvaluationError(.python, "internal error: no handler table")
        case .failure(let error):
            bake_py_decref(result)
            throw error
        }
    }

    /// Puts back the handler table from `saveHandlers` (consuming the reference), or an empty
    /// table for nil.
    func restoreHandlers(_ saved: PyObjectPointer?) {
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        bake_py_decref(call(restoreHandlersFunction, [saved ?? bake_py_dict()!]))
    }

    /// `bb.event.register` for the recipe's handlers.
    func registerHandlers(_ handlers: [Handler], store: DataStore) throws(EvaluationError) {
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        let list = bake_py_list(0)!
        for h in handlers {
            let t = bake_py_tuple(5)!
            bake_py_tuple_set(t, 0, Self.makeString(h.name))
            bake_py_tuple_set(t, 1, Self.makeString(h.code))
            bake_py_tuple_set(t, 2, Self.makeString(h.mask))
            bake_py_tuple_set(t, 3, Self.makeString(h.file))
            bake_py_tuple_set(t, 4, bake_py_long(h.line))
            bake_py_list_append(list, t)
            bake_py_decref(t)
        }
        let result = call(registerHandlersFunction, [list, wrap(store)])
        defer { bake_py_decref(result) }
        if case .failure(let error) = status(of: result) { throw error }
    }

    /// Fires a parse-time event (`RecipePreFinalise`, ...) through `bb.event.fire`.
    public func fireEvent(_ event: String, arguments: [Value], store: DataStore) throws(EvaluationError) {
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        let args = bake_py_tuple(arguments.count)!
        for (i, a) in arguments.enumerated() { bake_py_tuple_set(args, i, toPython(a)) }
        let result = call(fireEventFunction, [Self.makeString(event), args, wrap(store)])
        defer { bake_py_decref(result) }
        if case .failure(let error) = status(of: result) { throw error }
    }

    /// Calls `function` with `arguments` (new references, consumed).
    private func call(_ function: PyObjectPointer, _ arguments: [PyObjectPointer]) -> PyObjectPointer? {
        let tuple = bake_py_tuple(arguments.count)!
        for (i, a) in arguments.enumerated() { bake_py_tuple_set(tuple, i, a) }
        defer { bake_py_decref(tuple) }
        return bake_py_call(function, tuple)
    }

    /// Decodes bake_host's `(status, value-or-message[, file, line])` tuples.
    private func status(of result: PyObjectPointer?) -> Result<PyObjectPointer?, EvaluationError> {
        guard let result, bake_py_is_tuple(result) != 0, bake_py_tuple_size(result) >= 2 else {
            let message = bake_py_take_error().map { p in defer { free(p) }; return String(cString: p) } ?? "bad result"
            return .failure(EvaluationError(.python, "internal error in bake's Python glue: \(message)"))
        }
        var overflow: Int32 = 0
        let code = bake_py_tuple_get(result, 0).map { bake_py_as_long($0, &overflow) } ?? 5
        let payload = bake_py_tuple_get(result, 1)
        if code == 0 { return .success(payload) }
        var message = payload.flatMap { Self.string(from: $0) } ?? ""
        if code == 3, message.isEmpty { message = lastFatal }
        var location: SourceLocation?
        if bake_py_tuple_size(result) >= 4, let file = bake_py_tuple_get(result, 2).flatMap({ Self.string(from: $0) }), !file.isEmpty {
            location = SourceLocation(file: file, line: bake_py_tuple_get(result, 3).map { bake_py_as_long($0, &overflow) } ?? 0)
        }
        let kind: EvaluationError.Kind = switch code {
        case 1: .syntax  // only `${@...}` reports this: an unterminated string, left unexpanded
        case 2: .skipRecipe
        case 3: .fatal
        case 4: .expansion
        default: .python
        }
        return .failure(EvaluationError(kind, message, location: location))
    }

    // MARK: Messages

    private func installMessageSink() {
        guard let bb = bake_py_import("bb") else {
            bake_py_clear_error()
            return
        }
        defer { bake_py_decref(bb) }
        let sink = bake_py_message_sink { level, text in
            PythonInterpreter.current?.receive(level: String(cString: level), text: String(cString: text))
        }
        if let sink {
            bake_py_setattr(bb, "_msg_sink", sink)
            bake_py_decref(sink)
        }
    }
}

extension PythonInterpreter {
    /// `addpylib DIR NAMESPACE`: makes a layer's Python library importable and visible to
    /// metadata code under its namespace.
    /// `BB_GLOBAL_PYMODULES` (oe-core: os sys time): modules made globals of metadata Python
    /// when a layer adds a Python library, as BitBake's PyLibNode does.
    func importGlobalModules(_ modules: [String]) throws(EvaluationError) {
        guard !modules.isEmpty else { return }
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        let script = """
        import bb.utils
        _context = bb.utils.get_context()
        for _name in \(Value.list(modules.map(Value.string)).pythonRepr):
            if _name not in _context:
                _context[_name] = __import__(_name)
        """
        if bake_py_run(script) != 0 {
            throw EvaluationError(.python, "could not import BB_GLOBAL_PYMODULES \(modules.joined(separator: " "))")
        }
    }

    public func addPythonLibrary(directory: String, namespace: String) throws(EvaluationError) {
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        // As BitBake's PyLibNode: the namespace and every module its BBIMPORTS lists become
        // globals of metadata Python.
        let script = """
        import sys, bb.utils
        if \(Value.pythonQuoted(directory)) not in sys.path:
            sys.path.append(\(Value.pythonQuoted(directory)))
        _context = bb.utils.get_context()
        _context[\(Value.pythonQuoted(namespace))] = __import__(\(Value.pythonQuoted(namespace)))
        for _name in getattr(_context[\(Value.pythonQuoted(namespace))], "BBIMPORTS", []):
            _context[\(Value.pythonQuoted(namespace))] = __import__(\(Value.pythonQuoted(namespace)) + "." + _name)
        """
        if bake_py_run(script) != 0 {
            throw EvaluationError(.python, "could not import Python library \(namespace) from \(directory)")
        }
    }
}
