import BudgetModel
import Foundation
import Testing

@testable import BudgetReports

@Suite("Drawing tables as text")
struct TextRendererTests {
    @Test("CJK characters take two columns")
    func width() {
        #expect(TextRenderer.displayWidth("合计") == 4)
        #expect(TextRenderer.displayWidth("201 一般") == 8)
        #expect(TextRenderer.displayWidth("（）") == 4)
    }

    @Test("a table is drawn with its title, labels, 栏次 and amounts in 万元, blank where zero")
    func render() throws {
        let reports = try ReportEngine.compute(
            snapshot([item("2010306", "30101", .basic, .general, 1_871_000_00)]), template: Template.builtIn("hebei"))
        let text = TextRenderer.render(try #require(reports.table("5")), in: reports)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "部门预算一般公共预算财政拨款支出表")
        #expect(lines[1].contains("001 测试部门") && lines[1].contains("预算年度：2024") && lines[1].contains("单位：万元"))
        #expect(lines[3].hasPrefix("栏次"))
        // 合计 row: 合计 and 基本支出 hold 187.10, 项目支出 is blank.
        #expect(lines[5].contains("合计") && lines[5].hasSuffix("187.10"))
        #expect(lines[5].components(separatedBy: "187.10").count == 3)
        let csv = TextRenderer.csv(try #require(reports.table("5")), in: reports)
        #expect(csv.contains("1,,合计,187.10,187.10,\r\n"))
    }
}
