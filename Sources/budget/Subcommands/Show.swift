import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "在终端显示一张表（九张公开表按编号 1–9，其余按名称）；不给表名则列出全部表。")
    @OptionGroup var project: ProjectArgument
    @OptionGroup var templateChoice: TemplateOptions
    @Argument(help: "表的编号（1–9）或名称，如 5、基本支出表、采购、绩效目标表3。") var table: String?
    @Flag(help: "以 CSV 输出。") var csv = false

    func run() throws {
        try perform {
            let session = try project.open()
            if let table, CapsTable.names.contains(Vocabulary.fold(table)) { return print(try CapsTable.text(session, csv: csv), terminator: "") }
            let reports = try session.document(template: templateChoice.template, variant: templateChoice.variant).reports
            guard let table else {
                var list = reports.tables.map { [$0.id, $0.title] }
                if try !session.caps().isEmpty { list.append(["caps", CapsTable.title]) }
                print(TextRenderer.aligned(list), terminator: "")
                return
            }
            let matches = reports.find(table)
            guard matches.count == 1, let found = matches.first else {
                let choices = (matches.isEmpty ? reports.tables : matches).map { "\($0.id) \($0.title)" }.joined(separator: "；")
                throw ValidationError(matches.isEmpty ? "没有这张表：“\(table)”。可用：\(choices)" : "“\(table)”不止一张表：\(choices)。请用编号")
            }
            print(csv ? TextRenderer.csv(found, in: reports) : TextRenderer.render(found, in: reports), terminator: "")
        }
    }
}

/// `show P caps`: the 控制数执行 table, each cap with what the draft has under it, in 元.
enum CapsTable {
    static let title = "控制数执行"
    /// The names `show` takes for it, folded.
    static let names: Set<String> = ["caps", "控制数", "控制数执行", "控制数执行情况"]

    static func text(_ session: ProjectSession, csv: Bool) throws -> String {
        let (execution, units) = try session.capExecution()
        if execution.isEmpty { return "还没有控制数。可用 budget caps import 导入。\n" }
        let names = Dictionary(units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let columns = CapExecution.columns.enumerated().map { $0.offset >= 6 && $0.offset < 9 ? $0.element + "（元）" : $0.element }
        var rows = [columns]
        for line in execution {
            rows.append(
                line.labels(unitName: names[line.cap.unitCode])
                    + [line.cap.amount, line.drafted, line.remaining].map(csv ? Money.formatYuan : Money.groupedYuan) + [line.verdict])
        }
        if csv {
            return rows.map { row in CSVWriter.line(row.enumerated().map { CSVWriter.field($0.element, isText: !(6...8).contains($0.offset)) }) }
                .joined()
        }
        let over = execution.filter { $0.remaining < 0 }.count
        let under = execution.filter { $0.remaining > 0 }.count
        return "\(title)（\(execution.count) 项控制数：超出 \(over) 项，尚余 \(under) 项，相符 \(execution.count - over - under) 项）\n"
            + TextRenderer.aligned(rows, right: [6, 7, 8])
    }
}
