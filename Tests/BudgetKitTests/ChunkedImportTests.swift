import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import BudgetTestSupport
import Foundation
import Testing

@Suite("CSV import read in pieces, totals summed by the reader")
struct ChunkedImportTests {
    @Test("a file that proves not to be UTF-8 past the first megabyte is imported once, as GB18030")
    func gb18030PastTheFirstPiece() throws {
        // Given: 30,000 ASCII rows (about 1.3 MB, so more than one piece of 1 MiB) and a last row
        // with a note in GB18030: the first piece is written before the file proves not UTF-8
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try SampleProject.empty(at: project)
        var data = Data(
            ("unit,functional,economic,type,nature,project,source,amount,note\n"
                + String(repeating: "432001,2010306,30201,basic,,,general,1.00,\n", count: 30_000)).utf8)
        data += Data("432001,2010306,30201,basic,,,general,2.00,".utf8) + Data([0xB0, 0xEC, 0xB9, 0xAB, 0xD3, 0xC3, 0xC6, 0xB7, 0x0A])
        #expect(data.count > 1 << 20)
        let csv = folder.write("gbk.csv", data)

        // When
        let summary = try ProjectSession(project).importItems(from: csv, unit: .yuan)

        // Then: every row once, the note decoded, the totals right
        #expect(summary.encoding == .gb18030)
        #expect(summary.itemCount == 30_001)
        let items = try ProjectSession(project).items(matching: .init()).items
        #expect(items.count == 30_001)
        #expect(items.last?.note == "办公用品")
        #expect(try ProjectFile.open(at: project).integrityProblems().isEmpty)
    }

    @Test("kept totals after importing into a project with items equal a fresh sum of every item", arguments: [2_000, 50_000])
    func totalsAfterImport(items count: Int) throws {
        // Given: a project with items and projects, and a CSV of other items of the same units
        // (50,000 rows make more than 2.5 MB: the bulk path, indexes rebuilt at the end)
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        _ = try ProjectSession.generate(at: project, units: 4, items: 1_500, seed: 1)
        let source = folder.file("source.budget")
        _ = try ProjectSession.generate(at: source, units: 4, items: count, seed: 2)
        let csv = folder.file("items.csv")
        _ = try ProjectSession(source).exportCSV(to: csv)
        let projectsBefore = try ProjectFile.open(at: project).read { try $0.projects() }.count

        // When
        let summary = try ProjectSession(project).importItems(from: csv, unit: .yuan)

        // Then: the kept totals agree with the items, table by table and cell by cell
        let file = try ProjectFile.open(at: project)
        #expect(summary.itemCount == count)
        #expect(try file.integrityProblems().isEmpty)
        #expect(try file.read { try $0.totalsAgree() })
        let snapshot = try file.snapshot()
        #expect(snapshot.items.count == 1_500 + count)
        #expect(snapshot.projects.count == projectsBefore + summary.newProjects.count)
        #expect(try cells(ProjectSession(project).reports()) == cells(ReportEngine.compute(snapshot, template: Template.builtIn("hebei"))))
    }
}
