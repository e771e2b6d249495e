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
    /// A file or a stream could not be written (a full disk, a failing device): the results are
    /// not all there, so the ledger is not saved (sysexits' EX_IOERR).
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

    static let englishHelp = """
        policy: evaluate vocational-skills subsidy claims against policy files.

        USAGE
          policy eval [CLAIM.json | -] [--policies DIR] [--ledger FILE [--wait]] [--rules FP]
                      [--explain] [--json]
              Decide one claim (from the file, or standard input when the file is - or omitted)
              and name the policy it was routed through, the policy and clause that priced it,
              and the fingerprint of the rules that made the decision.
              --policies DIR   the directory of .policy files (default: policies)
              --ledger FILE    judge the claim against the limits used by earlier batches (read
                               only; while a run saves the ledger, exit 75, or wait with --wait)
              --rules FP       decide only if the loaded policies have this fingerprint
                               (exit 64 if not): replay a decision against its own rules
              --explain        print the derivation: every rule, fact, table row and branch
              --json           print the decision as JSON
          policy run CLAIMS [--policies DIR] [--out FILE] [--ledger FILE [--wait]]
                     [--format csv|jsonl] [--max-record-bytes N] [--rules FP[,FP...]]
              Decide a batch of claims (CSV with a header row, or JSON lines; - for standard
              input), one result per claim in input order, with limits across claims kept in a
              ledger. --ledger FILE continues from the ledger of earlier batches and saves it,
              only once every result is written; one run at a time holds it (another exits 75,
              or waits with --wait). --out FILE is replaced whole at the end, never left with
              half a batch. A record longer than --max-record-bytes (default 1048576) is
              invalid. Each result names who priced it and the fingerprint of the rules;
              --rules FP,... refuses to start (exit 64) unless the loaded policies have every
              fingerprint given, so a batch is replayed only against the rules that made it.
              The summary goes to standard error.
          policy check [PATHS...] [--strict] [--json]
              Check policy files and directories (default: policies) and print every problem:
              errors, and the warnings of the deep checks (branches and brackets no claim can
              reach, gaps and overlaps in a schedule, enum cases a table does not price,
              declarations nothing uses, idle tests, a county above its province's cap,
              periods in force that overlap or leave a gap), each with a code and a hint;
              then each policy's fingerprint and the whole library's.
              --strict   warnings are errors (exit 2)
              --json     print the diagnostics as one JSON object, for editors and CI
          policy quota PROGRESS.csv --as-of YYYY-MM-DD [--policies DIR] [--json]
              Progress against the policies' quota tables: each unit's target, done, share, and
              whether it is behind the milestone in force on that day. PROGRESS.csv has the
              columns quota,unit,column,done (or 任务表,单位,指标,完成数).
          policy test [PATHS...] [--filter TEXT] [--coverage]
              Run the tests written beside the rules (default: policies), print each failure
              with its claim, the expected and actual outcome and the derivation; the last
              line is "N passed, M failed". --filter runs the tests whose name or policy
              contains TEXT. --coverage adds what no test exercised: rules, both arms of
              every if, match arms, tier brackets and table rows, with their places.
          policy diff --before DIR --after DIR CLAIMS [--json]
              Decide the same claims (CSV or JSON lines; - for standard input) under two
              directories of policies and print only the claims whose outcome changed, with
              the rules whose values differ, then the claims changed and the yuan delta by
              policy and by program. Above them, the rule-level changes between the policies
              that decided the claims (as policy changes prints them), each with how many
              changed claims read it and their yuan. Exit 0 when nothing changed, 1 when
              something did.
          policy changes NEW [OLD] [--policies DIR] [--before DIR] [--json]
              What policy NEW changes relative to OLD (default: the policy NEW succeeds), each
              change with its citation: rules and programs added, removed or redefined, table
              rows by their key, enum cases, inputs and open parameters, limits, milestones,
              the period in force and the parent; then the inherited definitions that moved
              only because a parent changed. --before DIR reads OLD from another directory
              (two versions of one file). Exit 0, "no changes" when there are none.
          policy fmt [--check] [--keywords en|zh] [PATHS... | -]
              Lay policy files out canonically, in place: indentation, spacing, aligned table
              columns and arrows (Chinese characters count two columns). Comments and line
              breaks stay. --check changes nothing and lists the files that would change
              (exit 1 if any); - formats standard input to standard output. --keywords
              writes the files in English or Chinese keywords.
          policy doc [PATHS...] --out DIR
              Write proof-reading pages (static HTML: index.html and a page per policy) for
              the policy files and directories (default: policies) into DIR.
          policy timeline JURISDICTION [--policies DIR] [--program NAME] [--json]
              For each stretch of days over which the same policies are in force for a place
              (陵川县, or 山西省/晋城市/陵川县), which policy decides each program there: the
              policy a claim is routed to, the one whose definition prices it ("山西省2021
              through 陵川县2020"), and the programs not priced because that definition's
              policy is not in force; gaps where nothing is in force are shown. --program
              shows one program. An unknown place or program is a usage error (64).
          policy new NAME --succeeds OLD [--extends PARENT] [--keywords en|zh] [--policies DIR]
                     [--out FILE]
              Write the skeleton of the next version of OLD: the header filled in (its
              jurisdiction, `succeeds OLD`, the newest policy built on OLD's parent, a period
              from the day after OLD's end) and, as comments, what can be changed and how.
              To standard output, or to --out FILE, which must not exist.
          policy help
              Print this help.

        EXIT CODES
          0   evaluated (granted, refused; compliant or not); for check, no errors
              (warnings and notes allowed, unless --strict)
          1   invalid claim: unreadable, malformed, or its facts do not fit the policy;
              for run, at least one claim of the batch was invalid;
              for test, at least one test failed; for diff, a claim's outcome changed;
              for quota, lines of the progress file that could not be used;
              for fmt --check, a file is not formatted
          2   invalid policy: a policy file has errors, so nothing is evaluated
          64  usage error: unknown subcommand or option; a file or directory named on the
              command line that does not exist, cannot be read or is of the wrong kind (a
              directory for a file); an output that is the same file as an input; for
              timeline, a place or program no policy has; --rules naming a fingerprint
              the loaded policies do not have
          65  the ledger is damaged: nothing is decided against it
          74  a file or stream could not be written (a full disk): for run, the results are
              not in place and the ledger is not saved
          75  the ledger is in use by another run; try again, or give --wait
          A reader closing standard output (| head) ends the command quietly, as it does
          Unix tools (by SIGPIPE, status 141 in a shell); run then saves no ledger.

        LANGUAGE
          --lang en|zh   before or after the subcommand: the language of messages,
                         derivations and this help; without it, LANG (zh_CN.UTF-8 is
                         Chinese), else English.

        Set NO_COLOR to turn off colour on a terminal.

        """

    /// The same help for policy staff and claims officers who read Chinese: the same commands,
    /// options and exit codes, in the documents' own words.
    static let chineseHelp = """
        policy：按政策文件审核职业技能培训补贴申领。

        用法
          policy eval [申领.json | -] [--policies 目录] [--ledger 文件 [--wait]] [--rules 指纹]
                      [--explain] [--json]
              审核一件申领（读取该文件；文件为 - 或省略时读取标准输入），列出申领经由的政策、
              据以计价的政策和条款，以及作出审核的规则指纹。
              --policies 目录   .policy 政策文件所在的目录（默认：policies）
              --ledger 文件     对照此前各批已用的限额审核本件申领（只读；台账正在保存时
                                退出码为 75，或加 --wait 等待）
              --rules 指纹      仅当所载政策具有该规则指纹时才审核（否则退出码为 64）：
                                按原来的规则重审
              --explain         列出推导过程：每条规则、事实、表的行和分支
              --json            以 JSON 输出审核结果
          policy run 申领文件 [--policies 目录] [--out 文件] [--ledger 文件 [--wait]]
                     [--format csv|jsonl] [--max-record-bytes 字节数] [--rules 指纹[,指纹...]]
              批量审核申领（带表头行的 CSV，或 JSON 行；- 表示标准输入），按输入顺序每件
              申领输出一条结果，跨申领的限额记入台账。--ledger 文件 接续此前各批的台账，
              全部结果写出之后才保存更新后的台账；同一时间只有一次运行可使用台账（另一次
              退出码为 75，或加 --wait 等待）。--out 文件 在结束时整体替换，不会只留下半批
              结果。超过 --max-record-bytes（默认 1048576）的记录无效。每条结果注明据以计价
              的政策和规则指纹；--rules 指纹,... 要求所载政策具有所给的每个指纹，否则不开始
              审核（退出码为 64），以保证按作出原结果的规则重审。汇总写到标准错误。
          policy check [路径...] [--strict] [--json]
              检查政策文件和目录（默认：policies），列出全部问题：错误，以及深度检查发现的
              警告（任何申领都走不到的分支和档、分档中的缺口和重叠、表未定价的枚举值、
              无处使用的声明、不起作用的测试、县级标准高于省级封顶、施行期间重叠或留有
              空档），每条附代码和提示；随后列出每项政策及整个政策库的规则指纹。
              --strict   警告按错误处理（退出码 2）
              --json     以一个 JSON 对象输出全部诊断，供编辑器和 CI 使用
          policy quota 进度.csv --as-of YYYY-MM-DD [--policies 目录] [--json]
              对照政策中的任务表统计进度：各单位的任务数、完成数、完成比例，以及是否落后于
              当日适用的进度节点。进度.csv 的列为 quota,unit,column,done（或 任务表,单位,
              指标,完成数）。
          policy test [路径...] [--filter 文本] [--coverage]
              运行写在规则旁的测试（默认：policies），逐条列出失败的测试及其申领、期望结果、
              实际结果和推导过程；最后一行为“通过 N 项，失败 M 项”。--filter 只运行名称或
              所属政策包含该文本的测试。--coverage 另列出测试未覆盖之处：规则、每个“如果”的
              两个分支、匹配的各分支、分档和表的各行，并注明位置。
          policy diff --before 目录 --after 目录 申领文件 [--json]
              在两个政策目录下分别审核同一批申领（CSV 或 JSON 行；- 表示标准输入），只列出
              结果发生变化的申领及其取值不同的规则，再按政策和项目列出变化的申领数和金额
              变化（元）。在此之前先列出审核这些申领的政策在规则层面的变化（同 policy
              changes），并注明每项变化影响了多少件发生变化的申领及金额。没有变化时退出码
              为 0，有变化时为 1。
          policy changes 新政策 [旧政策] [--policies 目录] [--before 目录] [--json]
              列出新政策相对于旧政策（默认：新政策所延续的政策）的变化，每项注明引用条款：
              新增、删除或重新定义的规则和项目，按键列出的表的行，枚举值，输入和待定参数，
              限额，进度，施行期间和上级政策；再列出仅因上级政策变化而改变的沿用规定。
              --before 目录 从另一目录读取旧政策（比较同一文件的两个版本）。退出码为 0，
              没有变化时输出“没有变化”。
          policy fmt [--check] [--keywords en|zh] [路径... | -]
              将政策文件原地整理为规范格式：缩进、空格、表的列和箭头对齐（汉字按两列计）。
              注释和换行保留不变。--check 不修改文件，只列出需要整理的文件（有则退出码为 1）；
              - 表示整理标准输入并写到标准输出。--keywords 将文件改写为英文或中文关键字。
          policy doc [路径...] --out 目录
              为政策文件和目录（默认：policies）生成校对页面（静态 HTML：index.html 及每项
              政策一页），写入该目录。
          policy timeline 辖区 [--policies 目录] [--program 项目] [--json]
              对一个辖区（陵川县，或 山西省/晋城市/陵川县），按施行政策相同的各时段列出每个
              项目由哪项政策决定：申领归入的政策、规定其标准的政策（“山西省2021（经由
              陵川县2020）”），以及因规定标准的政策未施行而未定价的项目；没有政策施行的
              空档也列出。--program 只列出一个项目。辖区或项目不存在时为用法错误（64）。
          policy new 名称 --succeeds 旧政策 [--extends 上级政策] [--keywords en|zh]
                     [--policies 目录] [--out 文件]
              生成旧政策下一版的骨架文件：头部已填好（辖区、“延续 旧政策”、以旧政策的上级
              政策为基础的最新政策、自旧政策终止次日起的施行期），并以注释说明可改之处及
              写法。写到标准输出，或写到 --out 文件（该文件不得已存在）。
          policy help
              显示本帮助。

        退出码
          0   审核完毕（核准、拒绝；合规或不合规）；check：没有错误（允许有警告和注，
              使用 --strict 时除外）
          1   申领无效：无法读取、格式有误，或所给事实不符合政策；
              run：本批至少有一件申领无效；
              test：至少有一项测试失败；diff：有申领的结果发生变化；
              quota：进度文件中有无法使用的行；
              fmt --check：有文件未按规范格式整理
          2   政策无效：政策文件有错误，因此不审核任何申领
          64  用法错误：未知的子命令或选项；命令行给出的文件或目录不存在、无法读取或类型
              不符（应为文件却是目录）；输出与输入是同一个文件；timeline：没有政策适用的
              辖区或项目；--rules 给出的指纹不在所载政策之中
          65  台账已损坏：不依据其审核任何申领
          74  文件或输出流无法写入（如磁盘已满）：run 的结果未就位，台账不予保存
          75  台账正由另一次运行使用；请稍后再试，或加 --wait 等待
          标准输出的读取方提前关闭（如 | head）时，命令静默结束，与 Unix 工具相同（因
          SIGPIPE 结束，shell 中状态为 141）；此时 run 不保存台账。

        语言
          --lang en|zh   可写在子命令之前或之后：消息、推导过程和本帮助使用的语言；
                         未指定时依据 LANG（zh_CN.UTF-8 为中文），否则为英文。

        设置 NO_COLOR 可关闭终端中的彩色显示。

        """

    package static func run(_ arguments: [String], console: Console) -> ExitCode {
        // `--lang en|zh` may come anywhere; without it, LANG decides.
        var arguments = arguments
        var option: String?
        // A wrong --lang is reported in the language LANG asks for.
        console.language = Language.choose(option: nil, environment: console.environment) ?? .en
        if let index = arguments.firstIndex(of: "--lang") {
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
        case "help", "--help", "-h":
            console.write(help(in: console.language))
            return .success
        default:
            console.writeError(
                console.errorLine(console.say("unknown subcommand '\(command)'", "未知的子命令“\(command)”")) + "\n"
                    + help(in: console.language))
            return .usage
        }
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
