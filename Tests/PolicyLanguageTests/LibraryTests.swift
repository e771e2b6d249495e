// Policies as data: loading a set of files, linking `extends`, and selecting the policy that
// decides a claim by its date and jurisdiction.

import Testing

@testable import PolicyLanguage

@Suite struct LibraryTests {
    static let province2021 = """
        policy 省2021 {
          title "省2021方案"
          document "省〔2021〕6号"
          jurisdiction 山西省
          in force 2021-01-01 to 2021-12-31
        }
        input 培训天数: days
        input 普惠制日标准: yuan/day
        rule 普惠制补贴: yuan cite "二(四)" = 普惠制日标准 * 培训天数 at most 1000 yuan
        program 普惠制培训补贴: yuan cite "二(四)" = 普惠制补贴
        program 以工代训补贴: yuan cite "二(二)" = 300 yuan
        program 评价补贴: yuan cite "二(五)" = 400 yuan
        """
    static let province2022 = """
        policy 省2022 {
          title "省2022方案"
          document "省〔2022〕1号"
          jurisdiction 山西省
          in force 2021-12-01 to 2022-11-30
        }
        program 评价补贴: yuan cite "二(七)" = 500 yuan
        """
    static let county = """
        policy 县2020 {
          title "县方案"
          document "县〔2020〕62号"
          jurisdiction 山西省/晋城市/陵川县
          extends 省2021
          in force 2020-09-10 to 2021-12-31
        }
        rule 普惠制日标准: yuan/day cite "五(六)" = 150 yuan/day
        program 评价补贴: yuan cite "五(七)" = inherited + 50 yuan
        program 品牌培训补贴: yuan cite "五(二)" = 3500 yuan
        """

    private func library(_ texts: String...) -> PolicyLibrary {
        PolicyLibrary.load(sources: texts.enumerated().map { SourceFile(path: "p\($0.offset).policy", text: $0.element) })
    }

    private func decide(_ library: PolicyLibrary, _ program: String, _ place: String, _ date: String, facts: [Fact] = [])
        -> Decision
    {
        Engine(library: library).decide(
            Claim(
                id: "T", date: CalendarDate(iso: date)!, jurisdiction: Claim.jurisdictionPath(place), program: program,
                facts: facts))
    }

    @Test func theCountyDecidesWhatItPricesAndTheProvinceTheRest() {
        let policies = library(Self.province2021, Self.province2022, Self.county)
        #expect(policies.diagnostics.isEmpty)
        let brand = decide(policies, "品牌培训补贴", "山西省/晋城市/陵川县", "2021-05-01")
        #expect(brand.policy?.name == "县2020")
        #expect(brand.outcome.amount == yuan("3500"))
        // The county does not price 以工代训: its parent, the province's 2021 plan, does.
        let work = decide(policies, "以工代训补贴", "山西省/晋城市/陵川县", "2021-05-01")
        #expect(work.policy?.name == "县2020")
        #expect(work.outcome.amount == yuan("300"))
        // The province's rule runs with the county's daily rate (late binding).
        let universal = decide(
            policies, "普惠制培训补贴", "山西省/晋城市/陵川县", "2021-05-01",
            facts: [Fact(name: "培训天数", value: .number("5"))])
        #expect(universal.outcome.amount == yuan("750"))
        // `inherited` is the province's definition.
        #expect(decide(policies, "评价补贴", "山西省/晋城市/陵川县", "2021-05-01").outcome.amount == yuan("450"))
    }

    @Test func elsewhereInTheProvinceTheProvinceDecides() {
        let policies = library(Self.province2021, Self.province2022, Self.county)
        let decision = decide(policies, "评价补贴", "山西省/太原市", "2021-05-01")
        #expect(decision.policy?.name == "省2021")
        #expect(decision.outcome.amount == yuan("400"))
        // The open daily rate must then come from the claim.
        let universal = decide(
            policies, "普惠制培训补贴", "山西省/太原市", "2021-05-01",
            facts: [Fact(name: "培训天数", value: .number("5"))])
        #expect(universal.outcome.problems?.first?.contains("普惠制日标准") == true)
    }

