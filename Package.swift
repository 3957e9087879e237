// swift-tools-version: 6.1
import PackageDescription

/// Settings every Swift target shares: strict Swift 6 plus the upcoming features the style guide asks for.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "bake",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bake", targets: ["bake"]),
        .library(name: "BakeRecipeParser", targets: ["BakeRecipeParser"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: Executables
        .executableTarget(
            name: "bake",
            dependencies: ["BakeCommands"],
            path: "Sources/bake",
            swiftSettings: strictSettings
        ),

        // MARK: Libraries
        .target(
            name: "BakeCommands",
            dependencies: [
                "BakeBasics",
                "BakeRecipeParser",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/BakeCommands",
            swiftSettings: strictSettings
        ),
        .target(
            name: "BakeBasics",
            path: "Sources/Basics",
            swiftSettings: strictSettings
        ),
        .target(
            name: "BakeRecipeParser",
            dependencies: ["BakeBasics", "CBakePython"],
            path: "Sources/RecipeParser",
            resources: [.copy("python")],
            swiftSettings: strictSettings
        ),

        // MARK: C shims
        .systemLibrary(
            name: "CPython",
            path: "Sources/CPython",
            pkgConfig: "python-3.11-embed",
            providers: [.apt(["python3-dev"])]
        ),
        .target(
            name: "CBakePython",
            dependencies: ["CPython"],
            path: "Sources/CBakePython"
        ),

        // MARK: Tests
        .testTarget(
            name: "RecipeParserTests",
            dependencies: ["BakeRecipeParser", "BakeBasics"],
            path: "Tests/RecipeParserTests",
            swiftSettings: strictSettings
        ),
    ]
)
