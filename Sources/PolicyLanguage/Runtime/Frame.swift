// The state of one evaluation: a register file with one slot per input and per rule, and a
// byte per slot saying whether the slot holds a value yet. A batch reuses one frame for every
// claim, so evaluating a claim allocates nothing: `reset()` clears the bytes and the claim's
// facts are written straight into their slots.

public final class Frame {
    /// Inputs occupy slots `0..<inputCount`, rules the slots after them.
    let values: UnsafeMutablePointer<ExactDecimal>
    /// 0: empty; 1: holds a value. For inputs, empty means the claim did not give the fact.
    let states: UnsafeMutablePointer<UInt8>
    let inputCount: Int
    let slotCount: Int
    /// The claim's date as a day number.
    var claimDate = ExactDecimal.zero
    var hasClaimDate = false
    /// Texts a claim brings that the policy does not mention, interned after the policy's own.
    var claimTexts: [String] = []
    private var claimTextIndexes: [String: Int] = [:]
    let policyTextCount: Int
    /// Set only for an explained evaluation.
    var recorder: TraceRecorder?

    public init(program: Program) {
        inputCount = program.inputs.count
        slotCount = program.inputs.count + program.rules.count
        values = .allocate(capacity: max(slotCount, 1))
        values.initialize(repeating: .zero, count: max(slotCount, 1))
        states = .allocate(capacity: max(slotCount, 1))
        states.initialize(repeating: 0, count: max(slotCount, 1))
        policyTextCount = program.texts.count
    }

    deinit {
        values.deallocate()
        states.deallocate()
    }

    /// Forgets the previous claim.
    public func reset() {
        states.update(repeating: 0, count: slotCount)
        hasClaimDate = false
        if !claimTexts.isEmpty {
            claimTexts.removeAll(keepingCapacity: true)
            claimTextIndexes.removeAll(keepingCapacity: true)
        }
    }

    public func setInput(_ slot: Int, _ value: ExactDecimal) {
        values[slot] = value
        states[slot] = 1
    }

    /// Fixes a rule's value, as a test's `given` does.
    public func setRule(_ slot: Int, _ value: ExactDecimal) {
        values[inputCount + slot] = value
        states[inputCount + slot] = 1
    }

    public func setClaimDate(_ date: CalendarDate) {
        claimDate = ExactDecimal(date.dayNumber)
        hasClaimDate = true
    }

    /// The index of a text the policy does not mention, stable within one claim.
    func internClaimText(_ text: String) -> Int {
        if let index = claimTextIndexes[text] { return index }
        claimTexts.append(text)
        let index = policyTextCount + claimTexts.count - 1
        claimTextIndexes[text] = index
        return index
    }

    func text(at index: Int, in program: Program) -> String {
        index < policyTextCount ? program.texts[index] : claimTexts[index - policyTextCount]
    }
}
