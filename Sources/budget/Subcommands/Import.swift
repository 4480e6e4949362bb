import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import Foundation

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "从 CSV 导入预算明细，或导入填报工作簿（.xlsx）：全部检查无误才写入，有错就一条也不写。",
        discussion: """
            CSV：第一行是列名（英文或中文）：unit/单位编码, functional/功能分类科目编码, economic/经济分类科目编码,
            type/支出类型, nature/经费类型, project/项目名称, source/资金来源, amount/金额, note/备注；
            目录外的编码另加 functional_name/功能分类科目名称 或 economic_name/经济分类科目名称。
            文件可以是 UTF-8（带不带 BOM 都行）或 GBK/GB18030（Excel、WPS 在中文 Windows 上另存的 CSV），自动识别；
            识别不了（两种读法都说得通，或一个文件混用两种编码）时不猜，指出是哪一行，请用 --encoding 指定。

            工作簿（按文件内容识别，不看扩展名）：budget template 生成的填报工作簿，或 Excel、WPS、LibreOffice
            保存的任何 .xlsx，只要各表的列名与 CSV 格式相同（单位、预算明细、项目、绩效指标、政府采购、资产、上年数、
            情况说明文字、分项绩效目标、名词解释；按列名识别，与表名和顺序无关）。出错的单元格逐一列出（如 预算明细!H12）。
            项目文件中已有工作簿所含的内容时，要加 --replace 才用工作簿的内容整体替换；工作簿中没有的部分保持不变。
            加 --add 则把工作簿中的单位、项目、预算明细、绩效指标和政府采购添加到项目中已有的之后（如一所学校只填了
            自己的几行）：已有的单位、项目要与工作簿中的相同，已有绩效指标的项目不再添加；资产、上年数、主要内容、
            情况说明文字、分项绩效目标、名词解释各表不导入。替换或添加前先把项目另存为快照，可以撤销。
            budget export 导出的公开表是由项目计算出来的，不能导入。

            CSV 默认添加到已有明细之后；加 --replace 则用文件中的明细替换项目中的全部明细。项目中已有明细时，
            导入前先把项目另存为快照（“导入“文件名”之前（时间）”），可用 budget snapshot restore 撤销这次导入。
            文件中的明细在项目中都已经有了（单位、科目、类型、项目、资金来源、金额都相同）时，像是重复导入，
            不导入（确要再导入一次，加 --allow-duplicates）；只有部分相同时照常导入，并提醒是哪几条。

            新的项目名称与已有项目只差一两个字（如“校舍维修改遭”与“校舍维修改造”）时不导入，以免把写错的名称
            当成新项目；确是新项目，加 --new-project 新名称（可写多次）。
            """)
    @OptionGroup var project: ProjectArgument
    @Argument(help: "明细 CSV 文件，或填报工作簿（.xlsx）。") var file: String
    @OptionGroup var encoding: EncodingOption
    @OptionGroup var amounts: UnitOption
    @Flag(help: "用文件的内容替换项目中的相应内容：CSV 替换全部预算明细；工作簿替换它所含各表的内容。") var replace = false
    @Flag(help: "把文件中的内容添加到项目中已有的之后：CSV 本来就是添加；工作簿则添加它的单位、项目、预算明细、绩效指标和政府采购。") var add = false
    @Flag(help: "（CSV，或工作簿加 --add）文件中的明细项目中都已经有了时，仍然再导入一次。") var allowDuplicates = false
    @Option(help: ArgumentHelp("确认这个名称是新项目，虽然它与已有项目的名称只差一两个字（可写多次）。", valueName: "项目名称")) var newProject: [String] = []

    func run() throws {
        if replace && add { throw ValidationError("--replace（替换）和 --add（添加）只能用一个") }
        if InputFiles.isWorkbook(file) {
            if encoding.encoding != nil { throw ValidationError("--encoding 只用于 CSV：工作簿的文字编码由文件自己写明") }
            if allowDuplicates && !add { throw ValidationError("工作簿只有加 --add 时才会重复导入：--allow-duplicates 要与 --add 一起用") }
            return try importWorkbook()
        }
        if replace && allowDuplicates { throw ValidationError("--replace 替换全部明细，不会重复导入：不用再加 --allow-duplicates") }
        try perform {
            let bar = ProgressBar("导入", unit: ProgressBar.bytes)
            let summary = try project.open().importItems(
                from: file, unit: amounts.unit, encoding: encoding.encoding, replace: replace, allowDuplicates: allowDuplicates,
                newProjects: Set(newProject)
            ) { done, total in
                bar.update(done, of: total)
            }
            bar.finish()
            if let saved = summary.savedAs { say("导入前的内容已保存为快照“\(saved)”，可用 budget snapshot restore 撤销这次导入。") }
            if summary.replacedItems > 0 { say("用文件中的明细替换了项目中原有的 \(summary.replacedItems) 条明细。") }
            say(
                "已导入 \(summary.itemCount) 条明细，合计 \(Money.formatYuan(summary.total)) 元（\(Money.formatWan(summary.total)) 万元）。文件编码：\(summary.encoding.rawValue)。"
            )
            if !summary.newProjects.isEmpty {
                let shown = summary.newProjects.prefix(20).joined(separator: "；")
                say("新建 \(summary.newProjects.count) 个项目：\(shown)\(summary.newProjects.count > 20 ? " 等" : "")")
            }
            for entry in summary.newCodeNames {
                say("提醒：\(entry.kind.chineseName) \(entry.code)“\(entry.name)”不在目录中，已按文件中的名称记录。")
            }
            if let warning = summary.scaleWarning { say("提醒：" + warning + "。") }
            if !summary.repeated.isEmpty {
                let shown = summary.repeated.prefix(20).map { "第 \($0) 条" }.joined(separator: "、")
                say(
                    "提醒：文件中的\(shown)\(summary.repeated.count > 20 ? " 等 \(summary.repeated.count) 条" : "")明细在导入前项目中已经有了（各项都相同），请核对是否重复导入；要撤销，用 budget snapshot restore。"
                )
            }
        }
    }

    func importWorkbook() throws {
        try perform {
            let result = try project.open().importWorkbook(
                from: file, unit: amounts.unit, replace: replace, add: add, allowDuplicates: allowDuplicates, newProjects: Set(newProject))
            let verb = result.replaced ? "替换了" : result.added ? "添加了" : "导入了"
            var lines = ["已导入工作簿 \(file)（\(verb)：\(result.parts.joined(separator: "、"))）。"]
            var counts: [String] = []
            if result.parts.contains("单位") { counts.append("单位 \(result.units) 个（新增 \(result.newUnits) 个）") }
            if result.parts.contains("项目") { counts.append("项目 \(result.projects) 个") }
            // With --replace, what there was before: a part emptied by mistake shows as “53 → 0”.
            let was = { (count: Int) in result.replaced ? "（原有 \(count)）" : "" }
            if result.parts.contains("预算明细") {
                counts.append(
                    "预算明细 \(result.items) 条\(was(result.before.items))，合计 \(Money.formatYuan(result.total)) 元（\(Money.formatWan(result.total)) 万元）")
            }
            if result.parts.contains("绩效指标") { counts.append("绩效指标 \(result.indicators) 行\(was(result.before.indicators))") }
            if result.parts.contains("政府采购") { counts.append("政府采购 \(result.procurement) 条\(was(result.before.procurement))") }
            if result.parts.contains("上年数") { counts.append("上年数 \(result.priorFigures) 项") }
            if result.parts.contains("主要内容") { counts.append("主要内容 \(result.lineNotes) 个功能科目") }
            if result.parts.contains("情况说明文字") { counts.append("情况说明文字 \(result.paragraphs) 段") }
            if result.parts.contains("分项绩效目标") { counts.append("分项绩效目标 \(result.goals) 项") }
            if result.parts.contains("名词解释") { counts.append("名词解释 \(result.glossaryEntries) 条") }
            if result.parts.contains("控制数") { counts.append("控制数 \(result.caps) 项") }
            if !counts.isEmpty { lines.append(counts.joined(separator: "；") + "。") }
            if !result.newProjects.isEmpty {
                let shown = result.newProjects.prefix(20).joined(separator: "；")
                lines.append("由预算明细新建 \(result.newProjects.count) 个项目：\(shown)\(result.newProjects.count > 20 ? " 等" : "")")
            }
            for entry in result.newCodeNames {
                lines.append("提醒：\(entry.kind.chineseName) \(entry.code)“\(entry.name)”不在目录中，已按工作簿中的名称记录。")
            }
            if !result.disclosureSheets.isEmpty {
                let shown = result.disclosureSheets.prefix(5).map { "“\(Shown.text($0))”" }.joined(separator: "、")
                lines.append(
                    "提醒：工作表\(shown)\(result.disclosureSheets.count > 5 ? "等 \(result.disclosureSheets.count) 张" : "")是公开表（budget export 生成的），不是填报的内容，没有导入。"
                )
            }
            if let warning = result.scaleWarning { lines.append("提醒：" + warning + "。") }
            for sheet in result.skippedSheets {
                lines.append("提醒：工作表“\(Shown.text(sheet))”的列名不是可识别的格式，没有导入。")
            }
            if !result.ignoredSheets.isEmpty {
                lines.append(
                    "提醒：--add 只添加单位、项目、预算明细、绩效指标和政府采购；工作表\(result.ignoredSheets.map { "“\(Shown.text($0))”" }.joined(separator: "、"))没有导入（要导入它们，不加 --add，或用 --replace）。"
                )
            }
            if !result.repeated.isEmpty {
                let shown = result.repeated.prefix(20).map { "第 \($0) 条" }.joined(separator: "、")
                lines.append(
                    "提醒：工作簿中的\(shown)\(result.repeated.count > 20 ? " 等 \(result.repeated.count) 条" : "")明细在导入前项目中已经有了（各项都相同），请核对是否重复导入；要撤销，用 budget snapshot restore。"
                )
            }
            if let snapshot = result.snapshot {
                lines.append("导入前的内容已保存为快照“\(snapshot)”：用 budget snapshot restore 可以撤销这次导入，用 budget diff 查看改动。")
            }
            say(lines.joined(separator: "\n"))
        }
    }
}
