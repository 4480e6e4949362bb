import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "导出部门预算公开的 Excel 工作簿（.xlsx）：九张公开表、机构设置、项目绩效目标表、政府采购、固定资产和情况说明。检查有错误时不导出，除非加 --force。")
    @OptionGroup var project: ProjectArgument
    @Argument(help: "输出的 .xlsx 文件。") var output: String
    @Flag(help: "即使检查有错误也导出；工作簿每张表上会标注“未经校验”。") var force = false
    @Flag(help: "在最后加一张“预算明细”表，列出每一条明细。") var withItems = false
    @OptionGroup var replacing: OverwriteFlag
    @OptionGroup var templateChoice: TemplateOptions

    func run() throws {
        try perform {
            do {
                let result = try project.open().export(
                    to: output, force: force, withItems: withItems, template: templateChoice.template, variant: templateChoice.variant,
                    overwrite: replacing.overwrite)
                if result.errorCount > 0 {
                    say("警告：检查发现 \(result.errorCount) 个错误，工作簿已标注“未经校验”。")
                }
                let nine = result.reports.template.tables.count
                let targets = result.reports.tables.filter { $0.id.hasPrefix("绩效") }.count
                let sheet = { (id: String) in result.reports.table(id)?.sheetName ?? "" }
                say("已导出 \(output)：\(nine) 张公开表，\(sheet("机构"))、项目绩效目标表（\(targets) 个项目）、\(sheet("采购"))、\(sheet("资产"))和情况说明。")
            } catch let refused as ExportRefused {
                refused.listErrors()
                throw refused
            }
        }
    }
}

extension ExportRefused {
    /// The errors that stopped the export, one a line on standard error, before the refusal.
    func listErrors() {
        for finding in result.findings where finding.severity == .error {
            FileHandle.standardError.write(Data((finding.describe(format: result.reports.format) + "\n").utf8))
        }
    }
}
