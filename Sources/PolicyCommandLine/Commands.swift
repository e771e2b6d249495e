// The one table of subcommands: what each is called, the options it takes and what their values
// are, its line in the README and its part of the help. `policy help`, `policy SUB --help`, the
// option parser's "did you mean", the README's command list and the completion scripts are all
// made from it, so a new option cannot reach one and miss another.

import PolicyLanguage

/// What a command-line value is, for the completion scripts: what to offer at that place.
enum ArgumentKind: Sendable, Equatable {
    /// Free text (a fingerprint, a date, a new name): nothing to offer.
    case text
    case file
    case directory
    /// A file or a directory.
    case path
    /// Names read from the policies of `--policies` at completion time (`policy complete-names`).
    case names(NameKind)
    case choice([String])
    /// A subcommand's name (`policy help COMMAND`).
    case command
}

/// The names `policy complete-names KIND` prints, one a line.
enum NameKind: String, Sendable, CaseIterable {
    case policies, programs, jurisdictions
}

/// An option: a flag (`--json`) when it takes no value.
struct OptionSpec: Sendable, Equatable {
    let name: String
    let value: ArgumentKind?

    init(_ name: String, _ value: ArgumentKind? = nil) {
        self.name = name
        self.value = value
    }
}

struct CommandSpec: Sendable {
    let name: String
    let options: [OptionSpec]
    /// What the operands are (`CLAIM.json`, `PATHS...`); nil when it takes none.
    let operands: ArgumentKind?
    /// The one-line usage the README lists.
    let synopsis: String
    /// A few words for the completion menus of zsh and fish.
    let summary: Phrase
    /// Its part of the help: the usage lines and what it does, indented as `policy help` shows it.
    let help: Phrase
    /// Left out of the help and the completions: the helper the completion scripts call.
    let hidden: Bool

    init(
        _ name: String, options: [OptionSpec], operands: ArgumentKind?, synopsis: String, summary: Phrase, help: Phrase,
        hidden: Bool = false
    ) {
        self.name = name
        self.options = options
        self.operands = operands
        self.synopsis = synopsis
        self.summary = summary
        self.help = help
        self.hidden = hidden
    }

    /// The options that take no value.
    var flags: Set<String> { Set(options.filter { $0.value == nil }.map(\.name)) }
    /// The options that take a value.
    var valued: Set<String> { Set(options.filter { $0.value != nil }.map(\.name)) }

    /// The command of that name, hidden or not.
    static func named(_ name: String) -> CommandSpec? { all.first { $0.name == name } }

    /// The commands the help lists, in its order.
    static var visible: [CommandSpec] { all.filter { !$0.hidden } }

    /// Options every command takes, before or after the subcommand, with their values.
    static let global: [OptionSpec] = [
        OptionSpec("--lang", .choice(["en", "zh"])), OptionSpec("--color", .choice(["auto", "always", "never"])),
        OptionSpec("--help"), OptionSpec("-h"),
    ]

