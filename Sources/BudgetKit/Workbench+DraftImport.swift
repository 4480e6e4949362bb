import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension Workbench {
    // MARK: - Draft workbook: reading

    /// Whether a file is an XLSX workbook, by its content (a ZIP package starts with “PK”), not its name.
    public static func isWorkbook(_ path: String) -> Bool {
        // Only a regular file is looked into: opening a pipe would wait for a writer.
        guard isRegularFile(path), let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return magic == Data([0x50, 0x4B, 0x03, 0x04]) || magic == Data([0x50, 0x4B, 0x05, 0x06])
    }

    /// Whether a file is an old binary Excel workbook (.xls) or an encrypted .xlsx: both are
    /// OLE compound files.
    static func isCompoundDocument(_ path: String) -> Bool {
        guard isRegularFile(path), let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 8)) == Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    static let compoundDocumentMessage = "这是旧版 Excel（.xls）文件或加了密码的工作簿，无法读取：请在 Excel 或 WPS 中另存为“Excel 工作簿（.xlsx）”（不设密码）后再导入"

    /// What a workbook import did.
    public struct WorkbookImport: Sendable {
        /// The parts the workbook had sheets for, by their sheet names, in the tool's order.
        public var parts: [String]
        public var units: Int
        public var newUnits: Int
        public var projects: Int
        public var items: Int
        public var total: Fen
        public var indicators: Int
        public var procurement: Int
        public var assets: Bool
        public var priorFigures: Int
        /// Projects the line items named that the 项目 sheet and the project did not have.
        public var newProjects: [String]
        /// Names given for codes outside the catalogs.
        public var newCodeNames: [CatalogEntry]
        /// Sheets with content but no header the tool knows: not imported.
        public var skippedSheets: [String]
        /// Whether whole parts of the project were replaced.
        public var replaced: Bool
        /// The snapshot saved before replacing (to undo the import).
        public var snapshot: String?
        /// What the project had before.
        public var before: ProjectReader.PartCounts
    }

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

    /// Imports a draft workbook (any XLSX whose sheets carry the CSV formats' headers) in one
    /// transaction: every sheet and cell is checked first, and any problem, each named by its
    /// sheet and cell, leaves the project as it was. Each part the workbook has a sheet for is
    /// then the project's: without `replace` a part the project already has is refused (units
    /// excepted, which are added, or must be the same); with `replace` it is replaced.
    public static func importWorkbook(_ path: String, from file: String, unit amountUnit: Money.InputUnit, replace: Bool) throws -> WorkbookImport {
        let fileName = URL(fileURLWithPath: file).lastPathComponent
        _ = try readFile(file)
        if isCompoundDocument(file) { throw InputProblems([InputProblem(file: fileName, message: compoundDocumentMessage)]) }
        let workbook: XLSXWorkbook
        do {
            workbook = try XLSXWorkbook(path: file)
        } catch let error as XLSXReadError {
            throw InputProblems([InputProblem(file: fileName, message: "无法读取这个工作簿：\(error.message)")])
        } catch {
            throw InputProblems([InputProblem(file: fileName, message: "无法读取这个工作簿：\(error)")])
        }
        var (tables, skipped, problems) = draftTables(workbook, file: fileName)
        // One sheet per part: a copy of a sheet (a clerk's backup, hidden or not) would add its rows twice.
        for part in DraftPart.allCases {
            let sheets = tables.filter { $0.part == part }.map(\.sheet)
            if sheets.count > 1 {
                problems.append(InputProblem(
                    file: fileName,
                    message: "工作表\(sheets.prefix(5).map { "“\(Shown.text($0))”" }.joined(separator: "和"))\(sheets.count > 5 ? "等 \(sheets.count) 张工作表" : "")"
                        + "都是\(part.sheetName)表（隐藏的工作表也会读入）：只能有一张，请删去多余的一张，或改掉它的表头",
                    sheet: sheets[1]))
            }
        }
        // A workbook written by budget template says whose it is and that its amounts are in 元.
        let project = try ProjectFile.open(at: path)
        if let title = workbook.sheet(DraftLayout.readMeSheet)?.cell(row: 0, column: 0)?.value, let owner = draftOwner(title) {
            let department = try project.read { try $0.department() }
            if owner.code != department.code || owner.year != department.year {
                problems.append(InputProblem(
                    file: fileName,
                    message: "这是 \(owner.code) \(owner.name) \(owner.year) 年度的填报工作簿，项目文件是 \(department.code) \(department.name) \(department.year) 年度的：不是同一个部门或年度，没有导入",
                    sheet: DraftLayout.readMeSheet))
            }
            if amountUnit == .wan {
                problems.append(InputProblem(
                    file: fileName, column: "--unit", value: "wan",
                    message: "这个工作簿由 budget template 生成，金额单位是元：导入时不要加 --unit wan（否则每个金额会放大一万倍）"))
            }
        }
        // A cell that could not be read (an error value, a formula without its result) is
        // reported once, not again by the rules of its column.
        func place(_ problem: InputProblem) -> String? { problem.sheet.flatMap { sheet in problem.cell.map { sheet + "!" + $0 } } }
        let unreadable = Set(problems.compactMap(place))
        let readProblems = problems.count
        if tables.isEmpty && problems.isEmpty {
            throw InputProblems([InputProblem(
                file: fileName,
                message: "工作簿中没有可识别的表：表头（第一行或前几行中的一行）应是列名，如预算明细的“单位编码、功能分类科目编码、经济分类科目编码、支出类型、资金来源、金额”。可用 budget template 生成一个工作簿作为样子")])
        }
        let sheetOrder = Dictionary(workbook.sheets.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        func rows(_ part: DraftPart) -> [DraftRow] { tables.filter { $0.part == part }.flatMap(\.rows) }
        func has(_ part: DraftPart) -> Bool { tables.contains { $0.part == part } }
        func firstSheet(_ part: DraftPart) -> String? { tables.first { $0.part == part }?.sheet }
        func numbered(_ rows: [DraftRow]) -> [(line: Int, values: [String: String])] { rows.enumerated().map { ($0.offset + 1, $0.element.values) } }
        /// Problems of rows numbered 1, 2, … (``numbered``) named by their sheets and cells.
        func locate(_ found: [InputProblem], _ rows: [DraftRow], _ part: DraftPart) -> [InputProblem] {
            found.map { problem in
                var problem = problem
                problem.file = fileName
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
        func cellProblem(_ row: DraftRow, _ part: DraftPart, _ key: String, _ message: String, value: String? = nil) -> InputProblem {
            let text = value ?? row.values[key] ?? ""
            return InputProblem(
                file: fileName, line: row.row, column: part.label(key), value: text.isEmpty ? nil : text, message: message, sheet: row.sheet,
                cell: row.columns[key].map { XLSXReference.name(row: row.row - 1, column: $0) })
        }

        let existing = try project.read { reader in
            (units: try reader.units(), projects: try reader.projects(), codes: try reader.codeBook(), counts: try reader.partCounts(),
             assets: try reader.assets(), projectAmounts: try projectAmounts(reader), unitItems: try reader.unitItemCounts(),
             projectItems: try reader.projectTotals().mapValues(\.count), procurement: try reader.procurement())
        }

        // 单位: added to the project's, or (with replace) instead of them.
        var units = Dictionary(
            (replace && has(.units) ? [] : existing.units).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var sheetUnits: [BudgetUnit] = []
        if has(.units) {
            let unitRows = rows(.units)
            let (parsed, found) = Self.unitRows(numbered(unitRows), file: nil)
            problems += locate(found, unitRows, .units)
            let known = Dictionary(existing.units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            for unit in parsed {
                if !replace, let old = known[unit.code], old != unit, let row = unitRows.first(where: { $0.values["code"] == unit.code }) {
                    problems.append(cellProblem(
                        row, .units, "code",
                        "项目文件中已有这个单位，但名称、性质、规格或经费保障形式与这一行不同（项目中为“\(old.name)”，\(old.nature.rawValue)）：确认用工作簿的内容替换，请加 --replace 再导入"))
                }
                units[unit.code] = unit
            }
            sheetUnits = parsed
        }

        // The codes a unit cell may name; a unit whose own row has a problem is not reported
        // missing as well.
        let unitCodes = Set(units.keys).union(rows(.units).compactMap { $0.values["code"] })

        // A unit cell may show the unit's name after its code, as the drop-down lists it.
        func normaliseUnits(_ part: DraftPart) {
            for index in tables.indices where tables[index].part == part {
                for r in tables[index].rows.indices {
                    let row = tables[index].rows[r]
                    for key in part.unitColumns {
                        let text = FieldRules.trim(row.values[key] ?? "")
                        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\u{3000}" || $0 == "\t" }) else { continue }
                        let code = String(text[..<space])
                        let name = FieldRules.trim(String(text[space...]))
                        guard let unit = units[code] else { continue }
                        if Vocabulary.fold(name) != Vocabulary.fold(unit.name) {
                            problems.append(cellProblem(row, part, key, "单位名称与单位编码不符：\(code) 是“\(unit.name)”。请从下拉列表中选择，或只填单位编码"))
                        }
                        tables[index].rows[r].values[key] = code
                    }
                }
            }
        }
        for part in [DraftPart.items, .projects, .procurement] { normaliseUnits(part) }

        // 项目
        var sheetProjects: [(project: BudgetProject, goal: String, declared: Fen?)] = []
        var projectNames = has(.projects) && replace ? [] : existing.projects.map(\.name)
        if has(.projects) {
            var seen: [String: Int] = [:]
            for row in rows(.projects) {
                let name = row.values["project"] ?? ""
                if let problem = TextRules.nameProblem(name) {
                    problems.append(cellProblem(row, .projects, "project", "项目名称" + problem))
                    continue
                }
                if let earlier = seen[name] {
                    problems.append(cellProblem(row, .projects, "project", "与第 \(earlier) 行的项目重名"))
                    continue
                }
                seen[name] = row.row
                let unitCode = row.values["unit"] ?? ""
                if !unitCode.isEmpty && !unitCodes.contains(unitCode) {
                    problems.append(cellProblem(row, .projects, "unit", "项目文件和工作簿的“单位”表中都没有这个单位"))
                }
                var declared: Fen?
                if let text = row.values["amount"], !text.isEmpty {
                    do { declared = try Money.parse(text, unit: amountUnit) } catch { problems.append(cellProblem(row, .projects, "amount", "项目金额" + error.reason)) }
                }
                let goal = row.values["goal"] ?? ""
                if !goal.isEmpty, let problem = TextRules.nameProblem(goal, maximumLength: 2000) {
                    problems.append(cellProblem(row, .projects, "goal", "绩效目标" + problem))
                }
                let note = row.values["note"] ?? ""
                if !note.isEmpty, let problem = TextRules.nameProblem(note, maximumLength: 500) {
                    problems.append(cellProblem(row, .projects, "note", "备注" + problem))
                }
                sheetProjects.append((BudgetProject(name: name, unitCode: unitCode.isEmpty ? nil : unitCode, note: note), goal, declared))
                if !projectNames.contains(name) { projectNames.append(name) }
            }
        }

        // 预算明细
        var items: [LineItem] = []
        var newNames: [CodeKind: [String: String]] = [:]
        var newProjects: [String] = []
        var projectSums: [String: Fen] = [:]
        var total: Fen = 0
        if has(.items) {
            let itemRows = rows(.items)
            let context = ImportContext(unitCodes: unitCodes, projectNames: Set(projectNames), codes: existing.codes)
            var known = Set(projectNames)
            for (index, row) in itemRows.enumerated() {
                var values: [LineItemColumn: String] = [:]
                for (key, text) in row.values { if let column = LineItemColumn(rawValue: key) { values[column] = text } }
                for (kind, column, nameColumn) in [(CodeKind.functional, LineItemColumn.functional, LineItemColumn.functionalName), (.economic, .economic, .economicName)] {
                    let (code, name, problem) = FieldRules.splitCode(kind, values[column] ?? "", existing.codes)
                    if let problem { problems.append(cellProblem(row, .items, column.rawValue, problem)) }
                    values[column] = code
                    guard let name else { continue }
                    let given = FieldRules.trim(values[nameColumn] ?? "")
                    if !given.isEmpty && Vocabulary.fold(given) != Vocabulary.fold(name) {
                        problems.append(cellProblem(row, .items, nameColumn.rawValue, "与“\(column.chineseName)”列中编码后写的名称“\(name)”不同"))
                    } else {
                        values[nameColumn] = name
                    }
                }
                let result = RowReader(file: nil, line: index + 1, values: values).lineItem(unit: amountUnit, context: context, newNames: &newNames)
                problems += locate(result.problems, itemRows, .items)
                guard let item = result.item else { continue }
                items.append(item)
                total = total.addingReportingOverflow(item.amount).overflow ? .max : total + item.amount
                if let name = item.project {
                    projectSums[name, default: 0] += item.amount
                    if !known.contains(name) {
                        known.insert(name)
                        newProjects.append(name)
                    }
                }
            }
            projectNames += newProjects
        }

        // 绩效指标
        var indicators: [String: [PerformanceIndicator]] = [:]
        var indicatorGoals: [String: String] = [:]
        var indicatorCount = 0
        if has(.indicators) {
            let indicatorRows = rows(.indicators)
            let (_, tablesByProject, goals, found) = indicatorTables(numbered(indicatorRows), projects: Set(projectNames), file: nil)
            problems += locate(found, indicatorRows, .indicators)
            indicators = tablesByProject
            indicatorCount = tablesByProject.values.reduce(0) { $0 + $1.count }
            for (name, goal) in goals {
                if let sheet = sheetProjects.first(where: { $0.project.name == name }), !sheet.goal.isEmpty, sheet.goal != goal.text {
                    problems.append(cellProblem(indicatorRows[goal.line - 1], .indicators, "goal", "与“\(DraftPart.projects.sheetName)”表中这个项目的绩效目标不同"))
                }
                indicatorGoals[name] = goal.text
            }
        }

        // 政府采购
        var purchases: [ProcurementRow] = []
        if has(.procurement) {
            let procurementRows = rows(.procurement)
            var amounts: [String: Fen] = [:]
            for name in projectNames { amounts[name] = has(.items) ? projectSums[name] ?? 0 : existing.projectAmounts[name] ?? 0 }
            for (index, row) in procurementRows.enumerated() {
                let (purchase, found) = procurementRow(
                    row.values, unit: amountUnit, projects: amounts, units: unitCodes, naming: .csv, file: nil, line: index + 1)
                problems += locate(found, procurementRows, .procurement)
                if let purchase { purchases.append(purchase) }
            }
        }

        // 资产
        var assets = AssetHoldings()
        if has(.assets) {
            let assetRows = rows(.assets)
            for row in assetRows.dropFirst() {
                problems.append(InputProblem(file: fileName, line: row.row, message: "资产表只填一行：上年末的固定资产只有一组数", sheet: row.sheet))
            }
            if let first = assetRows.first {
                let (changed, found) = changedAssets(AssetHoldings(), changes: first.values, amountUnit: amountUnit, naming: .csv, file: nil, line: 1)
                problems += locate(found, assetRows, .assets)
                assets = changed
            }
        }

        // 上年数
        var prior: [(PriorItem, Fen??, String?)] = []
        if has(.prior) {
            let priorRows = rows(.prior)
            let (changes, found) = priorChanges(numbered(priorRows), unit: amountUnit, file: nil)
            problems += locate(found, priorRows, .prior)
            prior = changes.filter { _, amount, reason in
                if case .some(.some) = amount { return true }
                return !(reason ?? "").isEmpty
            }
        }

        // What the project has of the parts the workbook brings: replaced only when asked.
        func conflict(_ part: DraftPart, _ what: String) {
            problems.append(InputProblem(
                file: fileName,
                message: "项目文件中已有\(what)；导入这个工作簿会用“\(firstSheet(part) ?? part.sheetName)”表的内容整体替换。确认要替换，请加 --replace 再导入（不在工作簿中的部分保持不变）",
                sheet: firstSheet(part)))
        }
        if !replace {
            if has(.items) && existing.counts.items > 0 { conflict(.items, " \(existing.counts.items) 条预算明细") }
            if has(.projects) && existing.counts.projects > 0 { conflict(.projects, " \(existing.counts.projects) 个项目") }
            if has(.indicators) && existing.counts.indicators > 0 { conflict(.indicators, " \(existing.counts.indicators) 行绩效指标") }
            if has(.procurement) && existing.counts.procurement > 0 { conflict(.procurement, " \(existing.counts.procurement) 条政府采购") }
            if has(.assets) && existing.assets != AssetHoldings() { conflict(.assets, "资产情况") }
            if has(.prior) && existing.counts.priorFigures > 0 { conflict(.prior, "上年数") }
        } else {
            // What stays (the parts the workbook has no sheet for) must not lose its unit or project.
            if has(.units) {
                for old in existing.units where units[old.code] == nil {
                    var uses: [String] = []
                    if !has(.items), let count = existing.unitItems[old.code], count > 0 { uses.append("\(count) 条预算明细") }
                    if !has(.projects), existing.projects.contains(where: { $0.unitCode == old.code }) { uses.append("项目") }
                    if !has(.procurement), existing.procurement.contains(where: { $0.unitCode == old.code }) { uses.append("政府采购") }
                    if !uses.isEmpty {
                        problems.append(InputProblem(
                            file: fileName,
                            message: "单位 \(old.code)（\(old.name)）不在“\(firstSheet(.units)!)”表中，但项目文件中还有它的\(uses.joined(separator: "、"))（本工作簿中没有这部分）：请把这个单位加回表中",
                            sheet: firstSheet(.units)))
                    }
                }
            }
            if has(.projects) {
                let kept = Set(projectNames)
                for old in existing.projects where !kept.contains(old.name) {
                    var uses: [String] = []
                    if !has(.items), let count = existing.projectItems[old.name], count > 0 { uses.append("\(count) 条预算明细") }
                    if !has(.procurement), existing.procurement.contains(where: { $0.project == old.name }) { uses.append("政府采购") }
                    if !uses.isEmpty {
                        problems.append(InputProblem(
                            file: fileName,
                            message: "项目“\(old.name)”不在“\(firstSheet(.projects)!)”表中，但项目文件中还有它的\(uses.joined(separator: "、"))（本工作簿中没有这部分）：请把这个项目加回表中",
                            sheet: firstSheet(.projects)))
                    }
                }
            }
        }

        problems = Array(problems[..<readProblems]) + problems[readProblems...].filter { place($0).map { !unreadable.contains($0) } ?? true }
        if !problems.isEmpty {
            // In the workbook's order: sheet, row, column; problems of the file itself first.
            func key(_ problem: InputProblem, _ offset: Int) -> [Int] {
                let sheet = problem.sheet.flatMap { sheetOrder[$0] }.map { $0 + 1 } ?? 0
                let column = problem.cell.flatMap(XLSXReference.parse)?.column ?? -1
                return [sheet, problem.line ?? 0, column, offset]
            }
            throw InputProblems(
                problems.enumerated().sorted { key($0.element, $0.offset).lexicographicallyPrecedes(key($1.element, $1.offset)) }.map(\.element))
        }

        let savedAs = try project.write { writer -> String? in
            // Replacing whole parts is undone with the snapshot saved first.
            let savedAs = replace ? try saveBefore("导入", fileName, writer).name : nil
            if has(.items) { try writer.deleteAllItems() }
            if has(.procurement) { try writer.deleteProcurement(ids: nil) }
            let present = Set(try writer.reader.units().map(\.code))
            for unit in sheetUnits {
                if !present.contains(unit.code) { try writer.insertUnit(unit) } else if replace { try writer.updateUnit(unit) }
            }
            if has(.projects) {
                if replace { try writer.deleteProjects(keeping: Set(projectNames)) }
                let present = Set(try writer.reader.projects().map(\.name))
                for (project, _, _) in sheetProjects {
                    if present.contains(project.name) { try writer.updateProject(project) } else { try writer.insertProject(project) }
                }
            }
            if has(.units) && replace { try writer.deleteUnits(keeping: Set(sheetUnits.map(\.code))) }
            if has(.items) {
                var present = Set(try writer.reader.projects().map(\.name))
                let inserter = try writer.inserter()
                for item in items {
                    // A project named only by line items belongs to the unit of its first line.
                    if let name = item.project, !present.contains(name) {
                        try writer.insertProject(BudgetProject(name: name, unitCode: item.unitCode))
                        present.insert(name)
                    }
                    try inserter.insert(item)
                }
                do {
                    try inserter.finish()
                } catch var problem as InputProblem {
                    problem.file = fileName
                    problem.sheet = firstSheet(.items)
                    throw InputProblems([problem])
                }
            }
            for (project, goal, declared) in sheetProjects {
                try writer.setProjectGoal(project.name, goal: goal)
                try writer.setProjectDeclaredAmount(project.name, declared)
            }
            if has(.indicators) {
                for name in try writer.reader.projects().map(\.name) { try writer.setIndicators(name, indicators[name] ?? []) }
                for (name, goal) in indicatorGoals where sheetProjects.first(where: { $0.project.name == name })?.goal.isEmpty ?? true {
                    try writer.setProjectGoal(name, goal: goal)
                }
            }
            if has(.procurement) { try writer.insertProcurement(purchases) }
            if has(.assets) { try writer.setAssets(assets) }
            if has(.prior) {
                try writer.clearPrior()
                for (item, amount, reason) in prior { try writer.setPrior(item, amount: amount, reason: reason) }
            }
            try writer.setCodeNames(entries(newNames), origin: .user)
            return savedAs
        }
        return WorkbookImport(
            parts: DraftPart.allCases.filter(has).map(\.sheetName), units: sheetUnits.count,
            newUnits: sheetUnits.filter { !existing.units.map(\.code).contains($0.code) }.count, projects: sheetProjects.count,
            items: items.count, total: total, indicators: indicatorCount, procurement: purchases.count, assets: has(.assets),
            priorFigures: prior.count, newProjects: newProjects, newCodeNames: entries(newNames), skippedSheets: skipped, replaced: replace,
            snapshot: savedAs, before: existing.counts)
    }

    // MARK: - Sheets to records

    /// The most characters any column of a draft workbook takes (a project's 绩效目标).
    static let longestText = 2_000

    /// The rows searched for a header, from the top of a sheet.
    static let headerSearchRows = 10

    /// The recognised sheets of a workbook with their records; the names of sheets with content
    /// but no known header; and the problems of headers and cells.
    static func draftTables(_ workbook: XLSXWorkbook, file: String) -> (tables: [DraftTable], skipped: [String], problems: [InputProblem]) {
        var tables: [DraftTable] = []
        var skipped: [String] = []
        var problems: [InputProblem] = []
        for sheet in workbook.sheets {
            let rows = sheet.rows()
            func text(_ cell: XLSXCell) -> String {
                FieldRules.trim(cell.kind == .number ? XLSXNumber.decimalText(cell.value) ?? cell.value : cell.value)
            }
            var found: (index: Int, part: DraftPart)?
            for (index, row) in rows.prefix(while: { $0.row < headerSearchRows }).enumerated() {
                let texts = row.cells.filter { $0.cell.kind == .string }.map { text($0.cell) }.filter { !$0.isEmpty }
                if let part = DraftPart.recognise(texts) {
                    found = (index, part)
                    break
                }
            }
            guard let (headerIndex, part) = found else {
                let ours = sheet.name == DraftLayout.readMeSheet || sheet.name == DraftLayout.listSheet
                if !sheet.hidden && !ours && rows.contains(where: { $0.cells.contains { !text($0.cell).isEmpty } }) { skipped.append(sheet.name) }
                continue
            }
            let header = rows[headerIndex]
            func problem(_ column: Int?, _ message: String, value: String? = nil, row: Int = header.row, label: String? = nil) -> InputProblem {
                InputProblem(
                    file: file, line: row + 1, column: label, value: value, message: message, sheet: sheet.name,
                    cell: column.map { XLSXReference.name(row: row, column: $0) })
            }
            // The header: every named column known, none twice, the required ones there.
            var columns: [String: Int] = [:]
            var ignoredColumns: Set<Int> = []
            var headerProblems: [InputProblem] = []
            for (column, cell) in header.cells {
                let name = text(cell)
                // A 序号 column, or one whose name starts with #, is the clerk's own and not imported.
                if name.isEmpty || name == "序号" || name.hasPrefix("#") || name.hasPrefix("＃") {
                    if !name.isEmpty { ignoredColumns.insert(column) }
                    continue
                }
                guard let key = part.key(naming: name) else {
                    headerProblems.append(problem(
                        column, "不认识的列名（识别为“\(part.sheetName)”表）。可用的列名：" + part.columns.map { "\($0.names[1])" }.joined(separator: "、"),
                        value: name))
                    continue
                }
                if columns[key] != nil {
                    headerProblems.append(problem(column, "列名重复", value: name))
                    continue
                }
                columns[key] = column
            }
            for key in part.required where columns[key] == nil {
                headerProblems.append(problem(nil, "缺少“\(part.label(key))”列（识别为“\(part.sheetName)”表）"))
            }
            problems += headerProblems
            if !headerProblems.isEmpty { continue }
            let keys = Dictionary(columns.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
            var records: [DraftRow] = []
            for row in rows[(headerIndex + 1)...] {
                let filled = row.cells.filter { !ignoredColumns.contains($0.column) }
                    .filter { !text($0.cell).isEmpty || $0.cell.kind == .error || $0.cell.formula != nil }
                if filled.isEmpty { continue }
                // A total row (under the records, as some sheets have it): formulas and a 合计 label,
                // or nothing but SUM/SUBTOTAL formulas. A row of other formulas (cells linked to
                // the clerk's working sheet) is a record.
                let totalLabels: Set<String> = ["合计", "总计", "小计", "合计:", "总计:"]
                // Folded only when short enough to be a label: a long text shown in thousands of
                // cells is not folded once per cell.
                let isLabel = { (cell: XLSXCell) in
                    cell.kind == .string && cell.value.utf8.count <= 64 && totalLabels.contains(Vocabulary.fold(text(cell)))
                }
                let isSum = { (cell: XLSXCell) in
                    let formula = (cell.formula ?? "").uppercased().replacingOccurrences(of: "=", with: "")
                    return formula.hasPrefix("SUM(") || formula.hasPrefix("SUBTOTAL(")
                }
                if filled.allSatisfy({ $0.cell.formula != nil || isLabel($0.cell) })
                    && (filled.contains { isLabel($0.cell) } || filled.allSatisfy { isSum($0.cell) })
                {
                    continue
                }
                for (column, cell) in filled where keys[column] == nil && !ignoredColumns.contains(column) {
                    problems.append(problem(column, "这一列没有列名，却有内容：请补上列名或删去内容", value: text(cell), row: row.row))
                }
                var values: [String: String] = [:]
                for key in columns.keys { values[key] = "" }
                for (column, cell) in row.cells {
                    guard let key = keys[column] else { continue }
                    let (value, message) = cellText(cell, key: key, part: part, date1904: workbook.date1904)
                    if let message {
                        problems.append(problem(column, message, value: cell.value.isEmpty ? nil : cell.value, row: row.row, label: part.label(key)))
                        continue
                    }
                    values[key] = part == .items ? value : Self.trimmingSpaces(value)
                }
                records.append(DraftRow(sheet: sheet.name, row: row.row + 1, values: values, columns: columns))
            }
            tables.append(DraftTable(part: part, sheet: sheet.name, rows: records))
        }
        return (tables, skipped, problems)
    }

    /// `text` without white space at either end; the same string (its storage shared, not copied:
    /// a shared string may stand in thousands of cells) when it has none.
    static func trimmingSpaces(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            CharacterSet.whitespaces.contains(first) || CharacterSet.whitespaces.contains(last)
        else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The text a cell gives a column, or why it gives none. Numbers are their stored decimal
    /// text as Excel shows it (15 significant digits), never a Double; a date cell of 截止时间
    /// becomes “2022-12-31”.
    static func cellText(_ cell: XLSXCell, key: String, part: DraftPart, date1904: Bool) -> (String, String?) {
        switch cell.kind {
        case .error:
            return ("", "单元格是错误值（\(cell.value)）：请改正公式或内容")
        case .boolean:
            return (cell.value == "1" || cell.value.lowercased() == "true" ? "TRUE" : "FALSE", nil)
        case .number:
            if cell.formula != nil && cell.value.isEmpty {
                return ("", "是公式，但文件中没有保存它的计算结果（有的程序保存时不计算公式）：请在 Excel 或 WPS 中打开并保存一次，或直接填写数值")
            }
            if part == .assets && key == "as-of", let date = XLSXNumber.date(serial: cell.value, date1904: date1904) { return (date, nil) }
            guard let text = XLSXNumber.decimalText(cell.value) else { return ("", "不是有效的数字") }
            // Only a number too large or too small to write out plainly keeps its exponent.
            if text.contains(where: { $0 == "e" || $0 == "E" }) {
                return ("", "这个数字太大或太精确（Excel 中显示为 \(XLSXNumber.excelText(cell.value))），不能作为金额或编码：请填写实际的数值")
            }
            return (text, nil)
        case .string:
            // Longer than any column takes, told from its bytes alone: a long text shown in
            // thousands of cells costs nothing more per cell than a short one.
            if cell.value.utf8.count > 4 * longestText {
                return ("", "内容太长（超过 \(longestText) 字；工作簿中最长的一列（绩效目标）最多 \(longestText) 字）")
            }
            // Text in a workbook is never a neutralised CSV field: an apostrophe the clerk typed
            // before = + - @ stays, while the line-item rules would drop one.
            var text = cell.value
            let scalars = Array(text.unicodeScalars.prefix(2))
            if part == .items, scalars.count == 2, scalars[0] == "'", CSVWriter.formulaTriggers.contains(scalars[1]) || scalars[1] == "'" {
                text = "'" + text
            }
            return (text, nil)
        }
    }
}
