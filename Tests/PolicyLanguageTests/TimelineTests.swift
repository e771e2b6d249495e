// `policy timeline`: the stretches of days over which the same policies are in force for a place,
// and how each program is decided on them. Small invented libraries pin the stretches, gaps, open
// ends and overlaps; the engine is asked the same questions to show the timeline tells its truth;
// and the output on the bundled policies is compared with golden files in both languages.
//
// The goldens are in Fixtures/timeline/. After an intended change (a policy's period, a new
// policy), re-record them all with
//     RECORD_GOLDENS=1 swift test --filter TimelineTests
// and read `git diff Tests/PolicyLanguageTests/Fixtures/timeline` before committing.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

@Suite struct TimelineTests {
    // MARK: Invented libraries

    static func policy(_ name: String, at place: String, _ period: String, extends parent: String? = nil, _ body: String)
        -> String
    {
        """
        policy \(name) {
          title "\(name)方案"
          document "\(name)〔2021〕1号"
          jurisdiction \(place)
          \(parent.map { "extends \($0)" } ?? "")
          in force \(period)
        }
        \(body)
        """
    }

    static let province2021 = policy(
        "省2021", at: "山西省", "2021-01-01 to 2021-12-31",
        """
        input 天数: days
        program 普惠: yuan cite "一" = 100 yuan/day * 天数
        program 评价: yuan cite "二" = 300 yuan
        """)

    static let county2020 = policy(
        "县2020", at: "山西省/晋城市/陵川县", "2020-09-10 to 2021-12-31", extends: "省2021",
        """
        program 品牌: yuan cite "五(二)" = 3500 yuan
        program 评价: yuan cite "五(七)" = inherited + 50 yuan
        """)

    private func library(_ texts: String...) -> PolicyLibrary {
        let library = PolicyLibrary.load(
            sources: texts.enumerated().map { SourceFile(path: "p\($0.offset).policy", text: $0.element) })
        #expect(!library.hasErrors, "\(DiagnosticRenderer(useColor: false).render(library.diagnostics))")
        return library
    }

    private func period(_ start: String, _ end: String?) -> Period {
        Period(start: CalendarDate(iso: start)!, end: end.map { CalendarDate(iso: $0)! } ?? Period.lastDay)
    }

    /// A stretch as one line: its days, the policies in force and each group (routed → priced by).
    private func summary(_ stretch: Timeline.Stretch) -> String {
        let groups = stretch.groups.map { group in
            group.layers.joined(separator: "→") + (group.notInForce.map { " !\($0)" } ?? "")
                + (group.readsNotInForce.isEmpty ? "" : " reads !" + group.readsNotInForce.joined(separator: ",")) + ": "
                + group.programs.joined(separator: ",")
        }
        return "\(stretch.period.phrase.english) [\(stretch.inForce.joined(separator: ","))] " + groups.joined(separator: "; ")
    }

