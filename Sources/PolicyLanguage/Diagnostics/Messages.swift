// The catalogue of messages, one function per kind, grouped by the stage that reports them.
// Messages are written for policy staff: they name what was found, what was expected and,
// where it helps, what to write instead.

enum Messages {
    // MARK: Lexer

    static func invalidUTF8(_ file: SourceFile, _ range: SourceRange, byte: UInt8) -> Diagnostic {
        Diagnostic(
            .error, "invalid-utf8", "this byte (0x\(String(byte, radix: 16, uppercase: true))) is not UTF-8 text",
            file: file, range: range,
            hint: "save the file as UTF-8; policies are plain UTF-8 text")
    }

    static func unterminatedString(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "unterminated-text", "this text has no closing quote",
            file: file, range: range, hint: "end the text with \" on the same line")
    }

    static func unknownEscape(_ file: SourceFile, _ range: SourceRange, _ scalar: Unicode.Scalar) -> Diagnostic {
        Diagnostic(
            .error, "unknown-escape", "'\\\(Character(scalar))' is not an escape this language knows",
            file: file, range: range, hint: "inside text write \\\" for a quote, \\\\ for a backslash, \\n for a new line")
    }

    static func invalidDate(_ file: SourceFile, _ range: SourceRange, year: Int, month: Int, day: Int) -> Diagnostic {
        let reason: String
        if !(1...12).contains(month) {
            reason = "there is no month \(month)"
        } else if year < 1 {
            reason = "there is no year \(year)"
        } else {
            reason = "\(year)-\(month < 10 ? "0" : "")\(month) has \(CalendarDate.daysIn(month: month, year: year)) days"
        }
        return Diagnostic(.error, "invalid-date", "this is not a date: \(reason)", file: file, range: range)
    }

    static func strayCharacter(_ file: SourceFile, _ range: SourceRange, _ scalar: Unicode.Scalar, fix: String?) -> Diagnostic {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.properties.generalCategory == .control {
            return Diagnostic(
                .error, "unexpected-character", "the control character \(code) is not part of the language",
                file: file, range: range, hint: "remove it: a policy is plain text (was the file saved by a word processor?)")
        }
        return Diagnostic(
            .error, "unexpected-character", "the character '\(Character(scalar))' (\(code)) is not part of the language",
            file: file, range: range,
            hint: fix ?? "remove it, or put it inside text between \"…\"")
    }

    static func curlyQuotes(_ file: SourceFile, _ range: SourceRange, _ text: String) -> Diagnostic {
        Diagnostic(
            .error, "curly-quotes", "text is written between straight quotes, not Chinese quotation marks",
            file: file, range: range, hint: "write \"\(text)\"")
    }

    // MARK: Parser

    static func expected(_ file: SourceFile, _ token: Token, _ what: String) -> Diagnostic {
        Diagnostic(
            .error, "syntax", "expected \(what), found \(token.kind)",
            file: file, range: token.range)
    }

    static func keywordAsName(_ file: SourceFile, _ range: SourceRange, _ keyword: Keyword, expected what: String) -> Diagnostic {
        Diagnostic(
            .error, "keyword-as-name", "expected \(what), found the keyword '\(keyword.rawValue)'",
            file: file, range: range,
            hint: "'\(keyword.rawValue)' is reserved by the language; choose another name")
    }

    static func missingHeader(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "missing-header", "a policy file starts with its header: policy NAME { … }",
            file: file, range: range,
            hint:
                "begin with `policy NAME { title \"…\" document \"…\" jurisdiction PROVINCE/CITY in force FIRST-DAY to LAST-DAY }`"
        )
    }

    static func emptyFile(_ file: SourceFile) -> Diagnostic {
        Diagnostic(
            .error, "empty-file", "this policy file has no policy in it",
            file: file, range: SourceRange(start: 0, end: 0),
            hint:
                "write its header first, `policy NAME { title \"…\" document \"…\" jurisdiction PROVINCE/CITY in force FIRST-DAY to LAST-DAY }`, or remove the file"
        )
    }

    static func secondHeader(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "second-header", "a file holds one policy; this is a second `policy` header",
            file: file, range: range, hint: "put each policy in a file of its own")
    }

    static func chainedComparison(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "chained-comparison", "comparisons cannot be chained",
            file: file, range: range, hint: "write `a <= x and x <= b`, or `x in a to b`")
    }

    static func singleEqualInExpression(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "single-equal", "'=' defines; it does not compare",
            file: file, range: range, hint: "write == to compare two values")
    }

    static func nestedTooDeeply(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "nested-too-deeply", "this expression is nested more than 250 levels deep",
            file: file, range: range,
            hint: "split it into several rules; each operator of a long chain (a + b + c …) counts as one level")
    }
}

