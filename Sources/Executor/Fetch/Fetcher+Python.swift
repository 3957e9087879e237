public import BakeRecipeParser
import Foundation

extension Fetcher {
    /// Offers this fetcher to metadata's Python as `bb.fetch2.Fetch(...).download()` and
    /// `.unpack(root)`: what a task's Python (OE-core's `base_do_fetch`/`base_do_unpack`) calls.
    /// The fetcher reads the `d` the Python code passed, so a task's local changes count.
    /// A fetch failure comes back to Python as `[code, message, url]`, which bake's `bb.fetch2`
    /// raises as the matching BitBake exception (`FetchError`, `ChecksumError`, ...), so
    /// metadata that catches them behaves as under BitBake.
    public static func provide(to python: PythonInterpreter) {
        python.provide("fetch.download") { store, arguments throws(EvaluationError) in
            try run(store, arguments) { fetcher in try fetcher.fetch() }
        }
        python.provide("fetch.unpack") { store, arguments throws(EvaluationError) in
            guard arguments.count >= 2, let root = arguments[1].stringValue else {
                throw EvaluationError(.python, "TypeError: unpack() needs the directory to unpack into")
            }
            return try run(store, arguments) { fetcher in try fetcher.unpack(into: root) }
        }
    }

    private static func run(
        _ store: DataStore, _ arguments: [Value], _ body: (Fetcher) throws -> Void
    ) throws(EvaluationError) -> Value {
        var urls: [String] = []
        if case .list(let items)? = arguments.first { urls = items.compactMap(\.stringValue) }
        do {
            try body(try Fetcher(urls: urls, context: FetchContext(store)))
            return .none
        } catch let error as FetchError {
            return .list([.string(error.code.description), .string(error.message), error.url.map(Value.string) ?? .none])
        } catch let error as EvaluationError {
            throw error
        } catch {
            return .list([.string(FetchError.Code.fetchFailed.description), .string("Fetcher failure: \(error)"), .none])
        }
    }
}

extension FetchContext {
    /// Reads a datastore as `d.getVar(name)` / `d.getVarFlag(name, flag)` do (expanded).
    /// Messages go to standard error, which is the task's log.
    ///
    /// Unchecked sendability: the store is used only on the thread that runs the task's
    /// Python, during the synchronous fetch call that created this context.
    public init(_ store: DataStore) {
        nonisolated(unsafe) let store = store
        self.init(
            variable: { name in text(try? store.getVar(name)) },
            flag: { name, flag in text(try? store.getVarFlag(name, flag)) },
            log: { message in FileHandle.standardError.write(Data((message + "\n").utf8)) })
    }
}

/// A variable's text, nil when unset or None.
private func text(_ value: Value??) -> String? {
    guard let value = value ?? nil else { return nil }
    if case .none = value { return nil }
    return value.pythonString
}
