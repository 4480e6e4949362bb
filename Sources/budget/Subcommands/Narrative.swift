import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct NarrativeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "narrative", abstract: "生成部门预算信息公开情况说明（Markdown），其中的数字都由明细计算。")
    @OptionGroup var project: ProjectArgument
    @Option(help: "模板：内置模板名（budget templates 列出）或模板文件；不写则用项目的默认模板。") var template: String?
    @Option(help: "模板的版本：department（部门预算）或 unit（单位预算，模板有此版本时）；不写则用项目的默认版本。") var variant: String?
    @Option(name: .shortAndLong, help: "写入的文件（.md）；不写则输出到屏幕。") var output: String?
    @Flag(help: "替换属于其他用户或只读的输出文件（共享文件夹中同事的文件）；不加则拒绝并说明原因。") var overwrite = false

    func run() throws {
        try perform {
            let text = try Workbench.narrative(project.path, to: output, template: template, variant: variant, overwrite: overwrite)
            if let output { say("情况说明：\(output)") } else { print(text, terminator: "") }
        }
    }
}
