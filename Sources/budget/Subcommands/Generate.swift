import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "生成一个模拟项目（用于测试和性能测量）：真实的科目编码、多个单位和项目、各种资金来源，能通过检查。")
    @OptionGroup var project: ProjectArgument
    @Option(help: "单位个数。") var units: Int = 10
    @Option(help: "预算明细条数。") var items: Int = 10_000
    @Option(help: "随机种子：同一种子生成同样的项目。") var seed: UInt64 = 1

    func validate() throws {
        if units < 1 || units > 100_000 { throw ValidationError("单位个数应在 1 到 100000 之间") }
        if items < 0 || items > 50_000_000 { throw ValidationError("明细条数应在 0 到 50000000 之间") }
    }

    func run() throws {
        try perform {
            let budget = try ProjectSession.generate(at: project.path, units: units, items: items, seed: seed)
            say("已生成 \(project.path)：\(budget.units.count) 个单位，\(budget.projects.count) 个项目，\(budget.items.count) 条明细。")
        }
    }
}
