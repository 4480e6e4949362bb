import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

extension UnitNature: ExpressibleByArgument {
    public init?(argument: String) {
        guard let nature = Vocabulary.unitNature(argument) else { return nil }
        self = nature
    }
}

struct UnitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit", abstract: "管理部门所属的预算单位（本级和下属单位）。",
        subcommands: [Add.self, List.self, Remove.self, ImportUnits.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "添加一个单位。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "单位编码，如 432001。") var code: String
        @Option(help: "单位名称。") var name: String
        @Option(help: "单位性质：行政、事业 或 参公。") var nature: UnitNature
        @Option(help: "单位规格，如 副处（县）级。") var level: String = ""
        @Option(help: "经费保障形式，如 财政拨款、财政性资金基本保证。") var fundingForm: String = ""

        func run() throws {
            try perform {
                let unit = try project.open().addUnit(BudgetUnit(code: code, name: name, nature: nature, level: level, fundingForm: fundingForm))
                say("已添加单位 \(unit.code) \(name)（\(nature.rawValue)）。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出单位。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let units = try project.open().units()
                if units.isEmpty { return say("项目中还没有单位。用 budget unit add 添加。") }
                let rows =
                    [["单位编码", "单位名称", "单位性质", "单位规格", "经费保障形式"]]
                    + units.map { [$0.code, $0.name, $0.nature.rawValue, $0.level, $0.fundingForm] }
                print(TextRenderer.aligned(rows), terminator: "")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "删除一个没有预算明细的单位。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "单位编码。") var code: String

        func run() throws {
            try perform {
                try project.open().removeUnit(code: code)
                say("已删除单位 \(code)。")
            }
        }
    }

    struct ImportUnits: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV 导入单位（列：code/单位编码, name/单位名称, nature/单位性质, level/单位规格, funding_form/经费保障形式）。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "单位 CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption

        func run() throws {
            try perform {
                let units = try project.open().importUnits(from: file, encoding: encoding.encoding)
                say("已导入 \(units.count) 个单位：" + units.map { "\($0.code) \($0.name)" }.joined(separator: "、"))
            }
        }
    }
}
