// The state of one evaluation: a register file with one slot per input and per rule, and a
// stamp per slot saying whether the slot holds a value for this claim. A batch reuses one frame
// for every claim, so evaluating a claim allocates nothing: `reset()` starts a new generation of
// stamps, which forgets every slot at once, and the claim's facts are written straight into their
// slots. The flat form's steps (FlatSteps.swift) keep their registers here too.

/// A claim whose facts are decoded already, as `CompiledProgram.run(_:facts:in:into:)` takes
/// claims: the rule slot that decides it, its date as a day number, and its facts,
/// `firstFact..<endFact` of the facts given with it.
package struct DecodedClaim: Sendable {
    package let rule: Int32
    package let day: Int32
    package let firstFact: Int32
    package let endFact: Int32

    package init(rule: Int, on date: CalendarDate, facts: Range<Int>) {
        self.rule = Int32(rule)
        self.day = Int32(date.dayNumber)
        self.firstFact = Int32(facts.lowerBound)
        self.endFact = Int32(facts.upperBound)
    }
}

/// A fact decoded already: the input slot it fills and its value.
package struct DecodedFact: Sendable {
    package let value: ExactDecimal
    package let slot: Int32

    package init(slot: Int, value: ExactDecimal) {
        self.value = value
        self.slot = Int32(slot)
    }
}

