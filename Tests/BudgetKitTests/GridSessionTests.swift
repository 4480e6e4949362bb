import BudgetKit
import BudgetModel
import BudgetReports
import BudgetTestSupport
import Foundation
import Testing

@Suite("ProjectSession for the workbench's grid: pasted rows, a cell's items, code search")
struct GridSessionTests {
    /// A folder for each test (a new instance of the suite per test), kept for the test's time.
    let folder = TemporaryFolder()

    func sample() throws -> String {
        let path = folder.file("s.budget")
        try SampleProject.buildItems(at: path)
        return path
    }

    @Test("three pasted rows are added in one write, read as the grid shows them (code and name, 元 with commas)")
    func pasteAdds() throws {
        let path = try sample()
        let session = try ProjectSession(path)
        let writes = try session.writeCount()
        let text = [
            "432001\t2010306 政务公开审批\t30201 办公费\t基本支出\t\t\t一般公共预算拨款\t10000\t",
            "432001\t2010306\t30216\t基本支出\t\t\t一般公共预算拨款\t20,000.00\t培训",
            "432001\t2010306\t30227\t项目支出\t\t档案扫描服务费\t一般公共预算拨款\t5000.00\t",
        ].joined(separator: "\r\n")
        let added = try session.addItems(pasted: text, amountUnit: .yuan)
        // 10,000 + 20,000 + 5,000 元 = 35,000 元 = 3,500,000 分.
        #expect(added.map(\.amount) == [1_000_000, 2_000_000, 500_000])
        #expect(added.map(\.economic) == ["30201", "30216", "30227"])
        #expect(added[2].project == "档案扫描服务费" && added[1].note == "培训")
        #expect(added.allSatisfy { $0.id != nil })
        #expect(try session.writeCount() == writes + 1, "one transaction")
        let page = try session.itemPage(matching: .init(), offset: 0, limit: 0)
        // 53 + 3 lines; 2343.44 万元 + 3.50 万元 = 2346.94 万元 = 2,346,940,000 分.
        #expect(page.count == 56 && page.total == 2_346_940_000)
    }

    @Test("a block with bad cells adds nothing, and says each bad cell's row, column and value")
    func pasteAllOrNothing() throws {
        let path = try sample()
        let session = try ProjectSession(path)
        let writes = try session.writeCount()
        let text = """
            单位\t功能科目\t经济科目\t类型\t经费\t项目\t资金来源\t金额（元）\t备注
            432001\t2010306\t30201\t基本支出\t\t\t一般公共预算拨款\t100\t
            432001\t2999999\t30201\t基本支出\t\t\t一般公共预算拨款\t100\t
            432001\t2010306\t30201\t基本支出\t\t\t一般公共预算拨款\tabc\t
            """
        do {
            _ = try session.addItems(pasted: text, amountUnit: .yuan)
            Issue.record("a block with bad cells was added")
        } catch let problems as InputProblems {
            let found = problems.problems.map { "\($0.line ?? 0) \($0.column ?? "") \($0.value ?? "")" }
            // The header is line 1: the bad code is on line 3, the bad amount on line 4.
            #expect(found == ["3 功能分类科目编码 2999999", "4 金额 abc"], "\(problems)")
            #expect(problems.problems.allSatisfy { $0.file == PastedRows.sourceName })
            #expect(problems.description.contains("没有写入任何内容"))
        }
        #expect(try session.writeCount() == writes, "nothing written")
        #expect(try session.itemPage(matching: .init(), offset: 0, limit: 0).count == 53)
    }

    @Test("rows given as values (an undone removal) come back as they were, with new ids")
    func rowsAdd() throws {
        let path = try sample()
        let session = try ProjectSession(path)
        let first = try #require(session.itemPage(matching: .init(), offset: 0, limit: 1).items.first)
        try session.removeItems(ids: [first.id!], expecting: [first])
        let values: [LineItemColumn: String] = [
            .unit: first.unitCode, .functional: first.functional, .economic: first.economic, .type: first.type.rawValue,
            .nature: first.nature?.rawValue ?? "", .project: first.project ?? "", .source: first.source.rawValue,
            .amount: Money.formatYuan(first.amount), .note: first.note,
        ]
        let back = try session.addItems(rows: [ItemRow(line: nil, values: values)], amountUnit: .yuan)
        var expected = first
        expected.id = back[0].id
        #expect(back == [expected] && back[0].id != first.id)
        // 2343.44 万元 again.
        #expect(try session.itemPage(matching: .init(), offset: 0, limit: 0).total == 2_343_440_000)
    }

    @Test("the items of a cell of table 5, paged, with their count and total")
    func cellItems() throws {
        let path = try sample()
        let session = try ProjectSession(path)
        let cell = try session.explain(table: "5", row: "208", column: "合计")
        let page = try session.cellItemPage(table: "5", row: cell.row, column: cell.column, offset: 0, limit: 100)
        // items.csv, 208 社会保障和就业支出 (all 一般公共预算拨款): 2080505 45.00 + 26.54, 2080501 4.71,
        // 2080502 14.02 = 90.27 万元 = 90,270,000 分, four lines.
        #expect(page.count == 4 && page.total == 90_270_000)
        #expect(page.items.map(\.amount) == [45_000_000, 26_540_000, 4_710_000, 14_020_000])
        let second = try session.cellItemPage(table: "5", row: cell.row, column: cell.column, offset: 1, limit: 2)
        #expect(second.count == 4 && second.total == 90_270_000 && second.items.map(\.amount) == [26_540_000, 4_710_000])
        #expect(throws: InputProblem.self) { try session.cellItemPage(table: "5", row: cell.row, column: 0, offset: 0, limit: 10) }
    }

    @Test("code search: by the start of a code or a part of the name, the 项 and 款 only, at most the limit")
    func codes() throws {
        let path = try sample()
        let session = try ProjectSession(path)
        let office = try session.searchCodes(.economic, "3020", limit: 50)
        #expect(office.entries.contains(CatalogEntry(kind: .economic, code: "30201", name: "办公费")))
        #expect(office.entries.allSatisfy { $0.code.hasPrefix("3020") && $0.code.count == 5 })
        #expect(office.entries.map(\.code) == office.entries.map(\.code).sorted() && office.count == office.entries.count)
        #expect(try session.searchCodes(.economic, "办公费", limit: 50).entries.map(\.code).contains("30201"))
        let one = try session.searchCodes(.functional, "2010306", limit: 50)
        #expect(one.entries == [CatalogEntry(kind: .functional, code: "2010306", name: "政务公开审批")] && one.count == 1)
        // 201 一般公共服务支出 has far more than five 项; no 类 or 款 among them.
        let many = try session.searchCodes(.functional, "201", limit: 5)
        #expect(many.entries.count == 5 && many.count > 5 && many.entries.allSatisfy { $0.code.count == 7 })
        #expect(try session.searchCodes(.functional, "", limit: 5).count == 0)
    }
}
