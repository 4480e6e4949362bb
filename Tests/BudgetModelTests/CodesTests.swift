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

@Suite("One reading of a code (CodeText, FieldRules.code)")
struct CodeReadingTests {
    let context = ImportContext(
        unitCodes: ["301003"], projectNames: [], codes: CodeBook(), unitNames: ["301003": "第一中学"])

    @Test(
        "full-width digits and a code followed by its name read as the code",
        arguments: [
            ("２０５０１０１", "2050101"), ("2050101 行政运行", "2050101"), ("２０５０１０１　行政运行", "2050101"),
            ("2050101行政运行", "2050101"), (" 2050101 ", "2050101"),
        ])
    func functional(text: String, code: String) {
        guard case .known(let read) = FieldRules.code(.functional, text, context) else {
            Issue.record("\(text): \(FieldRules.code(.functional, text, context))")
            return
        }
        #expect(read == code)
    }

    @Test("an economic code with its name, full-width or not")
    func economic() {
        for text in ["30101 基本工资", "３０１０１", "30101基本工资", "３０１０１ 基本工资"] {
            guard case .known("30101") = FieldRules.code(.economic, text, context) else {
                Issue.record("\(text): \(FieldRules.code(.economic, text, context))")
                continue
            }
        }
    }

    @Test("a wrong name is refused naming both: the code's name and the code of the name written")
    func wrongName() {
        // 2050101 is 行政运行 (教育管理事务); 学前教育 is 2050201.
        guard case .problem(let message) = FieldRules.code(.functional, "2050101 学前教育", context) else {
            Issue.record("accepted")
            return
        }
        #expect(message.contains("2050101 是“行政运行”") && message.contains("“学前教育”是 2050201 的名称"), "\(message)")
        // Of the many 行政运行, the one of the same 款 is named: 2010306's 款 20103 has 2010301.
        guard case .problem(let other) = FieldRules.code(.functional, "2010306 行政运行", context) else {
            Issue.record("accepted")
            return
        }
        #expect(other.contains("“行政运行”是 2010301 的名称"), "\(other)")
    }

    @Test("a code outside the catalogs keeps the name written after it; a malformed one is still refused")
    func unknownAndMalformed() {
        guard case .unknown("2999998", let name) = FieldRules.code(.functional, "2999998 自定项目", context) else {
            Issue.record("not unknown")
            return
        }
        #expect(name == "自定项目")
        for bad in ["205010", "2050101x", "行政运行", "30101 基本工资"] {
            guard case .problem = FieldRules.code(.functional, bad, context) else {
                Issue.record("\(bad) accepted")
                continue
            }
        }
    }

    @Test("unit codes: full-width digits, the unit's name after it checked")
    func units() {
        #expect(FieldRules.unitCode("３０１００３") == "301003")
        guard case .value("301003") = FieldRules.unit("３０１００３", context), case .value("301003") = FieldRules.unit("301003 第一中学", context)
        else {
            Issue.record("not read")
            return
        }
        guard case .problem(let message) = FieldRules.unit("301003 第二中学", context) else {
            Issue.record("accepted")
            return
        }
        #expect(message.contains("301003 是“第一中学”"))
    }
}

@Suite("Project names close to each other")
struct ProjectNamesTests {
    @Test(
        "one character apart, two for longer names, the same folded; series of numbers are not slips",
        arguments: [
            ("校舍维修改遭", "校舍维修改造", true),  // one character replaced
            ("校舍维修", "校舍维修改造", false),  // two apart, the shorter has 4 characters
            ("校舍维修改造工程", "校舍维修改造", true),  // two added, the shorter has 6
            ("校舍维修改造", "校舍维修改造", false),  // the same name
            ("图书购置（一期）", "图书购置(一期)", true),  // the same once folded
            ("项目1", "项目2", false), ("一期工程", "二期工程", false),  // a series
            ("A", "B", false),  // too short to tell
            ("政务大厅运行经费", "信息化建设经费", false),
        ])
    func close(a: String, b: String, expected: Bool) {
        #expect(ProjectNames.areClose(a, b) == expected)
        #expect(ProjectNames.areClose(b, a) == expected)
    }
}
