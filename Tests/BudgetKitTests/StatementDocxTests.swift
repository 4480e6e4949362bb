import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetKit

@Suite("The statement's Word styles")
struct StatementDocxTests {
    @Test(
        "the reference documents built into the executable are the files in Resources (run Scripts/embed-resources after Scripts/make-reference-docx)"
    )
    func referenceMatchesFile() throws {
        let folder = PackagePaths.root.appendingPathComponent("Sources/BudgetKit/Resources")
        let pairs = [
            ("statement-reference.docx", EmbeddedStatementStyles.reference),
            ("statement-reference-unchecked.docx", EmbeddedStatementStyles.referenceUnchecked),
        ]
        for (file, embedded) in pairs {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            #expect(Data(base64Encoded: embedded, options: .ignoreUnknownCharacters) == bytes, "\(file)")
        }
    }

    @Test("only an output ending in .docx (any case) is written as a Word document")
    func docxByName() {
        #expect(StatementDocx.isDocx("情况说明.docx"))
        #expect(StatementDocx.isDocx("OUT.DOCX"))
        #expect(!StatementDocx.isDocx("情况说明.md"))
        #expect(!StatementDocx.isDocx("docx"))
        #expect(!StatementDocx.isDocx("a.docx.md"))
    }

    static let ends = (portrait: "P", landscape: "L")

    @Test(
        "a table of more than 8 columns goes in a landscape section with the one-line paragraphs above it back to its heading; a narrower one stays")
    func wideTableLandscaped() {
        let nine = "| 名称 | b | c | d | e | f | g | h | 金额 |"
        let markdown = [
            "# 标题", "", "## 六、政府采购", "", "见下表。", "", "单位：万元", "", nine, "| --- | --- | --- | --- | --- | --- | --- | --- | ---: |",
            "| 建设项目环境影响评价文件技术评估费 | 1 |  |  |  |  |  |  | 52.00 |", "", "注：说明", "", "| a | b |", "| --- | --- |", "| 1 | 2 |", "",
        ].joined(separator: "\n")
        let lines = StatementDocx.landscaped(markdown, sectionEnd: Self.ends).components(separatedBy: "\n")
        // The portrait section ends before the heading (three paragraphs up: 单位, 见下表, the
        // heading), the landscape one after the table's last row; the note and the 2-column
        // table follow on portrait pages.
        #expect(lines.firstIndex(of: "P") == lines.firstIndex(of: "## 六、政府采购")! - 2)
        #expect(lines.firstIndex(of: "L") == lines.firstIndex { $0.hasPrefix("| 建设项目") }! + 2)
        #expect(lines.filter { $0 == "P" || $0 == "L" } == ["P", "L"])
        #expect(lines.contains("| --- | --- |"))
        // Widths by the body's widest text: the name 17 full-width characters = 34, cut to 24;
        // “1” and the empty columns 6 (the least); “52.00” 5, so 6; the alignment kept.
        let widths = [24, 6, 6, 6, 6, 6, 6, 6, 6].map { String(repeating: "-", count: $0) }
        #expect(lines.contains("| " + widths.dropLast().joined(separator: " | ") + " | " + widths.last! + ": |"))
    }

    @Test("the section ends are the reference document's, the landscape one turned, in raw OpenXML blocks")
    func sectionEnds() throws {
        let document =
            #"<w:body><w:p/><w:sectPr><w:footerReference w:type="default" r:id="rId9"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body>"#
        let ends = try #require(StatementDocx.sectionEnd(document))
        #expect(ends.portrait.hasPrefix("```{=openxml}\n<w:p><w:pPr>") && ends.portrait.hasSuffix("</w:pPr></w:p>\n```"))
        #expect(ends.portrait.contains(#"<w:sectPr><w:footerReference w:type="default" r:id="rId9"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#))
        #expect(ends.landscape.contains(#"<w:footerReference w:type="default" r:id="rId9"/><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#))
        #expect(StatementDocx.sectionEnd("<w:body><w:p/></w:body>") == nil)
    }
}
