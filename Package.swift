// swift-tools-version: 6.0
// policy: a rules engine for vocational-skills subsidy policies.
// The toolchain alone: no package dependencies.
import PackageDescription

let package = Package(
    name: "policy",
    products: [
        .library(name: "PolicyLanguage", targets: ["PolicyLanguage"]),
        .executable(name: "policy", targets: ["policy"]),
        .executable(name: "policy-bench", targets: ["policy-bench"]),
    ],
    targets: [
        // The language: syntax, semantics, runtime, policy selection, diagnostics. Release builds
        // leave exclusive access to the optimiser's static checks: the dynamic check on every
        // mutation of a class's property cost 12% of a batch's instructions (callgrind). Debug
        // builds, and so the tests, keep it.
        .target(
            name: "PolicyLanguage",
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The subcommands, as a library so tests can run them in-process.
        .target(name: "PolicyCommandLine", dependencies: ["PolicyLanguage"]),
        // The thin executable.
        .executableTarget(name: "policy", dependencies: ["PolicyCommandLine"]),
        // The benchmark: `swift run -c release policy-bench`.
        .executableTarget(name: "policy-bench", dependencies: ["PolicyLanguage"]),
        .testTarget(
            name: "PolicyLanguageTests",
            dependencies: ["PolicyLanguage", "PolicyCommandLine"],
            exclude: ["Fixtures"]
        ),
    ]
)
