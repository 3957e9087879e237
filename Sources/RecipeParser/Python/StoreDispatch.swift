import CBakePython

/// C entry points for `_bake.Store`: they run on the interpreter's thread with the GIL held.
let storeDispatch: bake_store_call_fn = { storePointer, op, args, _ in
    let store = Unmanaged<DataStore>.fromOpaque(storePointer).takeUnretainedValue()
    guard let interpreter = PythonInterpreter.current, let operation = StoreOperation(rawValue: op) else {
        bake_py_raise(3, "unknown datastore operation \(op)")
        return nil
    }
    do throws(EvaluationError) {
        return try interpreter.perform(operation, on: store, args)
    } catch {
        let kind: Int32 = switch error.kind {
        case .expansion: 0
        case .skipRecipe: 1
        case .fatal: 2
        default: 3
        }
        bake_py_raise(kind, error.description)
        return nil
    }
}

let storeCreate: bake_store_create_fn = { wrapper in
    let store = DataStore()
    store.python = PythonInterpreter.current
    store.pythonWrapper = UnsafeMutableRawPointer(wrapper)
    return Unmanaged.passRetained(store).toOpaque()
}

let storeRelease: bake_store_release_fn = { storePointer in
    let unmanaged = Unmanaged<DataStore>.fromOpaque(storePointer)
    unmanaged.takeUnretainedValue().pythonWrapper = nil
    unmanaged.release()
}

extension PythonInterpreter {
    static func callerOrigin() -> WriteOrigin? {
        var buffer = [CChar](repeating: 0, count: 4096)
        var line: Int32 = 0
        guard bake_py_caller(&buffer, buffer.count, &line) == 1 else { return nil }
        return WriteOrigin(file: String(cString: buffer), line: Int(line))
    }

