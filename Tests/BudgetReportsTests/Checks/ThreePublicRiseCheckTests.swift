import BudgetModel
import Testing

@testable import BudgetReports

@Suite("three-public-rise: “三公” above last year's")
struct ThreePublicRiseCheckTests {
    static func findings(reception: Fen, prior: PriorYear) throws -> [Finding] {
        // 公务接待费 is 30217 of 财政拨款 (StatementFigures.threePublicCodes).
        let items = [item("2010301", "30101", .basic, .general, 100_000_000), item("2010301", "30217", .basic, .general, reception)]
        return try CheckFixture.disclose(items, document: DocumentData(prior: prior), locate: { _ in [2] }).findings.of(.threePublicRise)
    }

    @Test("公务接待费 3.00 万元 against last year's 2.00 万元: a warning with both and the rise of 1.00 万元")
    func receptionRises() throws {
        let found = try Self.findings(reception: 3_000_000, prior: PriorYear(amounts: [.reception: 2_000_000]))
        #expect(found.count == 1)
        #expect(found[0].key == "three-public-rise:reception" && found[0].fingerprint == "3000000/2000000")
        #expect(found[0].message.contains("公务接待费本年 30000.00 元（3.00 万元），高于上年预算数 20000.00 元（2.00 万元）（增加 10000.00 元（1.00 万元））"))
        #expect(found[0].items == [2])
    }

    @Test("the same as last year, lower, or last year not entered: nothing")
    func noRise() throws {
        #expect(try Self.findings(reception: 2_000_000, prior: PriorYear(amounts: [.reception: 2_000_000])).isEmpty)
        #expect(try Self.findings(reception: 1_000_000, prior: PriorYear(amounts: [.reception: 2_000_000])).isEmpty)
        #expect(try Self.findings(reception: 3_000_000, prior: PriorYear()).isEmpty)
    }
}
