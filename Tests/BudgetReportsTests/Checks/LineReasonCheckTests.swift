import BudgetModel
import Testing

@testable import BudgetReports

@Suite("line-reason: where the template asks, a 项 changed by 10 % or more against last year needs a reason")
struct LineReasonCheckTests {
    static let shanghai = try! Template.builtIn("shanghai")

    /// One 项 (2010301 行政运行) of `fen` this year, 一般公共预算, with last year's figure and reason.
    static func findings(_ fen: Fen, prior: Fen?, reason: String = "", template: Template = shanghai) throws -> [Finding] {
        var document = DocumentData()
        document.lineNotes = ["2010301": SpendingLineNote(code: "2010301", purpose: "机关日常运转", prior: prior, reason: reason)]
        let input = DisclosureInput(
            data: CheckFixture.data([item("2010301", "30101", .basic, .general, fen, nature: .personnel)]), document: document, template: template)
        return try DisclosurePipeline.run(input).findings.of(.lineReason)
    }

    @Test("1.10 万元 against 1.00 last year (exactly 10 %) without a reason: an error naming the 项, both figures and the command")
    func tenPercent() throws {
        #expect(
            try Self.findings(1_100_000, prior: 1_000_000) == [
                Finding(
                    severity: .error, check: "line-reason",
                    message:
                        "功能科目 2010301 行政运行 本年 1.10万元，上年 1.00万元，变化 10.00%，达到 10%，需要写明增减原因：请用 budget purpose set 项目文件 --functional 2010301 --reason 原因 填写",
                    table: "情况说明", row: "2010301 行政运行")
            ])
        // A decrease counts the same: 0.90 against 1.00.
        #expect(try Self.findings(900_000, prior: 1_000_000).count == 1)
    }

    @Test("below the threshold, with a reason, without last year's figure, or under a template that asks for none: nothing")
    func none() throws {
        // 1.0999 万元 against 1.00: 9.99 %.
        #expect(try Self.findings(1_099_900, prior: 1_000_000).isEmpty)
        #expect(try Self.findings(1_500_000, prior: 1_000_000, reason: "新增编制人员").isEmpty)
        #expect(try Self.findings(1_500_000, prior: nil).isEmpty)
        #expect(try Self.findings(1_500_000, prior: 1_000_000, template: CheckFixture.hebei).isEmpty)
    }

    @Test("money where last year had none: an error that says last year was 0")
    func fromZero() throws {
        let found = try Self.findings(500_000, prior: 0)
        #expect(
            found.map(\.message) == [
                "功能科目 2010301 行政运行 本年 0.50万元，上年 0.00万元，上年为 0，达到 10%，需要写明增减原因：请用 budget purpose set 项目文件 --functional 2010301 --reason 原因 填写"
            ])
    }

    @Test("the threshold is the template's: a copy asking for 20 % lets 15 % pass")
    func threshold() throws {
        var lenient = Self.shanghai
        lenient.statement?.lines?.reasonThreshold = 20
        #expect(try Self.findings(1_150_000, prior: 1_000_000, template: lenient).isEmpty)
        #expect(try Self.findings(1_200_000, prior: 1_000_000, template: lenient).count == 1)
    }
}
