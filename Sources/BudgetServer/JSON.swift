import BudgetKit
import BudgetModel
import BudgetReports
import Foundation
import Hummingbird

enum JSON {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":"内部错误：无法编码结果"}"#.utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch {
            throw ServerFailure.bad("提交的内容不是有效的 JSON，或缺少必填的字段")
        }
    }
}

/// A line item as the browser shows and sends it back: codes with their names, the amount in
/// 分 (exact) and as 元 the way the CLI prints it.
struct ItemJSON: Codable, Sendable {
    var id: Int64?
    var unit: String
    var functional: String
    var functionalName: String?
    var economic: String
    var economicName: String?
    var type: String
    var typeName: String?
    var nature: String?
    var natureName: String?
    var project: String?
    var source: String
    var sourceName: String?
    var amount: Int64
    var amountText: String?
    var note: String

    init(_ item: LineItem, codes: CodeBook?) {
        id = item.id
        unit = item.unitCode
        functional = item.functional
        functionalName = codes?.name(.functional, item.functional)
        economic = item.economic
        economicName = codes?.name(.economic, item.economic)
        type = item.type.rawValue
        typeName = item.type.chineseName
        nature = item.nature?.rawValue
        natureName = item.nature?.chineseName
        project = item.project
        source = item.source.rawValue
        sourceName = item.source.chineseName
        amount = item.amount
        amountText = Money.groupedYuan(item.amount)
        note = item.note
    }

    /// The line item it stands for (names and the amount's text are only shown).
    var item: LineItem? {
        guard let type = ExpenditureType(rawValue: type), let source = FundingSource(rawValue: source) else { return nil }
        let nature = self.nature.flatMap { $0.isEmpty ? nil : CostNature(rawValue: $0) }
        return LineItem(
            id: id, unitCode: unit, functional: functional, economic: economic, type: type, nature: nature,
            project: project.flatMap { $0.isEmpty ? nil : $0 }, source: source, amount: amount, note: note)
    }
}

/// A report table as the workbook shows it: the title and the lines under it, the header with
/// its merged cells, the 栏次 row, and every body cell as text formatted by ``TextRenderer``
/// (the columns the template hides left out), with the body's merged blocks.
struct TableJSON: Encodable {
    /// A block of cells shown as one: a header cell (with its text), or merged body cells.
    struct Block: Encodable {
        var text: String?
        var row: Int
        var column: Int
        var rowSpan: Int
        var columnSpan: Int
    }
    struct Row: Encodable {
        var key: String
        var total: Bool
        var cells: [String]
    }
    var id: String
    var title: String
    var lines: [String]
    var columnCount: Int
    var headerRows: Int
    var header: [Block]
    var numberRow: [String]
    /// For each shown column, whether it holds amounts (right-aligned, explainable).
    var amountColumns: [Bool]
    /// How many columns of the table are hidden before the shown ones (explain counts them).
    var hidden: Int
    var rows: [Row]
    var merges: [Block]
    var note: String?

    init(_ table: ReportTable, in all: ReportSet) {
        let reports = all.scoped(to: table)
        let shift = reports.hiddenColumns(table)
        id = table.id
        title = table.title
        lines = table.lines(in: reports)
        columnCount = table.columnCount - shift
        headerRows = table.header.rowCount
        header = table.header.cells.compactMap { cell in
            let hidden = max(0, shift - cell.column)
            guard cell.columnSpan > hidden else { return nil }
            return Block(
                text: cell.text, row: cell.row, column: cell.column + hidden - shift, rowSpan: cell.rowSpan, columnSpan: cell.columnSpan - hidden)
        }
        numberRow = table.numberRow
        amountColumns = table.columnKinds.dropFirst(shift).map { $0 == .amount }
        hidden = shift
        rows = table.rows.map { row in
            Row(key: row.key, total: row.level == .total, cells: row.cells.dropFirst(shift).map { TextRenderer.display($0, reports) })
        }
        merges = table.merges.filter { $0.column >= shift }.map {
            Block(row: $0.row, column: $0.column - shift, rowSpan: $0.rowSpan, columnSpan: $0.columnSpan)
        }
        note = table.note
    }
}

struct FindingJSON: Encodable {
    var severity: String
    var check: String
    var text: String
    var table: String?
    var row: String?
    var column: String?
    var items: [Int64]

    init(_ finding: Finding, format: (Fen) -> String) {
        severity = finding.severity.rawValue
        check = finding.check
        text = PageText.forPage(finding.describe(format: format))
        table = finding.table
        row = finding.row
        column = finding.column
        items = Array(finding.items.prefix(200))
    }
}
