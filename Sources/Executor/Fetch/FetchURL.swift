import Foundation

/// A SRC_URI entry split into BitBake's six tokens: type, host, path, user, password, parameters.
///
/// `init(decoding:)` reproduces `bb.fetch2.decodeurl` (its `URI` class over Python's
/// `urllib.parse.urlparse`), `init(decodingMirror:)` reproduces `decodemirrorurl` (the regular
/// expression used for PREMIRRORS/MIRRORS rewriting), and `encoded` reproduces `encodeurl`.
public struct FetchURL: Hashable, Sendable, CustomStringConvertible {
    public var type: String
    /// Host, with `:port` when the URL has a non-zero port.
    public var host: String
    public var path: String
    public var user: String
    public var password: String
    public var parameters: URLParameters

    public init(
        type: String, host: String = "", path: String, user: String = "", password: String = "",
        parameters: URLParameters = URLParameters()
    ) {
        self.type = type
        self.host = host
        self.path = path
        self.user = user
        self.password = password
        self.parameters = parameters
    }

    public var description: String { encoded }

    // MARK: decodeurl

    /// Splits `url` as `bb.fetch2.decodeurl` does.
    /// - Throws: `FetchError` (`.malformedURL`) where Python's URL parser raises (bad port,
    ///   unbalanced brackets).
    public init(decoding url: String) throws {
        // Parameters are cut off at the first ';' before any URL parsing.
        var text = url
        var parameterText: String?
        if let semicolon = url.firstIndex(of: ";") {
            text = String(url[..<semicolon])
            parameterText = String(url[url.index(after: semicolon)...])
        }

        var split = PythonURLSplit(text)
        // file:// URLs may not carry a host: "file://foo.diff" means the relative path foo.diff.
        if split.scheme == "file" {
            text = Self.droppingFirstNetlocSlashes(text)
            split = PythonURLSplit(text)
        }
        let relative = ["file", "git"].contains(split.scheme) && Self.startsWithWordColonNoSlashes(text)

        var host = ""
        var userinfo = ""
        if !relative {
            let hostname = try split.hostname() ?? ""
            let port = try split.port()
            host = (port ?? 0) != 0 ? "\(hostname):\(port!)" : hostname
            if let username = split.username { userinfo += username }
            if let password = split.password, !password.isEmpty { userinfo += ":\(password)" }
        }
        try split.validateNetloc(url: url)

        let path = PercentCoding.unquote(split.path)
        self.type = split.scheme
        self.host = host
        self.path = path.isEmpty ? "/" : path
        if let colon = userinfo.firstIndex(of: ":") {
            self.user = String(userinfo[..<colon])
            self.password = String(userinfo[userinfo.index(after: colon)...])
        } else {
            self.user = userinfo
            self.password = ""
        }
        var parameters = URLParameters()
        if let parameterText, !parameterText.isEmpty {
            for item in parameterText.split(separator: ";", omittingEmptySubsequences: true) {
                if let equals = item.firstIndex(of: "=") {
                    parameters[String(item[..<equals])] = String(item[item.index(after: equals)...])
                } else {
                    parameters[String(item)] = nil as String?
                }
            }
        }
        self.parameters = parameters
    }

    /// `re.sub(r"(?<=:)//(?!/)", "", text, count=1)`.
    private static func droppingFirstNetlocSlashes(_ text: String) -> String {
        let chars = Array(text)
        var index = 1
        while index + 1 < chars.count {
            if chars[index - 1] == ":" && chars[index] == "/" && chars[index + 1] == "/"
                && (index + 2 >= chars.count || chars[index + 2] != "/")
            {
                return String(chars[..<index]) + String(chars[(index + 2)...])
            }
            index += 1
        }
        return text
    }

    /// `re.match(r"^\w+:(?!//)", text)`.
    private static func startsWithWordColonNoSlashes(_ text: String) -> Bool {
        var rest = Substring(text)
        guard let first = rest.first, first.isPythonWordCharacter else { return false }
        while let char = rest.first, char.isPythonWordCharacter { rest = rest.dropFirst() }
        guard rest.first == ":" else { return false }
        return !rest.dropFirst().hasPrefix("//")
    }

    // MARK: decodemirrorurl

