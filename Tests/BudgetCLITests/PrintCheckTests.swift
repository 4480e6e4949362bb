import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// LibreOffice and Debian's python3 with pdfminer: what `Scripts/print-check` needs
/// (`Scripts/setup` installs them).
enum PrintCheck {
    static let script = PackagePaths.root.appendingPathComponent("Scripts/print-check").path

    /// Why the print check cannot run here, or nil when it can.
    static let missing = Office.missing(importing: "pdfminer, openpyxl", from: "python3-pdfminer, python3-openpyxl")

    /// Run where LibreOffice and pdfminer are; skipped elsewhere, except in CI.
    static let needsTools = ConditionTrait.enabled(
        if: missing == nil || Office.inCI, "LibreOffice or pdfminer is missing (\(missing ?? "")): Scripts/setup installs them")

    static func requireTools() throws {
        try #require(missing == nil, "CI needs LibreOffice and pdfminer for this test: \(missing ?? "")")
    }

    /// A goal of 240 characters (20 × 12).
    static let goal = String(repeating: "提升政务服务水平，保障系统安全稳定运行，", count: 12)

    /// Imports a 绩效目标表 of 47 indicators for `project`, longer than a page: 45 产出指标 under
    /// one merged cell (45 rows of 19 points = 855, over the 472 of an A4 page), then one
    /// 效益指标 and one 满意度指标.
    static func importLongTable(_ project: String, for name: String, folder: TemporaryFolder) throws {
        var csv = "项目名称,绩效目标,一级指标,二级指标,三级指标,绩效指标描述,指标值,指标值确定依据\n"
        for n in 1...45 { csv += "\(name),\(goal),产出指标,数量指标,第\(n)项维护数量,维护数量,≥\(n)次,历史标准\n" }
        csv += "\(name),\(goal),效益指标,社会效益指标,服务水平,服务水平提升,≥95%,历史标准\n"
        csv += "\(name),\(goal),满意度指标,服务对象满意度指标,办事企业满意度,办事企业满意度,≥95%,问卷调查\n"
        let indicators = try runBudget(["indicator", "import", project, folder.write("indicators.csv", csv)])
        try #require(indicators.status == 0, "indicator import: \(indicators.stderr)")
    }
}

@Suite("Printed pages hold in LibreOffice")
struct PrintCheckTests {
    @Test(
        "every exported workbook prints without overprinting, text across borders, text below 8 pt, pages without a number, a 绩效目标表 split or continued without its header",
        PrintCheck.needsTools)
    func everyPagePrintsClean() throws {
        try PrintCheck.requireTools()

        // Given: the sample in both templates and both versions, export-units, and a generated
        // project of 40 projects with 200-character names and long goals (40 绩效目标表, one
        // longer than a page)
        let folder = TemporaryFolder()
        let exported = ExportedWorkbooks(folder)
        let sample = folder.file("sample.budget")
        try SampleProject.build(at: sample)
        try exported.export(sample, "sample-hebei.xlsx", ["--with-items"])
        try exported.export(sample, "sample-hebei-unit.xlsx", ["--variant", "unit"])
        try exported.export(sample, "sample-shanghai.xlsx", ["--template", "shanghai"])
        try exported.export(sample, "sample-shanghai-unit.xlsx", ["--template", "shanghai", "--variant", "unit"])
        // The sample's two units.
        #expect(try exported.exportUnits(sample, "units") == 2)

        let generated = folder.file("generated.budget")
        // 1,600 items over 2 units: 1600 / 2 / 40 = 20 projects a unit, 40 in all.
        let made = try runBudget(["generate", generated, "--units", "2", "--items", "1600", "--seed", "3"])
        try #require(made.status == 0, "generate: \(made.stderr)")
        let listed = try runBudget(["project", "list", generated])
        let names = listed.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.contains("-项目") }
        try #require(names.count == 40, "\(listed.stdout)")
        let filler = String(repeating: "行政审批服务能力提升及政务信息系统运行维护", count: 10)
        for name in names {
            let long = String((name + filler).prefix(200))
            let renamed = try runBudget(["project", "rename", generated, "--name", name, "--to", long])
            try #require(renamed.status == 0, "rename \(name): \(renamed.stderr)")
            let set = try runBudget(["project", "set", generated, "--name", long, "--goal", PrintCheck.goal])
            try #require(set.status == 0, "goal \(name): \(set.stderr)")
        }
        // One table longer than a page, which runs on under its header, broken between rows.
        try PrintCheck.importLongTable(generated, for: String((names[4] + filler).prefix(200)), folder: folder)
        try exported.export(generated, "generated-hebei.xlsx")
        try exported.export(generated, "generated-shanghai.xlsx", ["--template", "shanghai"])
        let workbooks = exported.paths

