import BudgetModel
import Testing

@testable import BudgetReports

@Suite("assets: 资产总额 equals the sum of its parts")
struct AssetsCheckTests {
    func assets(_ holdings: AssetHoldings) throws -> [Finding] {
        try CheckFixture.disclose([item("2010306", "30101", .basic, .general, 1_000_000)], document: DocumentData(assets: holdings))
            .findings.of(.assets)
    }

    @Test("nothing entered, only this year's purchase, or a total equal to its parts: nothing found")
    func none() throws {
        #expect(try assets(AssetHoldings()).isEmpty)
        #expect(try assets(AssetHoldings(asOf: "2023-12-31", plannedPurchase: 500_000)).isEmpty)
        // 6.00 + 3.00 + 1.00 = 10.00 万元.
        #expect(
            try assets(AssetHoldings(total: 10_000_000, buildingValue: 6_000_000, vehicleValue: 3_000_000, equipmentValue: 1_000_000)).isEmpty)
    }

    @Test("a total of 10.00 万元 over parts of 9.00: an error with both")
    func disagree() throws {
        // 房屋 6,000,000 + 车辆 3,000,000 = 9,000,000 against 资产总额 10,000,000.
        #expect(
            try assets(AssetHoldings(total: 10_000_000, buildingValue: 6_000_000, vehicleValue: 3_000_000)) == [
                Finding(
                    severity: .error, check: "assets", message: "资产总额 10.00万元 与房屋、车辆、设备和其他固定资产的价值之和 9.00万元 不一致",
                    table: "部门固定资产占用情况表", row: "资产总额", expected: 9_000_000, actual: 10_000_000)
            ])
    }

    @Test("parts without a total: an error")
    func noTotal() throws {
        #expect(
            try assets(AssetHoldings(vehicleCount: 2, vehicleValue: 3_000_000)) == [
                Finding(
                    severity: .error, check: "assets", message: "填写了固定资产的分项，但没有资产总额", table: "部门固定资产占用情况表", row: "资产总额")
            ])
    }
}
