import BudgetKit
import BudgetModel
import BudgetReports
import BudgetTestSupport
import Foundation
import Testing

/// Input that must be refused or flagged before it reaches the document, found by review.
@Suite("Document input: misspelt projects, budgets, lengths, units")
struct DocumentInputTests {
    func sample(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        return path
    }

    func purchase(_ source: String, budget: String? = nil, unit: String = "432001") -> [String: String] {
        var values = [
            "unit": unit, "project": source, "item": "扫描仪", "code": "A02021100", "measure": "台", "quantity": "1", "price": "1",
            "general": "1",
        ]
        if let budget { values["budget"] = budget }
        return values
    }

    @Test(
        "a procurement source that is a project's name misspelt is refused with the project it resembles",
        arguments: [
            ("容 e 查费用", "容e查费用"), ("档案扫描服务", "档案扫描服务费"),
        ])
    func misspeltProject(typed: String, meant: String) throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let before = try ProjectSession(path).procurement()

        do {
            _ = try ProjectSession(path).addProcurement(values: purchase(typed, budget: "30"), unit: .wan)
            Issue.record("a misspelt project was accepted as a source of 基本支出")
        } catch {
            #expect("\(error)".contains("--project（项目名称），值“\(typed)”"), "\(error)")
            #expect("\(error)".contains("是否是“\(meant)”"), "\(error)")
        }
        #expect(try ProjectSession(path).procurement() == before)
    }

    @Test("a project's 预算资金 that differs from its line items is refused; the same figure is accepted")
    func projectBudget() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        #expect(throws: InputProblems.self) { try ProjectSession(path).addProcurement(values: purchase("档案扫描服务费", budget: "31"), unit: .wan) }
        do {
            _ = try ProjectSession(path).addProcurement(values: purchase("档案扫描服务费", budget: "31"), unit: .wan)
        } catch {
            #expect("\(error)".contains("30.00"), "\(error)")
            #expect("\(error)".contains("--budget（预算资金）"), "\(error)")
        }
        let row = try ProjectSession(path).addProcurement(values: purchase("档案扫描服务费", budget: "30"), unit: .wan)
        #expect(row.project == "档案扫描服务费")
    }

    @Test("a source name with a control character is refused")
    func controlCharacter() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        #expect(throws: InputProblems.self) { try ProjectSession(path).addProcurement(values: purchase("公用\u{1}类", budget: "1"), unit: .wan) }
    }

    @Test("a unit with procurement rows is not removed, and the message says why")
    func unitWithPurchases() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        try ProjectSession(path).addUnit(BudgetUnit(code: "432003", name: "新单位", nature: .institution))
        _ = try ProjectSession(path).addProcurement(values: purchase("公用类项目（三保）", budget: "36.54", unit: "432003"), unit: .wan)

        do {
            try ProjectSession(path).removeUnit(code: "432003")
            Issue.record("a unit with procurement rows was removed")
        } catch {
            #expect("\(error)".contains("432003"), "\(error)")
            #expect("\(error)".contains("1 条政府采购"), "\(error)")
        }
        #expect(try ProjectSession(path).units().map(\.code).contains("432003"))
    }

    @Test("a goal name or glossary term longer than 200 characters is a located problem, not a database error")
    func lengths() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        let long = String(repeating: "审", count: 201)
        let goals = folder.write("goals.csv", "名称,绩效目标,绩效指标\n\(long),目标,指标\n")
        do {
            _ = try ProjectSession(path).importGoals(from: goals)
            Issue.record("a 201-character goal name was accepted")
        } catch {
            #expect("\(error)".contains("goals.csv，第 2 行，“名称”列"), "\(error)")
        }
        let glossary = folder.write("glossary.csv", "名词,解释\n\(long),解释\n")
        do {
            _ = try ProjectSession(path).importGlossary(from: glossary)
            Issue.record("a 201-character term was accepted")
        } catch {
            #expect("\(error)".contains("glossary.csv，第 2 行，“名词”列"), "\(error)")
        }
    }

    @Test("this year's planned purchase alone is not last year's asset table: no assets error")
    func plannedOnly() throws {
        let folder = TemporaryFolder()
        let path = folder.file("p.budget")
        try SampleProject.buildItems(at: path)
        _ = try ProjectSession(path).setAssets(changes: ["planned": "0.6"], amountUnit: .wan)

        let result = try ProjectSession(path).check()

        #expect(!result.findings.contains { $0.check == "assets" }, "\(result.findings.map(\.message))")
        #expect(try ProjectSession(path).narrative(to: nil).contains("本年度拟购置固定资产总额为0.60万元"))
    }

    @Test("the Markdown statement of a project with errors opens with the 未经校验 warning; a clean one does not")
    func unchecked() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        #expect(!(try ProjectSession(path).narrative(to: nil)).contains("未经校验"))

        _ = try ProjectSession(path).setAssets(changes: ["total": "900"], amountUnit: .wan)
        let text = try ProjectSession(path).narrative(to: folder.file("s.md"))

        #expect(text.hasPrefix("> **未经校验：检查发现 1 个错误，本情况说明不得用于报批或公开**"))
        #expect(try String(contentsOfFile: folder.file("s.md"), encoding: .utf8) == text)
    }

    @Test("a purchase listed under another unit than its project's is a reminder")
    func purchaseUnderAnotherUnit() throws {
        let folder = TemporaryFolder()
        let path = try sample(folder)
        // 大厅岗位外包服务费 is run by 432002 (its line items were imported under it).
        _ = try ProjectSession(path).addProcurement(values: purchase("大厅岗位外包服务费", unit: "432001"), unit: .wan)

        let found = try ProjectSession(path).check().findings.filter { $0.check == "procurement" }

        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(found.first?.severity == .warning)
        #expect(found.first?.message.contains("432002") == true)
    }
}
