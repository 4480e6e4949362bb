import ArgumentParser
import BudgetKit
import BudgetReports
import Foundation

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "把整份部门预算公开文件写成一个 PDF：封面、目录、公开表、情况说明（含绩效目标表、政府采购、资产和名词解释），页码连续，目录页码与实际页一致。",
        discussion: """
            公开表按工作簿的打印版式由 LibreOffice 打印，情况说明由 pandoc 写成 Word 文档后打印，
            目录按打印出的页找出每张表、每一部分的起始页。需要 LibreOffice、pandoc、poppler-utils 和 qpdf
            （Scripts/setup 会装好）。检查有错误时不写，除非加 --force（每页标注“未经校验”）。
            """)
    @OptionGroup var project: ProjectArgument
    @Argument(help: "输出的 .pdf 文件。") var output: String
    @Flag(help: "即使检查有错误也写出；每一页都会标注“未经校验”。") var force = false
    @OptionGroup var replacing: OverwriteFlag
    @OptionGroup var templateChoice: TemplateOptions

    func run() throws {
        try perform {
            do {
                let published = try project.open().publish(
                    to: output, force: force, template: templateChoice.template, variant: templateChoice.variant,
                    overwrite: replacing.overwrite)
                if published.check.errorCount > 0 {
                    say("警告：检查发现 \(published.check.errorCount) 个错误，每一页已标注“未经校验”。")
                }
                say("已写出 \(output)：共 \(published.pages) 页。目录：")
                for entry in published.tables + published.statement {
                    say("  \(entry.title)  第 \(entry.page) 页")
                }
            } catch let refused as ExportRefused {
                refused.listErrors()
                throw refused
            }
        }
    }
}
