import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// A small random project of everything a draft workbook carries: units, line items (numbered
/// with gaps, notes a spreadsheet could take for formulas, codes outside the catalogs), projects,
/// indicators, procurement (quantities such as “1.50”), assets, last year's figures, the
/// statement's texts, itemised goals and the glossary. Built in one transaction with values the
/// commands accept.
enum RandomDraftProject {
    static let projectNames = ["信息化建设", "办公楼维修改造", "=SUM(A1:A2)", "'撇号开头的项目", "项目 A（二期）", "政务服务“好差评”系统", "Project B"]
    static let sourceNames = ["公用类项目（三保）", "其他公用经费安排"]
    static let notes = ["", "", "", "=1+2", "'=不是公式", "+86 电话费", "@备注", " 前后有空格 ", "两行\n备注", "全角　空格", "备注"]
    static let quantities = ["1", "2", "12", "2.5", "1.50", "0.125", "3.0", "1000"]
    static let words = ["负责", "组织", "推进", "“放管服”改革", "政务服务", "的", "工作", "；", "（一）", "2023 年", "≥95%", "A/B", "<标签>", "&"]

    static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    static func sentence(_ random: inout SplitMix64, words count: ClosedRange<Int> = 3...12) -> String {
        (0..<Int.random(in: count, using: &random)).map { _ in pick(words, &random) }.joined() + "。"
    }

