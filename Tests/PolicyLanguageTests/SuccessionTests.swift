// Succession: a policy that is the next version of an earlier one of its jurisdiction, written as
// its changes. Invented versions of a small county plan (written here), and the invented 陵川县2022
// of `examples/succession/` over the bundled policies.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

@Suite struct SuccessionTests {
    static let county2021 = """
        policy 示例县2021 {
          title "示例县2021年方案"
          document "示例〔2021〕1号"
          jurisdiction 山西省/示例县
          in force 2021-01-01 to 2021-12-31
        }

        enum 劳务品牌 { 叉车工, 焊工, 电商 }

        input 劳务品牌: 劳务品牌
        input 培训天数: days
        input 身份证号: identity

        table 品牌培训标准 by 劳务品牌 cite "五(二)" {
          劳务品牌 | 补贴
          叉车工   | 3500 yuan
          焊工     | 4000 yuan
          电商     | 2500 yuan
        }

        program 品牌培训补贴: yuan cite "五(二)" = 品牌培训标准[劳务品牌].补贴

        program 普惠制培训补贴: yuan cite "五(六)" = 150 yuan/day * 培训天数 at most 1000 yuan

        limit 每人一次 cite "三(一)" {
          for 普惠制培训补贴
          per 身份证号
          at most 1 claim
        }

        test "叉车工 3500 元" {
          given 劳务品牌 = 叉车工
          expect 品牌培训补贴 = 3500 yuan
        }

        test "焊工 4000 元" {
          given 劳务品牌 = 焊工
          expect 品牌培训补贴 = 4000 yuan
        }

        test "普惠制 5 天 750 元" {
          given 培训天数 = 5 days
          expect 普惠制培训补贴 = 750 yuan
        }
        """

    static func successor(_ body: String, extends parent: String? = nil, period: String = "2022-01-01 to 2022-12-31")
        -> String
    {
        """
        policy 示例县2022 {
          title "示例县2022年方案"
          document "示例〔2022〕1号"
          jurisdiction 山西省/示例县
          succeeds 示例县2021
          \(parent.map { "extends \($0)" } ?? "")
          in force \(period)
        }

        \(body)
        """
    }

    static func library(_ texts: String...) -> PolicyLibrary {
        PolicyLibrary.load(sources: texts.enumerated().map { SourceFile(path: "p\($0.offset).policy", text: $0.element) })
    }

    static func decide(_ library: PolicyLibrary, _ program: String, on date: String, facts: [String: Fact.Value]) -> Decision {
        let claim = Claim(
            id: "c", date: CalendarDate(written: date)!, jurisdiction: ["山西省", "示例县"], program: program,
            facts: facts.map { Fact(name: $0.key, value: $0.value) })
        return Engine(library: library).decide(claim)
    }

    static func rendered(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer(useColor: false).render(diagnostics)
    }

    @Test func aSuccessorInheritsEverythingAndChangesOnlyWhatItStates() throws {
        let library = Self.library(
            Self.county2021,
            Self.successor(
                """
                amend enum 劳务品牌 { 厨师 }

                amend table 品牌培训标准 cite "二" {
                  劳务品牌 | 补贴
                  叉车工   | 3800 yuan
                  厨师     | 3000 yuan
                  remove 电商
                }

                test "叉车工 3800 元" {
                  given 劳务品牌 = 叉车工
                  expect 品牌培训补贴 = 3800 yuan
                }

                repeal test "叉车工 3500 元"
                """))
        #expect(!library.hasErrors, "\(Self.rendered(library.diagnostics))")
        let brand = { (name: String) in
            Self.decide(library, "品牌培训补贴", on: "2022-05-01", facts: ["劳务品牌": .text(name)]).outcome
        }
        #expect(brand("叉车工").amount == yuan("3800"))
        #expect(brand("焊工").amount == yuan("4000"))  // an inherited row
        #expect(brand("厨师").amount == yuan("3000"))  // an added case and row
        #expect(brand("电商").refusalReasons == ["the table 品牌培训标准 has no row for 劳务品牌 = 电商"])
        // A program the successor does not mention is the predecessor's, in the successor's period.
        let universal = Self.decide(
            library, "普惠制培训补贴", on: "2022-05-01", facts: ["培训天数": .number("5"), "身份证号": .text(person(1))])
        #expect(universal.outcome.amount == yuan("750"))
        #expect(universal.policy?.name == "示例县2022")
        // In 2021 the predecessor still decides, at its own rates.
        #expect(Self.decide(library, "品牌培训补贴", on: "2021-05-01", facts: ["劳务品牌": .text("叉车工")]).outcome.amount == yuan("3500"))

        let program = try #require(library.entry(named: "示例县2022")?.program)
        #expect(program.policy.predecessor == "示例县2021")
        // Its own test first, then the predecessor's it neither restates nor repeals.
        #expect(program.tests.map(\.name) == ["叉车工 3800 元", "焊工 4000 元", "普惠制 5 天 750 元"])
        #expect(program.tests.map(\.inheritedFrom) == [nil, "示例县2021", "示例县2021"])
        let results = library.compiled(library.entry(named: "示例县2022")!, traced: true).runTests()
        #expect(results.allSatisfy { $0.passed })
    }

