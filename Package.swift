// swift-tools-version: 6.0
// policy: a rules engine for vocational-skills subsidy policies.
// The toolchain alone: no package dependencies.
import PackageDescription

let package = Package(
    name: "policy",
    products: [
        .executable(name: "policy", targets: ["policy"]),
        .executable(name: "policy-bench", targets: ["policy-bench"]),
    ],
    targets: [
        // The engine: values, diagnostics, storage, syntax, semantics, runtime, formats, library,
        // batch, analysis (ARCHITECTURE.md). One target, so the optimiser sees across the stages
        // (a decimal's arithmetic inlined into the compiled rules); `DirectionTests` keeps each
        // folder from using a later one. Release builds leave exclusive access to the optimiser's
        // static checks: the dynamic check on every mutation of a class's property cost 12% of a
        // batch's instructions (callgrind). Debug builds, and so the tests, keep it.
        .target(
            name: "PolicyLanguage",
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The tools on top of the engine: documentation pages, the rule-set diff, the quota
        // report and the runner of worked examples. The engine cannot see them.
        .target(name: "PolicyTools", dependencies: ["PolicyLanguage"]),
        // The subcommands, as a library so tests can run them in-process.
        .target(name: "PolicyCommandLine", dependencies: ["PolicyLanguage", "PolicyTools"]),
        // The thin executable.
        .executableTarget(name: "policy", dependencies: ["PolicyCommandLine"]),
        // The benchmark: `swift run -c release policy-bench`.
        .executableTarget(name: "policy-bench", dependencies: ["PolicyLanguage", "PolicyTools"]),
        .testTarget(
            name: "PolicyLanguageTests",
            dependencies: ["PolicyLanguage", "PolicyTools", "PolicyCommandLine"],
            exclude: ["Fixtures"]
        ),
    ]
)
