// The messages of loading a library of policies: paths, parents, selection.

extension Messages {
    static func duplicatePolicy(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceFile) -> Diagnostic {
        Diagnostic(
            .error, .duplicatePolicy,
            message("another file already defines a policy named \(name)", "另一文件已定义名为\(name)的政策"),
            file: file, range: range, hint: message("policy names are unique across the library", "政策名称在政策库中不得重复"),
            notes: [message("first defined in \(verbatim: first.path)", "首次定义于\(verbatim: first.path)")])
    }

    static func unknownParent(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, .unknownParent,
            message(
                "this policy extends \(name), but no policy of that name is loaded", "本政策依据\(name)，但未载入该名称的政策"),
            file: file, range: range,
            hint: suggestion.map { message("did you mean '\($0)'?", "是否应为“\($0)”？") }
                ?? message("add the parent policy's file to the policy directory", "请将所依据政策的文件放入政策目录"))
    }

    static func brokenAncestor(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, .brokenParent, message("this policy extends \(name), which cannot be loaded", "本政策依据\(name)，但该政策无法载入"),
            file: file, range: range,
            hint: message(
                "fix the error reported for \(name) or the policies it extends", "请先改正\(name)或其所依据政策中报告的错误"))
    }

    static func extendsCycle(_ file: SourceFile, _ range: SourceRange, names: [String]) -> Diagnostic {
        Diagnostic(
            .error, .extendsCycle,
            message(
                "these policies extend or succeed each other in a circle: \(names, separator: " → ")",
                "以下政策相互依据或延续，形成循环：\(names, separator: " → ")"),
            file: file, range: range,
            hint: message("a county extends its province; the province extends no county", "县级政策依据省级政策，省级政策不依据县级政策"))
    }

    static func ambiguousPolicies(_ policy: PolicyInfo, other: PolicyInfo, programs: [String]) -> Diagnostic {
        Diagnostic(
            .error, .ambiguousPolicies,
            message(
                "\(policy.name) and \(other.name) both take force for \(policy.jurisdictionPath) on \(policy.period.start) and both define \(programs, separator: ", ")",
                "\(policy.name)与\(other.name)均自\(policy.period.start)起在\(policy.jurisdictionPath)生效，且均定义了\(programs, separator: "、")"
            ),
            file: policy.source, range: nil,
            hint: message(
                "a claim could not tell which decides; give each its own period in force", "申领时无法确定由哪一政策裁定；请为两者分别规定施行期间"),
            notes: [
                message("\(other.name) is in \(verbatim: other.source.path)", "\(other.name)位于\(verbatim: other.source.path)")
            ])
    }
}