    @Test func anInheritedTestWhoseOutcomeMovesFailsAsInherited() throws {
        let library = Self.library(
            Self.county2021,
            Self.successor(
                """
                amend table 品牌培训标准 cite "二" {
                  劳务品牌 | 补贴
                  叉车工   | 3800 yuan
                }
                """))
        let entry = try #require(library.entry(named: "示例县2022"))
        let failed = library.compiled(entry, traced: true).runTests().filter { !$0.passed }
        #expect(failed.map(\.test.name) == ["叉车工 3500 元"])
        #expect(failed.first?.test.inheritedFrom == "示例县2021")
        #expect(failed.first?.failures.first?.actual.english == "3800 yuan")
    }

    @Test func aRepealedProgramIsRefusedNamingTheRepealAndARepealedLimitNoLongerCounts() throws {
        let library = Self.library(
            Self.county2021,
            Self.successor(
                """
                repeal program 品牌培训补贴 cite "三"
                repeal limit 每人一次 cite "四"
                """))
        #expect(!library.hasErrors, "\(Self.rendered(library.diagnostics))")
        let decision = Self.decide(library, "品牌培训补贴", on: "2022-05-01", facts: ["劳务品牌": .text("叉车工")])
        #expect(
            decision.outcome.problems == [
                "品牌培训补贴 was repealed by 示例县2022 [示例〔2022〕1号 三], which is in force for 山西省/示例县 on 2022-05-01"
            ])
        let program = try #require(library.entry(named: "示例县2022")?.program)
        #expect(program.limits.isEmpty)
        #expect(program.programs["品牌培训补贴"] == nil && program.repealed["品牌培训补贴"]?.policy == "示例县2022")
        // The predecessor's inherited test of the repealed program still runs: it is a rule now.
        #expect(library.entry(named: "示例县2021")?.program.limits.count == 1)
    }

    @Test func aPredecessorsRuleThatNoLongerChecksIsReportedOnTheSuccessor() {
        // Over a parent that declares 培训天数 as hours, the predecessor's daily rate no longer checks.
        let parent = """
            policy 示例省2022 {
              title "示例省2022年方案"
              document "示例省〔2022〕1号"
              jurisdiction 山西省
              in force 2022-01-01 to 2022-12-31
            }

            input 培训天数: hours
            """
        let library = Self.library(parent, Self.county2021, Self.successor("amend enum 劳务品牌 { 厨师 }", extends: "示例省2022"))
        let errors = library.diagnostics.filter(\.isError)
        #expect(errors.count >= 1)
        #expect(errors.allSatisfy { $0.file?.path == "p2.policy" })
        let text = Self.rendered(errors)
        #expect(text.contains("in 示例县2021, as this policy inherits it (p1.policy:"), "\(text)")
        #expect(library.entry(named: "示例县2021") != nil)  // the predecessor alone still checks
    }

    @Test func aSuccessorOnANewerParentDropsTheParentOfItsPredecessor() throws {
        let province2021 = provincePolicy("示例省2021", "2021-01-01 to 2021-12-31")
        let province2022 = provincePolicy("示例省2022", "2022-01-01 to 2022-12-31", extends: "示例省2021")
        let county = Self.county2021.replacingOccurrences(
            of: "  in force 2021-01-01", with: "  extends 示例省2021\n  in force 2021-01-01")
        let library = Self.library(
            province2021, province2022, county,
            Self.successor("amend enum 劳务品牌 { 厨师 }", extends: "示例省2022"))
        #expect(!library.hasErrors, "\(Self.rendered(library.diagnostics))")
        let chain = try #require(library.entry(named: "示例县2022")?.program.chain.map(\.name))
        #expect(chain == ["示例县2022", "示例县2021", "示例省2022", "示例省2021"])
    }

    @Test func brokenSuccessions() {
        let codes = { (texts: [String]) in
            PolicyLibrary.load(sources: texts.enumerated().map { SourceFile(path: "p\($0.offset).policy", text: $0.element) })
                .diagnostics.filter(\.isError).map(\.code.rawValue)
        }
        #expect(codes([Self.successor("")]) == ["unknown-predecessor"])
        #expect(codes([Self.county2021, Self.successor("", period: "2020-06-01 to 2020-12-31")]) == ["predecessor-period"])
        #expect(codes([Self.county2021, Self.successor("amend enum 品牌 { 厨师 }")]) == ["nothing-to-amend"])
        #expect(codes([Self.county2021, Self.successor("amend enum 劳务品牌 { 焊工 }")]) == ["duplicate-case"])
        #expect(codes([Self.county2021, Self.successor("repeal test \"没有这个测试\"")]) == ["nothing-to-repeal"])
        #expect(codes([Self.county2021, Self.successor("repeal program 品牌培训补贴")]) == ["missing-citation"])
        #expect(
            codes([
                Self.county2021,
                Self.successor("amend table 品牌培训标准 cite \"二\" {\n  劳务品牌 | 补助\n  叉车工 | 3800 yuan\n}"),
            ]) == ["override-table"])
        // Two versions succeeding each other.
        let circle = Self.county2021.replacingOccurrences(of: "  in force 2021", with: "  succeeds 示例县2022\n  in force 2021")
        #expect(codes([circle, Self.successor("")]).allSatisfy { $0 == "extends-cycle" })
    }

    @Test func aSuccessorFileFormatsInBothKeywordSetsAndBack() throws {
        let text = Self.successor(
            """
            amend enum 劳务品牌 { 厨师 }

            amend table 品牌培训标准 cite "二" {
              劳务品牌 | 补贴
              叉车工   | 3800 yuan
              remove 电商
            }

            repeal program 普惠制培训补贴 cite "三"
            repeal test "叉车工 3500 元"
            """)
        let english = try #require(Formatter.format(SourceFile(path: "a.policy", text: text)).text)
        let chinese = try #require(Formatter.format(SourceFile(path: "a.policy", text: english), keywords: .zh).text)
        #expect(chinese.contains("延续 示例县2022") == false && chinese.contains("延续 示例县2021"))
        #expect(chinese.contains("修订 枚举 劳务品牌") && chinese.contains("  删除 电商") && chinese.contains("废止 项目 普惠制培训补贴"))
        let back = try #require(Formatter.format(SourceFile(path: "a.policy", text: chinese), keywords: .en).text)
        #expect(back == english)
    }

    @Test func theInventedLingchuan2022OverTheBundledPolicies() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("policies"), Repository.path("examples/succession")])
        #expect(!library.hasErrors, "\(Self.rendered(library.diagnostics))")
        let engine = Engine(library: library)
        func brand(_ name: String, days: Int, on date: String = "2022-06-01") -> Decision {
            engine.decide(
                Claim(
                    id: "c", date: CalendarDate(written: date)!, jurisdiction: ["陵川县"], program: "品牌培训补贴",
                    facts: [
                        Fact(name: "劳务品牌", value: .text(name)), Fact(name: "培训天数", value: .number("\(days)")),
                        Fact(name: "就业率", value: .text("90%")), Fact(name: "身份证号", value: .text(person(1))),
                        Fact(name: "培训工种", value: .text("叉车司机")), Fact(name: "培训等级", value: .text("初级")),
                    ]))
        }
        #expect(brand("棋源叉车工", days: 20).outcome.amount == yuan("3800"))
        #expect(brand("陵川厨师", days: 18).outcome.amount == yuan("3000"))
        #expect(brand("陵川焊工", days: 25).outcome.amount == yuan("4000"))
        #expect(brand("棋源叉车工", days: 20).policy?.name == "陵川县2022")
        #expect(brand("棋源叉车工", days: 20, on: "2021-06-01").outcome.amount == yuan("3500"))
        let entry = try #require(library.entry(named: "陵川县2022"))
        #expect(library.compiled(entry, traced: true).runTests().allSatisfy { $0.passed })
        // The file is about the size of its changes.
        let lines = try Repository.read("examples/succession/lingchuan-2022.policy").split(separator: "\n").count
        #expect(lines < 80)
    }
}