package final class Frame {
    /// Inputs occupy slots `0..<inputCount`, rules the slots after them.
    @usableFromInline let values: UnsafeMutablePointer<ExactDecimal>
    /// A slot holds a value when its stamp is the frame's generation. For inputs, empty means the
    /// claim did not give the fact.
    @usableFromInline let stamps: UnsafeMutablePointer<UInt32>
    /// The current generation; never 0, the stamp of a slot never written.
    @usableFromInline var generation: UInt32 = 1
    /// Whether a rule's value was fixed (`setRule`), as a test's `given` does: the flat form's
    /// steps, which lay small rules out in place, then leave the claim to the instruction tree.
    @usableFromInline var fixesRules = false
    /// The flat form's registers (FlatSteps.swift): the constants of `registerOwner`, then the
    /// values its steps make.
    private(set) var registers = UnsafeMutablePointer<ExactDecimal>.allocate(capacity: 1)
    private var registerCapacity = 1
    var registerOwner: FlatProgram?
    let inputCount: Int
    @usableFromInline let slotCount: Int
    /// The claim's date as a day number.
    @usableFromInline var claimDate = ExactDecimal.zero
    @usableFromInline var hasClaimDate = false
    /// When the claim was applied for (`applied`), if it says; else the claim date stands for it.
    @usableFromInline var applicationDate = ExactDecimal.zero
    @usableFromInline var hasApplicationDate = false
    /// The date that selected the policy when a program is `dated` by another of the claim's
    /// dates; else the claim date decides.
    @usableFromInline var decidingDate = ExactDecimal.zero
    @usableFromInline var hasDecidingDate = false
    /// Texts a claim brings that the policy does not mention, as bytes, numbered after the
    /// policy's own texts. Compared as bytes: no String is made for them unless one is shown.
    let claimTexts = ByteBuffer()
    private(set) var claimTextRanges: [Range<Int>] = [] { didSet { hasClaimState = true } }
    /// The policy's own texts, by their bytes.
    private let policyTexts: ByteKeyTable<Int>
    let policyTextCount: Int
    /// Room to build a limit's key, reused for every claim.
    let keyBuffer = ByteBuffer()
    /// Each limit's key, as a range of the key buffer, and its entry in the ledger.
    var limitEntries: [(key: Range<Int>, entry: Int)] = []
    /// What the limits of the claim being decided would record, until it is granted.
    var pendingUsages: [(table: Ledger.Table, entry: Int)] = [] { didSet { hasClaimState = true } }
    /// What the claim asked above an `open` parameter's ceiling, reduced to it, in words: the
    /// decision's first notes.
    package var ceilingNotes: [Phrase] = [] { didSet { hasClaimState = true } }
    /// Whether the claim brought texts, left usages pending or was reduced to a ceiling: set by
    /// any change to those three, so that `reset` tests one flag, not three arrays.
    @usableFromInline private(set) var hasClaimState = false
    /// Set only for an explained evaluation.
    var recorder: TraceRecorder?
    /// The canonical form of the identity number last read or written into a key, and its first
    /// 17 digits. Writing the form takes a division per digit, and a person's limits write it
    /// for every claim; the batch has it in hand when it reads the fact. A function of the
    /// number alone, so it never needs forgetting.
    private var identityBody: Int64 = -1
    private let identityBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 18)

    package init(program: Program) {
        inputCount = program.inputs.count
        slotCount = program.inputs.count + program.rules.count
        values = .allocate(capacity: max(slotCount, 1))
        values.initialize(repeating: .zero, count: max(slotCount, 1))
        stamps = .allocate(capacity: max(slotCount, 1))
        stamps.initialize(repeating: 0, count: max(slotCount, 1))
        policyTextCount = program.texts.count
        var texts = ByteKeyTable<Int>(capacity: program.texts.count)
        for (index, text) in program.texts.enumerated() {
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { buffer in
                let key = UnsafeBufferPointer(buffer)
                if texts.index(of: key) == nil { texts.insert(key, hash: ByteKeyTable<Int>.hash(key), value: index) }
            }
        }
        policyTexts = texts
    }

    deinit {
        values.deallocate()
        stamps.deallocate()
        registers.deallocate()
        identityBytes.deallocate()
    }

    /// Forgets the previous claim.
    @inlinable @inline(__always)
    package func reset() {
        generation &+= 1
        if _slowPath(generation == 0) { restartGenerations() }
        fixesRules = false
        hasClaimDate = false
        hasApplicationDate = false
        hasDecidingDate = false
        if hasClaimState { forgetClaimState() }
    }

    @usableFromInline func restartGenerations() {
        stamps.update(repeating: 0, count: slotCount)
        generation = 1
    }

    /// Whether `slot` holds a value for this claim.
    @inline(__always)
    func holds(_ slot: Int) -> Bool { stamps[slot] == generation }

    /// Records that `slot` holds a value for this claim.
    @inline(__always)
    func mark(_ slot: Int) { stamps[slot] = generation }

    /// Room for `count` registers; what they held is forgotten.
    func reserveRegisters(_ count: Int) {
        guard count > registerCapacity else { return }
        registers.deallocate()
        registers = .allocate(capacity: count)
        registerCapacity = count
        registerOwner = nil
    }

    @usableFromInline func forgetClaimState() {
        claimTexts.removeAll()
        claimTextRanges.removeAll(keepingCapacity: true)
        pendingUsages.removeAll(keepingCapacity: true)
        ceilingNotes.removeAll()
        hasClaimState = false
    }

    @inlinable
    package func setInput(_ slot: Int, _ value: ExactDecimal) {
        values[slot] = value
        stamps[slot] = generation
    }

    /// Starts a claim whose facts are decoded already (`CompiledProgram.run(_:facts:in:into:)`):
    /// forgets the previous claim, then writes the claim's date, as a day number, and its facts.
    @inline(__always)
    func begin(onDay day: Int, facts: UnsafeBufferPointer<DecodedFact>) {
        reset()
        setClaimDate(CalendarDate(dayNumber: day))
        // The generation read once: the stores below could otherwise change it, for all the
        // compiler knows, and it would be read again for every fact.
        let generation = self.generation
        for fact in facts {
            values[Int(fact.slot)] = fact.value
            stamps[Int(fact.slot)] = generation
        }
    }

    /// The value of an input slot, which the claim must have given.
    @inline(__always)
    func input(_ slot: Int) throws(Stop) -> ExactDecimal {
        guard holds(slot) else { throw .missingFact(slot, neededBy: nil) }
        return values[slot]
    }

    /// Writes a text fact, given as its UTF-8 bytes.
    package func setText(_ slot: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
        setInput(slot, ExactDecimal(textNumber(bytes)))
    }

    /// Fixes a rule's value, as a test's `given` does.
    package func setRule(_ slot: Int, _ value: ExactDecimal) {
        values[inputCount + slot] = value
        mark(inputCount + slot)
        fixesRules = true
    }

    @inlinable
    package func setClaimDate(_ date: CalendarDate) {
        claimDate = ExactDecimal(date.dayNumber)
        hasClaimDate = true
    }

    package func setApplicationDate(_ date: CalendarDate) {
        applicationDate = ExactDecimal(date.dayNumber)
        hasApplicationDate = true
    }

    /// Makes the value of a `dated` program's date input the deciding date, if the claim gives it.
    package func setDecidingDate(fromInput slot: Int) {
        guard holds(slot) else { return }
        decidingDate = values[slot]
        hasDecidingDate = true
    }

    /// The date that decides: a `dated` program's date when the claim gives it, else the claim's.
    @inline(__always)
    func decidingDay() throws(Stop) -> ExactDecimal {
        if hasDecidingDate { return decidingDate }
        guard hasClaimDate else { throw .missingClaimDate }
        return claimDate
    }

    /// When the claim was applied for: its `applied` date, else the claim date.
    @inline(__always)
    func applicationDay() throws(Stop) -> ExactDecimal {
        if hasApplicationDate { return applicationDate }
        guard hasClaimDate else { throw .missingClaimDate }
        return claimDate
    }

    /// The number of a text: the policy's own number for a text it mentions, else a number
    /// after the policy's, the same for equal texts within one claim.
    func textNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if let entry = policyTexts.index(of: bytes) { return policyTexts[entry] }
        for (index, range) in claimTextRanges.enumerated()
        where UnsafeBufferPointer(rebasing: claimTexts.bytes[range]).equals(bytes) {
            return policyTextCount + index
        }
        let start = claimTexts.count
        claimTexts.append(bytes)
        claimTextRanges.append(start..<claimTexts.count)
        return policyTextCount + claimTextRanges.count - 1
    }

    func textNumber(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { textNumber($0) }
    }

    /// Appends the bytes of a text to `buffer`.
    func appendText(_ number: Int, to buffer: ByteBuffer, program: Program) {
        if number < policyTextCount {
            buffer.append(program.texts[number])
        } else if number - policyTextCount < claimTextRanges.count {
            let range = claimTextRanges[number - policyTextCount]
            buffer.append(claimTexts.base + range.lowerBound, count: range.count)
        }
    }

    func text(at number: Int, in program: Program) -> String {
        if number < policyTextCount { return program.texts[number] }
        guard number - policyTextCount < claimTextRanges.count else { return "?" }
        return String(decoding: claimTexts.bytes[claimTextRanges[number - policyTextCount]], as: UTF8.self)
    }

    var claimTextCount: Int { claimTextRanges.count }

    /// Appends an identity number's canonical form, 18 ASCII bytes, to `buffer`.
    @inline(__always)
    func appendIdentity(_ value: ExactDecimal, to buffer: ByteBuffer) {
        if value.significand != identityBody {
            IdentityNumber(value: value).write(to: identityBytes)
            identityBody = value.significand
        }
        buffer.append(identityBytes, count: 18)
    }

    /// Keeps the canonical form a batch has just read, `bytes` with a lower-case x upper-cased.
    @inline(__always)
    func remember(_ number: IdentityNumber, canonical bytes: UnsafeBufferPointer<UInt8>) {
        identityBytes.update(from: bytes.baseAddress!, count: 18)
        if identityBytes[17] == UInt8(ascii: "x") { identityBytes[17] = UInt8(ascii: "X") }
        identityBody = number.body
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What formatting a text value needs of an evaluation: the texts its claim brought.
extension Frame: ClaimTexts {
    package func claimText(_ number: Int, in program: Program) -> String? {
        number < policyTextCount + claimTextCount ? text(at: number, in: program) : nil
    }
}
