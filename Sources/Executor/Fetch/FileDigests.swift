import Crypto
import Foundation

/// The checksums BitBake records for a download (`bb.fetch2.CHECKSUM_LIST`), computed in one
/// pass over the file: goh1, md5, sha256, sha1, sha384, sha512, as lower-case hex.
enum FileDigests {
    /// The checksum ids in BitBake's order.
    static let ids = ["goh1", "md5", "sha256", "sha1", "sha384", "sha512"]

    /// Every checksum of the file at `path`, keyed by id.
    /// - Throws: `FetchError` when the file cannot be read.
    static func all(of path: String) throws -> [String: String] {
        var md5 = Insecure.MD5()
        var sha1 = Insecure.SHA1()
        var sha256 = SHA256()
        var sha384 = SHA384()
        var sha512 = SHA512()
        try forEachChunk(of: path) { chunk in
            md5.update(data: chunk)
            sha1.update(data: chunk)
            sha256.update(data: chunk)
            sha384.update(data: chunk)
            sha512.update(data: chunk)
        }
        let sha256Hex = hex(sha256.finalize())
        var result = [
            "md5": hex(md5.finalize()), "sha1": hex(sha1.finalize()), "sha256": sha256Hex,
            "sha384": hex(sha384.finalize()), "sha512": hex(sha512.finalize()),
        ]
        // goh1 is Go's dirhash: over the members of a zip, or over the file as "go.mod".
        // Zip members would need a zip reader; leaving goh1 out of the record only makes
        // BitBake recompute it when it reads the stamp.
        if !isZip(path) {
            result["goh1"] = hex(SHA256.hash(data: Data("\(sha256Hex)  go.mod\n".utf8)))
        }
        return result
    }

    static func md5(of path: String) throws -> String {
        var md5 = Insecure.MD5()
        try forEachChunk(of: path) { md5.update(data: $0) }
        return hex(md5.finalize())
    }

    static func sha256(of path: String) throws -> String {
        var sha = SHA256()
        try forEachChunk(of: path) { sha.update(data: $0) }
        return hex(sha.finalize())
    }

    private static func forEachChunk(of path: String, _ body: (Data) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FetchError.failure("Cannot read \(path)", url: nil)
        }
        defer { try? handle.close() }
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw FetchError.failure("Cannot read \(path): \(error)", url: nil)
            }
            if chunk.isEmpty { break }
            body(chunk)
        }
    }

    /// Python's `zipfile.is_zipfile` looks for the end-of-central-directory record; its
    /// signature near the end of the file is the same test.
    private static func isZip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window = min(size, 65_557)
        guard window >= 22, (try? handle.seek(toOffset: size - window)) != nil,
            let tail = try? handle.readToEnd()
        else { return false }
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        return tail.withUnsafeBytes { bytes in
            var index = bytes.count - 22
            while index >= 0 {
                if bytes[index] == signature[0] && bytes[index + 1] == signature[1] && bytes[index + 2] == signature[2]
                    && bytes[index + 3] == signature[3]
                {
                    return true
                }
                index -= 1
            }
            return false
        }
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".unicodeScalars)
        var text = ""
        for byte in digest {
            text.unicodeScalars.append(digits[Int(byte >> 4)])
            text.unicodeScalars.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}
