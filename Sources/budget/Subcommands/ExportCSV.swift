import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct ExportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-csv", abstract: "把全部预算明细导出为 CSV（元），可再用 import 导入。")
    @OptionGroup var project: ProjectArgument
    @Argument(help: "输出的 CSV 文件。") var output: String
    @OptionGroup var replacing: OverwriteFlag
    @Flag(help: "列名和支出类型、经费类型、资金来源用中文（单位编码、基本支出、一般公共预算拨款 …），便于在 Excel 中查看；import 两种都能读。")
    var chinese = false

    func run() throws {
        try perform {
            let count = try project.open().exportCSV(to: output, overwrite: replacing.overwrite, chinese: chinese)
            say("已导出 \(count) 条明细到 \(output)。")
        }
    }
}
