import Foundation

/// One problem found while reading or evaluating metadata.
public struct Diagnostic: Sendable, Error, CustomStringConvertible {
    public enum Level: String, Sendable {
        case error, warning, note
    }

    /// What went wrong, so that callers (and tests) can tell problems apart without parsing text.
    public enum Kind: String, Sendable {
        case syntax            // a line BitBake cannot parse
        case missingFile       // require/inherit of a file that does not exist
        case expansion         // ${...} or ${@...} failed
        case python            // a Python exception in metadata code
        case fatal             // bb.fatal() or an equivalent BitBake refusal
        case io                // reading a file failed
        case usage             // the caller asked for something impossible
        case layers            // the layer configuration (bblayers.conf, layer.conf, collections)
    }

    public var level: Level
    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    /// The offending source line, echoed under the message with a caret.
    public var sourceLine: String?

    public init(
        _ level: Level, _ kind: Kind, _ message: String,
        at location: SourceLocation? = nil, sourceLine: String? = nil
    ) {
        self.level = level
        self.kind = kind
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
    }

    public static func error(
        _ kind: Kind, _ message: String, at location: SourceLocation? = nil, sourceLine: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, kind, message, at: location, sourceLine: sourceLine)
    }

    /// The same diagnostic with the offending line read from its file, when it names a line
    /// but carries no text (errors raised by Python code know only file and line); the caret
    /// goes under the line's first non-blank character.
    public func withSourceLineFromFile() -> Diagnostic {
        guard sourceLine == nil, let location, location.line > 0,
              let data = FileManager.default.contents(atPath: location.file),
              let text = String(data: data, encoding: .utf8) else { return self }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line <= lines.count else { return self }
        var copy = self
        let line = String(lines[location.line - 1]).trimmingTrailingCarriageReturn()
        copy.sourceLine = line
        if location.column == 0 {
            copy.location?.column = (line.firstIndex { $0 != " " && $0 != "\t" }.map { line.distance(from: line.startIndex, to: $0) } ?? 0) + 1
        }
        return copy
    }

    /// `file:line:col: error: message`, then the source line and a caret under the column.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(level.rawValue): \(message)"
        if let sourceLine {
            let shown = sourceLine.count > 200 ? String(sourceLine.prefix(200)) + "..." : sourceLine
            text += "\n    \(shown)"
            if let column = location?.column, column > 0, column <= shown.count + 1 {
                text += "\n    " + String(repeating: " ", count: column - 1) + "^"
            }
        }
        return text
    }
}

extension String {
    func trimmingTrailingCarriageReturn() -> String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}
