/// The result of expanding one value, cached per variable (BitBake's `VariableParse`).
final class Expansion {
    var value: Value?
    let unexpanded: Value?
    /// The `:remove` values that removed something, carried to the variable this one overrides.
    var removes: Set<String>?
    var references: Set<String> = []
    /// For a result that ran inline Python (itself or through what it read): the interpreter's
    /// function-definition epoch it ran under. Nil for results computed without Python.
    var pythonEpoch: Int?

    init(value: Value?, unexpanded: Value?) {
        self.value = value
        self.unexpanded = unexpanded
    }
}

/// One datastore's expansion results, each kept until something it read is written.
///
/// BitBake clears its whole expansion cache on every write, so a recipe's finalisation, which
/// interleaves thousands of writes with reads, expands the same values again and again (and
/// runs their `${@...}` Python again). bake records, while it expands a value, every variable
/// the expansion reads: through `${NAME}`, nested expansions, override selection and inline
/// Python's `d.getVar`. A write then drops the results that read the written name (or a base
/// name it overrides or appends to), and, transitively, the results that read those.
///
/// What cannot be tracked is handled conservatively:
/// - inline Python that uses the datastore other than through `getVar`/`getVarFlag`/`expand`
///   (`d.keys()`, `d.createCopy()`, ...) makes its result *volatile*: dropped by any write, as
///   in BitBake;
/// - a result of inline Python depends on the metadata functions it may call: it is valid
///   only while no `def` has been (re)defined since (the interpreter's definition epoch);
/// - a write during an expansion (inline Python calling `d.setVar`) makes every result being
///   computed volatile; a change of the active overrides drops every result that consulted
///   them (override selection, conditional `:append`/`:prepend`/`:remove`); a filter change
///   (`setVarFilter`) makes what read its base name (every expansion of `BASE:o` records one)
///   volatile: BitBake's cache keeps unfiltered values until the next write.
struct ExpansionCache {
    /// Everything the cache knows about one variable name: its results (content and flags)
    /// and the results that read it. A lookup hashes the name once, to find its node; reads,
    /// stores and invalidations then follow references.
    final class Node {
        let name: String
        var content: Expansion?
        var flags: [String: Expansion]?
        /// The results whose computation read this name.
        var readers: [Reader] = []

        init(name: String) { self.name = name }

        func result(_ flag: String) -> Expansion? { flag.isEmpty ? content : flags?[flag] }

        /// Stores or (nil) removes a result; returns the change in the number of results.
        func set(_ flag: String, _ result: Expansion?) -> Int {
            let had: Bool
            if flag.isEmpty {
                had = content != nil
                content = result
            } else {
                had = flags?[flag] != nil
                if result != nil || flags != nil { flags = flags ?? [:]; flags![flag] = result }
            }
            return (result != nil ? 1 : 0) - (had ? 1 : 0)
        }
    }

    /// A result, by node and flag. Unowned: nodes live in `nodes` until `removeAll`, which
    /// drops every node, and with them every list that refers to them, at once (and a read
    /// is never recorded for a computation begun before the last `removeAll`).
    struct Reader {
        unowned(unsafe) let node: Node
        let flag: String

        func isSame(_ node: Node, _ flag: String) -> Bool { self.node === node && self.flag == flag }
    }

    private struct Frame {
        let node: Node
        let flag: String
        var epoch: Int
        var usesPython = false
        var volatile = false
    }

    private var nodes: [String: Node] = [:]
    /// Results that read something untracked: dropped by any write.
    private var volatile: [Reader] = []
    /// Expansions being computed, innermost last.
    private var frames: [Frame] = []
    /// Bumped by `removeAll`.
    private var epoch = 0
    private var resultCount = 0
    /// Reads recorded since the last `removeAll` (bounds the reader lists' growth).
    private var recorded = 0
    /// The lengths of the names that have readers.
    private var readerLengths = LengthMask()

    static let maximumEntries = 1 << 16
    static let maximumRecordedReads = 1 << 20

    /// The node of `name`, made if needed.
    mutating func node(_ name: String) -> Node {
        if let node = nodes[name] { return node }
        let node = Node(name: name)
        nodes[name] = node
        return node
    }

    /// The stored result of `flag` ("" for the content) of `node`, if it is still valid. Its
    /// use of Python is passed on to the expansion being computed, if any.
    mutating func result(_ node: Node, _ flag: String, pythonEpoch: () -> Int) -> Expansion? {
        guard let entry = node.result(flag) else { return nil }
        if let ran = entry.pythonEpoch {
            guard ran == pythonEpoch() else { return nil }
            if !frames.isEmpty { frames[frames.count - 1].usesPython = true }
        }
        return entry
    }

    /// Records that the expansion being computed (if any) read `node`'s name.
    @inline(__always)
    mutating func read(_ node: Node) {
        guard let top = frames.last, top.epoch == epoch else { return }
        if let last = node.readers.last, last.isSame(top.node, top.flag) { return }
        recorded &+= 1
        if node.readers.isEmpty { readerLengths.insert(length: node.name.utf8.count) }
        node.readers.append(Reader(node: top.node, flag: top.flag))
    }

