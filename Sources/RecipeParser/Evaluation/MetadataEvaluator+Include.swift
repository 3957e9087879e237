import BakeBasics
import Foundation

extension MetadataEvaluator {
    /// ConfHandler's `include`: each space-separated name is searched beside the including
    /// file, then along BBPATH. `failure` is the verb for the error when a file is missing
    /// (`require`); nil ignores missing files (`include`).
    func include(from parent: String, what: String, line: Int, store: DataStore, failure: String?) throws(EvaluationError) {
        let names = try store.expand(what)
        let parentFile = try store.expand(parent)
        for name in splitWords(names) {
            if parentFile == name { continue }  // a file including itself
            var path = name
            if !name.hasPrefix("/") {
                let bbpath = try store.getVar("BBPATH")?.pythonString ?? "None"
                let (found, attempts) = which(Self.dirname(parentFile) + ":" + bbpath, name)
                for a in attempts { store.markDependency(a) }
                if let found { path = found }
            }
            do {
                try handle(path, into: store, include: true)
            } catch where error.kind == .missingFile && error.location == nil {
                if let failure {
                    throw EvaluationError(.missingFile, "Could not \(failure) file \(path)")
                }
            }
        }
    }

    /// BBHandler's `inherit`: each class is looked up as `classes-<type>/NAME.bbclass`, then
    /// `classes/NAME.bbclass`, along BBPATH, and read once per datastore.
    func inherit(_ classes: String, from file: String, line: Int, store: DataStore, deferred: Bool = false) throws(EvaluationError) {
        for name in splitWords(try store.expand(classes)) {
            let deferredClasses = splitWords(try store.getVar("BB_DEFER_BBCLASSES")?.pythonString ?? "")
            if !deferred && deferredClasses.contains(name) {
                try TaskList.deferInherit(name, file: file, line: line, store: store)
                continue
            }
            let classType = try store.getVar("__bbclasstype", expand: false)?.pythonString ?? "None"
            var path = name
            for folder in ["classes-" + classType, "classes"] {
                path = name
                if !name.hasPrefix("/") && !name.hasSuffix(".bbclass") {
                    path = Self.joinPath(folder, name + ".bbclass")
                }
                if !path.hasPrefix("/") {
                    let (found, attempts) = which(try store.getVar("BBPATH")?.pythonString ?? "None", path)
                    for a in attempts where a != found { store.markDependency(a) }
                    if let found { path = found }
                }
                if exists(path) { break }
            }
            guard exists(path) else {
                throw EvaluationError(.missingFile, "Could not inherit file \(path)")
            }
            let cache = try store.getVar("__inherit_cache", expand: false)?.listItems ?? []
            if !cache.contains(.string(path)) {
                try store.setVar("__inherit_cache", .list(cache + [.string(path)]))
                try handle(path, into: store, include: true)
            }
        }
    }

    func addToInheritCache(_ path: String, store: DataStore) throws(EvaluationError) {
        let cache = try store.getVar("__inherit_cache", expand: false)?.listItems ?? []
        if !cache.contains(.string(path)) {
            try store.setVar("__inherit_cache", .list(cache + [.string(path)]))
        }
    }
}