    /// Splits `url` as `bb.fetch2.decodemirrorurl` does (the form used on both sides of a
    /// PREMIRRORS/MIRRORS line and on the URL being mirrored).
    /// - Throws: `FetchError` (`.malformedURL`) when the URL has no `type://location` or a
    ///   parameter lacks `=`.
    public init(decodingMirror url: String) throws {
        // (?P<type>[^:]*)://((?P<user>[^/;]+)@)?(?P<location>[^;]+)(;(?P<parm>.*))?
        guard let separator = url.range(of: "://") else { throw FetchError.malformed(url) }
        let type = String(url[..<separator.lowerBound])
        if type.contains(":") { throw FetchError.malformed(url) }
        var rest = url[separator.upperBound...]
        var user: String?
        // The user part is optional: "[^/;]+@" followed by a non-empty location; the regex
        // backtracks from the last '@' before any '/' or ';' to earlier ones.
        let userStop = rest.firstIndex { $0 == "/" || $0 == ";" } ?? rest.endIndex
        var candidate = rest[..<userStop].lastIndex(of: "@")
        while let at = candidate, at != rest.startIndex {
            let afterAt = rest.index(after: at)
            if afterAt < rest.endIndex, rest[afterAt] != ";" {
                user = String(rest[..<at])
                rest = rest[afterAt...]
                break
            }
            candidate = rest[..<at].lastIndex(of: "@")
        }
        let locationEnd = rest.firstIndex(of: ";") ?? rest.endIndex
        let location = String(rest[..<locationEnd])
        if location.isEmpty { throw FetchError.malformed(url) }
        var parameterText: Substring?
        if locationEnd < rest.endIndex, rest[locationEnd] == ";" {
            let afterSemicolon = rest[rest.index(after: locationEnd)...]
            parameterText = afterSemicolon.prefix { $0 != "\n" }
        }

        var host: String
        var path: String
        let isFile = type.lowercased() == "file"
        if let slash = location.firstIndex(of: "/"), !isFile {
            host = String(location[..<slash])
            path = String(location[slash...])
        } else if isFile {
            host = ""
            path = location
            if let given = user, !given.isEmpty {
                path = given + "@" + path
                user = ""
            }
        } else {
            host = location
            path = "/"
        }
        var name = ""
        var password = ""
        if let user, !user.isEmpty {
            // (?P<user>[^:]+)(:?(?P<pswd>.*))
            if let colon = user.firstIndex(of: ":"), colon != user.startIndex {
                name = String(user[..<colon])
                password = String(user[user.index(after: colon)...])
            } else {
                name = user
            }
        }
        var parameters = URLParameters()
        if let parameterText {
            for item in parameterText.split(separator: ";", omittingEmptySubsequences: true) {
                guard let equals = item.firstIndex(of: "=") else {
                    throw FetchError.malformed(
                        url,
                        "The URL: '\(url)' is invalid: parameter \(item) does not specify a value (missing '=')")
                }
                parameters[String(item[..<equals])] = String(item[item.index(after: equals)...])
            }
        }
        self.init(
            type: type, host: host, path: PercentCoding.unquote(path), user: name, password: password,
            parameters: parameters)
    }

    // MARK: encodeurl

    /// The URL text, as `bb.fetch2.encodeurl` writes it.
    public var encoded: String {
        var userinfo = ""
        var hostname = ""
        if type != "file" {
            if !user.isEmpty {
                userinfo = user
                if !password.isEmpty { userinfo += ":\(password)" }
            }
            hostname = host
        }
        var path = self.path
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        // A path not starting with '/' makes the URI relative ("git:foo"), except for file://,
        // which keeps BitBake's old non-IETF "file://relative" form.
        let relative = type != "file" && !path.isEmpty && !path.hasPrefix("/")
        var result = type + ":" + (relative ? "" : "//")
        if !userinfo.isEmpty { result += userinfo + "@" }
        result += hostname
        result += PercentCoding.quote(path)
        if !parameters.isEmpty {
            result += ";"
            result += parameters.map { entry in entry.value.map { "\(entry.key)=\($0)" } ?? entry.key }
                .joined(separator: ";")
        }
        return result
    }
}

extension Character {
    /// Python's `\w` for str patterns: Unicode letters, digits and underscore.
    var isPythonWordCharacter: Bool { isLetter || isNumber || self == "_" }
}
