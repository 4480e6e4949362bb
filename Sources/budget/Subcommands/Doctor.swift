import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports
import Foundation

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "检查项目文件本身（完整性、外键、汇总数、格式版本、分类目录），并给出一份可以发给技术支持的摘要。有问题时退出码为 3（E-DOCTOR）。")
    @OptionGroup var project: ProjectArgument
    @Flag(name: .customLong("remove-unknown"), help: "移除不是本工具建立的表、视图、触发器和索引（别的程序加进去的），然后再检查。")
    var removeUnknown = false

    func run() throws {
        try perform {
            if removeUnknown {
                let removed = try project.open().removeUnknownSchemaObjects()
                say(removed.isEmpty ? "没有不是本工具建立的数据库对象。" : "已移除：\(removed.joined(separator: "、"))。")
            }
            let report = try project.open().doctor()
            for line in report.lines { say(line) }
            say("budget 版本：\(BudgetCommand.configuration.version)")
            if !report.problems.isEmpty {
                throw Failure(
                    .doctor,
                    "项目文件本身有 \(report.problems.count) 个问题（见上）。汇总数与明细不一致可以用 budget check --full --rebuild-totals 修复；"
                        + (report.unknownObjects.isEmpty ? "" : "不是本工具建立的数据库对象确认后可以用 budget doctor --remove-unknown 移除；")
                        + "其他问题请用最近的备份恢复，并把上面的摘要发给技术支持。")
            }
        }
    }
}
