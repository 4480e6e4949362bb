import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension ProjectSession {
    // MARK: - Doctor

    /// A report on the project file a clerk can send to support, and whether it is healthy.
    public struct DoctorReport: Sendable {
        public var lines: [String]
        public var problems: [String]
        /// Tables, views, triggers and indexes another program added (among `problems` too).
        public var unknownObjects: [String]
    }

    public func doctor() throws -> DoctorReport {
        let project = projectFile
        let facts = try project.facts()
        let department = try project.read { try $0.department() }
        let unknown = try project.unknownSchemaObjects()
        let problems =
            try project.integrityProblems()
            + unknown.map { "不是本工具建立的数据库对象：\($0)（在移除之前不能修改项目；确认后用 budget doctor --remove-unknown 移除）" }
        // A seal is reported valid only beside a file found sound: never "有效" next to a mismatch.
        let sealed = try project.read { try $0.totalsSealed() } && problems.isEmpty
        let catalog = Catalog.bundled
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let lines =
            [
                "项目文件：\(path)（\((attributes?[.size] as? NSNumber)?.intValue ?? facts.pageCount * facts.pageSize) 字节）",
                "部门：\(department.code) \(department.name)，\(department.year) 年度",
                "文件格式版本：\(facts.formatVersion)（迁移：\(facts.migrations.joined(separator: "、"))），日志模式：\(facts.journalMode)，SQLite \(facts.sqliteVersion)",
                "内容：\(facts.units) 个单位，\(facts.projects) 个项目，\(facts.items) 条明细，合计 \(Money.formatYuan(facts.total)) 元",
                "分类目录：内置功能分类 \(catalog.functional.count) 个科目、部门经济分类 \(catalog.economic.count) 个科目；财政部门科目表 \(facts.bureauCodes) 个；使用者自填 \(facts.userCodes) 个",
                facts.snapshots.isEmpty
                    ? "快照：没有" : "快照：\(facts.snapshots.count) 个（\(facts.snapshots.map { "\($0.name) \($0.created)" }.joined(separator: "；"))）",
                "汇总数封印："
                    + (sealed
                        ? "有效（上次由本工具写入后没有别的程序改过文件，导出时不必逐条重算）"
                        : problems.isEmpty
                            ? "无（文件被别的程序改过、是复制或恢复来的，或刚从旧版本升级；下次导出逐条核对汇总数，本工具下次写入时重新封印）"
                            : "不可信（文件有下面的问题；导出时逐条核对汇总数）"),
                "完整性检查：" + (problems.isEmpty ? "通过（integrity_check、外键、汇总数与明细一致）" : "发现 \(problems.count) 个问题"),
            ] + problems.map { "  - \($0)" }
        return DoctorReport(lines: lines, problems: problems, unknownObjects: unknown)
    }

    /// Removes the database objects this tool did not make (`doctor --remove-unknown`); the
    /// items and everything else stay as they are. Returns what was removed.
    public func removeUnknownSchemaObjects() throws -> [String] {
        try projectFile.removeUnknownSchemaObjects()
    }
}
