import Foundation
import Testing
@testable import BakeCache

@Suite struct DigestTests {
    @Test func emptyBlobHasTheWellKnownSHA256() {
        #expect(Digest.empty.hash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.empty.sizeBytes == 0)
        #expect(Digest(of: Data()) == Digest.empty)
    }

    @Test(.enabled(if: installed("/usr/bin/sha256sum")), arguments: Payload.allCases)
    func hashEqualsSha256sum(_ payload: Payload) async throws {
        try await withTemporaryDirectory { directory in
            let data = payload.bytes
            let path = "\(directory)/blob"
            try data.write(to: URL(fileURLWithPath: path))
            let digest = Digest(of: data)
            #expect(digest.hash == (try sha256sum(path)))
            #expect(digest.sizeBytes == Int64(data.count))
        }
    }

    @Test func hashIsSixtyFourLowercaseHexDigits() {
        let hash = Digest(of: Data("bake".utf8)).hash
        #expect(hash.count == 64)
        #expect(hash.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func uppercaseHashesAreLowered() throws {
        let digest = try Digest(hash: Digest.empty.hash.uppercased(), sizeBytes: 0)
        #expect(digest == Digest.empty)
    }

    @Test(arguments: [
        ("too short", "abc", Int64(3)),
        ("not hex", String(repeating: "g", count: 64), Int64(1)),
        ("65 digits", String(repeating: "a", count: 65), Int64(1)),
        ("negative size", String(repeating: "a", count: 64), Int64(-1)),
    ])
    func malformedDigestsAreRejected(_ name: String, _ hash: String, _ size: Int64) {
        let error = #expect(throws: CacheError.self, "\(name)") { try Digest(hash: hash, sizeBytes: size) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func printsAndParsesAsREAPIResourceName() throws {
        let digest = Digest(of: Data("hello".utf8))
        #expect(digest.description == "\(digest.hash)/5")
        #expect(try Digest(parsing: digest.description) == digest)
        #expect(throws: CacheError.self) { try Digest(parsing: digest.hash) }
        #expect(throws: CacheError.self) { try Digest(parsing: "\(digest.hash)/five") }
    }

    @Test func jsonMatchesREAPIProto3Form() throws {
        let digest = Digest(of: Data("hello".utf8))
        let json = try JSONEncoder().encode(digest)
        let object = try JSONSerialization.jsonObject(with: json) as? [String: String]
        #expect(object == ["hash": digest.hash, "sizeBytes": "5"])
        #expect(try JSONDecoder().decode(Digest.self, from: json) == digest)
        // Some encoders write int64 as a number; that is accepted too.
        let numeric = Data(#"{"hash": "\#(digest.hash)", "sizeBytes": 5}"#.utf8)
        #expect(try JSONDecoder().decode(Digest.self, from: numeric) == digest)
        let malformed = Data(#"{"hash": "xyz", "sizeBytes": 5}"#.utf8)
        #expect(throws: CacheError.self) { try JSONDecoder().decode(Digest.self, from: malformed) }
    }
}