@Suite struct NewCommandTests {
    private func run(_ arguments: [String]) -> (ExitCode, Console) {
        let console = Console(input: [], environment: [:])
        return (PolicyCommandLine.run(arguments, console: console), console)
    }

    private let policies = ["--policies", Repository.path("policies")]

    @Test func theSkeletonOfTheNextCountyPlanChecks() throws {
        let (code, console) = run(["new", "陵川县2022", "--succeeds", "陵川县2020"] + policies)
        #expect(code == .success)
        let text = console.output
        #expect(text.contains("政策 陵川县2022 {\n"))
        #expect(text.contains("  辖区 山西省/晋城市/陵川县\n  延续 陵川县2020\n  依据 山西省2022\n"))
        #expect(text.contains("可改的表：品牌培训标准、取证培训补贴标准"))
        // Written beside the bundled policies, it checks, and it decides a 2022 brand claim.
        let directory = try copyOfPolicies()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("lingchuan-2022.policy").path
        let (written, _) = run(["new", "陵川县2022", "--succeeds", "陵川县2020", "--out", out, "--policies", directory.path])
        #expect(written == .success)
        let library = PolicyLibrary.load(paths: [directory.path])
        #expect(!library.hasErrors, "\(DiagnosticRenderer(useColor: false).render(library.diagnostics))")
        #expect(library.entry(named: "陵川县2022")?.info.predecessor == "陵川县2020")
        // Never over an existing file.
        let (again, refused) = run(["new", "陵川县2022b", "--succeeds", "陵川县2020", "--out", out, "--policies", directory.path])
        #expect(again == .usage)
        #expect(refused.errors.contains("exists; new never writes over a file"))
    }

