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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
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
                "BakeScheduler",
                "BakeQuery",
                "BakeExecutor",
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
            dependencies: ["BakeBasics", "CBakePython", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/RecipeParser",
            resources: [.copy("python")],
            // The datastore's classes are accessed millions of times per parse; release builds
            // drop the run-time exclusivity checks there (debug builds and tests keep them).
            swiftSettings: strictSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),

        .target(
            name: "BakeScheduler",
            dependencies: ["BakeBasics", "BakeRecipeParser", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Scheduler",
            swiftSettings: strictSettings
        ),
        .target(
            name: "BakeQuery",
            dependencies: ["BakeBasics", "BakeScheduler"],
            path: "Sources/Query",
            swiftSettings: strictSettings
        ),
        .target(
            name: "BakeExecutor",
            dependencies: [
                "BakeBasics", "BakeRecipeParser", "BakeScheduler", "CBakeSandbox",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/Executor",
            swiftSettings: strictSettings
        ),
        .target(
            name: "BakeCache",
            dependencies: ["BakeBasics", "CBakeCompression", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Cache",
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

        .systemLibrary(
            name: "CZstd",
            path: "Sources/CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CLZ4",
            path: "Sources/CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        .target(
            name: "CBakeCompression",
            dependencies: ["CZstd", "CLZ4"],
            path: "Sources/CBakeCompression"
        ),

        .systemLibrary(
            name: "CSeccomp",
            path: "Sources/CSeccomp",
            pkgConfig: "libseccomp",
            providers: [.apt(["libseccomp-dev"])]
        ),
        .target(
            name: "CBakeSandbox",
            dependencies: ["CSeccomp"],
            path: "Sources/CBakeSandbox"
        ),

        // MARK: Benchmarks
        .executableTarget(
            name: "scheduler-benchmark",
            dependencies: ["BakeScheduler"],
            path: "Benchmarks/SchedulerBenchmark",
            swiftSettings: strictSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "RecipeParserTests",
            dependencies: ["BakeRecipeParser", "BakeBasics"],
            path: "Tests/RecipeParserTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SchedulerTests",
            dependencies: ["BakeScheduler", "BakeRecipeParser", "BakeBasics"],
            path: "Tests/SchedulerTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "QueryTests",
            dependencies: ["BakeQuery", "BakeScheduler"],
            path: "Tests/QueryTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ExecutorTests",
            dependencies: ["BakeExecutor", "BakeBasics"],
            path: "Tests/ExecutorTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CacheTests",
            dependencies: ["BakeCache", "BakeBasics"],
            path: "Tests/CacheTests",
            swiftSettings: strictSettings
        ),
    ]
)
