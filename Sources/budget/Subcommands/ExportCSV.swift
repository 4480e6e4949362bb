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
    @Flag(help: "替换属于其他用户或只读的输出文件（共享文件夹中同事的文件）；不加则拒绝并说明原因。") var overwrite = false

    func run() throws {
        try perform {
            let count = try Workbench.exportCSV(project.path, to: output, overwrite: overwrite)
            say("已导出 \(count) 条明细到 \(output)。")
        }
    }
}
