import BudgetKit
import BudgetModel
import BudgetReports
import Foundation
import HTTPTypes
import Hummingbird

/// The workbench's JSON API. Every figure comes from the project's resident ``ProjectSession``
/// (`itemPage`, `setItem`, `addItem`, `removeItems`, `document`, `check`, `explainCell`): the
/// server formats what the session computed and computes nothing itself.
struct API: Sendable {
    /// The largest request body accepted.
    static let bodyLimit = 1 << 20
    /// The most line items one page of the grid returns.
    static let pageLimit = 2000

    let workspace: Workspace
    let events: Events
    let keys: Guard<BasicRequestContext>.Keys
    /// The items of the table cells the grid was last filtered to (API+Grid.swift).
    let cellCache = CellCache()

    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    /// Answers every failure as JSON in Chinese, never with a server path.
    func answering(_ body: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) -> Handler {
        { request, context in
            do {
                return try await body(request, context)
            } catch {
                return ErrorAnswer.response(error, root: workspace.root)
            }
        }
    }

    func add(to router: Router<BasicRequestContext>) {
        router.get(
            "/api/session",
            use: answering { _, _ in
                JSON.response(
                    SessionJSON(
                        csrf: keys.csrf, projects: workspace.projectNames(),
                        sources: FundingSource.allCases.map { SessionJSON.Choice(value: $0.rawValue, name: $0.chineseName) }))
            })
        router.get("/api/projects", use: answering { _, _ in JSON.response(["projects": workspace.projectNames()]) })
        router.get("/api/items", use: answering(items))
        router.post("/api/items", use: answering(addItem))
        router.patch("/api/items/{id}", use: answering(setItem))
        router.delete("/api/items/{id}", use: answering(removeItem))
        router.get("/api/tables", use: answering(tables))
        router.get("/api/check", use: answering(check))
        router.get("/api/explain", use: answering(explain))
        router.get("/api/events", use: answering(stream))
        addGridRoutes(to: router)
        addProjectRoutes(to: router)
    }

    struct SessionJSON: Encodable {
        struct Choice: Encodable {
            var value: String
            var name: String
        }
        var csrf: String
        var projects: [String]
        var sources: [Choice]
    }

    func resident(_ request: Request) throws -> Resident {
        guard let name = request.uri.queryParameters.get("project") else { throw ServerFailure.bad("请求缺少项目（project）") }
        return try workspace.resident(name)
    }

    /// A JSON body of at most ``bodyLimit`` bytes.
    func body<T: Decodable>(_ type: T.Type, of request: Request) async throws -> T {
        var request = request
        return try JSON.decode(type, from: try await request.collectBody(upTo: Self.bodyLimit))
    }

    /// Runs a write of `resident`'s session and tells every open page (`origin` "server" for an
    /// edit; "restore" and "import", which change much of the project, make pages fetch it all).
    func write<T: Sendable>(
        _ resident: Resident, origin: String = "server", _ body: @escaping @Sendable (ProjectSession) throws -> T
    ) async throws -> (T, Int64) {
        let (result, writes) = try await resident.write(body)
        events.publish(project: resident.name, writes: writes, origin: origin)
        return (result, writes)
    }

    // MARK: - Line items

    struct PageJSON: Encodable {
        var offset: Int
        var count: Int
        var total: Int64
        var totalText: String
        var items: [ItemJSON]
        var writes: Int64
    }

    func items(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? { parameters.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        var query = ProjectSession.ItemQuery(
            unit: text("unit"), functionalPrefix: text("functional"), economicPrefix: text("economic"), project: text("projectName"))
        if let type = text("type") {
            guard let value = Vocabulary.expenditureType(type) else { throw ServerFailure.bad("支出类型应为：\(Vocabulary.typeChoices)") }
            query.type = value
        }
        if let nature = text("nature") {
            guard let value = Vocabulary.costNature(nature) else { throw ServerFailure.bad("经费类型应为：\(Vocabulary.natureChoices)") }
            query.nature = value
        }
        if let source = text("source") {
            guard let value = Vocabulary.fundingSource(source) else { throw ServerFailure.bad("资金来源应为：\(Vocabulary.sourceChoices)") }
            query.source = value
        }
        let (offset, limit) = Self.window(request)
        let fixed = query
        let (page, writes) = try await resident.run { session in
            (try session.itemPage(matching: fixed, offset: offset, limit: limit), try session.writeCount())
        }
        return Self.response(page, offset: offset, writes: writes)
    }

    /// An edit: the fields changed, as typed (the amount in 元 unless `amountUnit` says 万元),
    /// and the line as the browser last showed it.
    struct EditJSON: Decodable {
        var changes: [String: String]
        var seen: ItemJSON?
        var amountUnit: String?
    }

    struct ItemResultJSON: Encodable {
        var item: ItemJSON
        var writes: Int64
    }

    static func columns(_ values: [String: String]) throws -> [LineItemColumn: String] {
        var columns: [LineItemColumn: String] = [:]
        for (key, value) in values {
            guard let column = LineItemColumn(rawValue: key), column != .functionalName, column != .economicName else {
                throw ServerFailure.bad("不认识的字段：\(Shown.text(key))")
            }
            columns[column] = value
        }
        return columns
    }

    static func amountUnit(_ text: String?) throws -> Money.InputUnit {
        switch text {
        case nil, "yuan": .yuan
        case "wan": .wan
        default: throw ServerFailure.bad("金额单位应为 yuan（元）或 wan（万元）")
        }
    }

    func itemID(_ context: BasicRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw ServerFailure.bad("明细编号应为数字") }
        return id
    }

