import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "项目设置：机关运行经费的口径、默认模板。",
        discussion: """
            --operation-costs all：全部单位一般公共预算基本支出中的公用经费（默认，河北口径）；
            --operation-costs administrative：只算行政单位和参公单位（上海口径）。
            模板若规定了口径（上海模板），用该模板时以模板为准。
            --template 换模板时版本回到模板的默认版本，除非同时给出 --variant。
            """)
    @OptionGroup var project: ProjectArgument
    @Option(name: .customLong("operation-costs"), help: "机关运行经费口径：all 或 administrative。") var operationCosts: OperationCostScope?
    @Option(help: "默认模板：内置模板名，或模板文件（其内容保存在项目中）。") var template: String?
    @Option(help: "默认模板的版本：department（部门预算）或 unit（单位预算）。") var variant: String?

    func run() throws {
        try perform {
            try project.open().setSettings(operationCosts: operationCosts, template: template, variant: variant)
            let scope = try project.open().documentData().operationCostScope
            let chosen = try ProjectSession(project.path).template()
            say("机关运行经费口径：\(scope.chineseName)（\(scope.rawValue)）")
            if let fixed = chosen.operationCostScope.flatMap(OperationCostScope.init(rawValue:)), fixed != scope {
                say("  （默认模板规定为\(fixed.chineseName)，用这个模板时以模板为准）")
            }
            say("默认模板：\(chosen.name)，版本 \(chosen.variantName ?? chosen.variantNames[0])（\(chosen.description)）")
        }
    }
}
