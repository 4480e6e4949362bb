import Foundation
import Testing

@testable import BudgetModel

@Suite("LineItem")
struct LineItemTests {
    @Test(
        "a 基本支出 item without a nature takes the default from its economic code",
        arguments: [("30101", CostNature.personnel), ("30301", .personnel), ("30201", .publicFunds), ("31002", .publicFunds)])
    func basicDefaultsNature(economic: String, expected: CostNature) {
        let item = LineItem(unitCode: "432001", functional: "2010306", economic: economic, type: .basic, source: .general, amount: 100)
        #expect(item.nature == expected)
    }

    @Test("an explicit nature on a 基本支出 item is kept")
    func basicKeepsExplicitNature() {
        let item = LineItem(
            unitCode: "432001", functional: "2010306", economic: "30101", type: .basic, nature: .publicFunds,
            source: .general, amount: 100)
        #expect(item.nature == .publicFunds)
    }

    @Test("other types get no default nature", arguments: [ExpenditureType.project, .operating, .remit, .subsidy])
    func otherTypesNoNature(type: ExpenditureType) {
        let item = LineItem(unitCode: "432001", functional: "2010306", economic: "30101", type: type, source: .general, amount: 100)
        #expect(item.nature == nil)
    }

    @Test("initialiser stores every field")
    func fields() {
        let item = LineItem(
            id: 42, unitCode: "432001", functional: "2010306", economic: "30226", type: .project,
            project: "政务公开平台", source: .carryoverFund, amount: 123_456, note: "备注")
        #expect(item.id == 42)
        #expect(item.unitCode == "432001")
        #expect(item.functional == "2010306")
        #expect(item.economic == "30226")
        #expect(item.type == .project)
        #expect(item.project == "政务公开平台")
        #expect(item.source == .carryoverFund)
        #expect(item.amount == 123_456)
        #expect(item.note == "备注")
        let defaulted = LineItem(unitCode: "u", functional: "2010306", economic: "30201", type: .basic, source: .general, amount: 1)
        #expect(defaulted.id == nil)
        #expect(defaulted.project == nil)
        #expect(defaulted.note == "")
    }

    @Test("Codable round trip keeps every field")
    func codable() throws {
        let item = LineItem(
            id: 7, unitCode: "432001", functional: "2010306", economic: "30101", type: .basic,
            source: .carryoverGeneral, amount: 99, note: "=x")
        let decoded = try JSONDecoder().decode(LineItem.self, from: try JSONEncoder().encode(item))
        #expect(decoded == item)
        #expect(decoded.nature == .personnel)
    }
}

@Suite("Other records")
struct OtherRecordTests {
    @Test("BudgetUnit and BudgetProject defaults")
    func defaults() {
        let unit = BudgetUnit(code: "432001", name: "某某局本级", nature: .administrative)
        #expect(unit.level == "")
        #expect(unit.fundingForm == "")
        let project = BudgetProject(name: "政务公开平台")
        #expect(project.unitCode == nil)
        #expect(project.note == "")
    }

    @Test("UnitNature raw values are the Chinese words")
    func unitNatureRawValues() throws {
        #expect(UnitNature.administrative.rawValue == "行政")
        #expect(UnitNature.institution.rawValue == "事业")
        #expect(UnitNature.civilServiceManaged.rawValue == "参公")
        let unit = BudgetUnit(code: "432002", name: "某某中心", nature: .civilServiceManaged, level: "副处（县）级", fundingForm: "财政拨款")
        let json = try #require(String(data: try JSONEncoder().encode(unit), encoding: .utf8))
        #expect(json.contains("\"nature\":\"参公\""))
        #expect(try JSONDecoder().decode(BudgetUnit.self, from: Data(json.utf8)) == unit)
    }
}
