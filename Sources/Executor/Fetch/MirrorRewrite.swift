import Foundation

/// `bb.fetch2.uri_replace`: rewrites a URL with one PREMIRRORS/MIRRORS line. Each of the six
/// tokens of the `find` side is a Python regular expression matched at the start of the
/// URL's token; the `replace` side may use `\1` groups and the TYPE, HOST, PATH, BASENAME and
/// MIRRORNAME placeholders.
enum MirrorRewrite {
    static func replace(
        _ entry: FetchEntry, find: String, replace: String, replacements: [(String, String)], tarball: String?
    ) throws -> String? {
        guard !entry.url.isEmpty, !find.isEmpty, !replace.isEmpty else { return nil }
        var uri = try FetchURL(decodingMirror: entry.url)
        var findURL = try FetchURL(decodingMirror: find)
        var replaceURL = try FetchURL(decodingMirror: replace)
        var result = FetchURL(type: "", path: "")

        func substituted(_ text: String) -> String {
            replacements.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        }

        for location in 0..<6 {
            if location == 5 {
                result.parameters = uri.parameters
                for parameter in findURL.parameters where uri.parameters[parameter.key] != parameter.value {
                    return nil
                }
                if !findURL.parameters.isEmpty {
                    for parameter in findURL.parameters where !uri.parameters.contains(parameter.key) { return nil }
                }
                for parameter in replaceURL.parameters {
                    let value = substituted(parameter.value ?? "")
                    replaceURL.parameters[parameter.key] = value
                    result.parameters[parameter.key] = value
                }
                continue
            }
            let tokenValue = token(uri, location)
            var pattern = token(findURL, location)
            if location == 0 && !pattern.isEmpty && !pattern.hasSuffix("$") { pattern += "$" }
            if (location == 3 || location == 4) && !token(replaceURL, location).isEmpty {
                setToken(&result, location, token(replaceURL, location))
                continue
            }
            let regex = try PythonRegex(pattern)
            guard regex.matchesAtStart(tokenValue) else { return nil }
            let replacement = token(replaceURL, location)
            var value = ""
            if !replacement.isEmpty {
                value = try regex.substituteFirst(in: tokenValue, template: substituted(replacement))
            }
            setToken(&result, location, value)
            if location == 2 {
                var basename: String?
                if uri.type != replaceURL.type, let tarball {
                    basename = (tarball as NSString).lastPathComponent
                    uri.parameters = URLParameters()
                    findURL.parameters = URLParameters()
                } else if entry.supportsChecksum {
                    basename = (entry.localPath as NSString).lastPathComponent
                }
                if let basename {
                    let uriBasename = (uri.path as NSString).lastPathComponent
                    let path = "/" + result.path
                    if !uriBasename.isEmpty && basename != uriBasename && path.hasSuffix("/" + uriBasename) {
                        result.path = String(path.dropFirst().dropLast(uriBasename.count)) + basename
                    } else if !path.hasSuffix("/" + basename) {
                        result.path = FetchEntry.join(String(path.dropFirst()), basename)
                        if path.count == 1 { result.path = basename }
                    }
                }
            }
        }
        let encoded = result.encoded
        return encoded == entry.url ? nil : encoded
    }

    private static func token(_ url: FetchURL, _ location: Int) -> String {
        switch location {
        case 0: url.type
        case 1: url.host
        case 2: url.path
        case 3: url.user
        default: url.password
        }
    }

    private static func setToken(_ url: inout FetchURL, _ location: Int, _ value: String) {
        switch location {
        case 0: url.type = value
        case 1: url.host = value
        case 2: url.path = value
        case 3: url.user = value
        default: url.password = value
        }
    }
}

/// A Python `re` pattern run on ICU (`NSRegularExpression`), with Python's `re.match`
/// (anchored at the start) and `re.sub(..., count=1)` template syntax (`\1`, `\g<name>`).
struct PythonRegex {
    let regex: NSRegularExpression

    init(_ pattern: String) throws {
        // ICU refuses an empty pattern; Python's matches the empty string everywhere.
        let icu = pattern.isEmpty ? "(?:)" : pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        do {
            regex = try NSRegularExpression(pattern: icu)
        } catch {
            throw FetchError(.malformedURL, "Invalid regular expression '\(pattern)' in a mirror line")
        }
    }

    func matchesAtStart(_ text: String) -> Bool {
        regex.firstMatch(in: text, options: .anchored, range: NSRange(text.startIndex..., in: text)) != nil
    }

    func substituteFirst(in text: String, template: String) throws -> String {
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let whole = Range(match.range, in: text)
        else { return text }
        func group(_ number: Int) -> String {
            guard number <= match.numberOfRanges - 1, let range = Range(match.range(at: number), in: text) else { return "" }
            return String(text[range])
        }
        var out = ""
        var chars = Substring(template)
        while let char = chars.popFirst() {
            guard char == "\\", let next = chars.popFirst() else {
                out.append(char)
                continue
            }
            switch next {
            case "0"..."9":
                var digits = String(next)
                if let second = chars.first, second.isASCII, second.isNumber {
                    digits.append(second)
                    chars.removeFirst()
                }
                out += group(Int(digits)!)
            case "g":
                guard chars.first == "<", let close = chars.firstIndex(of: ">") else {
                    throw FetchError(.malformedURL, "missing group name in mirror replacement '\(template)'")
                }
                let name = String(chars[chars.index(after: chars.startIndex)..<close])
                chars = chars[chars.index(after: close)...]
                if let number = Int(name) {
                    out += group(number)
                } else if let range = Range(match.range(withName: name), in: text) {
                    out += text[range]
                }
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "\\": out.append("\\")
            default:
                if next.isASCII && next.isLetter {
                    throw FetchError(.malformedURL, "bad escape \\\(next) in mirror replacement '\(template)'")
                }
                out.append("\\")
                out.append(next)
            }
        }
        return String(text[..<whole.lowerBound]) + out + String(text[whole.upperBound...])
    }
}
