import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "项目设置：机关运行经费的口径、默认模板、元的小数位、空表说明。",
        discussion: """
            --operation-costs all：全部单位一般公共预算基本支出中的公用经费（默认，河北口径）；
            --operation-costs administrative：只算行政单位和参公单位（上海口径）。
            模板若规定了口径（上海模板），用该模板时以模板为准。
            --template 换模板时版本回到模板的默认版本，除非同时给出 --variant。
            --yuan-decimals auto（默认）：以元为单位的表按模板显示，但模板为整数元而表中金额有分时显示两位小数；
            0：整数元；2：两位小数（1,234,567.80）。只改显示格式，单元格中仍是精确金额。以万元为单位的表不受影响。
            --empty-table-notes on（默认）：空表下印模板的说明（注：本部门……故本表为空表。）；off：不印（上海市级部门的做法）。
            """)
    @OptionGroup var project: ProjectArgument
    @Option(name: .customLong("operation-costs"), help: "机关运行经费口径：all 或 administrative。") var operationCosts: OperationCostScope?
    @Option(help: "默认模板：内置模板名，或模板文件（其内容保存在项目中）。") var template: String?
    @Option(help: "默认模板的版本：department（部门预算）或 unit（单位预算）。") var variant: String?
    @Option(name: .customLong("yuan-decimals"), help: "以元为单位的表的小数位：auto、0 或 2。") var yuanDecimals: YuanDecimals?
    @Option(name: .customLong("empty-table-notes"), help: "空表下是否印说明：on 或 off。") var emptyTableNotes: Switch?

    func run() throws {
        try perform {
            let session = try project.open()
            try session.setSettings(
                operationCosts: operationCosts, template: template, variant: variant, yuanDecimals: yuanDecimals, emptyNotes: emptyTableNotes?.isOn)
            let scope = try project.open().documentData().operationCostScope
            let tables = try session.tableSettings()
            let chosen = try ProjectSession(project.path).template()
            say("机关运行经费口径：\(scope.chineseName)（\(scope.rawValue)）")
            if let fixed = chosen.operationCostScope.flatMap(OperationCostScope.init(rawValue:)), fixed != scope {
                say("  （默认模板规定为\(fixed.chineseName)，用这个模板时以模板为准）")
            }
            say("默认模板：\(chosen.name)，版本 \(chosen.variantName ?? chosen.variantNames[0])（\(chosen.description)）")
            say("以元为单位的表的小数位：\(tables.yuanDecimals.chineseName)（\(tables.yuanDecimals.rawValue)）")
            say("空表说明：\(tables.emptyNotes ? "印模板的说明（on）" : "不印（off）")")
        }
    }
}
