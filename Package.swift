// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "budget",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "budget", targets: ["budget"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The browser workbench's HTTP server (`budget serve`); no traits: the configuration
        // reader it offers is not used.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hummingbird's own dependencies, named for the types the server module uses directly.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The only C library besides SQLite. Imported by BudgetXLSX alone.
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // Values only: money, codes, line items, catalogs, CSV text. No I/O on project files.
        // Resources/ is the source of Scripts/embed-resources, which writes it into Swift: the
        // executable carries the catalogs and templates itself, with no resource bundle beside it.
        .target(name: "BudgetModel", exclude: ["Resources"]),
        // The SQLite project file.
        .target(
            name: "BudgetStore",
            dependencies: ["BudgetModel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The disclosure tables, their layouts and the checks: pure computation.
        .target(name: "BudgetReports", dependencies: ["BudgetModel"], exclude: ["Resources"]),
        // Draws report tables into XLSX through libxlsxwriter, and reads XLSX back.
        .target(
            name: "BudgetXLSX",
            dependencies: ["BudgetModel", "BudgetReports", "CXLSXWriter", "ZIPFoundation"]
        ),
        // The operations the CLI offers, each one transaction.
        .target(
            name: "BudgetKit",
            dependencies: ["BudgetModel", "BudgetStore", "BudgetReports", "BudgetXLSX", "ZIPFoundation"],
            // Resources/ holds the statement's DOCX reference documents, embedded by Scripts/embed-resources.
            exclude: ["Resources"]
        ),
        // The browser workbench (`budget serve`): a front end beside the CLI, over ProjectSession.
        // Resources/web is the page, embedded into Swift by Scripts/embed-resources.
        .target(
            name: "BudgetServer",
            dependencies: [
                // BudgetStore for the types the session's answers carry (SnapshotInfo), never the file itself.
                "BudgetKit", "BudgetModel", "BudgetReports", "BudgetStore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Resources"]
        ),
        .executableTarget(
            name: "budget",
            dependencies: [
                "BudgetKit", "BudgetModel", "BudgetReports", "BudgetStore", "BudgetServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "BudgetTestSupport",
            dependencies: ["BudgetKit", "BudgetStore", "BudgetXLSX", "ZIPFoundation", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/BudgetTestSupport"
        ),
        .testTarget(name: "BudgetModelTests", dependencies: ["BudgetModel"]),
        .testTarget(
            name: "BudgetStoreTests",
            dependencies: ["BudgetStore", "BudgetTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]),
        .testTarget(name: "BudgetReportsTests", dependencies: ["BudgetReports", "BudgetTestSupport"]),
        .testTarget(name: "BudgetXLSXTests", dependencies: ["BudgetXLSX", "BudgetTestSupport"]),
        .testTarget(
            name: "BudgetKitTests",
            dependencies: ["BudgetKit", "BudgetStore", "BudgetTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "BudgetCLITests",
            dependencies: ["BudgetTestSupport", "BudgetXLSX", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "BudgetServerTests",
            dependencies: ["BudgetServer", "BudgetKit", "BudgetModel", "BudgetReports", "BudgetXLSX", "BudgetTestSupport"]),
        // Kill -9, disk-full, read-only, concurrency and fuzz tests (issue 6, RELIABILITY.md).
        .testTarget(
            name: "BudgetReliabilityTests",
            dependencies: ["BudgetTestSupport", "BudgetModel", "BudgetXLSX", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
