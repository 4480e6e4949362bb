import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "从 CSV 导入预算明细：全部检查无误才写入，有错就一条也不写。",
        discussion: """
            第一行是列名（英文或中文）：unit/单位编码, functional/功能分类科目编码, economic/经济分类科目编码,
            type/支出类型, nature/经费类型, project/项目名称, source/资金来源, amount/金额, note/备注；
            目录外的编码另加 functional_name/功能分类科目名称 或 economic_name/经济分类科目名称。
            文件可以是 UTF-8（带不带 BOM 都行）或 GBK/GB18030（Excel、WPS 在中文 Windows 上另存的 CSV），自动识别。
            """)
    @OptionGroup var project: ProjectArgument
    @Argument(help: "明细 CSV 文件。") var file: String
    @Option(help: "金额单位：yuan（元，默认）或 wan（万元）。") var unit: Money.InputUnit = .yuan

    func run() throws {
        try perform {
            let bar = ProgressBar("导入", unit: "字节")
            let summary = try Workbench.importItems(project.path, from: file, unit: unit) { done, total in bar.update(done, of: total) }
            bar.finish()
            say("已导入 \(summary.itemCount) 条明细，合计 \(Money.formatYuan(summary.total)) 元（\(Money.formatWan(summary.total)) 万元）。文件编码：\(summary.encoding.rawValue)。")
            if !summary.newProjects.isEmpty {
                let shown = summary.newProjects.prefix(20).joined(separator: "；")
                say("新建 \(summary.newProjects.count) 个项目：\(shown)\(summary.newProjects.count > 20 ? " 等" : "")")
            }
            for entry in summary.newCodeNames {
                say("提醒：\(entry.kind.chineseName) \(entry.code)“\(entry.name)”不在目录中，已按文件中的名称记录。")
            }
        }
    }
}
