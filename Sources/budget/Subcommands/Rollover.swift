import ArgumentParser
import BudgetKit
import BudgetModel

struct RolloverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollover", abstract: "由本年的项目文件生成下一年的项目文件（新文件）：单位、延续项目、文字、人员名册和标准、上年预算数。",
        discussion: """
            例：budget rollover 2023.budget 2024.budget --year 2024
            带过来的：部门和单位；除一次性项目外的项目，连同绩效目标、指标和项目经费情况说明；文字、部门绩效目标、名词解释和设置；
            人员名册、单位情况和测算标准；按 --items 选择的明细（默认只带基本支出，有人员名册时按名册重新测算）。
            上年预算数：情况说明比较的每个数（收支总计、基本支出、项目支出、“三公”经费各项、机关运行经费、财政拨款……），
            以及一般公共预算支出每个功能科目“项”和经济分类“款”的数，都按本年的数填好。
            科目变化：按随工具提供的对照表和 --map 文件（旧编码,新编码[,比例]）把旧科目换成新科目，金额分毫不差；
            停用的科目（对照表中没有新编码的，或 --catalog 给出的下一年科目表中没有的）没有对应的新科目时，列出所有涉及的明细，不生成新文件。
            结转报告写在新文件旁边（…-结转报告.txt）。
            """)
    @Argument(help: ArgumentHelp("本年的项目文件。", valueName: "LAST")) var last: String
    @Argument(help: ArgumentHelp("下一年的项目文件（新文件，不能已存在）。", valueName: "NEXT")) var next: String
    @Option(help: "新的预算年度，如 2024。") var year: Int
    @Option(help: "带哪些明细：none（不带）、basic（基本支出，默认）或 all（全部）。") var items: String = "basic"
    @Option(help: ArgumentHelp("科目对照表（CSV：旧编码,新编码,比例），补充或替换随工具提供的对照。", valueName: "FILE")) var map: String?
    @Option(help: ArgumentHelp("下一年的科目表（财政部门下发的 CSV：科目编码,科目名称）：不在其中的旧科目视为停用。", valueName: "FILE")) var catalog: String?
    @OptionGroup var encoding: EncodingOption

    func run() throws {
        try perform {
            guard let choice = RolloverItems.parse(items) else {
                throw ValidationError("--items 应为 none（不带）、basic（基本支出）或 all（全部），不是“\(items)”。")
            }
            let mapping = try map.map { try ProjectSession.readCodeMigration($0, encoding: encoding.encoding) }
            let entries = try catalog.map { try ProjectSession.readCatalog(from: $0, encoding: encoding.encoding) }
            let report = try ProjectSession.rollover(from: last, to: next, year: year, items: choice, mapping: mapping, catalog: entries)
            print(report.text, terminator: "")
            say("已生成 \(next)；结转报告：\(report.reportPath)")
        }
    }
}
