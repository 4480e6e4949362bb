import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "检查预算：各表合计、表间关系、科目名称、零金额、空项目等。有错误时退出码为 6（E-CHECK）。")
    @OptionGroup var project: ProjectArgument
    @OptionGroup var templateChoice: TemplateOptions
    @Flag(help: "以 JSON 输出，供其他程序读取。") var json = false
    @Flag(help: "同时检查项目文件本身（完整性、外键、汇总数与明细是否一致）；要读完整个文件，大项目较慢。") var full = false
    @Flag(help: "按预算明细重新计算文件中保存的汇总数（与 --full 一起用）。") var rebuildTotals = false

    func validate() throws {
        if rebuildTotals && !full { throw ValidationError("--rebuild-totals 要和 --full 一起用") }
    }

    func run() throws {
        try perform {
            let result = try project.open().check(
                full: full, rebuildTotals: rebuildTotals, template: templateChoice.template, variant: templateChoice.variant)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(result.findings), as: UTF8.self))
            } else {
                var number = 0
                for finding in result.findings {
                    say(finding.describe(format: result.reports.format))
                    if let key = finding.key, finding.severity == .warning {
                        number += 1
                        say("    核对无误可确认（不再提醒）：budget confirm \(Shown.text(project.path, limit: 4096)) \(number)　（标识 \(key)）")
                    }
                }
                if !result.confirmed.isEmpty {
                    say("另有 \(result.confirmed.count) 个提醒已确认，不再列出（budget confirm \(Shown.text(project.path, limit: 4096)) --list 查看）。")
                }
                say(
                    result.findings.isEmpty
                        ? "检查通过：公开表的合计、表间关系和情况说明的数字全部一致。"
                        : result.errorCount == 0
                            ? "检查通过，另有 \(result.warningCount) 个提醒（不影响导出，公开前请逐一处理）。"
                            : "共 \(result.errorCount) 个错误，\(result.warningCount) 个提醒。")
            }
            if result.errorCount > 0 {
                throw Failure(.check, "检查发现 \(result.errorCount) 个错误。")
            }
        }
    }
}
