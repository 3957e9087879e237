/// A query that cannot be parsed or answered: what is wrong, and at which column of the text.
public struct QueryError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based column in the query text, 0 when the problem is not about one place.
    public var column: Int
    public var query: String

    public var description: String {
        var text = column > 0 ? "query:1:\(column): error: \(message)" : "query: error: \(message)"
        text += "\n    \(query)"
        if column > 0 { text += "\n    " + String(repeating: " ", count: column - 1) + "^" }
        return text
    }
}
