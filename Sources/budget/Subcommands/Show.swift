import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "在终端显示一张表（九张公开表按编号 1–9，其余按名称）；不给表名则列出全部表。")
    @OptionGroup var project: ProjectArgument
    @OptionGroup var templateChoice: TemplateOptions
    @Argument(help: "表的编号（1–9）或名称，如 5、基本支出表、采购、绩效目标表3。") var table: String?
    @Flag(help: "以 CSV 输出。") var csv = false

    func run() throws {
        try perform {
            let reports = try project.open().document(template: templateChoice.template, variant: templateChoice.variant).reports
            guard let table else {
                print(TextRenderer.aligned(reports.tables.map { [$0.id, $0.title] }), terminator: "")
                return
            }
            let matches = reports.find(table)
            guard matches.count == 1, let found = matches.first else {
                let choices = (matches.isEmpty ? reports.tables : matches).map { "\($0.id) \($0.title)" }.joined(separator: "；")
                throw ValidationError(matches.isEmpty ? "没有这张表：“\(table)”。可用：\(choices)" : "“\(table)”不止一张表：\(choices)。请用编号")
            }
            print(csv ? TextRenderer.csv(found, in: reports) : TextRenderer.render(found, in: reports), terminator: "")
        }
    }
}
