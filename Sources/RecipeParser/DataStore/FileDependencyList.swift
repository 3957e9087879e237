/// The files a parse looked at, in order and without repeats: BitBake's `__depends` list.
/// A value: BitBake's `getVar` hands out a copy of the list, so a datastore's copies (a
/// recipe's BBCLASSEXTEND variants) each extend their own.
struct FileDependencyList: Sendable {
    private(set) var paths: [String] = []
    private var seen: Set<String> = []

    mutating func append(_ path: String) {
        if seen.insert(path).inserted { paths.append(path) }
    }
}