    func perform(_ op: StoreOperation, on store: DataStore, _ args: PyObjectPointer) throws(EvaluationError) -> PyObjectPointer {
        // args[0] is the operation number; its arguments follow.
        let count = bake_py_tuple_size(args) - 1
        func arg(_ i: Int) -> PyObjectPointer? { i < count ? bake_py_tuple_get(args, i + 1) : nil }
        func text(_ i: Int) throws(EvaluationError) -> String {
            guard let a = arg(i) else { throw EvaluationError(.python, "TypeError: missing argument") }
            if let s = Self.string(from: a) { return s }
            return Self.describe(a, repr: false)
        }
        func flag(_ i: Int, _ defaultValue: Bool) -> Bool {
            guard let a = arg(i) else { return defaultValue }
            return bake_py_truthy(a) == 1
        }
        func value(_ i: Int) -> Value { arg(i).map(fromPython) ?? .none }
        func result(_ v: Value?) -> PyObjectPointer { v.map(toPython) ?? bake_py_none() }
        // History (for -e) names the metadata line that called; only looked up when tracking.
        let origin: WriteOrigin? = store.isTracking ? Self.callerOrigin() : nil
        // Inline Python's reads through getVar/getVarFlag/expand/`in` are recorded by the
        // lookups themselves; any other use makes the expansion running it volatile.
        switch op {
        case .getVar, .getVarFlag, .expand, .contains, .inheritsClass: break
        case .getVarFlags, .hasOverrides: store.expansions.read(try text(0))
        default: store.expansions.readUntracked()
        }

        switch op {
        case .getVar:
            return result(try store.getVar(try text(0), expand: flag(1, true), noWeakDefault: flag(2, false), parsing: flag(3, false)))
        case .setVar:
            try store.setVar(try text(0), value(1), parsing: flag(2, false), origin: origin)
        case .getVarFlag:
            return result(try store.getVarFlag(try text(0), try text(1), expand: flag(2, true), noWeakDefault: flag(3, false), parsing: flag(4, false)))
        case .setVarFlag:
            try store.setVarFlag(try text(0), try text(1), value(2), origin: origin)
        case .delVar:
            store.delVar(try text(0), origin: origin)
        case .delVarFlag:
            store.delVarFlag(try text(0), try text(1), origin: origin)
        case .appendVar:
            try store.appendVar(try text(0), value(1), origin: origin)
        case .prependVar:
            try store.prependVar(try text(0), value(1), origin: origin)
        case .appendVarFlag:
            try store.appendVarFlag(try text(0), try text(1), value(2), origin: origin)
        case .prependVarFlag:
            try store.prependVarFlag(try text(0), try text(1), value(2), origin: origin)
        case .renameVar:
            try store.renameVar(try text(0), to: try text(1), origin: origin)
        case .getVarFlags:
            var expand: Set<String> = []
            if case .list(let names) = value(1) { expand = Set(names.compactMap(\.stringValue)) }
            guard let flags = try store.getVarFlags(try text(0), expand: expand, internalFlags: flag(2, false)) else {
                return bake_py_none()
            }
            let dict = bake_py_dict()!
            for (name, v) in flags {
                let key = Self.makeString(name), item = toPython(v)
                bake_py_dict_set(dict, key, item)
                bake_py_decref(key)
                bake_py_decref(item)
            }
            return dict
        case .setVarFlags:
            var flags: [(String, Value)] = []
            if let dict = arg(1), bake_py_is_dict(dict) != 0 {
                var position = 0
                var key: PyObjectPointer?, item: PyObjectPointer?
                while bake_py_dict_next(dict, &position, &key, &item) != 0 {
                    if let key, let item, let name = Self.string(from: key) { flags.append((name, fromPython(item))) }
                }
            }
            store.setVarFlags(try text(0), flags)
        case .delVarFlags:
            store.delVarFlags(try text(0))
        case .expand:
            guard let a = arg(0) else { return bake_py_none() }
            let v = fromPython(a)
            guard case .string(let s) = v else { return toPython(v) }
            let name = arg(1).flatMap { Self.string(from: $0) }
            return Self.makeString(try store.expand(s, variable: name))
        case .keys:
            return result(.list(try store.keys().map(Value.string)))
        case .inheritsClass:
            guard let inherits = try store.inheritsClass(try text(0)) else { return bake_py_none() }
            return bake_py_bool(inherits ? 1 : 0)
        case .keysWithFlag:
            return result(.list(try store.keys(withFlag: try text(0)).map(Value.string)))
        case .localKeys:
            return result(.list(store.localNames.map(Value.string)))
        case .createCopy:
            return wrap(store.createCopy())
        case .contains:
            return bake_py_bool(try store.contains(try text(0)) ? 1 : 0)
        case .setVarFilter:
            let expression = value(1)
            store.setVarFilter(try text(0), expression.isTruthy ? expression.pythonString : nil)
        case .markDependency:
            store.markDependency(try text(0))
        case .fileDependencies:
            return result(.list(store.fileDependencies.map(Value.string)))
        case .hostCall:
            var arguments: [Value] = []
            if case .list(let items) = value(1) { arguments = items }
            return result(try callHost(try text(0), store: store, arguments: arguments))
        case .hasOverrides:
            return bake_py_bool(store.overrideData[try text(0)] != nil ? 1 : 0)
        case .history:
            let list = bake_py_list(0)!
            for event in store.history(of: try text(0)) {
                let dict = bake_py_dict()!
                for (k, v) in [("op", Value.string(event.op)), ("file", .string(event.file)), ("line", .int(event.line)),
                               ("detail", .string(event.detail))] + (event.flag.map { [("flag", Value.string($0))] } ?? []) {
                    let key = Self.makeString(k), item = toPython(v)
                    bake_py_dict_set(dict, key, item)
                    bake_py_decref(key)
                    bake_py_decref(item)
                }
                bake_py_list_append(list, dict)
                bake_py_decref(dict)
            }
            return list
        }
        return bake_py_none()
    }
}