// MARK: - Checker

extension Messages {
    private static func quoted(_ names: [String]) -> String {
        names.map { "'\($0)'" }.joined(separator: ", ")
    }

    private static func didYouMean(_ suggestion: String?) -> String? {
        suggestion.map { "did you mean '\($0)'?" }
    }

    static func incompleteHeader(_ file: SourceFile, _ range: SourceRange, missing: [String]) -> Diagnostic {
        Diagnostic(
            .error, "incomplete-header", "the policy's header lacks \(missing.joined(separator: ", "))",
            file: file, range: range,
            hint: "every policy says its title, document number, jurisdiction and period in force")
    }

    static func periodEndsBeforeStart(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(.error, "empty-period", "the period in force ends before it starts", file: file, range: range)
    }

    static func extendsItself(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(.error, "extends-cycle", "a policy cannot extend itself", file: file, range: range)
    }

    static func duplicateEnum(
        _ file: SourceFile, _ range: SourceRange, _ name: String,
        previous: SourceFile, _ previousRange: SourceRange, inParent parent: String?
    ) -> Diagnostic {
        let location = previous.location(of: previousRange.start)
        return Diagnostic(
            .error, "duplicate-enum",
            parent.map { "the enum \(name) is already declared by \($0); a policy cannot redeclare it" }
                ?? "the enum \(name) is declared twice",
            file: file, range: range, notes: ["first declared at \(previous.path):\(location)"])
    }

