import BudgetModel
import BudgetReports
import BudgetStore
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetKit

/// The roster and the recalculation of generated line items, through the project session.
/// Expected figures are worked out by hand (in the comments), never taken from the code.
@Suite("The roster and the 基本支出 it drafts")
struct RosterTests {
    /// A project with a 行政 unit (801001) and a 事业 unit (801002), the standards of the worked
    /// examples (养老 16 %, 年金 0 %, 医疗 8 %, 公积金 12 %, 工会 2 %), and one typed item.
    func project(_ folder: TemporaryFolder) throws -> ProjectSession {
        let path = folder.file("p.budget")
        try ProjectSession.create(at: path, department: Department(code: "801", name: "某区某局", year: 2024))
        let session = try ProjectSession(path)
        try session.addUnit(BudgetUnit(code: "801001", name: "某局机关", nature: .administrative))
        try session.addUnit(BudgetUnit(code: "801002", name: "某中心", nature: .institution))
        _ = try session.setStandard("职业年金", value: "0")
        _ = try session.setUnitProfile(unit: "801001", functional: "2010301", vehicles: nil, students: nil)
        _ = try session.setUnitProfile(unit: "801002", functional: "2010350 事业运行", vehicles: nil, students: nil)
        _ = try session.addItem(
            values: [.unit: "801001", .functional: "2010301", .economic: "30201", .type: "基本支出", .source: "一般公共预算", .amount: "5000"],
            amountUnit: .yuan)
        return session
    }

    func items(_ session: ProjectSession) throws -> [LineItem] {
        try session.items(matching: ProjectSession.ItemQuery()).items
    }

    func amounts(_ session: ProjectSession, unit: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for item in try items(session) where item.unitCode == unit && item.economic != "30201" {
            result[item.functional + "/" + item.economic] = Money.formatYuan(item.amount)
        }
        return result
    }

    @Test("adding a group generates the unit's lines; one more retiree changes only 30302 of that unit, in place")
    func addAndChange() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        // 行政: 科员 3 人, 基本工资 3,000.00, 津贴补贴 2,000.00, 12 个月; base 5,000.00.
        // 30101 = 3 × 3000 × 12 = 108,000.00; 30102 = 3 × 2000 × 12 = 72,000.00;
        // 30103 = 3 × 3000 × 1 = 9,000.00; B = 3 × 5000 × 12 = 180,000.00:
        // 30108 16 % = 28,800.00; 30110 8 % = 14,400.00 (行政 → 2101101); 30113 12 % = 21,600.00;
        // W = 108,000 + 72,000 + 9,000 = 189,000.00 → 30228 2 % = 3,780.00.
        _ = try session.addRosterGroup(
            RosterGroup(unitCode: "801001", category: .administrative, name: "科员", headcount: 3, basicPay: 300_000, allowances: 200_000))
        // 事业: 退休 2 人 × 2,000.00 × 12 = 48,000.00 → 2080502/30302.
        let (retiredID, _) = try session.addRosterGroup(RosterGroup(unitCode: "801002", category: .retired, headcount: 2, pension: 200_000))
        let expected801001 = [
            "2010301/30101": "108000.00", "2010301/30102": "72000.00", "2010301/30103": "9000.00", "2080505/30108": "28800.00",
            "2101101/30110": "14400.00", "2210201/30113": "21600.00", "2010301/30228": "3780.00",
        ]
        #expect(try amounts(session, unit: "801001") == expected801001)
        #expect(try amounts(session, unit: "801002") == ["2080502/30302": "48000.00"])

