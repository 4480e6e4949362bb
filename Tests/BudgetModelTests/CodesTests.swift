import Foundation
import Testing

@testable import BudgetModel

@Suite("CodeKind")
struct CodeKindTests {
    @Test("ancestors run from 类 down")
    func ancestors() {
        #expect(CodeKind.functional.ancestors(of: "2010306") == ["201", "20103"])
        #expect(CodeKind.functional.ancestors(of: "20103") == ["201"])
        #expect(CodeKind.functional.ancestors(of: "201") == [])
        #expect(CodeKind.economic.ancestors(of: "30226") == ["302"])
        #expect(CodeKind.economic.ancestors(of: "302") == [])
    }

    @Test(
        "well-formed leaf codes",
        arguments: [
            (CodeKind.functional, "2010306", true),
            (.functional, "2999999", true),
            (.functional, "201030", false),  // too short
            (.functional, "20103060", false),  // too long
            (.functional, "3010306", false),  // functional codes start with 2
            (.functional, "20103a6", false),
            (.functional, "２０１０３０６", false),  // full-width digits
            (.functional, "", false),
            (.economic, "30101", true),
            (.economic, "39999", true),
            (.economic, "3010", false),
            (.economic, "301011", false),
            (.economic, "20101", false),  // economic codes start with 3
            (.economic, "3O101", false),  // letter O
            (.economic, " 3010", false),
        ])
    func wellFormed(kind: CodeKind, code: String, expected: Bool) {
        #expect(kind.isWellFormedLeaf(code) == expected)
    }

    @Test("levels: 1 = 类, 2 = 款, 3 = 项")
    func level() {
        #expect(CodeKind.functional.level(of: "201") == 1)
        #expect(CodeKind.functional.level(of: "20103") == 2)
        #expect(CodeKind.functional.level(of: "2010306") == 3)
        #expect(CodeKind.economic.level(of: "302") == 1)
        #expect(CodeKind.economic.level(of: "30226") == 2)
    }

    @Test("names and leaf lengths")
    func constants() {
        #expect(CodeKind.functional.leafLength == 7)
        #expect(CodeKind.economic.leafLength == 5)
        #expect(CodeKind.functional.chineseName == "功能分类科目")
        #expect(CodeKind.economic.chineseName == "部门经济分类科目")
    }
}
