import BudgetKit
import BudgetModel
import BudgetReports
import BudgetTestSupport
import Foundation
import Testing

@Suite("ProjectSession for a resident front end")
struct WorkbenchSessionTests {
    @Test("itemPage: a page by position with the kept count and total, or the filtered items with theirs")
    func pages() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.buildItems(at: path)
        let session = try ProjectSession(path)
        let all = try session.items(matching: .init()).items
        let page = try session.itemPage(matching: .init(), offset: 50, limit: 10)
        // 53 items: from the 51st, three are left.
        #expect(page.count == 53 && page.items.map(\.id) == all[50...].map(\.id))
        // The sample's total: 2343.44 万元 = 2,343,440,000 分.
        #expect(page.total == 2_343_440_000)
        let filtered = try session.itemPage(matching: .init(economicPrefix: "301"), offset: 1, limit: 2)
        let matching = all.filter { $0.economic.hasPrefix("301") }
        #expect(filtered.count == matching.count && filtered.total == matching.reduce(0) { $0 + $1.amount })
        #expect(filtered.items == Array(matching[1...2]))
    }

    @Test("itemPage's conditions in SQL select what `item list`'s filters select, each and together")
    func pagesAgreeWithItemList() throws {
        let folder = TemporaryFolder()
        let path = folder.file("g.budget")
        try ProjectSession.generate(at: path, units: 4, items: 3000, seed: 5)
        let session = try ProjectSession(path)
        let sample = try #require(session.itemPage(matching: .init(type: .project), offset: 7, limit: 1).items.first)
        let queries: [ProjectSession.ItemQuery] = [
            .init(unit: sample.unitCode), .init(functionalPrefix: String(sample.functional.prefix(3))),
            .init(economicPrefix: String(sample.economic.prefix(3))), .init(type: .basic), .init(source: sample.source),
            .init(project: sample.project), .init(nature: .personnel),
            .init(unit: sample.unitCode, functionalPrefix: String(sample.functional.prefix(5)), type: .project, source: sample.source),
        ]
        for query in queries {
            let listed = try session.items(matching: query)
            let page = try session.itemPage(matching: query, offset: 0, limit: 5000)
            #expect(page.items == listed.items && page.count == listed.items.count && page.total == listed.total, "\(query)")
            #expect(!listed.items.isEmpty, "\(query) selects something")
        }
    }

    @Test("setItem and removeItems expecting what was seen refuse a line changed since, writing nothing")
    func optimistic() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.buildItems(at: path)
        let session = try ProjectSession(path)
        let seen = try #require(session.itemPage(matching: .init(), offset: 0, limit: 1).items.first)
        let id = try #require(seen.id)
        _ = try ProjectSession(path).setItem(id: id, changes: [.amount: "5"], amountUnit: .yuan)
        let writes = try session.writeCount()
        #expect {
            _ = try session.setItem(id: id, changes: [.amount: "7"], amountUnit: .yuan, expecting: seen)
        } throws: { ($0 as? ItemChanged)?.current?.amount == 500 }
        #expect(throws: ItemChanged.self) { try session.removeItems(ids: [id], expecting: [seen]) }
        #expect(try session.writeCount() == writes)
        let fresh = try #require(try session.itemPage(matching: .init(), offset: 0, limit: 1).items.first)
        #expect(try session.setItem(id: id, changes: [.amount: "7"], amountUnit: .yuan, expecting: fresh).amount == 700)
    }

    @Test("reports(), which reads of the document only the scope of 机关运行经费, gives the template's tables cell for cell as the whole document")
    func tablesAloneAsWhole() throws {
        let folder = TemporaryFolder()
        let sample = folder.file("s.budget")
        try SampleProject.build(at: sample)
        let generated = folder.file("g.budget")
        try ProjectSession.generate(at: generated, units: 6, items: 2000, seed: 3)
        // 机关运行经费 of 行政 and 参公 units only, as the project's setting (Shanghai's template
        // says so itself): the scope read from the file matters.
        try ProjectSession(generated).setSettings(operationCosts: .administrative, template: nil)
        for (path, template) in [(sample, nil), (generated, nil), (generated, "shanghai")] as [(String, String?)] {
            let session = try ProjectSession(path)
            let alone = try session.reports(template: template)
            let whole = try session.document(template: template).reports
            #expect(alone.tables.map(\.id) == Array(whole.tables.prefix(alone.tables.count)).map(\.id))
            for table in alone.tables {
                let other = try #require(whole.table(table.id))
                #expect(table.rows.map(\.cells) == other.rows.map(\.cells), "\(template ?? "hebei") table \(table.id)")
                #expect(table.rows.map(\.key) == other.rows.map(\.key))
            }
        }
    }
}
