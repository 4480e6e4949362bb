import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// Reading the draft workbook (填报工作簿).
extension ProjectSession {
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
        /// 项 given a note on the 主要内容 sheet.
        public var lineNotes: Int
        /// Paragraphs of the statement's texts, itemised goals and glossary entries the workbook gave.
        public var paragraphs: Int
        public var goals: Int
        public var glossaryEntries: Int
        /// Projects the line items named that the 项目 sheet and the project did not have.
        public var newProjects: [String]
        /// Names given for codes outside the catalogs.
        public var newCodeNames: [CatalogEntry]
        /// Sheets with content but no header the tool knows: not imported.
        public var skippedSheets: [String]
        /// Sheets of a disclosure workbook (tables `budget export` writes) beside the draft's: not imported.
        public var disclosureSheets: [String] = []
        /// Whether whole parts of the project were replaced.
        public var replaced: Bool
        /// Whether the rows were added to the project's (`--add`).
        public var added = false
        /// With add, the sheets of parts a project has one of (assets, texts …): not imported.
        public var ignoredSheets: [String] = []
        /// With add, the workbook's line items (numbered 1, 2 … in its order) that the project
        /// had already (every field the same).
        public var repeated: [Int] = []
        /// Caps the 控制数 sheet gave.
        public var caps = 0
        /// The snapshot saved before replacing (to undo the import).
        public var snapshot: String?
        /// What the project had before.
        public var before: ProjectReader.PartCounts
        /// A warning when the line items look about 10,000 times too small or too large against
        /// last year's figures (元 and 万元 mixed up), as the CSV import gives it.
        public var scaleWarning: String?
    }

    /// Imports a draft workbook (any XLSX whose sheets carry the CSV formats' headers) in one
    /// transaction: every sheet and cell is checked first, and any problem, each named by its
    /// sheet and cell, leaves the project as it was. Each part the workbook has a sheet for is
    /// then the project's: without `replace` a part the project already has is refused (units
    /// excepted, which are added, or must be the same); with `replace` it is replaced.
    ///
    /// With `add`, the rows of the units, projects, line items, indicators and procurement are
    /// added to the project's: a project or unit already there must be as the workbook gives it
    /// (or its row left blank), a project with indicator rows gets no more, and the sheets of
    /// parts a project has one of (assets, last year's figures, 主要内容, texts, goals, glossary)
    /// are not imported (named in ``WorkbookImport/ignoredSheets``). A workbook whose every line
    /// item the project has already is refused as a probable double import unless
    /// `allowDuplicates`. An import that replaces or adds, or into a project with line items or
    /// projects, saves a snapshot first.
    ///
    /// A new project name within a character or two of one the project has is refused unless
    /// it is in `newProjects` (``ProjectNames``).
    ///
    /// The workbook is opened, its sheets recognised, and each part read by its own reader
    /// (`DraftImport/`) into values and problems; then either every problem at once, or one
    /// transaction that writes every part.
    public func importWorkbook(
        from file: String, unit amountUnit: Money.InputUnit, replace: Bool, add: Bool = false, allowDuplicates: Bool = false,
        newProjects confirmed: Set<String> = []
    ) throws -> WorkbookImport {
        let fileName = URL(fileURLWithPath: file).lastPathComponent
        let workbook = try Self.openDraftWorkbook(file, name: fileName)
        let project = projectFile
        var (tables, skipped, sheetProblems, disclosure) = Self.draftTables(workbook, file: fileName, disclosure: DisclosureSigns.of(project))
        let addable: [DraftPart] = [.units, .projects, .items, .indicators, .procurement]
        let ignored = add ? tables.filter { !addable.contains($0.part) && !$0.rows.isEmpty }.map(\.sheet) : []
        if add { tables = tables.filter { addable.contains($0.part) } }
        // An exported (or published) disclosure taken for the draft: one message, not one per header cell.
        if tables.isEmpty && !disclosure.isEmpty { throw InputProblems([DisclosureSigns.refusal(fileName, sheets: disclosure)]) }
        let read = DraftSheets(file: fileName, tables: tables)
        var problems = sheetProblems + read.duplicates() + (try read.ownerProblems(workbook, project, amountUnit: amountUnit))
        // A cell that could not be read (an error value, a formula without its result) is
        // reported once, not again by the rules of its column.
        let unreadable = Set(problems.compactMap(\.place))
        let readProblems = problems.count
        if tables.isEmpty && problems.isEmpty {
            throw InputProblems([
                InputProblem(
                    file: fileName,
                    message: "工作簿中没有可识别的表：表头（第一行或前几行中的一行）应是列名，如预算明细的“单位编码、功能分类科目编码、经济分类科目编码、支出类型、资金来源、金额”。可用 budget template 生成一个工作簿作为样子")
            ])
        }
        let before = try project.read { try ProjectBefore($0) }

        // Each part reads its rows, in this order: a part may use what those before it read.
        let units = UnitsSheet(read, before: before.units, replace: replace && !add)
        let (sheets, unitCells) = read.normalisingUnits(
            units.units, formerNames: Dictionary(before.units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }))
        problems += units.problems + unitCells
        let projects = ProjectsSheet(
            sheets, before: before.projects, unitCodes: units.codes, amountUnit: amountUnit, replace: replace, add: add ? before : nil)
        problems += projects.problems
        let items = ItemsSheet(sheets, unitCodes: units.codes, projectNames: projects.names, codes: before.codes, amountUnit: amountUnit)
        problems += items.problems
        problems += Self.closeProjectNames(sheets, projects: projects, items: items, before: before, confirmed: confirmed)
        let projectNames = projects.names + items.newProjects
        let indicators = IndicatorsSheet(sheets, projectNames: projectNames, projects: projects, add: add ? before : nil)
        problems += indicators.problems
        var amounts: [String: Fen] = [:]
        for name in projectNames {
            let old = before.projectAmounts[name] ?? 0
            amounts[name] = !sheets.has(.items) ? old : (items.projectSums[name] ?? 0) + (add ? old : 0)
        }
        let procurement = ProcurementSheet(sheets, projects: amounts, unitCodes: units.codes, amountUnit: amountUnit)
        problems += procurement.problems
        let assets = AssetsSheet(sheets, amountUnit: amountUnit)
        problems += assets.problems
        let prior = PriorSheet(sheets, amountUnit: amountUnit)
        problems += prior.problems
        let purposes = PurposesSheet(sheets, codes: before.codes, amountUnit: amountUnit)
        problems += purposes.problems
        let texts = TextsSheet(sheets)
        problems += texts.problems
        let goals = GoalsSheet(sheets)
        problems += goals.problems
        let glossary = GlossarySheet(sheets)
        problems += glossary.problems
        let roster = RosterSheet(sheets, unitCodes: Set(units.codes), before: before)
        problems += roster.problems
        let caps = CapsSheet(sheets, amountUnit: amountUnit)
        problems += caps.problems
        if !add { problems += sheets.conflicts(before: before, replace: replace, units: units.units, projectNames: projectNames) }

        problems = Array(problems[..<readProblems]) + problems[readProblems...].filter { $0.place.map { !unreadable.contains($0) } ?? true }
        if !problems.isEmpty { throw InputProblems(sheets.ordered(problems, in: workbook)) }

        // One transaction. The old line items and procurement go first, and the units the sheet
        // drops only after the projects that named them: nothing removed is still named. The
        // projects go before the line items, which may add more.
        let (savedAs, repeated) = try project.write { writer -> (String?, [Int]) in
            // Any import into a project with line items or projects (as a CSV's into one with
            // items), and any that replaces or adds, is undone with the snapshot saved first.
            let saving = replace || add || before.counts.items > 0 || before.counts.projects > 0
            let savedAs = saving ? try Self.saveBefore("导入", fileName, writer).name : nil
            let lastBefore = try writer.reader.lastItemID()
            let numbers = !sheets.has(.items) ? [] : add ? items.items.indices.map { lastBefore + 1 + Int64($0) } : try items.numbers(writer.reader)
            // What the 基本支出 calculation made, kept for the items that keep their numbers: one the
            // clerk changed on the sheet then no longer matches it, and is the clerk's.
            let generated = sheets.has(.items) && !add ? try writer.reader.generatedRecords() : []
            if !add {
                try items.clear(writer, sheets)
                try procurement.clear(writer, sheets)
            }
            try units.write(writer, replace: replace)
            try projects.write(writer, sheets, keeping: projectNames, replace: replace)
            try units.removeOthers(writer, sheets, replace: replace)
            try items.write(writer, sheets, numbers: numbers)
            // Only onto a row of the same unit and codes: a row typed in the place of a deleted one
            // takes its number, and is the clerk's.
            let rows = Dictionary(zip(numbers, items.items).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
            for record in generated {
                guard let row = rows[record.itemID], row.unitCode == record.unitCode, row.functional == record.functional,
                    row.economic == record.economic
                else { continue }
                try writer.restoreGenerated(record)
            }
            try projects.writeGoals(writer)
            try indicators.write(writer, sheets, projects: projects, add: add)
            try procurement.write(writer, sheets)
            try assets.write(writer, sheets)
            try prior.write(writer, sheets)
            try purposes.write(writer, sheets)
            try texts.write(writer, sheets)
            try goals.write(writer, sheets)
            try glossary.write(writer, sheets)
            try roster.write(writer, sheets)
            try caps.write(writer, sheets)
            try writer.setCodeNames(Self.entries(items.newNames), origin: .user)
            var repeated: [Int] = []
            if add && lastBefore > 0 && !items.items.isEmpty {
                let (places, added) = try writer.reader.repeatedItems(after: lastBefore)
                if places.count == added && !allowDuplicates { throw Self.doubleImport(fileName, count: added, replace: "--replace") }
                repeated = places
            }
            return (savedAs, repeated)
        }
        let scaleWarning =
            sheets.has(.items)
            ? AmountScale.importWarning(
                importTotal: items.total, importCount: items.items.count, existingTotal: 0, existingCount: 0,
                prior: try project.read { try $0.document().prior })
            : nil
        var result = WorkbookImport(
            parts: DraftPart.allCases.filter(sheets.has).map(\.sheetName), units: units.rows.count,
            newUnits: units.rows.filter { !before.units.map(\.code).contains($0.code) }.count, projects: projects.rows.count,
            items: items.items.count, total: items.total, indicators: indicators.count, procurement: procurement.purchases.count,
            assets: sheets.has(.assets), priorFigures: prior.figures.count, lineNotes: purposes.notes.count, paragraphs: texts.count,
            goals: goals.goals.count, glossaryEntries: glossary.entries.count, newProjects: items.newProjects,
            newCodeNames: Self.entries(items.newNames),
            skippedSheets: skipped, disclosureSheets: disclosure, replaced: replace, added: add, ignoredSheets: ignored, repeated: repeated,
            snapshot: savedAs, before: before.counts, scaleWarning: scaleWarning)
        result.caps = caps.caps.count
        return result
    }

    /// New project names (on the 项目 sheet or only in line items) within a character or two of
    /// one the project has, unless confirmed; each named at its first cell.
    static func closeProjectNames(
        _ sheets: DraftSheets, projects: ProjectsSheet, items: ItemsSheet, before: ProjectBefore, confirmed: Set<String>
    ) -> [InputProblem] {
        let old = before.projects.map(\.name)
        let fresh = projects.rows.map(\.project.name).filter { !old.contains($0) } + items.newProjects
        var problems: [InputProblem] = []
        for name in fresh where !confirmed.contains(name) {
            let close = old.filter { ProjectNames.areClose($0, name) }
            guard !close.isEmpty else { continue }
            let message = ProjectNames.closeMessage(name, close)
            if let row = sheets.rows(.projects).first(where: { $0.values["project"] == name }) {
                problems.append(sheets.cellProblem(row, .projects, "project", message))
            } else if let row = sheets.rows(.items).first(where: { FieldRules.trim($0.values["project"] ?? "") == name }) {
                problems.append(sheets.cellProblem(row, .items, "project", message))
            }
        }
        return problems
    }

    /// A file whose every line item the project has already: refused as a double import.
    static func doubleImport(_ fileName: String, count: Int, replace: String) -> InputProblem {
        InputProblem(
            file: fileName,
            message:
                "文件中的 \(count) 条明细项目中都已经有了（单位、科目、类型、项目、资金来源、金额都相同），像是重复导入，没有导入。确要再导入一次，加 --allow-duplicates；要用文件替换项目中的明细，加 \(replace)"
        )
    }

    /// The workbook in a file; a file that is not one (or cannot be read) is a problem.
    static func openDraftWorkbook(_ file: String, name fileName: String) throws -> XLSXWorkbook {
        _ = try InputFiles.readFile(file)
        if InputFiles.isCompoundDocument(file) { throw InputProblems([InputProblem(file: fileName, message: InputFiles.compoundDocumentMessage)]) }
        do {
            return try XLSXWorkbook(path: file)
        } catch let error as XLSXReadError {
            throw InputProblems([InputProblem(file: fileName, message: "无法读取这个工作簿：\(error.message)")])
        } catch {
            throw InputProblems([InputProblem(file: fileName, message: "无法读取这个工作簿：\(error)")])
        }
    }
}
