import BudgetKit
import BudgetModel
import Foundation
import Hummingbird

/// The grid's requests beyond one line at a time: a block of rows pasted from a spreadsheet
/// (all or nothing), several lines removed at once (each as it was shown), the items of one
/// cell of a table, and the codes a code cell may take. Each is one session method.
extension API {
    /// The most codes one search returns.
    static let codeLimit = 50

    func addGridRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/items/batch", use: answering(addItems))
        router.post("/api/items/remove", use: answering(removeItems))
        router.get("/api/cell-items", use: answering(cellItems))
        router.get("/api/codes", use: answering(codes))
    }

    /// Rows to add: the text pasted (tab-separated, as Excel and WPS copy it), or rows as field
    /// values (what an undone removal puts back); amounts in 元 unless `amountUnit` says 万元.
    struct BatchJSON: Decodable {
        var text: String?
        var rows: [[String: String]]?
        var amountUnit: String?
    }

    struct BatchResultJSON: Encodable {
        var items: [ItemJSON]
        var count: Int
        var totalText: String
        var writes: Int64
    }

    func addItems(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let batch = try await body(BatchJSON.self, of: request)
        let unit = try Self.amountUnit(batch.amountUnit)
        let rows = try batch.rows.map { rows in try rows.map { ItemRow(line: nil, values: try Self.columns($0)) } }
        guard batch.text != nil || rows != nil else { throw ServerFailure.bad("请求缺少要添加的内容（text 或 rows）") }
        let text = batch.text
        let ((items, codes), writes) = try await write(resident) { session in
            let items =
                if let rows { try session.addItems(rows: rows, amountUnit: unit) } else {
                    try session.addItems(pasted: text ?? "", amountUnit: unit)
                }
            return (items, try session.codeBook())
        }
        let total = items.reduce(Fen(0)) { $0 + $1.amount }
        return JSON.response(
            BatchResultJSON(
                items: items.map { ItemJSON($0, codes: codes) }, count: items.count, totalText: Money.groupedYuan(total), writes: writes),
            status: .created)
    }

    struct RemoveManyJSON: Decodable {
        var seen: [ItemJSON]
    }

    /// Removes the lines as the page showed them: none is removed when any was changed or
    /// removed since (409 with its fresh value).
    func removeItems(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let remove = try await body(RemoveManyJSON.self, of: request)
        let seen = try remove.seen.map { shown in
            guard let item = shown.item, item.id != nil else { throw ServerFailure.bad("所见的明细内容无效") }
            return item
        }
        guard !seen.isEmpty else { throw ServerFailure.bad("没有选中要删除的明细") }
        let ids = seen.compactMap(\.id)
        do {
            let (_, writes) = try await write(resident) { session in try session.removeItems(ids: ids, expecting: seen) }
            return JSON.response(["removed": ids.count, "writes": Int(writes)])
        } catch let changed as ItemChanged {
            let codes = try? await resident.run { try $0.codeBook() }
            return ErrorAnswer.response(changed, root: workspace.root, codes: codes)
        }
    }

    /// A page of the items of one cell of a table (`table`, `row`, `column` as `/api/explain`
    /// takes them), with their count and total.
    func cellItems(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let (table, row, column) = try Self.cell(request)
        let (offset, limit) = Self.window(request)
        let cache = cellCache
        let (page, writes) = try await resident.run { session in
            // The cell's ids, kept while the project does not change: scrolling reads pages of them.
            let writes = try session.writeCount()
            let key = CellCache.Key(project: resident.path, table: table, row: row, column: column, writes: writes)
            let cell = try cache.value(for: key) { try session.cellItems(table: table, row: row, column: column) }
            return (try session.cellItemPage(cell, offset: offset, limit: limit), writes)
        }
        return Self.response(page, offset: offset, writes: writes)
    }

    /// The cell of a table a request names (`table`, `row`, `column`).
    static func cell(_ request: Request) throws -> (table: String, row: Int, column: Int) {
        let parameters = request.uri.queryParameters
        guard let table = parameters.get("table"), let row = parameters.get("row", as: Int.self),
            let column = parameters.get("column", as: Int.self)
        else { throw ServerFailure.bad("请指明表（table）、行（row）和栏（column）") }
        return (table, row, column)
    }

    /// The part of a list a request asks for: from `offset`, `limit` lines (100, at most ``pageLimit``).
    static func window(_ request: Request) -> (offset: Int, limit: Int) {
        let parameters = request.uri.queryParameters
        return (max(0, parameters.get("offset", as: Int.self) ?? 0), min(Self.pageLimit, max(0, parameters.get("limit", as: Int.self) ?? 100)))
    }

    /// A page of line items as the grid takes it.
    static func response(_ page: ProjectSession.ItemPage, offset: Int, writes: Int64) -> Response {
        JSON.response(
            PageJSON(
                offset: offset, count: page.count, total: page.total, totalText: Money.groupedYuan(page.total),
                items: page.items.map { ItemJSON($0, codes: page.codes) }, writes: writes))
    }

    struct CodesJSON: Encodable {
        struct Code: Encodable {
            var code: String
            var name: String
        }
        var codes: [Code]
        var count: Int
    }

    /// The codes of a kind (`functional`, `economic`) whose code starts with `q` or whose name
    /// contains it, at most ``codeLimit``.
    func codes(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let parameters = request.uri.queryParameters
        let kind: CodeKind
        switch parameters.get("kind") {
        case "functional": kind = .functional
        case "economic": kind = .economic
        default: throw ServerFailure.bad("科目种类（kind）应为 functional（功能分类）或 economic（经济分类）")
        }
        let query = parameters.get("q") ?? ""
        let found = try await resident.run { session in try session.searchCodes(kind, query, limit: Self.codeLimit) }
        return JSON.response(CodesJSON(codes: found.entries.map { CodesJSON.Code(code: $0.code, name: $0.name) }, count: found.count))
    }
}

