// The libFuzzer entry point for the claims fuzz target: the check is FuzzHarness.claims, in
// Tests/PolicyLanguageTests/FuzzHarness.swift. Built and run by scripts/fuzz.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let broken = FuzzHarness.claims(Array(UnsafeBufferPointer(start: data, count: size)))
    if !broken.isEmpty { fatalError(broken.joined(separator: "; ")) }
    return 0
}
