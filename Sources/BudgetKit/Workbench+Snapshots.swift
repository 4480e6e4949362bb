import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

extension Workbench {
    // MARK: - Snapshots

    /// "2026-11-25 20:31:07" in local time.
    static func now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date())
    }

    /// Saves the project as it is now under a new name (一上, 二上 …), inside the project file.
    @discardableResult
    public static func saveSnapshot(_ path: String, name: String) throws -> SnapshotInfo {
        // Counted as the file counts it (code points), so that the undo snapshot's name fits too.
        if name.unicodeScalars.count > 60 {
            throw InputProblem(column: "快照名称", value: name, message: "快照名称太长：最多 60 个字")
        }
        if let problem = TextRules.nameProblem(name) {
            throw InputProblem(column: "快照名称", value: name, message: "快照名称" + problem)
        }
        if name != name.trimmingCharacters(in: .whitespacesAndNewlines) {
            throw InputProblem(column: "快照名称", value: name, message: "快照名称的开头或结尾有空格：请去掉，以免两个快照看起来同名")
        }
        return try ProjectFile.open(at: path).write { try $0.saveSnapshot(name, created: now()) }
    }

    public static func snapshots(_ path: String) throws -> [SnapshotInfo] {
        try ProjectFile.open(at: path).read { try $0.snapshots() }
    }

    /// Puts a snapshot's contents back, in one transaction, after saving the current state as a
    /// new snapshot so that the restore can itself be undone. Returns that new snapshot.
    public static func restoreSnapshot(_ path: String, name: String) throws -> SnapshotInfo {
        try ProjectFile.open(at: path).write { writer in
            guard let image = try writer.reader.snapshotImage(name) else { throw unknownSnapshot(name, try writer.reader.snapshots()) }
            let saved = try saveBefore("恢复", name, writer)
            try writer.restore(image: image, name: "快照“\(name)”")
            return saved
        }
    }

    /// Saves the project, inside the transaction of a change that replaces much of it, as
    /// “恢复“一上”之前（time）” or “导入“填报.xlsx”之前（time）”, so that the change can be undone.
    /// The subject is cut to 60 code points: the name stays under the file's limit of 100.
    static func saveBefore(_ action: String, _ subject: String, _ writer: ProjectWriter) throws -> SnapshotInfo {
        let existing = Set(try writer.reader.snapshots().map(\.name))
        let stamp = now()
        let shown = subject.unicodeScalars.count > 60 ? String(String.UnicodeScalarView(subject.unicodeScalars.prefix(60))) + "…" : subject
        var name = "\(action)“\(shown)”之前（\(stamp)）"
        var counter = 2
        while existing.contains(name) {
            name = "\(action)“\(shown)”之前（\(stamp)）\(counter)"
            counter += 1
        }
        return try writer.saveSnapshot(name, created: stamp)
    }

    public static func removeSnapshot(_ path: String, name: String) throws {
        try ProjectFile.open(at: path).write { writer in
            if try !writer.removeSnapshot(name) { throw unknownSnapshot(name, try writer.reader.snapshots()) }
        }
    }

    static func unknownSnapshot(_ name: String, _ known: [SnapshotInfo]) -> InputProblem {
        InputProblem(
            column: "快照名称", value: name,
            message: known.isEmpty ? "项目中还没有快照：请先用 budget snapshot save 保存" : "没有这个快照；已有：\(known.map(\.name).joined(separator: "、"))")
    }

    // MARK: - Differences

    public struct DiffResult: Sendable {
        /// "快照“一上”（2026-11-25 20:31:07）", "当前项目", or a file's path.
        public var from: String
        public var to: String
        public var diff: ProjectDiff
        /// The newer side's tables: for formatting amounts and naming tables.
        public var reports: ReportSet
    }

    /// One side of a comparison: the project now, or one of its snapshots.
    static func side(_ project: ProjectFile, snapshot name: String?) throws -> (ProjectFile, String) {
        guard let name else { return (project, "当前项目") }
        let (image, info) = try project.read { reader -> (Data?, [SnapshotInfo]) in (try reader.snapshotImage(name), try reader.snapshots()) }
        guard let image else { throw unknownSnapshot(name, info) }
        let created = info.first { $0.name == name }?.created ?? ""
        return (try ProjectFile.image(image, name: "快照“\(name)”"), "快照“\(name)”（\(created)）")
    }

    /// Compares two states of a project: `from` a snapshot (the last one when nil) `to` another
    /// snapshot or, when nil, the project as it is now.
    public static func diff(_ path: String, from: String?, to: String?, template: String? = nil, variant: String? = nil) throws -> DiffResult {
        let project = try ProjectFile.open(at: path)
        var from = from
        if from == nil {
            // The last snapshot, or, when comparing up to that one, the one before it.
            let known = try project.read { try $0.snapshots() }
            let candidates = known.filter { $0.name != to }
            guard let last = candidates.last else {
                throw known.isEmpty
                    ? unknownSnapshot("（最近的快照）", known)
                    : InputProblem(column: "--from", message: "“\(to ?? "")”之前没有别的快照可比较：请用 --from 指定")
            }
            from = last.name
        }
        if from == to {
            throw InputProblem(column: "--from", value: from, message: "--from 和 --to 是同一个快照")
        }
        let (old, oldName) = try side(project, snapshot: from)
        let (new, newName) = try side(project, snapshot: to)
        return try compare(old, oldName, new, newName, template: template, variant: variant)
    }

    /// Compares two project files (e.g. the 一上 file and the 二上 file).
    public static func diff(files a: String, _ b: String, template: String? = nil, variant: String? = nil) throws -> DiffResult {
        try compare(try ProjectFile.open(at: a), a, try ProjectFile.open(at: b), b, template: template, variant: variant)
    }

    static func compare(
        _ old: ProjectFile, _ oldName: String, _ new: ProjectFile, _ newName: String, template choice: String?, variant: String?
    ) throws -> DiffResult {
        // Both sides in the newer side's layout, so that their cells line up.
        let template = try template(new, choice: choice, variant: variant)
        let before = try compose(old, using: template)
        let after = try compose(new, using: template)
        let (a, b) = (try contents(old, path: oldName), try contents(new, path: newName))
        var diff = ProjectDiff.compute(old: a.snapshot.items, new: b.snapshot.items, oldReports: before.reports, newReports: after.reports)
        diff.other = otherChanges(a, b)
        return DiffResult(from: oldName, to: newName, diff: diff, reports: after.reports)
    }

    // MARK: - Provenance of a number

    /// The line items summed into one cell of a table, and the rule that produced it.
    /// `table` is a number or a title, `row` a code, a row key or the row's label, `column` a
    /// column number (序号 = 0, as the 栏次 row counts) or the column's label.
    public static func explain(
        _ path: String, table query: String, row rowQuery: String, column columnQuery: String, template: String? = nil, variant: String? = nil
    ) throws -> CellExplanation {
        let project = try ProjectFile.open(at: path)
        let document = try compose(project, template: template, variant: variant)
        let reports = document.reports
        let found = reports.find(query)
        guard let table = found.first, found.count == 1 else {
            throw InputProblem(
                column: "表", value: query,
                message: found.isEmpty
                    ? "没有这张表；表有：\(reports.tables.map { "\($0.id) \($0.title)" }.joined(separator: "、"))"
                    : "有几张表符合：\(found.map { "\($0.id) \($0.title)" }.joined(separator: "、"))；请写表的编号")
        }
        let column = try explainColumn(table, columnQuery)
        let row = try explainRow(table, rowQuery, column: column)
        let cell = table.rows[row].cells[column]
        var rules: [String] = []
        let filters = table.itemFilters(row: row, column: column)
        switch cell {
        case .sum(_, let refs):
            let parts = refs.prefix(12).map {
                "\(table.rowLabel($0.row, column: $0.column)) 第 \($0.column) 栏（\(reports.scoped(to: table).format(table.rows[$0.row].cells[$0.column].amount ?? 0))）"
            }
            rules.append("合计：本表 \(parts.joined(separator: " + "))\(refs.count > 12 ? " 等 \(refs.count) 格" : "") 之和；工作簿中是 SUM 公式")
            if let own = table.filter(row: row, column: column) {
                rules.append("另由明细独立计算，检查时两者必须相等：\(own.summary)")
            }
        case .amount:
            if let own = table.filter(row: row, column: column) {
                rules.append("取数：\(own.summary)")
            } else {
                rules.append("本格不是由预算明细汇总的（来自该表自己的数据）")
            }
        default:
            rules.append("本格没有金额")
        }
        // The identities this cell takes part in.
        let key = (table.listedColumns.contains(column) ? table.listedKeys[row] : nil) ?? table.rows[row].key
        for identity in reports.template.identities {
            for (this, other) in [(identity.left, identity.right), (identity.right, identity.left)]
            where this.table == table.id && this.column == table.templateColumn(column) {
                let rows = this.table == identity.left.table && this.column == identity.left.column ? identity.leftRows : identity.rightRows
                if rows.contains(key) { rules.append("核对：\(identity.name)（与表\(other.table) 第 \(other.column) 栏）") }
            }
        }
        // The first items in full, the rest counted: a 合计 of a million items prints 200.
        var items: [LineItem] = []
        var count = 0
        var sum: Fen = 0
        if !filters.isEmpty {
            try project.read { reader in
                try reader.forEachItem { item in
                    guard filters.contains(where: { $0.matches(item) }) else { return }
                    count += 1
                    sum += item.amount
                    if items.count < DiffText.itemListLimit { items.append(item) }
                }
            }
        }
        var explanation = CellExplanation(
            table: table, row: row, column: column, value: cell.amount ?? 0, rules: rules, items: items, fromItems: !filters.isEmpty,
            reports: reports)
        explanation.itemCount = count
        explanation.itemsTotal = sum
        return explanation
    }

    static func explainColumn(_ table: ReportTable, _ query: String) throws -> Int {
        let labels = table.header.columnLabels
        let amounts = labels.indices.filter { table.columnKinds[$0] == .amount }
        guard !amounts.isEmpty else { throw InputProblem(column: "表", value: table.id, message: "这张表没有金额栏") }
        let listing = amounts.map { "\($0) \(labels[$0])" }.joined(separator: "、")
        if let number = Int(query) {
            guard amounts.contains(number) else {
                throw InputProblem(column: "栏", value: query, message: "不是这张表的金额栏；金额栏有：\(listing)")
            }
            return number
        }
        // The whole label, its end, or, failing those, any part of it ("机关运行经费" for "机关运行经费预算数").
        let exact = amounts.filter { labels[$0] == query }
        let ending = amounts.filter { labels[$0].hasSuffix("·" + query) || labels[$0].hasSuffix(query) }
        let matches = !exact.isEmpty ? exact : !ending.isEmpty ? ending : amounts.filter { labels[$0].contains(query) }
        guard let first = matches.first, matches.count == 1 else {
            throw InputProblem(
                column: "栏", value: query,
                message: matches.isEmpty ? "这张表没有这一栏；金额栏有：\(listing)" : "有几栏符合：\(matches.map { "\($0) \(labels[$0])" }.joined(separator: "、"))；请写栏的编号"
            )
        }
        return first
    }

    static func explainRow(_ table: ReportTable, _ query: String, column: Int) throws -> Int {
        if let index = table.rowIndex(query, column: column) { return index }
        // A row's 序号 (as printed in the 序号 column, or its place in a table without one).
        if let number = Int(query), !query.hasPrefix("0"), query.count < 3, table.rows.indices.contains(number - 1) { return number - 1 }
        // A label: the row's name, or the label left of the column in a two-sided table.
        let matches = table.rows.indices.filter { index in
            let label = table.rowLabel(index, column: column)
            return label.hasSuffix("“\(query)”") || label.hasSuffix(" \(query)”") || label.contains("“\(query) ")
                || table.rows[index].cells.contains { $0.text == query }
        }
        guard let first = matches.first, matches.count == 1 else {
            throw InputProblem(
                column: "行", value: query,
                message: matches.isEmpty
                    ? "这张表没有这一行：请写科目编码（如 30226）、行的名称（如 合计）或行的序号"
                    : "有几行符合：\(matches.map { table.rowLabel($0, column: column) }.joined(separator: "、"))；请写科目编码")
        }
        return first
    }
}

