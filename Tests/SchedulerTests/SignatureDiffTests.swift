import BakeRecipeParser
@testable import BakeScheduler
import Foundation
import Testing

@Suite("Task signatures and their differences")
struct SignatureDiffTests {
    private func signature(
        variables: [String: String?], references: [String: [String]] = [:], dependencies: [DependencyHash] = [],
        files: [FileChecksum] = [], ignored: [String] = []
    ) -> TaskSignature {
        let (hash, deps, ordered) = TaskSignature.taskhash(
            basehash: String(repeating: "0", count: 64), dependencies: dependencies, fileChecksums: files)
        return TaskSignature(
            task: "do_compile", recipe: "demo", basehash: String(repeating: "0", count: 64), taskhash: hash,
            variables: variables, references: references, ignoredVariables: ignored, dependencies: deps,
            fileChecksums: ordered)
    }

    @Test("Task hash: basehash, dependency hashes by recipe:task, file checksums by name")
    func taskhash() {
        // Expected value computed with BitBake's get_taskhash algorithm in Python.
        let (hash, deps, files) = TaskSignature.taskhash(
            basehash: String(repeating: "a", count: 64),
            dependencies: [
                DependencyHash(task: "zlib:do_populate_sysroot", taskhash: String(repeating: "1", count: 64)),
                DependencyHash(task: "gcc:do_populate_sysroot", taskhash: String(repeating: "2", count: 64)),
            ],
            fileChecksums: [
                FileChecksum(path: "/layer/files/./sub/fix.patch", checksum: "cs1"),
                FileChecksum(path: "/layer/files/b.patch", checksum: "cs2"),
                FileChecksum(path: "/layer/files/a.patch", checksum: nil),
            ])
        #expect(hash == "4a1e4096d6e20dbfa7911f2b76fa40e0281cbceedfaeba6e0648ffeb11b3bfec")
        #expect(deps.map(\.task) == ["gcc:do_populate_sysroot", "zlib:do_populate_sysroot"])
        #expect(files.map(\.displayName) == ["./sub/fix.patch", "a.patch", "b.patch"])
    }

    @Test("A signature survives a JSON round trip")
    func codable() throws {
        let original = signature(
            variables: ["do_compile": "make", "CFLAGS": "-O2", "do_compile[dirs]": nil],
            dependencies: [DependencyHash(task: "zlib:do_populate_sysroot", taskhash: "h")],
            files: [FileChecksum(path: "/f/a.patch", checksum: "c")])
        let data = try JSONEncoder().encode(original)
        #expect(try JSONDecoder().decode(TaskSignature.self, from: data) == original)
    }

    @Test("Each kind of change is explained in plain words")
    func explanations() {
        let old = signature(
            variables: ["do_compile": "\tmake\n", "CFLAGS": "-O2", "GONE": "x", "X[flag]": nil],
            dependencies: [DependencyHash(task: "zlib:do_populate_sysroot", taskhash: "1"),
                           DependencyHash(task: "old:do_populate_sysroot", taskhash: "3")],
            files: [FileChecksum(path: "/l/foo.patch", checksum: "a"), FileChecksum(path: "/l/gone.patch", checksum: "g")])
        let new = signature(
            variables: ["do_compile": "\tmake V=1\n", "CFLAGS": "-O3", "NEWVAR": "v", "X[flag]": nil],
            references: ["do_compile": ["CFLAGS", "NEWVAR"]],
            dependencies: [DependencyHash(task: "zlib:do_populate_sysroot", taskhash: "2")],
            files: [FileChecksum(path: "/l/foo.patch", checksum: "b")], ignored: ["DATE"])
        let diff = SignatureDiff(old: old, new: new)
        #expect(diff.mustRerun)
        #expect(diff.explanation == [
            "BB_BASEHASH_IGNORE_VARS changed: now ignores DATE",
            "task code of do_compile changed\n  - \tmake\n  + \tmake V=1",
            "variable NEWVAR added to the dependencies (referenced by do_compile) with value 'v'",
            "variable GONE removed from the dependencies",
            "variable CFLAGS changed from '-O2' to '-O3'",
            "file /l/gone.patch removed",
            "file /l/foo.patch changed",
            "dependency old:do_populate_sysroot removed",
            "dependency zlib:do_populate_sysroot changed",
        ])
    }

    @Test("Identical signatures: nothing to explain, no rerun")
    func identical() {
        let s = signature(variables: ["do_compile": "make"])
        let diff = SignatureDiff(old: s, new: s)
        #expect(diff.changes.isEmpty)
        #expect(!diff.mustRerun)
    }
}

/// Signatures of parsed recipes: a change to the metadata shows up as the right reason.
@Suite("Signatures of parsed recipes", .serialized, .usesPython)
struct RecipeSignatureTests {
    private func signatures(_ recipe: String) throws -> RecipeSignatures {
        let fixture = try RecipeFixture(["recipe.bb": recipe])
        defer { fixture.remove() }
        let store = try MetadataEvaluator().evaluateRecipe(
            at: fixture.directory.appendingPathComponent("recipe.bb").path)
        return try RecipeSignatures(store: store)
    }

    private let base = """
        PN = "demo"
        export CC = "gcc"
        CFLAGS = "-O2"
        DATE = "1"
        BB_BASEHASH_IGNORE_VARS = "DATE"
        helper() {
        \techo ${DATE}
        }
        do_compile() {
        \t${CC} ${CFLAGS} -c x.c
        \thelper
        }
        addtask compile

        """

    @Test("Basehash matches BitBake's for a known recipe")
    func knownBasehash() throws {
        let sigs = try signatures(base)
        #expect(sigs.taskVariables["do_compile"] == ["CC", "CFLAGS", "helper"])
        // From BitBake 2.19 (generate_dependency_hash) on the same recipe.
        #expect(sigs.basehashes["do_compile"] == Self.knownHash)
    }
    static let knownHash = "50f33e7f36e4adde75bf80b84ac36c90d3a3b5fc0c321d778b39f2004ae3cb8c"

    @Test("Changing a variable, adding one and editing the task are explained")
    func explainsRecipeChanges() throws {
        let old = try #require(try signatures(base).signature(of: "do_compile"))
        let changed = base.replacingOccurrences(of: "-O2", with: "-O3")
            .replacingOccurrences(of: "\thelper\n", with: "\thelper ${EXTRA}\n") + "EXTRA = \"e\"\nDATE = \"2\"\n"
        let new = try #require(try signatures(changed).signature(of: "do_compile"))
        let diff = SignatureDiff(old: old, new: new)
        #expect(diff.mustRerun)
        #expect(diff.explanation == [
            "task code of do_compile changed\n  - \thelper\n  + \thelper ${EXTRA}",
            "variable EXTRA added to the dependencies (referenced by do_compile) with value 'e'",
            "variable CFLAGS changed from '-O2' to '-O3'",
        ])
        let dateOnly = try #require(try signatures(base + "DATE = \"3\"\n").signature(of: "do_compile"))
        #expect(!SignatureDiff(old: old, new: dateOnly).mustRerun, "ignored variables do not count")
    }

    @Test("A shell function BitBake cannot parse is a clear error")
    func shellError() throws {
        #expect(throws: SignatureError.self) {
            try signatures("export A = \"1\"\ndo_compile() {\n\techo $((1 + 2))\n}\naddtask compile\n")
        }
    }
}
