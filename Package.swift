// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "lendaudit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lendaudit", targets: ["lendaudit"]),
    ],
    // Exact versions: one lendaudit tag builds from one set of bytes. Package.resolved stays out of
    // git (the local package copies have commit ids of their own), so the pins live here.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // The only place C headers enter (libxml2, iconv, the allocator's settings); only `XML` imports it.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "XML", dependencies: ["CLibXML2"]),
        .target(name: "Findings"),
        // The one reader of our YAML files, and their one error: file:line:col: error: …
        .target(name: "YAMLFiles", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Discovery", dependencies: ["Findings", "YAMLFiles", .product(name: "Yams", package: "Yams")]),
        .target(name: "Documents", dependencies: ["Findings", "XML"]),
        .target(name: "Manifests", dependencies: [
            "Findings", "XML", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            "YAMLFiles", .product(name: "Yams", package: "Yams"),
        ]),
        .target(
            name: "Rules",
            dependencies: ["Findings", "Documents", "Manifests", "YAMLFiles", .product(name: "Yams", package: "Yams")],
            plugins: ["EmbedRulesPlugin"]
        ),
        .target(name: "Reporters", dependencies: ["Findings"]),
        // Discovery -> reading -> rules -> one AuditReport: the pipeline behind `scan`.
        .target(name: "Audit", dependencies: [
            "Rules", "Discovery", "Documents", "Manifests", "Findings", "YAMLFiles", .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(
            name: "lendaudit",
            dependencies: [
                "Audit", "Rules", "Reporters", "Discovery", "Findings", "XML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Build-time tool: turns the top-level rules/ folder into Swift source, so the
        // binary carries its packs and works from any working folder.
        .executableTarget(name: "EmbedRules"),
        .plugin(name: "EmbedRulesPlugin", capability: .buildTool(), dependencies: ["EmbedRules"]),

        // Helpers several test targets share (seeded generator, where the binary is).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "XMLTests", dependencies: ["XML", "TestSupport"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "Findings", "TestSupport"]),
        .testTarget(name: "DiscoveryTests", dependencies: ["Discovery", "Findings"]),
        .testTarget(
            name: "ManifestsTests", dependencies: ["Manifests", "Findings", "YAMLFiles", "XML", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.copy("Artefacts")]
        ),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "Documents", "Findings", "TestSupport"]),
        .testTarget(name: "RuleExampleTests", dependencies: ["Audit", "Rules", "Findings"]),
        .testTarget(name: "ReportersTests", dependencies: ["Reporters", "Findings"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "Rules", "Findings"]),
        .testTarget(name: "EndToEndTests", dependencies: ["lendaudit", "Reporters", "TestSupport"], exclude: ["Expected", "Broken", "Hostile"]),
    ]
)
