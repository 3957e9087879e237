import Foundation

/// The variables a fetch reads, behind two lookups so the fetcher does not depend on the
/// datastore: `variable(name)` is `d.getVar(name)` (expanded), `flag(name, flag)` is
/// `d.getVarFlag(name, flag)`.
public struct FetchContext: Sendable {
    public var variable: @Sendable (String) -> String?
    public var flag: @Sendable (String, String) -> String?
    /// Where warnings and notes go (BitBake's `logger.warning`/`bb.note`).
    public var log: @Sendable (String) -> Void

    public init(
        variable: @escaping @Sendable (String) -> String?,
        flag: @escaping @Sendable (String, String) -> String? = { _, _ in nil },
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.variable = variable
        self.flag = flag
        self.log = log
    }

    func value(_ name: String) -> String? {
        guard let value = variable(name), !value.isEmpty else { return nil }
        return value
    }

    /// `DL_DIR`, which every downloading fetcher needs.
    func downloadDirectory(for url: String) throws -> String {
        guard let dir = value("DL_DIR") else {
            throw FetchError(.missingParameter, "DL_DIR is not set; it is needed to fetch \(url)", url: url)
        }
        return dir
    }

    /// `bb.utils.to_boolean` of a variable.
    func boolean(_ name: String) throws -> Bool {
        try Self.toBoolean(value(name), default: false, what: name)
    }

    /// `bb.utils.to_boolean`: y/yes/1/true and n/no/0/false, any case; empty gives `default`.
    static func toBoolean(_ text: String?, default fallback: Bool, what: String) throws -> Bool {
        guard let text, !text.isEmpty else { return fallback }
        switch text.lowercased() {
        case "y", "yes", "1", "true": return true
        case "n", "no", "0", "false": return false
        default: throw FetchError(.invalidParameter, "Invalid value for \(what): \(text)")
        }
    }

    /// `oe.types.boolean`, which also takes t/f and on/off.
    static func oeBoolean(_ text: String, what: String) throws -> Bool {
        switch text.lowercased() {
        case "y", "yes", "1", "true", "t", "on": return true
        case "n", "no", "0", "false", "f", "off": return false
        default: throw FetchError(.invalidParameter, "Invalid boolean value '\(text)' for \(what)")
        }
    }
}