extension Workbench {
    /// Everything a project file holds but its snapshots, read in one transaction: one side of
    /// a diff, or one file of a merge.
    struct Contents {
        var path: String
        var snapshot: ProjectSnapshot
        var document: DocumentData
        var bureauCodes: [CatalogEntry]
        var userCodes: [CatalogEntry]
        var glossaryIsStandard: Bool
        /// The project's default template and its version, by setting key.
        var settings: [String: String]

        /// Names given to codes (the bureau's and the users'), by “kind code”.
        var codeNames: [String: String] {
            var out: [String: String] = [:]
            for entry in bureauCodes + userCodes where out["\(entry.kind.chineseName) \(entry.code)"] == nil {
                out["\(entry.kind.chineseName) \(entry.code)"] = entry.name
            }
            return out
        }
    }

    /// The settings a project keeps besides the 机关运行经费 scope (which is in its document).
    static let settingKeys = ["template", "template-variant"]

    static func contents(_ project: ProjectFile, path: String) throws -> Contents {
        try project.read { reader in
            var settings: [String: String] = [:]
            for key in settingKeys { settings[key] = try reader.setting(key) }
            return Contents(
                path: path, snapshot: try reader.snapshot(), document: try reader.document(),
                bureauCodes: try reader.codeNames(origin: .bureau), userCodes: try reader.codeNames(origin: .user),
                glossaryIsStandard: try reader.glossaryIsStandard(), settings: settings)
        }
    }

