import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import Foundation
import HTTPTypes
import Hummingbird

/// The rest of the project in the workbench: snapshots (list, save, restore, and what changed
/// since one), and the parts of the project as pages (units, projects, the statement's texts,
/// procurement, assets, last year's figures, the roster, standards and caps), each read from and
/// written through the resident session (`snapshots`, `saveSnapshot`, `restoreSnapshot`,
/// `diff`, `units`, `projects`, `documentData` …): the server formats, and computes nothing.
extension API {
    func addProjectRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/snapshots", use: answering(snapshots))
        router.post("/api/snapshots", use: answering(saveSnapshot))
        router.post("/api/snapshots/restore", use: answering(restoreSnapshot))
        router.get("/api/diff", use: answering(diff))
        router.get("/api/part", use: answering(part))
        router.get("/api/texts", use: answering(texts))
        router.put("/api/texts", use: answering(setText))
        router.post("/api/units", use: answering(addUnit))
        router.delete("/api/units", use: answering(removeUnit))
        router.patch("/api/projects", use: answering(changeProject))
        router.patch("/api/prior", use: answering(setPrior))
        router.patch("/api/assets", use: answering(setAssets))
        addTransferRoutes(to: router)
    }

    // MARK: - Snapshots

    struct SnapshotJSON: Encodable {
        /// Its number in `budget snapshot list` (1 the oldest).
        var number: Int
        var name: String
        var created: String
        var itemCount: Int
        var totalText: String

        init(_ info: SnapshotInfo, number: Int) {
            self.number = number
            name = info.name
            created = info.created
            itemCount = info.itemCount
            totalText = Money.groupedYuan(info.total)
        }
    }

    func snapshots(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let (list, writes) = try await resident.run { session in (try session.snapshots(), try session.writeCount()) }
        return JSON.response(
            ["snapshots": AnyEncodable(list.enumerated().map { SnapshotJSON($1, number: $0 + 1) }), "writes": AnyEncodable(writes)])
    }

    struct NameJSON: Decodable {
        var name: String
    }

    func saveSnapshot(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let name = try await body(NameJSON.self, of: request).name
        let (saved, writes) = try await write(resident) { session in
            (try session.saveSnapshot(name: name), try session.snapshots().count)
        }
        return JSON.response(
            ["snapshot": AnyEncodable(SnapshotJSON(saved.0, number: saved.1)), "writes": AnyEncodable(writes)], status: .created)
    }

    /// Puts a snapshot back, after saving the project as it was (“恢复“一上”之前（time）”), so
    /// that the restore can be undone too.
    func restoreSnapshot(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let name = try await body(NameJSON.self, of: request).name
        let (saved, writes) = try await write(resident, origin: "restore") { session in try session.restoreSnapshot(name: name).name }
        return JSON.response(["restored": name, "savedAs": saved, "writes": String(writes)])
    }

    /// What changed from a snapshot (`from`; the last one when not given) to another (`to`) or
    /// to the project now: the same comparison `budget diff` prints (its text is `text`), with
    /// each changed cell's figures as its table shows them, by table.
    struct DiffJSON: Encodable {
        struct Item: Encodable {
            /// 新增, 删除 or 修改.
            var kind: String
            var id: Int64?
            /// The line as `budget diff` describes it (the older one for a change).
            var text: String
            var fields: [ProjectDiff.FieldChange]
        }
        struct Cell: Encodable {
            var row: String
            var column: String
            var old: String
            var new: String
            var delta: String
            var items: [Int64]
            var itemCount: Int
        }
        struct Table: Encodable {
            var table: String
            var title: String
            var unit: String
            var cells: [Cell]
        }
        var from: String
        var to: String
        var same: Bool
        var oldTotal: String
        var newTotal: String
        var counts: [String: Int]
        var items: [Item]
        var tables: [Table]
        var other: [String]
        var caps: [String]
        var text: String
    }

    func diff(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? { parameters.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        let (from, to) = (text("from"), text("to"))
        let result = try await resident.run { session in try session.diff(from: from, to: to) }
        return JSON.response(Self.diffJSON(result))
    }

    static func diffJSON(_ result: ProjectSession.DiffResult) -> DiffJSON {
        let (diff, reports) = (result.diff, result.reports)
        var items = diff.removed.map { DiffJSON.Item(kind: "删除", id: $0.id, text: DiffText.describe($0), fields: []) }
        items += diff.added.map { DiffJSON.Item(kind: "新增", id: $0.id, text: DiffText.describe($0), fields: []) }
        items += diff.changed.map {
            DiffJSON.Item(kind: "修改", id: $0.new.id ?? $0.old.id, text: DiffText.describe($0.old), fields: $0.fields)
        }
        var tables: [DiffJSON.Table] = []
        for cell in diff.cells {
            let table = reports.table(cell.table)
            let scoped = table.map { reports.scoped(to: $0) } ?? reports
            let delta = cell.delta
            let shown = DiffJSON.Cell(
                row: cell.row, column: "第 \(cell.column) 栏“\(cell.columnLabel)”", old: scoped.format(cell.old), new: scoped.format(cell.new),
                delta: (delta > 0 ? "+" : "") + (scoped.displayUnits(delta) == 0 ? Money.formatYuan(delta) + " 元" : scoped.format(delta)),
                items: Array(cell.items.prefix(50)), itemCount: cell.itemCount)
            if let index = tables.firstIndex(where: { $0.table == cell.table }) {
                tables[index].cells.append(shown)
            } else {
                tables.append(.init(table: cell.table, title: cell.title, unit: scoped.unitName, cells: [shown]))
            }
        }
        return DiffJSON(
            from: result.from, to: result.to, same: diff.isEmpty, oldTotal: Money.groupedYuan(diff.oldTotal),
            newTotal: Money.groupedYuan(diff.newTotal),
            counts: ["added": diff.added.count, "removed": diff.removed.count, "changed": diff.changed.count, "cells": diff.cells.count],
            items: items, tables: tables, other: diff.other, caps: diff.caps.map(\.description),
            text: DiffText.render(from: result.from, to: result.to, diff: diff, reports: reports))
    }

    // MARK: - The parts of the project, as pages

    /// A part of the project as a list: its columns and rows as the clerk reads them, and, where
    /// a row can be changed or removed, the key that names it (a unit's code, a project's name).
    struct PartJSON: Encodable {
        var part: String
        var title: String
        var columns: [String]
        var rows: [[String]]
        var keys: [String]?
        var note: String?
        var writes: Int64
    }

    static let parts = ["units", "projects", "procurement", "assets", "prior", "roster", "standards", "caps"]

    func part(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let part = request.uri.queryParameters.get("part") ?? ""
        guard Self.parts.contains(part) else { throw ServerFailure.notFound("没有这一部分：\(Shown.text(part))") }
        let answer = try await resident.run { session in try Self.part(part, of: session) }
        return JSON.response(answer)
    }

    static func part(_ part: String, of session: ProjectSession) throws -> PartJSON {
        let yuan = { (fen: Fen?) in fen.map(Money.groupedYuan) ?? "" }
        var answer = PartJSON(part: part, title: "", columns: [], rows: [], writes: try session.writeCount())
        switch part {
        case "units":
            let units = try session.units()
            answer.title = "单位"
            answer.columns = ["单位编码", "单位名称", "单位性质", "单位规格", "经费保障形式"]
            answer.rows = units.map { [$0.code, $0.name, $0.nature.rawValue, $0.level, $0.fundingForm] }
            answer.keys = units.map(\.code)
        case "projects":
            let (list, document) = (try session.projects(), try session.documentData())
            let goals = Dictionary(document.performance.map { ($0.project, $0.goal) }, uniquingKeysWith: { first, _ in first })
            answer.title = "项目"
            answer.columns = ["项目名称", "单位", "类别", "明细条数", "明细合计（元）", "项目金额（申报数，元）", "绩效目标"]
            answer.rows = list.projects.map { summary in
                let project = summary.project
                return [
                    project.name, project.unitCode ?? "", project.kind?.chineseName ?? "", String(summary.itemCount), yuan(summary.total),
                    yuan(document.declaredProjectAmounts[project.name]), goals[project.name] ?? "",
                ]
            }
            answer.keys = list.projects.map(\.project.name)
            answer.note = "合计 \(list.itemCount) 条明细，\(Money.groupedYuan(list.total)) 元。项目的绩效目标表在右边的公开表中。"
        case "procurement":
            let rows = try session.procurement()
            answer.title = "政府采购"
            answer.columns = ["单位", "项目", "预算项目", "采购品目", "目录序号", "计量单位", "数量", "单价（元）", "合计（元）", "预留中小企业份额（元）"]
            answer.rows = rows.map {
                [
                    $0.unitCode, $0.project ?? "", $0.sourceName, $0.item, $0.catalogueCode, $0.measure, $0.quantity, yuan($0.unitPrice),
                    yuan($0.total), yuan($0.smeShare),
                ]
            }
            answer.note = "合计 \(Money.groupedYuan(rows.reduce(0) { $0 + $1.total })) 元。"
        case "assets":
            let assets = try session.documentData().assets
            answer.title = "国有资产占用情况"
            answer.columns = ["项目", "数值"]
            let count = { (value: Int?) in value.map(String.init) ?? "" }
            answer.keys = Self.assetKeys
            answer.rows = [
                ["截止时间", assets.asOf], ["资产总额（元）", yuan(assets.total)], ["房屋面积（平方米）", assets.buildingArea],
                ["办公用房面积（平方米）", assets.officeArea], ["房屋价值（元）", yuan(assets.buildingValue)], ["车辆数", count(assets.vehicleCount)],
                ["车辆价值（元）", yuan(assets.vehicleValue)], ["单价20万元以上设备数", count(assets.equipmentCount)],
                ["单价20万元以上设备价值（元）", yuan(assets.equipmentValue)], ["其他固定资产价值（元）", yuan(assets.otherValue)],
                ["本年拟购置固定资产（元）", assets.plannedPurchase.map(Money.groupedYuan) ?? "（按明细的资本性支出）"],
            ]
        case "prior":
            let prior = try session.documentData().prior
            answer.title = "上年数"
            answer.columns = ["项目", "上年数（元）", "增减原因"]
            answer.rows = PriorItem.allCases.map { [$0.chineseName, prior.amounts[$0].map(Money.groupedYuan) ?? "未填", prior.reasons[$0] ?? ""] }
            answer.keys = PriorItem.allCases.map(\.rawValue)
        case "roster":
            let groups = try session.rosterGroups()
            answer.title = "人员"
            answer.columns = ["单位", "人员类别", "名称", "人数", "编制数", "月数", "基本工资（元）", "津贴补贴（元）", "绩效工资（元）"]
            answer.rows = groups.map {
                [
                    $0.unitCode, $0.category.rawValue, $0.name, String($0.headcount), $0.establishment.map(String.init) ?? "", String($0.months),
                    yuan($0.basicPay), yuan($0.allowances), yuan($0.performancePay),
                ]
            }
            if groups.isEmpty { answer.note = "项目中还没有人员名册（budget roster import）。" }
        case "standards":
            let standards = try session.standards().all
            answer.title = "标准"
            answer.columns = ["标准", "数值", "来源", "依据"]
            answer.rows = standards.map { [$0.standard.name, $0.standard.shownValue, $0.isDefault ? "内置默认" : $0.standard.source, $0.standard.basis] }
        default:
            let caps = try session.caps()
            answer.title = "控制数"
            answer.columns = ["轮次", "收到日期", "单位", "资金来源", "支出类型", "项目", "经济分类", "控制数（元）", "备注"]
            answer.rows = caps.map {
                [
                    $0.round, $0.received, $0.unitCode.isEmpty ? "（全部门）" : $0.unitCode, $0.source.chineseName, $0.type?.chineseName ?? "",
                    $0.project, $0.economicClass, Money.groupedYuan($0.amount), $0.note,
                ]
            }
            if caps.isEmpty { answer.note = "项目中还没有财政部门下达的控制数（budget caps import）。" }
        }
        return answer
    }

    // MARK: - Texts

    struct TextsJSON: Encodable {
        struct Section: Encodable {
            var id: String
            var name: String
            var text: String
        }
        var sections: [Section]
        var writes: Int64
    }

    func texts(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let (document, writes) = try await resident.run { session in (try session.documentData(), try session.writeCount()) }
        return JSON.response(
            TextsJSON(
                sections: TextSection.allCases.map {
                    .init(id: $0.rawValue, name: $0.chineseName, text: (document.texts[$0] ?? []).joined(separator: "\n"))
                }, writes: writes))
    }

    struct TextJSON: Decodable {
        var text: String
    }

    /// A section's paragraphs, one a line, as `budget text set` takes them.
    func setText(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let id = request.uri.queryParameters.get("section") ?? ""
        guard let section = TextSection(rawValue: id) else { throw ServerFailure.notFound("没有这一节文字：\(Shown.text(id))") }
        let text = try await body(TextJSON.self, of: request).text
        let (paragraphs, writes) = try await write(resident) { session in try session.setText(section: section, text: text) }
        return JSON.response(["paragraphs": AnyEncodable(paragraphs.count), "writes": AnyEncodable(writes)])
    }

    // MARK: - Units and projects

    struct UnitJSON: Decodable {
        var code: String
        var name: String
        var nature: String
        var level: String?
        var fundingForm: String?
    }

    func addUnit(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let given = try await body(UnitJSON.self, of: request)
        guard let nature = Vocabulary.unitNature(given.nature) else {
            throw InputProblem(column: "单位性质", value: given.nature, message: "单位性质应为 行政、事业 或 参公")
        }
        let unit = BudgetUnit(code: given.code, name: given.name, nature: nature, level: given.level ?? "", fundingForm: given.fundingForm ?? "")
        let (added, writes) = try await write(resident) { session in try session.addUnit(unit) }
        return JSON.response(["unit": added.code, "writes": String(writes)], status: .created)
    }

    func removeUnit(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        guard let code = request.uri.queryParameters.get("code"), !code.isEmpty else { throw ServerFailure.bad("请指明单位编码（code）") }
        let (_, writes) = try await write(resident) { session in try session.removeUnit(code: code) }
        return JSON.response(["removed": code, "writes": String(writes)])
    }

    /// One change of a project, as `project rename` or `project set --amount` makes it: a new
    /// name, or its declared amount (in 元 unless `amountUnit` says 万元; "" clears it).
    struct ProjectChangeJSON: Decodable {
        var name: String
        var rename: String?
        var amount: String?
        var amountUnit: String?
    }

    func changeProject(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let change = try await body(ProjectChangeJSON.self, of: request)
        let unit = try Self.amountUnit(change.amountUnit)
        switch (change.rename, change.amount) {
        case (let newName?, nil):
            let (_, writes) = try await write(resident) { session in try session.renameProject(name: change.name, to: newName) }
            return JSON.response(["project": newName, "writes": String(writes)])
        case (nil, let amount?):
            let (declared, writes) = try await write(resident) { session in
                try session.setProject(name: change.name, goal: nil, amount: amount, amountUnit: unit)
            }
            var answer = ["project": change.name, "writes": String(writes)]
            if let declared {
                answer["amount"] = "\(Money.groupedYuan(declared.amount)) 元（\(Money.formatWan(declared.amount)) 万元）"
                if declared.looksLikeWan { answer["warning"] = "提醒：这个金额以元计，比项目明细的合计小得多，是不是想填万元？" }
            }
            return JSON.response(answer)
        default:
            throw ServerFailure.bad("一次只改一项：新名称（rename）或项目金额（amount）")
        }
    }
}

