/// The parts of Python 3.11's `urllib.parse.urlsplit` that BitBake's `URI` class relies on:
/// scheme, network location, path, and the `hostname`/`port`/`username`/`password` views of
/// the network location. Kept literal so `FetchURL(decoding:)` matches `bb.fetch2.decodeurl`.
struct PythonURLSplit {
    var scheme = ""
    var netloc = ""
    var path = ""
    var query = ""

    init(_ url: String) {
        // Leading C0 controls and spaces are stripped; tab, CR and LF are removed anywhere.
        var text = Substring(url).drop { $0.unicodeScalars.allSatisfy { $0.value <= 0x20 } }
        var cleaned = String(text)
        cleaned.removeAll { $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        text = Substring(cleaned)

        if let colon = text.firstIndex(of: ":"), colon != text.startIndex,
            let first = text.first, first.isASCII, first.isLetter,
            text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        {
            scheme = text[..<colon].lowercased()
            text = text[text.index(after: colon)...]
        }
        if text.hasPrefix("//") {
            let rest = text.dropFirst(2)
            let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            netloc = String(rest[..<end])
            text = rest[end...]
        }
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        if let question = text.firstIndex(of: "?") {
            query = String(text[text.index(after: question)...])
            text = text[..<question]
        }
        path = String(text)
    }

    /// Raises where `urlsplit` raises for a malformed network location.
    func validateNetloc(url: String) throws {
        let open = netloc.contains("["), close = netloc.contains("]")
        if open != close { throw FetchError.malformed(url, "Invalid IPv6 URL in '\(url)'") }
        if open, let start = netloc.firstIndex(of: "[") {
            let inner = netloc[netloc.index(after: start)...].prefix { $0 != "]" }
            let valid: Bool
            if inner.first == "v" {
                let body = inner.dropFirst()
                let hex = body.prefix { $0.isHexDigit }
                valid = !hex.isEmpty && body.dropFirst(hex.count).first == "." && body.count > hex.count + 1
            } else {
                valid = inner.contains(":") && inner.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" }
            }
            if !valid { throw FetchError.malformed(url, "'\(inner)' does not appear to be an IPv4 or IPv6 address") }
        }
    }

    private var hostinfo: (host: Substring, port: Substring?) {
        let afterAt = netloc.lastIndex(of: "@").map { netloc[netloc.index(after: $0)...] } ?? Substring(netloc)
        var host: Substring
        var port: Substring
        if let open = afterAt.firstIndex(of: "[") {
            let bracketed = afterAt[afterAt.index(after: open)...]
            if let close = bracketed.firstIndex(of: "]") {
                host = bracketed[..<close]
                let tail = bracketed[bracketed.index(after: close)...]
                port = tail.firstIndex(of: ":").map { tail[tail.index(after: $0)...] } ?? ""
            } else {
                host = bracketed
                port = ""
            }
        } else if let colon = afterAt.firstIndex(of: ":") {
            host = afterAt[..<colon]
            port = afterAt[afterAt.index(after: colon)...]
        } else {
            host = afterAt
            port = ""
        }
        return (host, port.isEmpty ? nil : port)
    }

    /// `SplitResult.hostname`: lower-cased, `nil` when empty.
    func hostname() throws -> String? {
        let host = hostinfo.host
        if host.isEmpty { return nil }
        if let percent = host.firstIndex(of: "%") {
            return host[..<percent].lowercased() + host[percent...]
        }
        return host.lowercased()
    }

    /// `SplitResult.port`: an integer in 0...65535, or an error.
    func port() throws -> Int? {
        guard let text = hostinfo.port else { return nil }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) ?? (text.count > 18 ? Int.max : nil)
        else {
            throw FetchError.malformed(netloc, "Port could not be cast to integer value as '\(text)'")
        }
        guard (0...65535).contains(value) else { throw FetchError.malformed(netloc, "Port out of range 0-65535") }
        return value
    }

    var username: String? {
        guard let at = netloc.lastIndex(of: "@") else { return nil }
        let userinfo = netloc[..<at]
        return String(userinfo.prefix { $0 != ":" })
    }

    var password: String? {
        guard let at = netloc.lastIndex(of: "@") else { return nil }
        let userinfo = netloc[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return nil }
        return String(userinfo[userinfo.index(after: colon)...])
    }
}

/// Python's `urllib.parse.quote` (safe "/") and `unquote` (UTF-8, invalid bytes replaced).
enum PercentCoding {
    static func unquote(_ text: String) -> String {
        guard text.contains("%") else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func quote(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