        // When: one LibreOffice prints them all to PDF and the pages are read back, after the
        // check has shown it finds every kind of problem in a badly laid-out workbook
        let result = try runProgram(Office.python, [PrintCheck.script, "--self-check"] + workbooks)

        // Then: no problem on any page
        let report = "\(result.stdout)\(result.stderr)"
        #expect(result.status == 0, "\(report)")
        #expect(result.stdout.contains("self-check: overlap, border, size, page number, split and header are found"), "\(report)")
        for workbook in workbooks {
            let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("\(workbook): ") }
            let counts = line.flatMap { $0.firstMatch(of: /: (\d+) pages, (\d+) characters, (\d+) problems$/) }
            #expect(
                counts.map { Int($0.output.1)! > 0 && Int($0.output.2)! > 0 && $0.output.3 == "0" } == true,
                "\(line.map(String.init) ?? "\(workbook): not checked")")
        }
    }

    @Test(
        "a 绩效目标表 longer than a page goes on under “N、…绩效目标表（续）” and a copy of its header rows, every indicator once and in order",
        PrintCheck.needsTools)
    func longTableContinuesUnderItsHeader() throws {
        try PrintCheck.requireTools()

        // Given: a generated project of 5 projects, the second with 47 indicators
        let folder = TemporaryFolder()
        let project = folder.file("generated.budget")
        let made = try runBudget(["generate", project, "--units", "1", "--items", "200", "--seed", "3"])
        try #require(made.status == 0, "generate: \(made.stderr)")
        let listed = try runBudget(["project", "list", project]).stdout
        let names = listed.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.contains("-项目") }
        try #require(names.count >= 3, "\(listed)")
        try PrintCheck.importLongTable(project, for: names[1], folder: folder)

        // When: it is exported (the export reads every cell back where the layout put it)
        let path = folder.file("generated.xlsx")
        let exported = try runBudget(["export", project, path, "--force"])
        try #require(exported.status == 0, "export: \(exported.stderr)")

        // Then: every page break of the sheet starts a table at its title, or a further page of
        // the long table with “（续）”, the goal row and the header row. At least two: a page
        // holds 472.7 points of rows; the table takes 30 (title) + 19 (goal, one line at least)
        // + 19 (header) + 47 × 19 = 961 without copies, and each further page adds a copy of
        // at least 19 + 19 + 19 = 57: two pages (945.4) hold less than 961 + 57, three are needed.
        let workbook = try XLSXWorkbook(path: path)
        let index = try #require(workbook.sheets.firstIndex { $0.name == "项目绩效目标表" })
        let sheet = workbook.sheets[index]
        let xml = String(decoding: try #require(try XLSXPackage.part(path, "xl/worksheets/sheet\(index + 1).xml")), as: UTF8.self)
        let breaks = xml.matches(of: /<brk id="(\d+)"/).map { Int($0.output.1)! }
        let title = "2、\(names[1])绩效目标表"
        var continued = 0
        for row in breaks {
            let first = sheet.cell(row: row, column: 0)?.value ?? ""
            if first == title + "（续）" {
                continued += 1
                #expect(sheet.cell(row: row + 1, column: 0)?.value == "绩效目标" && sheet.cell(row: row + 1, column: 1)?.value == PrintCheck.goal)
                let header = (0..<6).map { sheet.cell(row: row + 2, column: $0)?.value ?? "" }
                #expect(header == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"], "row \(row + 3)")
                // The merged 产出指标 goes on with its name on the new page.
                #expect(sheet.cell(row: row + 3, column: 0)?.value == "产出指标", "row \(row + 4)")
            } else {
                #expect(first.hasSuffix("绩效目标表"), "a break before row \(row + 1): \(first)")
            }
        }
        #expect(continued >= 2, "\(breaks)")
        // Every indicator once, in order, between the copies.
        let third = sheet.rows().compactMap { row in row.cells.first { $0.column == 2 }?.cell.value }.filter { $0.hasSuffix("项维护数量") }
        #expect(third == (1...45).map { "第\($0)项维护数量" })

        // And the printed pages: each further page carries the header (print-check's “header”).
        let result = try runProgram(Office.python, [PrintCheck.script, path])
        #expect(result.status == 0 && result.stdout.contains(" characters, 0 problems"), "\(result.stdout)\(result.stderr)")
    }
}
