import BakeBasics
import Foundation
import Testing
@testable import BakeRecipeParser

/// The cooker's layer handling, as `bb.cookerdata`/`bb.cooker` do it: the layered fixture
/// compared against the BitBake library lives in Tests/Layers; these are the rules one by one.
@Suite(.serialized, .usesPython) struct CookerTests {
    /// Two layers and a build directory; `extra` outranks `base` and appends to its recipe.
    static func layeredTree(extraLayerConf: String = "", localConf: String = "") throws -> RecipeTree {
        try RecipeTree([
            "build/conf/bblayers.conf": """
            BBPATH = "${TOPDIR}"
            BBFILES ?= ""
            LAYERSERIES_CORENAMES = "styhead"
            BBLAYERS = "${TOPDIR}/../base ${TOPDIR}/../extra/"
            """,
            "build/conf/local.conf": localConf,
            "base/conf/layer.conf": """
            BBPATH .= ":${LAYERDIR}"
            BBFILES += "${LAYERDIR}/recipes/*.bb ${LAYERDIR}/recipes/*.bbappend"
            BBFILE_COLLECTIONS += "base"
            BBFILE_PATTERN_base = "^${LAYERDIR}/"
            BBFILE_PRIORITY_base = "5"
            LAYERVERSION_base = "3"
            LAYERSERIES_COMPAT_base = "styhead"
            BASE_LAYER_DIR := "${LAYERDIR}"
            """,
            "extra/conf/layer.conf": """
            BBPATH .= ":${LAYERDIR}"
            BBFILES += "${LAYERDIR}/recipes/*.bb ${LAYERDIR}/recipes/*.bbappend"
            BBFILE_COLLECTIONS += "extra"
            BBFILE_PATTERN_extra = "^${LAYERDIR}/"
            LAYERDEPENDS_extra = "base (>= 2)"
            LAYERSERIES_COMPAT_extra = "styhead"
            EXTRA_DIR = "${LAYERDIR}/files"
            \(extraLayerConf)
            """,
            "base/conf/bitbake.conf": """
            include conf/local.conf
            PN = "${@bb.parse.vars_from_file(d.getVar('FILE', False), d)[0] or 'defaultpkgname'}"
            PV = "${@bb.parse.vars_from_file(d.getVar('FILE', False), d)[1] or '1.0'}"
            PR = "r0"
            OVERRIDES = "layer-${FILE_LAYERNAME}"
            """,
            "base/classes/base.bbclass": "BASE_SEEN = \"1\"\n",
            "base/recipes/tool_1.0.bb": "DESCRIPTION = \"tool\"\nWHO = \"base\"\n",
            "base/recipes/tool_2.0.bb": "DEFAULT_PREFERENCE = \"-1\"\n",
            "base/recipes/gadget_1.0.bb": "GADGET = \"plain\"\nLAYER_NOTE = \"none\"\nLAYER_NOTE:layer-base = \"from base\"\n",
            "extra/recipes/tool_%.bbappend": "WHO:append = \" extra\"\n",
            "extra/recipes/gadget_1.0.bbappend": "GADGET .= \" appended\"\n",
            "extra/recipes/odd_1.0.bb": "python () {\n    raise bb.parse.SkipRecipe('not for this machine')\n}\n",
        ])
    }

    static func cooker(_ tree: RecipeTree, environment: [String: String] = [:]) throws -> Cooker {
        try Cooker(.init(workingDirectory: tree.path("build"), environment: environment))
    }

    @Test func layerConfigurationPinsEachLayersDirectory() throws {
        let tree = try Self.layeredTree()
        let cooker = try Self.cooker(tree)
        let data = cooker.configuration.data
        #expect(try data.getVar("TOPDIR")?.stringValue == tree.path("build"))
        #expect(try data.getVar("EXTRA_DIR")?.stringValue == tree.path("build") + "/../extra/files")
        #expect(try data.getVar("LAYERDIR") == nil)
        #expect(try data.getVar("BBFILE_COLLECTIONS")?.stringValue == " base extra")
        #expect(try data.getVar("BASE_SEEN")?.stringValue == "1")
        #expect(try data.getVar("LAYERSERIES_COMPAT_base")?.stringValue == "styhead")
    }

