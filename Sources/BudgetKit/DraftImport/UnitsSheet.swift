import BudgetModel
import BudgetStore

/// The 单位 sheet: units added to the project's, or (with replace) instead of them.
struct UnitsSheet {
    /// The units of the sheet, in its order.
    var rows: [BudgetUnit] = []
    /// Every unit after the import, by code.
    var units: [String: BudgetUnit]
    /// The codes a unit cell may name; a unit whose own row has a problem is not reported
    /// missing as well.
    var codes: Set<String>
    var problems: [InputProblem] = []

    init(_ sheets: DraftSheets, before: [BudgetUnit], replace: Bool) {
        units = Dictionary((replace && sheets.has(.units) ? [] : before).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let unitRows = sheets.rows(.units)
        if sheets.has(.units) {
            let (parsed, found) = ProjectSession.unitRows(DraftSheets.numbered(unitRows), file: nil)
            problems += sheets.locate(found, unitRows, .units)
            let known = Dictionary(before.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            for unit in parsed {
                if !replace, let old = known[unit.code], old != unit,
                    let row = unitRows.first(where: { FieldRules.unitCode($0.values["code"] ?? "") == unit.code })
                {
                    problems.append(
                        sheets.cellProblem(
                            row, .units, "code",
                            "项目文件中已有这个单位，但名称、性质、规格或经费保障形式与这一行不同（项目中为“\(old.name)”，\(old.nature.rawValue)）：确认用工作簿的内容替换，请加 --replace 再导入"))
                }
                units[unit.code] = unit
            }
            rows = parsed
        }
        codes = Set(units.keys).union(unitRows.compactMap { $0.values["code"].map(FieldRules.unitCode) })
    }

    /// Adds the sheet's units the project lacks; with replace, rewrites those it has.
    func write(_ writer: ProjectWriter, replace: Bool) throws {
        let present = Set(try writer.reader.units().map(\.code))
        for unit in rows {
            if !present.contains(unit.code) { try writer.insertUnit(unit) } else if replace { try writer.updateUnit(unit) }
        }
    }

    /// With replace, removes the units the sheet does not have (once nothing uses them).
    func removeOthers(_ writer: ProjectWriter, _ sheets: DraftSheets, replace: Bool) throws {
        if sheets.has(.units) && replace { try writer.deleteUnits(keeping: Set(rows.map(\.code))) }
    }
}
