import BudgetTestSupport
import Foundation
import Testing

@Suite("budget catalog search")
struct CatalogCommandTests {
    @Test("a clerk looks up a code by a word of its name or by the start of its code (full-width digits too)")
    func search() throws {
        // The names are those of the national catalogs (2023): 30211 差旅费, 2010306 政务公开审批.
        let byName = try budget("catalog", "search", "差旅")
        #expect(byName.status == 0 && byName.stdout.contains("部门经济分类科目  30211  差旅费"), "\(byName.stdout)")
        let byCode = try budget("catalog", "search", "2010306")
        #expect(byCode.stdout.contains("功能分类科目  2010306  政务公开审批") && byCode.stdout.contains("共 1 个"), "\(byCode.stdout)")
        let wide = try budget("catalog", "search", "３０２１１")
        #expect(wide.stdout.contains("30211  差旅费"), "\(wide.stdout)")
        // A class: every 款 and 项 under 201 03 (政府办公厅（室）及相关机构事务), the 款 first.
        let prefix = try budget("catalog", "search", "20103")
        let rows = prefix.stdout.split(separator: "\n").filter { $0.hasPrefix("功能分类科目") }
        let codes = rows.compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
        #expect(codes.first == "20103" && codes.contains("2010306") && codes.allSatisfy { $0.hasPrefix("20103") }, "\(prefix.stdout)")
        #expect(prefix.stdout.contains("共 \(codes.count) 个"), "\(prefix.stdout)")
        // Brackets as the clerk's keyboard gives them: half-width finds the catalog's full-width （室）.
        let brackets = try budget("catalog", "search", "办公厅(室)")
        #expect(
            brackets.stdout.split(separator: "\n").contains { $0.contains(" 20103 ") && $0.hasSuffix("政府办公厅（室）及相关机构事务") },
            "\(brackets.stdout)")
        let none = try budget("catalog", "search", "不存在的科目")
        #expect(none.status == 0 && none.stdout.contains("没有编码以“不存在的科目”开头或名称含“不存在的科目”的科目"))
    }
}
