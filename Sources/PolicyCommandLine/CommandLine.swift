// `policy`: the command line. `PolicyCommandLine.run` parses the subcommand and hands over to
// one file per subcommand (Eval.swift, Check.swift). It returns the exit code instead of
// exiting, so tests call it in-process.

import PolicyLanguage

/// Exit codes, documented in `policy --help` and the README.
package enum ExitCode: Int32, Sendable {
    /// The claim was evaluated: granted or refused. For `check`: no errors; for `test`: no
    /// failure; for `diff`: nothing changed.
    case success = 0
    /// The claim is invalid: unreadable, malformed, or its facts do not fit the policy. For
    /// `run`: a claim of the batch was; for `test`: a test failed; for `diff`: an outcome changed.
    case invalidClaim = 1
    /// A policy file has errors; nothing is evaluated under a broken policy set.
    case invalidPolicy = 2
    /// The command line is wrong: an unknown subcommand or option, a missing value, or a path it
    /// names that does not exist, cannot be read or is not the kind of file expected (a
    /// directory for a file); an output that is the same file as an input.
    case usage = 64
    /// A ledger is damaged: nothing is decided against it (sysexits' EX_DATAERR).
    case damagedLedger = 65
    /// A file or a stream could not be written (a full disk, a failing device), or the claims
    /// could not all be read: the results are not all there, so the ledger is not saved
    /// (sysexits' EX_IOERR).
    case writeFailed = 74
    /// Another run holds the ledger; try again, or give --wait (sysexits' EX_TEMPFAIL).
    case ledgerBusy = 75
    /// Standard output was closed by its reader (`| head`): the command stops quietly, and the
    /// executable ends as Unix tools do, by the signal SIGPIPE (status 141 in a shell).
    case closedPipe = 141
}

