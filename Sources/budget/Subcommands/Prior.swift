import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct PriorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prior", abstract: "上年预算数和增减原因（情况说明中与上年比较）。",
        discussion: """
            项目：total 收支总计，basic 基本支出，project 项目支出，abroad 因公出国（境）费，vehicle-purchase 公务用车购置费，
            vehicle-operation 公务用车运行费，reception 公务接待费，operation 机关运行经费，three-public “三公”经费（只填原因），
            fiscal 财政拨款，general 一般公共预算拨款，fund 政府性基金拨款，soe 国有资本经营预算拨款（上海模板的编制说明与上年比较）。
            增减原因写在“主要为”之后，如“人员保险基数增加”。
            """,
        subcommands: [Set_.self, Import_.self, List.self])

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "填写一项的上年预算数和/或增减原因。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "项目，如 total、basic、project、abroad（或中文名）。") var item: PriorItem
        @Option(parsing: .unconditional, help: "上年预算数；空值（\"\"）清除。") var amount: String?
        @Option(help: "增减原因（一句话）。") var reason: String?
        @OptionGroup var amounts: AmountUnitOption

        func run() throws {
            try perform {
                if amount == nil && reason == nil { throw ValidationError("请给出 --amount 或 --reason。") }
                try project.open().setPrior(item: item, amount: amount, reason: reason, amountUnit: amounts.amountUnit)
                say("已保存上年“\(item.chineseName)”。")
            }
        }
    }

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "从 CSV（项目,上年预算数,增减原因）导入上年预算数。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption
        @OptionGroup var amounts: UnitOption

        func run() throws {
            try perform {
                let items = try project.open().importPrior(from: file, unit: amounts.unit, encoding: encoding.encoding)
                say("已导入 \(items.count) 项上年预算数。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出上年预算数、本年数和增减。")
        @OptionGroup var project: ProjectArgument

        func run() throws {
            try perform {
                let composed = try project.open().document()
                let figures = composed.figures
                var rows = [["项目", "上年（万元）", "本年（万元）", "增减（万元）", "增减原因"]]
                for item in PriorItem.allCases {
                    let before = figures.prior.amount(item)
                    let now = figures.current(item)
                    rows.append([
                        item.chineseName, before.map(Money.formatWan) ?? "（未填）", Money.formatWan(now),
                        before.map { Money.formatHundredths(Money.wanHundredths(now) - Money.wanHundredths($0)) } ?? "",
                        figures.prior.reasons[item] ?? "",
                    ])
                }
                print(TextRenderer.aligned(rows, right: [1, 2, 3]), terminator: "")
            }
        }
    }
}