    static func duplicateCase(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-case", "the case \(name) is listed twice", file: file, range: range,
            labels: [.init(range: first, text: "first here")])
    }

    static func duplicateName(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-name", "\(name) is declared twice in this policy",
            file: file, range: range, hint: "give one of them another name, or remove it",
            notes: ["first declared at line \(file.location(of: first.start).line)"])
    }

    static func overrideKind(
        _ file: SourceFile, _ range: SourceRange, _ name: String, parent: String, was: String, now: String
    ) -> Diagnostic {
        Diagnostic(
            .error, "override-kind", "\(name) is \(was) in \(parent); it cannot be redefined as \(now)",
            file: file, range: range,
            hint: "a policy may redefine a parent's rule, program or table, or give a parent's input a value with a rule")
    }

    static func overrideType(
        _ file: SourceFile, _ range: SourceRange, _ name: String, parent: String, was: ValueType, now: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, "override-type", "\(name) is \(was) in \(parent) but \(now) here",
            file: file, range: range, hint: "a redefinition keeps the type of the definition it replaces")
    }

    static func overrideTableShape(_ file: SourceFile, _ range: SourceRange, _ name: String, parent: String) -> Diagnostic {
        Diagnostic(
            .error, "override-table", "the table \(name) replaces the one in \(parent) but has other columns or keys",
            file: file, range: range, hint: "keep the parent's column names, their units and the `by` keys")
    }

    static func unknownType(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "unknown-type", "there is no type or enum named \(name)",
            file: file, range: range,
            hint: didYouMean(suggestion)
                ?? "types are yuan, yuan/day, days, months, hours, persons, percent, number, bool, date, text, or an enum the policy declares"
        )
    }

    static func duplicateColumn(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-column", "the column \(name) appears twice", file: file, range: range,
            labels: [.init(range: first, text: "first here")])
    }

    static func unknownColumn(
        _ file: SourceFile, _ range: SourceRange, _ name: String, table: String, columns: [String]
    ) -> Diagnostic {
        Diagnostic(
            .error, "unknown-column", "the table \(table) has no column \(name)",
            file: file, range: range,
            hint: didYouMean(closest(to: name, among: columns)) ?? "its columns are \(quoted(columns))")
    }

    static func raggedRow(_ file: SourceFile, _ range: SourceRange, cells: Int, columns: Int) -> Diagnostic {
        Diagnostic(
            .error, "ragged-row", "this row has \(cells) cell\(cells == 1 ? "" : "s") but the table has \(columns) columns",
            file: file, range: range, hint: "separate cells with |; every row fills every column")
    }

    static func cellNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "cell-not-constant", "a table cell holds a value, not a calculation",
            file: file, range: range, hint: "write the amount itself, with its unit")
    }

    static func cellType(
        _ file: SourceFile, _ range: SourceRange, column: String, expected: ValueType, found: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, "cell-type", "the column \(column) holds \(expected), but this cell is \(found)",
            file: file, range: range, primaryLabel: "\(found)")
    }

    static func duplicateRowKey(_ file: SourceFile, _ range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-key", "this row repeats the key of the row on line \(file.location(of: first.start).line)",
            file: file, range: range, hint: "each key appears once, so a lookup finds exactly one row")
    }

    static func missingCitation(_ file: SourceFile, _ range: SourceRange, what: String, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, "missing-citation",
            what == "obligation" || what == "open parameter"
                ? "the \(what) \(name) cites no clause" : "the \(what) \(name) prices money but cites no clause",
            file: file, range: range, hint: "add the clause it encodes after the type, e.g. `: yuan cite \"第五条\"`")
    }

    static func emptyCitation(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "empty-citation", "the citation is empty", file: file, range: range,
            hint: "name the clause, e.g. cite \"第五条\"")
    }

    static func unknownCase(
        _ file: SourceFile, _ range: SourceRange, _ name: String, enumType: EnumType, suggestion: String?
    ) -> Diagnostic {
        Diagnostic(
            .error, "unknown-case", "\(name) is not a case of \(enumType.name)",
            file: file, range: range,
            hint: didYouMean(suggestion) ?? "the cases of \(enumType.name) are \(quoted(enumType.cases))")
    }

    static func boundsOnUnorderedInput(_ file: SourceFile, _ range: SourceRange, _ type: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "bounds-unordered", "an input of type \(type) has no order, so it cannot have bounds",
            file: file, range: range)
    }

    static func typeMismatch(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "type-mismatch", "expected \(expected) here, found \(found)",
            file: file, range: range, primaryLabel: "\(found)",
            hint: unitHint(expected: expected, found: found))
    }

    private static func unitHint(expected: ValueType, found: ValueType) -> String? {
        guard case .quantity(let want) = expected, case .quantity(let have) = found else { return nil }
        if have == .number, want != .number {
            return "write the unit after the number, e.g. 1000 \(want.isPercent ? "%" : want.description)"
        }
        return nil
    }

    static func boundsNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "bounds-not-constant", "an input's bounds are fixed values", file: file, range: range,
            hint: "write e.g. `between 0% and 100%`")
    }

    static func boundsReversed(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(.error, "bounds-reversed", "the lower bound is above the upper bound", file: file, range: range)
    }

    static func ruleType(
        _ file: SourceFile, _ range: SourceRange, _ name: String, declared: ValueType, found: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, "rule-type", "\(name) is declared \(declared) but its definition gives \(found)",
            file: file, range: range, primaryLabel: "\(found)",
            hint: unitHint(expected: declared, found: found))
    }

    static func cycle(_ file: SourceFile, _ range: SourceRange, names: [String]) -> Diagnostic {
        Diagnostic(
            .error, "cycle", "these rules depend on each other in a circle: \(names.joined(separator: " → "))",
            file: file, range: range,
            hint: "a rule cannot need its own value; break the circle by defining one of them without the others")
    }

    static func evaluationTooDeep(_ file: SourceFile, _ range: SourceRange, _ name: String, depth: Int, limit: Int) -> Diagnostic
    {
        Diagnostic(
            .error, "too-deep",
            "evaluating \(name) goes \(depth) levels deep through the rules it uses; the engine allows \(limit)",
            file: file, range: range,
            hint:
                "compute it in fewer steps: a rule can add many terms at once, or read a table, instead of a long chain of rules")
    }

    static func unknownName(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "unknown-name", "nothing named \(name) is declared",
            file: file, range: range,
            hint: didYouMean(suggestion) ?? "declare it with `input \(name): …` or `rule \(name): … = …`")
    }

    static func givenNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "not-constant", "a test gives and expects fixed values, not calculations",
            file: file, range: range)
    }

    static func givenTable(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, "given-table", "\(name) is a table; a test gives values to inputs and rules",
            file: file, range: range)
    }

    static func expectNotRule(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "expect-not-rule", "\(name) is not a rule or program of this policy",
            file: file, range: range, hint: didYouMean(suggestion))
    }

    static func quotedCase(_ file: SourceFile, _ range: SourceRange, _ text: String) -> Diagnostic {
        Diagnostic(
            .error, "quoted-case", "\"\(text)\" is text, but a case of an enum is expected here",
            file: file, range: range, hint: "write the case without quotes: \(text)")
    }

    static func notANumber(_ file: SourceFile, _ range: SourceRange, found: ValueType, doing: String) -> Diagnostic {
        Diagnostic(
            .error, "not-a-number", "cannot \(doing) a value of type \(found)", file: file, range: range,
            primaryLabel: "\(found)")
    }

    static func lookupWithoutColumn(_ file: SourceFile, _ range: SourceRange, table: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "lookup-column", "a lookup says which column of \(file.text(of: table)) it reads",
            file: file, range: range, hint: "name the column after the key: \(file.text(of: range)).COLUMN")
    }

    static func numberTooLarge(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "number-too-large", "this number has more than 18 significant digits",
            file: file, range: range, hint: "amounts are exact to 18 digits")
    }

    static func tableWithoutLookup(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, "table-as-value", "\(name) is a table; look a row up and name the column",
            file: file, range: range, hint: "write \(name)[key].column")
    }

    static func ambiguousCase(_ file: SourceFile, _ range: SourceRange, _ name: String, enums: [String]) -> Diagnostic {
        Diagnostic(
            .error, "ambiguous-case", "\(name) is a case of several enums: \(enums.joined(separator: ", "))",
            file: file, range: range, hint: "say which: \(enums[0]).\(name)")
    }

    static func inheritedWithoutParent(_ file: SourceFile, _ range: SourceRange, rule: String?) -> Diagnostic {
        Diagnostic(
            .error, "inherited-without-parent",
            rule.map { "`inherited` refers to the parent policy's \($0), but no parent policy defines it" }
                ?? "`inherited` is only meaningful inside a rule that redefines a parent policy's rule",
            file: file, range: range)
    }

    static func conditionNotBool(_ file: SourceFile, _ range: SourceRange, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "condition-type", "a condition is true or false, but this is \(found)",
            file: file, range: range, primaryLabel: "\(found)", hint: "compare it with a value, e.g. x >= 50%")
    }

    static func incomparable(_ file: SourceFile, _ range: SourceRange, left: Node, right: Node) -> Diagnostic {
        Diagnostic(
            .error, "incomparable", "cannot compare \(left.type) with \(right.type)",
            file: file, range: left.range,
            primaryLabel: "\(left.type)", labels: [.init(range: right.range, text: "\(right.type)")],
            hint: left.type == .percent && right.type == .number
                ? "write the percent sign after the number, e.g. 50%" : unitHint(expected: left.type, found: right.type))
    }

    static func unitMismatch(
        _ file: SourceFile, _ range: SourceRange, op: ArithmeticOperator, left: Node, right: Node
    ) -> Diagnostic {
        var hint: String?
        if let l = left.type.unit, let r = right.type.unit {
            if l == .yuan, !r.isDimensionless, !r.involvesMoney {
                hint = "multiply a rate by the quantity: RATE yuan/\(r.description.dropLast()) * \(file.text(of: right.range))"
            } else if r == .number || l == .number {
                hint = "write the unit after the number"
            }
        }
        return Diagnostic(
            .error, "unit-mismatch", "cannot \(op.verb) \(left.type) and \(right.type)",
            file: file, range: right.range, primaryLabel: "\(right.type)",
            labels: [.init(range: left.range, text: "\(left.type)")], hint: hint)
    }

    static func boundUnit(_ file: SourceFile, _ kind: BoundKind, value: Node, limit: Node) -> Diagnostic {
        Diagnostic(
            .error, "bound-unit", "`\(kind.rawValue)` limits \(value.type) by \(limit.type)",
            file: file, range: limit.range, primaryLabel: "\(limit.type)",
            labels: [.init(range: value.range, text: "\(value.type)")],
            hint: unitHint(expected: value.type, found: limit.type) ?? "give the limit in the value's unit")
    }

    static func inexactDivision(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "unrounded-division", "this division may not come out exact, and nothing says how to round it",
            file: file, range: range,
            hint: "say how to round: (\(file.text(of: range))) rounded to 0.01 yuan")
    }

    static func roundingQuantum(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "rounding-quantum", "round to a fixed positive amount", file: file, range: range,
            hint: "e.g. rounded to 0.01 yuan, or rounded to 1 yuan")
    }

    static func unitOfQuantum(_ file: SourceFile, _ range: SourceRange, value: ValueType, quantum: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "rounding-unit", "a value in \(value) is rounded to a step in \(quantum)",
            file: file, range: range, primaryLabel: "\(quantum)", hint: "round to a step of the same unit")
    }

    static func notOrdered(_ file: SourceFile, _ range: SourceRange, found: ValueType, doing: String) -> Diagnostic {
        Diagnostic(
            .error, "not-ordered", "values of type \(found) have no order, so `\(doing)` does not apply",
            file: file, range: range, hint: "compare them with == or !=, or use match")
    }

    static func branchTypes(_ file: SourceFile, _ a: Node, _ b: Node, what: String) -> Diagnostic {
        Diagnostic(
            .error, "branch-types", "\(what) give different types: \(a.type) and \(b.type)",
            file: file, range: b.range, primaryLabel: "\(b.type)", labels: [.init(range: a.range, text: "\(a.type)")])
    }

    static func notATable(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(.error, "not-a-table", "\(name) is not a table", file: file, range: range)
    }

    static func keyCount(_ file: SourceFile, _ range: SourceRange, table: String, expected: [String]) -> Diagnostic {
        Diagnostic(
            .error, "key-count", "the table \(table) is looked up by \(expected.joined(separator: ", "))",
            file: file, range: range, hint: "give one key for each: \(table)[\(expected.joined(separator: ", "))]")
    }

    static func keyType(
        _ file: SourceFile, _ range: SourceRange, column: String, expected: ValueType, found: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, "key-type", "the key column \(column) holds \(expected), but this key is \(found)",
            file: file, range: range, primaryLabel: "\(found)",
            hint: expected == .text ? "name the column after the enum (\(found)) so its cells are cases" : nil)
    }

    static func memberOfValue(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "member", "'.' reads a column of a looked-up row or names an enum's case",
            file: file, range: range, hint: "write TABLE[KEY].COLUMN, or ENUM.CASE")
    }

    static func argumentCount(_ file: SourceFile, _ range: SourceRange, function: String, expected: String) -> Diagnostic {
        Diagnostic(.error, "arguments", "\(function)(…) takes \(expected)", file: file, range: range)
    }

    static func elseNotLast(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "else-not-last", "`else` is the last case of a match, on its own",
            file: file, range: range)
    }

    static func patternNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "pattern-not-constant", "a case of a match is a fixed value, a range or else",
            file: file, range: range, hint: "e.g. 初级 =>, below 100 persons =>, else =>")
    }

    static func duplicatePattern(_ file: SourceFile, _ range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-pattern", "this case is already matched above", file: file, range: range,
            labels: [.init(range: first, text: "first here")])
    }

    static func nonExhaustiveEnum(_ file: SourceFile, _ range: SourceRange, type: EnumType, missing: [String]) -> Diagnostic {
        Diagnostic(
            .error, "non-exhaustive",
            "this match does not say what \(missing.joined(separator: ", ")) get\(missing.count == 1 ? "s" : "")",
            file: file, range: range,
            hint:
                "add a case for \(missing.count == 1 ? "it" : "each") (\(type.name) has \(type.cases.joined(separator: ", "))), or `else => …`"
        )
    }

    static func nonExhaustive(_ file: SourceFile, _ range: SourceRange, hint: String) -> Diagnostic {
        Diagnostic(.error, "non-exhaustive", "this match does not cover every value", file: file, range: range, hint: hint)
    }

    static func emptyKey(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "empty-key", "a key cell cannot be none", file: file, range: range,
            hint: "every row is found by its key; write the key")
    }

    static func noneOutsideTable(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "none-outside-table", "`none` marks an empty table cell; it is not a value",
            file: file, range: range, hint: "use `otherwise` to give a value where a table has none")
    }

    static func unknownMilestones(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "unknown-milestones", "no milestones named \(name) are declared", file: file, range: range,
            hint: didYouMean(suggestion) ?? "declare them: milestones \(name) cite \"…\" { DAY => SHARE }")
    }

    static func quotaColumnType(_ file: SourceFile, _ range: SourceRange, column: String, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "quota-column", "the quota's column \(column) holds \(found), but targets are numbers",
            file: file, range: range)
    }

    static func totalCells(_ file: SourceFile, _ range: SourceRange, cells: Int, columns: [String]) -> Diagnostic {
        Diagnostic(
            .error, "total-cells",
            "the total row has \(cells) cell\(cells == 1 ? "" : "s"), one for each target column is needed",
            file: file, range: range,
            hint: "write `total | …` with a total for each of \(columns.joined(separator: ", ")), or none")
    }

    static func totalMismatch(_ file: SourceFile, _ range: SourceRange, column: String, sum: String, stated: String) -> Diagnostic
    {
        Diagnostic(
            .error, "total-mismatch", "the rows of \(column) add up to \(sum), but the stated total is \(stated)",
            file: file, range: range, primaryLabel: "stated \(stated)",
            hint: "check each row against the document: a row may be missing, split over two lines, or mistyped")
    }

    static func milestonesOrder(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "milestones-order", "milestones go forward: each day later and each share no smaller than the one before",
            file: file, range: range)
    }

    static func milestoneShare(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "milestone-share", "a milestone is a share of the target between 0% and 100%", file: file, range: range)
    }

    static func limitProgram(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "limit-program", "a limit counts programs, and \(name) is not a program of this policy",
            file: file, range: range, hint: didYouMean(suggestion))
    }

    static func limitProgramTypes(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "limit-programs", "the programs a limit counts give one unit: \(expected), but this one gives \(found)",
            file: file, range: range)
    }

    static func limitCount(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "limit-count", "a limit on claims is a whole number of at least 1", file: file, range: range,
            hint: "e.g. at most 3 claims")
    }

    static func limitAmountType(_ file: SourceFile, _ range: SourceRange, programs: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "limit-amount", "the programs give \(programs), but the limit is \(found)", file: file, range: range,
            primaryLabel: "\(found)", hint: "write `claims` after a number of claims: at most 3 claims")
    }

    static func bracketRates(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "bracket-rates", "every bracket's rate has one unit: \(expected), but this is \(found)",
            file: file, range: range, primaryLabel: "\(found)")
    }
}