    @Test func anEnglishSkeletonAndTheMistakes() {
        let (code, console) = run(["new", "陵川县2022", "--succeeds", "陵川县2020", "--keywords", "en"] + policies)
        #expect(code == .success)
        #expect(console.output.contains("policy 陵川县2022 {\n  title \"(title)\""))
        #expect(console.output.contains("  succeeds 陵川县2020\n  extends 山西省2022\n"))
        let (unknown, said) = run(["new", "X", "--succeeds", "陵川县2O20"] + policies)
        #expect(unknown == .usage)
        #expect(said.errors.contains("no policy named 陵川县2O20 is loaded; did you mean 陵川县2020?"))
        let (taken, _) = run(["new", "山西省2022", "--succeeds", "陵川县2020"] + policies)
        #expect(taken == .usage)
        let (open, _) = run(["new", "决定2023", "--succeeds", "技能山西建设决定"] + policies)
        #expect(open == .usage)
    }
}

@Suite struct InheritedTestPeriodTests {
    @Test func anInheritedExampleDatedOutsideTheSuccessorsPeriodIsReportedOnTheSuccessor() {
        let dated = SuccessionTests.county2021.replacingOccurrences(
            of: "  given 劳务品牌 = 焊工\n", with: "  given 劳务品牌 = 焊工, claim date = 2021-06-01\n")
        let library = SuccessionTests.library(dated, SuccessionTests.successor("amend enum 劳务品牌 { 厨师 }"))
        let warnings = Analyzer.review(library).filter { $0.code == .testOutsidePeriod }
        #expect(warnings.map(\.file?.path) == ["p1.policy"])
        #expect(
            warnings.first?.message.english
                == "the test \"焊工 4000 元\" that 示例县2022 inherits from 示例县2021 is dated 2021-06-01, outside the period of 示例县2022 (2022-01-01 to 2022-12-31)"
        )
        // Retired, it is gone.
        let retired = SuccessionTests.library(
            dated, SuccessionTests.successor("amend enum 劳务品牌 { 厨师 }\nrepeal test \"焊工 4000 元\""))
        #expect(Analyzer.review(retired).filter { $0.code == .testOutsidePeriod }.isEmpty)
    }
}

