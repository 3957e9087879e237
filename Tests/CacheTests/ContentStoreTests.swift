import Foundation
import Testing
@testable import BakeCache

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ContentStoreTests {
    static let codecs: [Compression] = [.none, .zstd(level: 3), .lz4]

    // MARK: Put and get

    @Test(arguments: codecs, Payload.allCases)
    func returnsWhatWasPut(_ codec: Compression, _ payload: Payload) async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root, compression: codec)
            let data = payload.bytes
            let digest = try await store.put(data)
            #expect(digest == Digest(of: data))
            #expect(store.contains(digest))
            #expect(try await store.get(digest) == data)
            // A second store on the same directory (another bake process) sees it too.
            #expect(try await ContentStore(root: root).get(digest) == data)
        }
    }

    @Test func entriesLiveUnderTheirHashPrefix() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let digest = try await store.put(Data("layout".utf8))
            let path = "\(root)/cas/\(digest.hash.prefix(2))/\(digest.hash)"
            #expect(store.entryPath(for: digest) == path)
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test(arguments: [(Compression.zstd(level: 3), 1), (.lz4, 2), (.none, 0)] as [(Compression, UInt8)])
    func entryHeaderRecordsCodecAndSize(_ codec: Compression, _ codecByte: UInt8) async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root, compression: codec)
            let data = compressibleData(count: 100_000)
            let digest = try await store.put(data)
            let entry = try Data(contentsOf: URL(fileURLWithPath: store.entryPath(for: digest)))
            #expect(Array(entry.prefix(4)) == Array("BKCS".utf8))
            #expect(entry[4] == 1)
            #expect(entry[5] == codecByte)
            #expect(entry[8..<16].reversed().reduce(0) { $0 << 8 | UInt64($1) } == 100_000)
            if codec != .none { #expect(entry.count < data.count / 4) }
        }
    }

    /// A zstd entry is the header and then a plain zstd frame, so `tail -c +17 ENTRY | zstd -d`
    /// recovers a blob with no bake at hand.
    @Test(.enabled(if: installed("/usr/bin/zstd")))
    func zstdEntriesHoldAPlainFrameAfterTheHeader() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: "\(root)/store", compression: .zstd(level: 3))
            let data = compressibleData(count: 1 << 20)
            let digest = try await store.put(data)
            let entry = try Data(contentsOf: URL(fileURLWithPath: store.entryPath(for: digest)))
            try entry.dropFirst(EntryHeader.size).write(to: URL(fileURLWithPath: "\(root)/payload.zst"))
            try run("/usr/bin/zstd", ["-q", "-d", "\(root)/payload.zst", "-o", "\(root)/payload"])
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(root)/payload")) == data)
        }
    }

    @Test(arguments: [Compression.zstd(level: 3), .lz4])
    func incompressibleBlobsAreStoredAsIs(_ codec: Compression) async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root, compression: codec)
            let data = randomData(count: 1 << 20, seed: 3)
            let digest = try await store.put(data)
            let entry = try Data(contentsOf: URL(fileURLWithPath: store.entryPath(for: digest)))
            #expect(entry[5] == 0)
            #expect(entry.count == EntryHeader.size + data.count)
            #expect(try await store.get(digest) == data)
        }
    }

    @Test func readsEntriesWrittenWithAnotherCodec() async throws {
        try await withTemporaryDirectory { root in
            let data = compressibleData(count: 500_000)
            let digest = try await ContentStore(root: root, compression: .lz4).put(data)
            #expect(try await ContentStore(root: root, compression: .zstd(level: 9)).get(digest) == data)
        }
    }

    @Test func missingBlobsAreNilAndCountAsMisses() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let digest = Digest(of: Data("never stored".utf8))
            #expect(try await store.get(digest) == nil)
            #expect(!store.contains(digest))
            let stats = await store.statistics
            #expect(stats.misses == 1 && stats.hits == 0)
        }
    }

    @Test func countsHitsMissesAndBytes() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let data = compressibleData(count: 10_000)
            let digest = try await store.put(data)
            _ = try await store.get(digest)
            _ = try await store.get(digest)
            _ = try await store.get(Digest.empty)
            let stats = await store.statistics
            #expect(stats.hits == 2)
            #expect(stats.misses == 1)
            #expect(stats.bytesRead == 20_000)
            #expect(stats.stores == 1)
            #expect(stats.bytesWritten > 0 && stats.bytesWritten < 10_000)
        }
    }

    @Test func puttingAPresentBlobWritesNothing() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let data = Data("twice".utf8)
            let digest = try await store.put(data)
            let path = store.entryPath(for: digest)
            let before = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
            #expect(try await store.put(data) == digest)
            let after = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
            #expect(before == after)  // The same file, not a rewritten one.
            let stats = await store.statistics
            #expect(stats.stores == 1 && stats.duplicates == 1)
        }
    }

    @Test func removeDeletesTheEntry() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let digest = try await store.put(Data("short-lived".utf8))
            #expect(try await store.remove(digest))
            #expect(!store.contains(digest))
            #expect(try await store.get(digest) == nil)
            #expect(try await !store.remove(digest))
        }
    }

    @Test func rejectsAnInvalidZstdLevel() throws {
        let error = #expect(throws: CacheError.self) {
            try ContentStore(root: "/nonexistent", compression: .zstd(level: 99))
        }
        #expect(error?.code == .invalidArgument)
    }

    // MARK: Files

    @Test(.enabled(if: installed("/usr/bin/sha256sum")))
    func putFileDigestEqualsSha256sum() async throws {
        try await withTemporaryDirectory { root in
            let path = "\(root)/input.bin"
            try compressibleData(count: 3 << 20).write(to: URL(fileURLWithPath: path))
            let store = try ContentStore(root: "\(root)/store")
            let digest = try await store.put(fileAt: path)
            #expect(digest.hash == (try sha256sum(path)))
            #expect(digest.sizeBytes == 3 << 20)
        }
    }

    @Test func putOfAMissingFileIsNotFound() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let error = await #expect(throws: CacheError.self) { try await store.put(fileAt: "\(root)/missing") }
            #expect(error?.code == .notFound)
        }
    }

    @Test func exportWritesTheBlobToAFile() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: "\(root)/store")
            let data = compressibleData(count: 1 << 20)
            let digest = try await store.put(data)
            let target = "\(root)/out/tool"
            try FileManager.default.createDirectory(atPath: "\(root)/out", withIntermediateDirectories: true)
            #expect(try await store.export(digest, to: target, permissions: 0o755))
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == data)
            #expect(FileManager.default.isExecutableFile(atPath: target))
            // Replacing an existing file works, and leaves no temporary files behind.
            #expect(try await store.export(digest, to: target))
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/out") == ["tool"])
            #expect(try await !store.export(Digest(of: Data("absent".utf8)), to: "\(root)/out/absent"))
            #expect(!FileManager.default.fileExists(atPath: "\(root)/out/absent"))
        }
    }

    // MARK: Concurrency

    @Test func concurrentPutsOfOneBlobWriteItOnce() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let data = compressibleData(count: 2 << 20)
            let digests = try await withThrowingTaskGroup(of: Digest.self) { group in
                for _ in 0..<32 { group.addTask { try await store.put(data) } }
                return try await group.reduce(into: [Digest]()) { $0.append($1) }
            }
            #expect(Set(digests) == [Digest(of: data)])
            let stats = await store.statistics
            #expect(stats.stores == 1)
            #expect(stats.duplicates == 31)
            let shard = FileSystem.parentDirectory(of: store.entryPath(for: digests[0]))
            #expect(try FileManager.default.contentsOfDirectory(atPath: shard) == [digests[0].hash])
        }
    }

    @Test func concurrentPutsAndGetsOfManyBlobs() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root, compression: .lz4)
            let blobs = (0..<64).map { randomData(count: 1000 + $0 * 97, seed: UInt64($0)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for blob in blobs {
                    group.addTask {
                        let digest = try await store.put(blob)
                        #expect(try await store.get(digest) == blob)
                    }
                }
                try await group.waitForAll()
            }
            #expect(await store.statistics.stores == 64)
            #expect(await store.statistics.hits == 64)
        }
    }

    // MARK: Damaged entries

    /// Ways an entry file gets damaged: disk errors, crashes on file systems that do not order
    /// writes, people editing the cache.
    static let damages: [(String, @Sendable (Data) -> Data)] = [
        ("empty file", { _ in Data() }),
        ("header only", { $0.prefix(EntryHeader.size) }),
        ("truncated payload", { $0.prefix(EntryHeader.size + ($0.count - EntryHeader.size) / 2) }),
        ("last byte cut", { $0.dropLast() }),
        ("payload byte flipped", { var d = $0; d[d.count - 10] ^= 0x01; return d }),
        ("wrong magic", { var d = $0; d[0] = UInt8(ascii: "X"); return d }),
        ("size field changed", { var d = $0; d[8] ^= 0x01; return d }),
        ("unknown codec", { var d = $0; d[5] = 9; return d }),
        ("extra bytes appended", { $0 + Data(repeating: 0, count: 64) }),
    ]

    @Test(arguments: codecs)
    func damagedEntriesAreReportedAndRemoved(_ codec: Compression) async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root, compression: codec)
            let data = compressibleData(count: 200_000)
            for (name, damage) in Self.damages {
                let digest = try await store.put(data)
                let path = store.entryPath(for: digest)
                let entry = try Data(contentsOf: URL(fileURLWithPath: path))
                try damage(entry).write(to: URL(fileURLWithPath: path))

                let error = await #expect(throws: CacheError.self, "\(name)") { try await store.get(digest) }
                #expect(error?.code == .corruptEntry, "\(name)")
                #expect(!store.contains(digest), "\(name): the damaged entry must be gone")
                #expect(try await store.get(digest) == nil, "\(name)")
            }
            #expect(await store.statistics.corruptEntries == Self.damages.count)
            // A fresh put repairs the store.
            let digest = try await store.put(data)
            #expect(try await store.get(digest) == data)
        }
    }

    @Test func anEntryHoldingAnotherBlobIsNeverReturned() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let wanted = Data("wanted".utf8)
            let other = Data("others".utf8)  // Same size, so only the hash tells them apart.
            let wantedDigest = try await store.put(wanted)
            let otherDigest = try await store.put(other)
            try FileManager.default.removeItem(atPath: store.entryPath(for: wantedDigest))
            try FileManager.default.copyItem(
                atPath: store.entryPath(for: otherDigest), toPath: store.entryPath(for: wantedDigest))
            let error = await #expect(throws: CacheError.self) { try await store.get(wantedDigest) }
            #expect(error?.code == .corruptEntry)
            #expect(!store.contains(wantedDigest))
            #expect(try await store.get(otherDigest) == other)
        }
    }

    @Test func putReplacesAnEntryWithADamagedHeader() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let data = Data("repair me".utf8)
            let digest = try await store.put(data)
            try Data().write(to: URL(fileURLWithPath: store.entryPath(for: digest)))
            try await store.put(data)
            #expect(try await store.get(digest) == data)
        }
    }

    @Test func entriesFromANewerFormatAreLeftAlone() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let data = Data("from the future".utf8)
            let digest = try await store.put(data)
            let path = store.entryPath(for: digest)
            var entry = try Data(contentsOf: URL(fileURLWithPath: path))
            entry[4] = 2
            try entry.write(to: URL(fileURLWithPath: path))
            let error = await #expect(throws: CacheError.self) { try await store.get(digest) }
            #expect(error?.code == .unsupportedEntry)
            #expect(store.contains(digest))
            // Nor does a put overwrite it.
            try await store.put(data)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path))[4] == 2)
        }
    }

    // MARK: Atomic writes

    @Test func temporaryFilesAreNeverMistakenForEntries() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            let data = Data("half-written".utf8)
            let digest = Digest(of: data)
            let path = store.entryPath(for: digest)
            try FileManager.default.createDirectory(
                atPath: FileSystem.parentDirectory(of: path), withIntermediateDirectories: true)
            let temporary = "\(FileSystem.parentDirectory(of: path))/.tmp.\(digest.hash).1234"
            try Data("BKCS".utf8).write(to: URL(fileURLWithPath: temporary))
            #expect(!store.contains(digest))
            #expect(try await store.get(digest) == nil)
            #expect(try await store.put(data) == digest)
            #expect(try await store.get(digest) == data)
        }
    }

    @Test func openingAStoreDeletesAbandonedTemporaryFiles() async throws {
        try await withTemporaryDirectory { root in
            _ = try ContentStore(root: root)
            try FileManager.default.createDirectory(atPath: "\(root)/cas/ab", withIntermediateDirectories: true)
            let abandoned = "\(root)/cas/ab/.tmp.\(String(repeating: "ab", count: 32)).5678"
            try Data("partial".utf8).write(to: URL(fileURLWithPath: abandoned))

            let store = try ContentStore(root: root)
            #expect(!FileManager.default.fileExists(atPath: abandoned))
            #expect(await store.statistics.abandonedTemporaries == 1)
        }
    }

    /// A writer that crashes mid-write leaves its temporary file; while it is alive, its
    /// lock on the file keeps other stores from deleting it.
    @Test(.enabled(if: installed("/usr/bin/flock")))
    func temporaryFilesOfLiveWritersSurviveUntilTheWriterDies() async throws {
        try await withTemporaryDirectory { root in
            try FileManager.default.createDirectory(atPath: "\(root)/cas/cd", withIntermediateDirectories: true)
            let temporary = "\(root)/cas/cd/.tmp.\(String(repeating: "cd", count: 32)).9abc"
            try Data("in progress".utf8).write(to: URL(fileURLWithPath: temporary))

            // Another process holds the writer's lock, as a live ContentStore write does
            // (`--no-fork`, so that the process we kill is the one holding the lock).
            let writer = Process()
            writer.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            writer.arguments = ["--no-fork", temporary, "sleep", "60"]
            try writer.run()
            defer { if writer.isRunning { writer.terminate() } }
            try await waitUntilLocked(temporary)

            _ = try ContentStore(root: root)
            #expect(FileManager.default.fileExists(atPath: temporary))

            // The writer "crashes": the kernel drops its lock, and the next open cleans up.
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            let store = try ContentStore(root: root)
            #expect(!FileManager.default.fileExists(atPath: temporary))
            #expect(await store.statistics.abandonedTemporaries == 1)
        }
    }

    private func waitUntilLocked(_ path: String) async throws {
        for _ in 0..<500 {
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 { return }
            flock(fd, LOCK_UN)
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the writer never took its lock")
    }

    @Test func aWriteLeavesNoTemporaryFilesBehind() async throws {
        try await withTemporaryDirectory { root in
            let store = try ContentStore(root: root)
            for i in 0..<20 { try await store.put(Data("blob \(i)".utf8)) }
            let leftovers = try FileManager.default.subpathsOfDirectory(atPath: "\(root)/cas")
                .filter { $0.contains(FileSystem.temporaryPrefix) }
            #expect(leftovers.isEmpty)
        }
    }
}
