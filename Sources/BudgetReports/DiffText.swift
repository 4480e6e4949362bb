import BudgetModel
import Foundation

/// One cell's provenance: the rule that produced it and the line items summed into it.
public struct CellExplanation: Sendable {
    public var table: ReportTable
    public var row: Int
    public var column: Int
    public var value: Fen
    /// The rule that produced the cell, in words, one line each.
    public var rules: [String]
    /// The line items summed into the cell; empty when the cell does not come from line items.
    public var items: [LineItem]
    public var fromItems: Bool
    public var reports: ReportSet
    /// All the items summed into the cell, of which `items` holds the first.
    public var itemCount = 0
    public var itemsTotal: Fen = 0

    public init(
        table: ReportTable, row: Int, column: Int, value: Fen, rules: [String], items: [LineItem], fromItems: Bool, reports: ReportSet
    ) {
        self.table = table
        self.row = row
        self.column = column
        self.value = value
        self.rules = rules
        self.items = items
        self.fromItems = fromItems
        self.reports = reports
    }
}

/// Differences and provenance as text for a terminal, and differences as JSON.
public enum DiffText {
    /// "432001 2010306 30201 基本支出/公用经费 一般公共预算拨款 5.00 元".
    public static func describe(_ item: LineItem) -> String {
        var parts = [
            "#\(item.id ?? 0)", item.unitCode, item.functional, item.economic,
            item.type.chineseName + (item.nature.map { "/" + $0.chineseName } ?? ""),
        ]
        if let project = item.project { parts.append("“\(project)”") }
        parts.append(item.source.chineseName)
        parts.append(Money.formatYuan(item.amount) + " 元")
        if !item.note.isEmpty { parts.append("（\(item.note)）") }
        return parts.joined(separator: " ")
    }

    /// "2092.43 → 2079.13（-13.30）万元"; a change too small to show gets its exact 元 too.
    static func change(_ old: Fen, _ new: Fen, _ reports: ReportSet) -> String {
        let delta = new - old
        if delta == 0 { return "\(reports.format(old)) \(reports.unitName)（不变）" }
        let sign = delta > 0 ? "+" : ""
        var text = "\(reports.format(old)) → \(reports.format(new))（\(sign)\(reports.format(delta))）\(reports.unitName)"
        if reports.displayUnits(delta) == 0 { text += "，即 \(sign)\(Money.formatYuan(delta)) 元" }
        return text
    }