/// Messages of the session shown in the page: a command they name (“请先用 budget unit add
/// 添加”) is kept, told as one of the command line, where the clerk runs it, since the page
/// has no such command.
enum PageText {
    static func forPage(_ text: String) -> String {
        guard text.contains("budget ") else { return text }
        return text.replacingOccurrences(of: "用 budget ", with: "在命令行用 budget ")
            .replacingOccurrences(of: "在命令行用 budget item list 查看编号", with: "在命令行用 budget item list 查看编号，或看左边明细表的“编号”列")
    }

    /// The refusal of an export in the page's words: the findings are in the panel below, and
    /// `--force` is the page's checkbox.
    static func exportRefusal(_ text: String) -> String {
        text.replacingOccurrences(of: "请先用 budget check 查看并改正", with: "请先在页面下方的检查结果中查看并改正")
            .replacingOccurrences(of: "加 --force", with: "勾选“检查有错误也导出”")
    }
}

/// The items of the last table cells the grid was filtered to, for as long as their project's
/// write count stays: a million items are scanned once per change, not once per page.
final class CellCache: @unchecked Sendable {
    struct Key: Hashable {
        var project: String
        var table: String
        var row: Int
        var column: Int
        var writes: Int64
    }

    /// How many cells are kept (a million ids are 8 MB).
    static let capacity = 4
    private let lock = NSLock()
    private var kept: [(key: Key, cell: ProjectSession.CellItems)] = []

    func value(for key: Key, _ make: () throws -> ProjectSession.CellItems) throws -> ProjectSession.CellItems {
        if let found = lock.withLock({ kept.first { $0.key == key }?.cell }) { return found }
        let cell = try make()
        lock.withLock {
            kept.removeAll { $0.key == key || ($0.key.project == key.project && $0.key.writes != key.writes) }
            kept.append((key, cell))
            if kept.count > Self.capacity { kept.removeFirst() }
        }
        return cell
    }
}
