// The libFuzzer entry point for the generated fuzz target: the bytes choose a well-typed policy and
// claims for it (Tests/PolicyLanguageTests/Generated/PolicyGenerator.swift), and the check is
// FuzzHarness.generated, in Tests/PolicyLanguageTests/Generated/FuzzHarness+Generated.swift: the
// policy checks, formats stably in both keyword sets, and the explained and batch compilations and
// the reference evaluator decide its claims alike. Built and run by scripts/fuzz.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let broken = FuzzHarness.generated(Array(UnsafeBufferPointer(start: data, count: size)))
    if !broken.isEmpty { fatalError(broken.joined(separator: "; ")) }
    return 0
}
