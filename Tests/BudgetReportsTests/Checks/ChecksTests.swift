import BudgetModel
import Testing

@testable import BudgetReports

@Suite("The registry of checks")
struct ChecksTests {
    /// The registry's order, written out: tables first, then the document.
    static let order: [CheckID] = [
        .sum, .identity, .unplacedClass, .unnamedCode, .unknownCode, .zeroAmount, .emptyProject, .emptyUnit, .rounding, .smallPay,
        .unitNature, .projectAmount, .performance, .procurement, .assets, .priorYear, .statement, .placeholder, .lineReason, .amountScale,
        .threePublicRise, .operationScope, .roster, .caps,
    ]

    @Test("the names of the checks are today's: `check --json` consumers see no change")
    func names() {
        #expect(
            CheckID.allCases.map(\.rawValue) == [
                "integrity", "sum", "identity", "unplaced-class", "unnamed-code", "unknown-code", "zero-amount", "empty-project",
                "empty-unit", "rounding", "project-amount", "performance", "procurement", "assets", "prior-year", "statement", "placeholder",
                "line-reason", "small-pay", "amount-scale", "unit-nature", "three-public-rise", "operation-scope", "roster", "caps",
            ])
    }

    @Test("the registry holds every check but integrity once, in a fixed order, the table checks first")
    func registry() {
        let ids = (Checks.tableChecks + Checks.documentChecks).map { $0.id }
        #expect(ids == Self.order)
        #expect(Checks.tableChecks.map { $0.id } == Array(Self.order.prefix(11)))
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids) == Set(CheckID.allCases).subtracting([.integrity]))
    }

    @Test("findings come in registry order; a unit's tables run the table checks only")
    func findingsInOrder() throws {
        // Trips unnamed-code (2010307), zero-amount (item 2), empty-project (乙), empty-unit (001002),
        // rounding (two 0.005 万元 leaves under 20103), performance (甲 and 乙 have no targets) and prior-year.
        let items = [
            item("2010307", "30101", .basic, .general, 5_000), item("2010306", "30201", .basic, .general, 0),
            item("2010306", "30201", .basic, .general, 5_000), item("2010306", "30227", .project, .general, 6_000_000, project: "甲"),
        ]
        let units = [CheckFixture.mainUnit, BudgetUnit(code: "001002", name: "二级单位", nature: .institution)]
        let projects = [BudgetProject(name: "甲", unitCode: "001001"), BudgetProject(name: "乙", unitCode: "001001")]
        let document = DocumentData(performance: projects.map { ProjectPerformance(project: $0.name, goal: "", indicators: []) })
        let whole = try CheckFixture.disclose(items, units: units, projects: projects, document: document).findings

        let checks = whole.map { CheckID(rawValue: $0.check)! }
        let positions = checks.map { Self.order.firstIndex(of: $0)! }
        #expect(positions == positions.sorted())
        #expect(Set(checks).isSuperset(of: [.unnamedCode, .zeroAmount, .emptyProject, .emptyUnit, .rounding, .performance, .priorYear]))

        let input = DisclosureInput(
            data: CheckFixture.data(items, units: units, projects: projects), document: document, template: CheckFixture.hebei)
        let tables = try DisclosurePipeline.run(input, scope: .tables).findings
        let tableChecks = Set(Self.order.prefix(9).map(\.rawValue))
        #expect(!tables.isEmpty)
        #expect(tables == whole.filter { tableChecks.contains($0.check) })
    }
}
