import BudgetTestSupport
import Foundation
import Testing

@Suite("A template decides how a table too wide for A4 prints (wideTables)")
struct WideTablesCommandTests {
    /// The `<pageSetup …>` element of each worksheet, in the workbook's order of sheet files.
    static func pageSetups(_ workbook: String) throws -> [String] {
        let listed = try runProgram("/usr/bin/env", ["unzip", "-Z1", workbook])
        let sheets = listed.stdout.split(separator: "\n").filter { $0.hasPrefix("xl/worksheets/sheet") }
            .sorted { Int($0.filter(\.isNumber))! < Int($1.filter(\.isNumber))! }
        return try sheets.map { sheet in
            let xml = try runProgram("/usr/bin/env", ["unzip", "-p", workbook, String(sheet)]).stdout
            return xml.firstMatch(of: /<pageSetup[^>]*>/).map { String($0.output) } ?? ""
        }
    }

    @Test("\"pages\": the 16-column 政府采购 sheet prints on A4, several pages wide with its first column repeated, instead of A3")
    func a4PagesWide() throws {
        // Given the sample, and the Hebei template with "wideTables": "pages"
        let folder = TemporaryFolder()
        let project = folder.file("sample.budget")
        try SampleProject.build(at: project)
        let exported = try budget("template-export", "hebei", folder.file("hebei.json"))
        try #require(exported.status == 0, "\(exported.stderr)")
        let data = try #require(FileManager.default.contents(atPath: folder.file("hebei.json")))
        var template = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        template["wideTables"] = "pages"
        try JSONSerialization.data(withJSONObject: template).write(to: URL(fileURLWithPath: folder.file("pages.json")))

        // When the workbook is exported with each
        let byDefault = folder.file("default.xlsx")
        let onPages = folder.file("pages.xlsx")
        #expect(try budget("export", project, byDefault).status == 0)
        let result = try budget("export", project, onPages, "--template", folder.file("pages.json"))
        #expect(result.status == 0, "\(result.stderr)")

        // Then by default one sheet (政府采购: 16 columns) is on A3 (paperSize 8); with "pages"
        // every sheet is on A4 (9), and that one at full size with its first column repeated
        let defaults = try Self.pageSetups(byDefault)
        let pages = try Self.pageSetups(onPages)
        let wide = try #require(defaults.firstIndex { $0.contains("paperSize=\"8\"") }, "\(defaults)")
        #expect(pages.count == defaults.count)
        #expect(pages.allSatisfy { $0.contains("paperSize=\"9\"") }, "\(pages)")
        #expect(!pages[wide].contains("scale="), "\(pages[wide])")
        let book = try runProgram("/usr/bin/env", ["unzip", "-p", onPages, "xl/workbook.xml"]).stdout
        let titles = book.matches(of: /localSheetId="(\d+)">([^<]*)</).first { Int($0.output.1) == wide }.map { String($0.output.2) }
        #expect(titles?.contains("!$A:$A") == true, "\(book)")

        // And a template with another value is refused, naming the key
        template["wideTables"] = "a2"
        try JSONSerialization.data(withJSONObject: template).write(to: URL(fileURLWithPath: folder.file("a2.json")))
        let refused = try budget("export", project, folder.file("a2.xlsx"), "--template", folder.file("a2.json"))
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(".wideTables：应为 \"a3\""), "\(refused.stderr)")
    }
}