    func setItem(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let id = try itemID(context)
        let edit = try await body(EditJSON.self, of: request)
        let changes = try Self.columns(edit.changes)
        let unit = try Self.amountUnit(edit.amountUnit)
        let seen = try edit.seen.map { seen in
            guard let item = seen.item, item.id == id else { throw ServerFailure.bad("所见的明细内容无效") }
            return item
        }
        do {
            let ((item, codes), writes) = try await write(resident) { session in
                let item = try session.setItem(id: id, changes: changes, amountUnit: unit, expecting: seen)
                return (item, try session.codeBook())
            }
            return JSON.response(ItemResultJSON(item: ItemJSON(item, codes: codes), writes: writes))
        } catch let changed as ItemChanged {
            let codes = try? await resident.run { try $0.codeBook() }
            return ErrorAnswer.response(changed, root: workspace.root, codes: codes)
        }
    }

    struct NewItemJSON: Decodable {
        var values: [String: String]
        var amountUnit: String?
    }

    func addItem(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let new = try await body(NewItemJSON.self, of: request)
        let values = try Self.columns(new.values)
        let unit = try Self.amountUnit(new.amountUnit)
        let ((item, codes), writes) = try await write(resident) { session in
            let added = try session.addItem(values: values, amountUnit: unit)
            return (added.item, try session.codeBook())
        }
        return JSON.response(ItemResultJSON(item: ItemJSON(item, codes: codes), writes: writes), status: .created)
    }

    struct RemoveJSON: Decodable {
        var seen: ItemJSON?
    }

    func removeItem(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let id = try itemID(context)
        var request = request
        let body = try await request.collectBody(upTo: Self.bodyLimit)
        let remove = body.readableBytes == 0 ? RemoveJSON(seen: nil) : try JSON.decode(RemoveJSON.self, from: body)
        let seen = try remove.seen.map { seen in
            guard let item = seen.item, item.id == id else { throw ServerFailure.bad("所见的明细内容无效") }
            return [item]
        }
        let (_, writes) = try await write(resident) { session in try session.removeItems(ids: [id], expecting: seen) }
        return JSON.response(["removed": id, "writes": writes])
    }

    // MARK: - Tables, findings, provenance

    struct TablesJSON: Encodable {
        struct Entry: Encodable {
            var id: String
            var title: String
        }
        var department: String
        var year: Int
        /// Every table of the document (the template's, then the document's), for the chooser;
        /// nil when one of the template's tables was asked for alone.
        var list: [Entry]?
        var table: TableJSON?
        var writes: Int64
    }

    /// One table (`table`, an id), else the list of every table and the first. One of the
    /// template's tables is computed alone, from the kept totals (`reports`); the document's
    /// tables (projects, 绩效目标表 …) need the whole document (`document`).
    func tables(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let wanted = request.uri.queryParameters.get("table").flatMap { $0.isEmpty ? nil : $0 }
        let (reports, whole, writes) = try await resident.run { session in
            if let wanted, let reports = try? session.reports(table: wanted), reports.table(wanted) != nil {
                return (reports, false, try session.writeCount())
            }
            return (try session.document().reports, true, try session.writeCount())
        }
        let table = wanted.flatMap(reports.table) ?? (wanted == nil ? reports.tables.first : nil)
        if let wanted, table == nil { throw ServerFailure.notFound("没有这张表：\(Shown.text(wanted))") }
        return JSON.response(
            TablesJSON(
                department: reports.department.name, year: reports.department.year,
                list: whole ? reports.tables.map { TablesJSON.Entry(id: $0.id, title: $0.title) } : nil,
                table: table.map { TableJSON($0, in: reports) }, writes: writes))
    }

    struct CheckJSON: Encodable {
        var errors: Int
        var warnings: Int
        var confirmed: Int
        /// Whether `export` would write the workbook without `--force`.
        var exportAllowed: Bool
        var findings: [FindingJSON]
        var writes: Int64
    }

    func check(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let (result, writes) = try await resident.check()
        return JSON.response(
            CheckJSON(
                errors: result.errorCount, warnings: result.warningCount, confirmed: result.confirmed.count,
                exportAllowed: result.errorCount == 0, findings: result.findings.map { FindingJSON($0, format: result.reports.format) },
                writes: writes))
    }

    struct ExplainJSON: Encodable {
        var table: String
        var row: String
        var column: String
        var value: String
        var rules: [String]
        var itemCount: Int
        var itemsTotal: String
        var items: [ItemJSON]
    }

    func explain(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let resident = try resident(request)
        let (table, row, column) = try Self.cell(request)
        let (explanation, codes) = try await resident.run { session in
            (try session.explainCell(table: table, row: row, column: column), try session.codeBook())
        }
        let reports = explanation.reports.scoped(to: explanation.table)
        let labels = explanation.table.header.columnLabels
        return JSON.response(
            ExplainJSON(
                table: explanation.table.title, row: explanation.table.rowLabel(explanation.row, column: explanation.column),
                column: labels.indices.contains(explanation.column) ? labels[explanation.column] : String(explanation.column),
                value: reports.format(explanation.value), rules: explanation.rules, itemCount: explanation.itemCount,
                itemsTotal: Money.groupedYuan(explanation.itemsTotal), items: explanation.items.map { ItemJSON($0, codes: codes) }))
    }

    // MARK: - Events

    func stream(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let stream = events.subscribe()
        let body = ResponseBody(asyncSequence: stream.map { ByteBuffer(string: $0) })
        var response = Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
        response.headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return response
    }
}
