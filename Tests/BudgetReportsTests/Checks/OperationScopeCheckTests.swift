import BudgetModel
import Testing

@testable import BudgetReports

@Suite("operation-scope: 机关运行经费 of which units, asked while never chosen")
struct OperationScopeCheckTests {
    static let school = BudgetUnit(code: "001002", name: "第一中学", nature: .institution)

    /// The bureau from issue 16: 公用经费 388.52 万元 of every unit, 73.35 万元 of the 行政 unit.
    static func data(chosen: Bool, units: [BudgetUnit] = [CheckFixture.mainUnit, school]) -> BudgetData {
        var data = CheckFixture.data([], units: units)
        data.operationCostScopeChosen = chosen
        // 73.35 万元 of the 行政 unit; 388.52 − 73.35 = 315.17 万元 of the schools.
        data.publicFundsByUnitNature = [.administrative: ["30201": 733_500_00], .institution: ["30201": 3_151_700_00]]
        return data
    }

    @Test("a 事业 unit and the scope never chosen: a warning with both figures and the command")
    func asks() {
        let found = OperationScopeCheck.scope(Self.data(chosen: false))
        #expect(found.count == 1)
        #expect(found[0].key == "operation-scope" && found[0].fingerprint == "388520000/73350000")
        #expect(found[0].message.contains("按全部单位的公用经费为 3885200.00 元（388.52 万元），只算行政和参公单位为 733500.00 元（73.35 万元）"))
        #expect(found[0].message.contains("001002 第一中学") && found[0].message.contains("--operation-costs administrative"))
    }

    @Test("chosen, or no 事业 unit: nothing")
    func answered() {
        #expect(OperationScopeCheck.scope(Self.data(chosen: true)).isEmpty)
        #expect(OperationScopeCheck.scope(Self.data(chosen: false, units: [CheckFixture.mainUnit])).isEmpty)
    }

    @Test("a template that fixes the scope (Shanghai) answers it")
    func templateFixes() throws {
        let shanghai = try Template.builtIn("shanghai")
        let data = Self.data(chosen: false)
        let disclosure = try DisclosurePipeline.run(DisclosureInput(data: data, document: DocumentData(), template: shanghai))
        #expect(disclosure.findings.of(.operationScope).isEmpty)
        let hebei = try DisclosurePipeline.run(DisclosureInput(data: data, document: DocumentData(), template: CheckFixture.hebei))
        #expect(hebei.findings.of(.operationScope).count == 1)
    }
}
