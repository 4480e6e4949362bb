import BudgetModel
import Foundation

/// The tables of the disclosure document that follow the nine: organisation, one
/// performance-target table per project, procurement and fixed assets. Laid out as in the seed;
/// titles, sheet names, column titles, notes and row labels as the template's statement gives
/// them (``DocumentTablesSpec``).
public enum DocumentTables {
    public static func compute(_ reports: ReportSet, units: [BudgetUnit], document: DocumentData, figures: StatementFigures) -> [ReportTable] {
        let spec = reports.template.statementSpec.documentTables ?? DocumentTablesSpec()
        var tables = [organisation(reports, units, spec: spec.organisation ?? DocumentTableSpec())]
        // A project with no target yet has no table: `check` lists it, the statement says so.
        for (index, performance) in document.performanceTables.enumerated() {
            tables.append(performanceTable(reports, number: index + 1, performance))
        }
        let projectTotals = Dictionary(figures.largestProjects.map { ($0.name, $0.amount) }, uniquingKeysWith: +)
        tables.append(
            procurement(
                reports, units: units, rows: document.procurement, projectTotals: projectTotals, spec: spec.procurement ?? DocumentTableSpec()))
        tables.append(assets(reports, document.assets, spec: spec.assets ?? DocumentTableSpec()))
        return tables
    }

    /// A note as the template gives it, filled in; none when left empty.
    static func note(_ reports: ReportSet, _ text: String?) -> String? {
        text.flatMap { $0.isEmpty ? nil : reports.fill($0) }
    }

    /// The lines under a document table's title: the template's, else `defaults`.
    static func lines(_ reports: ReportSet, _ spec: DocumentTableSpec, _ defaults: [String]) -> [String] {
        spec.lines.map { $0.map(reports.fill) } ?? defaults
    }

    static func header(_ rows: [[(String, Int, Int)]]) -> HeaderLayout {
        let specs = rows.map { $0.map { HeaderCellSpec(text: $0.0, rows: $0.1 == 1 ? nil : $0.1, cols: $0.2 == 1 ? nil : $0.2) } }
        return try! HeaderLayout.place(specs)
    }

    static func flat(_ titles: [String]) -> HeaderLayout { header([titles.map { ($0, 1, 1) }]) }

    /// 部门机构设置情况, from the units.
    public static func organisation(_ reports: ReportSet, _ units: [BudgetUnit], spec: DocumentTableSpec) -> ReportTable {
        let rows = units.map { unit in
            ReportRow(
                key: unit.code, level: .fixed, cells: [.text(unit.name), .text(unit.nature.rawValue), .text(unit.level), .text(unit.fundingForm)])
        }
        return ReportTable(
            id: "机构", title: reports.fill(spec.title ?? ""), sheetName: spec.sheetName ?? "", header: flat(spec.columns ?? []),
            columnKinds: [.text, .text, .text, .text], numberRow: [], rows: rows, note: rows.isEmpty ? note(reports, spec.emptyNote) : nil,
            lines: Self.lines(reports, spec, [reports.departmentLine]))
    }

    /// The sheet every project's 绩效目标表 is written on, one under another as in the published
    /// statement: a department may have hundreds of projects, a workbook should not have hundreds
    /// of sheets.
    public static let performanceSheetName = "项目绩效目标表"

