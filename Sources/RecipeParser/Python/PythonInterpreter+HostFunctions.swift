/// Functions the program embedding the interpreter offers to metadata's Python.
///
/// The parser knows nothing of downloads or sandboxes, yet BitBake's Python API reaches them
/// (`bb.fetch2.Fetch(...).download()` in a task). The program that runs tasks registers a
/// host function per such capability; bake's `bb` package calls it by name with the `d` it
/// was given, so the function reads that very datastore (a task's local copy included).
extension PythonInterpreter {
    /// A host function: the datastore the Python caller passed, and its other arguments.
    /// Errors that Python should catch are best returned as values, since a thrown
    /// `EvaluationError` reaches Python as a generic error (or `bb.fatal` for `.fatal`).
    public typealias HostFunction = (_ store: DataStore, _ arguments: [Value]) throws(EvaluationError) -> Value

    /// Makes `body` callable from bake's Python as `bb.data_smart.host_call(d, name, ...)`.
    public func provide(_ name: String, _ body: @escaping HostFunction) {
        hostFunctions[name] = body
    }

    func callHost(_ name: String, store: DataStore, arguments: [Value]) throws(EvaluationError) -> Value {
        guard let function = hostFunctions[name] else {
            throw EvaluationError(.python, "\(name) is only available while bake runs a task")
        }
        return try function(store, arguments)
    }
}
