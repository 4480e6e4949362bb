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

    func run() throws {
        try perform {
            let count = try project.open().exportCSV(to: output, overwrite: replacing.overwrite)
            say("已导出 \(count) 条明细到 \(output)。")
        }
    }
}
