import Testing
@testable import BakeRecipeParser

/// Paths are made absolute and normalised as `os.path.abspath` does; paths with nothing to
/// normalise come back unchanged without being taken apart.
@Suite struct PathTests {
    @Test(arguments: [
        ("/a/b", "/a/b"), ("/", "/"), ("/a/.b/..c/c.", "/a/.b/..c/c."), ("/a/b..", "/a/b.."),
        ("/a//b", "/a/b"), ("/a/./b", "/a/b"), ("/a/../b", "/b"), ("/a/b/", "/a/b"),
        ("/a/b/.", "/a/b"), ("/a/b/..", "/a"), ("/..", "/"), ("/.", "/"),
    ])
    func absolutePathNormalises(_ path: String, _ expected: String) {
        #expect(MetadataEvaluator.absolutePath(path) == expected)
    }

    @Test func normalAbsolutePaths() {
        #expect(MetadataEvaluator.isNormalAbsolute("/usr/lib/x.bb"))
        #expect(!MetadataEvaluator.isNormalAbsolute("usr/lib"))
        #expect(!MetadataEvaluator.isNormalAbsolute(""))
        #expect(!MetadataEvaluator.isNormalAbsolute("/a/../b"))
    }
}
