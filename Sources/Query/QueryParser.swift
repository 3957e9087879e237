/// Reads the query language of `QueryExpression` (recursive descent over characters).
public struct QueryParser {
    private let text: [Character]
    private let source: String
    private var position = 0

    public static func parse(_ query: String) throws(QueryError) -> QueryExpression {
        var parser = QueryParser(query)
        let expression = try parser.expression()
        parser.skipSpaces()
        guard parser.position == parser.text.count else {
            throw parser.error("unexpected '\(parser.text[parser.position])'")
        }
        return expression
    }

    private init(_ query: String) {
        text = Array(query)
        source = query
    }

    private func error(_ message: String, at column: Int? = nil) -> QueryError {
        QueryError(message: message, column: (column ?? position) + 1, query: source)
    }

    private mutating func skipSpaces() {
        while position < text.count, text[position].isWhitespace { position += 1 }
    }

    private mutating func expression() throws(QueryError) -> QueryExpression {
        var left = try term()
        while true {
            skipSpaces()
            guard position < text.count, "+-^".contains(text[position]) else { return left }
            let op = text[position]
            position += 1
            let right = try term()
            left = switch op {
            case "+": .union(left, right)
            case "-": .difference(left, right)
            default: .intersection(left, right)
            }
        }
    }

    private mutating func word() -> String {
        let start = position
        // Recipe names carry '-' and '+' (gcc-cross, libstdc++): inside a word they belong to
        // it; an operator needs spaces around it, as in `a - b`.
        while position < text.count {
            let c = text[position]
            if c.isLetter || c.isNumber || "_.:*/@~".contains(c) {
                position += 1
            } else if "-+".contains(c), position > start, position + 1 < text.count,
                      !text[position + 1].isWhitespace, text[position + 1] != "(" {
                position += 1
            } else {
                break
            }
        }
        return String(text[start..<position])
    }

    private mutating func expect(_ c: Character) throws(QueryError) {
        skipSpaces()
        guard position < text.count, text[position] == c else {
            throw error(position < text.count ? "expected '\(c)', found '\(text[position])'" : "expected '\(c)' at the end")
        }
        position += 1
    }

    private mutating func term() throws(QueryError) -> QueryExpression {
        skipSpaces()
        guard position < text.count else { throw error("expected a pattern or a function at the end") }
        if text[position] == "(" {
            position += 1
            let inner = try expression()
            try expect(")")
            return inner
        }
        let start = position
        let name = word()
        guard !name.isEmpty else { throw error("expected a pattern or a function, found '\(text[position])'") }
        skipSpaces()
        guard position < text.count, text[position] == "(" else { return .pattern(name) }
        position += 1
        switch name {
        case "deps", "rdeps":
            let argument = try expression()
            var depth: Int?
            skipSpaces()
            if position < text.count, text[position] == "," {
                position += 1
                skipSpaces()
                let digitsStart = position
                while position < text.count, text[position].isNumber { position += 1 }
                guard let value = Int(String(text[digitsStart..<position])), value >= 0 else {
                    throw error("expected a depth (a whole number)", at: digitsStart)
                }
                depth = value
            }
            try expect(")")
            return name == "deps" ? .deps(argument, depth: depth) : .rdeps(argument, depth: depth)
        case "somepath", "allpaths":
            let from = try expression()
            try expect(",")
            let to = try expression()
            try expect(")")
            return name == "somepath" ? .somepath(from, to) : .allpaths(from, to)
        default:
            throw error("unknown function '\(name)' (deps, rdeps, somepath, allpaths)", at: start)
        }
    }
}
