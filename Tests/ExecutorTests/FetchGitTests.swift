import Foundation
import Testing

@testable import BakeExecutor

/// git:// entries against local repositories made here with `git`.
@Suite struct FetchGitTests {
    /// A repository with two commits on `main` and one on `feature`.
    final class Repository {
        let root: String
        let path: String
        let first: String
        let second: String
        let feature: String

        init(_ name: String = #function) throws {
            root = try FetchTestSupport.scratch(name)
            let path = root + "/upstream/repo.git"
            self.path = path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let run = { (arguments: [String]) throws -> String in try FetchTestSupport.run(arguments, in: path) }
            _ = try run(["git", "init", "-q", "-b", "main"])
            try FetchTestSupport.write("one\n", to: path + "/file.txt")
            _ = try run(["git", "add", "file.txt"])
            _ = try run(["git", "commit", "-q", "-m", "first"])
            first = try run(["git", "rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
            try FetchTestSupport.write("two\n", to: path + "/file.txt")
            _ = try run(["git", "commit", "-q", "-am", "second"])
            second = try run(["git", "rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try run(["git", "checkout", "-q", "-b", "feature", first])
            try FetchTestSupport.write("feature\n", to: path + "/file.txt")
            _ = try run(["git", "commit", "-q", "-am", "feature"])
            feature = try run(["git", "rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try run(["git", "checkout", "-q", "main"])
        }

        var dlDir: String { root + "/downloads" }
        var unpackDir: String { root + "/work/sources" }

        func fetcher(_ url: String, _ values: [String: String]) throws -> Fetcher {
            var all = ["DL_DIR": dlDir, "UNPACKDIR": unpackDir, "PN": "demo"]
            all.merge(values) { $1 }
            return try Fetcher(urls: [url], variable: FetchTestSupport.lookup(all))
        }

        func head(_ directory: String) throws -> String {
            try FetchTestSupport.run(["git", "rev-parse", "HEAD"], in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func mirrorCloneAndCheckout() throws {
        let repo = try Repository()
        let fetcher = try repo.fetcher("git://\(repo.path);protocol=file;branch=main", ["SRCREV": repo.first])
        try fetcher.fetch()
        // The bare mirror is named as BitBake mangles it: the path's '/' become '.'.
        let mangled = String(repo.path.dropFirst()).replacingOccurrences(of: "/", with: ".")
        let clone = repo.dlDir + "/git2/" + mangled
        #expect(fetcher.localPaths == [clone])
        #expect(try FetchTestSupport.run(["git", "rev-parse", "--is-bare-repository"], in: clone) == "true\n")
        #expect(FetchTestSupport.exists(clone + ".done"))
        try fetcher.unpack()
        #expect(try FetchTestSupport.read(repo.unpackDir + "/git/file.txt") == "one\n")
        #expect(try repo.head(repo.unpackDir + "/git") == repo.first)
        let branch = try FetchTestSupport.run(["git", "rev-parse", "--abbrev-ref", "HEAD"], in: repo.unpackDir + "/git")
        #expect(branch == "main\n")
    }

    @Test func namedRevisionAndDestsuffix() throws {
        let repo = try Repository()
        let fetcher = try repo.fetcher(
            "git://\(repo.path);protocol=file;branch=main;name=lib;destsuffix=src/lib",
            ["SRCREV": repo.first, "SRCREV_lib": repo.second])
        try fetcher.fetch()
        try fetcher.unpack()
        #expect(try repo.head(repo.unpackDir + "/src/lib") == repo.second)
        #expect(try FetchTestSupport.read(repo.unpackDir + "/src/lib/file.txt") == "two\n")
    }

    @Test func revisionNotOnBranchFails() throws {
        let repo = try Repository()
        let fetcher = try repo.fetcher("git://\(repo.path);protocol=file;branch=main", ["SRCREV": repo.feature])
        let error = #expect(throws: FetchError.self) { try fetcher.fetch() }
        #expect(error?.message.contains("Unable to find revision \(repo.feature) in branch main even from upstream") == true)
    }

    @Test func nobranchTakesAnyCommit() throws {
        let repo = try Repository()
        let fetcher = try repo.fetcher("git://\(repo.path);protocol=file;nobranch=1", ["SRCREV": repo.feature])
        try fetcher.fetch()
        try fetcher.unpack()
        #expect(try repo.head(repo.unpackDir + "/git") == repo.feature)
        #expect(try FetchTestSupport.read(repo.unpackDir + "/git/file.txt") == "feature\n")
    }

    @Test func missingBranchOrSrcrevIsAClearError() throws {
        let repo = try Repository()
        let noBranch = #expect(throws: FetchError.self) {
            try repo.fetcher("git://\(repo.path);protocol=file", ["SRCREV": repo.first])
        }
        #expect(noBranch?.message.contains("The url does not set any branch parameter or set nobranch=1.") == true)
        let noRev = #expect(throws: FetchError.self) {
            try repo.fetcher("git://\(repo.path);protocol=file;branch=main", [:])
        }
        #expect(noRev?.message.contains("Please set a valid SRCREV") == true)
    }

    @Test func newCommitsAreFetchedIntoTheExistingMirror() throws {
        let repo = try Repository()
        try repo.fetcher("git://\(repo.path);protocol=file;branch=main", ["SRCREV": repo.first]).fetch()
        try FetchTestSupport.write("three\n", to: repo.path + "/file.txt")
        try FetchTestSupport.run(["git", "commit", "-q", "-am", "third"], in: repo.path)
        let third = try repo.head(repo.path)
        let fetcher = try repo.fetcher("git://\(repo.path);protocol=file;branch=main", ["SRCREV": third])
        try fetcher.fetch()
        try fetcher.unpack()
        #expect(try FetchTestSupport.read(repo.unpackDir + "/git/file.txt") == "three\n")
    }

    @Test func autorevFollowsTheBranch() throws {
        let repo = try Repository()
        let fetcher = try repo.fetcher("git://\(repo.path);protocol=file;branch=feature", ["SRCREV": "AUTOINC"])
        try fetcher.fetch()
        try fetcher.unpack()
        #expect(try repo.head(repo.unpackDir + "/git") == repo.feature)
    }

    @Test func noNetworkRefusesRemoteGit() throws {
        let repo = try Repository()
        let fetcher = try repo.fetcher(
            "git://git.example.com/repo.git;protocol=https;branch=main", ["SRCREV": repo.first, "BB_NO_NETWORK": "1"])
        let error = #expect(throws: FetchError.self) { try fetcher.fetch() }
        #expect(error?.code == .networkAccess)
        #expect(error?.message.contains("clone --bare --mirror https://git.example.com/repo.git") == true)
    }
}