    /// Records that the expansion being computed (if any) read `name`.
    mutating func read(_ name: String) {
        guard !frames.isEmpty else { return }
        read(node(name))
    }

    /// A name no variable can have, read by every expansion that consults `OVERRIDES`.
    private static let overridesName = "\u{0}OVERRIDES"

    /// The expansion being computed consulted the active overrides.
    mutating func readOverrides() {
        read(Self.overridesName)
    }

    /// The active overrides changed (where BitBake clears its whole cache): drops what
    /// consulted them. A result that never did cannot depend on them.
    mutating func overridesChanged() {
        if let node = nodes[Self.overridesName] { invalidate(node) }
    }

    /// The expansion being computed used the datastore in a way `read` cannot describe.
    mutating func readUntracked() {
        if !frames.isEmpty { frames[frames.count - 1].volatile = true }
    }

    /// The expansion being computed ran inline Python.
    mutating func ranPython() {
        if !frames.isEmpty { frames[frames.count - 1].usesPython = true }
    }

    /// Starts computing `flag` of `node`, which reads its own variable first of all.
    mutating func begin(_ node: Node, _ flag: String) {
        frames.append(Frame(node: node, flag: flag, epoch: epoch))
        read(node)
    }

    /// Ends the innermost computation, storing `result` unless it can no longer be trusted.
    mutating func end(storing result: Expansion, pythonEpoch: () -> Int) {
        let frame = finish()
        // A full table starts afresh; this result's recorded reads go with it, so it is not kept.
        if resultCount >= Self.maximumEntries || recorded >= Self.maximumRecordedReads { removeAll() }
        guard frame.epoch == epoch else { return }
        result.pythonEpoch = frame.usesPython ? pythonEpoch() : nil
        resultCount += frame.node.set(frame.flag, result)
        if frame.volatile { volatile.append(Reader(node: frame.node, flag: frame.flag)) }
    }

    /// Ends the innermost computation without a result (it threw).
    mutating func abandon() {
        _ = finish()
    }

    /// Pops the innermost frame; what made it Python-dependent or volatile makes the
    /// expansion that read it so too, whether or not it is stored.
    private mutating func finish() -> Frame {
        let frame = frames.removeLast()
        if !frames.isEmpty {
            frames[frames.count - 1].usesPython = frames[frames.count - 1].usesPython || frame.usesPython
            frames[frames.count - 1].volatile = frames[frames.count - 1].volatile || frame.volatile
        }
        return frame
    }

    /// `name` (a variable, `BASE:override`, `BASE:append:o`, ...) was written: drops what
    /// read it or any base name it may override or add to.
    mutating func written(_ name: String) {
        for i in frames.indices { frames[i].volatile = true }  // computed partly before the write
        if !volatile.isEmpty {
            let dropped = volatile
            volatile.removeAll(keepingCapacity: true)
            for reader in dropped { drop(reader) }
        }
        // Most writes (statements of classes and recipes) name variables nothing has expanded
        // yet: the lengths of the names with readers rule most of them out without hashing.
        guard !readerLengths.isEmpty else { return }
        var name = name
        let utf8 = name.utf8
        if readerLengths.mayContain(length: utf8.count), let node = nodes[name] { invalidate(node) }
        // The base names it overrides or adds to: each prefix ending before a `:`.
        name.withUTF8 { bytes in
            for (length, byte) in bytes.enumerated() where byte == UInt8(ascii: ":") && readerLengths.mayContain(length: length) {
                if let node = nodes[String(decoding: UnsafeBufferPointer(rebasing: bytes[..<length]), as: UTF8.self)] {
                    invalidate(node)
                }
            }
        }
    }

    /// The filter of base name `name` changed: BitBake keeps what it already expanded until
    /// its next write, so what read `name` (or `name:o`) becomes volatile.
    mutating func filterChanged(_ name: String) {
        guard let node = nodes[name] else { return }
        volatile += node.readers
        node.readers = []
    }

    private mutating func drop(_ reader: Reader) {
        resultCount += reader.node.set(reader.flag, nil)
        invalidate(reader.node)
    }

    /// Drops every result that read `node`'s name, and what read those, transitively.
    /// Expansions still being computed may lose recorded reads here, so they become volatile.
    private mutating func invalidate(_ node: Node) {
        guard !node.readers.isEmpty else { return }
        var pending = node.readers
        node.readers = []
        for i in frames.indices { frames[i].volatile = true }
        while let reader = pending.popLast() {
            resultCount += reader.node.set(reader.flag, nil)
            if !reader.node.readers.isEmpty {
                pending.append(contentsOf: reader.node.readers)
                reader.node.readers = []
            }
        }
    }

    /// Forgets everything: what a full table does instead of growing without bound.
    mutating func removeAll() {
        volatile.removeAll()
        // Readers refer to nodes without counting: empty the lists before the nodes go.
        for node in nodes.values { node.readers = [] }
        nodes.removeAll(keepingCapacity: true)
        resultCount = 0
        recorded = 0
        readerLengths.removeAll()
        epoch &+= 1
    }
}
