// The command line's manners: `policy SUB --help`, `policy help SUB`, `--version`, "did you
// mean" for a misspelt command or option, `--color`, the completion scripts and the names they
// ask for, hints that name the option a path came from, and `check FILE` reading the policies
// beside the file. Each output exactly, in English and in Chinese.
//
// The completion scripts are golden files in Fixtures/completions; re-record them after an
// intended change with `RECORD_GOLDENS=1 swift test --filter CommandLineMannersTests` and read
// the diff.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct CommandLineMannersTests {
    private func run(_ arguments: [String], environment: [String: String] = [:]) -> (ExitCode, Console) {
        let console = Console(environment: environment)
        let code = PolicyCommandLine.run(arguments, console: console)
        return (code, console)
    }

    private let policies = Repository.path("policies")

    @Test func theResultsFollowTheOutputFilesName() throws {
        let claims = Repository.path("examples/batch-lingchuan.csv")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let jsonl = directory.appendingPathComponent("results.jsonl").path
        #expect(run(["run", claims, "--out", jsonl, "--policies", policies]).0 == .success)
        #expect(try String(contentsOfFile: jsonl, encoding: .utf8).hasPrefix("{\"line\":2,"))
        // --format still decides.
        #expect(run(["run", claims, "--out", jsonl, "--format", "csv", "--policies", policies]).0 == .success)
        #expect(try String(contentsOfFile: jsonl, encoding: .utf8).hasPrefix("line,id,policy,"))
    }

    @Test func outDashIsStandardOutput() {
        let claims = Repository.path("examples/batch-lingchuan.csv")
        let (code, console) = run(["run", claims, "--out", "-", "--policies", policies])
        #expect(code == .success)
        #expect(console.output.hasPrefix("line,id,policy,program,status,amount,"))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/-"))
    }

    // MARK: Help

    @Test func aSubcommandsHelpInBothLanguages() {
        let english = """
            USAGE
              policy completions bash|zsh|fish
                  Print a script that completes the subcommands, their options, files, and the
                  names of policies, programs and places (read from --policies, default
                  policies) for that shell; the README says how to install it.

            EVERY COMMAND
              --lang en|zh   before or after the subcommand: the language of messages,
                             derivations and this help; without it, LANG (zh_CN.UTF-8 is
                             Chinese), else English.
              --color auto|always|never
                             colour in diagnostics: auto (the default) on a terminal unless
                             NO_COLOR is set; always, even into a file or a pipe; never.
              --help, -h     after a subcommand: its usage and options.

            """
        let chinese = """
            用法
              policy completions bash|zsh|fish
                  输出所给 shell 的补全脚本：补全子命令及其选项、文件，以及政策、项目和辖区
                  的名称（读自 --policies，默认 policies）；安装方法见 README。

            通用选项
              --lang en|zh   可写在子命令之前或之后：消息、推导过程和本帮助使用的语言；
                             未指定时依据 LANG（zh_CN.UTF-8 为中文），否则为英文。
              --color auto|always|never
                             诊断信息的彩色显示：auto（默认）在终端中且未设置 NO_COLOR 时
                             使用彩色；always 输出到文件或管道时也使用；never 不使用。
              --help, -h     写在子命令之后：显示该命令的用法和选项。

            """
        for arguments in [
            ["completions", "--help"], ["completions", "-h"], ["help", "completions"], ["completions", "zsh", "-h"],
        ] {
            let (code, console) = run(arguments)
            #expect(code == .success, "\(arguments)")
            #expect(console.output == english, "\(arguments)")
            #expect(console.errors.isEmpty)
            #expect(run(arguments + ["--lang", "zh"]).1.output == chinese, "\(arguments)")
        }
    }

    /// Every command answers --help, -h and `policy help COMMAND` alike, with its own part of the
    /// full help, and never runs.
    @Test func everyCommandHasItsHelp() {
        for command in CommandSpec.all {
            for language in Language.allCases {
                let expected = PolicyCommandLine.help(for: command, in: language)
                #expect(PolicyCommandLine.help(in: language).contains(command.help.text(in: language)) != command.hidden)
                for arguments in [[command.name, "--help"], [command.name, "-h"], ["help", command.name]] {
                    let (code, console) = run(arguments + ["--lang", language.rawValue])
                    #expect(code == .success, "\(arguments)")
                    #expect(console.output == expected, "\(arguments)")
                }
            }
        }
        #expect(run(["eval", "--help"]).1.output.hasPrefix("USAGE\n  policy eval [CLAIM.json | -] [--policies DIR]"))
        #expect(run(["eval", "-h", "--lang", "zh"]).1.output.hasPrefix("用法\n  policy eval [申领.json | -] [--policies 目录]"))
    }

    /// `-h` as the value of an option is that value: `test --filter -h` looks for tests named -h.
    @Test func aValueThatLooksLikeHelpIsAValue() {
        let (code, console) = run(["test", "--filter", "-h", policies])
        #expect(code == .success)
        #expect(console.output.hasPrefix("0 passed, 0 failed, "))
        #expect(console.output.hasSuffix(" skipped\n"))
    }

    @Test func helpForAnUnknownCommandSuggestsTheNearest() {
        let (code, console) = run(["help", "evl"])
        #expect(code == .usage)
        #expect(console.output.isEmpty)
        #expect(console.errors == "error: unknown command evl; did you mean eval?\n")
        #expect(run(["help", "evl", "--lang", "zh"]).1.errors == "错误: 未知的命令 evl；是否应为 eval？\n")
        let two = run(["help", "eval", "run"])
        #expect(two.0 == .usage)
        #expect(two.1.errors == "error: help takes one command: policy help eval\n")
        #expect(run(["help", "eval", "run", "--lang", "zh"]).1.errors == "错误: help 只接受一个命令：policy help eval\n")
    }

    // MARK: Version

    @Test func theVersionAndTheCompiler() {
        let version = VersionCommand.version
        let compiler = VersionCommand.compiler
        #expect(compiler.first?.isNumber == true)
        for arguments in [["--version"], ["version"]] {
            let (code, console) = run(arguments)
            #expect(code == .success)
            #expect(console.output == "policy \(version)\nbuilt with the Swift \(compiler) compiler\n")
            let chinese = run(arguments + ["--lang", "zh"])
            #expect(chinese.0 == .success)
            #expect(chinese.1.output == "policy \(version)\n编译所用的 Swift 编译器版本：\(compiler)\n")
        }
        let extra = run(["version", "now"])
        #expect(extra.0 == .usage)
        #expect(extra.1.errors == "error: version takes no arguments, not now\n")
        #expect(run(["version", "now", "--lang", "zh"]).1.errors == "错误: version 不接受参数，不能是 now\n")
    }

    /// One version, in one place: the README's is the same.
    @Test func theReadmeShowsTheVersion() throws {
        let readme = try Repository.read("README.md")
        #expect(readme.contains("policy \(VersionCommand.version)\nbuilt with the Swift "))
    }

    // MARK: Did you mean

    @Test func anUnknownCommandSuggestsTheNearest() {
        let (code, console) = run(["evl"])
        #expect(code == .usage)
        #expect(console.output.isEmpty)
        #expect(console.errors == "error: unknown command evl; did you mean eval?\n")
        #expect(run(["evl", "--lang", "zh"]).1.errors == "错误: 未知的命令 evl；是否应为 eval？\n")
        #expect(run(["tst"]).1.errors == "error: unknown command tst; did you mean test?\n")
        #expect(run(["timelin"]).1.errors == "error: unknown command timelin; did you mean timeline?\n")
        let far = run(["frobnicate"])
        #expect(far.0 == .usage)
        #expect(
            far.1.errors
                == "error: unknown command frobnicate; the commands: eval, run, check, quota, test, diff, changes, fmt, doc, timeline, new, lsp, completions, version, help\n"
        )
    }

    @Test func anUnknownOptionSuggestsTheNearestOfThatCommand() {
        let (code, console) = run(["eval", "--polices", policies, Repository.path("examples/forklift.json")])
        #expect(code == .usage)
        #expect(console.output.isEmpty)
        #expect(console.errors == "error: unknown option --polices; did you mean --policies?\n")
        #expect(
            run(["eval", "--polices", policies, "--lang", "zh"]).1.errors == "错误: 未知的选项 --polices；是否应为 --policies？\n")
        #expect(
            run(["run", "--max-record-byte", "9"]).1.errors
                == "error: unknown option --max-record-byte; did you mean --max-record-bytes?\n")
        #expect(run(["diff", "--befor", "x"]).1.errors == "error: unknown option --befor; did you mean --before?\n")
        // Each command suggests among its own options: check has no --policies.
        #expect(run(["check", "--polices"]).1.errors == "error: unknown option --polices; options: --json, --strict\n")
    }

    /// The options each command accepts are those the table gives it, which the help, the README
    /// and the completion scripts show: an option added to a command and not to the table fails here.
    @Test func eachCommandAcceptsTheOptionsOfTheTable() {
        for command in CommandSpec.all where command.name != "help" {
            let (code, console) = run([command.name, "--zzzzzzzzzz"])
            #expect(code == .usage, "\(command.name)")
            let known = command.options.map(\.name).sorted().joined(separator: ", ")
            #expect(console.errors == "error: unknown option --zzzzzzzzzz; options: \(known)\n", "\(command.name)")
        }
    }

    // MARK: Colour

    /// A broken policy's diagnostics: plain into a buffer by default and with --color never, in
    /// colour with --color always even when NO_COLOR is set.
    @Test func colorAutoAlwaysNever() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.policy").path
        try "policy 破 {\n".write(toFile: file, atomically: true, encoding: .utf8)
        let plain = run(["check", file]).1.errors
        #expect(!plain.isEmpty && !plain.contains("\u{1B}["))
        #expect(run(["check", file, "--color", "auto"]).1.errors == plain)
        #expect(run(["--color", "never", "check", file]).1.errors == plain)
        let coloured = run(["check", file, "--color", "always"], environment: ["NO_COLOR": "1"]).1.errors
        #expect(coloured.contains("\u{1B}[1;31merror\u{1B}[0m"))
        #expect(coloured.replacing(try Regex("\u{1B}\\[[0-9;]*m"), with: "") == plain)
        #expect(run(["check", file, "--color", "always", "--lang", "zh"]).1.errors.contains("\u{1B}[1;31m错误\u{1B}[0m"))
    }

    @Test func aBadColorIsAUsageErrorNamingTheThreeValues() {
        let (code, console) = run(["check", "--color", "blue"])
        #expect(code == .usage)
        #expect(console.errors == "error: --color is auto, always or never, not blue\n")
        #expect(run(["check", "--color", "blue", "--lang", "zh"]).1.errors == "错误: --color 只能是 auto、always 或 never，不能是 blue\n")
        #expect(run(["check", "--color"]).1.errors == "error: --color needs a value: auto, always or never\n")
        #expect(run(["check", "--lang", "zh", "--color"]).1.errors == "错误: --color 需要一个值：auto、always 或 never\n")
    }

    // MARK: Completions

    /// Each script exactly as recorded, in both languages (zsh and fish describe the commands).
    @Test(arguments: CompletionsCommand.Shell.allCases)
    func completionScriptsAreAsRecorded(_ shell: CompletionsCommand.Shell) throws {
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil
        for language in Language.allCases {
            let (code, console) = run(["completions", shell.rawValue, "--lang", language.rawValue])
            #expect(code == .success)
            #expect(console.output == CompletionsCommand.script(for: shell, in: language))
            let path = Repository.path(
                "Tests/PolicyLanguageTests/Fixtures/completions/policy\(language == .zh ? ".zh" : "").\(shell.rawValue)")
            if record { try console.output.write(toFile: path, atomically: true, encoding: .utf8) }
            let golden = try Repository.read(
                "Tests/PolicyLanguageTests/Fixtures/completions/policy\(language == .zh ? ".zh" : "").\(shell.rawValue)")
            #expect(console.output == golden, "the \(shell) script in \(language) changed")
        }
        // bash shows no descriptions: one script for both languages.
        if shell == .bash {
            #expect(CompletionsCommand.script(for: .bash, in: .en) == CompletionsCommand.script(for: .bash, in: .zh))
        }
    }

    /// Every command and every option of the table is in every script.
    @Test(arguments: CompletionsCommand.Shell.allCases)
    func completionScriptsOfferEveryCommandAndOption(_ shell: CompletionsCommand.Shell) {
        for language in Language.allCases {
            let script = CompletionsCommand.script(for: shell, in: language)
            for command in CommandSpec.visible {
                #expect(script.contains(shell == .zsh ? "'\(command.name):" : "\(command.name)"), "\(shell): \(command.name)")
                for option in command.options + CommandSpec.global {
                    let written = shell == .fish ? fishName(option.name) : option.name
                    #expect(script.contains(written), "\(shell): \(command.name) \(option.name)")
                }
                #expect(script.contains(command.summary.text(in: language)) || shell == .bash)
            }
            #expect(!script.contains("complete-names policies") || shell != .fish)
            #expect(!CommandSpec.visible.contains { $0.name == "complete-names" })
        }
        // zsh and fish quote the descriptions in single quotes, and zsh splits them at a colon.
        for command in CommandSpec.all {
            for text in [command.summary.english, command.summary.chinese] {
                #expect(!text.contains("'") && !text.contains(":"), "\(command.name): \(text)")
            }
        }
    }

    private func fishName(_ option: String) -> String {
        option.hasPrefix("--") ? "-l \(option.dropFirst(2))" : "-s \(option.dropFirst())"
    }

    /// The scripts parse: `bash -n`, `zsh -n`, `fish --no-execute`, for the shells installed.
    @Test(arguments: CompletionsCommand.Shell.allCases)
    func completionScriptsAreValidShell(_ shell: CompletionsCommand.Shell) throws {
        guard let executable = Self.installed(shell.rawValue) else {
            print("note: \(shell.rawValue) is not installed: its completion script is not parsed")
            return
        }
        for language in Language.allCases {
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("policy.\(shell.rawValue)")
            try CompletionsCommand.script(for: shell, in: language).write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = [shell == .fish ? "--no-execute" : "-n", file.path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(shell) in \(language): \(said)")
            #expect(said.isEmpty, "\(shell) in \(language): \(said)")
        }
    }

    private static func installed(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/local/bin/", "/opt/homebrew/bin/"].map { $0 + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The bash script completes a command, an option, a choice and the names of the policies.
    @Test func theBashScriptCompletes() throws {
        guard let bash = Self.installed("bash") else { return }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("policy.bash")
        try CompletionsCommand.bash().write(to: script, atomically: true, encoding: .utf8)
        let products = Repository.productsDirectory.path
        guard FileManager.default.isExecutableFile(atPath: products + "/policy") else {
            print("note: no built policy executable in \(products): the bash script is not run")
            return
        }
        let driver = """
            PATH=\(products):$PATH
            source \(script.path)
            t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _policy; echo "${COMPREPLY[*]}"; }
            t policy ev
            t policy eval --po
            t policy run --format ""
            t policy changes --policies \(policies) 陵
            t policy timeline --policies \(policies) --program 以工
            t policy help ch
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bash)
        process.arguments = ["-c", driver]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(said == "eval\n--policies\ncsv jsonl\n陵川县2020\n以工代训补贴\ncheck changes\n")
    }

    @Test func completeNamesPrintsOneNameALine() {
        let (code, console) = run(["complete-names", "policies", "--policies", policies])
        #expect(code == .success)
        #expect(console.output == "山西省2021\n山西省2022\n山西省教育系统2021\n技能山西建设决定\n陵川县2020\n")
        let places = run(["complete-names", "jurisdictions", "--policies", policies]).1.output
        #expect(places == "山西省\n山西省/晋城市/陵川县\n陵川县\n")
        let programs = run(["complete-names", "programs", "--policies", policies]).1.output
        let expected = Set(bundledPolicies.entries.flatMap { $0.program.programs.keys }).sorted()
        #expect(programs == expected.map { $0 + "\n" }.joined())
        #expect(programs.contains("以工代训补贴\n"))
        // Nothing to say where nothing loads: a completion prints no error into the command line.
        let missing = run(["complete-names", "policies", "--policies", "/nonexistent-policies"])
        #expect(missing.0 == .success)
        #expect(missing.1.output.isEmpty && missing.1.errors.isEmpty)
        let wrong = run(["complete-names", "rules"])
        #expect(wrong.0 == .usage)
        #expect(wrong.1.errors == "error: complete-names takes policies, programs or jurisdictions\n")
        #expect(
            run(["complete-names", "rules", "--lang", "zh"]).1.errors
                == "错误: complete-names 只接受 policies、programs 或 jurisdictions\n")
    }

    @Test func completionsForAnUnknownShell() {
        let (code, console) = run(["completions", "tcsh"])
        #expect(code == .usage)
        #expect(console.errors == "error: completions writes for bash, zsh or fish, not tcsh\n")
        #expect(run(["completions", "tcsh", "--lang", "zh"]).1.errors == "错误: completions 只能生成 bash、zsh 或 fish 的脚本，不能是 tcsh\n")
        #expect(run(["completions"]).1.errors == "error: completions needs a shell: policy completions bash, zsh or fish\n")
        #expect(
            run(["completions", "--lang", "zh"]).1.errors == "错误: completions 需要指定 shell：policy completions bash、zsh 或 fish\n")
    }

    // MARK: Hints that name the option

    @Test func aMissingBeforeDirectoryIsSaidWithBefore() {
        let claims = Repository.path("examples/batch-lingchuan.csv")
        let (code, console) = run(["diff", "--before", "/nonexistent-before", "--after", policies, claims])
        #expect(code == .usage)
        #expect(
            console.errors == """
                error: there is no file or directory /nonexistent-before [no-such-path]
                 = hint: give the directory of .policy files with --before DIR
                error: the policies have errors, so no claim is compared (--before /nonexistent-before)

                """
                || console.errors == """
                    error: there is no file or directory /nonexistent-before [no-such-path]
                     = hint: give the directory of .policy files with --before DIR

                    """
        )
        #expect(
            run(["diff", "--before", policies, "--after", "/nonexistent-after", claims, "--lang", "zh"]).1.errors.hasPrefix(
                """
                错误: 文件或目录/nonexistent-after不存在 [no-such-path]
                 = 提示: 请用 --after DIR 给出 .policy 文件所在的目录

                """))
    }

    @Test func anEmptyDirectoryIsSaidWithItsOption() throws {
        let empty = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let (code, console) = run(["changes", "陵川县2020", "--policies", policies, "--before", empty.path])
        #expect(code == .usage)
        #expect(
            console.errors == """
                error: no .policy files found in \(empty.path) [no-policies]
                 = hint: point --before at the directory that holds the policy files

                """)
        #expect(
            run(["changes", "陵川县2020", "--policies", policies, "--before", empty.path, "--lang", "zh"]).1.errors == """
                错误: 在\(empty.path)中未找到 .policy 文件 [no-policies]
                 = 提示: 请用 --before 指定存放政策文件的目录

                """)
        // Operands are not an option: check and test say to name a directory.
        #expect(
            run(["check", empty.path]).1.errors == """
                error: no .policy files found in \(empty.path) [no-policies]
                 = hint: name a directory that holds .policy files
                1 error

                """)
        #expect(
            run(["test", "/nonexistent-policies", "--lang", "zh"]).1.errors == """
                错误: 文件或目录/nonexistent-policies不存在 [no-such-path]
                 = 提示: 请给出 .policy 文件或其所在的目录

                """)
    }

    // MARK: check FILE

    /// A county's file is checked with the policies beside it: its parent is there, and only
    /// what is about the file named is said.
    @Test func checkingACountyFileReadsItsParentBesideIt() throws {
        let file = Repository.path("policies/lingchuan-2020.policy")
        let (code, console) = run(["check", file])
        #expect(code == .success)
        #expect(!console.errors.contains("[unknown-parent]"))
        #expect(console.output.hasPrefix("checked 1 policy: no errors, "))
        #expect(console.output.hasSuffix("  陵川县2020  \(bundledFingerprint("陵川县2020"))\n"))
        #expect(!console.output.contains("(all policies)"))
        #expect(!console.output.contains("  山西省2021  "))
        // Every diagnostic is placed in the file named.
        let places = try Regex(#"(?m)^(\S+\.policy):[0-9]+:[0-9]+: "#)
        let files = Set(console.errors.matches(of: places).map { String(console.errors[$0.range]).split(separator: ":")[0] })
        #expect(files == [Substring(file)])
        let chinese = run(["check", file, "--lang", "zh"])
        #expect(chinese.0 == .success)
        #expect(chinese.1.output.hasPrefix("已检查政策 1 项：无错误，"))
        // The whole directory says more: the file's diagnostics are a part of it.
        let whole = run(["check", policies])
        #expect(whole.1.output.hasPrefix("checked 5 policies: no errors, "))
        #expect(console.errors.count < whole.1.errors.count)
        // --strict and --json see the same selection.
        let json = run(["check", file, "--json"])
        #expect(json.1.output.contains(#""policies":1"#))
        #expect(json.1.output.contains(#""policy":"陵川县2020""#) && !json.1.output.contains(#""policy":"山西省2021""#))
    }

    /// A parent that really is missing is said with the places searched, in both languages.
    @Test func aMissingParentNamesWhereItWasLookedFor() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("county.policy").path
        try """
        policy 乙县2022 {
          title "乙县2022"
          document "乙县〔2022〕1号"
          jurisdiction 山西省/乙县
          extends 山西省2030
          in force 2022-01-01 to 2022-12-31
        }
        program 普惠: yuan cite "一" = 150 yuan

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let (code, console) = run(["check", file])
        #expect(code == .invalidPolicy)
        #expect(
            console.errors == """
                \(file):5:11: error: this policy extends 山西省2030, but no policy of that name is loaded [unknown-parent]
                  |
                5 |   extends 山西省2030
                  |           ^~~~~~~~~~
                  = hint: no .policy file in \(directory.path) defines 山西省2030: put its file there, or name the directory that holds it
                1 error

                """)
        #expect(
            run(["check", file, "--lang", "zh"]).1.errors == """
                \(file):5:11: 错误: 本政策依据山西省2030，但未载入该名称的政策 [unknown-parent]
                  |
                5 |   extends 山西省2030
                  |           ^~~~~~~~~~
                  = 提示: 在 \(directory.path) 中没有定义山西省2030的 .policy 文件：请将其文件放入该处，或指定存放该文件的目录
                错误 1 条

                """)
        // Beside its parent, it checks.
        try provincePolicy("山西省2030", "2022-01-01 to 2022-12-31").write(
            toFile: directory.appendingPathComponent("province.policy").path, atomically: true, encoding: .utf8)
        let beside = run(["check", file])
        #expect(beside.0 == .success)
        #expect(beside.1.output.hasPrefix("checked 1 policy: no errors"))
        // A neighbour of the same name is the duplicate, not the file named; and it is not shown.
        try provincePolicy("乙县2022", "2022-01-01 to 2022-12-31").write(
            toFile: directory.appendingPathComponent("a-copy.policy").path, atomically: true, encoding: .utf8)
        let named = run(["check", file])
        #expect(named.0 == .success)
        #expect(!named.1.errors.contains("duplicate-policy"))
        #expect(run(["check", directory.path]).1.errors.contains("[duplicate-policy]"))
    }

    // MARK: README

    /// The README's list of commands is the table's.
    @Test func theReadmeListsTheCommandsOfTheTable() throws {
        let readme = try Repository.read("README.md")
        let list = CommandSpec.visible.map(\.synopsis).joined(separator: "\n")
        #expect(readme.contains("## The command line\n\n```\n\(list)\n```\n"))
        for shell in CompletionsCommand.Shell.allCases {
            #expect(readme.contains("policy completions \(shell.rawValue)"))
        }
        #expect(readme.contains("--color auto|always|never"))
    }

    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("manners-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