    static func fen(_ random: inout SplitMix64) -> Fen {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: Fen.random(in: 1...99, using: &random)
        case 1: Fen.random(in: 100...99_999, using: &random)
        case 2: Fen.random(in: 1...50_000, using: &random) * 100
        default: Fen.random(in: 1...9_999_999_999, using: &random)
        }
    }

    static func build(at path: String, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let budget = Generator.budget(units: Int.random(in: 1...3, using: &random), items: Int.random(in: 0...14, using: &random), seed: seed)
        let project = try ProjectFile.create(at: path, department: budget.department)
        // Projects renamed from the generator's to names that test the sheets.
        var names = projectNames.shuffled(using: &random)
        var renamed: [String: String] = [:]
        for project in budget.projects where !names.isEmpty { renamed[project.name] = names.removeFirst() }
        let units = budget.units.map { unit in
            var unit = unit
            unit.level = pick(["", "正处级", "副科级"], &random)
            unit.fundingForm = pick(["", "财政拨款", "财政补助"], &random)
            return unit
        }
        // Codes outside the catalogs, named by the clerk.
        let ownFunctional = (2_019_990...2_019_999).map(String.init).first { Catalog.bundled.functional[$0] == nil }!
        let ownEconomic = (30_290...30_299).map(String.init).first { Catalog.bundled.economic[$0] == nil && $0 != "30299" }!
        var items = budget.items.map { item in
            var item = item
            item.project = item.project.map { renamed[$0] ?? $0 }
            item.note = pick(notes, &random)
            if Int.random(in: 0..<8, using: &random) == 0 { item.functional = ownFunctional }
            if item.type == .basic, Int.random(in: 0..<8, using: &random) == 0 {
                item.economic = ownEconomic
                item.nature = .publicFunds
            }
            return item
        }
        // Extra projects without items, one with the name of nothing else.
        var projects = budget.projects.filter { renamed[$0.name] != nil }.map { project in
            BudgetProject(
                name: renamed[project.name]!, unitCode: Bool.random(using: &random) ? project.unitCode : nil, note: pick(["", "备注", "=1"], &random))
        }
        let projectNames = Set(projects.map(\.name))
        items = items.filter { item in item.project.map(projectNames.contains) ?? true }
        if let name = names.first, Bool.random(using: &random) { projects.append(BudgetProject(name: name, unitCode: units[0].code)) }
        try project.write { writer in
            for unit in units { try writer.insertUnit(unit) }
            for project in projects { try writer.insertProject(project) }
            try writer.setCodeNames(
                [
                    CatalogEntry(kind: .functional, code: ownFunctional, name: "自拟的功能科目"),
                    CatalogEntry(kind: .economic, code: ownEconomic, name: "自拟的经济科目"),
                ],
                origin: .user)
            if Bool.random(using: &random) {
                try writer.setCodeNames([CatalogEntry(kind: .economic, code: "30201", name: "办公用品及服务费")], origin: .bureau)
            }
            let ids = try writer.insertItems(items)
            // Gaps in the numbers: lines removed, one at the end perhaps.
            let removed = ids.filter { _ in Int.random(in: 0..<5, using: &random) == 0 }
            if !removed.isEmpty { try writer.deleteItems(ids: removed) }
            let kept = Dictionary(zip(ids, items), uniquingKeysWith: { a, _ in a }).filter { !removed.contains($0.key) }

            for project in projects {
                if Bool.random(using: &random) { try writer.setProjectGoal(project.name, goal: sentence(&random)) }
                if Bool.random(using: &random) { try writer.setProjectDeclaredAmount(project.name, fen(&random)) }
                if Bool.random(using: &random) {
                    let indicators = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                        PerformanceIndicator(
                            level1: pick(IndicatorLevel.allCases, &random), level2: pick(["数量指标", "质量指标", "社会效益指标"], &random),
                            level3: sentence(&random, words: 1...3), description: pick(["", "描述"], &random),
                            value: pick(["≥95%", "100%", "1 套"], &random),
                            basis: pick(["", "历史标准", "计划标准"], &random))
                    }
                    try writer.setIndicators(project.name, indicators)
                }
            }

            // Procurement: for projects and for sources of 基本支出, removed rows leaving gaps.
            var purchases: [ProcurementRow] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let unit = pick(units, &random).code
                let project = projects.isEmpty || Bool.random(using: &random) ? nil : pick(projects, &random).name
                var amounts: [ProcurementFunding: Fen] = [:]
                for funding in ProcurementFunding.allCases.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)) {
                    amounts[funding] = fen(&random)
                }
                let total = amounts.values.reduce(0, +)
                purchases.append(
                    ProcurementRow(
                        unitCode: unit, project: project, sourceName: project == nil ? pick(sourceNames, &random) : "",
                        sourceBudget: project == nil ? total + fen(&random) : nil, item: pick(["便携式计算机", "其他办公用品", "=维修服务", "印刷服务"], &random),
                        catalogueCode: pick(["A02010108", "A05049900", "C23120200", "B07"], &random), measure: pick(["台", "批", "次"], &random),
                        quantity: pick(quantities, &random), unitPrice: fen(&random), amounts: amounts,
                        smeShare: Bool.random(using: &random) ? 0 : min(total, fen(&random))))
            }
            let purchaseIDs = try writer.insertProcurement(purchases)
            let gone = purchaseIDs.filter { _ in Int.random(in: 0..<4, using: &random) == 0 }
            if !gone.isEmpty { try writer.deleteProcurement(ids: gone) }

            if Bool.random(using: &random) {
                func maybe<T>(_ value: T) -> T? { Bool.random(using: &random) ? value : nil }
                try writer.setAssets(
                    AssetHoldings(
                        asOf: pick(["", "2023-12-31"], &random), total: maybe(fen(&random)),
                        buildingArea: pick(["", "1200.5", "800.00", "35"], &random),
                        officeArea: pick(["", "300", "45.25"], &random), buildingValue: maybe(fen(&random)),
                        vehicleCount: maybe(Int.random(in: 0...9, using: &random)),
                        vehicleValue: maybe(fen(&random)), equipmentCount: maybe(Int.random(in: 0...3, using: &random)),
                        equipmentValue: maybe(fen(&random)),
                        otherValue: maybe(fen(&random)), plannedPurchase: maybe(fen(&random))))
            }
            for item in PriorItem.allCases where Bool.random(using: &random) {
                try writer.setPrior(
                    item, amount: item == .threePublic ? nil : .some(Bool.random(using: &random) ? fen(&random) : nil),
                    reason: Bool.random(using: &random) ? sentence(&random) : "")
            }
            for section in TextSection.allCases where Bool.random(using: &random) {
                var paragraphs = (0..<Int.random(in: 1...3, using: &random)).map { _ in sentence(&random, words: 5...40) }
                if Int.random(in: 0..<10, using: &random) == 0 { paragraphs.append(String(repeating: "长段落的文字，", count: 400)) }
                try writer.setParagraphs(section, paragraphs)
            }
            try writer.setDepartmentGoals(
                (0..<Int.random(in: 0...3, using: &random)).map { index in
                    DepartmentGoal(name: "分项目标\(index + 1)", goal: sentence(&random), indicators: sentence(&random))
                })
            if Bool.random(using: &random) {
                try writer.setGlossary(
                    (0..<Int.random(in: 1...4, using: &random)).map { GlossaryEntry(term: "名词\($0 + 1)", text: sentence(&random)) })
            }
            _ = kept
        }
    }
}

/// One edit a clerk makes in a draft workbook, and what `diff` must then say: exactly that.
struct DraftEdit {
    var description: String
    var edits: [WorkbookEdits.Edit]
    /// Nil when the diff shows the edit and nothing else; otherwise what is wrong.
    var check: (ProjectDiff) -> String?

    /// The diff holds no line item, no cell and no other change but those expected.
    static func only(_ diff: ProjectDiff, other: [String], cellsIn tables: Set<String> = []) -> String? {
        if !diff.added.isEmpty || !diff.removed.isEmpty || !diff.changed.isEmpty { return "line items changed" }
        if diff.other != other { return "other: \(diff.other), expected \(other)" }
        if let cell = diff.cells.first(where: { !tables.contains($0.table) }) { return "cell of table \(cell.table) \(cell.row) moved" }
        return nil
    }

    /// The table cells an item's change moved name that item alone (procurement's 预算资金 of its
    /// project is no item's cell). A change of code may move none (an economic code of 项目支出
    /// or of money outside 财政拨款 is in no table of the nine).
    static func cellsName(_ diff: ProjectDiff, _ id: Int64, someMoved: Bool = true) -> String? {
        if someMoved && diff.cells.isEmpty { return "no cell moved" }
        for cell in diff.cells where cell.table != "采购" && (cell.items + cell.oldItems != [id] || cell.itemCount != 1) {
            return "cell \(cell.table) \(cell.row) names \(cell.items) \(cell.oldItems)"
        }
        return nil
    }

