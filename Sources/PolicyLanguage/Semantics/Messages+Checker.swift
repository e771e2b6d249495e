// The messages of the checker: names, types and units, tables, limits, tests, layers.

extension Messages {
    static func incompleteHeader(_ file: SourceFile, _ range: SourceRange, missing: [Phrase]) -> Diagnostic {
        Diagnostic(
            .error, .incompleteHeader,
            message(
                "the policy's header lacks \(missing.joined(", ", "、"))",
                "政策头部缺少\(missing.map { $0.map { "“\($0)”" } }.joined(", ", "、"))"),
            file: file, range: range,
            hint: message(
                "every policy says its title, document number, jurisdiction and period in force",
                "每项政策都须写明标题、文号、辖区和施行期间"))
    }

    static func periodEndsBeforeStart(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .emptyPeriod, message("the period in force ends before it starts", "施行期间的末日早于首日"), file: file,
            range: range)
    }

    static func extendsItself(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(.error, .extendsCycle, message("a policy cannot extend itself", "政策不能依据其自身"), file: file, range: range)
    }

    static func duplicateEnum(
        _ file: SourceFile, _ range: SourceRange, _ name: String,
        previous: SourceFile, _ previousRange: SourceRange, inParent parent: String?
    ) -> Diagnostic {
        let location = previous.location(of: previousRange.start)
        return Diagnostic(
            .error, .duplicateEnum,
            parent.map {
                message(
                    "the enum \(name) is already declared by \($0); a policy cannot redeclare it",
                    "枚举“\(name)”已由“\($0)”声明，本政策不能重复声明")
            }
                ?? message("the enum \(name) is declared twice", "枚举“\(name)”重复声明"),
            file: file, range: range,
            hint: parent.map { _ in
                message(
                    "to add cases to the inherited enum, write `amend enum \(name) { NEW CASE }`",
                    "要给所继承的枚举增加取值，请写“修订 枚举 \(name) { 新取值 }”")
            },
            notes: [
                message(
                    "first declared at \(verbatim: previous.path):\(location)", "首次声明位置：\(verbatim: previous.path):\(location)")
            ])
    }

    private static var firstHere: Phrase { message("first here", "首次出现于此") }

    static func duplicateCase(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .duplicateCase, message("the case \(name) is listed twice", "枚举项“\(name)”重复列出"), file: file,
            range: range, labels: [.init(range: first, text: firstHere)])
    }

    static func duplicateName(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceRange) -> Diagnostic {
        let line = file.location(of: first.start).line
        return Diagnostic(
            .error, .duplicateName, message("\(name) is declared twice in this policy", "“\(name)”在本政策中重复声明"),
            file: file, range: range,
            hint: message("give one of them another name, or remove it", "请将其中一个改名，或删去一个"),
            notes: [message("first declared at line \(line)", "首次声明于第\(line)行")])
    }

    static func overrideKind(
        _ file: SourceFile, _ range: SourceRange, _ name: String, parent: Phrase, was: Phrase, now: Phrase
    ) -> Diagnostic {
        Diagnostic(
            .error, .overrideKind,
            message(
                "\(name) is \(was) in \(parent); it cannot be redefined as \(now)", "“\(name)”在“\(parent)”中是\(was)，不能重新定义为\(now)"),
            file: file, range: range,
            hint: message(
                "a policy may redefine a parent's rule, program or table, or give a parent's input a value with a rule",
                "政策可以重新定义上级政策的规则、项目或表，也可以用一条规则为上级政策的输入赋值"))
    }

    static func overrideType(
        _ file: SourceFile, _ range: SourceRange, _ name: String, parent: Phrase, was: ValueType, now: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, .overrideType,
            message("\(name) is \(was) in \(parent) but \(now) here", "“\(name)”在“\(parent)”中为\(was.name)，此处却为\(now.name)"),
            file: file, range: range,
            hint: message("a redefinition keeps the type of the definition it replaces", "重新定义须保持被替换定义的类型"))
    }

    static func overrideTableShape(_ file: SourceFile, _ range: SourceRange, _ name: String, parent: Phrase) -> Diagnostic {
        Diagnostic(
            .error, .overrideTable,
            message(
                "the table \(name) replaces the one in \(parent) but has other columns or keys",
                "表“\(name)”替换“\(parent)”中的同名表，但列或键不同"),
            file: file, range: range,
            hint: message(
                "keep the parent's column names, their units and the `by` keys", "请保留上级政策表的列名、各列的单位和“按”所列的键"))
    }

    static func unknownType(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, .unknownType, message("there is no type or enum named \(name)", "没有名为“\(name)”的类型或枚举"),
            file: file, range: range,
            hint: didYouMean(suggestion)
                ?? message(
                    "types are yuan, yuan/day, days, months, hours, persons, percent, number, bool, date, text, or an enum the policy declares",
                    "类型有：元、元/天、天、月、小时、人、百分比、数值、是否、日期、文本，以及本政策声明的枚举"))
    }

    static func duplicateColumn(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .duplicateColumn, message("the column \(name) appears twice", "列“\(name)”重复出现"), file: file,
            range: range, labels: [.init(range: first, text: firstHere)])
    }

    static func unknownColumn(
        _ file: SourceFile, _ range: SourceRange, _ name: String, table: String, columns: [String]
    ) -> Diagnostic {
        Diagnostic(
            .error, .unknownColumn, message("the table \(table) has no column \(name)", "表“\(table)”没有“\(name)”列"),
            file: file, range: range,
            hint: didYouMean(closest(to: name, among: columns))
                ?? message("its columns are \(quoted: columns)", "该表的列为\(quoted: columns)"))
    }

    static func raggedRow(_ file: SourceFile, _ range: SourceRange, cells: Int, columns: Int) -> Diagnostic {
        Diagnostic(
            .error, .raggedRow,
            message(
                "this row has \(cells) cell\(plural(cells)) but the table has \(columns) columns",
                "此行有\(cells)个单元格，但该表有\(columns)列"),
            file: file, range: range,
            hint: message("separate cells with |; every row fills every column", "单元格之间以“|”分隔；每行都须填满各列"))
    }

    static func cellNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .cellNotConstant, message("a table cell holds a value, not a calculation", "表的单元格只填值本身，不填算式"),
            file: file, range: range, hint: message("write the amount itself, with its unit", "请直接写出数额及其单位"))
    }

    static func cellType(
        _ file: SourceFile, _ range: SourceRange, column: String, expected: ValueType, found: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, .cellType,
            message(
                "the column \(column) holds \(expected), but this cell is \(found)",
                "“\(column)”列应为\(expected.name)，此单元格却为\(found.name)"),
            file: file, range: range, primaryLabel: found.name)
    }

    static func duplicateRowKey(_ file: SourceFile, _ range: SourceRange, first: SourceRange) -> Diagnostic {
        let line = file.location(of: first.start).line
        return Diagnostic(
            .error, .duplicateKey,
            message("this row repeats the key of the row on line \(line)", "此行的键与第\(line)行重复"),
            file: file, range: range,
            hint: message(
                "each key appears once, so a lookup finds exactly one row", "每个键只能出现一次，以便查表时只找到一行"))
    }

    /// How a message names what the checker says lacks a citation ("rule", "open parameter" …).
    private static func declarationName(_ what: String) -> Phrase {
        let chinese: String =
            switch what {
            case "rule": "规则"
            case "program": "项目"
            case "obligation": "义务"
            case "open parameter": "待定参数"
            case "table": "表"
            case "quota": "任务表"
            case "milestones": "进度"
            case "limit": "限额"
            case "deadline": "申领期限"
            default: what
            }
        return message("\(verbatim: what)", "\(verbatim: chinese)")
    }

    static func missingCitation(_ file: SourceFile, _ range: SourceRange, what: String, _ name: String) -> Diagnostic {
        let kind = declarationName(what)
        return Diagnostic(
            .error, .missingCitation,
            what == "obligation" || what == "open parameter" || what == "deadline"
                ? message("the \(what) \(name) cites no clause", "\(kind)“\(name)”未引用条款")
                : message("the \(what) \(name) prices money but cites no clause", "\(kind)“\(name)”涉及金额，但未引用条款"),
            file: file, range: range, hint: citationPlace(what, name))
    }

    /// Where a declaration of this kind writes its `cite`.
    private static func citationPlace(_ what: String, _ name: String) -> Phrase {
        switch what {
        case "table", "quota":
            let chinese = what == "quota" ? "任务表" : "表"
            return message(
                "cite the clause after the key column, before `{`: `\(verbatim: what) \(name) by … cite \"第五条\" {`",
                "请在键列之后、“{”之前写明所依据的条款：“\(verbatim: chinese) \(name) 按 … 引用 \"第五条\" {”")
        case "milestones", "limit", "deadline":
            return message(
                "cite the clause after the name, before `{`: `\(verbatim: what) \(name) cite \"第五条\" {`",
                "请在名称之后、“{”之前写明所依据的条款：“\(declarationName(what)) \(name) 引用 \"第五条\" {”")
        default:
            return message(
                "add the clause it encodes after the type, e.g. `: yuan cite \"第五条\"`",
                "请在类型后写明所依据的条款，如“: 元 引用 \"第五条\"”")
        }
    }

    static func emptyCitation(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .emptyCitation, message("the citation is empty", "所引用的条款为空"), file: file, range: range,
            hint: message("name the clause, e.g. cite \"第五条\"", "请写明条款，如“引用 \"第五条\"”"))
    }

    static func unknownCase(
        _ file: SourceFile, _ range: SourceRange, _ name: String, enumType: EnumType, suggestion: String?
    ) -> Diagnostic {
        Diagnostic(
            .error, .unknownCase,
            message("\(name) is not a case of \(enumType.name)", "“\(name)”不是“\(enumType.name)”的枚举项"),
            file: file, range: range,
            hint: didYouMean(suggestion)
                ?? message(
                    "the cases of \(enumType.name) are \(quoted: enumType.cases)",
                    "“\(enumType.name)”的枚举项为\(quoted: enumType.cases)"))
    }

    static func boundsOnUnorderedInput(_ file: SourceFile, _ range: SourceRange, _ type: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .boundsUnordered,
            message(
                "an input of type \(type) has no order, so it cannot have bounds", "\(type.name)类型的输入没有大小之分，不能设定取值范围"),
            file: file, range: range)
    }

    static func typeMismatch(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .typeMismatch,
            message("expected \(expected) here, found \(found)", "此处应为\(expected.name)，实为\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: unitHint(expected: expected, found: found))
    }

    private static func unitHint(expected: ValueType, found: ValueType) -> Phrase? {
        if expected == .identity, found.unit != nil {
            return message(
                "write an identity number as text, in quotes: \"11010519491231002X\"",
                "身份号码应加引号书写为文本，如\"11010519491231002X\"")
        }
        guard case .quantity(let want) = expected, case .quantity(let have) = found else { return nil }
        if have == .number, want != .number {
            return message(
                "write the unit after the number, e.g. 1000 \(want.isPercent ? "%" : want.description)",
                "请在数字后写上单位，如“1000\(want.isPercent ? "%" : " " + want.chineseName)”")
        }
        return nil
    }

    static func boundsNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .boundsNotConstant, message("an input's bounds are fixed values", "输入的取值范围须为固定值"), file: file,
            range: range, hint: message("write e.g. `between 0% and 100%`", "如写作“介于 0% 与 100%”"))
    }

    static func boundsReversed(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .boundsReversed, message("the lower bound is above the upper bound", "下限高于上限"), file: file,
            range: range)
    }

    static func ruleType(
        _ file: SourceFile, _ range: SourceRange, _ name: String, declared: ValueType, found: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, .ruleType,
            message(
                "\(name) is declared \(declared) but its definition gives \(found)",
                "“\(name)”声明为\(declared.name)，但其定义得出的是\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: unitHint(expected: declared, found: found))
    }

    static func cycle(_ file: SourceFile, _ range: SourceRange, names: [String]) -> Diagnostic {
        Diagnostic(
            .error, .cycle,
            message(
                "these rules depend on each other in a circle: \(names, separator: " → ")",
                "以下规则相互依赖，形成循环：\(names, separator: " → ")"),
            file: file, range: range,
            hint: message(
                "a rule cannot need its own value; break the circle by defining one of them without the others",
                "规则不能依赖其自身的值；请改写其中一条，使其不依赖其余几条，以打破循环"))
    }

    static func evaluationTooDeep(_ file: SourceFile, _ range: SourceRange, _ name: String, depth: Int, limit: Int) -> Diagnostic
    {
        Diagnostic(
            .error, .tooDeep,
            message(
                "evaluating \(name) goes \(depth) levels deep through the rules it uses; the engine allows \(limit)",
                "计算“\(name)”要经由所用规则深入\(depth)层；引擎最多允许\(limit)层"),
            file: file, range: range,
            hint: message(
                "compute it in fewer steps: a rule can add many terms at once, or read a table, instead of a long chain of rules",
                "请减少计算步骤：一条规则可一次加总多项，或改为查表，不必经过一长串规则"))
    }

    static func unknownName(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, .unknownName, message("nothing named \(name) is declared", "未声明“\(name)”"),
            file: file, range: range,
            hint: didYouMean(suggestion)
                ?? message(
                    "declare it with `input \(name): …` or `rule \(name): … = …`", "请以“输入 \(name): …”或“规则 \(name): … = …”声明"))
    }

    static func givenNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .notConstant,
            message("a test gives and expects fixed values, not calculations", "测试的给定值和期望值都须是固定值，不能是算式"),
            file: file, range: range)
    }

    static func givenTable(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, .givenTable,
            message("\(name) is a table; a test gives values to inputs and rules", "“\(name)”是表；测试只能为输入和规则给定值"),
            file: file, range: range)
    }

    static func expectNotRule(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, .expectNotRule,
            message("\(name) is not a rule or program of this policy", "“\(name)”不是本政策的规则或项目"),
            file: file, range: range, hint: didYouMean(suggestion))
    }

    static func quotedCase(_ file: SourceFile, _ range: SourceRange, _ text: String) -> Diagnostic {
        Diagnostic(
            .error, .quotedCase,
            message("\"\(text)\" is text, but a case of an enum is expected here", "\"\(text)\"是文本，但此处应为枚举项"),
            file: file, range: range,
            hint: message("write the case without quotes: \(text)", "枚举项不加引号，应写作：\(text)"))
    }

    static func invalidIdentity(
        _ file: SourceFile, _ range: SourceRange, _ text: String, problem: IdentityNumber.Problem
    ) -> Diagnostic {
        Diagnostic(
            .error, .invalidIdentity,
            message(
                "\"\(text)\" is not an identity number: \(problem.reason)",
                "\"\(text)\"不是有效的公民身份号码：\(problem.reason)"),
            file: file, range: range,
            hint: message(
                "an identity number is 17 digits and the check character they give (GB 11643)",
                "公民身份号码为17位数字加由其算出的1位校验码（GB 11643）"))
    }

    /// `doing` is the Checker's verb in the current language: "negate" or 取负.
    static func notANumber(_ file: SourceFile, _ range: SourceRange, found: ValueType, doing: Phrase) -> Diagnostic {
        Diagnostic(
            .error, .notANumber, message("cannot \(doing) a value of type \(found)", "\(found.name)不能\(doing)"), file: file,
            range: range, primaryLabel: found.name)
    }

    static func lookupWithoutColumn(_ file: SourceFile, _ range: SourceRange, table: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .lookupColumn,
            message(
                "a lookup says which column of \(file.text(of: table)) it reads", "查表须写明读取“\(file.text(of: table))”的哪一列"),
            file: file, range: range,
            hint: message(
                "name the column after the key: \(file.text(of: range)).COLUMN", "请在键后写明列名：\(file.text(of: range)).列名"))
    }

    static func numberTooLarge(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .numberTooLarge,
            message("this number has more than 18 significant digits", "此数字的有效数字超过18位"),
            file: file, range: range, hint: message("amounts are exact to 18 digits", "数额精确到18位有效数字"))
    }

    static func tableWithoutLookup(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, .tableAsValue,
            message("\(name) is a table; look a row up and name the column", "“\(name)”是表；请查出一行并写明列名"),
            file: file, range: range, hint: message("write \(name)[key].column", "应写作：\(name)[键].列名"))
    }

    static func ambiguousCase(_ file: SourceFile, _ range: SourceRange, _ name: String, enums: [String]) -> Diagnostic {
        Diagnostic(
            .error, .ambiguousCase,
            message(
                "\(name) is a case of several enums: \(enums, separator: ", ")", "“\(name)”同为多个枚举的枚举项：\(quoted: enums)"),
            file: file, range: range,
            hint: message("say which: \(enums[0]).\(name)", "请写明所属的枚举，如：\(enums[0]).\(name)"))
    }

    static func inheritedWithoutParent(_ file: SourceFile, _ range: SourceRange, rule: String?) -> Diagnostic {
        Diagnostic(
            .error, .inheritedWithoutParent,
            rule.map {
                message(
                    "`inherited` refers to the parent policy's \($0), but no parent policy defines it",
                    "“沿用”指沿用上级政策的“\($0)”，但上级政策均未定义“\($0)”")
            }
                ?? message(
                    "`inherited` is only meaningful inside a rule that redefines a parent policy's rule",
                    "“沿用”只能用在重新定义上级政策规则的规则中"),
            file: file, range: range)
    }

    static func conditionNotBool(_ file: SourceFile, _ range: SourceRange, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .conditionType,
            message("a condition is true or false, but this is \(found)", "条件的结果应为是或否，此处却为\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: message("compare it with a value, e.g. x >= 50%", "请将其与某个值比较，如“x >= 50%”"))
    }

    static func incomparable(_ file: SourceFile, _ range: SourceRange, left: Node, right: Node) -> Diagnostic {
        Diagnostic(
            .error, .incomparable,
            message("cannot compare \(left.type) with \(right.type)", "\(left.type.name)与\(right.type.name)不能比较"),
            file: file, range: left.range,
            primaryLabel: left.type.name, labels: [.init(range: right.range, text: right.type.name)],
            hint: left.type == .percent && right.type == .number
                ? message("write the percent sign after the number, e.g. 50%", "请在数字后加百分号，如“50%”")
                : unitHint(expected: left.type, found: right.type))
    }

    static func unitMismatch(
        _ file: SourceFile, _ range: SourceRange, op: ArithmeticOperator, left: Node, right: Node
    ) -> Diagnostic {
        var hint: Phrase?
        if let l = left.type.unit, let r = right.type.unit {
            if l == .yuan, !r.isDimensionless, !r.involvesMoney {
                let quantity = file.text(of: right.range)
                hint = message(
                    "multiply a rate by the quantity: RATE yuan/\(r.description.dropLast()) * \(quantity)",
                    "请用补贴标准乘以数量：标准 元/\(r.name) * \(quantity)")
            } else if r == .number || l == .number {
                hint = message("write the unit after the number", "请在数字后写上单位")
            }
        }
        return Diagnostic(
            .error, .unitMismatch,
            message("cannot \(op.verb) \(left.type) and \(right.type)", "\(left.type.name)与\(right.type.name)不能\(op.verb)"),
            file: file, range: right.range, primaryLabel: right.type.name,
            labels: [.init(range: left.range, text: left.type.name)], hint: hint)
    }

    static func boundUnit(_ file: SourceFile, _ kind: BoundKind, value: Node, limit: Node) -> Diagnostic {
        Diagnostic(
            .error, .boundUnit,
            message(
                "`\(kind.rawValue)` limits \(value.type) by \(limit.type)",
                "“\(kind.phrase)”限定的值是\(value.type.name)，限额却是\(limit.type.name)"),
            file: file, range: limit.range, primaryLabel: limit.type.name,
            labels: [.init(range: value.range, text: value.type.name)],
            hint: unitHint(expected: value.type, found: limit.type)
                ?? message("give the limit in the value's unit", "限额的单位应与被限定的值相同"))
    }

    static func missingPerUnit(
        _ file: SourceFile, _ range: SourceRange, amount: String, quantity: String, quantityType: ValueType, rate: String
    ) -> Diagnostic {
        Diagnostic(
            .error, .boundUnit,
            message(
                "\(amount) is an amount and \(quantity) is \(quantityType): did you mean \(rate)?",
                "\(amount)是金额，\(quantity)是\(quantityType.name)：是否应为 \(rate)？"),
            file: file, range: range, primaryLabel: message("write \(rate)", "应写作 \(rate)"),
            hint: message(
                "a rate is written with what it is per: \(rate) times \(quantity) is an amount, which the cap then limits",
                "费率须写明“每”什么：\(rate) 乘以 \(quantity) 得出金额，再由上限限定"))
    }

    static func inexactDivision(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .unroundedDivision,
            message(
                "this division may not come out exact, and nothing says how to round it", "此除法可能除不尽，且未写明如何舍入"),
            file: file, range: range,
            hint: message(
                "say how to round: (\(file.text(of: range))) rounded to 0.01 yuan",
                "请写明舍入方式：(\(file.text(of: range))) 四舍五入 至 0.01 元"))
    }

    static func roundingQuantum(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .roundingQuantum, message("round to a fixed positive amount", "舍入的单位须为固定的正数"), file: file,
            range: range,
            hint: message(
                "e.g. rounded to 0.01 yuan, or rounded to 1 yuan", "如“四舍五入 至 0.01 元”，或“四舍五入 至 1 元”"))
    }

    static func unitOfQuantum(_ file: SourceFile, _ range: SourceRange, value: ValueType, quantum: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .roundingUnit,
            message("a value in \(value) is rounded to a step in \(quantum)", "以\(value.name)计的值不能按\(quantum.name)舍入"),
            file: file, range: range, primaryLabel: quantum.name,
            hint: message("round to a step of the same unit", "请按同一单位舍入"))
    }

    /// `doing` names the operation in the current language: `<`, `at most` or 至多.
    static func notOrdered(_ file: SourceFile, _ range: SourceRange, found: ValueType, doing: Phrase) -> Diagnostic {
        Diagnostic(
            .error, .notOrdered,
            message(
                "values of type \(found) have no order, so `\(doing)` does not apply", "\(found.name)没有大小之分，不能使用“\(doing)”"),
            file: file, range: range,
            hint: message("compare them with == or !=, or use match", "请用“==”或“!=”比较，或用“匹配”"))
    }

    /// `what` names the branches in the current language: "the cases of this match".
    static func branchTypes(_ file: SourceFile, _ a: Node, _ b: Node, what: Phrase) -> Diagnostic {
        Diagnostic(
            .error, .branchTypes,
            message("\(what) give different types: \(a.type) and \(b.type)", "\(what)的类型不一致：\(a.type.name)与\(b.type.name)"),
            file: file, range: b.range, primaryLabel: b.type.name, labels: [.init(range: a.range, text: a.type.name)])
    }

    static func notATable(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(.error, .notATable, message("\(name) is not a table", "“\(name)”不是表"), file: file, range: range)
    }

    static func keyCount(_ file: SourceFile, _ range: SourceRange, table: String, expected: [String]) -> Diagnostic {
        Diagnostic(
            .error, .keyCount,
            message("the table \(table) is looked up by \(expected, separator: ", ")", "表“\(table)”按\(quoted: expected)查找"),
            file: file, range: range,
            hint: message(
                "give one key for each: \(table)[\(expected, separator: ", ")]",
                "请为每个键各给一个值：\(table)[\(expected, separator: ", ")]"))
    }

    static func keyType(
        _ file: SourceFile, _ range: SourceRange, column: String, expected: ValueType, found: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, .keyType,
            message(
                "the key column \(column) holds \(expected), but this key is \(found)",
                "键列“\(column)”为\(expected.name)，此键却为\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: expected == .text
                ? message(
                    "name the column after the enum (\(found)) so its cells are cases",
                    "请以枚举名（\(found.name)）为该列命名，使其单元格成为枚举项")
                : nil)
    }

    static func memberOfValue(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .member,
            message(
                "'.' reads a column of a looked-up row or names an enum's case", "“.”用于读取查出的行中的某一列，或指明枚举的某一项"),
            file: file, range: range,
            hint: message("write TABLE[KEY].COLUMN, or ENUM.CASE", "应写作 表名[键].列名，或 枚举名.枚举项"))
    }

    /// `function` and `expected` are in the current language: "min" or 较小值, "one date" or 一个日期.
    static func argumentCount(_ file: SourceFile, _ range: SourceRange, function: Phrase, expected: Phrase) -> Diagnostic {
        Diagnostic(
            .error, .arguments, message("\(function)(…) takes \(expected)", "\(function)(…)的参数应为\(expected)"), file: file,
            range: range)
    }

    static func elseNotLast(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .elseNotLast,
            message("`else` is the last case of a match, on its own", "“否则”须单独作为匹配的最后一个分支"),
            file: file, range: range)
    }

    static func patternNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .patternNotConstant,
            message("a case of a match is a fixed value, a range or else", "匹配的分支须为固定值、范围或“否则”"),
            file: file, range: range,
            hint: message("e.g. 初级 =>, below 100 persons =>, else =>", "如“初级 =>”、“低于 100 人 =>”、“否则 =>”"))
    }

    static func duplicatePattern(_ file: SourceFile, _ range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .duplicatePattern, message("this case is already matched above", "此分支与上文的分支重复"), file: file,
            range: range, labels: [.init(range: first, text: firstHere)])
    }

    static func nonExhaustiveEnum(_ file: SourceFile, _ range: SourceRange, type: EnumType, missing: [String]) -> Diagnostic {
        Diagnostic(
            .error, .nonExhaustive,
            message(
                "this match does not say what \(missing, separator: ", ") get\(missing.count == 1 ? "s" : "")",
                "此匹配未写明\(quoted: missing)对应的值"),
            file: file, range: range,
            hint: message(
                "add a case for \(missing.count == 1 ? "it" : "each") (\(type.name) has \(type.cases, separator: ", ")), or `else => …`",
                "请为\(missing.count == 1 ? "其" : "每一项")添加分支（“\(type.name)”的枚举项为\(quoted: type.cases)），或添加“否则 => …”"
            ))
    }

    static func nonExhaustive(_ file: SourceFile, _ range: SourceRange, hint: Phrase) -> Diagnostic {
        Diagnostic(
            .error, .nonExhaustive, message("this match does not cover every value", "此匹配未涵盖所有取值"), file: file,
            range: range, hint: hint)
    }

    static func emptyKey(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .emptyKey, message("a key cell cannot be none", "键所在的单元格不能为“无”"), file: file, range: range,
            hint: message("every row is found by its key; write the key", "每行都凭键查找；请填写键"))
    }

    static func emptyColumn(_ file: SourceFile, _ range: SourceRange, _ column: String, table: String) -> Diagnostic {
        Diagnostic(
            .error, .emptyColumn,
            message(
                "the column \(column) of the table \(table) has no figure in any row, so what it holds is unknown",
                "表“\(table)”的“\(column)”列没有任何一行给出数值，无从知道其取值"),
            file: file, range: range,
            hint: message(
                "give the figure of at least one row (`none` marks a cell the document leaves empty), or remove the column",
                "请至少为一行给出数值（“无”表示文件未填的单元格），或删去此列"))
    }

    static func noneOutsideTable(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .noneOutsideTable,
            message("`none` marks an empty table cell; it is not a value", "“无”表示表中的空单元格，不是一个值"),
            file: file, range: range,
            hint: message(
                "use `otherwise` to give a value where a table has none", "表中为“无”时，请用“缺省”给出取值"))
    }

    static func unknownMilestones(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, .unknownMilestones, message("no milestones named \(name) are declared", "未声明名为“\(name)”的进度"),
            file: file, range: range,
            hint: didYouMean(suggestion)
                ?? message(
                    "declare them: milestones \(name) cite \"…\" { DAY => SHARE }",
                    "请声明：进度 \(name) 引用 \"…\" { 日期 => 比例 }"))
    }

    static func quotaColumnType(_ file: SourceFile, _ range: SourceRange, column: String, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .quotaColumn,
            message(
                "the quota's column \(column) holds \(found), but targets are numbers",
                "任务表的“\(column)”列为\(found.name)，但任务目标须为数字"),
            file: file, range: range)
    }

    static func totalCells(_ file: SourceFile, _ range: SourceRange, cells: Int, columns: [String]) -> Diagnostic {
        Diagnostic(
            .error, .totalCells,
            message(
                "the total row has \(cells) cell\(plural(cells)), one for each target column is needed",
                "合计行有\(cells)个单元格，应为每个目标列各填一个"),
            file: file, range: range,
            hint: message(
                "write `total | …` with a total for each of \(columns, separator: ", "), or none",
                "应写作“合计 | …”，为\(quoted: columns)各填一个合计数，或填“无”"))
    }

    static func totalMismatch(_ file: SourceFile, _ range: SourceRange, column: String, sum: Phrase, stated: Phrase) -> Diagnostic
    {
        Diagnostic(
            .error, .totalMismatch,
            message(
                "the rows of \(column) add up to \(sum), but the stated total is \(stated)",
                "“\(column)”列各行相加为\(sum)，但所列合计为\(stated)"),
            file: file, range: range, primaryLabel: message("stated \(stated)", "所列合计\(stated)"),
            hint: message(
                "check each row against the document: a row may be missing, split over two lines, or mistyped",
                "请逐行对照原文件核对：可能漏了一行、一行被拆成了两行，或有录入错误"))
    }

    static func amendedTotal(
        _ file: SourceFile, _ range: SourceRange, column: String, sum: Phrase, stated: Phrase, parent: Phrase
    ) -> Diagnostic {
        Diagnostic(
            .error, .totalMismatch,
            message(
                "the amended rows of \(column) add up to \(sum), but the total inherited from \(parent) is \(stated)",
                "修订后“\(column)”列各行相加为\(sum)，但沿用自\(parent)的合计为\(stated)"),
            file: file, range: range,
            hint: message(
                "amend the rows so that they still add up, or declare the quota anew with its own total",
                "请修订各行使其合计不变，或重新声明该任务表并写明新的合计"))
    }

    static func totalReferenceMismatch(
        _ file: SourceFile, _ range: SourceRange, column: String, sum: Phrase, reference: String, figure: Phrase,
        citation: Citation?, related: SourceSpan
    ) -> Diagnostic {
        let clause = citation.map { Phrase(" (\($0.clause))", "（\($0.clause)）") } ?? .empty
        return Diagnostic(
            .error, .totalMismatch,
            message(
                "the rows of \(column) add up to \(sum), but the total is \(reference), which is \(figure)\(clause)",
                "“\(column)”列各行相加为\(sum)，但合计取自\(reference)，为\(figure)\(clause)"),
            file: file, range: range, primaryLabel: figure,
            hint: message(
                "the document's figures disagree, or a row is missing, split over two lines or mistyped: check both against the document",
                "文件中的两处数字不一致，或漏了一行、一行被拆成两行、有录入错误：请将两处分别对照原文件核对"),
            notes: [
                related.file === file
                    ? message("\(reference) is on line \(related.location.line)", "\(reference)位于第\(related.location.line)行")
                    : message("\(reference) is at \(related.description)", "\(reference)位于\(related.description)")
            ])
    }

    /// Where `at least`, `about`, `at most` or `between` was written although no target is.
    enum TargetPlace { case table, key, emptyCell }

    static func misplacedTarget(_ file: SourceFile, _ range: SourceRange, _ kind: TargetMarker.Kind, in place: TargetPlace)
        -> Diagnostic
    {
        let words: Phrase =
            switch kind {
            case .atLeast: Phrase("`at least`", "“至少”")
            case .about: Phrase("`about`", "“约”")
            case .atMost: Phrase("`at most`", "“至多”")
            case .between: Phrase("`between … and …`", "“介于…与…”")
            }
        let (what, hint): (Phrase, Phrase) =
            switch place {
            case .table:
                (
                    Phrase("a table's cell, which is a value", "表的单元格，单元格只填值"),
                    Phrase(
                        "declare it with `quota` if its cells are targets, or write the value alone",
                        "若各单元格是任务目标，请用“任务表”声明；否则只写值本身")
                )
            case .key:
                (
                    Phrase("a key, which names the row", "键列，键列只用来指明行"),
                    Phrase("write the key alone", "键列只写键本身")
                )
            case .emptyCell:
                (
                    Phrase("an empty cell (none)", "空单元格（无）"),
                    Phrase("give the figure, or leave the cell none", "请写出目标数，或让单元格留空（无）")
                )
            }
        return Diagnostic(
            .error, .targetMarker,
            message("\(words) says what a quota's target asks; it cannot mark \(what)", "\(words)说明任务目标的性质，不能用于\(what)"),
            file: file, range: range, hint: hint)
    }

    static func targetRange(_ file: SourceFile, _ range: SourceRange, low: Phrase, high: Phrase) -> Diagnostic {
        Diagnostic(
            .error, .targetRange,
            message(
                "the range's upper end \(high) is not above its lower end \(low)", "范围的上限\(high)不大于其下限\(low)"),
            file: file, range: range,
            hint: message(
                "write `between LOW and HIGH` with the lower end first; a single figure needs no range",
                "应写作“介于 下限 与 上限”，下限在前；单一数字无需写作范围"))
    }

    enum TotalReferenceProblem {
        case notAQuota(String)
        case noRow(String, key: String, suggestion: String?)
        case noFigure
    }

    static func totalReference(_ file: SourceFile, _ range: SourceRange, _ reference: String, problem: TotalReferenceProblem)
        -> Diagnostic
    {
        let (text, hint): (Phrase, Phrase) =
            switch problem {
            case .notAQuota(let table):
                (
                    message("a total may be another quota's figure, but \(table) is a table", "合计可取自另一任务表的目标数，但“\(table)”是表"),
                    message("refer to a quota's row and column, or write the total", "请引用任务表的行与列，或直接写出合计数")
                )
            case .noRow(let table, let key, let suggestion):
                (
                    message("the quota \(table) has no row \(key)", "任务表“\(table)”中没有“\(key)”这一行"),
                    suggestion.map { message("did you mean \($0)?", "是否应为“\($0)”？") }
                        ?? message("give the key of one of its rows", "请给出其中某一行的键")
                )
            case .noFigure:
                (
                    message("\(reference) is empty (none): it gives no figure to add up to", "\(reference)为空（无），没有可对照的数"),
                    message("refer to a cell with a figure, or write the total", "请引用有数字的单元格，或直接写出合计数")
                )
            }
        return Diagnostic(.error, .totalReference, text, file: file, range: range, hint: hint)
    }

    static func milestonesOrder(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .milestonesOrder,
            message(
                "milestones go forward: each day later and each share no smaller than the one before",
                "进度节点须依次推进：每个节点的日期晚于前一个，比例不小于前一个"),
            file: file, range: range)
    }

    static func milestoneShare(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .milestoneShare,
            message("a milestone is a share of the target between 0% and 100%", "进度节点是目标的比例，须介于0%与100%之间"),
            file: file, range: range)
    }

    static func limitProgram(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, .limitProgram,
            message(
                "a limit counts programs, and \(name) is not a program of this policy", "限额所计的是项目，而“\(name)”不是本政策的项目"),
            file: file, range: range, hint: didYouMean(suggestion))
    }

    static func limitProgramTypes(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .limitPrograms,
            message(
                "the programs a limit counts give one unit: \(expected), but this one gives \(found)",
                "限额所计的各项目须得出同一单位：\(expected.name)，但此项目得出的是\(found.name)"),
            file: file, range: range)
    }

    static func limitCount(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .limitCount,
            message("a limit on claims is a whole number of at least 1", "申领件数的限额须为不小于1的整数"), file: file,
            range: range, hint: message("e.g. at most 3 claims", "如“至多 3 件”"))
    }

    static func limitAmountType(_ file: SourceFile, _ range: SourceRange, programs: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .limitAmount,
            message("the programs give \(programs), but the limit is \(found)", "这些项目得出的是\(programs.name)，但限额为\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: message(
                "write `claims` after a number of claims: at most 3 claims", "申领件数后应写“件”：至多 3 件"))
    }

    static func bracketRates(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .bracketRates,
            message(
                "every bracket's rate has one unit: \(expected), but this is \(found)",
                "各档标准的单位须一致：\(expected.name)，但此处为\(found.name)"),
            file: file, range: range, primaryLabel: found.name)
    }
}

extension BoundKind {
    /// How a message names the bound: `at most`, or 至多 in Chinese.
    var phrase: Phrase {
        Phrase(rawValue, self == .atMost ? "至多" : "至少")
    }
}