    public static func render(from: String, to: String, diff: ProjectDiff, reports: ReportSet) -> String {
        var out = "比较：\(from) → \(to)\n"
        guard !diff.isEmpty else { return out + "没有差别。\n" }
        if let department = diff.other.first(where: { $0.hasPrefix("部门：") }) {
            out += "注意：两边不是同一个部门或年度（\(department.dropFirst(3))）\n"
        }
        // One screen first: the items, the total, the tables.
        out += "明细：新增 \(diff.added.count) 条，删除 \(diff.removed.count) 条，修改 \(diff.changed.count) 条"
        out += diff.matchedByNumber ? "\n" : "（两个文件的明细编号无关，按内容对应）\n"
        out += "预算合计：\(change(diff.oldTotal, diff.newTotal, reports.forText))\n"
        if !diff.caps.isEmpty {
            let count = { (kind: CapChange.Kind) in diff.caps.filter { $0.kind == kind }.count }
            out += "控制数：新增 \(count(.added)) 项，删除 \(count(.removed)) 项，修改 \(count(.changed)) 项（见下）\n"
        }
        let moved = diff.tables.filter { $0.changedCells > 0 }
        if !moved.isEmpty {
            out += "各表变化：\n"
            var rows: [[String]] = []
            for table in moved {
                let scoped = reports.scoped(to: reports.table(table.table) ?? reports.tables[0])
                let total = table.total.map { "\($0.label.replacing(/^第 \d+ 行/, with: "")) \(change($0.old, $0.new, scoped))" } ?? ""
                rows.append(["  表\(table.table) \(table.title)", "\(table.changedCells) 格", total])
            }
            out += TextRenderer.aligned(rows)
        }
        if !diff.other.isEmpty { out += "其他变化：\(diff.other.count) 处（见下）\n" }
        if !(diff.removed.isEmpty && diff.added.isEmpty && diff.changed.isEmpty) { out += "\n明细变化：\n" }
        for item in diff.removed { out += "  删除 \(describe(item))\n" }
        for item in diff.added { out += "  新增 \(describe(item))\n" }
        for change in diff.changed {
            let fields = change.fields.map { "\($0.field) \($0.old.isEmpty ? "（空）" : $0.old) → \($0.new.isEmpty ? "（空）" : $0.new)" }
            out += "  修改 #\(change.new.id ?? change.old.id ?? 0)：\(fields.joined(separator: "；"))\n"
            out += "       原为 \(describe(change.old))\n"
        }
        if !diff.caps.isEmpty {
            out += "\n控制数变化：\n"
            for change in diff.caps { out += "  \(change.description)\n" }
        }
        if !diff.cells.isEmpty {
            out += "\n表格变化：\n"
            for cell in diff.cells {
                let scoped = reports.scoped(to: reports.table(cell.table) ?? reports.tables[0])
                // Numbers of the newer state; between files numbered apart the older file's are marked 旧.
                let numbers = cell.items.map { "#\($0)" } + cell.oldItems.map { "旧#\($0)" }
                let items =
                    numbers.isEmpty ? "" : "  明细 " + numbers.prefix(12).joined(separator: " ") + (cell.itemCount > 12 ? " 等 \(cell.itemCount) 条" : "")
                out += "  表\(cell.table) \(cell.row) 第 \(cell.column) 栏“\(cell.columnLabel)”：\(change(cell.old, cell.new, scoped))\(items)\n"
            }
        }
        if !diff.other.isEmpty {
            out += "\n其他变化：\n"
            for line in diff.other { out += "  \(line)\n" }
        }
        return out
    }

    struct JSONItem: Encodable {
        var id: Int64?
        var unit, functional, economic, type: String
        var nature, project: String?
        var source: String
        var amountFen: Fen
        var note: String

        enum CodingKeys: CodingKey { case id, unit, functional, economic, type, nature, project, source, amountFen, note }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(unit, forKey: .unit)
            try container.encode(functional, forKey: .functional)
            try container.encode(economic, forKey: .economic)
            try container.encode(type, forKey: .type)
            try container.encode(nature, forKey: .nature)
            try container.encode(project, forKey: .project)
            try container.encode(source, forKey: .source)
            try container.encode(amountFen, forKey: .amountFen)
            try container.encode(note, forKey: .note)
        }