        // When one more retiree joins: 3 × 2,000.00 × 12 = 72,000.00; nothing else moves.
        let before = try items(session)
        let report = try session.updateRosterGroup(id: retiredID) { $0.headcount = 3 }
        let after = try items(session)
        #expect(report.changes.map { "\($0.unitCode) \($0.economic) \($0.before ?? -1) → \($0.after ?? -1)" } == ["801002 30302 4800000 → 7200000"])
        #expect(try amounts(session, unit: "801002") == ["2080502/30302": "72000.00"])
        // Every other item, the clerk's 30201 included, is exactly as it was, under the same number.
        let changedID = try #require(report.changes.first?.itemID)
        #expect(before.filter { $0.id != changedID } == after.filter { $0.id != changedID })
    }

    @Test("a generated item the clerk edits becomes the clerk's: it is left alone and said so")
    func editedItemIsHeld() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        _ = try session.addRosterGroup(RosterGroup(unitCode: "801002", category: .retired, headcount: 2, pension: 200_000))
        let generated = try #require(try items(session).first { $0.economic == "30302" })
        _ = try session.setItem(id: try #require(generated.id), changes: [.amount: "50000"], amountUnit: .yuan)
        let report = try session.calculateBasic()
        #expect(report.changes.isEmpty)
        #expect(report.edited.map(\.item.amount) == [5_000_000])
        #expect(report.edited.map(\.generated) == [4_800_000])
        #expect(try amounts(session, unit: "801002") == ["2080502/30302": "50000.00"])
    }

    @Test("a standard changed mid-draft recalculates every unit with a roster")
    func standardChange() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        _ = try session.addRosterGroup(
            RosterGroup(unitCode: "801001", category: .administrative, name: "科员", headcount: 3, basicPay: 300_000, allowances: 200_000))
        // 住房公积金 12 % → 10 %: 180,000.00 × 10 % = 18,000.00.
        let (standard, report) = try session.setStandard("住房公积金", value: "10%", source: "某市公积金中心通知")
        #expect(standard.value == 100_000 && standard.source == "某市公积金中心通知")
        #expect(report.changes.map { "\($0.economic) \($0.before ?? -1) → \($0.after ?? -1)" } == ["30113 2160000 → 1800000"])
        #expect(try amounts(session, unit: "801001")["2210201/30113"] == "18000.00")
    }

    @Test("a dry run says what it would do and writes nothing")
    func dryRun() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        try session.projectFile.write { writer in
            try writer.insertRosterGroup(RosterGroup(unitCode: "801002", category: .retired, headcount: 1, pension: 100_000))
        }
        let report = try session.calculateBasic(dryRun: true)
        #expect(report.changes.map(\.after) == [1_200_000])
        #expect(!report.applied)
        #expect(try items(session).count == 1)
    }

    @Test("a roster CSV with bad rows is refused whole, each bad cell located")
    func importRefused() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        let csv = folder.write(
            "roster.csv",
            """
            单位编码,人员类别,组名,实有人数,月数,基本工资,津贴补贴,离退休费
            801001,行政编制,科员,3,12,3000,2000,
            801009,行政编制,科员,1,12,3000,,
            801001,干部,,2,12,3000,,
            801001,退休,,2,13,,,5000
            801001,行政编制,,1,12,三千,,
            """)
        #expect {
            _ = try session.importRoster(from: csv)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("roster.csv") && text.contains("第 3 行") && text.contains("801009")
                && text.contains("第 4 行") && text.contains("干部") && text.contains("第 5 行") && text.contains("13")
                && text.contains("第 6 行") && text.contains("三千")
        }
        #expect(try session.rosterGroups().isEmpty)
        #expect(try items(session).count == 1)
    }

    @Test("a roster CSV replaces the roster of the units it names")
    func importReplaces() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        _ = try session.addRosterGroup(RosterGroup(unitCode: "801001", category: .retired, headcount: 9, pension: 100_000))
        _ = try session.addRosterGroup(RosterGroup(unitCode: "801002", category: .retired, headcount: 1, pension: 100_000))
        let csv = folder.write("roster.csv", "单位编码,人员类别,实有人数,离退休费\n801001,退休,2,\"1,500.00\"\n")
        let (count, _) = try session.importRoster(from: csv)
        #expect(count == 1)
        #expect(try session.rosterGroups().map { "\($0.unitCode) \($0.headcount)" } == ["801001 2", "801002 1"])
        // 801001: 2 × 1,500.00 × 12 = 36,000.00 on 2080501 (行政).
        #expect(try amounts(session, unit: "801001") == ["2080501/30302": "36000.00"])
    }

    @Test("diff names the roster or standard change as the cause of the lines it moved")
    func diffNamesTheCause() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        let (retiredID, _) = try session.addRosterGroup(RosterGroup(unitCode: "801002", category: .retired, headcount: 2, pension: 200_000))
        _ = try session.addRosterGroup(
            RosterGroup(unitCode: "801001", category: .administrative, name: "科员", headcount: 3, basicPay: 300_000, allowances: 200_000))
        _ = try session.saveSnapshot(name: "一上")
        // 退休 2 → 3 人: 30302 + 1 × 2,000.00 × 12 = +24,000.00 元 = +2.40 万元.
        _ = try session.updateRosterGroup(id: retiredID) { $0.headcount = 3 }
        // 住房公积金 12 % → 10 %: 801001's base 180,000.00 × 2 % = −3,600.00 元 = −0.36 万元.
        _ = try session.setStandard("住房公积金", value: "10")
        let other = try session.diff(from: "一上", to: nil).diff.other
        #expect(other.contains("人员名册：801002 某中心：退休 2 → 3 人 → 2080502/30302 +2.40 万元"))
        #expect(other.contains("测算标准：住房公积金单位缴存比例 12% → 10% → 801001 2210201/30113 -0.36 万元"))
    }

    @Test("merge carries each unit's roster and what the calculation made: nothing to recalculate, nothing counted twice")
    func mergeCarriesTheRoster() throws {
        let folder = TemporaryFolder()
        var files: [String] = []
        for (code, name, nature) in [("801001", "某局机关", UnitNature.administrative), ("801002", "某中心", .institution)] {
            let path = folder.file("\(code).budget")
            try ProjectSession.create(at: path, department: Department(code: "801", name: "某区某局", year: 2024))
            let session = try ProjectSession(path)
            try session.addUnit(BudgetUnit(code: code, name: name, nature: nature))
            _ = try session.setUnitProfile(unit: code, functional: "2010301", vehicles: nil, students: nil)
            // 2 人 × 3,000.00 × 12 = 72,000.00 基本工资, and the contributions of their base.
            _ = try session.addRosterGroup(
                RosterGroup(unitCode: code, category: nature == .institution ? .institution : .administrative, headcount: 2, basicPay: 300_000))
            files.append(path)
        }
        let merged = folder.file("merged.budget")
        _ = try ProjectSession.merge(into: merged, from: files)
        let session = try ProjectSession(merged)
        #expect(try session.rosterGroups().map(\.unitCode) == ["801001", "801002"])
        let generated = try session.generatedItems()
        let perFile = try files.map { try ProjectSession($0).generatedItems().count }.reduce(0, +)
        #expect(generated.count == perFile && generated.allSatisfy { $0.item.map($0.record.matches) ?? false })
        let report = try session.calculateBasic()
        #expect(report.changes.isEmpty && report.adopted.isEmpty && report.typedAlongside.isEmpty)
    }

    @Test("a share of the 定额 on a 款 with a rule of its own (30231) is refused, and so is an unknown unit to calculate")
    func refusals() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        #expect(throws: InputProblem.self) { _ = try session.setStandard("分配:30231", value: "10%") }
        #expect {
            _ = try session.calculateBasic(units: ["809999"])
        } throws: { String(describing: $0).contains("809999") && String(describing: $0).contains("项目文件中没有这个单位") }
    }

    @Test("a typed line beside a calculated one of the same unit and code, another amount: check says it is counted twice")
    func typedAlongsideIsFound() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        // 退休 2 人 × 2,000.00 × 12 = 48,000.00 calculated; the clerk's own 30302 of 40,000.00 stays beside it.
        _ = try session.addItem(
            values: [.unit: "801002", .functional: "2080502", .economic: "30302", .type: "基本支出", .source: "一般公共预算", .amount: "40000"],
            amountUnit: .yuan)
        let (_, report) = try session.addRosterGroup(RosterGroup(unitCode: "801002", category: .retired, headcount: 2, pension: 200_000))
        #expect(report.typedAlongside.map(\.amount) == [4_000_000] && report.adopted.isEmpty)
        let findings = try session.check().findings.filter { $0.check == "roster" }
        #expect(findings.map(\.message).contains { $0.contains("30302，40,000.00 元）是手工录入的") && $0.contains("会重复计算") })
    }

    @Test("amounts no unit could pay are refused with a message, not a crash")
    func hugeAmounts() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        // 1,000,000 people × 1,000,000.00 元 × 12 = 1.2 × 10^13 元 of 基本工资: above one line's 1 万亿元.
        #expect {
            _ = try session.addRosterGroup(
                RosterGroup(unitCode: "801001", category: .administrative, headcount: 1_000_000, basicPay: 100_000_000, allowances: 100_000_000))
        } throws: { String(describing: $0).contains("超过一条明细的上限") }
        #expect(try session.rosterGroups().isEmpty)
    }

    @Test("standards exported as a CSV read back into another project as they were, shares included")
    func standardsFileRoundTrip() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        _ = try session.setStandard("住房公积金", value: "10.5%", source: "某市公积金中心通知")
        _ = try session.setStandard("公用经费定额（行政单位）", value: "12,000.50")
        _ = try session.setStandard("年终一次性奖金", value: "1.5")
        _ = try session.setStandard("分配:30201", value: "40")
        let file = folder.file("standards.csv")
        try session.exportStandards(to: file)
        let otherFolder = TemporaryFolder()
        let other = try project(otherFolder)
        _ = try other.importStandards(from: file)
        let (a, b) = (try session.standards(), try other.standards())
        #expect(b.value(.housingFund) == 105_000 && b.value(.quotaAdministrative) == 1_200_050 && b.value(.yearEndBonus) == 150)
        #expect(b.quotaShares.map(\.share) == [400_000] && b[.housingFund].source == "某市公积金中心通知")
        #expect(a.all.map(\.standard) == b.all.map(\.standard))
    }

    @Test("a standard changed in a project without a roster yet is a change diff names")
    func standardWithoutRoster() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        _ = try session.saveSnapshot(name: "一上")
        _ = try session.setStandard("住房公积金", value: "10")
        let other = try session.diff(from: "一上", to: nil).diff.other
        #expect(other.contains("测算标准：住房公积金单位缴存比例 12% → 10%（测算结果不变）"))
    }
}
