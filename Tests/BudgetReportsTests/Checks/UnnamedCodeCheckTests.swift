import BudgetModel
import Testing

@testable import BudgetReports

@Suite("unnamed-code: a code shown in a table without a name")
struct UnnamedCodeCheckTests {
    static func message(_ code: String) -> String {
        "科目 \(code) 没有名称，公开表中这一行会是空的：请用 budget catalog import 导入财政部门当年的科目表，它的上级科目也要有名称"
    }

    @Test("codes of the catalog, and a code the clerk named: nothing found")
    func none() throws {
        // 2010307 and 30188 are not in the catalogs; the clerk's names fill them.
        let codes = CodeBook(user: [
            CatalogEntry(kind: .functional, code: "2010307", name: "自填功能科目"), CatalogEntry(kind: .economic, code: "30188", name: "自填经济科目"),
        ])
        let disclosure = try CheckFixture.disclose(
            [item("2010306", "30101", .basic, .general, 1_000_000), item("2010307", "30188", .basic, .general, 200_000)], codes: codes)
        #expect(disclosure.findings.of(.unnamedCode).isEmpty)
    }

    @Test("2010307 and 30188 have no name: one error each, at the first table that shows it")
    func two() throws {
        // 2010307 (一般公共预算 基本支出) is a row of tables 2, 3 and 5: reported once, at table 2;
        // its parents 201 and 20103 have names. 30188 is a row of table 6 only (economic); 301 has a name.
        let disclosure = try CheckFixture.disclose([item("2010307", "30188", .basic, .general, 200_000)])

        #expect(
            disclosure.findings.of(.unnamedCode) == [
                Finding(severity: .error, check: "unnamed-code", message: Self.message("2010307"), table: "表2 部门预算收入总表", row: "2010307"),
                Finding(severity: .error, check: "unnamed-code", message: Self.message("30188"), table: "表6 部门预算一般公共预算财政拨款基本支出表", row: "30188"),
            ])
        #expect(UnnamedCodeCheck.unnamedCodes(disclosure.reports) == disclosure.findings.of(.unnamedCode))
    }

    @Test("an unnamed 类 names its 款 and 项 too: 218, 21801, 2180101, in row order")
    func parents() throws {
        let disclosure = try CheckFixture.disclose([item("2180101", "30201", .basic, .general, 200_000)])
        let found = disclosure.findings.of(.unnamedCode)
        #expect(found.map(\.row) == ["218", "21801", "2180101"])
        #expect(found.allSatisfy { $0.table == "表2 部门预算收入总表" && $0.severity == .error })
    }
}
