/// A query over the task graph, in the spirit of `bazel query`:
///
///     expr := term (("+" | "-" | "^") term)*      union, difference, intersection
///     term := NAME "(" expr ["," expr | "," NUMBER] ")" | PATTERN | "(" expr ")"
///
/// Functions: `deps(x[, depth])` (x and everything it needs), `rdeps(x[, depth])` (x and
/// everything that needs it), `somepath(a, b)` (one dependency path from a to b),
/// `allpaths(a, b)` (every task on some path from a to b). A pattern names tasks as
/// `recipe:do_task`, with `*` matching any run of characters (`zlib:*`, `*:do_fetch`).
public indirect enum QueryExpression: Equatable, Sendable {
    case pattern(String)
    case deps(QueryExpression, depth: Int?)
    case rdeps(QueryExpression, depth: Int?)
    case somepath(QueryExpression, QueryExpression)
    case allpaths(QueryExpression, QueryExpression)
    case union(QueryExpression, QueryExpression)
    case difference(QueryExpression, QueryExpression)
    case intersection(QueryExpression, QueryExpression)
}
