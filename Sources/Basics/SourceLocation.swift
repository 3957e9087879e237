/// A place in a metadata file: the file's path and a 1-based line and column.
///
/// Column 0 means "the whole line"; BitBake itself only ever reports lines, bake adds columns
/// where the parser knows them.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        if line <= 0 { return file }
        return column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }
}
