// swift-tools-version: 6.0
// policy: a rules engine for vocational-skills subsidy policies.
// The toolchain alone: no package dependencies.
import PackageDescription

let package = Package(
    name: "policy",
    products: [
        .library(name: "PolicyLanguage", targets: ["PolicyLanguage"]),
        .executable(name: "policy", targets: ["policy"]),
    ],
    targets: [
        // The language: syntax, semantics, runtime, policy selection, diagnostics.
        .target(name: "PolicyLanguage"),
        // The subcommands, as a library so tests can run them in-process.
        .target(name: "PolicyCommandLine", dependencies: ["PolicyLanguage"]),
        // The thin executable.
        .executableTarget(name: "policy", dependencies: ["PolicyCommandLine"]),
        .testTarget(
            name: "PolicyLanguageTests",
            dependencies: ["PolicyLanguage", "PolicyCommandLine"],
            exclude: ["Fixtures"]
        ),
    ]
)
