// The checker: syntax trees of a policy and the policies it extends, to one checked `Program`.
// It resolves every name to a slot, proves types and units, checks tables and the coverage of
// every `match`, rejects cycles between rules and demands a citation on every rule that yields
// money. It never stops at the first error: a wrong node gets the error type, which agrees with
// everything, so one mistake gives one diagnostic.
//
// This file holds the checker's state and the order of its passes; the passes are in the
// `Checker+…` files beside it.

package enum Checker {
    /// Checks `files`, outermost policy first and the policy being checked last; `files[versions...]`
    /// are the policy and the earlier versions it succeeds (just the policy when it succeeds none).
    /// Every diagnostic is returned, wherever it is located: a layer's file may check differently
    /// under this policy than alone, and the library tells the two apart.
    package static func check(chain files: [PolicyFile], versionsFrom versions: Int? = nil) -> (Program?, [Diagnostic]) {
        let context = CheckContext(files: files, versionsFrom: versions ?? files.count - 1)
        let program = context.run()
        return (context.diagnostics.hasErrors ? nil : program, context.diagnostics)
    }
}

final class CheckContext {
    let files: [PolicyFile]
    var diagnostics: [Diagnostic] = []

    var infos: [PolicyInfo?] = []
    var enums: [String: (type: EnumType, file: Int, range: SourceRange)] = [:]
    var enumOrder: [EnumType] = []
    /// `scopes[i]`: the names visible in file `i`, each bound to its latest declaration up to `i`.
    var scopes: [[String: Declared]] = []

    var inputs: [Input?] = []
    var rules: [Rule?] = []
    var ruleDeclarations: [(RuleDeclaration, file: Int)] = []
    var tables: [Table?] = []
    var tableDeclarations: [(TableDeclaration, file: Int)] = []
    /// Quota totals that are another quota's figure, checked once every table is read.
    var pendingTotalReferences: [TotalReference] = []
    var milestones: [Milestones] = []
    /// Milestones by name, visible to every policy of the chain after its declaration.
    var milestoneIndexes: [String: (index: Int, range: SourceRange)] = [:]
    private var texts: [String] = []
    private var textIndexes: [String: Int] = [:]
    private var reasons: [Refusal] = []
    /// The citation of the rule being checked, which its `require` reasons fall under.
    var currentCitation: Citation?
    /// Rule slots each rule slot's definition reads, for the cycle check.
    var dependencies: [Set<Int>] = []

    /// What the expression being checked belongs to.
    var currentFile = 0
    var currentRule: (name: String, slot: Int)?

    struct Declared {
        enum Kind {
            case input(Int)
            case rule(Int, kind: RuleKind)
            case table(Int)
        }
        let kind: Kind
        let type: ValueType
        let file: Int
        let range: SourceRange
    }

    /// The first of the files that are versions of the policy being checked (its predecessors and
    /// itself), after the layers of its parent.
    let versionsFrom: Int
    /// What later files repeal, by name: programs and obligations, limits, tests.
    var repeals: [RepealDeclaration.Kind: [String: (file: Int, citation: Citation?)]] = [:]

    init(files: [PolicyFile], versionsFrom: Int) {
        self.files = files
        self.versionsFrom = versionsFrom
    }

    var leaf: Int { files.count - 1 }

    /// Whether file `index` is a version of a policy that succeeds another (or that other).
    func isSuccession(_ index: Int) -> Bool {
        versionsFrom < leaf && index >= versionsFrom
    }

    func run() -> Program? {
        infos = files.map(checkHeader)
        checkSuccession()
        declareEnums()
        declareNames()
        checkRepeals()
        checkMilestones()
        checkTables()
        checkInputBounds()
        checkRuleBodies()
        let limits = checkLimits()
        checkDatedPrograms()
        let deadlines = checkDeadlines()
        checkCycles()
        let tests = checkTests()
        guard let info = infos[leaf], infos.allSatisfy({ $0 != nil }) else { return nil }
        guard !diagnostics.hasErrors else { return nil }
        var programs: [String: Int] = [:]
        var ruleSlots: [String: Int] = [:]
        var inputSlots: [String: Int] = [:]
        var repealed: [String: Program.Repeal] = [:]
        for (name, declared) in scopes[leaf] {
            switch declared.kind {
            case .rule(let slot, let kind):
                ruleSlots[name] = slot
                if let repeal = repeals[kind == .obligation ? .obligation : .program]?[name], repeal.file >= declared.file {
                    repealed[name] = Program.Repeal(policy: infos[repeal.file]?.name ?? "", citation: repeal.citation)
                    continue
                }
                if kind != .rule { programs[name] = slot }
            case .input(let slot): inputSlots[name] = slot
            case .table: break
            }
        }
        return Program(
            policy: info, chain: infos.reversed().compactMap { $0 },
            inputs: inputs.map { $0! }, rules: rules.map { $0! }, tables: tables.map { $0! },
            milestones: milestones, limits: limits, enums: enumOrder, programs: programs, ruleSlots: ruleSlots,
            inputSlots: inputSlots,
            texts: texts, reasons: reasons, tests: tests, repealed: repealed, deadlines: deadlines)
    }

    // MARK: Helpers

    func node(_ kind: Node.Kind, _ type: ValueType, _ range: SourceRange) -> Node {
        Node(kind: kind, type: type, range: range, file: source)
    }

    func constant(_ value: RuntimeValue, _ type: ValueType, _ range: SourceRange) -> Node {
        node(.constant(value), type, range)
    }

    func errorNode(_ range: SourceRange) -> Node {
        node(.constant(.number(.zero)), .error, range)
    }

    func intern(_ text: String) -> Int {
        if let index = textIndexes[text] { return index }
        texts.append(text)
        textIndexes[text] = texts.count - 1
        return texts.count - 1
    }

    /// A key of a table's row as the policy writes it: `各市补贴性职业技能培训`, `高级工`, `2022-01-01`.
    func keyText(_ row: [RuntimeValue], of table: Table) -> String {
        table.keyColumns.map { column in
            let type = table.columns[column].type
            if type == .text, case .number(let index) = row[column], let slot = index.integerValue, texts.indices.contains(slot) {
                return texts[slot]
            }
            return ValueFormatter(program: nil).format(row[column], as: type)
        }.joined(separator: " | ")
    }

    func internReason(_ text: Phrase) -> Int {
        reasons.append(Refusal(reason: text, citation: currentCitation))
        return reasons.count - 1
    }

    func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }
}
