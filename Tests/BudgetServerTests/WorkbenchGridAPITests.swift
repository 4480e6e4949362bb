import BudgetKit
import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetServer

@Suite("Browser workbench: the grid's API (paste, remove several, a cell's items, codes)")
struct WorkbenchGridAPITests {
    func table1Income(_ server: RunningServer) async throws -> String? {
        let answer = try await server.send("GET", "/api/tables?project=sample.budget&table=1")
        return figure(answer.json, after: "一、一般公共预算拨款收入")
    }

    @Test("three rows pasted as tab-separated text are added; table 1 moves by their sum")
    func pasteThreeRows() async throws {
        let (server, _) = try await startedSample()
        let text =
            "432001\t2010306 政务公开审批\t30201 办公费\t基本支出\t\t\t一般公共预算拨款\t10,000.00\t\n"
            + "432001\t2010306\t30216\t基本支出\t\t\t一般公共预算拨款\t20000\t\n"
            + "432001\t2010306\t30227\t项目支出\t\t档案扫描服务费\t一般公共预算拨款\t5000\t\n"
        let added = try await server.send("POST", "/api/items/batch?project=sample.budget", body: ["text": text])
        try #require(added.status == 201, "\(added.error)")
        // 10,000 + 20,000 + 5,000 = 35,000.00 元.
        #expect(added.json["count"] as? Int == 3 && added.json["totalText"] as? String == "35,000.00")
        #expect((added.json["items"] as? [[String: Any]])?.compactMap { $0["amount"] as? Int } == [1_000_000, 2_000_000, 500_000])
        // 2343.44 + 3.50 万元 = 2346.94.
        #expect(try await table1Income(server) == "2346.94")
        server.stop()
    }

    @Test("a pasted block with a bad cell writes nothing and locates the cell (line, field, value)")
    func pasteRefused() async throws {
        let (server, path) = try await startedSample()
        let writes = try ProjectSession(path).writeCount()
        let text = "432001\t2010306\t30201\t基本支出\t\t\t一般公共预算拨款\t100\t\n432001\t2999999\t30201\t基本支出\t\t\t一般公共预算拨款\t100\t\n"
        let refused = try await server.send("POST", "/api/items/batch?project=sample.budget", body: ["text": text])
        #expect(refused.status == 422)
        let problems = refused.json["problems"] as? [[String: Any]] ?? []
        #expect(problems.count == 1)
        #expect(problems.first?["line"] as? Int == 2 && problems.first?["field"] as? String == "functional")
        #expect(problems.first?["value"] as? String == "2999999")
        #expect(refused.error.contains("粘贴的内容") && refused.error.contains("没有写入任何内容"), "\(refused.error)")
        #expect(try ProjectSession(path).writeCount() == writes, "nothing written")
        #expect(try await table1Income(server) == "2343.44")
        // Without the page's CSRF token, refused before it is read.
        let forged = try await server.send("POST", "/api/items/batch?project=sample.budget", body: ["text": text], csrf: false)
        #expect(forged.status == 403)
        server.stop()
    }

    @Test("several lines removed as shown; one changed by someone else since refuses them all with its fresh value")
    func removeSeveral() async throws {
        let (server, path) = try await startedSample()
        let page = try await server.send("GET", "/api/items?project=sample.budget&offset=0&limit=3")
        let items = page.json["items"] as? [[String: Any]] ?? []
        try #require(items.count == 3)
        let id = try #require(items[1]["id"] as? Int)
        // The command line changes the second line: 66.80 万元 → 700,000.00 元.
        _ = try ProjectSession(path).setItem(id: Int64(id), changes: [.amount: "700000"], amountUnit: .yuan)
        let refused = try await server.send("POST", "/api/items/remove?project=sample.budget", body: ["seen": items])
        #expect(refused.status == 409)
        #expect((refused.json["current"] as? [String: Any])?["amount"] as? Int == 70_000_000)
        #expect(try ProjectSession(path).itemPage(matching: .init(), offset: 0, limit: 0).count == 53, "none removed")
        let removed = try await server.send("POST", "/api/items/remove?project=sample.budget", body: ["seen": [items[0], items[2]]])
        #expect(removed.status == 200, "\(removed.error)")
        #expect(try ProjectSession(path).itemPage(matching: .init(), offset: 0, limit: 0).count == 51)
        server.stop()
    }

    @Test("the items of table 5's 208 合计, paged; the codes of a kind by code or name")
    func cellItemsAndCodes() async throws {
        let (server, path) = try await startedSample()
        // Table 5's rows: 合计, 201, 20103, 2010306, 208 (the 5th, row 4); 合计 is column 3 (序号 0).
        let cell = try await server.send("GET", "/api/cell-items?project=sample.budget&table=5&row=4&column=3&offset=0&limit=2")
        try #require(cell.status == 200, "\(cell.error)")
        // items.csv: 45.00 + 26.54 + 4.71 + 14.02 = 90.27 万元 = 902,700.00 元, four lines; the first two shown.
        #expect(cell.json["count"] as? Int == 4 && cell.json["totalText"] as? String == "902,700.00")
        let first = try #require((cell.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
        #expect((cell.json["items"] as? [[String: Any]])?.compactMap { $0["amount"] as? Int } == [45_000_000, 26_540_000])
        // The next page of the same cell: the other two.
        let next = try await server.send("GET", "/api/cell-items?project=sample.budget&table=5&row=4&column=3&offset=2&limit=2")
        #expect((next.json["items"] as? [[String: Any]])?.compactMap { $0["amount"] as? Int } == [4_710_000, 14_020_000])
        // The command line changes the first, 45.00 → 50.00 万元: the cell's items are read anew,
        // 90.27 + 5.00 = 95.27 万元 = 952,700.00 元.
        _ = try ProjectSession(path).setItem(id: Int64(first), changes: [.amount: "500000"], amountUnit: .yuan)
        let changed = try await server.send("GET", "/api/cell-items?project=sample.budget&table=5&row=4&column=3&offset=0&limit=2")
        #expect(changed.json["count"] as? Int == 4 && changed.json["totalText"] as? String == "952,700.00")
        #expect((changed.json["items"] as? [[String: Any]])?.first?["amount"] as? Int == 50_000_000)
        let codes = try await server.send("GET", "/api/codes?project=sample.budget&kind=economic&q=%E5%8A%9E%E5%85%AC%E8%B4%B9")
        try #require(codes.status == 200, "\(codes.error)")
        let found = codes.json["codes"] as? [[String: Any]] ?? []
        #expect(found.contains { $0["code"] as? String == "30201" && $0["name"] as? String == "办公费" }, "办公费 by its name")
        let many = try await server.send("GET", "/api/codes?project=sample.budget&kind=functional&q=2")
        #expect((many.json["codes"] as? [Any])?.count == 50 && (many.json["count"] as? Int ?? 0) > 50)
        let bad = try await server.send("GET", "/api/codes?project=sample.budget&kind=other&q=2")
        #expect(bad.status == 400)
        server.stop()
    }

    @Test("a message naming a command tells it as the command line's")
    func commandsForThePage() {
        #expect(PageText.forPage("项目文件中没有这个单位（已有：无，请先用 budget unit add 添加）") == "项目文件中没有这个单位（已有：无，请先在命令行用 budget unit add 添加）")
        #expect(PageText.forPage("没有这条预算明细（用 budget item list 查看编号）").contains("或看左边明细表的“编号”列"))
        #expect(PageText.forPage("金额是负数") == "金额是负数")
    }
}