// MARK: - Library

extension Messages {
    static func duplicatePolicy(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceFile) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-policy",
            localized("another file already defines a policy named \(name)", "另一文件已定义名为\(name)的政策"),
            file: file, range: range, hint: localized("policy names are unique across the library", "政策名称在政策库中不得重复"),
            notes: [localized("first defined in \(first.path)", "首次定义于\(first.path)")])
    }

    static func unknownParent(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "unknown-parent",
            localized(
                "this policy extends \(name), but no policy of that name is loaded", "本政策依据\(name)，但未载入该名称的政策"),
            file: file, range: range,
            hint: suggestion.map { localized("did you mean '\($0)'?", "是否应为“\($0)”？") }
                ?? localized("add the parent policy's file to the policy directory", "请将所依据政策的文件放入政策目录"))
    }

    static func brokenAncestor(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, "broken-parent", localized("this policy extends \(name), which cannot be loaded", "本政策依据\(name)，但该政策无法载入"),
            file: file, range: range,
            hint: localized(
                "fix the error reported for \(name) or the policies it extends", "请先改正\(name)或其所依据政策中报告的错误"))
    }

    static func extendsCycle(_ file: SourceFile, _ range: SourceRange, names: [String]) -> Diagnostic {
        Diagnostic(
            .error, "extends-cycle",
            localized(
                "these policies extend each other in a circle: \(names.joined(separator: " → "))",
                "以下政策相互依据，形成循环：\(names.joined(separator: " → "))"),
            file: file, range: range,
            hint: localized("a county extends its province; the province extends no county", "县级政策依据省级政策，省级政策不依据县级政策"))
    }

    static func ambiguousPolicies(_ policy: PolicyInfo, other: PolicyInfo, programs: [String]) -> Diagnostic {
        Diagnostic(
            .error, "ambiguous-policies",
            localized(
                "\(policy.name) and \(other.name) both take force for \(policy.jurisdictionPath) on \(policy.period.start) and both define \(programs.joined(separator: ", "))",
                "\(policy.name)与\(other.name)均自\(policy.period.start)起在\(policy.jurisdictionPath)生效，且均定义了\(programs.joinedForMessage)"
            ),
            file: policy.source, range: nil,
            hint: localized(
                "a claim could not tell which decides; give each its own period in force", "申领时无法确定由哪一政策裁定；请为两者分别规定施行期间"),
            notes: [localized("\(other.name) is in \(other.source.path)", "\(other.name)位于\(other.source.path)")])
    }
}

