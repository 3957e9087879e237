#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BuildProgress.Style {
    /// `.terminal` with the window's size when `fileDescriptor` is a terminal (and `TERM` is
    /// not `dumb`), else `.plain`, as knotty chooses between its footer and plain lines.
    /// - Parameter fileDescriptor: where progress goes; 1 is standard output.
    public static func detect(fileDescriptor: Int32 = 1) -> Self {
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard isatty(fileDescriptor) == 1, !term.isEmpty, term != "dumb" else { return .plain }
        var size = winsize()
        // ioctl(TIOCGWINSZ): rows and columns; a terminal that reports none gets knotty's 25x80.
        if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 {
            return .terminal(rows: Int(size.ws_row), columns: Int(size.ws_col))
        }
        return .terminal(rows: 25, columns: 80)
    }
}

extension BuildProgress {
    /// Writes straight to file descriptor 1 (no stdio buffer), so the footer appears at once.
    public static let standardOutput: @Sendable (String) -> Void = { text in writeAll(text, to: 1) }
}

/// write(2) until every byte is out, retrying EINTR. A closed terminal or pipe ends the
/// attempt quietly: progress output is not worth failing a build over.
private func writeAll(_ text: String, to fileDescriptor: Int32) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(fileDescriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        bytes = bytes.dropFirst(written)
    }
}
