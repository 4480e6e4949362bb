import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct AssetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asset", abstract: "上年末固定资产占用情况（部门固定资产占用情况表）。", subcommands: [Set_.self, Show_.self])

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "填写固定资产：只改给出的项，给空值（\"\"）清除一项。",
            discussion: "资产总额应等于房屋、车辆、设备和其他固定资产的价值之和（budget check 会核对）。")
        @OptionGroup var project: ProjectArgument
        @Option(name: .customLong("as-of"), help: "截止时间，如 2022-12-31。") var asOf: String?
        @Option(parsing: .unconditional, help: "资产总额。") var total: String?
        @Option(name: .customLong("building-area"), parsing: .unconditional, help: "房屋面积（平方米）。") var buildingArea: String?
        @Option(name: .customLong("office-area"), parsing: .unconditional, help: "其中办公用房面积（平方米）。") var officeArea: String?
        @Option(name: .customLong("building-value"), parsing: .unconditional, help: "房屋价值。") var buildingValue: String?
        @Option(parsing: .unconditional, help: "车辆数（台、辆）。") var vehicles: String?
        @Option(name: .customLong("vehicle-value"), parsing: .unconditional, help: "车辆价值。") var vehicleValue: String?
        @Option(parsing: .unconditional, help: "单价在模板规定金额以上的设备数（河北：20万元以上；上海：100万元（含）以上，不含车辆）。") var equipment: String?
        @Option(name: .customLong("equipment-value"), parsing: .unconditional, help: "这些设备的价值。") var equipmentValue: String?
        @Option(name: .customLong("other-value"), parsing: .unconditional, help: "其他固定资产价值。") var otherValue: String?
        @Option(parsing: .unconditional, help: "本年度拟购置固定资产；不填则取明细中资本性支出（310）的合计。") var planned: String?
        @OptionGroup var amounts: AmountUnitOption

        func run() throws {
            try perform {
                let pairs: [(String, String?)] = [
                    ("as-of", asOf), ("total", total), ("building-area", buildingArea), ("office-area", officeArea),
                    ("building-value", buildingValue), ("vehicles", vehicles), ("vehicle-value", vehicleValue), ("equipment", equipment),
                    ("equipment-value", equipmentValue), ("other-value", otherValue), ("planned", planned),
                ]
                let changes = Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in value.map { (key, $0) } })
                if changes.isEmpty { throw ValidationError("没有给出要填写的项，见 budget asset set --help。") }
                _ = try project.open().setAssets(changes: changes, amountUnit: amounts.amountUnit)
                say("已保存固定资产情况（\(changes.count) 项）。")
            }
        }
    }

    struct Show_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "显示部门固定资产占用情况表。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let reports = try project.open().document().reports
                if let table = reports.table("资产") { print(TextRenderer.render(table, in: reports), terminator: "") }
            }
        }
    }
}