extension API {
    // MARK: - Last year's figures and assets

    /// The fields of the assets, in the order the assets page lists them, as `budget asset set`
    /// names them.
    static let assetKeys = [
        "as-of", "total", "building-area", "office-area", "building-value", "vehicles", "vehicle-value", "equipment", "equipment-value",
        "other-value", "planned",
    ]

    /// Last year's figure and/or the reason of one item, as `budget prior set` takes them (nil
    /// leaves a part, "" clears it; the amount in 元 unless `amountUnit` says 万元).
    struct PriorJSON: Decodable {
        var item: String
        var amount: String?
        var reason: String?
        var amountUnit: String?
    }

    func setPrior(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let given = try await body(PriorJSON.self, of: request)
        guard let item = PriorItem(rawValue: given.item) else { throw ServerFailure.bad("没有这一项上年数：\(Shown.text(given.item))") }
        let unit = try Self.amountUnit(given.amountUnit)
        let (_, writes) = try await write(resident) { session in
            try session.setPrior(item: item, amount: given.amount, reason: given.reason, amountUnit: unit)
        }
        return JSON.response(["item": item.chineseName, "writes": String(writes)])
    }

    /// Fields of the assets, as `budget asset set` takes them ("" clears one).
    struct AssetsJSON: Decodable {
        var changes: [String: String]
        var amountUnit: String?
    }

    func setAssets(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let given = try await body(AssetsJSON.self, of: request)
        if let unknown = given.changes.keys.sorted().first(where: { !Self.assetKeys.contains($0) }) {
            throw ServerFailure.bad("不认识的资产字段：\(Shown.text(unknown))")
        }
        let unit = try Self.amountUnit(given.amountUnit)
        let (_, writes) = try await write(resident) { session in try session.setAssets(changes: given.changes, amountUnit: unit) }
        return JSON.response(["writes": String(writes)])
    }
}

/// Any encodable value, for answers put together from a few values of different types.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
