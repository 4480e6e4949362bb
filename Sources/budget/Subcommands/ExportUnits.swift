import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct ExportUnits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-units",
        abstract: "为每个单位各导出一个工作簿（该单位自己的九张表）到一个文件夹。检查有错误时不导出，除非加 --force。")
    @OptionGroup var project: ProjectArgument
    @Option(help: "模板：内置模板名（budget templates 列出）或模板文件；不写则用项目的默认模板。") var template: String?
    @Option(help: "模板的版本：department（部门预算）或 unit（单位预算，模板有此版本时）；不写则用项目的默认版本。") var variant: String?
    @Argument(help: "输出文件夹（须已存在）。") var folder: String
    @Flag(help: "即使检查有错误也导出；工作簿上会标注“未经校验”。") var force = false
    @Flag(help: "替换属于其他用户或只读的输出文件（共享文件夹中同事的文件）；不加则拒绝并说明原因。") var overwrite = false

    func run() throws {
        try perform {
            let bar = ProgressBar("导出", unit: "个")
            let files = try Workbench.exportUnits(project.path, to: folder, force: force, template: template, variant: variant, overwrite: overwrite) { done, total in bar.update(done, of: total) }
            // (progress is reported from one worker only, so the bar is never drawn from two threads)
            bar.finish()
            say("已导出 \(files.count) 个单位的工作簿到 \(folder)。")
        }
    }
}