        init(_ item: LineItem) {
            id = item.id
            unit = item.unitCode
            functional = item.functional
            economic = item.economic
            type = item.type.rawValue
            nature = item.nature?.rawValue
            project = item.project
            source = item.source.rawValue
            amountFen = item.amount
            note = item.note
        }
    }

    struct JSONDiff: Encodable {
        struct Changed: Encodable {
            var id: Int64?
            var old: JSONItem
            var new: JSONItem
            var fields: [ProjectDiff.FieldChange]
        }
        struct Cell: Encodable {
            var table, title, rowKey, row: String
            var column, templateColumn: Int
            var columnLabel: String
            var oldFen, newFen, deltaFen: Fen
            var items, oldItems: [Int64]
            var itemCount: Int
        }
        struct Table: Encodable {
            var table, title: String
            var changedCells: Int
            var totalLabel: String?
            var totalOldFen, totalNewFen: Fen?

            enum CodingKeys: CodingKey { case table, title, changedCells, totalLabel, totalOldFen, totalNewFen }
            // Absent values are written as null, so every object has the same keys.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(table, forKey: .table)
                try container.encode(title, forKey: .title)
                try container.encode(changedCells, forKey: .changedCells)
                try container.encode(totalLabel, forKey: .totalLabel)
                try container.encode(totalOldFen, forKey: .totalOldFen)
                try container.encode(totalNewFen, forKey: .totalNewFen)
            }
        }
        var from, to: String
        var equal: Bool
        var matchedByNumber: Bool
        var oldTotalFen, newTotalFen: Fen
        var added, removed: [JSONItem]
        var changed: [Changed]
        var tables: [Table]
        var cells: [Cell]
        var other: [String]
        var caps: [Cap]
    }

    /// A cap's change: which cap (unit "" for the department), and its amount and round on either side (null when absent).
    struct Cap: Encodable {
        var kind, unit, source, type, project, economicClass: String
        var oldFen, newFen: Fen?
        var oldRound, newRound: String?
        var description: String

        enum CodingKeys: CodingKey { case kind, unit, source, type, project, economicClass, oldFen, newFen, oldRound, newRound, description }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            for (key, value) in [(CodingKeys.kind, kind), (.unit, unit), (.source, source), (.type, type), (.project, project)] {
                try container.encode(value, forKey: key)
            }
            try container.encode(economicClass, forKey: .economicClass)
            try container.encode(oldFen, forKey: .oldFen)
            try container.encode(newFen, forKey: .newFen)
            try container.encode(oldRound, forKey: .oldRound)
            try container.encode(newRound, forKey: .newRound)
            try container.encode(description, forKey: .description)
        }

        init(_ change: CapChange) {
            let cap = change.cap
            kind = change.kind.rawValue
            unit = cap.unitCode
            source = cap.source.rawValue
            type = cap.type?.rawValue ?? ""
            project = cap.project
            economicClass = cap.economicClass
            oldFen = change.old?.amount
            newFen = change.new?.amount
            oldRound = change.old?.round
            newRound = change.new?.round
            description = change.description
        }
    }

    public static func json(from: String, to: String, diff: ProjectDiff) -> String {
        let value = JSONDiff(
            from: from, to: to, equal: diff.isEmpty, matchedByNumber: diff.matchedByNumber, oldTotalFen: diff.oldTotal, newTotalFen: diff.newTotal,
            added: diff.added.map(JSONItem.init), removed: diff.removed.map(JSONItem.init),
            changed: diff.changed.map { .init(id: $0.new.id ?? $0.old.id, old: JSONItem($0.old), new: JSONItem($0.new), fields: $0.fields) },
            tables: diff.tables.map {
                .init(
                    table: $0.table, title: $0.title, changedCells: $0.changedCells, totalLabel: $0.total?.label, totalOldFen: $0.total?.old,
                    totalNewFen: $0.total?.new)
            },
            cells: diff.cells.map {
                .init(
                    table: $0.table, title: $0.title, rowKey: $0.rowKey, row: $0.row, column: $0.column, templateColumn: $0.templateColumn,
                    columnLabel: $0.columnLabel, oldFen: $0.old, newFen: $0.new, deltaFen: $0.delta, items: $0.items, oldItems: $0.oldItems,
                    itemCount: $0.itemCount)
            },
            other: diff.other, caps: diff.caps.map(Cap.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// How many items `render(_:)` lists before counting the rest.
    public static let itemListLimit = 200

    public static func render(_ explanation: CellExplanation) -> String {
        let table = explanation.table
        let reports = explanation.reports.scoped(to: table)
        var out =
            "表\(table.id) \(table.title) \(table.rowLabel(explanation.row, column: explanation.column)) 第 \(explanation.column) 栏“\(table.header.columnLabels[explanation.column])”："
        out += "\(reports.format(explanation.value)) \(reports.unitName)（\(Money.formatYuan(explanation.value)) 元）\n"
        for rule in explanation.rules { out += "  \(rule)\n" }
        guard explanation.fromItems else { return out }
        let sum = explanation.itemsTotal
        let agrees = sum == explanation.value ? "，等于本格" : "，与本格相差 \(Money.formatYuan(explanation.value - sum)) 元（见 budget check）"
        guard explanation.itemCount > 0 else { return out + "没有明细计入本格\(agrees)。\n" }
        out += "明细 \(explanation.itemCount) 条，合计 \(Money.formatYuan(sum)) 元\(agrees)：\n"
        for item in explanation.items { out += "  \(describe(item))\n" }
        if explanation.itemCount > explanation.items.count { out += "  ……另有 \(explanation.itemCount - explanation.items.count) 条\n" }
        return out
    }
}
