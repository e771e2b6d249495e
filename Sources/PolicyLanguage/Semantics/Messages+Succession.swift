// The messages of succession: a policy that is the next version of an earlier one, and the
// changes it makes to what it inherits (`amend`, `remove`, `repeal`).

extension Messages {
    static func unknownPredecessor(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, .unknownPredecessor,
            message("this policy succeeds \(name), but no policy of that name is loaded", "本政策延续\(name)，但未载入该名称的政策"),
            file: file, range: range,
            hint: suggestion.map { message("did you mean '\($0)'?", "是否应为“\($0)”？") }
                ?? message(
                    "check the policy's name, and load the directory that holds its file too",
                    "请核对政策名称，并一并载入其文件所在的目录"))
    }

    static func predecessorJurisdiction(
        _ file: SourceFile, _ range: SourceRange, _ name: String, its: String, own: String
    ) -> Diagnostic {
        Diagnostic(
            .error, .predecessorJurisdiction,
            message(
                "\(name) is a policy of \(its); a policy of \(own) cannot succeed it",
                "\(name)是\(its)的政策，\(own)的政策不能延续它"),
            file: file, range: range,
            hint: own.hasPrefix(its + "/")
                ? message(
                    "a policy succeeds an earlier version of itself, of the same jurisdiction; to build on a policy of a wider one, write `extends \(name)`",
                    "政策只能延续同一辖区的前一版；要以更大辖区的政策为依据，请写“依据 \(name)”")
                : message(
                    "a policy succeeds an earlier version of itself, of the same jurisdiction", "政策只能延续同一辖区的前一版"))
    }

    static func successorChangesNothing(_ policy: PolicyInfo, predecessor: String) -> Diagnostic {
        Diagnostic(
            .warning, .successorChangesNothing,
            message(
                "\(policy.name) succeeds \(predecessor) and changes nothing: it declares no change and sits on the same parent, so every claim is decided as under \(predecessor)",
                "\(policy.name)延续\(predecessor)但未作任何修改：既未声明任何变化，所依据的上级政策也相同，每件申领的审核结果都与\(predecessor)相同"),
            file: policy.source, range: policy.nameRange,
            hint: message(
                "state what changes (a rule, a table row with `amend`, a `repeal`) or extend a newer parent; to keep the rules for longer, extend \(predecessor)'s period instead",
                "请写明修改之处（规则、用“修订”改表中的行、“废止”），或依据更新的上级政策；若只是延长施行期，请改\(predecessor)的施行期间"))
    }

    static func predecessorPeriod(
        _ file: SourceFile, _ range: SourceRange, _ name: String, itsStart: CalendarDate, ownStart: CalendarDate
    ) -> Diagnostic {
        Diagnostic(
            .error, .predecessorPeriod,
            message(
                "\(name) takes force on \(itsStart), not before this policy (\(ownStart)); a policy succeeds an earlier one",
                "\(name)自\(itsStart)起施行，并不早于本政策（\(ownStart)）；政策只能延续较早的一版"),
            file: file, range: range,
            hint: message(
                "check the two periods in force, or which of the two succeeds the other", "请核对两者的施行期间，或二者谁延续谁"))
    }

    static func succeedsParent(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, .predecessorJurisdiction,
            message("this policy both extends and succeeds \(name)", "本政策既依据又延续\(name)"),
            file: file, range: range,
            hint: message(
                "write `succeeds \(name)` alone: a successor keeps its predecessor's parent unless it names a newer one",
                "只写“延续 \(name)”即可：除非另写新的依据，继任政策沿用前一版的依据"))
    }

    /// A problem in a layer's file that only the policy checked with it has.
    static func inheritedProblem(_ diagnostic: Diagnostic, in layer: String, under file: PolicyFile) -> Diagnostic {
        let header = file.header!
        let link = header.succeeds ?? header.extends ?? header.name
        let at =
            diagnostic.file.map { source in
                let location = diagnostic.range.map { source.location(of: $0.start) }
                return Phrase(verbatim: source.path + (location.map { ":\($0)" } ?? ""))
            } ?? Phrase(verbatim: layer)
        return Diagnostic(
            diagnostic.severity, diagnostic.code,
            message(
                "in \(layer), as this policy inherits it (\(at)): \(diagnostic.message)",
                "本政策所继承的\(layer)中（\(at)）：\(diagnostic.message)"),
            file: file.source, range: link.range,
            primaryLabel: message("inherited from \(layer)", "继承自\(layer)"),
            hint: diagnostic.hint.map {
                message(
                    "\($0); or change it in this policy (redefine, `amend` or `repeal` it)",
                    "\($0)；或在本政策中修改它（重新定义、修订或废止）")
            }
                ?? message(
                    "change it in this policy: redefine, `amend` or `repeal` it", "请在本政策中修改它：重新定义、修订或废止"),
            notes: diagnostic.notes)
    }

    static func nothingToAmend(_ file: SourceFile, _ range: SourceRange, what: Phrase, _ name: String, suggestion: String?)
        -> Diagnostic
    {
        Diagnostic(
            .error, .nothingToAmend,
            message("this policy inherits no \(what) named \(name) to amend", "本政策没有继承名为“\(name)”的\(what)，无从修订"),
            file: file, range: range,
            hint: suggestion.map { message("did you mean '\($0)'?", "是否应为“\($0)”？") }
                ?? message(
                    "`amend` changes what a parent or an earlier version declares; to declare it anew, drop `amend`",
                    "“修订”用于修改上级政策或前一版所声明的内容；若是新声明，请去掉“修订”"))
    }

    static func unknownRow(_ file: SourceFile, _ range: SourceRange, table: String, key: String) -> Diagnostic {
        Diagnostic(
            .error, .unknownRow,
            message(
                "the inherited table \(table) has no row \(key) to remove", "所继承的表“\(table)”中没有可删除的行“\(key)”"),
            file: file, range: range,
            hint: message("give the key cells of a row the inherited table has", "请给出所继承表中某一行的键"))
    }

    static func nothingToRepeal(
        _ file: SourceFile, _ range: SourceRange, what: Phrase, _ name: String, suggestion: String?
    ) -> Diagnostic {
        Diagnostic(
            .error, .nothingToRepeal,
            message("this policy inherits no \(what) named \(name) to repeal", "本政策没有继承名为“\(name)”的\(what)，无从废止"),
            file: file, range: range,
            hint: suggestion.map { message("did you mean '\($0)'?", "是否应为“\($0)”？") }
                ?? message(
                    "`repeal` drops what a parent or an earlier version declares", "“废止”用于取消上级政策或前一版所声明的内容"))
    }

    static func repealWithoutCitation(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, .missingCitation,
            message("the repeal of \(name) cites no clause", "废止“\(name)”未引用条款"),
            file: file, range: range,
            hint: message(
                "add the clause that ends it, e.g. `repeal program \(name) cite \"第五条\"`",
                "请写明废止所依据的条款，如“废止 项目 \(name) 引用 \"第五条\"”"))
    }
}

