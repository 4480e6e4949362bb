import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

// What changed between two states of a project.
extension ProjectSession {
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
        guard let image else { throw Self.unknownSnapshot(name, info) }
        let created = info.first { $0.name == name }?.created ?? ""
        return (try ProjectFile.image(image, name: "快照“\(name)”"), "快照“\(name)”（\(created)）")
    }

    /// Compares two states of a project: `from` a snapshot (the last one when nil) `to` another
    /// snapshot or, when nil, the project as it is now.
    public func diff(from: String?, to: String?, template: String? = nil, variant: String? = nil) throws -> DiffResult {
        let project = projectFile
        // Snapshots may be given by their number in `snapshot list`.
        let listed = try project.read { try $0.snapshots() }
        var from = from.map { Self.snapshotName($0, among: listed) }
        let to = to.map { Self.snapshotName($0, among: listed) }
        if from == nil {
            // The last snapshot, or, when comparing up to that one, the one before it.
            let known = try project.read { try $0.snapshots() }
            let candidates = known.filter { $0.name != to }
            guard let last = candidates.last else {
                throw known.isEmpty
                    ? Self.unknownSnapshot("（最近的快照）", known)
                    : InputProblem(column: "--from", message: "“\(to ?? "")”之前没有别的快照可比较：请用 --from 指定")
            }
            from = last.name
        }
        if from == to {
            throw InputProblem(column: "--from", value: from, message: "--from 和 --to 是同一个快照")
        }
        let (old, oldName) = try Self.side(project, snapshot: from)
        let (new, newName) = try Self.side(project, snapshot: to)
        return try Self.compare(old, oldName, new, newName, template: template, variant: variant)
    }

    /// Compares two project files (e.g. the 一上 file and the 二上 file).
    public static func diff(files a: String, _ b: String, template: String? = nil, variant: String? = nil) throws -> DiffResult {
        try Self.compare(try ProjectFile.open(at: a), a, try ProjectFile.open(at: b), b, template: template, variant: variant)
    }

    static func compare(
        _ old: ProjectFile, _ oldName: String, _ new: ProjectFile, _ newName: String, template choice: String?, variant: String?
    ) throws -> DiffResult {
        // Both sides in the newer side's layout, so that their cells line up.
        let template = try Templates.resolve(new, choice: choice, variant: variant)
        let before = try compose(old, using: template)
        let after = try compose(new, using: template)
        let (a, b) = (try Self.contents(old, path: oldName), try Self.contents(new, path: newName))
        var diff = ProjectDiff.compute(old: a.snapshot.items, new: b.snapshot.items, oldReports: before.reports, newReports: after.reports)
        diff.other = Self.otherChanges(a, b)
        diff.caps = CapChange.changes(old: a.document.caps, new: b.document.caps)
        return DiffResult(from: oldName, to: newName, diff: diff, reports: after.reports)
    }
}

extension ProjectSession {
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
        /// Warnings the clerk confirmed: carried by `merge`; not a difference for `diff`, which
        /// compares the budget (a project read back from its draft workbook has none).
        var confirmations: [Confirmation] = []
        /// What the 基本支出 calculation made, by item number: carried by `merge`.
        var generated: [GeneratedRecord] = []
        /// How many writes of this tool the file had when read (``ProjectReader/writeCount()``).
        var writes: Int64 = 0

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
    static let settingKeys = ["template", "template-variant", TableSettings.yuanDecimalsKey, TableSettings.emptyNotesKey]

    /// A setting's name, for the clerk.
    static func settingName(_ key: String) -> String {
        switch key {
        case "template": "默认模板"
        case "template-variant": "默认模板的版本"
        case TableSettings.yuanDecimalsKey: "以元为单位的表的小数位"
        case TableSettings.emptyNotesKey: "空表说明"
        default: key
        }
    }

    /// With `items` false, the snapshot has no line items (read apart, as a rollover does), and
    /// `writes` says which state of the file the rest was read in.
    static func contents(_ project: ProjectFile, path: String, items: Bool = true) throws -> Contents {
        try project.read { reader in
            var settings: [String: String] = [:]
            for key in Self.settingKeys { settings[key] = try reader.setting(key) }
            let snapshot = items ? try reader.snapshot() : try reader.snapshotWithoutItems()
            var contents = Contents(
                path: path, snapshot: snapshot, document: try reader.document(),
                bureauCodes: try reader.codeNames(origin: .bureau), userCodes: try reader.codeNames(origin: .user),
                glossaryIsStandard: try reader.glossaryIsStandard(), settings: settings, confirmations: try reader.confirmations(),
                generated: try reader.generatedRecords())
            contents.writes = try reader.writeCount()
            return contents
        }
    }

