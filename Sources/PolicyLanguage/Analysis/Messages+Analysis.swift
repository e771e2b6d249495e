// The messages of the deep checks of `policy check`.

extension Messages {
    private static var checkAgainstDocument: Phrase {
        message("check the comparison against the document, and the conditions before it", "请对照文件核对该比较及其前面的条件")
    }

    static func conditionNeverTrue(_ file: SourceFile, _ range: SourceRange, known: [Phrase]) -> Diagnostic {
        Diagnostic(
            .warning, .branchNeverTaken,
            message(
                "this condition is never true here, so the branch after `then` is never taken", "此处该条件永不成立，`那么`之后的分支永远不会执行"),
            file: file, range: range, hint: checkAgainstDocument, notes: known)
    }

    static func conditionAlwaysTrue(_ file: SourceFile, _ range: SourceRange, known: [Phrase]) -> Diagnostic {
        Diagnostic(
            .warning, .branchNeverTaken,
            message(
                "this condition is always true here, so the branch after `else` is never taken", "此处该条件恒成立，`否则`之后的分支永远不会执行"),
            file: file, range: range, hint: checkAgainstDocument, notes: known)
    }

    static func requirementNeverMet(_ file: SourceFile, _ range: SourceRange, known: [Phrase]) -> Diagnostic {
        Diagnostic(
            .warning, .requirementNeverMet,
            message("this requirement can never be met here, so every claim is refused", "此处该要求永远无法满足，所有申领都将被拒绝"),
            file: file, range: range, hint: checkAgainstDocument, notes: known)
    }

    static func requirementAlwaysMet(_ file: SourceFile, _ range: SourceRange, known: [Phrase]) -> Diagnostic {
        Diagnostic(
            .warning, .requirementAlwaysMet,
            message("this requirement is always met here, so it never refuses a claim", "此处该要求总能满足，不会拒绝任何申领"),
            file: file, range: range,
            hint: message(
                "check the comparison; a requirement that cannot fail decides nothing", "请核对该比较；总能满足的要求不起判定作用"),
            notes: known)
    }

    /// A note of a condition's warning: what is known here about one of its subjects.
    static func knownValues(of subject: String, _ values: Phrase) -> Phrase {
        message("here \(subject) is \(values)", "此处\(subject)的取值为“\(values)”")
    }

    static func caseNeverReached(
        _ file: SourceFile, _ range: SourceRange, isElse: Bool, subject: String, left: Phrase?
    ) -> Diagnostic {
        let text =
            isElse
            ? message(
                "this else is never reached: the cases above take every value \(subject) can have",
                "此`否则`分支永远不会执行：上面的情形已涵盖\(subject)可能取的全部值")
            : left.map {
                message(
                    "this case is never reached: by here \(subject) can only be \($0)",
                    "此情形永远不会匹配：到此处\(subject)的取值只剩“\($0)”")
            }
                ?? message(
                    "this case is never reached: the cases and conditions before it leave no value of \(subject)",
                    "此情形永远不会匹配：其前面的情形和条件已不给\(subject)留下任何取值")
        return Diagnostic(
            .warning, .caseNeverReached, text, file: file, range: range,
            hint: isElse
                ? message("remove the else, or check the cases above", "请删除`否则`分支，或核对上面的情形")
                : message("remove the case, or check the ones before it", "请删除该情形，或核对其前面的情形"))
    }

    static func bracketNeverApplies(
        _ file: SourceFile, _ range: SourceRange, holdsNothing: Bool, quantity: String, domain: Phrase
    ) -> Diagnostic {
        Diagnostic(
            .warning, .bracketNeverApplies,
            holdsNothing
                ? message(
                    "this bracket holds no quantity: its lower end is not below its upper end", "此档不含任何数量：其下限不低于上限")
                : message(
                    "this bracket never applies: \(quantity) can only be \(domain)",
                    "此档永远不会适用：\(quantity)的取值只能是“\(domain)”"),
            file: file, range: range, hint: message("check the bracket's ends against the document", "请对照文件核对此档的上下限"))
    }