package enum PolicyCommandLine {
    /// `policy help`, in the language asked for.
    package static func help(in language: Language) -> String { language == .zh ? chineseHelp : englishHelp }

    static let englishHelp =
        "policy: evaluate vocational-skills subsidy claims against policy files.\n\nUSAGE\n"
        + CommandSpec.visible.map { $0.help.english + "\n" }.joined() + "\n" + exitCodes.english + "\n\n"
        + everyCommand.english

    /// The same help for policy staff and claims officers who read Chinese: the same commands,
    /// options and exit codes, in the documents' own words.
    static let chineseHelp =
        "policy：按政策文件审核职业技能培训补贴申领。\n\n用法\n"
        + CommandSpec.visible.map { $0.help.chinese + "\n" }.joined() + "\n" + exitCodes.chinese + "\n\n"
        + everyCommand.chinese

    /// The exit codes, the same for every command.
    static let exitCodes = Phrase(
        """
        EXIT CODES
          0   evaluated (granted, refused; compliant or not); for check, no errors
              (warnings and notes allowed, unless --strict)
          1   invalid claim: unreadable, malformed, or its facts do not fit the policy;
              for run, at least one claim of the batch was invalid;
              for test, at least one test failed; for diff, a claim's outcome changed;
              for quota, lines of the progress file that could not be used;
              for fmt --check, a file is not formatted;
              for lsp, the input ended before shutdown
          2   invalid policy: a policy file has errors, so nothing is evaluated
          64  usage error: unknown subcommand or option; a file or directory named on the
              command line that does not exist, cannot be read or is of the wrong kind (a
              directory for a file); an output that is the same file as an input; for
              timeline, a place or program no policy has; --rules naming a fingerprint
              the loaded policies do not have
          65  the ledger is damaged: nothing is decided against it
          74  a file or stream could not be written (a full disk), or for run the claims
              could not all be read: the results are not in place and the ledger is not
              saved
          75  the ledger is in use by another run; try again, or give --wait
          A reader closing standard output (| head) ends the command quietly, as it does
          Unix tools (by SIGPIPE, status 141 in a shell); run then saves no ledger.
        """,
        """
        退出码
          0   审核完毕（核准、拒绝；合规或不合规）；check：没有错误（允许有警告和注，
              使用 --strict 时除外）
          1   申领无效：无法读取、格式有误，或所给事实不符合政策；
              run：本批至少有一件申领无效；
              test：至少有一项测试失败；diff：有申领的结果发生变化；
              quota：进度文件中有无法使用的行；
              fmt --check：有文件未按规范格式整理；
              lsp：输入在 shutdown 之前结束
          2   政策无效：政策文件有错误，因此不审核任何申领
          64  用法错误：未知的子命令或选项；命令行给出的文件或目录不存在、无法读取或类型
              不符（应为文件却是目录）；输出与输入是同一个文件；timeline：没有政策适用的
              辖区或项目；--rules 给出的指纹不在所载政策之中
          65  台账已损坏：不依据其审核任何申领
          74  文件或输出流无法写入（如磁盘已满），或 run 未能读完全部申领：结果未就位，
              台账不予保存
          75  台账正由另一次运行使用；请稍后再试，或加 --wait 等待
          标准输出的读取方提前关闭（如 | head）时，命令静默结束，与 Unix 工具相同（因
          SIGPIPE 结束，shell 中状态为 141）；此时 run 不保存台账。
        """)

    /// The options every command takes: at the end of the help, and after a subcommand's own.
    static let everyCommand = Phrase(
        """
        EVERY COMMAND
          --lang en|zh   before or after the subcommand: the language of messages,
                         derivations and this help; without it, LANG (zh_CN.UTF-8 is
                         Chinese), else English.
          --color auto|always|never
                         colour in diagnostics: auto (the default) on a terminal unless
                         NO_COLOR is set; always, even into a file or a pipe; never.
          --help, -h     after a subcommand: its usage and options.

        """,
        """
        通用选项
          --lang en|zh   可写在子命令之前或之后：消息、推导过程和本帮助使用的语言；
                         未指定时依据 LANG（zh_CN.UTF-8 为中文），否则为英文。
          --color auto|always|never
                         诊断信息的彩色显示：auto（默认）在终端中且未设置 NO_COLOR 时
                         使用彩色；always 输出到文件或管道时也使用；never 不使用。
          --help, -h     写在子命令之后：显示该命令的用法和选项。

        """)

    package static func run(_ arguments: [String], console: Console) -> ExitCode {
        // `--lang en|zh` and `--color auto|always|never` may come anywhere; without --lang, LANG
        // decides.
        var arguments = arguments
        var option: String?
        // A wrong --lang is reported in the language LANG asks for.
        console.language = Language.choose(option: nil, environment: console.environment) ?? .en
        while let index = arguments.firstIndex(of: "--lang") {
            guard index + 1 < arguments.count else {
                console.writeError(console.errorLine(Phrase("--lang needs a value: en or zh", "--lang 需要一个值：en 或 zh")))
                return .usage
            }
            option = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        guard let language = Language.choose(option: option, environment: console.environment) else {
            let name = option ?? ""
            console.writeError(
                console.errorLine(
                    Phrase("unknown language \(name); --lang en or --lang zh", "不支持的语言 \(name)；请用 --lang en 或 --lang zh")))
            return .usage
        }
        console.language = language
        console.languageOption = option == nil ? nil : language
        while let index = arguments.firstIndex(of: "--color") {
            guard index + 1 < arguments.count else {
                console.writeError(
                    console.errorLine(
                        Phrase("--color needs a value: auto, always or never", "--color 需要一个值：auto、always 或 never")))
                return .usage
            }
            let value = arguments[index + 1]
            guard let choice = Console.ColorChoice(rawValue: value) else {
                console.writeError(
                    console.errorLine(
                        Phrase(
                            "--color is auto, always or never, not \(value)", "--color 只能是 auto、always 或 never，不能是 \(value)")))
                return .usage
            }
            console.color = choice
            arguments.removeSubrange(index...(index + 1))
        }
        return finish(dispatch(arguments, console: console), console: console)
    }

    /// A command's exit code, after any write to standard output or error that failed: a closed
    /// pipe ends the command quietly; any other failure is reported (the command may have said
    /// more already) and exits 74.
    private static func finish(_ code: ExitCode, console: Console) -> ExitCode {
        guard let failure = console.writeFailure, code != .closedPipe, code != .writeFailed else { return code }
        if failure.isClosedPipe { return .closedPipe }
        let stream = failure.stream == .output ? Phrase("standard output", "标准输出") : Phrase("standard error", "标准错误")
        console.writeError(
            console.errorLine(
                Phrase("cannot write to \(stream.english)", "无法写入\(stream.chinese)") + Phrase(verbatim: ": ")
                    + SystemError.reason(failure.code)))
        return .writeFailed
    }

    private static func dispatch(_ arguments: [String], console: Console) -> ExitCode {
        guard let command = arguments.first else {
            console.writeError(help(in: console.language))
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "help", "--help", "-h":
            guard var name = rest.first else {
                console.write(help(in: console.language))
                return .success
            }
            // `policy help --help`: the help of help.
            if command == "help", name == "--help" || name == "-h" { name = "help" }
            guard rest.count == 1 else {
                console.writeError(
                    console.errorLine(Phrase("help takes one command: policy help eval", "help 只接受一个命令：policy help eval")))
                return .usage
            }
            guard let spec = CommandSpec.named(name) else { return unknownCommand(name, console: console) }
            console.write(help(for: spec, in: console.language))
            return .success
        case "--version":
            return VersionCommand.run(rest, console: console)
        default:
            break
        }
        guard let spec = CommandSpec.named(command) else { return unknownCommand(command, console: console) }
        if asksForHelp(rest, spec: spec) {
            console.write(help(for: spec, in: console.language))
            return .success
        }
        switch command {
        case "eval": return EvalCommand.run(rest, console: console)
        case "check": return CheckCommand.run(rest, console: console)
        case "quota": return QuotaCommand.run(rest, console: console)
        case "run": return RunCommand.run(rest, console: console)
        case "test": return TestCommand.run(rest, console: console)
        case "diff": return DiffCommand.run(rest, console: console)
        case "changes": return ChangesCommand.run(rest, console: console)
        case "fmt": return FmtCommand.run(rest, console: console)
        case "doc": return DocCommand.run(rest, console: console)
        case "timeline": return TimelineCommand.run(rest, console: console)
        case "new": return NewCommand.run(rest, console: console)
        case "lsp": return LspCommand.run(rest, console: console)
        case "completions": return CompletionsCommand.run(rest, console: console)
        case "complete-names": return CompletionsCommand.names(rest, console: console)
        case "version": return VersionCommand.run(rest, console: console)
        default: return unknownCommand(command, console: console)
        }
    }

    /// One command's help: its usage and options, then the options every command takes.
    static func help(for command: CommandSpec, in language: Language) -> String {
        Phrase("USAGE\n", "用法\n").text(in: language) + command.help.text(in: language) + "\n\n"
            + everyCommand.text(in: language)
    }

    /// Whether `--help` or `-h` is among a command's arguments as an option (not as the value of one:
    /// `--filter -h` looks for tests named -h).
    static func asksForHelp(_ arguments: [String], spec: CommandSpec) -> Bool {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--help" || argument == "-h" { return true }
            index += spec.valued.contains(argument) ? 2 : 1
        }
        return false
    }

    /// A subcommand no command has: the nearest by edit distance, or every command.
    private static func unknownCommand(_ name: String, console: Console) -> ExitCode {
        let names = CommandSpec.visible.map(\.name)
        if let nearest = closest(to: name, among: names) {
            console.writeError(
                console.errorLine(
                    Phrase("unknown command \(name); did you mean \(nearest)?", "未知的命令 \(name)；是否应为 \(nearest)？")))
        } else {
            let list = names.joined(separator: ", ")
            console.writeError(
                console.errorLine(Phrase("unknown command \(name); the commands: \(list)", "未知的命令 \(name)；可用的命令：\(list)")))
        }
        return .usage
    }
}

