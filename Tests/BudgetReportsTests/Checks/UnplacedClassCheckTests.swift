import BudgetModel
import Testing

@testable import BudgetReports

@Suite("unplaced-class: a functional 类 outside the 30 of the income and spending table")
struct UnplacedClassCheckTests {
    @Test("201 and 229 are among the 30 classes: nothing found")
    func none() throws {
        let disclosure = try CheckFixture.disclose([
            item("2010306", "30101", .basic, .general, 1_000_000), item("2299901", "30201", .basic, .general, 200_000),
        ])
        #expect(disclosure.findings.of(.unplacedClass).isEmpty)
    }

    @Test("218 and 225 are not classes of the catalog: one error each, in code order, with the items the locator finds")
    func two() throws {
        // The catalog's classes skip 218, 225, 226 and 228. Items: 2250101 (id 1), 2010306 (2),
        // 2180101 (3), 2180102 (4) → classes 225, 201, 218, 218 → errors for 218 then 225.
        let data = CheckFixture.data([
            item("2250101", "30201", .basic, .general, 100_000), item("2010306", "30101", .basic, .general, 1_000_000),
            item("2180101", "30201", .basic, .general, 200_000), item("2180102", "30201", .basic, .general, 300_000),
        ])
        let locator = FixedLocator([], by: [.functional(["218"]): [3, 4], .functional(["225"]): [1]])

        let found = UnplacedClassCheck.unplacedClasses(data, locator.locate)

        #expect(
            found == [
                Finding(
                    severity: .error, check: "unplaced-class",
                    message: "功能分类“类”218 不是支出功能分类的 30 个类之一，收支总表中没有它的行，这些明细不会出现在收支总表中",
                    row: "218", items: [3, 4]),
                Finding(
                    severity: .error, check: "unplaced-class",
                    message: "功能分类“类”225 不是支出功能分类的 30 个类之一，收支总表中没有它的行，这些明细不会出现在收支总表中",
                    row: "225", items: [1]),
            ])
        #expect(locator.asked == [.functional(["218"]), .functional(["225"])])
    }

    @Test("through the pipeline: the same error, once")
    func pipeline() throws {
        let disclosure = try CheckFixture.disclose(
            [item("2010306", "30101", .basic, .general, 1_000_000), item("2180101", "30201", .basic, .general, 200_000)],
            locate: FixedLocator([2]).locate)
        let found = disclosure.findings.of(.unplacedClass)
        #expect(found.count == 1)
        #expect(found.first?.row == "218" && found.first?.severity == .error && found.first?.items == [2])
    }
}
