import BudgetModel
import Foundation

/// The figures the statement quotes equal the cells of the tables that publish them.
enum StatementCheck: DisclosureCheck {
    static let id = CheckID.statement

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        return statement(context.reports, parts.figures, parts.narrative)
    }

    /// Figures the statement quotes, against the cells of the tables that publish them.
    static func statement(_ reports: ReportSet, _ figures: StatementFigures, _ narrative: Narrative) -> [Finding] {
        let reports = reports.forText
        var pairs: [(what: String, text: Fen, table: String, cell: Fen?)] = []
        // The tables' cells are found by the labels of their columns, not by position, so a
        // template that moves a column keeps the comparison right (and one without the table skips it).
        // Tables by their role in the template, else by the Hebei numbers.
        func table(_ role: String, _ id: String) -> ReportTable? {
            let byRole = reports.template.tables.first { $0.role == role }.flatMap { reports.table($0.id) }
            return byRole ?? (reports.template.tables.contains { $0.role != nil } ? nil : reports.table(id))
        }
        func cell(_ table: ReportTable?, _ row: String, _ label: String) -> Fen? {
            guard let table, let column = table.header.columnLabels.firstIndex(where: { $0.hasSuffix(label) }),
                table.rowIndex(row, column: column) != nil
            else { return nil }
            return table.amount(row: row, column: column)
        }
        func name(_ table: ReportTable?, _ what: String) -> String { "表\(table?.id ?? "") \(what)" }
        let spending = table("spending", "3")
        let basic = table("basic", "6")
        let three = table("three-public", "9")
        pairs.append(("支出合计", figures.spending, name(spending, "合计"), cell(spending, "total", "合计")))
        pairs.append(("基本支出", figures.basic, name(spending, "基本支出"), cell(spending, "total", "基本支出")))
        pairs.append(("项目支出", figures.project, name(spending, "项目支出"), cell(spending, "total", "项目支出")))
        if figures.operationScope == .all {
            pairs.append(("机关运行经费", figures.operation, name(basic, "公用经费合计"), cell(basic, "total", "公用经费")))
        }
        // A table with 机关运行经费 of its own (Shanghai) is compared whatever the scope.
        if let value = cell(three, "total", "机关运行经费预算数") {
            pairs.append(("机关运行经费", figures.operation, name(three, "机关运行经费预算数"), value))
        }
        // “三公” items: a row each (Hebei), or a column each in one row (Shanghai).
        let threeItems: [(PriorItem, String, String)] = [
            (.abroad, "abroad", "因公出国(境)费"), (.vehiclePurchase, "car-purchase", "购置费"),
            (.vehicleOperation, "car-running", "运行费"), (.reception, "reception", "公务接待费"),
        ]
        for (item, key, label) in threeItems {
            let value =
                cell(three, key, "合计") ?? cell(three, "total", label)
                ?? cell(three, "total", label.replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）"))
            pairs.append((item.chineseName, figures.threePublic[item] ?? 0, name(three, item.chineseName), value))
        }
        pairs.append(
            (
                "政府采购预算", figures.procurementTotal, "\(reports.table("采购")?.title ?? "部门政府采购预算") 合计",
                cell(reports.table("采购"), "total", "政府采购金额（当年部门预算安排资金）·合计")
            ))
        var findings: [Finding] = []
        // The statement gives 上年结转 and 财政专户 apart; a template without rows for them counts
        // them with this year's money of the same kind, so the statement and table 1 part ways.
        let labels = reports.tables.prefix(reports.template.tables.count).flatMap { $0.rows.flatMap { $0.cells.compactMap(\.text) } }
        for (what, fen, word) in [("上年结转", figures.income.carryover, "结转"), ("财政专户管理资金", figures.income.special, "财政专户")]
        where fen != 0 && !labels.contains(where: { $0.contains(word) }) {
            findings.append(
                Finding(
                    severity: .warning, check: id.rawValue,
                    message:
                        "模板“\(reports.template.name)”的表中没有\(what)的行，它的 \(Checks.format(reports, fen)) 并在本年同类收入中列示；情况说明把它单独写出。公开前请核对情况说明与表1 的口径是否一致",
                    table: "情况说明", row: what))
        }
        if pairs.dropLast().allSatisfy({ $0.cell == nil }) {
            // Nothing silently skipped: a template without these tables says so.
            findings.append(
                Finding(
                    severity: .warning, check: id.rawValue,
                    message: "模板“\(reports.template.name)”中没有可与情况说明核对的表（支出总表、基本支出表、“三公”经费表），情况说明中的这些数字没有与表核对",
                    table: "情况说明"))
        }
        for pair in pairs {
            // Exact amounts: two computations of one figure agree to the 分.
            guard let tableValue = pair.cell, tableValue != pair.text else { continue }
            let sameWhenRounded = reports.displayUnits(tableValue) == reports.displayUnits(pair.text)
            let shown = { (fen: Fen) in sameWhenRounded ? Money.formatYuan(fen) + "元" : Checks.format(reports, fen) }
            findings.append(
                Finding(
                    severity: .error, check: id.rawValue,
                    message: "情况说明中的\(pair.what) \(shown(pair.text)) 与\(pair.table) \(shown(tableValue)) 不一致",
                    table: "情况说明", row: pair.what, expected: tableValue, actual: pair.text))
        }
        // Each figure must also be printed in the text as it is rounded in the tables.
        let text = narrative.paragraphs.joined(separator: "\n")
        for (what, fen) in [("支出合计", figures.spending), ("政府采购预算", figures.procurementTotal), ("机关运行经费", figures.operation)]
        where reports.displayUnits(fen) != 0 {
            let shown = reports.statementAmount(fen) + reports.unitName
            if !text.contains(shown) {
                findings.append(
                    Finding(
                        severity: .error, check: id.rawValue, message: "情况说明中没有写出\(what) \(shown)", table: "情况说明", row: what))
            }
        }
        return findings
    }
}
