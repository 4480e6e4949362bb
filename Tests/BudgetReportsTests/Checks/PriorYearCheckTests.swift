import BudgetModel
import Testing

@testable import BudgetReports

@Suite("prior-year: a missing figure of last year is a warning, not a silent zero")
struct PriorYearCheckTests {
    /// The eight figures compared with last year (“三公”经费 as a whole is the sum of its four).
    static let compared: [PriorItem] = [.total, .basic, .project, .abroad, .vehiclePurchase, .vehicleOperation, .reception, .operation]

    func prior(_ amounts: [PriorItem: Fen]) throws -> [Finding] {
        try CheckFixture.disclose(
            [item("2010306", "30101", .basic, .general, 1_000_000)], document: DocumentData(prior: PriorYear(amounts: amounts))
        ).findings.of(.priorYear)
    }

    @Test("all eight given, even as 0 and without “三公”经费 as a whole: nothing found")
    func none() throws {
        #expect(try prior(Dictionary(uniqueKeysWithValues: Self.compared.map { ($0, 0) })).isEmpty)
    }

    @Test("none given: one warning listing the eight in order")
    func noneGiven() throws {
        #expect(
            try prior([:]) == [
                Finding(
                    severity: .warning, check: "prior-year",
                    message:
                        "没有填写上年预算数：收支总计、基本支出、项目支出、因公出国（境）费、公务用车购置费、公务用车运行费、公务接待费、机关运行经费。情况说明中这些项目不与上年比较；请用 budget prior set 或 budget prior import 填写",
                    table: "上年预算数")
            ])
    }

    @Test("all but 机关运行经费: one warning naming it alone")
    func oneMissing() throws {
        let amounts = Dictionary(uniqueKeysWithValues: Self.compared.dropLast().map { ($0, Fen(1_000_000)) })
        let found = try prior(amounts)
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("没有填写上年预算数：机关运行经费。") == true)
        #expect(found.first?.severity == .warning && found.first?.table == "上年预算数")
    }
}
