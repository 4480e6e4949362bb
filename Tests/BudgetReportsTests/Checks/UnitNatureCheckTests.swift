import BudgetModel
import Testing

@testable import BudgetReports

@Suite("unit-nature: money that does not fit the unit's nature")
struct UnitNatureCheckTests {
    static let bureau = BudgetUnit(code: "001001", name: "教育局本级", nature: .administrative)
    static let school = BudgetUnit(code: "001002", name: "第一中学", nature: .institution)
    static let managed = BudgetUnit(code: "001003", name: "招生考试中心", nature: .civilServiceManaged)
    static let units = [bureau, school, managed]

    static func findings(_ items: [LineItem], locate: @escaping Checks.ItemLocator = { _ in [] }) -> [Finding] {
        UnitNatureCheck.natures(plausibilityData(items, units: units), UnitLineTotal.summing(items), locate)
    }

    @Test("事业收入 on a 行政 unit: a warning naming the unit, the source, count and amount")
    func businessIncomeOnBureau() {
        // Two lines of 事业收入, 30,000.00 + 20,000.00 = 50,000.00 元 (5.00 万元).
        let items = [
            unitItem("001001", "2050101", "30201", 3_000_000, source: .business),
            unitItem("001001", "2050101", "30205", 2_000_000, source: .business),
        ]
        let locator = FixedLocator([1, 2])
        let found = Self.findings(items, locate: locator.locate)
        #expect(found.count == 1)
        #expect(found[0].key == "unit-nature:001001:business")
        #expect(found[0].message.contains("单位 001001 教育局本级 是行政单位") && found[0].message.contains("事业收入"))
        #expect(found[0].message.contains("2 条，共 50000.00 元（5.00 万元）"))
        #expect(found[0].items == [1, 2] && locator.asked[0].units == ["001001"])
    }

    @Test("经营收入 on a 行政 unit too; on a 事业 unit nothing")
    func operatingIncome() {
        let items = [unitItem("001001", "2050101", "30201", 100, source: .operating), unitItem("001002", "2050202", "30201", 100, source: .business)]
        #expect(Self.findings(items).map(\.key) == ["unit-nature:001001:operating"])
    }

    @Test("a school's pay under 2050101 行政运行: a warning; the bureau's and the 参公 centre's are right")
    func administrativeRunningOnSchool() {
        let items = [
            unitItem("001002", "2050101", "30101", 200_000_000), unitItem("001001", "2050101", "30101", 100_000_000),
            unitItem("001003", "2050101", "30101", 100_000_000),
        ]
        let found = Self.findings(items)
        #expect(found.map(\.key) == ["unit-nature:001002:admin-run"])
        #expect(found[0].message.contains("是事业单位") && found[0].message.contains("“行政运行”的功能科目（事业单位的运行经费一般列“事业运行”或本行业的项）（2050101） 1 条"))
        #expect(found[0].fingerprint == "事业/2050101/1/200000000")
    }

    @Test("事业运行 (2010350) and 绩效工资 (30107) on a 行政 unit: one warning each")
    func institutionCodesOnBureau() {
        let items = [unitItem("001001", "2010350", "30201", 100_000), unitItem("001001", "2010301", "30107", 850_000_00)]
        #expect(Self.findings(items).map(\.key) == ["unit-nature:001001:institution-run", "unit-nature:001001:30107"])
    }

    @Test("a 项 ending in 01 that is not 行政运行 (2050201 学前教育) on a school, 30107 on a school: nothing")
    func rightCodes() {
        let items = [unitItem("001002", "2050201", "30101", 100_000), unitItem("001002", "2050201", "30107", 100_000)]
        #expect(Self.findings(items).isEmpty)
    }

    @Test("a school's 行政运行 under two 款: one warning naming both codes, its items found by both")
    func twoCodesOneWarning() {
        // 2050101 of 1,000.00 元 and 2010301 of 500.00 元: 2 条, 1,500.00 元.
        let items = [unitItem("001002", "2050101", "30201", 100_000), unitItem("001002", "2010301", "30201", 50_000)]
        let locator = FixedLocator([1, 2])
        let found = Self.findings(items, locate: locator.locate)
        #expect(found.map(\.key) == ["unit-nature:001002:admin-run"])
        #expect(found[0].message.contains("（2010301、2050101） 2 条，共 1500.00 元（0.15 万元）"))
        #expect(locator.asked.count == 1 && locator.asked[0].functionalPrefixes == ["2010301", "2050101"])
    }
}