    /// One project's 绩效目标表: the goal across the top, then the indicators with each run of
    /// the same 一级指标 merged down (二级指标 are written on every row, as published).
    public static func performanceTable(_ reports: ReportSet, number: Int, _ performance: ProjectPerformance) -> ReportTable {
        let layout = HeaderLayout(
            cells: [
                .init(text: "绩效目标", row: 0, column: 0), .init(text: performance.goal, row: 0, column: 1, columnSpan: 5),
                .init(text: "一级指标", row: 1, column: 0), .init(text: "二级指标", row: 1, column: 1), .init(text: "三级指标", row: 1, column: 2),
                .init(text: "绩效指标描述", row: 1, column: 3), .init(text: "指标值", row: 1, column: 4), .init(text: "指标值确定依据", row: 1, column: 5),
            ], rowCount: 2, columnCount: 6)
        var rows: [ReportRow] = []
        var merges: [CellMerge] = []
        let indicators = performance.indicators
        var start = 0
        while start < indicators.count {
            var end = start
            while end + 1 < indicators.count, indicators[end + 1].level1 == indicators[start].level1 { end += 1 }
            if end > start { merges.append(CellMerge(row: start, column: 0, rowSpan: end - start + 1, columnSpan: 1)) }
            start = end + 1
        }
        let firstOfMerge = Set(merges.map { [$0.row, $0.column] })
        let covered = Set(merges.flatMap { block in (block.row + 1..<block.row + block.rowSpan).map { [$0, block.column] } })
        for (r, indicator) in indicators.enumerated() {
            let texts = [indicator.level1.rawValue, indicator.level2, indicator.level3, indicator.description, indicator.value, indicator.basis]
            rows.append(
                ReportRow(
                    key: String(r + 1), level: .fixed,
                    cells: texts.enumerated().map { c, text in
                        covered.contains([r, c]) && !firstOfMerge.contains([r, c]) ? .empty : .text(text)
                    }))
        }
        let sheetName = performanceSheetName
        return ReportTable(
            id: "绩效\(number)", title: "\(number)、\(performance.project)绩效目标表", sheetName: sheetName, header: layout,
            columnKinds: Array(repeating: .text, count: 6), numberRow: [], rows: rows,
            note: indicators.isEmpty ? "注：这个项目还没有绩效指标。" : nil, lines: [], merges: merges)
    }

    static let fundingOrder = ProcurementFunding.allCases

