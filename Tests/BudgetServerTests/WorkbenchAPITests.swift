import BudgetKit
import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

@Suite("Browser workbench: the JSON API")
struct WorkbenchAPITests {
    /// The sample's first line item: 432001, 2010306 政务公开审批, 30101 基本工资, 基本支出,
    /// 一般公共预算拨款, 120.30 万元 (items.csv, line 2).
    func firstItem(_ server: RunningServer, asPublished: Bool = true) async throws -> [String: Any] {
        let page = try await server.send("GET", "/api/items?project=sample.budget&offset=0&limit=1")
        try #require(page.status == 200, "\(page.error)")
        #expect(page.json["count"] as? Int == 53)
        let item = try #require((page.json["items"] as? [[String: Any]])?.first)
        #expect(item["functional"] as? String == "2010306" && item["economic"] as? String == "30101")
        if asPublished { #expect(item["amount"] as? Int == 120_300_000, "120.30 万元 = 1,203,000.00 元 = 120,300,000 分") }
        return item
    }

    @Test("an amount changed through the API moves table 1 and table 3 from the published figures by the change")
    func editMovesTables() async throws {
        let (server, _) = try await startedSample()
        func table(_ id: String) async throws -> [String: Any] {
            let answer = try await server.send("GET", "/api/tables?project=sample.budget&table=\(id)")
            try #require(answer.status == 200, "\(answer.error)")
            #expect(answer.json["list"] == nil, "one of the template's tables alone")
            return answer.json
        }
        // The published 2023 figures (seed-2023-tables.txt), in 万元.
        let published = (one: try await table("1"), three: try await table("3"))
        #expect(figure(published.one, after: "一、一般公共预算拨款收入") == "2343.44")
        #expect(figure(published.one, after: "一、一般公共服务支出") == "2092.43")
        #expect(figure(published.three, after: "2010306") == "政务公开审批")
        #expect(figure(published.three, after: "2010306", offset: 2) == "2092.43")
        // Without a table: the list of every table (the nine, then the document's) and the first.
        let all = try await server.send("GET", "/api/tables?project=sample.budget")
        let list = all.json["list"] as? [[String: Any]] ?? []
        #expect(list.prefix(9).compactMap { $0["id"] as? String } == (1...9).map(String.init))
        #expect(list.count > 9 && (all.json["table"] as? [String: Any])?["id"] as? String == "1")

        let item = try await firstItem(server)
        // 1,203,000.00 元 → 1,213,000.00 元: +10,000 元 = +1.00 万元 on every cell the item is in.
        let edit = try await server.send(
            "PATCH", "/api/items/\(item["id"]!)?project=sample.budget", body: ["changes": ["amount": "1213000"], "seen": item])
        try #require(edit.status == 200, "\(edit.error)")
        #expect((edit.json["item"] as? [String: Any])?["amount"] as? Int == 121_300_000)

        let one = try await table("1")
        let three = try await table("3")
        // 2343.44 + 1.00 = 2344.44; 2092.43 + 1.00 = 2093.43.
        #expect(figure(one, after: "一、一般公共预算拨款收入") == "2344.44")
        #expect(figure(one, after: "一、一般公共服务支出") == "2093.43")
        // Table 3: 合计 2343.44 + 1.00 = 2344.44, 基本支出 1892.52 + 1.00 = 1893.52, 项目支出 450.92 unchanged;
        // 2010306: 2092.43 + 1.00 = 2093.43 and its 基本支出 1641.51 + 1.00 = 1642.51.
        #expect(figure(three, after: "合计") == "2344.44")
        #expect(figure(three, after: "合计", offset: 2) == "1893.52")
        #expect(figure(three, after: "合计", offset: 3) == "450.92")
        #expect(figure(three, after: "2010306", offset: 2) == "2093.43")
        #expect(figure(three, after: "2010306", offset: 3) == "1642.51")
        server.stop()
    }

    @Test("a code that does not exist is refused with a located Chinese message, and nothing is written")
    func badCodeRefused() async throws {
        let (server, path) = try await startedSample()
        let item = try await firstItem(server)
        let writes = try ProjectSession(path).writeCount()
        let edit = try await server.send(
            "PATCH", "/api/items/\(item["id"]!)?project=sample.budget", body: ["changes": ["functional": "2999999"], "seen": item])
        #expect(edit.status == 422)
        let problem = try #require((edit.json["problems"] as? [[String: Any]])?.first)
        #expect(problem["field"] as? String == "functional")
        #expect(problem["value"] as? String == "2999999")
        #expect((problem["message"] as? String ?? "").contains("编码"), "\(problem)")
        #expect(edit.error.contains("没有写入任何内容"), "\(edit.error)")
        #expect(try ProjectSession(path).writeCount() == writes, "nothing written")
        #expect(try await firstItem(server)["functional"] as? String == "2010306")
        server.stop()
    }

    @Test("an edit of a line changed since it was shown is refused with 409 and the fresh value")
    func staleEditRefused() async throws {
        let (server, path) = try await startedSample()
        let item = try await firstItem(server)
        let id = try #require(item["id"] as? Int)
        // Someone else (the command line) changes the line: 1,203,000.00 → 1,300,000.00 元.
        _ = try ProjectSession(path).setItem(id: Int64(id), changes: [.amount: "1300000"], amountUnit: .yuan)
        let edit = try await server.send("PATCH", "/api/items/\(id)?project=sample.budget", body: ["changes": ["amount": "1"], "seen": item])
        #expect(edit.status == 409)
        #expect(edit.error.contains("已被他人修改"), "\(edit.error)")
        #expect((edit.json["current"] as? [String: Any])?["amount"] as? Int == 130_000_000)
        #expect(try await firstItem(server, asPublished: false)["amount"] as? Int == 130_000_000, "the other's change stands")
        server.stop()
    }

    @Test("add and remove a line item; the filtered page counts and totals what matches")
    func addRemoveAndFilter() async throws {
        let (server, _) = try await startedSample()
        let added = try await server.send(
            "POST", "/api/items?project=sample.budget",
            body: [
                "values": [
                    "unit": "432001", "functional": "2010306", "economic": "30201", "type": "basic", "source": "general",
                    "amount": "1234.56",
                ]
            ])
        try #require(added.status == 201, "\(added.error)")
        let id = try #require((added.json["item"] as? [String: Any])?["id"] as? Int)
        let filtered = try await server.send("GET", "/api/items?project=sample.budget&economic=30201&unit=432001")
        let items = filtered.json["items"] as? [[String: Any]] ?? []
        #expect(items.contains { $0["id"] as? Int == id })
        #expect(filtered.json["count"] as? Int == items.count)
        #expect(filtered.json["total"] as? Int == items.reduce(0) { $0 + ($1["amount"] as? Int ?? 0) })
        let removed = try await server.send("DELETE", "/api/items/\(id)?project=sample.budget")
        #expect(removed.status == 200, "\(removed.error)")
        let all = try await server.send("GET", "/api/items?project=sample.budget&limit=0")
        #expect(all.json["count"] as? Int == 53)
        server.stop()
    }

    @Test("check findings and the export gate; explain of a table cell lists its items")
    func checkAndExplain() async throws {
        let (server, _) = try await startedSample()
        let check = try await server.send("GET", "/api/check?project=sample.budget")
        try #require(check.status == 200, "\(check.error)")
        #expect(check.json["exportAllowed"] as? Bool == true, "\(check.json["findings"] ?? "")")
        // Table 3, row 2010306 (its 4th row: 合计, 201, 20103, 2010306), column 合计 (3 of 序号 0).
        let explain = try await server.send("GET", "/api/explain?project=sample.budget&table=3&row=3&column=3")
        try #require(explain.status == 200, "\(explain.error)")
        #expect(explain.json["value"] as? String == "2092.43")
        #expect(explain.json["itemsTotal"] as? String == "20,924,300.00", "2092.43 万元 in 元")
        server.stop()
    }
}
