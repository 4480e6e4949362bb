import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct PurposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purpose", abstract: "财政拨款支出主要内容：每个功能科目“项”主要用于什么，上年预算数和增减原因（上海模板的编制说明）。",
        discussion: """
            情况说明逐项写出一般公共预算支出的每个“项”：“（类）…（款）…（项）X万元，主要用于…”。
            模板要求写原因时（上海：比上年增减 10% 及以上），填了上年预算数且变化达到这一幅度的项必须写增减原因，
            否则 budget check 报错、不能导出。CSV 的列：功能分类科目编码,主要用于,上年预算数,增减原因。
            """,
        subcommands: [Set_.self, Import_.self, List.self, Remove.self])

    struct Set_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "填写一个功能科目“项”的主要用途、上年预算数和/或增减原因；或一个经济分类“款”的上年预算数和增减原因（--economic）。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "功能分类科目编码（7 位的“项”，如 2010301）。") var functional: String?
        @Option(help: "经济分类科目编码（5 位的“款”，如 30201）：填它的上年预算数和增减原因。") var economic: String?
        @Option(parsing: .unconditional, help: "主要用于什么（“主要用于”之后的话）；空值清除。") var text: String?
        @Option(parsing: .unconditional, help: "上年预算数；空值（\"\"）清除。") var prior: String?
        @Option(parsing: .unconditional, help: "增减原因；空值清除。") var reason: String?
        @OptionGroup var amounts: AmountUnitOption

        func run() throws {
            try perform {
                if (functional == nil) == (economic == nil) { throw ValidationError("请给出 --functional（功能科目“项”）或 --economic（经济分类“款”）之一。") }
                if let economic {
                    if text != nil { throw ValidationError("经济分类“款”没有“主要用于”：请只给 --prior 或 --reason。") }
                    if prior == nil && reason == nil { throw ValidationError("请给出 --prior 或 --reason。") }
                    try project.open().setEconomicPrior(economic: economic, prior: prior, reason: reason, amountUnit: amounts.amountUnit)
                    return say("已保存经济分类 \(economic) 的上年数和增减原因。")
                }
                let functional = functional ?? ""
                if text == nil && prior == nil && reason == nil { throw ValidationError("请给出 --text、--prior 或 --reason。") }
                try project.open().setPurpose(functional: functional, purpose: text, prior: prior, reason: reason, amountUnit: amounts.amountUnit)
                say("已保存功能科目 \(functional) 的说明。")
            }
        }
    }

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV（功能分类科目编码,主要用于,上年预算数,增减原因）导入；文件中没有的科目保持不变。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption
        @OptionGroup var amounts: UnitOption

        func run() throws {
            try perform {
                let count = try project.open().importPurposes(from: file, unit: amounts.unit, encoding: encoding.encoding)
                say("已导入 \(count) 个功能科目的说明。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出情况说明逐项写出的功能科目：本年数、上年数、增减、主要用途和增减原因。")
        @OptionGroup var project: ProjectArgument
        @OptionGroup var templateChoice: TemplateOptions

        func run() throws {
            try perform {
                let lines = try project.open().spendingLines(template: templateChoice.template, variant: templateChoice.variant)
                if lines.isEmpty { return say("没有一般公共预算支出，也没有功能科目的说明。") }
                var rows = [["功能科目", "本年（万元）", "上年（万元）", "增减", "主要用于", "增减原因"]]
                for line in lines {
                    let note = line.note
                    let change = line.changePercent.map { String(format: "%+.1f%%", $0) } ?? ""
                    let reason = (note?.reason ?? "").isEmpty && line.needsReason ? "（需填写）" : note?.reason ?? ""
                    rows.append([
                        line.code + (line.name.map { " " + $0 } ?? ""), Money.formatWan(line.amount), note?.prior.map(Money.formatWan) ?? "（未填）",
                        change,
                        (note?.purpose ?? "").isEmpty ? "（未填）" : note?.purpose ?? "", reason,
                    ])
                }
                print(TextRenderer.aligned(rows, right: [1, 2, 3]), terminator: "")
                // The same spending by economic 款, where last year's figures are known (a rollover fills them).
                let economic = try project.open().economicLines(template: templateChoice.template, variant: templateChoice.variant)
                guard economic.contains(where: { $0.note != nil }) else { return }
                var byEconomic = [["经济分类款", "本年（万元）", "上年（万元）", "增减（万元）", "增减率", "增减原因"]]
                for line in economic {
                    let change = line.note?.prior.map { Money.formatWan(line.amount - $0) } ?? ""
                    byEconomic.append([
                        line.code + (line.name.map { " " + $0 } ?? ""), Money.formatWan(line.amount), line.note?.prior.map(Money.formatWan) ?? "（未填）",
                        change, line.changePercent.map { String(format: "%+.1f%%", $0) } ?? "", line.note?.reason ?? "",
                    ])
                }
                print("")
                print(TextRenderer.aligned(byEconomic, right: [1, 2, 3, 4]), terminator: "")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "删除一个功能科目的说明。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "功能分类科目编码。") var functional: String

        func run() throws {
            try perform {
                try project.open().removePurpose(functional: functional)
                say("已删除功能科目 \(functional) 的说明。")
            }
        }
    }
}