    @Test func daysBetweenPoliciesWithNothingInForceAreAGap() throws {
        let later = Self.policy(
            "省2023", at: "山西省", "2023-01-01 to 2023-12-31",
            """
            input 天数: days
            program 普惠: yuan cite "一" = 120 yuan/day * 天数
            """)
        let timeline = try #require(Timeline(library: library(Self.province2021, later), place: "山西省"))
        #expect(
            timeline.stretches.map(summary) == [
                "2021-01-01 to 2021-12-31 [省2021] 省2021: 普惠,评价",
                "2022-01-01 to 2022-12-31 [] ",
                "2023-01-01 to 2023-12-31 [省2023] 省2023: 普惠",
            ])
        #expect(timeline.stretches.map(\.isGap) == [false, true, false])
        #expect(!timeline.stretches[2].period.isOpenEnded)
        // The engine has nothing to decide with on a day of the gap.
        let decision = Engine(library: library(Self.province2021, later)).decide(
            Claim(id: "T", date: CalendarDate(iso: "2022-06-01")!, jurisdiction: ["山西省"], program: "评价", facts: []))
        #expect(decision.outcome.problems?.first?.hasPrefix("no policy for 山西省 is in force on 2022-06-01") == true)
    }

    @Test func anOpenEndedPolicyEndsTheTimelineOpenAndANewerOneOfTheSamePlacePrevailsWhileInForce() throws {
        let openEnded = Self.policy(
            "省2021", at: "山西省", "from 2021-01-01",
            """
            input 天数: days
            program 普惠: yuan cite "一" = 100 yuan/day * 天数
            program 评价: yuan cite "二" = 300 yuan
            """)
        let overlapping = Self.policy("省2022", at: "山西省", "2021-12-01 to 2022-11-30", #"program 评价: yuan cite "二" = 500 yuan"#)
        let timeline = try #require(Timeline(library: library(openEnded, overlapping), place: "山西省/太原市"))
        #expect(timeline.jurisdiction == ["山西省", "太原市"])
        // The same policies before and after the newer one are two stretches, not one.
        #expect(
            timeline.stretches.map(summary) == [
                "2021-01-01 to 2021-11-30 [省2021] 省2021: 普惠,评价",
                "2021-12-01 to 2022-11-30 [省2022,省2021] 省2022: 评价; 省2021: 普惠",
                "from 2022-12-01 [省2021] 省2021: 普惠,评价",
            ])
        #expect(timeline.stretches.last?.period == period("2022-12-01", nil))
        #expect(timeline.stretches.last?.period.isOpenEnded == true)
    }

    @Test func aNewerPolicyThatExtendsTheOlderOnePricesWhatItTakesThroughItself() throws {
        let successor = Self.policy(
            "省2022", at: "山西省", "2021-12-01 to 2022-11-30", extends: "省2021", #"program 评价: yuan cite "二" = 500 yuan"#)
        let timeline = try #require(Timeline(library: library(Self.province2021, successor), place: "山西省"))
        #expect(
            timeline.stretches.map(summary) == [
                "2021-01-01 to 2021-11-30 [省2021] 省2021: 普惠,评价",
                "2021-12-01 to 2021-12-31 [省2022,省2021] 省2022: 评价; 省2022→省2021: 普惠",
                "2022-01-01 to 2022-11-30 [省2022] 省2022: 评价; 省2022→省2021: 普惠",
            ])
    }

    @Test func aCountysFallbackToItsProvinceHoldsOnlyWhileTheProvincesPolicyIsInForce() throws {
        // A policy of another county changes nothing for 陵川县: its days do not split a stretch.
        let elsewhere = Self.policy("区2021", at: "山西省/大同市", "2021-06-01 to 2021-08-31", #"program 品牌: yuan cite "一" = 1 yuan"#)
        let policies = library(Self.province2021, Self.county2020, elsewhere)
        let timeline = try #require(Timeline(library: policies, place: "陵川县"))
        #expect(timeline.jurisdiction == ["山西省", "晋城市", "陵川县"])
        #expect(
            timeline.stretches.map(summary) == [
                "2020-09-10 to 2020-12-31 [县2020] 县2020: 品牌; 县2020 reads !省2021: 评价; 县2020→省2021 !省2021: 普惠",
                "2021-01-01 to 2021-12-31 [县2020,省2021] 县2020: 品牌,评价; 县2020→省2021: 普惠",
            ])
        #expect(timeline.programs == ["品牌", "普惠", "评价"])

        // What the engine does on those days.
        func decide(_ program: String, on date: String) -> Decision {
            Engine(library: policies).decide(
                Claim(
                    id: "T", date: CalendarDate(iso: date)!, jurisdiction: ["陵川县"], program: program,
                    facts: [Fact(name: "天数", value: .number("5"))]))
        }
        #expect(decide("品牌", on: "2020-10-01").outcome.amount == yuan("3500"))
        for program in ["普惠", "评价"] {
            let refused = decide(program, on: "2020-10-01")
            #expect(refused.policy?.name == "县2020")
            #expect(refused.outcome.refusalReasons?.first?.contains("which is not in force on 2020-10-01") == true, "\(program)")
        }
        #expect(decide("普惠", on: "2021-05-01").outcome.amount == yuan("500"))
        #expect(decide("评价", on: "2021-05-01").outcome.amount == yuan("350"))

        // The route the engine takes is the one the timeline reports.
        let route = try #require(policies.route(program: "普惠", at: ["陵川县"], on: CalendarDate(iso: "2020-10-01")!))
        #expect(route.entry.info.name == "县2020")
        #expect(route.definedBy == "省2021")
        #expect(route.layers == ["县2020", "省2021"])
        #expect(route.notInForce?.name == "省2021")
        #expect(!route.applies)
        #expect(policies.route(program: "普惠", at: ["陵川县"], on: CalendarDate(iso: "2021-05-01")!)?.applies == true)
        #expect(policies.route(program: "普惠", at: ["陵川县"], on: CalendarDate(iso: "2020-01-01")!) == nil)
    }

    @Test func oneProgramIsShownOnEveryStretchEvenWhereNoPolicyHasIt() throws {
        let later = Self.policy("省2022", at: "山西省", "2022-01-01 to 2022-12-31", #"program 新: yuan cite "一" = 1 yuan"#)
        let timeline = try #require(Timeline(library: library(Self.province2021, later), place: "山西省", program: "评价"))
        #expect(
            timeline.stretches.map(summary) == [
                "2021-01-01 to 2021-12-31 [省2021] 省2021: 评价",
                "2022-01-01 to 2022-12-31 [省2022] ",
            ])
        #expect(timeline.stretches.map(\.absent) == [[], ["评价"]])
    }

    @Test func aPlaceNoPolicyCoversHasNoTimeline() {
        let policies = library(Self.province2021, Self.county2020)
        #expect(Timeline(library: policies, place: "河北省") == nil)
        #expect(Timeline(library: policies, place: "太原市") == nil)
        #expect(Timeline(library: policies, place: "山西省/太原市") != nil)
    }

    // MARK: The command

    private func run(_ arguments: [String]) -> (ExitCode, Console) {
        let console = Console()
        let code = PolicyCommandLine.run(arguments, console: console)
        return (code, console)
    }

    private let policies = ["--policies", Repository.path("policies")]

    static let goldens = Repository.path("Tests/PolicyLanguageTests/Fixtures/timeline")

    @Test(arguments: [
        (["陵川县"], "lingchuan.txt"),
        (["陵川县", "--lang", "zh"], "lingchuan.zh.txt"),
        (["陵川县", "--json"], "lingchuan.json"),
        (["山西省/太原市"], "taiyuan.txt"),
        (["山西省/太原市", "--lang", "zh"], "taiyuan.zh.txt"),
        (["陵川县", "--program", "职业技能等级证书补贴", "--lang", "zh"], "lingchuan-certificates.zh.txt"),
    ])
    func theBundledPoliciesTimelinesAreAsRecorded(arguments: [String], golden: String) throws {
        let (code, console) = run(["timeline"] + arguments + policies)
        #expect(code == .success)
        #expect(console.errors == "")
        let path = "\(Self.goldens)/\(golden)"
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil {
            try FileManager.default.createDirectory(atPath: Self.goldens, withIntermediateDirectories: true)
            try console.output.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOfFile: path, encoding: .utf8)
        #expect(console.output == recorded, "re-record with RECORD_GOLDENS=1 swift test --filter TimelineTests")
    }

    @Test func theCountysFirstMonthsNameTheProvincesPlanAsNotInForce() {
        let (_, english) = run(["timeline", "陵川县"] + policies)
        #expect(english.output.contains("\n2020-09-10 to 2020-12-31\n  in force: 陵川县2020\n"))
        #expect(english.output.contains("(山西省2021 not in force)\n"))
        #expect(english.output.contains("\n  山西省2021 through 陵川县2020: "))
        let (_, chinese) = run(["timeline", "陵川县", "--lang", "zh"] + policies)
        #expect(chinese.output.contains("\n2020-09-10 至 2020-12-31\n  施行：陵川县2020\n"))
        #expect(chinese.output.contains("（山西省2021 未施行）\n"))
        #expect(chinese.output.contains("\n  山西省2021（经由 陵川县2020）："))
    }

    @Test func anUnknownPlaceOrProgramIsAUsageErrorThatNamesTheKnownOnes() {
        let (code, console) = run(["timeline", "太原市"] + policies)
        #expect(code == .usage)
        #expect(console.output == "")
        #expect(
            console.errors
                == "error: no policy covers the jurisdiction 太原市; the policies cover 山西省, 山西省/晋城市/陵川县"
                + " (a place within one of them is written with its path: 山西省/太原市)\n")
        let (zhCode, chinese) = run(["timeline", "河北省/石家庄市", "--lang", "zh"] + policies)
        #expect(zhCode == .usage)
        #expect(chinese.errors == "错误: 没有政策适用于辖区河北省/石家庄市；现有政策适用的辖区为：山西省、山西省/晋城市/陵川县\n")

        let (programCode, program) = run(["timeline", "陵川县", "--program", "品牌培训补助"] + policies)
        #expect(programCode == .usage)
        #expect(
            program.errors.hasPrefix(
                "error: no policy for 山西省/晋城市/陵川县 has the program 品牌培训补助; did you mean 品牌培训补贴? programs: "))

        let (noPlace, none) = run(["timeline"] + policies)
        #expect(noPlace == .usage)
        #expect(none.errors.hasPrefix("error: timeline takes one jurisdiction"))
        for nameless in ["", " / ", "陵川县 山西省"] {
            #expect(run(["timeline", nameless] + policies).0 == .usage, "\(nameless)")
        }
        #expect(run(["timeline", "陵川县", "山西省"] + policies).0 == .usage)
        #expect(run(["timeline", "陵川县", "--policies", "/nonexistent/policies"]).0 == .usage)
        #expect(run(["timeline", "陵川县", "--since", "2021"]).0 == .usage)
    }

    @Test func theHelpDocumentsTheCommandInBothLanguages() {
        #expect(
            PolicyCommandLine.help(in: .en).contains("policy timeline JURISDICTION [--policies DIR] [--program NAME] [--json]"))
        #expect(PolicyCommandLine.help(in: .zh).contains("policy timeline 辖区 [--policies 目录] [--program 项目] [--json]"))
    }
}
