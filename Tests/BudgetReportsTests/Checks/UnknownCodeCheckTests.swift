import BudgetModel
import Testing

@testable import BudgetReports

@Suite("unknown-code: a code named by the clerk, not in the catalogs")
struct UnknownCodeCheckTests {
    @Test("codes of the catalog, or named by the finance bureau: nothing found")
    func none() throws {
        // The clerk's name for 2010306 loses to the catalog's; the bureau's name for 2010307 is not the clerk's.
        let codes = CodeBook(
            bureau: [CatalogEntry(kind: .functional, code: "2010307", name: "局定科目")],
            user: [CatalogEntry(kind: .functional, code: "2010306", name: "自改名称"), CatalogEntry(kind: .functional, code: "2010307", name: "自填")])
        let locator = FixedLocator([9])
        let disclosure = try CheckFixture.disclose(
            [item("2010306", "30101", .basic, .general, 1_000_000), item("2010307", "30201", .basic, .general, 200_000)], codes: codes,
            locate: locator.locate)
        #expect(disclosure.findings.of(.unknownCode).isEmpty)
        #expect(locator.asked.isEmpty)
    }

    @Test("a functional and an economic code named by the clerk: one warning each, functional first, with the items the locator finds")
    func two() throws {
        // Used codes: functional 2010306 (catalog), 2010307 (user); economic 30101 (catalog), 30188 (user).
        let codes = CodeBook(user: [
            CatalogEntry(kind: .economic, code: "30188", name: "自填经济科目"), CatalogEntry(kind: .functional, code: "2010307", name: "自填功能科目"),
        ])
        let data = CheckFixture.data(
            [item("2010306", "30101", .basic, .general, 1_000_000), item("2010307", "30188", .basic, .general, 200_000)], codes: codes)
        let locator = FixedLocator([], by: [.functional(["2010307"]): [2], .economic(["30188"]): [2, 7]])

        let found = UnknownCodeCheck.userCodes(data, locator.locate)

        #expect(
            found == [
                Finding(
                    severity: .warning, check: "unknown-code",
                    message: "功能分类科目 2010307“自填功能科目”不在分类目录中，名称由使用者填写：请与财政部门当年的科目表核对", row: "2010307", items: [2]),
                Finding(
                    severity: .warning, check: "unknown-code",
                    message: "部门经济分类科目 30188“自填经济科目”不在分类目录中，名称由使用者填写：请与财政部门当年的科目表核对", row: "30188", items: [2, 7]),
            ])
        #expect(locator.asked == [.functional(["2010307"]), .economic(["30188"])])
    }
}
