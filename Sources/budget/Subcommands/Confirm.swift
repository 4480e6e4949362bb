import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct ConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm", abstract: "确认 budget check 的提醒无误，此后不再提醒；金额变了会再提醒。",
        discussion: """
            budget check 对看起来不对的金额给出提醒（工资福利太少、与单位性质不符、比上年大或小约一万倍、“三公”经费比上年多、
            机关运行经费口径未选），每条带编号和标识。核对后确认无误：
              budget confirm 项目文件 1 2 --note 说明        按 check 列出的编号确认
              budget confirm 项目文件 small-pay:432001:30101  按标识确认
              budget confirm 项目文件 --list                 列出已确认的提醒
              budget confirm 项目文件 --undo 标识或编号       取消确认，提醒会再出现
            确认记下当时涉及的金额：以后这些金额变了，提醒会再出现，需要重新核对。
            """)
    @OptionGroup var project: ProjectArgument
    @Argument(help: ArgumentHelp("要确认的提醒：budget check 列出的编号或标识，可写多个。", valueName: "提醒")) var references: [String] = []
    @Option(help: "确认的说明（为什么没问题），记在项目中。") var note: String?
    @Flag(help: "列出已确认的提醒。") var list = false
    @Option(parsing: .upToNextOption, help: "取消确认：已确认提醒的标识或 --list 中的编号。") var undo: [String] = []
    @OptionGroup var templateChoice: TemplateOptions

    func validate() throws {
        let modes = [!references.isEmpty, list, !undo.isEmpty].filter { $0 }.count
        if modes == 0 { throw ValidationError("请写要确认的提醒的编号或标识，或用 --list、--undo") }
        if modes > 1 { throw ValidationError("要确认的提醒、--list 和 --undo 一次只能用一种") }
        if note != nil && references.isEmpty { throw ValidationError("--note 只在确认提醒时用") }
    }

    func run() throws {
        try perform {
            let session = try project.open()
            if list {
                let confirmations = try session.confirmations(template: templateChoice.template, variant: templateChoice.variant)
                if confirmations.isEmpty { say("没有已确认的提醒。") }
                for (number, entry) in confirmations.enumerated() {
                    let state = entry.holds ? "有效" : "金额已变，提醒已恢复"
                    say("\(number + 1). \(entry.confirmation.key)（\(state)，\(entry.confirmation.confirmed) 确认）")
                    say("   \(Shown.text(entry.confirmation.message, limit: 400))")
                    if !entry.confirmation.note.isEmpty { say("   说明：\(Shown.text(entry.confirmation.note))") }
                }
            } else if !undo.isEmpty {
                for confirmation in try session.unconfirm(undo) {
                    say("已取消确认：\(confirmation.key)。budget check 会再提醒。")
                }
            } else {
                let written = try session.confirm(
                    references, note: note ?? "", template: templateChoice.template, variant: templateChoice.variant)
                for confirmation in written {
                    say("已确认：\(confirmation.key)。金额不变就不再提醒；金额变了会再提醒。")
                }
            }
        }
    }
}