@Suite struct ReplacedLimitTests {
    @Test func aSuccessorsLimitOfTheSameNameReplacesThePredecessors() throws {
        let library = SuccessionTests.library(
            SuccessionTests.county2021,
            SuccessionTests.successor(
                """
                limit 每人一次 cite "四" {
                  for 普惠制培训补贴
                  per 身份证号
                  at most 2 claims
                }
                """))
        #expect(!library.hasErrors, "\(SuccessionTests.rendered(library.diagnostics))")
        let limits = try #require(library.entry(named: "示例县2022")?.program.limits)
        #expect(limits.count == 1)
        guard case .claims(let allowed)? = limits.first?.bound else {
            Issue.record("the limit counts no claims")
            return
        }
        #expect(allowed == 2)
        #expect(limits.first?.identity.hasPrefix("示例县2022") == true)
        // Two of one name in one file are still an error.
        let twice = SuccessionTests.library(
            SuccessionTests.county2021.replacingOccurrences(
                of: "test \"叉车工 3500 元\"",
                with: """
                    limit 每人一次 cite "三" {
                      for 普惠制培训补贴
                      per 身份证号
                      at most 2 claims
                    }

                    test "叉车工 3500 元"
                    """))
        #expect(twice.diagnostics.filter(\.isError).map(\.code.rawValue) == ["duplicate-name"])
    }
}

@Suite struct SuccessionCircleTests {
    @Test func twoVersionsSucceedingEachOtherAreACirclePointedAtTheirSucceedsLines() {
        let earlier = SuccessionTests.county2021.replacingOccurrences(
            of: "  in force 2021", with: "  succeeds 示例县2022\n  in force 2021")
        let library = SuccessionTests.library(earlier, SuccessionTests.successor(""))
        let circles = library.diagnostics.filter { $0.code == .extendsCycle }
        #expect(circles.count == 2)
        #expect(
            circles.map(\.message.english).sorted() == [
                "these policies extend or succeed each other in a circle: 示例县2021 → 示例县2022 → 示例县2021",
                "these policies extend or succeed each other in a circle: 示例县2022 → 示例县2021 → 示例县2022",
            ])
        for circle in circles {
            let line = circle.file.map { $0.text(of: circle.range!) }
            #expect(line == "示例县2021" || line == "示例县2022")
            #expect(circle.file.map { $0.location(of: circle.range!.start).line } == 5)
        }
    }
}

@Suite struct TestReportDateTests {
    @Test func aFailedTestNamesTheClaimDateAndTheApplicationDateAsTheLanguageDoes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        policy 省2022 {
          title "省2022"
          document "省〔2022〕1号"
          jurisdiction 山西省
          in force 2022-01-01 to 2022-12-31
        }

        input 天数: days

        program 补贴: yuan cite "一" = 150 yuan/day * 天数

        test "故意写错" {
          given 天数 = 2 days, claim date = 2022-06-01, application date = 2022-12-20
          expect 补贴 = 1 yuan
        }
        """.write(to: directory.appendingPathComponent("p.policy"), atomically: true, encoding: .utf8)
        for (language, line) in [
            ("en", "  given    天数 = 2 days, claim date = 2022-06-01, application date = 2022-12-20\n"),
            ("zh", "  给定  天数 = 2 天, 业务日期 = 2022-06-01, 申领日期 = 2022-12-20\n"),
        ] {
            let console = Console(input: [], environment: [:])
            let code = PolicyCommandLine.run(["--lang", language, "test", directory.path], console: console)
            #expect(code == .invalidClaim)
            #expect(console.output.contains(line), "\(console.output)")
        }
    }
}