    /// A random edit of the workbook of the project at `path` (as written by `budget template`).
    static func random(_ path: String, workbook: String, _ random: inout SplitMix64) throws -> DraftEdit? {
        let session = try ProjectSession(path)
        let items = try session.items(matching: ProjectSession.ItemQuery()).items.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        let document = try session.documentData()
        let projects = try session.projects().projects.map(\.project)
        let units = try session.units()
        let book = try XLSXWorkbook(path: workbook, only: ["单位", "预算明细", "项目", "绩效指标", "政府采购", "资产", "上年数", "情况说明文字", "分项绩效目标", "名词解释"])
        func column(_ part: String, _ header: String) -> Int {
            let sheet = book.sheet(part)!
            return (0..<40).first { sheet.cell(row: DraftLayout.headerRow, column: $0)?.value == header }!
        }
        func edit(_ sheet: String, _ record: Int, _ header: String, _ value: WorkbookEdits.Value) -> WorkbookEdits.Edit {
            WorkbookEdits.Edit(sheet: sheet, row: DraftLayout.firstDataRow + record, column: column(sheet, header), value: value)
        }
        let yuan = { (fen: Fen) in Money.formatYuan(fen) + " 元" }
        var choices: [() -> DraftEdit] = []

        if !items.isEmpty {
            let k = Int.random(in: 0..<items.count, using: &random)
            let item = items[k]
            let id = item.id!
            let amount = item.amount + Fen.random(in: 1...500_000, using: &random)
            choices.append {
                DraftEdit(description: "预算明细 #\(id) 金额", edits: [edit("预算明细", k, "金额", .number(Money.formatYuan(amount)))]) { diff in
                    guard diff.changed.map(\.new.id) == [id],
                        diff.changed[0].fields == [.init(field: "金额", old: Money.formatYuan(item.amount), new: Money.formatYuan(amount))]
                    else { return "changed \(diff.changed.map { ($0.new.id, $0.fields) })" }
                    if !diff.added.isEmpty || !diff.removed.isEmpty || !diff.other.isEmpty { return "more: \(diff.other)" }
                    return cellsName(diff, id)
                }
            }
            choices.append {
                DraftEdit(description: "预算明细 #\(id) 备注", edits: [edit("预算明细", k, "备注", .text("改过的备注"))]) { diff in
                    guard diff.changed.map(\.new.id) == [id], diff.changed[0].fields.map(\.field) == ["备注"] else {
                        return "changed \(diff.changed.map { ($0.new.id, $0.fields) })"
                    }
                    return diff.added.isEmpty && diff.removed.isEmpty && diff.other.isEmpty && diff.cells.isEmpty ? nil : "more"
                }
            }
            if item.economic != "30299", Catalog.bundled.economic[item.economic] != nil {
                let other = Catalog.bundled.economic.keys.filter { $0.count == 5 && $0.hasPrefix(item.economic.prefix(3)) && $0 != item.economic }
                    .sorted()
                if let code = other.isEmpty ? nil : RandomDraftProject.pick(other, &random) {
                    choices.append {
                        DraftEdit(description: "预算明细 #\(id) 经济分类 \(item.economic) → \(code)", edits: [edit("预算明细", k, "经济分类科目编码", .text(code))]) {
                            diff in
                            guard diff.changed.map(\.new.id) == [id], diff.changed[0].fields.map(\.field) == ["经济分类"] else {
                                return
                                    "changed \(diff.changed.map { ($0.new.id, $0.fields) }) added \(diff.added.map(\.id)) removed \(diff.removed.map(\.id))"
                            }
                            if !diff.added.isEmpty || !diff.removed.isEmpty || !diff.other.isEmpty { return "more: \(diff.other)" }
                            return cellsName(diff, id, someMoved: false)
                        }
                    }
                }
            }
            let lastRow = items.count
            choices.append {
                let edits = (0..<12).map { WorkbookEdits.Edit(sheet: "预算明细", row: DraftLayout.firstDataRow + k, column: $0, value: .empty) }
                return DraftEdit(description: "预算明细 #\(id) 删去", edits: edits) { diff in
                    guard diff.removed.map(\.id) == [id], diff.added.isEmpty, diff.changed.isEmpty, diff.other.isEmpty else {
                        return "removed \(diff.removed.map(\.id)) added \(diff.added.map(\.id)) changed \(diff.changed.map(\.new.id)) \(diff.other)"
                    }
                    return cellsName(diff, id)
                }
            }
            choices.append {
                // A copy of the line with another amount and note, added under the last one.
                let source = (0..<9).map { c in book.sheet("预算明细")!.cell(row: DraftLayout.firstDataRow + k, column: c) }
                var edits: [WorkbookEdits.Edit] = source.enumerated().compactMap { c, cell in
                    guard let cell, !cell.value.isEmpty else { return nil }
                    return WorkbookEdits.Edit(
                        sheet: "预算明细", row: DraftLayout.firstDataRow + lastRow, column: c,
                        value: cell.kind == .number ? .number(cell.value) : .text(cell.value))
                }
                edits.append(edit("预算明细", lastRow, "金额", .number(Money.formatYuan(amount))))
                edits.append(edit("预算明细", lastRow, "备注", .text("新增的一行")))
                let highest = items.compactMap(\.id).max() ?? 0
                return DraftEdit(description: "预算明细 新增一行", edits: edits) { diff in
                    guard diff.added.count == 1, let new = diff.added[0].id, new > highest, diff.removed.isEmpty, diff.changed.isEmpty,
                        diff.other.isEmpty
                    else {
                        return "added \(diff.added.map(\.id)) removed \(diff.removed.map(\.id)) changed \(diff.changed.map(\.new.id)) \(diff.other)"
                    }
                    return cellsName(diff, new)
                }
            }
        }
        if !projects.isEmpty {
            let p = Int.random(in: 0..<projects.count, using: &random)
            let name = projects[p].name
            let declared = document.declaredProjectAmounts[name]
            let amount = (declared ?? 0) + 100
            choices.append {
                DraftEdit(description: "项目“\(name)”项目金额", edits: [edit("项目", p, "项目金额", .number(Money.formatYuan(amount)))]) { diff in
                    only(
                        diff,
                        other: [
                            declared.map { "项目金额（申报数）修改：\(name) \(yuan($0)) → \(yuan(amount))" } ?? "项目金额（申报数）新增：\(name) \(yuan(amount))"
                        ])
                }
            }
            choices.append {
                DraftEdit(description: "项目“\(name)”绩效目标", edits: [edit("项目", p, "绩效目标", .text("改写的绩效目标。"))]) { diff in
                    only(diff, other: ["项目“\(name)”的绩效目标有改动"])
                }
            }
        }
        let indicatorRows = document.performance.flatMap { performance in
            performance.indicators.map { (performance.project, $0, performance.indicators.count) }
        }
        if !indicatorRows.isEmpty {
            let r = Int.random(in: 0..<indicatorRows.count, using: &random)
            let (name, _, count) = indicatorRows[r]
            choices.append {
                DraftEdit(description: "绩效指标 第 \(r + 1) 行 指标值", edits: [edit("绩效指标", r, "指标值", .text("≥99%（改）"))]) { diff in
                    only(diff, other: ["项目“\(name)”的绩效指标有改动（\(count) 行 → \(count) 行）"])
                }
            }
        }
        let purchases = document.procurement
        if !purchases.isEmpty {
            let r = Int.random(in: 0..<purchases.count, using: &random)
            let row = purchases[r]
            let label = ProcurementRow.identities(purchases)[r].label
            choices.append {
                DraftEdit(description: "政府采购 \(label) 数量", edits: [edit("政府采购", r, "数量", .number("7"))]) { diff in
                    only(diff, other: ["政府采购修改：\(row.unitCode) \(label)：数量 \(row.quantity) → 7"])
                }
            }
            let funding = RandomDraftProject.pick(ProcurementFunding.allCases, &random)
            let old = row.amounts[funding] ?? 0
            choices.append {
                DraftEdit(
                    description: "政府采购 \(label) \(funding.chineseName)",
                    edits: [edit("政府采购", r, funding.chineseName, .number(Money.formatYuan(old + 100)))]
                ) { diff in
                    if let wrong = only(
                        diff, other: ["政府采购修改：\(row.unitCode) \(label)：\(funding.chineseName) \(yuan(old)) → \(yuan(old + 100))"], cellsIn: ["采购"])
                    {
                        return wrong
                    }
                    // Each moved cell is the row's own, its unit's 小计 or the 合计, named by what is bought.
                    for cell in diff.cells where !(cell.row.contains(label) || cell.rowKey == "total" || cell.rowKey == "unit-\(row.unitCode)") {
                        return "cell \(cell.row)"
                    }
                    return diff.cells.contains { $0.row.contains("“\(label)”") } ? nil : "no cell names “\(label)”: \(diff.cells.map(\.row))"
                }
            }
        }
        if document.assets != AssetHoldings() {
            let value = (document.assets.otherValue ?? 0) + 100
            choices.append {
                DraftEdit(description: "资产 其他固定资产价值", edits: [edit("资产", 0, "其他固定资产价值", .number(Money.formatYuan(value)))]) { diff in
                    only(diff, other: ["固定资产占用情况有改动"], cellsIn: ["资产"])
                }
            }
        }
        let priorItem = RandomDraftProject.pick(PriorItem.allCases.filter { $0 != .threePublic }, &random)
        let priorRow = PriorItem.allCases.firstIndex(of: priorItem)!
        let priorOld = document.prior.amounts[priorItem]
        choices.append {
            DraftEdit(description: "上年数 \(priorItem.chineseName)", edits: [edit("上年数", priorRow, "上年预算数", .number("12345.67"))]) { diff in
                let shown = priorOld.map(yuan) ?? "未填"
                return only(diff, other: shown == "12345.67 元" ? [] : ["上年数“\(priorItem.chineseName)”：\(shown) → 12345.67 元"])
            }
        }
        // 情况说明文字: the rows are the sections in order, a row of its name for a section without text.
        var textRows: [(TextSection, Int)] = []
        for section in TextSection.allCases {
            let count = document.texts[section]?.count ?? 0
            textRows += Array(repeating: (section, count), count: max(1, count))
        }
        let t = Int.random(in: 0..<textRows.count, using: &random)
        let (section, paragraphs) = textRows[t]
        choices.append {
            DraftEdit(description: "情况说明文字 第 \(t + 1) 行", edits: [edit("情况说明文字", t, "段落", .text("改写的一段文字。"))]) { diff in
                only(diff, other: ["\(section.chineseName)：文字有改动（\(paragraphs) 段 → \(max(1, paragraphs)) 段）"])
            }
        }
        if !document.departmentGoals.isEmpty {
            let g = Int.random(in: 0..<document.departmentGoals.count, using: &random)
            let count = document.departmentGoals.count
            choices.append {
                DraftEdit(description: "分项绩效目标 第 \(g + 1) 行", edits: [edit("分项绩效目标", g, "绩效指标", .text("改写的绩效指标。"))]) { diff in
                    only(diff, other: ["部门分项绩效目标有改动（\(count) 项 → \(count) 项）"])
                }
            }
        }
        let g = Int.random(in: 0..<document.glossary.count, using: &random)
        let entries = document.glossary.count
        choices.append {
            DraftEdit(description: "名词解释 第 \(g + 1) 行", edits: [edit("名词解释", g, "解释", .text("改写的解释。"))]) { diff in
                only(diff, other: ["名词解释有改动（\(entries) 条 → \(entries) 条）"])
            }
        }
        let u = Int.random(in: 0..<units.count, using: &random)
        let unit = units[u]
        choices.append {
            // Renamed on 单位 alone: the other sheets still show the old name beside the code.
            DraftEdit(description: "单位 \(unit.code) 名称", edits: [edit("单位", u, "单位名称", .text(unit.name + "（新）"))]) { diff in
                let show = { (name: String) in "\(name)（\(unit.nature.rawValue)，\(unit.level)，\(unit.fundingForm)）" }
                return only(diff, other: ["单位修改：\(unit.code) \(show(unit.name)) → \(show(unit.name + "（新）"))"])
            }
        }
        return choices.isEmpty ? nil : RandomDraftProject.pick(choices, &random)()
    }
}