    @Test(arguments: [
        ("2021-11-30", "省2021", "400"),  // before the 2022 training year
        ("2021-12-01", "省2022", "500"),  // December counts towards 2022
        ("2022-11-30", "省2022", "500"),
    ])
    func theNewerPolicyPrevailsWherePeriodsOverlap(date: String, policy: String, amount: String) {
        let decision = decide(library(Self.province2021, Self.province2022), "评价补贴", "山西省/太原市", date)
        #expect(decision.policy?.name == policy)
        #expect(decision.outcome.amount == yuan(amount))
    }

    @Test func anOlderPolicyStillDecidesWhatTheNewerOneDoesNotPrice() {
        let decision = decide(library(Self.province2021, Self.province2022), "以工代训补贴", "山西省/太原市", "2021-12-15")
        #expect(decision.policy?.name == "省2021")
    }

    @Test func noPolicyInForceIsInvalidWithTheNearestPeriods() {
        let policies = library(Self.province2021, Self.province2022, Self.county)
        let early = decide(policies, "评价补贴", "山西省/晋城市/陵川县", "2020-01-01")
        #expect(early.outcome.problems?.first?.contains("is in force on 2020-01-01") == true)
        #expect(early.outcome.problems?.first?.contains("县2020") == true)
        let late = decide(policies, "评价补贴", "山西省", "2022-12-01")
        #expect(late.policy == nil)
        let elsewhere = decide(policies, "评价补贴", "河北省", "2022-01-01")
        #expect(elsewhere.outcome.problems?.first?.contains("no policy covers the jurisdiction 河北省") == true)
    }

    @Test func anUnknownProgramSuggestsTheNearestName() {
        let decision = decide(library(Self.province2021), "评价补助", "山西省", "2021-05-01")
        #expect(decision.outcome.problems?.first?.contains("did you mean 评价补贴?") == true)
    }

    @Test func aBarePlaceNameStandsForItsJurisdiction() {
        let policies = library(Self.province2021, Self.county)
        #expect(decide(policies, "品牌培训补贴", "陵川县", "2021-05-01").policy?.name == "县2020")
    }

    @Test func brokenLinksAreReported() {
        let orphan = library(Self.county)
        #expect(orphan.diagnostics.map(\.code.rawValue) == ["unknown-parent"])
        #expect(orphan.entries.isEmpty)

        let a =
            "policy 甲 {\n title \"a\"\n document \"a\"\n jurisdiction 山西省\n extends 乙\n in force 2022-01-01 to 2022-12-31\n}\n"
        let b =
            "policy 乙 {\n title \"b\"\n document \"b\"\n jurisdiction 山西省\n extends 甲\n in force 2023-01-01 to 2023-12-31\n}\n"
        let cycle = library(a, b)
        #expect(cycle.diagnostics.map(\.code.rawValue) == ["extends-cycle", "extends-cycle"])
        #expect(cycle.diagnostics[0].message.english.contains("甲 → 乙 → 甲"))

        let twin = library(Self.province2021, Self.province2021.replacingOccurrences(of: "省2021 {", with: "省2021乙 {"))
        #expect(twin.diagnostics.map(\.code.rawValue) == ["ambiguous-policies"])
        let duplicate = library(Self.province2021, Self.province2021)
        #expect(duplicate.diagnostics.map(\.code.rawValue) == ["duplicate-policy"])
    }

    @Test func anOverrideKeepsTheParentsType() {
        let policies = library(
            Self.province2021,
            """
            policy 县 {
              title "县"
              document "县"
              jurisdiction 山西省/某县
              extends 省2021
              in force 2021-01-01 to 2021-12-31
            }
            rule 普惠制日标准: yuan cite "x" = 150 yuan
            """)
        #expect(policies.diagnostics.map(\.code.rawValue) == ["override-type"])
    }

    @Test func aNewYearShipsAsANewFile() {
        let next = Self.province2022
            .replacingOccurrences(of: "省2022", with: "省2023")
            .replacingOccurrences(of: "2021-12-01 to 2022-11-30", with: "2022-12-01 to 2023-11-30")
            .replacingOccurrences(of: "500 yuan", with: "550 yuan")
        let policies = library(Self.province2021, Self.province2022, next)
        #expect(decide(policies, "评价补贴", "山西省", "2022-06-01").outcome.amount == yuan("500"))
        #expect(decide(policies, "评价补贴", "山西省", "2022-12-01").outcome.amount == yuan("550"))
    }
}