    @Test func priorityDefaultsToOneAboveTheLayersDependedOn() throws {
        let cooker = try Self.cooker(try Self.layeredTree())
        let priorities = Dictionary(uniqueKeysWithValues: cooker.configuration.collections.map { ($0.name, $0.priority) })
        #expect(priorities == ["base": 5, "extra": 6])
    }

    @Test func appendsMatchExactlyOrUpToThePercent() throws {
        let tree = try Self.layeredTree()
        let cooker = try Self.cooker(tree)
        #expect(cooker.files.recipes.map { ($0 as NSString).lastPathComponent }
            == ["gadget_1.0.bb", "tool_1.0.bb", "tool_2.0.bb", "odd_1.0.bb"])
        let tool = try #require(cooker.files.recipes.first { $0.hasSuffix("tool_1.0.bb") })
        let targets = try cooker.parse(tool)
        #expect(try targets[0].store.getVar("WHO")?.stringValue == "base extra")
        let gadget = try #require(cooker.files.recipes.first { $0.hasSuffix("gadget_1.0.bb") })
        let store = try cooker.parse(gadget)[0].store
        #expect(try store.getVar("GADGET")?.stringValue == "plain appended")
        #expect(try store.getVar("LAYER_NOTE")?.stringValue == "from base")
    }

    @Test func skippedRecipesKeepTheirReason() throws {
        let tree = try Self.layeredTree()
        let cooker = try Self.cooker(tree)
        let odd = try #require(cooker.files.recipes.first { $0.hasSuffix("odd_1.0.bb") })
        #expect(try cooker.parse(odd).map(\.skipReason) == ["not for this machine"])
    }

    @Test func maskedFilesAreCountedNotParsed() throws {
        let cooker = try Self.cooker(try Self.layeredTree(localConf: "BBMASK = \"/extra/recipes/odd\"\n"))
        #expect(cooker.files.masked == 1)
        #expect(!cooker.files.recipes.contains { $0.hasSuffix("odd_1.0.bb") })
    }

    @Test func unmetLayerDependencyIsAnError() throws {
        let tree = try Self.layeredTree(extraLayerConf: "LAYERDEPENDS_extra += \"missing\"")
        #expect {
            try Self.cooker(tree)
        } throws: { error in
            "\(error)".contains("Layer 'extra' depends on layer 'missing', but this layer is not enabled in your configuration")
        }
    }

    @Test func environmentPassesOnlyApprovedVariables() throws {
        let tree = try Self.layeredTree()
        let cooker = try Self.cooker(tree, environment: ["HOME": "/home/u", "SECRET": "x", "MYVAR": "y",
                                                         "BB_ENV_PASSTHROUGH_ADDITIONS": "MYVAR"])
        let data = cooker.configuration.data
        #expect(try data.getVar("HOME")?.stringValue == "/home/u")
        #expect(try data.getVarFlag("HOME", "export") == .bool(true))
        #expect(try data.getVar("MYVAR")?.stringValue == "y")
        #expect(try data.getVar("SECRET") == nil)
    }

    @Test func preferredVersionFollowsDefaultPreferenceAndPreferredVersion() throws {
        func choose(_ preferred: String?) throws -> String? {
            let data = DataStore()
            if let preferred { try data.setVar("PREFERRED_VERSION_tool", .string(preferred)) }
            let candidates = [("1.0", 0), ("2.0", -1), ("1.5", 0)].map { version, preference in
                PreferredVersions.Candidate(file: "tool_\(version).bb", pn: "tool", epoch: "", version: version, revision: "r0",
                                            defaultPreference: preference, priority: 5)
            }
            return try PreferredVersions(candidates, configuration: data).choices["tool"]?.preferred?.version
        }
        #expect(try choose(nil) == "1.5")
        #expect(try choose("2.0") == "2.0")
        #expect(try choose("1.%") == "1.0")
    }

    @Test(arguments: [
        ("1.0", "1.0", 0), ("1.0", "1.1", -1), ("1.10", "1.9", 1), ("1.0~rc1", "1.0", -1), ("1.0a", "1.0", 1),
        ("1:1.0", "2.0", 1), ("1.0-r1", "1.0-r2", -1), ("1.0+git", "1.0", 1), ("1.0.1", "1.0a", 1),
    ])
    func versionsCompareAsBitBakeDoes(a: String, b: String, expected: Int) {
        #expect(BitBakeVersion.compare(BitBakeVersion.split(a), BitBakeVersion.split(b)).signum() == expected)
    }
}