/// Issue 16, “a clerk is never surprised”: what `diff` says after a draft workbook has been
/// written and read back is true.
@Suite("Draft workbook round trips: diff is true")
struct DraftRoundTripTests {
    /// How many random projects the property test builds (`BUDGET_DRAFT_PROJECTS`, default 200),
    /// in chunks that run side by side.
    static let projectCount = ProcessInfo.processInfo.environment["BUDGET_DRAFT_PROJECTS"].flatMap { Int($0) } ?? 200
    static let chunks = 8

    /// The seed of project `index` of the run: replayable with BUDGET_SEED.
    static func seed(_ index: Int) -> UInt64 {
        var random = TestSeed.random("DraftRoundTripTests.randomProjects")
        random.state &+= UInt64(index) &* 0x9E37_79B9_7F4A_7C15
        return random.next()
    }

    @Test(
        "random projects: template → import --replace diffs equal with the snapshot it saves; then (every other project) one random edit in the workbook is exactly what diff shows",
        arguments: 0..<chunks)
    func randomProjects(chunk: Int) throws {
        var failures: [String] = []
        let count = Self.projectCount
        for index in stride(from: chunk, to: count, by: Self.chunks) {
            let seed = Self.seed(index)
            let folder = TemporaryFolder(inMemory: true)
            let path = folder.file("p\(index).budget")
            let workbook = folder.file("填报.xlsx")
            func fail(_ what: String) { failures.append("project \(index) (generator seed \(seed)): \(what)") }
            do {
                try RandomDraftProject.build(at: path, seed: seed)
                _ = try ProjectSession(path).writeDraft(to: workbook)
                // import --replace saves the project first; diff compares with that snapshot.
                _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
                let result = try ProjectSession(path).diff(from: nil, to: nil)
                if !result.diff.isEmpty {
                    fail("round trip:\n" + DiffText.render(from: result.from, to: result.to, diff: result.diff, reports: result.reports))
                    continue
                }
                // Every other project is edited too, and imported again.
                guard index % 2 == 1 else { continue }
                var edits = SplitMix64(seed: seed ^ 0x5EED)
                guard let edit = try DraftEdit.random(path, workbook: workbook, &edits) else { continue }
                try WorkbookEdits.apply(edit.edits, to: workbook)
                _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
                let edited = try ProjectSession(path).diff(from: nil, to: nil)
                if let wrong = edit.check(edited.diff) {
                    fail(
                        "edit \(edit.description): \(wrong)\n"
                            + DiffText.render(from: edited.from, to: edited.to, diff: edited.diff, reports: edited.reports))
                }
            } catch {
                fail("\(error)")
            }
        }
        #expect(
            failures.isEmpty, "\(failures.count) projects failed (BUDGET_SEED=\(TestSeed.base)):\n\(failures.prefix(3).joined(separator: "\n\n"))")
    }

    // MARK: - The bundled sample, and workbooks other programs saved

    /// How a draft workbook comes back: as written, or saved again by another program.
    enum Producer: String, CaseIterable, CustomTestStringConvertible {
        case budget, openpyxl, libreoffice
        var testDescription: String { rawValue }

        /// Why the program is missing here, or nil.
        var missing: String? {
            switch self {
            case .budget: nil
            case .openpyxl: ExternalTools.openpyxlMissing
            case .libreoffice: ExternalTools.sofficeMissing
            }
        }

        /// The workbook as the program saves it again.
        func resave(_ workbook: String, in folder: TemporaryFolder) throws -> String {
            switch self {
            case .budget:
                return workbook
            case .openpyxl:
                let out = folder.file("openpyxl.xlsx")
                let result = try ExternalTools.resaveWithOpenpyxl(workbook, to: out)
                try #require(result.status == 0, "openpyxl: \(result.stderr)")
                return out
            case .libreoffice:
                let out = folder.file("libreoffice")
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                let result = try ExternalTools.resaveWithLibreOffice(workbook, into: out)
                let saved = out + "/" + URL(fileURLWithPath: workbook).lastPathComponent
                try #require(result.status == 0 && FileManager.default.fileExists(atPath: saved), "soffice: \(result.stdout) \(result.stderr)")
                return saved
            }
        }
    }

    @Test(
        "the sample's draft workbook, as written and as openpyxl and LibreOffice save it again, imports into the sample (--replace) and into a new project with no difference: texts, goals and glossary included",
        arguments: Producer.allCases)
    func sample(_ producer: Producer) throws {
        if let missing = producer.missing {
            // Skipped where the program is missing, but never in CI.
            try #require(!ExternalTools.inCI, "CI needs \(producer.rawValue): \(missing)")
            print("[tests] skipped the \(producer.rawValue) round trip: \(missing)")
            return
        }
        // Given: the sample and its workbook, saved again by the producer
        let folder = TemporaryFolder()
        let original = folder.file("sample.budget")
        try SampleProject.build(at: original)
        // With its roster and standards: the 人员 and 标准 sheets round-trip too.
        try SampleProject.addRoster(at: original)
        let path = folder.file("roundtrip.budget")
        try FileManager.default.copyItem(atPath: original, toPath: path)
        let workbook = try producer.resave(try folder.file("填报.xlsx").withDraft(of: original), in: folder)
        let fresh = folder.file("fresh.budget")
        try ProjectSession.create(at: fresh, department: SampleProject.department)

        // When: imported over the project, and into a new one
        let replaced = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
        let added = try ProjectSession(fresh).importWorkbook(from: workbook, unit: .yuan, replace: false)

        // Then: no difference, either way; the texts, goals and glossary came too
        for result in [replaced, added] {
            #expect(result.parts.suffix(6) == ["情况说明文字", "分项绩效目标", "名词解释", "人员", "标准", "控制数"])
            #expect(result.paragraphs == 17 && result.goals == 11 && result.glossaryEntries == 10)
        }
        let sinceSnapshot = try ProjectSession(path).diff(from: nil, to: nil)
        #expect(
            sinceSnapshot.diff.isEmpty,
            "\(DiffText.render(from: sinceSnapshot.from, to: sinceSnapshot.to, diff: sinceSnapshot.diff, reports: sinceSnapshot.reports))")
        // The new project calculates the same lines from the roster: the workbook's rows that are
        // exactly those lines became them (no line counted twice).
        for project in [path, fresh] {
            let generated = try ProjectSession(project).generatedItems()
            #expect(generated.count == 10 && generated.allSatisfy { $0.item.map($0.record.matches) ?? false }, "\(project)")
        }
        let betweenFiles = try ProjectSession.diff(files: original, fresh)
        #expect(
            betweenFiles.diff.isEmpty,
            "\(DiffText.render(from: betweenFiles.from, to: betweenFiles.to, diff: betweenFiles.diff, reports: betweenFiles.reports))")
        #expect(try ProjectSession(fresh).documentData().texts == ProjectSession(original).documentData().texts)
    }

    // MARK: - The surprises as the clerk met them

    @Test(
        "a purchase removed, then a round trip: diff used to report procurement changes by number (“第 5 行“1” 单价”); now none, and an edit names its row by source and item"
    )
    func procurementByIdentity() throws {
        // Given: the sample without purchase #3, so that the numbers no longer follow the rows
        let folder = TemporaryFolder()
        let path = try SnapshotDiffTests.sample(folder)
        try ProjectSession(path).removeProcurement(ids: [3])
        let workbook = try folder.file("填报.xlsx").withDraft(of: path)

        // When: read back unchanged
        _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)

        // Then: no difference
        let unchanged = try ProjectSession(path).diff(from: nil, to: nil)
        #expect(
            unchanged.diff.isEmpty, "\(DiffText.render(from: unchanged.from, to: unchanged.to, diff: unchanged.diff, reports: unchanged.reports))")

        // When: the price and amount of 政务大厅运行经费's 其他办公用品 (row 6 of the sheet) change
        let book = try XLSXWorkbook(path: workbook)
        let sheet = try #require(book.sheet("政府采购"))
        let row = try #require(
            (2..<20).first { sheet.cell(row: $0, column: 1)?.value == "政务大厅运行经费" && sheet.cell(row: $0, column: 3)?.value == "其他办公用品" })
        let column = { (header: String) in (0..<20).first { sheet.cell(row: 1, column: $0)?.value == header }! }
        try WorkbookEdits.apply(
            [
                .init(sheet: "政府采购", row: row, column: column("单价"), value: .number("50000")),
                .init(sheet: "政府采购", row: row, column: column("一般公共预算拨款"), value: .number("50000")),
                .init(sheet: "政府采购", row: row, column: column("预留中小微企业份额"), value: .number("50000")),
            ], to: workbook)
        _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
        let edited = try ProjectSession(path).diff(from: nil, to: nil)
        let text = DiffText.render(from: edited.from, to: edited.to, diff: edited.diff, reports: edited.reports)

        // Then: the row is named by what is bought for whom, never by a quantity
        #expect(
            edited.diff.other == [
                "政府采购修改：432001 政务大厅运行经费：其他办公用品：单价 100000.00 元 → 50000.00 元；一般公共预算拨款 100000.00 元 → 50000.00 元；预留中小微企业份额 100000.00 元 → 50000.00 元"
            ],
            "\(edited.diff.other)")
        #expect(text.contains("表采购 第 8 行“政务大厅运行经费：其他办公用品” 第 6 栏“单价”：10.00 → 5.00（-5.00）万元"), "\(text)")
        #expect(Set(edited.diff.cells.map(\.rowKey)) == ["total", "unit-432001", "row-432001/政务大厅运行经费/其他办公用品"])
        #expect(!edited.diff.cells.contains { $0.row.contains("“1”") })
    }

    @Test("the asset table's rows are named by their item, not by the figure beside it (an area of “300”)")
    func assetRowsByName() throws {
        let folder = TemporaryFolder()
        let path = try SnapshotDiffTests.sample(folder)
        _ = try ProjectSession(path).setAssets(changes: ["building-area": "300", "building-value": "100"], amountUnit: .wan)
        try ProjectSession(path).saveSnapshot(name: "一上")
        _ = try ProjectSession(path).setAssets(changes: ["building-value": "120"], amountUnit: .wan)

        let diff = try ProjectSession(path).diff(from: nil, to: nil).diff

        #expect(diff.cells.map(\.row) == ["第 2 行“1、房屋（平方米）”"], "\(diff.cells.map(\.row))")
    }

    @Test("a line item removed, then a round trip: the lines keep their numbers and diff finds nothing (it used to report 12 changes)")
    func itemNumbersKept() throws {
        let folder = TemporaryFolder()
        let path = try SnapshotDiffTests.sample(folder)
        try ProjectSession(path).removeItems(ids: [40])
        let before = try ProjectSession(path).items(matching: ProjectSession.ItemQuery()).items
        let workbook = try folder.file("填报.xlsx").withDraft(of: path)

        _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)

        #expect(try ProjectSession(path).items(matching: ProjectSession.ItemQuery()).items == before)
        let result = try ProjectSession(path).diff(from: nil, to: nil)
        #expect(result.diff.isEmpty, "\(DiffText.render(from: result.from, to: result.to, diff: result.diff, reports: result.reports))")
        // A line added in the workbook takes a number no line had: #54, not #40.
        let sheet = try #require(try XLSXWorkbook(path: workbook).sheet("预算明细"))
        let last = 2 + before.count
        try WorkbookEdits.apply(
            (0..<9).compactMap { column in
                sheet.cell(row: 2, column: column).map { cell in
                    WorkbookEdits.Edit(
                        sheet: "预算明细", row: last, column: column, value: cell.kind == .number ? .number(cell.value) : .text(cell.value))
                }
            }, to: workbook)
        _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
        #expect(try ProjectSession(path).diff(from: nil, to: nil).diff.added.map(\.id) == [54])
    }

    @Test(
        "the sample through its draft workbook into a new project: the statement's texts, the goals and the glossary come too (diff listed 7 changes)"
    )
    func textsGoalsGlossary() throws {
        let folder = TemporaryFolder()
        let original = folder.file("sample.budget")
        try SampleProject.build(at: original)
        let workbook = try folder.file("填报.xlsx").withDraft(of: original)
        let copy = folder.file("copy.budget")
        try ProjectSession.create(at: copy, department: SampleProject.department)

        _ = try ProjectSession(copy).importWorkbook(from: workbook, unit: .yuan, replace: false)

        let result = try ProjectSession.diff(files: original, copy)
        #expect(result.diff.isEmpty, "\(result.diff.other)")
        // The statement is the same text.
        #expect(try ProjectSession(copy).narrative(to: nil) == ProjectSession(original).narrative(to: nil))
    }

    @Test("a sheet absent leaves its part as it is; a sheet present replaces it whole, checked first like the other parts")
    func documentSheets() throws {
        let folder = TemporaryFolder()
        let path = try SnapshotDiffTests.sample(folder)
        let document = try ProjectSession(path).documentData()

        // Only the texts, with a paragraph of a section that does not exist and one too long
        let bad = folder.file("bad.xlsx")
        try HandmadeXLSX.write(
            bad,
            [
                HandmadeXLSX.Sheet(
                    "说明文字",
                    table: [
                        ["部分", "段落"], ["部门职责", "新的第一段。"], [nil, "第二段。"], ["目录", "不知道放哪里。"], ["其他需要说明的事项", String(repeating: "长", count: 5_001)],
                    ])
            ])
        let problems = try #require(
            DraftWorkbookTests().refusal { _ = try ProjectSession(path).importWorkbook(from: bad, unit: .yuan, replace: true) })
        #expect(problems.problems.map { "\($0.sheet ?? "")!\($0.cell ?? "")" } == ["说明文字!A4", "说明文字!B5"], "\(problems)")
        #expect(try ProjectSession(path).documentData() == document)

        // The same without the two mistakes: 部门职责 is two paragraphs, every other section empty,
        // goals and glossary as they were.
        let good = folder.file("good.xlsx")
        try HandmadeXLSX.write(good, [HandmadeXLSX.Sheet("说明文字", table: [["部分", "段落"], ["部门职责", "新的第一段。"], [nil, "第二段。\n第三段。"]])])
        let result = try ProjectSession(path).importWorkbook(from: good, unit: .yuan, replace: true)
        let after = try ProjectSession(path).documentData()
        #expect(result.parts == ["情况说明文字"] && result.paragraphs == 3)
        #expect(after.texts == [.duties: ["新的第一段。", "第二段。", "第三段。"]])
        #expect(after.departmentGoals == document.departmentGoals && after.glossary == document.glossary)

        // Without --replace, the project's own texts, goals and glossary are not overwritten.
        let other = folder.file("other.xlsx")
        try HandmadeXLSX.write(
            other,
            [
                HandmadeXLSX.Sheet("目标", table: [["名称", "绩效目标", "绩效指标"], ["一", "目标", "指标"]]),
                HandmadeXLSX.Sheet("名词", table: [["名词", "解释"], ["一般公共预算", "解释"]]),
            ])
        let refused = try #require(
            DraftWorkbookTests().refusal { _ = try ProjectSession(path).importWorkbook(from: other, unit: .yuan, replace: false) })
        #expect(refused.problems.map(\.sheet) == ["目标", "名词"])
    }

    @Test(
        "an exported disclosure imported by mistake gets one message saying what it is and what to use (it used to get 19 to 26 errors about its headers)",
        arguments: [
            ["export"], ["export", "--with-items"], ["export", "--template", "shanghai"], ["export", "--template", "shanghai", "--variant", "unit"],
        ])
    func exportedDisclosure(_ command: [String]) throws {
        // Given: the sample's disclosure workbook, named like a draft
        let folder = TemporaryFolder()
        let path = try SnapshotDiffTests.sample(folder)
        let exported = folder.file("填报.xlsx")
        let export = try runBudget([command[0], path, exported] + command.dropFirst() + ["--force"])
        try #require(export.status == 0, "\(export.stderr)")
        let before = bytes(path)

        // When
        let result = try runBudget(["import", path, exported, "--replace"])

        // Then: one message, exit 1, nothing written
        #expect(result.status == 1)
        #expect(result.stderr.contains("这是预算公开表的工作簿（budget export 导出的那种"), "\(result.stderr)")
        #expect(result.stderr.contains("请用 budget template 生成填报工作簿"))
        #expect(result.stderr.contains("共 1 处问题"), "\(result.stderr)")
        #expect(bytes(path) == before)
    }

    @Test("a draft workbook with a table of the disclosure copied in imports its own sheets and says the copied table was not read")
    func disclosureSheetBesideDraft() throws {
        let folder = TemporaryFolder()
        let path = folder.file("p.budget")
        try SampleProject.empty(at: path)
        let workbook = folder.file("mixed.xlsx")
        try HandmadeXLSX.write(
            workbook,
            [
                HandmadeXLSX.Sheet(
                    "预算明细", table: [DraftWorkbookTests.itemsHeader, ["432001", "2010306", "30201", "基本支出", "一般公共预算拨款", 5000]]),
                HandmadeXLSX.Sheet(
                    "部门政府采购预算",
                    table: [
                        ["部门政府采购预算"], ["432 石家庄高新技术产业开发区行政服务局"], ["单位：万元"],
                        ["政府采购项目来源", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价", "政府采购金额（当年部门预算安排资金）"],
                    ]),
            ])

        let result = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: false)

        #expect(result.items == 1 && result.disclosureSheets == ["部门政府采购预算"] && result.skippedSheets.isEmpty)
    }
}

extension String {
    /// This path, after the draft workbook of the project at `project` was written to it.
    func withDraft(of project: String) throws -> String {
        _ = try ProjectSession(project).writeDraft(to: self)
        return self
    }
}