extension Messages {
    static func notSucceeded(_ policy: PolicyInfo, earlier: PolicyInfo, shared: [String], dropped: [String]) -> Diagnostic {
        Diagnostic(
            .note, .notSucceeded,
            message(
                "\(policy.name) defines programs \(earlier.name) defined (\(shared, separator: ", ")) but does not succeed it, so from \(policy.period.start) no policy of \(policy.jurisdictionPath) prices \(dropped, separator: ", ")",
                "\(policy.name)定义了\(earlier.name)也定义的项目（\(shared, separator: "、")），却未延续它，因此自\(policy.period.start)起\(policy.jurisdictionPath)没有政策规定\(dropped, separator: "、")的标准"
            ),
            file: policy.source, range: policy.nameRange,
            hint: message(
                "to keep \(earlier.name)'s other rules, write `succeeds \(earlier.name)` in the header and state only what changes",
                "要保留\(earlier.name)的其余规定，请在头部写“延续 \(earlier.name)”，只写变化之处"))
    }
}

extension RepealDeclaration.Kind {
    /// How a message names what is repealed: "program", 项目.
    var phrase: Phrase {
        switch self {
        case .program: Phrase("program", "项目")
        case .obligation: Phrase("obligation", "义务")
        case .limit: Phrase("limit", "限额")
        case .deadline: Phrase("deadline", "申领期限")
        case .test: Phrase("test", "测试")
        }
    }
}
