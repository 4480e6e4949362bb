import BudgetModel
import Testing

@testable import BudgetReports

@Suite("empty-unit: a unit without line items")
struct EmptyUnitCheckTests {
    let units = [CheckFixture.mainUnit, BudgetUnit(code: "001002", name: "二级单位", nature: .institution)]

    @Test("every unit has an item: nothing found")
    func none() throws {
        var second = item("2010306", "30201", .basic, .general, 300_000)
        second.unitCode = "001002"
        let disclosure = try CheckFixture.disclose([item("2010306", "30101", .basic, .general, 1_000_000), second], units: units)
        #expect(disclosure.findings.of(.emptyUnit).isEmpty)
    }

    @Test("001002 has no item: one warning naming its code and name")
    func one() throws {
        // Both items are 001001's (the `item` helper's unit): 001002 has 0 → one warning, row 001002.
        let items = [item("2010306", "30101", .basic, .general, 1_000_000), item("2010306", "30201", .basic, .general, 300_000)]
        let expected = [Finding(severity: .warning, check: "empty-unit", message: "单位 001002“二级单位”没有任何预算明细", row: "001002")]

        #expect(EmptyUnitCheck.emptyUnits(CheckFixture.data(items, units: units)) == expected)
        #expect(try CheckFixture.disclose(items, units: units).findings.of(.emptyUnit) == expected)
    }
}