    static let all: [CommandSpec] = [
        CommandSpec(
            "eval",
            options: [
                OptionSpec("--policies", .directory), OptionSpec("--ledger", .file), OptionSpec("--wait"),
                OptionSpec("--rules", .text), OptionSpec("--explain"), OptionSpec("--json"),
            ], operands: .file,
            synopsis: "policy eval [CLAIM.json | -] [--policies DIR] [--ledger FILE [--wait]] [--rules FP] [--explain] [--json]",
            summary: Phrase("decide one claim", "审核一件申领"),
            help: Phrase(
                """
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
                """,
                """
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
                """)),
        CommandSpec(
            "run",
            options: [
                OptionSpec("--policies", .directory), OptionSpec("--out", .file), OptionSpec("--ledger", .file),
                OptionSpec("--wait"), OptionSpec("--format", .choice(["csv", "jsonl"])), OptionSpec("--max-record-bytes", .text),
                OptionSpec("--rules", .text),
            ], operands: .file,
            synopsis:
                "policy run CLAIMS [--policies DIR] [--out FILE] [--ledger FILE [--wait]] [--format csv|jsonl] [--max-record-bytes N] [--rules FP[,FP...]]",
            summary: Phrase("decide a batch of claims", "批量审核申领"),
            help: Phrase(
                """
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
                      Results are in --format, else as --out's name ends (.csv, .jsonl), else in the
                      claims' format. The summary goes to standard error.
                """,
                """
                  policy run 申领文件 [--policies 目录] [--out 文件] [--ledger 文件 [--wait]]
                             [--format csv|jsonl] [--max-record-bytes 字节数] [--rules 指纹[,指纹...]]
                      批量审核申领（带表头行的 CSV，或 JSON 行；- 表示标准输入），按输入顺序每件
                      申领输出一条结果，跨申领的限额记入台账。--ledger 文件 接续此前各批的台账，
                      全部结果写出之后才保存更新后的台账；同一时间只有一次运行可使用台账（另一次
                      退出码为 75，或加 --wait 等待）。--out 文件 在结束时整体替换，不会只留下半批
                      结果。超过 --max-record-bytes（默认 1048576）的记录无效。每条结果注明据以计价
                      的政策和规则指纹；--rules 指纹,... 要求所载政策具有所给的每个指纹，否则不开始
                      审核（退出码为 64），以保证按作出原结果的规则重审。结果格式依 --format，未给出
                      时依 --out 文件名的后缀（.csv、.jsonl），否则与申领文件相同。汇总写到标准错误。
                """)),
        CommandSpec(
            "check", options: [OptionSpec("--strict"), OptionSpec("--json")], operands: .path,
            synopsis: "policy check [PATHS...] [--strict] [--json]",
            summary: Phrase("check policy files", "检查政策文件"),
            help: Phrase(
                """
                  policy check [PATHS...] [--strict] [--json]
                      Check policy files and directories (default: policies) and print every problem:
                      errors, and the warnings of the deep checks (branches and brackets no claim can
                      reach, gaps and overlaps in a schedule, enum cases a table does not price,
                      declarations nothing uses, idle tests, a county above its province's cap,
                      periods in force that overlap or leave a gap), each with a code and a hint;
                      then each policy's fingerprint and the whole library's.
                      --strict   warnings are errors (exit 2)
                      --json     print the diagnostics as one JSON object, for editors and CI
                """,
                """
                  policy check [路径...] [--strict] [--json]
                      检查政策文件和目录（默认：policies），列出全部问题：错误，以及深度检查发现的
                      警告（任何申领都走不到的分支和档、分档中的缺口和重叠、表未定价的枚举值、
                      无处使用的声明、不起作用的测试、县级标准高于省级封顶、施行期间重叠或留有
                      空档），每条附代码和提示；随后列出每项政策及整个政策库的规则指纹。
                      --strict   警告按错误处理（退出码 2）
                      --json     以一个 JSON 对象输出全部诊断，供编辑器和 CI 使用
                """)),
        CommandSpec(
            "quota", options: [OptionSpec("--as-of", .text), OptionSpec("--policies", .directory), OptionSpec("--json")],
            operands: .file,
            synopsis: "policy quota PROGRESS.csv --as-of YYYY-MM-DD [--policies DIR] [--json]",
            summary: Phrase("progress against the quota tables", "对照任务表统计进度"),
            help: Phrase(
                """
                  policy quota PROGRESS.csv --as-of YYYY-MM-DD [--policies DIR] [--json]
                      Progress against the policies' quota tables: each unit's target, done, share, and
                      whether it is behind the milestone in force on that day. PROGRESS.csv has the
                      columns quota,unit,column,done (or 任务表,单位,指标,完成数).
                """,
                """
                  policy quota 进度.csv --as-of YYYY-MM-DD [--policies 目录] [--json]
                      对照政策中的任务表统计进度：各单位的任务数、完成数、完成比例，以及是否落后于
                      当日适用的进度节点。进度.csv 的列为 quota,unit,column,done（或 任务表,单位,
                      指标,完成数）。
                """)),
        CommandSpec(
            "test", options: [OptionSpec("--filter", .text), OptionSpec("--coverage")], operands: .path,
            synopsis: "policy test [PATHS...] [--filter TEXT] [--coverage]",
            summary: Phrase("run the tests written beside the rules", "运行规则旁的测试"),
            help: Phrase(
                """
                  policy test [PATHS...] [--filter TEXT] [--coverage]
                      Run the tests written beside the rules (default: policies), print each failure
                      with its claim, the expected and actual outcome and the derivation; the last
                      line is "N passed, M failed". --filter runs the tests whose name or policy
                      contains TEXT. --coverage adds what no test exercised: rules, both arms of
                      every if, match arms, tier brackets and table rows, with their places.
                """,
                """
                  policy test [路径...] [--filter 文本] [--coverage]
                      运行写在规则旁的测试（默认：policies），逐条列出失败的测试及其申领、期望结果、
                      实际结果和推导过程；最后一行为“通过 N 项，失败 M 项”。--filter 只运行名称或
                      所属政策包含该文本的测试。--coverage 另列出测试未覆盖之处：规则、每个“如果”的
                      两个分支、匹配的各分支、分档和表的各行，并注明位置。
                """)),
        CommandSpec(
            "diff", options: [OptionSpec("--before", .directory), OptionSpec("--after", .directory), OptionSpec("--json")],
            operands: .file,
            synopsis: "policy diff --before DIR --after DIR CLAIMS [--json]",
            summary: Phrase("the same claims under two rule sets", "在两套规则下审核同一批申领"),
            help: Phrase(
                """
                  policy diff --before DIR --after DIR CLAIMS [--json]
                      Decide the same claims (CSV or JSON lines; - for standard input) under two
                      directories of policies and print only the claims whose outcome changed, with
                      the rules whose values differ, then the claims changed and the yuan delta by
                      policy and by program. Above them, the rule-level changes between the policies
                      that decided the claims (as policy changes prints them), each with how many
                      changed claims read it and their yuan. Exit 0 when nothing changed, 1 when
                      something did.
                """,
                """
                  policy diff --before 目录 --after 目录 申领文件 [--json]
                      在两个政策目录下分别审核同一批申领（CSV 或 JSON 行；- 表示标准输入），只列出
                      结果发生变化的申领及其取值不同的规则，再按政策和项目列出变化的申领数和金额
                      变化（元）。在此之前先列出审核这些申领的政策在规则层面的变化（同 policy
                      changes），并注明每项变化影响了多少件发生变化的申领及金额。没有变化时退出码
                      为 0，有变化时为 1。
                """)),
        CommandSpec(
            "changes", options: [OptionSpec("--policies", .directory), OptionSpec("--before", .directory), OptionSpec("--json")],
            operands: .names(.policies),
            synopsis: "policy changes NEW [OLD] [--policies DIR] [--before DIR] [--json]",
            summary: Phrase("what a policy changes", "列出政策的变化"),
            help: Phrase(
                """
                  policy changes NEW [OLD] [--policies DIR] [--before DIR] [--json]
                      What policy NEW changes relative to OLD (default: the policy NEW succeeds), each
                      change with its citation: rules and programs added, removed or redefined, table
                      rows by their key, enum cases, inputs and open parameters, limits, milestones,
                      the period in force and the parent; then the inherited definitions that moved
                      only because a parent changed. --before DIR reads OLD from another directory
                      (two versions of one file). Exit 0, "no changes" when there are none.
                """,
                """
                  policy changes 新政策 [旧政策] [--policies 目录] [--before 目录] [--json]
                      列出新政策相对于旧政策（默认：新政策所延续的政策）的变化，每项注明引用条款：
                      新增、删除或重新定义的规则和项目，按键列出的表的行，枚举值，输入和待定参数，
                      限额，进度，施行期间和上级政策；再列出仅因上级政策变化而改变的沿用规定。
                      --before 目录 从另一目录读取旧政策（比较同一文件的两个版本）。退出码为 0，
                      没有变化时输出“没有变化”。
                """)),
        CommandSpec(
            "fmt", options: [OptionSpec("--check"), OptionSpec("--keywords", .choice(["en", "zh"]))], operands: .path,
            synopsis: "policy fmt [--check] [--keywords en|zh] [PATHS... | -]",
            summary: Phrase("lay policy files out canonically", "将政策文件整理为规范格式"),
            help: Phrase(
                """
                  policy fmt [--check] [--keywords en|zh] [PATHS... | -]
                      Lay policy files out canonically, in place: indentation, spacing, aligned table
                      columns and arrows (Chinese characters count two columns). Comments and line
                      breaks stay. --check changes nothing and lists the files that would change
                      (exit 1 if any); - formats standard input to standard output. --keywords
                      writes the files in English or Chinese keywords.
                """,
                """
                  policy fmt [--check] [--keywords en|zh] [路径... | -]
                      将政策文件原地整理为规范格式：缩进、空格、表的列和箭头对齐（汉字按两列计）。
                      注释和换行保留不变。--check 不修改文件，只列出需要整理的文件（有则退出码为 1）；
                      - 表示整理标准输入并写到标准输出。--keywords 将文件改写为英文或中文关键字。
                """)),
        CommandSpec(
            "doc", options: [OptionSpec("--out", .directory)], operands: .path,
            synopsis: "policy doc [PATHS...] --out DIR",
            summary: Phrase("write proof-reading pages", "生成校对页面"),
            help: Phrase(
                """
                  policy doc [PATHS...] --out DIR
                      Write proof-reading pages (static HTML: index.html and a page per policy) for
                      the policy files and directories (default: policies) into DIR. Each page speaks
                      its file's language (Chinese for a file of Chinese keywords); --lang en|zh
                      writes every page in one.
                """,
                """
                  policy doc [路径...] --out 目录
                      为政策文件和目录（默认：policies）生成校对页面（静态 HTML：index.html 及每项
                      政策一页），写入该目录。每页使用其政策文件的语言（中文关键字的文件为中文）；
                      --lang en|zh 使所有页面使用同一语言。
                """)),
        CommandSpec(
            "timeline",
            options: [OptionSpec("--policies", .directory), OptionSpec("--program", .names(.programs)), OptionSpec("--json")],
            operands: .names(.jurisdictions),
            synopsis: "policy timeline JURISDICTION [--policies DIR] [--program NAME] [--json]",
            summary: Phrase("which policy decides when", "各时段由哪项政策决定"),
            help: Phrase(
                """
                  policy timeline JURISDICTION [--policies DIR] [--program NAME] [--json]
                      For each stretch of days over which the same policies are in force for a place
                      (陵川县, or 山西省/晋城市/陵川县), which policy decides each program there: the
                      policy a claim is routed to, the one whose definition prices it ("山西省2021
                      through 陵川县2020"), and the programs not priced because that definition's
                      policy is not in force; gaps where nothing is in force are shown. --program
                      shows one program. An unknown place or program is a usage error (64).
                """,
                """
                  policy timeline 辖区 [--policies 目录] [--program 项目] [--json]
                      对一个辖区（陵川县，或 山西省/晋城市/陵川县），按施行政策相同的各时段列出每个
                      项目由哪项政策决定：申领归入的政策、规定其标准的政策（“山西省2021（经由
                      陵川县2020）”），以及因规定标准的政策未施行而未定价的项目；没有政策施行的
                      空档也列出。--program 只列出一个项目。辖区或项目不存在时为用法错误（64）。
                """)),
        CommandSpec(
            "new",
            options: [
                OptionSpec("--succeeds", .names(.policies)), OptionSpec("--extends", .names(.policies)),
                OptionSpec("--keywords", .choice(["en", "zh"])), OptionSpec("--policies", .directory), OptionSpec("--out", .file),
            ], operands: .text,
            synopsis: "policy new NAME --succeeds OLD [--extends PARENT] [--keywords en|zh] [--policies DIR] [--out FILE]",
            summary: Phrase("the skeleton of the next version of a policy", "生成政策下一版的骨架"),
            help: Phrase(
                """
                  policy new NAME --succeeds OLD [--extends PARENT] [--keywords en|zh] [--policies DIR]
                             [--out FILE]
                      Write the skeleton of the next version of OLD: the header filled in (its
                      jurisdiction, `succeeds OLD`, the newest policy built on OLD's parent, a period
                      from the day after OLD's end) and, as comments, what can be changed and how.
                      To standard output, or to --out FILE, which must not exist.
                """,
                """
                  policy new 名称 --succeeds 旧政策 [--extends 上级政策] [--keywords en|zh]
                             [--policies 目录] [--out 文件]
                      生成旧政策下一版的骨架文件：头部已填好（辖区、“延续 旧政策”、以旧政策的上级
                      政策为基础的最新政策、自旧政策终止次日起的施行期），并以注释说明可改之处及
                      写法。写到标准输出，或写到 --out 文件（该文件不得已存在）。
                """)),
        CommandSpec(
            "lsp", options: [OptionSpec("--stdio")], operands: nil,
            synopsis: "policy lsp [--stdio]",
            summary: Phrase("serve the language server protocol, for editors", "为编辑器提供语言服务器协议"),
            help: Phrase(
                """
                  policy lsp [--stdio]
                      Serve the Language Server Protocol on standard input and output, for editors:
                      diagnostics as you type (a file checked with the policies of its directory and
                      those above it), hover, go to definition, references, completion, formatting,
                      the outline, quick fixes and code lenses that run the worked examples. The
                      language comes from initialize (initializationOptions.language, else locale).
                      Exit 0 after shutdown and exit, 1 when the input ends first.
                """,
                """
                  policy lsp [--stdio]
                      在标准输入输出上提供语言服务器协议（LSP），供编辑器使用：输入时即给出诊断（文件
                      与其所在目录及上级目录中的政策一并检查）、悬停说明、跳转到定义、查找引用、补全、
                      格式整理、大纲、快速修复，以及运行算例的代码透镜。语言取自 initialize
                      （initializationOptions.language，否则 locale）。收到 shutdown 和 exit 后退出码为 0，
                      输入先结束时为 1。
                """)),
        CommandSpec(
            "completions", options: [], operands: .choice(["bash", "zsh", "fish"]),
            synopsis: "policy completions bash|zsh|fish",
            summary: Phrase("print a shell completion script", "输出 shell 补全脚本"),
            help: Phrase(
                """
                  policy completions bash|zsh|fish
                      Print a script that completes the subcommands, their options, files, and the
                      names of policies, programs and places (read from --policies, default
                      policies) for that shell; the README says how to install it.
                """,
                """
                  policy completions bash|zsh|fish
                      输出所给 shell 的补全脚本：补全子命令及其选项、文件，以及政策、项目和辖区
                      的名称（读自 --policies，默认 policies）；安装方法见 README。
                """)),
        CommandSpec(
            "version", options: [], operands: nil,
            synopsis: "policy version",
            summary: Phrase("print the version", "显示版本"),
            help: Phrase(
                """
                  policy version
                      Print the version of policy and the Swift it was built with (policy
                      --version prints the same).
                """,
                """
                  policy version
                      显示 policy 的版本及编译所用的 Swift 版本（policy --version 相同）。
                """)),
        CommandSpec(
            "help", options: [], operands: .command,
            synopsis: "policy help [COMMAND]",
            summary: Phrase("print the help", "显示帮助"),
            help: Phrase(
                """
                  policy help [COMMAND]
                      Print this help, or a command's usage and options (as policy COMMAND --help
                      does).
                """,
                """
                  policy help [命令]
                      显示本帮助，或某一命令的用法和选项（同 policy 命令 --help）。
                """)),
        CommandSpec(
            "complete-names", options: [OptionSpec("--policies", .directory)],
            operands: .choice(NameKind.allCases.map(\.rawValue)),
            synopsis: "policy complete-names policies|programs|jurisdictions [--policies DIR]",
            summary: Phrase("names for the completion scripts", "供补全脚本使用的名称"),
            help: Phrase(
                """
                  policy complete-names policies|programs|jurisdictions [--policies DIR]
                      Print the names of the policies, programs or places of the policies in DIR
                      (default: policies), one a line, for the completion scripts; nothing when
                      they cannot be read.
                """,
                """
                  policy complete-names policies|programs|jurisdictions [--policies 目录]
                      逐行输出该目录（默认：policies）中政策的名称、项目或辖区，供补全脚本使用；
                      无法读取时不输出。
                """),
            hidden: true),
    ]
}
