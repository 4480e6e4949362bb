import BudgetModel
import BudgetStore
import BudgetXLSX
import Foundation

/// One record of a recognised sheet: the texts by column key, and where they came from.
struct DraftRow {
    var sheet: String
    /// The row on the sheet, 1-based.
    var row: Int
    var values: [String: String]
    /// The column of each key on the sheet, zero-based.
    var columns: [String: Int]
}

struct DraftTable {
    var part: DraftPart
    var sheet: String
    var rows: [DraftRow]
}

/// The recognised sheets of a draft workbook, each with its records, and how the readers of the
/// parts name a problem by its sheet and cell.
struct DraftSheets {
    /// The workbook's file name, which every problem names.
    var file: String
    var tables: [DraftTable]

    /// The records of a part, from all its sheets.
    func rows(_ part: DraftPart) -> [DraftRow] { tables.filter { $0.part == part }.flatMap(\.rows) }

    /// Whether the workbook has a sheet for a part.
    func has(_ part: DraftPart) -> Bool { tables.contains { $0.part == part } }

    func firstSheet(_ part: DraftPart) -> String? { tables.first { $0.part == part }?.sheet }

    /// Records numbered 1, 2, … as the CSV readers take a table's lines.
    static func numbered(_ rows: [DraftRow]) -> [(line: Int, values: [String: String])] {
        rows.enumerated().map { ($0.offset + 1, $0.element.values) }
    }

    /// Problems of rows numbered 1, 2, … (``numbered(_:)``) named by their sheets and cells.
    func locate(_ found: [InputProblem], _ rows: [DraftRow], _ part: DraftPart) -> [InputProblem] {
        found.map { problem in
            var problem = problem
            problem.file = file
            guard let line = problem.line, rows.indices.contains(line - 1) else { return problem }
            let row = rows[line - 1]
            problem.sheet = row.sheet
            problem.line = row.row
            if let column = problem.column, let key = part.key(naming: column), let index = row.columns[key] {
                problem.cell = XLSXReference.name(row: row.row - 1, column: index)
                problem.column = part.label(key)
            }
            return problem
        }
    }

    /// A problem of one cell of a record.
    func cellProblem(_ row: DraftRow, _ part: DraftPart, _ key: String, _ message: String, value: String? = nil) -> InputProblem {
        let text = value ?? row.values[key] ?? ""
        return InputProblem(
            file: file, line: row.row, column: part.label(key), value: text.isEmpty ? nil : text, message: message, sheet: row.sheet,
            cell: row.columns[key].map { XLSXReference.name(row: row.row - 1, column: $0) })
    }

    /// A unit cell may show the unit's name after its code, as the drop-down lists it: the
    /// sheets with the code alone in every unit cell, and the cells whose name is not the unit's.
    /// The name the unit had before (`formerNames`) is its name too: a unit renamed on the 单位
    /// sheet is still named the old way in the cells written with the workbook.
    func normalisingUnits(_ units: [String: BudgetUnit], formerNames: [String: String] = [:]) -> (DraftSheets, [InputProblem]) {
        var sheets = self
        var problems: [InputProblem] = []
        for part in DraftPart.allCases where !part.unitColumns.isEmpty {
            for index in tables.indices where tables[index].part == part {
                for (r, row) in tables[index].rows.enumerated() {
                    for key in part.unitColumns {
                        // Read as every route reads a unit code (full-width digits, “301003 某某学校”).
                        let (code, written) = CodeText.split(FieldRules.trim(row.values[key] ?? ""), digitsOnly: false)
                        guard let unit = units[code] else { continue }
                        if let name = written,
                            Vocabulary.fold(name) != Vocabulary.fold(unit.name)
                                && formerNames[code].map({ Vocabulary.fold($0) != Vocabulary.fold(name) }) ?? true
                        {
                            problems.append(cellProblem(row, part, key, "单位名称与单位编码不符：\(code) 是“\(unit.name)”。请从下拉列表中选择，或只填单位编码"))
                        }
                        sheets.tables[index].rows[r].values[key] = code
                    }
                }
            }
        }
        return (sheets, problems)
    }

    /// One sheet per part: a copy of a sheet (a clerk's backup, hidden or not) would add its rows twice.
    func duplicates() -> [InputProblem] {
        DraftPart.allCases.compactMap { part in
            let sheets = tables.filter { $0.part == part }.map(\.sheet)
            guard sheets.count > 1 else { return nil }
            return InputProblem(
                file: file,
                message:
                    "工作表\(sheets.prefix(5).map { "“\(Shown.text($0))”" }.joined(separator: "和"))\(sheets.count > 5 ? "等 \(sheets.count) 张工作表" : "")"
                    + "都是\(part.sheetName)表（隐藏的工作表也会读入）：只能有一张，请删去多余的一张，或改掉它的表头",
                sheet: sheets[1])
        }
    }

    /// A workbook written by budget template says whose it is and that its amounts are in 元:
    /// the problems of another department's or year's workbook, and of --unit wan.
    func ownerProblems(_ workbook: XLSXWorkbook, _ project: ProjectFile, amountUnit: Money.InputUnit) throws -> [InputProblem] {
        guard let title = workbook.sheet(DraftLayout.readMeSheet)?.cell(row: 0, column: 0)?.value, let owner = ProjectSession.draftOwner(title) else {
            return []
        }
        var problems: [InputProblem] = []
        let department = try project.read { try $0.department() }
        if owner.code != department.code || owner.year != department.year {
            problems.append(
                InputProblem(
                    file: file,
                    message:
                        "这是 \(owner.code) \(owner.name) \(owner.year) 年度的填报工作簿，项目文件是 \(department.code) \(department.name) \(department.year) 年度的：不是同一个部门或年度，没有导入",
                    sheet: DraftLayout.readMeSheet))
        }
        if amountUnit == .wan {
            problems.append(
                InputProblem(
                    file: file, column: "--unit", value: "wan",
                    message: "这个工作簿由 budget template 生成，金额单位是元：导入时不要加 --unit wan（否则每个金额会放大一万倍）"))
        }
        return problems
    }

    /// Problems in the workbook's order: sheet, row, column; problems of the file itself first.
    func ordered(_ problems: [InputProblem], in workbook: XLSXWorkbook) -> [InputProblem] {
        let sheetOrder = Dictionary(workbook.sheets.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        func key(_ problem: InputProblem, _ offset: Int) -> [Int] {
            let sheet = problem.sheet.flatMap { sheetOrder[$0] }.map { $0 + 1 } ?? 0
            let column = problem.cell.flatMap(XLSXReference.parse)?.column ?? -1
            return [sheet, problem.line ?? 0, column, offset]
        }
        return problems.enumerated().sorted { key($0.element, $0.offset).lexicographicallyPrecedes(key($1.element, $1.offset)) }.map(\.element)
    }
}

extension InputProblem {
    /// The cell a problem names, as “sheet!cell”.
    var place: String? { sheet.flatMap { sheet in cell.map { sheet + "!" + $0 } } }
}