    /// 部门政府采购预算: a 合计 row, a 小计 per unit, then its rows. Totals are SUM formulas.
    /// 预算资金 of a project is its line items' total, from `projectTotals`.
    public static func procurement(
        _ reports: ReportSet, units: [BudgetUnit], rows input: [ProcurementRow], projectTotals: [String: Fen], spec: DocumentTableSpec
    ) -> ReportTable {
        let layout = header([
            [
                ("政府采购项目来源", 1, 2), ("采购物品名称", 2, 1), ("政府采购目录序号", 2, 1), ("计量单位", 2, 1), ("数量", 2, 1), ("单价", 2, 1),
                ("政府采购金额（当年\(reports.departmentWord)预算安排资金）", 1, 8), ("\(reports.department.year)年预留中小微企业份额", 2, 1),
            ],
            [("项目名称", 1, 1), ("预算资金", 1, 1), ("合计", 1, 1)] + fundingOrder.map { ($0.chineseName, 1, 1) },
        ])
        let kinds: [ColumnKind] = [.text, .amount, .text, .text, .text, .text, .amount] + Array(repeating: .amount, count: 9)
        // Columns summed down the table: 合计, the funding columns and 中小微.
        let summed = Array(7...15)
        var rows: [ReportRow] = [ReportRow(key: "total", level: .total, cells: [])]
        var subtotalRows: [Int] = []
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0.name) })
        let byUnit = Dictionary(grouping: input, by: \.unitCode)
        for code in byUnit.keys.sorted() {
            let unitRows = byUnit[code]!
            let subtotal = rows.count
            subtotalRows.append(subtotal)
            rows.append(ReportRow(key: "unit-\(code)", level: .level(1), cells: []))
            var members: [Int] = []
            for (row, identity) in zip(unitRows, ProcurementRow.identities(unitRows)) {
                members.append(rows.count)
                let index = rows.count
                var cells: [ReportCell] = [
                    .text(row.sourceLabel), .amount(row.project.map { projectTotals[$0] ?? 0 } ?? row.sourceBudget ?? 0), .text(row.item),
                    .text(row.catalogueCode), .text(row.measure),
                    .text(row.quantity), .amount(row.unitPrice),
                ]
                cells.append(.sum(row.total, refs: (8...14).map { CellRef(row: index, column: $0) }))
                cells += fundingOrder.map { .amount(row.amounts[$0] ?? 0) }
                cells.append(.amount(row.smeShare))
                // Keyed and named by what it buys for whom, not by its number (which a draft
                // workbook read back changes) nor by the quantity left of an amount.
                rows.append(ReportRow(key: "row-" + identity.key, level: .fixed, cells: cells, label: identity.label))
            }
            rows[subtotal].cells = subtotalCells("\(names[code] ?? code)小计", rows, members, summed)
        }
        rows[0].cells = subtotalCells("合计", rows, subtotalRows, summed)
        return ReportTable(
            id: "采购", title: reports.fill(spec.title ?? ""), sheetName: spec.sheetName ?? "", header: layout, columnKinds: kinds, numberRow: [],
            rows: rows, note: note(reports, input.isEmpty ? spec.emptyNote : spec.note),
            lines: Self.lines(reports, spec, [reports.departmentLine, reports.unitLine]))
    }

    /// A row whose summed columns are SUM formulas over `members`.
    static func subtotalCells(_ label: String, _ rows: [ReportRow], _ members: [Int], _ summed: [Int]) -> [ReportCell] {
        var cells: [ReportCell] = [.text(label)] + Array(repeating: .empty, count: 6)
        for column in summed {
            let value = members.reduce(Fen(0)) { $0 + (rows[$1].cells[column].amount ?? 0) }
            cells.append(.sum(value, refs: members.map { CellRef(row: $0, column: column) }))
        }
        return cells
    }

    /// The rows of 部门固定资产占用情况表, by key.
    public static let assetRowKeys = ["total", "buildings", "offices", "vehicles", "equipment", "other"]

    /// 部门固定资产占用情况表.
    public static func assets(_ reports: ReportSet, _ assets: AssetHoldings, spec: DocumentTableSpec) -> ReportTable {
        func count(_ value: Int?) -> ReportCell { value.map { .text(String($0)) } ?? .empty }
        func area(_ text: String) -> ReportCell { text.isEmpty ? .empty : .text(text) }
        func label(_ key: String) -> ReportCell { .text(spec.rows?[key] ?? "") }
        let rows: [ReportRow] = [
            ReportRow(key: "total", level: .total, cells: [label("total"), .text("—"), .amount(assets.total ?? 0)]),
            ReportRow(key: "buildings", level: .fixed, cells: [label("buildings"), area(assets.buildingArea), .amount(assets.buildingValue ?? 0)]),
            ReportRow(key: "offices", level: .fixed, cells: [label("offices"), area(assets.officeArea), .empty]),
            ReportRow(key: "vehicles", level: .fixed, cells: [label("vehicles"), count(assets.vehicleCount), .amount(assets.vehicleValue ?? 0)]),
            ReportRow(
                key: "equipment", level: .fixed,
                cells: [label("equipment"), assets.equipmentCount.map { .text(String($0)) } ?? .text("——"), .amount(assets.equipmentValue ?? 0)]),
            ReportRow(key: "other", level: .fixed, cells: [label("other"), .text("——"), .amount(assets.otherValue ?? 0)]),
        ]
        var under = Self.lines(reports, spec, [reports.departmentLine])
        if !assets.asOf.isEmpty { under.append("截止时间：\(assets.asOf)") }
        return ReportTable(
            id: "资产", title: reports.fill(spec.title ?? ""), sheetName: spec.sheetName ?? "", header: flat((spec.columns ?? []).map(reports.fill)),
            columnKinds: [.text, .text, .amount], numberRow: [], rows: rows,
            note: assets.isEmpty ? note(reports, spec.emptyNote) : nil, lines: under)
    }
}
