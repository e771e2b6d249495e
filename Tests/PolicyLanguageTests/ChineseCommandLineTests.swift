// The command line in Chinese: `--lang zh` (or LANG=zh_CN.UTF-8) turns the help, every report
// the subcommands print, the derivation and the engine's own refusals into Chinese, word for
// word as a claims officer reads them, while the English stays byte for byte as it was and
// what machines read (the batch's results, the ledger, JSON keys) does not change at all.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct ChineseCommandLineTests {
    private func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) -> (ExitCode, Console) {
        let console = Console(input: Array(input.utf8), environment: environment)
        let code = PolicyCommandLine.run(arguments, console: console)
        return (code, console)
    }

    private let policies = ["--policies", Repository.path("policies")]

    /// A directory of its own for a test, removed by the caller.
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chinese-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: Help

    @Test func helpInChinese() {
        let (code, console) = run(["help", "--lang", "zh"])
        #expect(code == .success)
        #expect(
            console.output == """
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
                      审核（退出码为 64），以保证按作出原结果的规则重审。结果格式依 --format，未给出
                      时依 --out 文件名的后缀（.csv、.jsonl），否则与申领文件相同。汇总写到标准错误。
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
                      政策一页），写入该目录。每页使用其政策文件的语言（中文关键字的文件为中文）；
                      --lang en|zh 使所有页面使用同一语言。
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
                  policy lsp [--stdio]
                      在标准输入输出上提供语言服务器协议（LSP），供编辑器使用：输入时即给出诊断（文件
                      与其所在目录及上级目录中的政策一并检查）、悬停说明、跳转到定义、查找引用、补全、
                      格式整理、大纲、快速修复，以及运行算例的代码透镜。语言取自 initialize
                      （initializationOptions.language，否则 locale）。收到 shutdown 和 exit 后退出码为 0，
                      输入先结束时为 1。
                  policy completions bash|zsh|fish
                      输出所给 shell 的补全脚本：补全子命令及其选项、文件，以及政策、项目和辖区
                      的名称（读自 --policies，默认 policies）；安装方法见 README。
                  policy version
                      显示 policy 的版本及编译所用的 Swift 版本（policy --version 相同）。
                  policy help [命令]
                      显示本帮助，或某一命令的用法和选项（同 policy 命令 --help）。

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

                通用选项
                  --lang en|zh   可写在子命令之前或之后：消息、推导过程和本帮助使用的语言；
                                 未指定时依据 LANG（zh_CN.UTF-8 为中文），否则为英文。
                  --color auto|always|never
                                 诊断信息的彩色显示：auto（默认）在终端中且未设置 NO_COLOR 时
                                 使用彩色；always 输出到文件或管道时也使用；never 不使用。
                  --help, -h     写在子命令之后：显示该命令的用法和选项。

                """)
    }

    /// The two helps describe the same subcommands, options and exit codes: a command or option
    /// added to one and not the other fails here.
    @Test func bothHelpsNameTheSameCommandsOptionsAndExitCodes() throws {
        let commands = try Regex(#"(?m)^  policy [a-z]+"#)
        let options = try Regex(#"--[a-z-]+"#)
        let codes = try Regex(#"(?m)^  [0-9]+ "#)
        func names(_ text: String, _ pattern: Regex<AnyRegexOutput>) -> Set<String> {
            Set(text.matches(of: pattern).map { String(text[$0.range]) })
        }
        let (english, chinese) = (PolicyCommandLine.englishHelp, PolicyCommandLine.chineseHelp)
        #expect(names(chinese, commands) == names(english, commands))
        #expect(names(chinese, options) == names(english, options))
        #expect(names(chinese, codes) == names(english, codes))
        #expect(names(english, commands).count == 15)
        #expect(names(english, codes) == ["  0 ", "  1 ", "  2 ", "  64 ", "  65 ", "  74 ", "  75 "])
    }

    @Test func theEnglishHelpIsUnchanged() {
        let (code, console) = run(["help"])
        #expect(code == .success)
        #expect(console.output == PolicyCommandLine.englishHelp)
        #expect(console.output.hasPrefix("policy: evaluate vocational-skills subsidy claims against policy files.\n\nUSAGE\n"))
        #expect(console.output.hasSuffix("\n  --help, -h     after a subcommand: its usage and options.\n"))
        #expect(run(["help", "--lang", "en"], environment: ["LANG": "zh_CN.UTF-8"]).1.output == PolicyCommandLine.englishHelp)
    }

    // MARK: eval

    private static let forkliftInChinese = """
        LC-2021-0001  核准  3500 元
          政策      陵川县2020 · 陵政办发〔2020〕62号 · 陵川县创建“人人持证、技能社会”实施方案(2020—2021年)
          项目      品牌培训补贴
          计价依据  陵川县2020 五(二)
          规则指纹  \(bundledFingerprint("陵川县2020"))
          依据条款  陵政办发〔2020〕62号 五(二)，三(一)2、五(六)

        推导过程：
        品牌培训补贴 = 3500 元   [陵政办发〔2020〕62号 五(二)]
        ├─ 如果 就业率 >= 80% → 是
        │  └─ 就业率 = 85%（事实）
        ├─ 要求 培训天数 >= 品牌培训标准[劳务品牌].培训天数 → 满足
        │  ├─ 培训天数 = 20 天（事实）
        │  └─ 品牌培训标准[劳务品牌].培训天数 = 20 天（“棋源叉车工”行，第 122 行）   [陵政办发〔2020〕62号 五(二)]
        │     └─ 劳务品牌 = 棋源叉车工（事实）
        ├─ 品牌培训标准[劳务品牌].补贴 = 3500 元（“棋源叉车工”行，第 122 行）   [陵政办发〔2020〕62号 五(二)]
        │  └─ 劳务品牌 = 棋源叉车工（事实）
        ├─ 限额每人每年补贴性培训次数：每 身份证号, 年(业务日期) 至多 3 件 → 140524199203150018、2021：已用 0 件   [陵政办发〔2020〕62号 三(一)2、五(六)]
        │  └─ 身份证号 = 140524199203150018（事实）
        └─ 限额同一工种同一等级每年一次：每 身份证号, 年(业务日期), 培训工种, 培训等级 至多 1 件 → 140524199203150018、2021、叉车司机、初级：已用 0 件   [陵政办发〔2020〕62号 三(一)2、五(六)]
           ├─ 身份证号 = 140524199203150018（事实）
           ├─ 培训工种 = 叉车司机（事实）
           └─ 培训等级 = 初级（事实）

        """

    @Test func evalExplainsInChinese() {
        let (code, console) = run(["eval", Repository.path("examples/forklift.json"), "--explain", "--lang", "zh"] + policies)
        #expect(code == .success)
        #expect(console.output == Self.forkliftInChinese)
        #expect(console.errors.isEmpty)
    }

    @Test func langFromTheEnvironmentWhenNoOptionIsGiven() {
        let (code, console) = run(
            ["eval", Repository.path("examples/forklift.json"), "--explain"] + policies,
            environment: ["LANG": "zh_CN.UTF-8"])
        #expect(code == .success)
        #expect(console.output == Self.forkliftInChinese)
        // --lang wins over LANG.
        let english = run(
            ["eval", Repository.path("examples/forklift.json"), "--lang", "en"] + policies,
            environment: ["LANG": "zh_CN.UTF-8"])
        #expect(english.1.output.hasPrefix("LC-2021-0001  granted  3500 yuan\n  policy      陵川县2020"))
    }

    @Test func evalStillExplainsInEnglish() {
        let (code, console) = run(["eval", Repository.path("examples/forklift.json"), "--explain"] + policies)
        #expect(code == .success)
        #expect(
            console.output == """
                LC-2021-0001  granted  3500 yuan
                  policy      陵川县2020 · 陵政办发〔2020〕62号 · 陵川县创建“人人持证、技能社会”实施方案(2020—2021年)
                  program     品牌培训补贴
                  priced by   陵川县2020 五(二)
                  rules       \(bundledFingerprint("陵川县2020"))
                  decided by  陵政办发〔2020〕62号 五(二), 三(一)2、五(六)

                derivation:
                品牌培训补贴 = 3500 yuan   [陵政办发〔2020〕62号 五(二)]
                ├─ if 就业率 >= 80% → true
                │  └─ 就业率 = 85%  (fact)
                ├─ require 培训天数 >= 品牌培训标准[劳务品牌].培训天数 → met
                │  ├─ 培训天数 = 20 days  (fact)
                │  └─ 品牌培训标准[劳务品牌].培训天数 = 20 days  (row 棋源叉车工, line 122)   [陵政办发〔2020〕62号 五(二)]
                │     └─ 劳务品牌 = 棋源叉车工  (fact)
                ├─ 品牌培训标准[劳务品牌].补贴 = 3500 yuan  (row 棋源叉车工, line 122)   [陵政办发〔2020〕62号 五(二)]
                │  └─ 劳务品牌 = 棋源叉车工  (fact)
                ├─ limit 每人每年补贴性培训次数: at most 3 claims per 身份证号, 年(业务日期) → 140524199203150018, 2021: 0 used   [陵政办发〔2020〕62号 三(一)2、五(六)]
                │  └─ 身份证号 = 140524199203150018  (fact)
                └─ limit 同一工种同一等级每年一次: at most 1 claim per 身份证号, 年(业务日期), 培训工种, 培训等级 → 140524199203150018, 2021, 叉车司机, 初级: 0 used   [陵政办发〔2020〕62号 三(一)2、五(六)]
                   ├─ 身份证号 = 140524199203150018  (fact)
                   ├─ 培训工种 = 叉车司机  (fact)
                   └─ 培训等级 = 初级  (fact)

                """)
    }

    @Test func tiersCapsAndTheEnginesOwnRefusalsInChinese() throws {
        let tiers = run(
            ["eval", Repository.path("examples/order-training-11-days.json"), "--explain", "--lang", "zh"] + policies)
        // The brackets are the policy's own text; the words around them are the engine's.
        #expect(
            tiers.1.output.hasSuffix(
                """
                └─ 阶梯式补贴 = 1600 元   [晋技能组发〔2022〕1号 二(七)]
                   ├─ 累进 培训天数 = 1600 元
                   │  ├─ 培训天数 = 11 天（事实）
                   │  ├─ up to 10 days：10 天 × 150 元/天 = 1500 元
                   │  └─ above 10 days：1 天 × 100 元/天 = 100 元
                   └─ 至多 4000 yuan：1600 元，在限度内

                """))
        let claim = try Repository.read("examples/order-training-below-80.json")
        let capped = run(["eval", "--explain", "--lang", "zh"] + policies, input: claim)
        #expect(capped.1.output.contains("├─ 如果 就业率 >= 80% → 否\n"))
        #expect(capped.1.output.contains("   ├─ 普惠制日标准 = 100 元/天（事实）\n"))
        #expect(capped.1.output.hasSuffix("   └─ 至多 1000 yuan：1100 元，封顶为 1000 元\n"))

        let refused = run(
            ["eval", Repository.path("examples/lingchuan-intermediate-2020.json"), "--explain", "--lang", "zh"] + policies)
        #expect(refused.0 == .success)
        #expect(
            refused.1.output == """
                LC-2020-0312  拒绝
                  政策      陵川县2020 · 陵政办发〔2020〕62号 · 陵川县创建“人人持证、技能社会”实施方案(2020—2021年)
                  项目      职业技能等级证书补贴
                  计价依据  陵川县2020 五(七)
                  规则指纹  \(bundledFingerprint("陵川县2020"))
                  理由      职业技能等级证书补贴 的标准由 山西省2021（晋办发〔2021〕6号）规定，该政策在 2020-11-20 不在施行期内  [晋办发〔2021〕6号 二(五)]

                推导过程：
                职业技能等级证书补贴 = 未定价   [陵政办发〔2020〕62号 五(七)]
                ├─ 要求 初次取证 或 非 (取证培训补贴标准[证书等级].仅限初次取证 缺省 否) → 满足
                │  └─ 初次取证 = 是（事实）
                ├─ 取证培训补贴标准[证书等级].补贴 = 未定价   [陵政办发〔2020〕62号 五(七)]
                │  └─ 证书等级 = 中级工（事实）
                ├─ 缺省 → 已采用，因为表 取证培训补贴标准 没有 证书等级 = 中级工 的行
                └─ 职业技能等级证书补贴 = 未定价   [晋办发〔2021〕6号 二(五)]

                """)
    }

    @Test func anObligationAndAnUnreadableClaimInChinese() {
        let obligation = run(["eval", Repository.path("examples/graduate-without-certificate.json"), "--lang", "zh"] + policies)
        #expect(obligation.0 == .success)
        #expect(obligation.1.output.hasPrefix("GRAD-2022-0031  不合规\n"))
        #expect(obligation.1.output.contains("\n  义务      职业院校毕业生持证\n  设定依据  "))
        #expect(obligation.1.output.contains("\n  要求      职业院校毕业生应当至少取得一个职业技能证书  ["))
        let missing = run(["eval", "/no/such/claim.json", "--lang", "zh"] + policies)
        #expect(missing.0 == .usage)
        #expect(missing.1.output.isEmpty)
        #expect(missing.1.errors == "错误: 无法读取申领文件 /no/such/claim.json：文件或目录不存在\n")
    }

    /// The JSON keeps its keys and status values; only what people read in it is Chinese.
    @Test func evalJSONKeepsItsKeysAndStatus() throws {
        let (_, console) = run(
            ["eval", Repository.path("examples/forklift.json"), "--json", "--explain", "--lang", "zh"] + policies)
        let json = try JSONParser.parse(Array(console.output.utf8))
        #expect(json["status"] == .string("granted"))
        #expect(json["amount"] == .string("3500"))
        #expect(json["unit"] == .string("yuan"))
        #expect(json["trace"]?["value"] == .string("3500 元"))
    }

    // MARK: run

    @Test func runSummaryInChinese() throws {
        let claims = Repository.path("examples/batch-lingchuan.csv")
        let (code, console) = run(["run", claims, "--lang", "zh"] + policies)
        #expect(code == .success)
        var lines = console.errors.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.popLast() == "")
        // The last line's time varies: its shape is checked, the rest exactly.
        let timing = lines.popLast() ?? ""
        #expect(timing.hasPrefix("申领 7 件，用时 ") && timing.contains(" 毫秒：每秒 ") && timing.hasSuffix(" 件"), "\(timing)")
        #expect(
            lines.joined(separator: "\n") + "\n" == """
                读取申领 7 件 = 核准 4 件 + 拒绝 3 件 + 无效 0 件
                核准金额（元），按政策：
                  陵川县2020  9250
                核准金额（元），按项目：
                  陵川县2020 · 普惠制培训补贴         750
                  陵川县2020 · 订单式项目制培训补贴  1000
                  陵川县2020 · 品牌培训补贴          7500

                """)
        // The results are for machines: their header and status values do not change.
        let english = run(["run", claims] + policies)
        #expect(
            console.output.hasPrefix(
                "line,id,policy,program,status,amount,reasons,priced_by,priced_clause,fingerprint\n"
                    + "2,LC-21-001,陵川县2020,品牌培训补贴,granted,3500,,陵川县2020,陵政办发〔2020〕62号 五(二),"
                    + "\(bundledFingerprint("陵川县2020"))\n"))
        #expect(english.1.output.hasPrefix("line,id,policy,program,status,amount,reasons,priced_by,priced_clause,fingerprint\n"))
        #expect(english.1.errors.hasPrefix("claims read 7 = granted 4 + refused 3 + invalid 0\ngranted yuan by policy:\n"))
        #expect(english.1.errors.contains("\n7 claims in "))
    }

    /// A ledger is read back by later batches in any language: it is the same bytes.
    @Test func theLedgerIsTheSameInBothLanguages() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let claims = Repository.path("examples/batch-lingchuan.csv")
        var ledgers: [Data] = []
        for language in ["en", "zh"] {
            let path = directory.appendingPathComponent("\(language).ledger").path
            let (code, console) = run(["run", claims, "--ledger", path, "--lang", language] + policies)
            #expect(code == .success)
            #expect(
                console.errors.hasPrefix(
                    language == "zh"
                        ? "注: \(path) 尚无台账：本批新建台账\n" : "note: there is no ledger at \(path) yet: this batch starts one\n"))
            ledgers.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(!ledgers[0].isEmpty)
        #expect(ledgers[0] == ledgers[1])
    }

    // MARK: test

    @Test func policyTestsPassTheSameInChinese() {
        let english = run(["test", Repository.path("policies")])
        let chinese = run(["test", Repository.path("policies"), "--lang", "zh"])
        #expect(english.0 == .success)
        #expect(chinese.0 == .success, "\(chinese.1.output)")
        // The policies' tests quote the engine's English refusals; they pass in Chinese too.
        let counts = english.1.output.split(separator: "\n").last.map(String.init) ?? ""
        let passed = counts.split(separator: " ").first.map(String.init) ?? ""
        #expect(counts == "\(passed) passed, 0 failed")
        #expect(Int(passed).map { $0 > 100 } == true)
        #expect(chinese.1.output == "通过 \(passed) 项，失败 0 项\n")
    }

    private static let smallPolicy = """
        policy 测试 {
          title "测试办法"
          document "测试〔2022〕1号"
          jurisdiction 山西省
          in force 2022-01-01 to 2022-12-31
        }

        input 天数: days
        input 比例: percent
        enum 等级 { 初级, 中级 }
        input 等级: 等级

        table 标准 by 等级 cite "一" {
          等级 | 补贴
          初级 | 100 yuan
        }

        program 补贴: yuan cite "二" =
          if 比例 >= 80% then 标准[等级].补贴 else (10 yuan/day * 天数 rounded to 1 yuan) at most 300 yuan

        test "初级" {
          given 比例 = 90%, 等级 = 初级
          expect 补贴 = 150 yuan
        }

        test "中级" {
          given 比例 = 90%, 等级 = 中级
          expect 补贴 refused "the table 标准 has no row for 等级 = 中级"
        }

        """

    @Test func aFailingTestAndCoverageInChinese() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("small.policy").path
        try Self.smallPolicy.write(toFile: file, atomically: true, encoding: .utf8)
        let (code, console) = run(["test", directory.path, "--coverage", "--lang", "zh"])
        #expect(code == .invalidClaim)
        #expect(
            console.output == """
                失败 测试：“初级”（\(file):21:1）
                  给定  比例 = 90%, 等级 = 初级
                  期望  补贴 = 150 元（\(file):23:10）
                  实际  100 元
                  推导过程：
                    补贴 = 100 元   [测试〔2022〕1号 二]
                    ├─ 如果 比例 >= 80% → 是
                    │  └─ 比例 = 90%（事实）
                    └─ 标准[等级].补贴 = 100 元（“初级”行，第 15 行）   [测试〔2022〕1号 一]
                       └─ 等级 = 初级（事实）

                测试覆盖：规则、每个“如果”的两个分支、“匹配”的各分支、分档的各档和表的各行
                  测试  覆盖 3 处，共 4 处（75%）  \(file)
                    \(file):19:36：未经测试：如果 比例 >= 80% 的“否则”分支
                通过 1 项，失败 1 项

                """)
        let english = run(["test", directory.path, "--coverage"])
        #expect(english.0 == .invalidClaim)
        #expect(english.1.output.hasPrefix("FAIL 测试: \"初级\"  (\(file):21:1)\n  given    比例 = 90%, 等级 = 初级\n"))
        #expect(english.1.output.contains("    \(file):19:36: not exercised: branch else of if 比例 >= 80%\n"))
        #expect(english.1.output.hasSuffix("1 passed, 1 failed\n"))
    }

    // MARK: check

    @Test func checkInChinese() {
        let (code, console) = run(["check", Repository.path("policies"), "--lang", "zh"])
        #expect(code == .success)
        let lines = console.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "已检查政策 5 项：无错误，注 8 条")
        #expect(lines.dropFirst().first == "待定参数（文件未定，留给下级政策或申领）：")
        #expect(lines.contains("  山西省2021：劳务服务工作站年补助（元）[晋办发〔2021〕6号 三(七)]：由每件申领给出，介于 30000 元 与 50000 元 之间"))
        #expect(lines.contains("  山西省2021：新型学徒制年补贴标准（元）[晋办发〔2021〕6号 二(二)]：由每件申领给出，至少 4000 元"))
        #expect(lines.contains("  山西省2022：普惠制日标准（元/天）[晋技能组发〔2022〕1号 二(七)]：由每件申领给出"))
        let english = run(["check", Repository.path("policies")])
        #expect(english.1.output.hasPrefix("checked 5 policies: no errors, 8 notes\nopen parameters (left open by a document"))
        #expect(
            english.1.output.contains(
                "  山西省2021: 劳务服务工作站年补助 (yuan) [晋办发〔2021〕6号 三(七)]: each claim supplies it, between 30000 yuan and 50000 yuan\n"))
    }

    @Test func brokenPoliciesAndUsageErrorsInChinese() {
        let fixtures = Repository.path("Tests/PolicyLanguageTests/Fixtures/diagnostics")
        let (bad, console) = run(["check", fixtures, "--lang", "zh"])
        #expect(bad == .invalidPolicy)
        let tally = console.errors.split(separator: "\n").last.map(String.init) ?? ""
        #expect(tally.hasPrefix("错误 ") && tally.hasSuffix(" 条") && !tally.contains("error"), "\(tally)")
        let eval = run(["eval", Repository.path("examples/forklift.json"), "--policies", fixtures, "--lang", "zh"])
        #expect(eval.0 == .invalidPolicy)
        #expect(eval.1.errors.hasSuffix("错误: 政策文件有错误，因此不审核任何申领\n"))

        let unknown = run(["eval", "--frob", "--lang", "zh"])
        #expect(unknown.0 == .usage)
        #expect(unknown.1.errors == "错误: 未知的选项 --frob；可用的选项：--explain, --json, --ledger, --policies, --rules, --wait\n")
        #expect(run(["eval", "--policies", "--lang", "zh"]).1.errors == "错误: --policies 需要一个值\n")
        #expect(
            run(["frobnicate", "--lang", "zh"]).1.errors
                == "错误: 未知的命令 frobnicate；可用的命令：eval, run, check, quota, test, diff, changes, fmt, doc, timeline, new, lsp, completions, version, help\n"
        )
        // A wrong --lang is said in the language LANG asks for.
        #expect(run(["--lang"], environment: ["LANG": "zh_CN.UTF-8"]).1.errors == "错误: --lang 需要一个值：en 或 zh\n")
        #expect(run(["--lang", "fr"]).1.errors == "error: unknown language fr; --lang en or --lang zh\n")
        #expect(
            run(["eval", "--frob"]).1.errors
                == "error: unknown option --frob; options: --explain, --json, --ledger, --policies, --rules, --wait\n"
        )
    }

    // MARK: quota and diff

    @Test func quotaInChinese() {
        let progress = Repository.path("examples/progress-2022-10.csv")
        let (_, console) = run(["quota", progress, "--as-of", "2022-10-15", "--lang", "zh"] + policies)
        #expect(
            console.output.hasPrefix(
                """
                各市任务（山西省2022 · 晋技能组发〔2022〕1号 附件1）
                截至 2022-10-15：培训进度 要求在 2022-09-30 前完成 计划培训任务数 的 60%
                  市 · 计划培训任务数  任务数  完成数       %  状态
                  太原市                35000   21000   60.0%  符合进度
                  大同市                33000   15000   45.5%  落后：应于 2022-09-30 前完成 19800
                  朔州市                17000   10200   60.0%  符合进度
                  忻州市                18000       —          未报送；落后：应于 2022-09-30 前完成 10800

                """))
        #expect(console.output.contains("  山西省教育厅                   无     100     无任务\n"))
        let problems = run(
            ["quota", "-", "--as-of", "2022-10-15", "--lang", "zh"] + policies, input: "quota,unit,done\n各市任务,太原,5\n")
        #expect(problems.0 == .invalidClaim)
        #expect(problems.1.errors == "-:2: 错误: 任务表 各市任务 中没有单位 太原；是否应为 太原市？\n")
    }

    @Test func diffInChinese() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The same policies with one rate of the county's brand table raised by 100 yuan.
        let after = directory.appendingPathComponent("after")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Repository.path("policies")), to: after)
        let county = after.appendingPathComponent("lingchuan-2020.policy")
        var lines = try String(contentsOf: county, encoding: .utf8).components(separatedBy: "\n")
        let row = try #require(lines.firstIndex { $0.contains("| 20 天    | 3500 元") })
        lines[row] = lines[row].replacingOccurrences(of: "3500 元", with: "3600 元")
        try lines.joined(separator: "\n").write(to: county, atomically: true, encoding: .utf8)

        let arguments = ["diff", "--before", Repository.path("policies"), "--after", after.path]
        let claims = Repository.path("examples/batch-lingchuan.csv")
        let (code, console) = run(arguments + [claims, "--lang", "zh"])
        #expect(code == .invalidClaim)
        #expect(
            console.output == """
                规则变化，变更前 陵川县2020 → 变更后 陵川县2020：
                  品牌培训标准 “棋源叉车工”行：补贴 3500 元 → 3600 元   [陵政办发〔2020〕62号 五(二)]
                    本批 1 件申领因此变化：+100 元

                第 2 行  LC-21-001  品牌培训补贴
                  变更前  陵川县2020：核准 3500 元
                  变更后  陵川县2020：核准 3600 元（+100 元）
                  变化    品牌培训补贴：3500 元 → 3600 元
                          品牌培训标准 “棋源叉车工”行 · 补贴：3500 元 → 3600 元

                发生变化的申领 1 件，共 7 件；金额变化 +100 元
                金额变化（元），按政策：
                  陵川县2020  +100
                金额变化（元），按项目：
                  陵川县2020 · 品牌培训补贴  +100

                """)
        let english = run(arguments + [claims])
        #expect(
            english.1.output.hasPrefix(
                """
                rules changed, 陵川县2020 before → 陵川县2020 after:
                  品牌培训标准 row 棋源叉车工: 补贴 3500 yuan → 3600 yuan   [陵政办发〔2020〕62号 五(二)]
                    1 claim of the batch moved: +100 yuan

                line 2  LC-21-001  品牌培训补贴
                  before   陵川县2020: granted 3500 yuan
                  after    陵川县2020: granted 3600 yuan   (+100 yuan)
                  changed  品牌培训补贴: 3500 yuan → 3600 yuan

                """))
        let same = run([
            "diff", "--before", Repository.path("policies"), "--after", Repository.path("policies"), claims, "--lang", "zh",
        ])
        #expect(same.0 == .success)
        #expect(same.1.output == "没有申领发生变化：7 件申领在两套规则下的审核结果相同\n")
    }

    // MARK: Values

    @Test(arguments: [
        (ExactDecimal(3500), ValueType.yuan, "3500 yuan", "3500 元"),
        (ExactDecimal(1), ValueType.quantity(Unit([.day: 1])), "1 day", "1 天"),
        (ExactDecimal(20), ValueType.quantity(Unit([.day: 1])), "20 days", "20 天"),
        (ExactDecimal(150), ValueType.quantity(Unit([.yuan: 1, .day: -1])), "150 yuan/day", "150 元/天"),
        (ExactDecimal(600), ValueType.quantity(Unit([.yuan: 1, .person: -1, .month: -1])), "600 yuan/month/person", "600 元/月/人"),
        (ExactDecimal(12), ValueType.quantity(Unit([.hour: 1])), "12 hours", "12 小时"),
        (ExactDecimal(significand: 85, exponent: -2), ValueType.percent, "85%", "85%"),
        (ExactDecimal(7), ValueType.number, "7", "7"),
        (ExactDecimal.one, ValueType.bool, "true", "是"),
        (ExactDecimal.zero, ValueType.bool, "false", "否"),
    ])
    func valuesWithTheirUnits(value: ExactDecimal, type: ValueType, english: String, chinese: String) {
        let formatter = ValueFormatter(program: nil)
        #expect(formatter.format(value, as: type) == english)
        #expect(ValueFormatter(program: nil, language: .zh).format(value, as: type) == chinese)
        #expect(formatter.phrase(value, as: type) == Phrase(english, chinese))
        // A key a machine reads back is written in English: a formatter speaks English unless told.
        #expect(ValueFormatter(program: nil, language: .en).format(value, as: type) == english)
    }

    @Test func typesAndBatchUnitsByName() {
        #expect(ValueType.quantity(Unit([.yuan: 1, .day: -1])).name.english == "yuan/day")
        #expect(ValueType.quantity(Unit([.yuan: 1, .day: -1])).name.chinese == "元/天")
        #expect(ValueType.percent.name.chinese == "百分比")
        #expect(ValueType.number.name.chinese == "数值")
        #expect(ValueType.bool.name.chinese == "是否值")
        #expect(ValueType.date.name.chinese == "日期")
        #expect(ValueType.text.name.chinese == "文本")
        #expect(ValueFormatter.unitName("yuan", in: .zh) == "元")
        #expect(ValueFormatter.unitName("yuan/person/month", in: .zh) == "元/人/月")
        #expect(ValueFormatter.unitName("days*persons", in: .zh) == "天*人")
        #expect(ValueFormatter.unitName("percent", in: .zh) == "%")
        #expect(ValueFormatter.unitName("yuan/day", in: .en) == "yuan/day")
    }
}