    /// The changes between two sides that are not amounts, one line each.
    static func otherChanges(_ a: Contents, _ b: Contents) -> [String] {
        var out: [String] = []
        let (da, db) = (a.snapshot.department, b.snapshot.department)
        if da != db {
            out.append("部门：\(da.code) \(da.name) \(da.year) 年 → \(db.code) \(db.name) \(db.year) 年")
        }
        func compare<T: Equatable>(_ what: String, _ old: [String: T], _ new: [String: T], describe: (T) -> String) {
            for key in Set(old.keys).union(new.keys).sorted() {
                switch (old[key], new[key]) {
                case (nil, let value?): out.append("\(what)新增：\(key) \(describe(value))")
                case (let value?, nil): out.append("\(what)删除：\(key) \(describe(value))")
                case (let x?, let y?) where x != y: out.append("\(what)修改：\(key) \(describe(x)) → \(describe(y))")
                default: break
                }
            }
        }
        compare(
            "单位", Dictionary(a.snapshot.units.map { ($0.code, $0) }, uniquingKeysWith: { x, _ in x }),
            Dictionary(b.snapshot.units.map { ($0.code, $0) }, uniquingKeysWith: { x, _ in x })
        ) {
            "\($0.name)（\($0.nature.rawValue)，\($0.level)，\($0.fundingForm)）"
        }
        compare(
            "项目", Dictionary(a.snapshot.projects.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x }),
            Dictionary(b.snapshot.projects.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        ) {
            ($0.unitCode.map { "单位 \($0)" } ?? "") + ($0.note.isEmpty ? "" : "（\($0.note)）")
        }
        compare("科目名称", a.codeNames, b.codeNames) { "“\($0)”" }
        let (x, y) = (a.document, b.document)
        for section in TextSection.allCases where (x.texts[section] ?? []) != (y.texts[section] ?? []) {
            out.append("\(section.chineseName)：文字有改动（\((x.texts[section] ?? []).count) 段 → \((y.texts[section] ?? []).count) 段）")
        }
        if x.departmentGoals != y.departmentGoals { out.append("部门分项绩效目标有改动（\(x.departmentGoals.count) 项 → \(y.departmentGoals.count) 项）") }
        let oldTargets = Dictionary(x.performance.map { ($0.project, $0) }, uniquingKeysWith: { first, _ in first })
        for target in y.performance {
            guard let before = oldTargets[target.project] else { continue }
            if before.goal != target.goal { out.append("项目“\(target.project)”的绩效目标有改动") }
            if before.indicators != target.indicators {
                out.append("项目“\(target.project)”的绩效指标有改动（\(before.indicators.count) 行 → \(target.indicators.count) 行）")
            }
        }
        compare("项目金额（申报数）", x.declaredProjectAmounts, y.declaredProjectAmounts) { Money.formatYuan($0) + " 元" }
        let stripped = { (rows: [ProcurementRow]) in
            rows.map { row -> ProcurementRow in
                var copy = row
                copy.id = nil
                return copy
            }
        }
        if stripped(x.procurement) != stripped(y.procurement) {
            out.append("政府采购预算有改动（\(x.procurement.count) 条 → \(y.procurement.count) 条）")
        }
        if x.assets != y.assets { out.append("固定资产占用情况有改动") }
        for item in PriorItem.allCases {
            if x.prior.amounts[item] != y.prior.amounts[item] {
                let show = { (fen: Fen?) in fen.map { Money.formatYuan($0) + " 元" } ?? "未填" }
                out.append("上年数“\(item.chineseName)”：\(show(x.prior.amounts[item])) → \(show(y.prior.amounts[item]))")
            }
            if x.prior.reasons[item] != y.prior.reasons[item] { out.append("上年数“\(item.chineseName)”的增减原因有改动") }
        }
        if x.glossary != y.glossary { out.append("名词解释有改动（\(x.glossary.count) 条 → \(y.glossary.count) 条）") }
        if x.operationCostScope != y.operationCostScope {
            out.append("机关运行经费口径：\(x.operationCostScope.chineseName) → \(y.operationCostScope.chineseName)")
        }
        for (key, name) in zip(settingKeys, ["默认模板", "默认模板的版本"]) where a.settings[key] != b.settings[key] {
            let show = { (value: String?) in value.map { $0.count > 40 ? "（模板文件）" : $0 } ?? "（未设）" }
            out.append("\(name)：\(show(a.settings[key])) → \(show(b.settings[key]))")
        }
        return out
    }
}
