import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

/// `budget template PROJECT OUT.xlsx` (or `budget draft …`): the draft workbook clerks fill in.
struct DraftTemplate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "生成填报工作簿（.xlsx）：单位、预算明细、项目、绩效指标、政府采购、资产、上年数、情况说明文字、分项绩效目标、名词解释各一张表，带下拉列表和自动合计，填好后用 budget import 导回。",
        discussion: """
            工作簿中是项目文件现有的数据（新项目则是只有列名的空表）；第一张表“填表说明”讲怎样填写。
            列名与 CSV 导入的列名相同；金额单位为元。填好后：
              budget import 项目.budget 工作簿.xlsx --replace
            同一项目生成的工作簿逐字节相同。也可以写作 budget draft。
            """,
        aliases: ["draft"])
    @OptionGroup var project: ProjectArgument
    @Argument(help: "输出的 .xlsx 文件。") var output: String
    @OptionGroup var replacing: OverwriteFlag

    func validate() throws {
        // budget template hebei my.json means template-export; a workbook is .xlsx.
        if Template.builtInNames[project.path] != nil || output.lowercased().hasSuffix(".json") {
            throw ValidationError("budget template 生成的是填报工作簿（.xlsx）。要把公开表模板写成文件，请用 budget template-export \(project.path) \(output)")
        }
        guard output.lowercased().hasSuffix(".xlsx") else {
            throw ValidationError("填报工作簿的文件名应以 .xlsx 结尾：\(output)")
        }
    }

    func run() throws {
        try perform {
            let summary = try project.open().writeDraft(to: output, overwrite: replacing.overwrite)
            let counts = summary.sheets.map { "\($0.name) \($0.records)" }.joined(separator: "，")
            say("已生成填报工作簿 \(output)（各表行数：\(counts)）。金额单位：元。填好后用 budget import \(project.path) \(output) --replace 导回。")
        }
    }
}
