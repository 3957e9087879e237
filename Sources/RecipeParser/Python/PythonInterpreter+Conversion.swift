import CBakePython
import Foundation

extension PythonInterpreter {
    static func makeString(_ s: String) -> PyObjectPointer {
        var s = s
        return s.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                bake_py_string(chars.baseAddress!, chars.count) ?? bake_py_none()
            }
        }
    }

    /// The text of a Python `str`, or nil for other objects (or unencodable surrogates).
    static func string(from object: PyObjectPointer) -> String? {
        guard bake_py_is_str(object) != 0 else { return nil }
        var size = 0
        guard let utf8 = bake_py_utf8(object, &size) else {
            _ = bake_py_take_error().map { free($0) }
            return nil
        }
        return utf8.withMemoryRebound(to: UInt8.self, capacity: size) {
            String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self)
        }
    }

    /// `str(object)` or `repr(object)` as Python prints it.
    static func describe(_ object: PyObjectPointer, repr: Bool) -> String {
        guard let p = bake_py_str(object, repr ? 1 : 0) else {
            _ = bake_py_take_error().map { free($0) }
            return "<unprintable object>"
        }
        defer { free(p) }
        return String(cString: p)
    }

    /// A handle may be printed or released from any thread: each operation takes the GIL.
    static let objectOps = PythonObjectOps(
        release: { p in withGIL { bake_py_decref(OpaquePointer(p)) } },
        str: { p in withGIL { describe(OpaquePointer(p), repr: false) } },
        repr: { p in withGIL { describe(OpaquePointer(p), repr: true) } },
        truthy: { p in withGIL { bake_py_truthy(OpaquePointer(p)) == 1 } }
    )

    /// A new reference for `value`.
    func toPython(_ value: Value) -> PyObjectPointer {
        switch value {
        case .string(let s): return Self.makeString(s)
        case .none: return bake_py_none()
        case .int(let i): return bake_py_long(i)
        case .bool(let b): return bake_py_bool(b ? 1 : 0)
        case .list(let items):
            let list = bake_py_list(items.count)!
            for (i, item) in items.enumerated() { bake_py_list_set(list, i, toPython(item)) }
            return list
        case .object(let handle):
            let p = OpaquePointer(handle.pointer)
            bake_py_incref(p)
            return p
        }
    }

    /// The datastore value for a Python object (strings, numbers and lists of them are
    /// converted; anything else is kept as a Python object).
    func fromPython(_ object: PyObjectPointer) -> Value {
        if let s = Self.string(from: object) { return .string(s) }
        if bake_py_is_none(object) != 0 { return .none }
        if bake_py_is_bool(object) != 0 { return .bool(bake_py_truthy(object) == 1) }
        if bake_py_is_int(object) != 0 {
            var overflow: Int32 = 0
            let i = bake_py_as_long(object, &overflow)
            if overflow == 0 { return .int(i) }
        }
        if bake_py_is_list(object) != 0 {
            let n = bake_py_list_size(object)
            var items: [Value] = []
            items.reserveCapacity(n)
            var convertible = true
            for i in 0..<n {
                guard let element = bake_py_list_get(object, i) else { convertible = false; break }
                let item = fromPython(element)
                if case .object = item { convertible = false; break }
                items.append(item)
            }
            if convertible { return .list(items) }
        }
        bake_py_incref(object)
        return .object(PythonObjectHandle(pointer: UnsafeMutableRawPointer(object), ops: Self.objectOps))
    }

    /// The Python object standing for `store` (one per datastore while Python holds it).
    func wrap(_ store: DataStore) -> PyObjectPointer {
        if let existing = store.pythonWrapper {
            let p = OpaquePointer(existing)
            bake_py_incref(p)
            return p
        }
        store.python = self
        let retained = Unmanaged.passRetained(store).toOpaque()
        guard let object = bake_py_wrap_store(retained) else {
            Unmanaged<DataStore>.fromOpaque(retained).release()
            return bake_py_none()
        }
        store.pythonWrapper = UnsafeMutableRawPointer(object)
        return object
    }
}

/// Runs `body` holding the interpreter lock (reentrant on one thread).
func withGIL<T>(_ body: () -> T) -> T {
    let state = bake_py_gil_ensure()
    defer { bake_py_gil_release(state) }
    return body()
}

extension PythonInterpreter {
    /// A datastore as a value another datastore can hold (BitBake keeps `BB_ORIGENV` so):
    /// Python code reads it as a `d`.
    func objectValue(for store: DataStore) -> Value {
        withGIL {
            let object = wrap(store)
            defer { bake_py_decref(object) }
            return fromPython(object)
        }
    }
}