/// Options parsed by hand: `--flag`, `--option VALUE`, and positional arguments.
struct Options {
    var flags: Set<String> = []
    /// The last value of each option given.
    var values: [String: String] = [:]
    /// Every value of each option, in order: `--policies policies --policies examples/succession`.
    var lists: [String: [String]] = [:]
    var positional: [String] = []

    /// The paths an option names, each time it is given, or `fallback` when it is not.
    func paths(_ option: String, default fallback: String) -> [String] {
        lists[option] ?? [fallback]
    }

    /// Parses `arguments`; a usage error is printed, and nil returned.
    static func parse(_ arguments: [String], flags: Set<String>, options: Set<String>, reportingTo console: Console) -> Options? {
        switch parse(arguments, flags: flags, options: options) {
        case .success(let parsed): return parsed
        case .failure(let error):
            console.writeError(console.errorLine(error.message))
            return nil
        }
    }

    /// Parses a command's arguments with the options the table gives it (CommandSpec.all).
    static func parse(_ arguments: [String], command: String, reportingTo console: Console) -> Options? {
        let spec = CommandSpec.named(command)
        return parse(arguments, flags: spec?.flags ?? [], options: spec?.valued ?? [], reportingTo: console)
    }

    /// Parses `arguments`, or returns the usage error to print.
    static func parse(_ arguments: [String], flags: Set<String>, options: Set<String>) -> Result<Options, UsageError> {
        var result = Options()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if flags.contains(argument) {
                result.flags.insert(argument)
            } else if options.contains(argument) {
                guard index + 1 < arguments.count else {
                    return .failure(UsageError(Phrase("\(argument) needs a value", "\(argument) 需要一个值")))
                }
                index += 1
                result.values[argument] = arguments[index]
                result.lists[argument, default: []].append(arguments[index])
            } else if argument.hasPrefix("--"), argument != "--" {
                let known = (flags.union(options)).sorted()
                if let nearest = closest(to: argument, among: known) {
                    return .failure(
                        UsageError(
                            Phrase(
                                "unknown option \(argument); did you mean \(nearest)?", "未知的选项 \(argument)；是否应为 \(nearest)？")))
                }
                return .failure(
                    UsageError(
                        Phrase(
                            "unknown option \(argument); options: \(known.joined(separator: ", "))",
                            "未知的选项 \(argument)；可用的选项：\(known.joined(separator: ", "))")))
            } else {
                result.positional.append(argument)
            }
            index += 1
        }
        return .success(result)
    }
}

struct UsageError: Error {
    let message: Phrase
    init(_ message: Phrase) { self.message = message }
}
