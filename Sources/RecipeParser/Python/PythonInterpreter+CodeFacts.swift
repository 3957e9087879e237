import BakeBasics
import CBakePython
import Foundation
import Synchronization

extension PythonInterpreter {
    /// Facts already found, by source text: a recipe's functions are analysed once per process
    /// however many recipes share them (BitBake's code parser cache).
    private static let codeFactsCache = Mutex<[String: PythonCodeFacts]>([:])

    /// Analyses Python code (a function body or a `${@...}` expression) with Python's `ast`.
    ///
    /// - Parameters:
    ///   - code: the source, indented or not.
    ///   - file: where it was defined, for the error location.
    ///   - line: the line it starts on (0 when unknown).
    /// - Returns: the variables, flags and functions it refers to.
    /// - Throws: `EvaluationError` of kind `.python` when the code does not compile.
    public func codeFacts(of code: String, file: String? = nil, line: Int = 0) throws(EvaluationError) -> PythonCodeFacts {
        if let cached = Self.codeFactsCache.withLock({ $0[code] }) { return cached }
        let gil = bake_py_gil_ensure()
        defer { bake_py_gil_release(gil) }
        guard let module = bake_py_import("bake_codefacts") else {
            throw EvaluationError(.python, "could not load bake_codefacts: \(Self.takeErrorText())")
        }
        defer { bake_py_decref(module) }
        guard let analyse = bake_py_getattr(module, "analyse") else {
            throw EvaluationError(.python, "bake_codefacts.analyse is missing")
        }
        defer { bake_py_decref(analyse) }
        let arguments = bake_py_tuple(3)!
        defer { bake_py_decref(arguments) }
        bake_py_tuple_set(arguments, 0, Self.makeString(code))
        bake_py_tuple_set(arguments, 1, Self.makeString(file ?? "<string>"))
        bake_py_tuple_set(arguments, 2, bake_py_long(line))
        guard let result = bake_py_call(analyse, arguments) else {
            throw EvaluationError(
                .python, "cannot analyse Python code: \(Self.takeErrorText())",
                location: file.map { SourceLocation(file: $0, line: line) })
        }
        defer { bake_py_decref(result) }
        guard let json = Self.string(from: result),
              let facts = try? JSONDecoder().decode(PythonCodeFacts.self, from: Data(json.utf8)) else {
            throw EvaluationError(.python, "internal error: bake_codefacts.analyse returned no facts")
        }
        Self.codeFactsCache.withLock { $0[code] = facts }
        return facts
    }

    private static func takeErrorText() -> String {
        bake_py_take_error().map { p in defer { free(p) }; return String(cString: p) } ?? "unknown error"
    }
}