    static func bracketShadowed(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .warning, .bracketNeverApplies,
            message(
                "this bracket never applies: the brackets before it take every quantity it holds", "此档永远不会适用：其所含的数量已全部落入前面各档"),
            file: file, range: range,
            hint: message(
                "in a banded schedule the first bracket that holds the quantity decides", "按`分档`计算时，由第一个包含该数量的档裁定"))
    }

    static func bracketsOverlap(
        _ file: SourceFile, _ range: SourceRange, earlier: SourceRange, shared: Phrase, kind: TierKind
    ) -> Diagnostic {
        let line = file.location(of: earlier.start).line
        let text = file.oneLineText(of: earlier)
        return Diagnostic(
            .warning, .bracketsOverlap,
            message(
                "this bracket overlaps an earlier one: both hold \(shared)", "此档与前面的一档重叠：两档都包含“\(shared)”"),
            file: file, range: range, labels: [.init(range: earlier, text: message("the earlier bracket", "前面的一档"))],
            hint: kind == .marginal
                ? message(
                    "a marginal schedule would pay that part twice; start each bracket where the last ends: `up to 10 days`, then `above 10 days`",
                    "按`累进`计算会对重叠部分重复补贴；每一档应从上一档的终点开始：先写`不超过 10 天`，再写`超过 10 天`")
                : message(
                    "the first bracket decides what both hold; make the edges meet without overlapping: `below 100 persons`, then `from 100 persons`",
                    "两档都包含的数量由前一档裁定；请使两档首尾相接而不重叠：先写`低于 100 人`，再写`自 100 人`"),
            notes: [message("the earlier bracket is `\(text)`, line \(line)", "前面的一档为`\(text)`，位于第\(line)行")])
    }

    static func scheduleGap(_ file: SourceFile, _ range: SourceRange, gap: Phrase, kind: TierKind) -> Diagnostic {
        Diagnostic(
            .warning, .scheduleGap, message("no bracket of this schedule holds \(gap)", "各档均不包含“\(gap)”"),
            file: file, range: range,
            hint: kind == .marginal
                ? message(
                    "that part of the quantity earns nothing; add a bracket for it (`=> 0 yuan/day` if the document pays nothing there)",
                    "该部分数量得不到任何补贴；请为其增设一档（文件对该部分不予补贴的，写`=> 0 元/天`）")
                : message(
                    "a claim there is refused (or takes the `otherwise`); add a bracket for it",
                    "落在该范围的申领将被拒绝（或取`缺省`之值）；请为其增设一档"))
    }

    /// `what` is `input`, `rule` or `table`: it names the declaration and ends the code.
    static func unusedDeclaration(_ file: SourceFile, _ range: SourceRange, what: String, _ name: String) -> Diagnostic {
        let kind =
            switch what {
            case "input": "输入"
            case "rule": "规则"
            case "table": "表"
            default: what
            }
        return Diagnostic(
            .warning, what == "input" ? .unusedInput : what == "rule" ? .unusedRule : .unusedTable,
            message("nothing uses the \(what) \(name)", "\(kind)\(name)未被使用"), file: file,
            range: range,
            hint: what == "rule"
                ? message(
                    "make it a program if a claim should name it, or use it where the document applies it, or remove it",
                    "申领若须指明它，请将其改为`项目`；也可在文件适用之处使用它，或将其删除")
                : message("use it where the document applies it, or remove it", "请在文件适用之处使用它，或将其删除"))
    }

    static func testExpectsNothing(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .warning, .testExpectsNothing,
            message("this test expects nothing, so it checks nothing", "此测试没有任何期望，因而不检验任何内容"), file: file,
            range: range,
            hint: message(
                "add `expect PROGRAM = AMOUNT` or `expect PROGRAM refused \"…\"`", "请添加`期望 项目 = 金额`或`期望 项目 拒绝 \"…\"`"))
    }

    static func givenUnused(_ file: SourceFile, _ range: SourceRange, _ name: String, expected: [String]) -> Diagnostic {
        Diagnostic(
            .warning, .givenUnused,
            message(
                "the test gives \(name), but nothing it expects reads it (\(expected, separator: ", "))",
                "此测试给定了\(name)，但所期望的项目均不读取它（\(expected, separator: "、")）"),
            file: file, range: range,
            hint: message("remove it, or expect the program that uses it", "请将其删除，或期望使用它的项目"))
    }

    static func unpricedCases(
        _ file: SourceFile, _ range: SourceRange, table: String, column: String, missing: [String], uses: [Phrase],
        allFallBack: Bool
    ) -> Diagnostic {
        Diagnostic(
            allFallBack ? .note : .warning, .unpricedCase,
            message(
                "the table \(table) has no row for \(column) \(missing, separator: ", ")",
                "表\(table)中没有\(column)为\(missing, separator: "、")的行"),
            file: file, range: range,
            hint: allFallBack
                ? nil
                : message(
                    "add a row for each case (write none in the cells the document leaves empty), or `otherwise …` where the table is read",
                    "请为每种情形各添一行（文件未作规定的格子写`无`），或在读取该表之处写`缺省 …`"),
            notes: uses)
    }

    /// A note of `unpriced-case`: a rule that reads the table, the column it reads, and what it
    /// does with a case the table has no row for: refuse, or fall back (`writtenFallback`,
    /// `inheritedFallback`).
    static func tableReader(_ rule: String, line: Int, column: String, fallback: Phrase?) -> Phrase {
        guard let fallback else {
            return message(
                "\(rule) (line \(line)) reads \(column) and refuses such a claim: it has no `otherwise`",
                "\(rule)（第\(line)行）读取\(column)，会拒绝此类申领：该处没有`缺省`")
        }
        return message(
            "\(rule) (line \(line)) reads \(column) and falls back to \(fallback)",
            "\(rule)（第\(line)行）读取\(column)，缺省时取\(fallback)")
    }

    /// The `otherwise` of a table reader as written.
    static func writtenFallback(_ expression: String) -> Phrase {
        message("`\(expression)`", "`\(expression)`")
    }

    /// The `otherwise` of a table reader that is `inherited`: the parent's rule, and the day the
    /// parent takes force when that is after the reader's policy does.
    static func inheritedFallback(parent: String, _ rule: String, inForceFrom start: CalendarDate?) -> Phrase {
        let inherited = message("inherited: \(parent)'s \(rule)", "`沿用`，即\(parent)的\(rule)")
        guard let start else { return inherited }
        return inherited
            + message(", in force from \(start): before then such a claim is refused", "，该政策自\(start)起施行，此前的此类申领将被拒绝")
    }

    static func aboveParentCap(
        _ file: SourceFile, _ range: SourceRange, _ name: String, reaches: Phrase, parent: String, cap: Phrase, at place: String
    ) -> Diagnostic {
        Diagnostic(
            .warning, .aboveParentCap,
            message(
                "\(name) can reach \(reaches), above the \(cap) that \(parent) sets as its cap",
                "\(name)最高可达\(reaches)，超过\(parent)规定的封顶额\(cap)"),
            file: file, range: range,
            hint: message(
                "a county prices within its province's cap; check the amount or add `at most \(cap)`",
                "县级标准应在省级封顶额以内；请核对金额，或加上`至多 \(cap)`"),
            notes: [message("\(parent)'s cap is at \(verbatim: place)", "\(parent)的封顶规定位于\(verbatim: place)")])
    }

    /// `rows` are the table rows priced below the parent's, by key; one row with an empty key
    /// for a constant amount.
    static func belowParentRate(
        _ file: SourceFile, _ range: SourceRange, _ name: String, parent: String,
        rows: [(key: String, own: Phrase, parents: Phrase)], at place: String
    ) -> Diagnostic {
        let english = rows.map {
            $0.key.isEmpty
                ? "\($0.own.english) against \($0.parents.english)" : "\($0.key) \($0.own.english) against \($0.parents.english)"
        }
        let chinese = rows.map {
            $0.key.isEmpty
                ? "\($0.own.chinese)（\(parent)为\($0.parents.chinese)）"
                : "\($0.key)\($0.own.chinese)（\(parent)为\($0.parents.chinese)）"
        }
        return Diagnostic(
            .note, .belowParentRate,
            message(
                "\(name) pays less than \(parent) does for the same program: \(verbatim: english.joined(separator: ", "))",
                "\(name)的标准低于\(parent)同一项目的标准：\(verbatim: chinese.joined(separator: "，"))"),
            file: file, range: range,
            hint: message(
                "if the county pays another party, both apply; if it means to replace the province's rate, say so in the policies' README",
                "若县级补贴对象与省级不同，两者并行；若县级标准意在替代省级标准，请在政策说明中写明"),
            notes: [message("\(parent)'s definition is at \(verbatim: place)", "\(parent)的定义位于\(verbatim: place)")])
    }

    /// `lowest` is nil where the amount has no limit below.
    static func negativeAmount(_ file: SourceFile, _ range: SourceRange, _ name: String, lowest: Phrase?, zero: Phrase)
        -> Diagnostic
    {
        Diagnostic(
            .warning, .negativeAmount,
            lowest.map {
                message("the program \(name) can grant a negative amount: as low as \($0)", "项目\(name)可能核发负数金额：最低可达\($0)")
            } ?? message("the program \(name) can grant a negative amount, with no limit below", "项目\(name)可能核发负数金额，且没有下限"),
            file: file, range: range,
            hint: message(
                "a subsidy is never negative; check the signs and what is subtracted against the document, or keep the amount at zero or above with `max(\(zero), …)` or `at least \(zero)`",
                "补贴金额不会为负；请对照文件核对正负号和所减的数额，或以`较大值(\(zero), …)`或`至少 \(zero)`使金额不低于零"))
    }

    static func periodsOverlap(_ policy: PolicyInfo, other: PolicyInfo, from: CalendarDate, to: CalendarDate, programs: [String])
        -> Diagnostic
    {
        Diagnostic(
            .warning, .periodOverlap,
            message(
                "\(policy.name) and \(other.name) are both in force for \(policy.jurisdictionPath) from \(from) to \(to), and both define \(programs, separator: ", ")",
                "\(policy.name)与\(other.name)自\(from)至\(to)均在\(policy.jurisdictionPath)施行，且均定义了\(programs, separator: "、")"
            ),
            file: policy.source, range: policy.nameRange,
            hint: message(
                "\(policy.name), which takes force later, decides them then; if it replaces \(other.name), make it extend \(other.name) or end \(other.name)'s period the day before",
                "其间由生效较晚的\(policy.name)裁定；如\(policy.name)取代\(other.name)，请使其依据\(other.name)，或将\(other.name)的施行期间截止于前一日"
            ),
            notes: [
                message(
                    "\(other.name) is in \(verbatim: other.source.path), in force \(other.period.phrase)",
                    "\(other.name)位于\(verbatim: other.source.path)，施行期间为\(other.period.phrase)")
            ])
    }

    static func periodGap(_ policy: PolicyInfo, after other: PolicyInfo, from: CalendarDate, to: CalendarDate, programs: [String])
        -> Diagnostic
    {
        Diagnostic(
            .warning, .periodGap,
            message(
                "from \(from) to \(to), between \(other.name) and \(policy.name), no policy for \(policy.jurisdictionPath) defines \(programs, separator: ", ")",
                "自\(from)至\(to)，即\(other.name)与\(policy.name)之间，\(policy.jurisdictionPath)没有任何政策定义\(programs, separator: "、")"
            ),
            file: policy.source, range: policy.nameRange,
            hint: message(
                "claims dated then are refused; start \(policy.name) the day after \(other.name) ends, or extend \(other.name)'s period",
                "该期间的申领将被拒绝；请使\(policy.name)自\(other.name)截止的次日起施行，或延长\(other.name)的施行期间"),
            notes: [
                message(
                    "\(other.name) is in \(verbatim: other.source.path), in force \(other.period.phrase)",
                    "\(other.name)位于\(verbatim: other.source.path)，施行期间为\(other.period.phrase)")
            ])
    }
}