// MARK: - Deep checks (`policy check`)

extension Messages {
    private static var checkAgainstDocument: String {
        localized("check the comparison against the document, and the conditions before it", "请对照文件核对该比较及其前面的条件")
    }

    static func conditionNeverTrue(_ file: SourceFile, _ range: SourceRange, known: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "branch-never-taken",
            localized(
                "this condition is never true here, so the branch after `then` is never taken", "此处该条件永不成立，`那么`之后的分支永远不会执行"),
            file: file, range: range, hint: checkAgainstDocument, notes: known)
    }

    static func conditionAlwaysTrue(_ file: SourceFile, _ range: SourceRange, known: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "branch-never-taken",
            localized(
                "this condition is always true here, so the branch after `else` is never taken", "此处该条件恒成立，`否则`之后的分支永远不会执行"),
            file: file, range: range, hint: checkAgainstDocument, notes: known)
    }

    static func requirementNeverMet(_ file: SourceFile, _ range: SourceRange, known: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "requirement-never-met",
            localized("this requirement can never be met here, so every claim is refused", "此处该要求永远无法满足，所有申领都将被拒绝"),
            file: file, range: range, hint: checkAgainstDocument, notes: known)
    }

    static func requirementAlwaysMet(_ file: SourceFile, _ range: SourceRange, known: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "requirement-always-met",
            localized("this requirement is always met here, so it never refuses a claim", "此处该要求总能满足，不会拒绝任何申领"),
            file: file, range: range,
            hint: localized(
                "check the comparison; a requirement that cannot fail decides nothing", "请核对该比较；总能满足的要求不起判定作用"),
            notes: known)
    }

    static func caseNeverReached(
        _ file: SourceFile, _ range: SourceRange, isElse: Bool, subject: String, left: String?
    ) -> Diagnostic {
        let message =
            isElse
            ? localized(
                "this else is never reached: the cases above take every value \(subject) can have",
                "此`否则`分支永远不会执行：上面的情形已涵盖\(subject)可能取的全部值")
            : localized(
                "this case is never reached: "
                    + (left.map { "by here \(subject) can only be \($0)" }
                        ?? "the cases and conditions before it leave no value of \(subject)"),
                "此情形永远不会匹配："
                    + (left.map { "到此处\(subject)的取值只剩“\($0)”" } ?? "其前面的情形和条件已不给\(subject)留下任何取值"))
        return Diagnostic(
            .warning, "case-never-reached", message, file: file, range: range,
            hint: isElse
                ? localized("remove the else, or check the cases above", "请删除`否则`分支，或核对上面的情形")
                : localized("remove the case, or check the ones before it", "请删除该情形，或核对其前面的情形"))
    }

    static func bracketNeverApplies(
        _ file: SourceFile, _ range: SourceRange, holdsNothing: Bool, quantity: String, domain: String
    ) -> Diagnostic {
        Diagnostic(
            .warning, "bracket-never-applies",
            holdsNothing
                ? localized(
                    "this bracket holds no quantity: its lower end is not below its upper end", "此档不含任何数量：其下限不低于上限")
                : localized(
                    "this bracket never applies: \(quantity) can only be \(domain)", "此档永远不会适用：\(quantity)的取值只能是“\(domain)”"),
            file: file, range: range, hint: localized("check the bracket's ends against the document", "请对照文件核对此档的上下限"))
    }

    static func bracketShadowed(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .warning, "bracket-never-applies",
            localized(
                "this bracket never applies: the brackets before it take every quantity it holds", "此档永远不会适用：其所含的数量已全部落入前面各档"),
            file: file, range: range,
            hint: localized(
                "in a banded schedule the first bracket that holds the quantity decides", "按`分档`计算时，由第一个包含该数量的档裁定"))
    }

    static func bracketsOverlap(
        _ file: SourceFile, _ range: SourceRange, earlier: SourceRange, shared: String, kind: TierKind
    ) -> Diagnostic {
        let line = file.location(of: earlier.start).line
        let text = Compiler.collapse(file.text(of: earlier))
        return Diagnostic(
            .warning, "brackets-overlap",
            localized("this bracket overlaps an earlier one: both hold \(shared)", "此档与前面的一档重叠：两档都包含“\(shared)”"),
            file: file, range: range, labels: [.init(range: earlier, text: localized("the earlier bracket", "前面的一档"))],
            hint: kind == .marginal
                ? localized(
                    "a marginal schedule would pay that part twice; start each bracket where the last ends: `up to 10 days`, then `above 10 days`",
                    "按`累进`计算会对重叠部分重复补贴；每一档应从上一档的终点开始：先写`不超过 10 天`，再写`超过 10 天`")
                : localized(
                    "the first bracket decides what both hold; make the edges meet without overlapping: `below 100 persons`, then `from 100 persons`",
                    "两档都包含的数量由前一档裁定；请使两档首尾相接而不重叠：先写`低于 100 人`，再写`自 100 人`"),
            notes: [localized("the earlier bracket is `\(text)`, line \(line)", "前面的一档为`\(text)`，位于第\(line)行")])
    }

    static func scheduleGap(_ file: SourceFile, _ range: SourceRange, gap: String, kind: TierKind) -> Diagnostic {
        Diagnostic(
            .warning, "schedule-gap", localized("no bracket of this schedule holds \(gap)", "各档均不包含“\(gap)”"),
            file: file, range: range,
            hint: kind == .marginal
                ? localized(
                    "that part of the quantity earns nothing; add a bracket for it (`=> 0 yuan/day` if the document pays nothing there)",
                    "该部分数量得不到任何补贴；请为其增设一档（文件对该部分不予补贴的，写`=> 0 元/天`）")
                : localized(
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
            .warning, "unused-\(what)", localized("nothing uses the \(what) \(name)", "\(kind)\(name)未被使用"), file: file,
            range: range,
            hint: what == "rule"
                ? localized(
                    "make it a program if a claim should name it, or use it where the document applies it, or remove it",
                    "申领若须指明它，请将其改为`项目`；也可在文件适用之处使用它，或将其删除")
                : localized("use it where the document applies it, or remove it", "请在文件适用之处使用它，或将其删除"))
    }

    static func testExpectsNothing(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .warning, "test-expects-nothing",
            localized("this test expects nothing, so it checks nothing", "此测试没有任何期望，因而不检验任何内容"), file: file,
            range: range,
            hint: localized(
                "add `expect PROGRAM = AMOUNT` or `expect PROGRAM refused \"…\"`", "请添加`期望 项目 = 金额`或`期望 项目 拒绝 \"…\"`"))
    }

    static func givenUnused(_ file: SourceFile, _ range: SourceRange, _ name: String, expected: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "given-unused",
            localized(
                "the test gives \(name), but nothing it expects reads it (\(expected.joined(separator: ", ")))",
                "此测试给定了\(name)，但所期望的项目均不读取它（\(expected.joinedForMessage)）"),
            file: file, range: range,
            hint: localized("remove it, or expect the program that uses it", "请将其删除，或期望使用它的项目"))
    }

    static func unpricedCases(
        _ file: SourceFile, _ range: SourceRange, table: String, column: String, missing: [String], uses: [String],
        allFallBack: Bool
    ) -> Diagnostic {
        Diagnostic(
            allFallBack ? .note : .warning, "unpriced-case",
            localized(
                "the table \(table) has no row for \(column) \(missing.joined(separator: ", "))",
                "表\(table)中没有\(column)为\(missing.joinedForMessage)的行"),
            file: file, range: range,
            hint: allFallBack
                ? nil
                : localized(
                    "add a row for each case (write none in the cells the document leaves empty), or `otherwise …` where the table is read",
                    "请为每种情形各添一行（文件未作规定的格子写`无`），或在读取该表之处写`缺省 …`"),
            notes: uses)
    }

    static func aboveParentCap(
        _ file: SourceFile, _ range: SourceRange, _ name: String, reaches: String, parent: String, cap: String, at place: String
    ) -> Diagnostic {
        Diagnostic(
            .warning, "above-parent-cap",
            localized(
                "\(name) can reach \(reaches), above the \(cap) that \(parent) sets as its cap",
                "\(name)最高可达\(reaches)，超过\(parent)规定的封顶额\(cap)"),
            file: file, range: range,
            hint: localized(
                "a county prices within its province's cap; check the amount or add `at most \(cap)`",
                "县级标准应在省级封顶额以内；请核对金额，或加上`至多 \(cap)`"),
            notes: [localized("\(parent)'s cap is at \(place)", "\(parent)的封顶规定位于\(place)")])
    }

    static func periodsOverlap(_ policy: PolicyInfo, other: PolicyInfo, from: CalendarDate, to: CalendarDate, programs: [String])
        -> Diagnostic
    {
        Diagnostic(
            .warning, "period-overlap",
            localized(
                "\(policy.name) and \(other.name) are both in force for \(policy.jurisdictionPath) from \(from) to \(to), and both define \(programs.joined(separator: ", "))",
                "\(policy.name)与\(other.name)自\(from)至\(to)均在\(policy.jurisdictionPath)施行，且均定义了\(programs.joinedForMessage)"
            ),
            file: policy.source, range: policy.nameRange,
            hint: localized(
                "\(policy.name), which takes force later, decides them then; if it replaces \(other.name), make it extend \(other.name) or end \(other.name)'s period the day before",
                "其间由生效较晚的\(policy.name)裁定；如\(policy.name)取代\(other.name)，请使其依据\(other.name)，或将\(other.name)的施行期间截止于前一日"
            ),
            notes: [
                localized(
                    "\(other.name) is in \(other.source.path), in force \(other.period)",
                    "\(other.name)位于\(other.source.path)，施行期间为\(other.period)")
            ])
    }

    static func periodGap(_ policy: PolicyInfo, after other: PolicyInfo, from: CalendarDate, to: CalendarDate, programs: [String])
        -> Diagnostic
    {
        Diagnostic(
            .warning, "period-gap",
            localized(
                "from \(from) to \(to), between \(other.name) and \(policy.name), no policy for \(policy.jurisdictionPath) defines \(programs.joined(separator: ", "))",
                "自\(from)至\(to)，即\(other.name)与\(policy.name)之间，\(policy.jurisdictionPath)没有任何政策定义\(programs.joinedForMessage)"
            ),
            file: policy.source, range: policy.nameRange,
            hint: localized(
                "claims dated then are refused; start \(policy.name) the day after \(other.name) ends, or extend \(other.name)'s period",
                "该期间的申领将被拒绝；请使\(policy.name)自\(other.name)截止的次日起施行，或延长\(other.name)的施行期间"),
            notes: [
                localized(
                    "\(other.name) is in \(other.source.path), in force \(other.period)",
                    "\(other.name)位于\(other.source.path)，施行期间为\(other.period)")
            ])
    }
}

extension [String] {
    /// A list as a sentence gives it: `a, b` in English, `a、b` in Chinese.
    var joinedForMessage: String { joined(separator: localized(", ", "、")) }
}
