import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct NarrativeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "narrative", abstract: "生成部门预算信息公开情况说明（Markdown，或 Word 文档 .docx），其中的数字都由明细计算。")
    @OptionGroup var project: ProjectArgument
    @OptionGroup var templateChoice: TemplateOptions
    @Option(name: .shortAndLong, help: "写入的文件（.md；以 .docx 结尾则写成 Word 文档，需要 pandoc）；不写则输出到屏幕。") var output: String?
    @OptionGroup var replacing: OverwriteFlag

    func run() throws {
        try perform {
            let text = try project.open().narrative(
                to: output, template: templateChoice.template, variant: templateChoice.variant, overwrite: replacing.overwrite)
            if let output { say("情况说明：\(output)") } else { print(text, terminator: "") }
        }
    }
}
