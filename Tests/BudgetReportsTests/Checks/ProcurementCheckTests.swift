import BudgetModel
import Testing

@testable import BudgetReports

@Suite("procurement: rows add up, and a source's purchases stay within its budget")
struct ProcurementCheckTests {
    let units = [CheckFixture.mainUnit, BudgetUnit(code: "001002", name: "二级单位", nature: .institution)]
    let projects = [BudgetProject(name: "甲", unitCode: "001001")]

    func items(projectItems fen: Fen) -> [LineItem] {
        var second = item("2010306", "30201", .basic, .general, 100_000)
        second.unitCode = "001002"
        return [item("2010306", "30227", .project, .general, fen, project: "甲"), second]
    }

    /// 2 台 计算机 at 0.50 万元 (500,000 分) for 甲, 1.00 万元 of 一般公共预算.
    func computers(id: Int64, unit: String = "001001", quantity: String = "2", sme: Fen = 0) -> ProcurementRow {
        ProcurementRow(
            id: id, unitCode: unit, project: "甲", item: "计算机", catalogueCode: "A02010104", measure: "台", quantity: quantity,
            unitPrice: 500_000, amounts: [.general: 1_000_000], smeShare: sme)
    }

    func procurement(_ rows: [ProcurementRow], projectItems fen: Fen) throws -> [Finding] {
        try CheckFixture.disclose(items(projectItems: fen), units: units, projects: projects, document: DocumentData(procurement: rows))
            .findings.of(.procurement)
    }

    @Test("2 × 0.50 = 1.00 万元, all of it for SMEs, under the project's unit, within 甲's 6.00 万元: nothing found")
    func none() throws {
        #expect(try procurement([computers(id: 1, sme: 1_000_000)], projectItems: 6_000_000).isEmpty)
    }

    @Test("one row wrong four ways: SME share, quantity × price, unit, and above the project's items")
    func oneRowFourWays() throws {
        // Row 3: 3 × 500,000 = 1,500,000 ≠ 1,000,000; SME 1,200,000 > 1,000,000; listed under 001002
        // while 甲 is 001001's; 甲's items 600,000 < 1,000,000 bought.
        let row = computers(id: 3, unit: "001002", quantity: "3", sme: 1_200_000)
        let table = "部门政府采购预算"
        let place = "采购 #3“计算机”"

        #expect(
            try procurement([row], projectItems: 600_000) == [
                Finding(
                    severity: .error, check: "procurement", message: "预留中小微企业份额 1.20万元 超过采购金额 1.00万元",
                    table: table, row: place, column: "预留中小微企业份额", expected: 1_000_000, actual: 1_200_000),
                Finding(
                    severity: .warning, check: "procurement", message: "数量 3 × 单价 0.50万元 = 1.50万元，与采购金额 1.00万元 不同",
                    table: table, row: place, column: "合计", expected: 1_500_000, actual: 1_000_000),
                Finding(
                    severity: .warning, check: "procurement",
                    message: "采购列在单位 001002 下，而项目“甲”由单位 001001 实施：采购表会把它算进 001002 的小计",
                    table: table, row: place, column: "单位编码"),
                Finding(
                    severity: .error, check: "procurement", message: "“甲”的政府采购合计 1.00万元 超过它的预算 0.60万元（项目的预算明细合计）",
                    table: table, row: "甲", expected: 600_000, actual: 1_000_000),
            ])
    }

    @Test("a source that is not a project, given two budgets and bought above the last: two errors")
    func nonProjectSource() throws {
        // Rows 1 and 2 of “公用类项目（三保）”: budgets 2,000,000 then 1,000,000 (an error at row 2);
        // bought 1,500,000 + 500,000 = 2,000,000 > 1,000,000, the budget last given.
        func row(_ id: Int64, budget: Fen, fen: Fen) -> ProcurementRow {
            ProcurementRow(
                id: id, unitCode: "001001", project: nil, sourceName: "公用类项目（三保）", sourceBudget: budget, item: "打印纸",
                catalogueCode: "A05040101", measure: "批", quantity: "1", unitPrice: fen, amounts: [.general: fen], smeShare: 0)
        }

        #expect(
            try procurement([row(1, budget: 2_000_000, fen: 1_500_000), row(2, budget: 1_000_000, fen: 500_000)], projectItems: 6_000_000) == [
                Finding(
                    severity: .error, check: "procurement", message: "“公用类项目（三保）”的预算资金前后不一：2.00万元 和 1.00万元",
                    table: "部门政府采购预算", row: "采购 #2“打印纸”", column: "预算资金", expected: 2_000_000, actual: 1_000_000),
                Finding(
                    severity: .error, check: "procurement", message: "“公用类项目（三保）”的政府采购合计 2.00万元 超过它的预算 1.00万元",
                    table: "部门政府采购预算", row: "公用类项目（三保）", expected: 1_000_000, actual: 2_000_000),
            ])
    }
}
