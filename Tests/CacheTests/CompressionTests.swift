import Foundation
import Testing
@testable import BakeCache

@Suite struct CompressionTests {
    static let codecs: [Compression] = [.none, .zstd(level: 1), .zstd(level: 3), .zstd(level: 19), .lz4]
    static let compressingCodecs: [Compression] = [.zstd(level: 3), .lz4]

    // MARK: Round trips

    @Test(arguments: codecs, Payload.allCases)
    func roundTripsEveryPayload(_ codec: Compression, _ payload: Payload) throws {
        if case .zstd(19) = codec, payload == .largeRandom || payload == .largeCompressible {
            return  // Level 19 on megabytes is slow in debug builds and adds nothing here.
        }
        let data = payload.bytes
        let compressed = try codec.compress(data)
        #expect(try codec.decompress(compressed, originalSize: data.count) == data)
    }

    @Test(arguments: compressingCodecs)
    func compressibleDataShrinks(_ codec: Compression) throws {
        let data = compressibleData(count: 1 << 20)
        #expect(try codec.compress(data).count < data.count / 4)
    }

    @Test func zstdDecodesWithoutBeingToldTheSize() throws {
        let data = compressibleData(count: 3 << 20)
        let compressed = try Compression.zstd(level: 3).compress(data)
        #expect(try Compression.zstd(level: 3).decompress(compressed) == data)
    }

    // MARK: Interoperability with the zstd tool

    @Test(.enabled(if: installed("/usr/bin/zstd")), arguments: Payload.allCases)
    func zstdToolDecodesOurFrames(_ payload: Payload) async throws {
        try await withTemporaryDirectory { directory in
            let data = payload.bytes
            try Compression.zstd(level: 3).compress(data).write(to: URL(fileURLWithPath: "\(directory)/blob.zst"))
            try run("/usr/bin/zstd", ["-q", "-d", "\(directory)/blob.zst", "-o", "\(directory)/blob"])
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(directory)/blob")) == data)
        }
    }

    @Test(.enabled(if: installed("/usr/bin/zstd")), arguments: Payload.allCases)
    func weDecodeZstdToolFrames(_ payload: Payload) async throws {
        try await withTemporaryDirectory { directory in
            let data = payload.bytes
            try data.write(to: URL(fileURLWithPath: "\(directory)/blob"))
            // Compressing a file records the content size in the frame header...
            try run("/usr/bin/zstd", ["-q", "\(directory)/blob", "-o", "\(directory)/sized.zst"])
            // ...compressing a pipe cannot, so the decoder has to stream.
            try run("/usr/bin/zstd", ["-q", "-c", "-o", "\(directory)/unsized.zst"], input: "\(directory)/blob")
            for name in ["sized.zst", "unsized.zst"] {
                let frame = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)"))
                let codec = Compression.zstd(level: 3)
                #expect(try codec.decompress(frame) == data, "\(name)")
                #expect(try codec.decompress(frame, originalSize: data.count) == data, "\(name)")
            }
        }
    }

    // MARK: Damaged input

    /// Ways to damage a compressed buffer. Codecs without checksums may decode some damage to
    /// other bytes of the right size; the content store's SHA-256 check catches that. What
    /// matters here is that nothing crashes, overruns or returns the wrong size.
    static let damages: [(String, @Sendable (Data) -> Data)] = [
        ("truncated to nothing", { _ in Data() }),
        ("truncated to 3 bytes", { $0.prefix(3) }),
        ("truncated by half", { $0.prefix($0.count / 2) }),
        ("last byte cut", { $0.dropLast() }),
        ("one byte flipped", { var d = $0; d[d.count / 2] ^= 0xff; return d }),
        ("first bytes flipped", { var d = $0; for i in 0..<min(8, d.count) { d[i] ^= 0x5a }; return d }),
        ("garbage", { randomData(count: $0.count, seed: 99) }),
        ("trailing garbage", { $0 + randomData(count: 100, seed: 7) }),
    ]

    @Test(arguments: compressingCodecs)
    func damagedInputNeverCrashes(_ codec: Compression) throws {
        let data = compressibleData(count: 256 << 10)
        let compressed = try codec.compress(data)
        for (name, damage) in Self.damages {
            do {
                let decoded = try codec.decompress(damage(compressed), originalSize: data.count)
                #expect(decoded.count == data.count, "\(name)")
            } catch {
                #expect(error.code == .decompressionFailed, "\(name): \(error)")
            }
        }
    }

    @Test(arguments: compressingCodecs)
    func wrongOriginalSizeIsAnError(_ codec: Compression) throws {
        let data = compressibleData(count: 10_000)
        let compressed = try codec.compress(data)
        for size in [0, data.count - 1, data.count + 1, data.count * 2] {
            let error = #expect(throws: CacheError.self, "size \(size)") {
                try codec.decompress(compressed, originalSize: size)
            }
            #expect(error?.code == .decompressionFailed)
        }
    }

    @Test func zstdChecksTheDeclaredSizeBeforeAllocating() throws {
        let compressed = try Compression.zstd(level: 3).compress(Data(count: 100))
        let error = #expect(throws: CacheError.self) {
            try Compression.zstd(level: 3).decompress(compressed, originalSize: 1 << 40)
        }
        #expect(error?.message.contains("declares 100 bytes") == true)
    }

    @Test func lz4NeedsTheOriginalSize() throws {
        let compressed = try Compression.lz4.compress(Data("abc".utf8))
        let error = #expect(throws: CacheError.self) { try Compression.lz4.decompress(compressed) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func zstdLevelsOutOfRangeAreRejected() {
        for level in [Compression.zstdLevels.upperBound + 1, Compression.zstdLevels.lowerBound - 1] {
            let error = #expect(throws: CacheError.self) { try Compression.zstd(level: level).compress(Data()) }
            #expect(error?.code == .invalidArgument)
        }
    }

    // MARK: Spelling

    @Test(arguments: [
        ("none", Compression.none), ("lz4", .lz4), ("zstd", .zstd(level: 3)), ("zstd:19", .zstd(level: 19)),
        ("zstd:-5", .zstd(level: -5)),
    ])
    func parsesItsSpellings(_ text: String, _ expected: Compression) {
        #expect(Compression(parsing: text) == expected)
    }

    @Test(arguments: ["", "gzip", "zstd:", "zstd:high", "zstd:99", "LZ4"])
    func rejectsOtherSpellings(_ text: String) {
        #expect(Compression(parsing: text) == nil)
    }

    @Test func descriptionParsesBack() {
        for codec in Self.codecs { #expect(Compression(parsing: codec.description) == codec) }
    }
}