    /// The purchases added, removed and changed, each named as the procurement table names its
    /// row (unit, source and item, never its number, which an import changes), with the fields
    /// that changed.
    static func procurementChanges(_ old: [ProcurementRow], _ new: [ProcurementRow]) -> [String] {
        let (oldIDs, newIDs) = (ProcurementRow.identities(old), ProcurementRow.identities(new))
        let oldByKey = Dictionary(zip(oldIDs.map(\.key), old), uniquingKeysWith: { a, _ in a })
        let newKeys = Set(newIDs.map(\.key))
        let yuan = { (fen: Fen?) in fen.map { Money.formatYuan($0) + " 元" } ?? "（空）" }
        func fields(_ a: ProcurementRow, _ b: ProcurementRow) -> [String] {
            var out: [String] = []
            func add(_ name: String, _ x: String, _ y: String) {
                if x != y { out.append("\(name) \(x.isEmpty ? "（空）" : x) → \(y.isEmpty ? "（空）" : y)") }
            }
            add("预算资金", a.project == nil ? yuan(a.sourceBudget) : "", b.project == nil ? yuan(b.sourceBudget) : "")
            add("政府采购目录序号", a.catalogueCode, b.catalogueCode)
            add("计量单位", a.measure, b.measure)
            add("数量", a.quantity, b.quantity)
            add("单价", yuan(a.unitPrice), yuan(b.unitPrice))
            for funding in ProcurementFunding.allCases { add(funding.chineseName, yuan(a.amounts[funding] ?? 0), yuan(b.amounts[funding] ?? 0)) }
            add("预留中小微企业份额", yuan(a.smeShare), yuan(b.smeShare))
            return out
        }
        var out: [String] = []
        for (row, identity) in zip(new, newIDs) {
            guard let before = oldByKey[identity.key] else {
                out.append("政府采购新增：\(row.unitCode) \(identity.label)（\(yuan(row.total))）")
                continue
            }
            let changed = fields(before, row)
            if !changed.isEmpty { out.append("政府采购修改：\(row.unitCode) \(identity.label)：\(changed.joined(separator: "；"))") }
        }
        for (row, identity) in zip(old, oldIDs) where !newKeys.contains(identity.key) {
            out.append("政府采购删除：\(row.unitCode) \(identity.label)（\(yuan(row.total))）")
        }
        if out.isEmpty && oldIDs.map(\.key) != newIDs.map(\.key) { out.append("政府采购的行序有改动") }
        return out
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
            [$0.unitCode.map { "单位 \($0)" }, $0.kind.map { "类别 " + $0.chineseName }].compactMap { $0 }.joined(separator: " ")
                + ($0.note.isEmpty ? "" : "（\($0.note)）")
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
        for project in Set(x.projectTexts.keys).union(y.projectTexts.keys).sorted() where x.projectTexts[project] != y.projectTexts[project] {
            out.append("项目“\(project)”的项目经费情况说明有改动")
        }
        compare("功能科目说明（主要用于、上年数、增减原因）", x.lineNotes, y.lineNotes) { note in
            [note.purpose, note.prior.map { "上年 " + Money.formatYuan($0) + " 元" } ?? "", note.reason].filter { !$0.isEmpty }.joined(separator: "；")
        }
        compare("经济分类款的上年数", x.economicNotes, y.economicNotes) { note in
            [note.prior.map { "上年 " + Money.formatYuan($0) + " 元" } ?? "", note.reason].filter { !$0.isEmpty }.joined(separator: "；")
        }
        out += Self.procurementChanges(x.procurement, y.procurement)
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
        for key in Self.settingKeys where a.settings[key] != b.settings[key] {
            let show = { (value: String?) in value.map { $0.count > 40 ? "（模板文件）" : $0 } ?? "（未设）" }
            out.append("\(Self.settingName(key))：\(show(a.settings[key])) → \(show(b.settings[key]))")
        }
        out += Self.rosterChanges(a, b)
        return out
    }
}
