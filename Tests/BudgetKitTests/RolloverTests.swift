import BudgetModel
import BudgetReports
import BudgetStore
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetKit

/// The sample (2023) rolled over to 2024 (issue 18). Every expected figure is the published 2023
/// disclosure's (Fixtures/seed-2023-tables.txt, 万元) or is added up by hand from
/// `Workbooks/sample-2023/items.csv`, as the comments show.
@Suite("Rollover to next year")
struct RolloverTests {
    /// 一次性 and 延续 as a clerk marks them: the housing assessment was a one-off job; the
    /// investment consultancy runs on; the rest recur every year.
    static let oneOff = "保障房易地建设评估服务费"
    static let continuing = "委托投资咨询评估服务机构费用"

    /// The sample with its roster, its projects marked, rolled over to 2024.
    static func rolledSample(_ folder: TemporaryFolder, items: RolloverItems = .basic, mapping: CodeMigration? = nil) throws -> (
        last: String, next: String, report: RolloverReport
    ) {
        let last = folder.file("2023.budget")
        try SampleProject.build(at: last)
        try SampleProject.addRoster(at: last)
        let session = try ProjectSession(last)
        for summary in try session.projects().projects {
            let kind: ProjectKind =
                summary.project.name == oneOff ? .oneOff : summary.project.name == continuing ? .continuing : .recurring
            try session.setProject(name: summary.project.name, goal: nil, amount: nil, amountUnit: .yuan, kind: .some(kind))
        }
        let next = folder.file("2024.budget")
        let report = try ProjectSession.rollover(from: last, to: next, year: 2024, items: items, mapping: mapping)
        return (last, next, report)
    }

    /// 万元 with two decimals as 分.
    static func wan(_ text: String) -> Fen { try! Money.parse(text, unit: .wan) }

    @Test("the sample rolled over: units, the projects that go on with their indicators, the one-off one listed")
    func carriesWhatGoesOn() throws {
        let folder = TemporaryFolder()
        let (last, next, report) = try Self.rolledSample(folder)
        let rolled = try ProjectSession(next)
        let snapshot = try rolled.projectFile.snapshot()

        #expect(snapshot.department == Department(code: "432", name: "石家庄高新技术产业开发区行政服务局", year: 2024))
        #expect(snapshot.units.map(\.code) == ["432001", "432002"])
        // 15 projects in items.csv, one of them one-off: 14 go on, each with its kind.
        let projects = snapshot.projects
        #expect(projects.count == 14)
        #expect(!projects.contains { $0.name == Self.oneOff })
        #expect(projects.first { $0.name == Self.continuing }?.kind == .continuing)
        #expect(projects.filter { $0.kind == .recurring }.count == 13)
        // The one-off project is listed with last year's amount (items.csv: 2.00 万元).
        #expect(report.leftProjects.map(\.name) == [Self.oneOff])
        #expect(report.leftProjects.map(\.amount) == [Self.wan("2.00")])
        // indicators.csv has six rows for each of the 15 projects: 14 × 6 = 84 carried, each
        // project's rows as they were, goal included.
        let before = try ProjectSession(last).documentData().performance
        let after = try rolled.documentData().performance
        #expect(after.reduce(0) { $0 + $1.indicators.count } == 84)
        for performance in after {
            let old = try #require(before.first { $0.project == performance.project })
            #expect(performance == old, "\(performance.project)")
        }
        #expect(!after.contains { $0.project == Self.oneOff })
        // Roster, standards and texts came along.
        let roster = try #require(try rolled.documentData().roster)
        #expect(roster.groups.count == 7)
        #expect(try rolled.standards().kept == (try ProjectSession(last).standards().kept))
        #expect(try rolled.documentData().texts == (try ProjectSession(last).documentData().texts))
        // Nothing of last year that is last year's: assets, project amounts.
        #expect(try rolled.documentData().assets.isEmpty)
        #expect(try rolled.documentData().declaredProjectAmounts.isEmpty)
    }

    @Test("基本支出 carried, the roster's part calculated again: the 2024 draft starts at the published 2023 基本支出")
    func basicCarried() throws {
        let folder = TemporaryFolder()
        let (_, next, report) = try Self.rolledSample(folder)
        let items = try ProjectSession(next).projectFile.snapshot().items
        #expect(items.allSatisfy { $0.type == .basic })
        // Published table 6, 合计: 1892.52 万元; 人员经费 1820.73, 公用经费 71.79.
        #expect(items.reduce(0) { $0 + $1.amount } == Self.wan("1892.52"))
        #expect(items.filter { $0.nature == .personnel }.reduce(0) { $0 + $1.amount } == Self.wan("1820.73"))
        #expect(items.filter { $0.nature == .publicFunds }.reduce(0) { $0 + $1.amount } == Self.wan("71.79"))
        // The ten lines the roster makes (30101, 30102, 30107, 30108, 30302 of both units) were
        // calculated again; the other 23 of the 33 基本支出 lines were carried as typed.
        let recalculation = try #require(report.recalculation)
        #expect(recalculation.changes.count == 10)
        #expect(report.carriedItems == 23)
        #expect(try ProjectSession(next).generatedItems().count == 10)
    }

    @Test("上年预算数 is the published 2023 figure of every item the statement compares, and of every 项 and 款")
    func priorFigures() throws {
        let folder = TemporaryFolder()
        let (_, next, _) = try Self.rolledSample(folder)
        let document = try ProjectSession(next).documentData()
        // Published table 1 / 5 / 6 and the 2023 statement: total 2343.44, 基本支出 1892.52,
        // 项目支出 450.92, “三公” all 0, 机关运行经费 71.79; all of it 一般公共预算拨款.
        let expected: [PriorItem: String] = [
            .total: "2343.44", .basic: "1892.52", .project: "450.92", .abroad: "0", .vehiclePurchase: "0", .vehicleOperation: "0",
            .reception: "0", .operation: "71.79", .fiscal: "2343.44", .general: "2343.44", .fund: "0", .soe: "0",
        ]
        for (item, amount) in expected { #expect(document.prior.amounts[item] == Self.wan(amount), "\(item.chineseName)") }
        #expect(document.prior.threePublic == 0)
        #expect(document.prior.reasons.isEmpty)
        // Published table 5, 合计 per 项.
        let functional: [String: String] = [
            "2010306": "2092.43", "2080501": "4.71", "2080502": "14.02", "2080505": "71.54", "2101101": "30.05", "2101102": "16.97",
            "2210201": "113.72",
        ]
        #expect(document.lineNotes.mapValues(\.prior) == functional.mapValues { Self.wan($0) })
        // Per 款: published table 6 where the 款 has no project line; with project lines added by
        // hand from items.csv: 30201 22.60 + 10.00; 30213 2.00 + 6 + 6 + 4 + 2 + 5; 30226 523.43 +
        // 25.20 + 6.00; 30299 0.10 + 3.00; 30227 2 + 30 + 52 + 40 + 29 + 5 + 164; and the 款 of
        // projects only: 30202 20.00, 30205 5.00, 30206 15.00, 30209 21.72.
        let economic: [String: String] = [
            "30101": "187.10", "30102": "108.48", "30103": "10.02", "30107": "135.39", "30108": "71.54", "30110": "47.02", "30112": "3.27",
            "30113": "113.72", "30207": "18.93", "30228": "6.20", "30229": "4.68", "30239": "16.68", "30302": "18.73", "30309": "0.03",
            "30399": "602.00", "31002": "0.60",
            "30201": "32.60", "30213": "25.00", "30226": "554.63", "30299": "3.10", "30227": "322.00",
            "30202": "20.00", "30205": "5.00", "30206": "15.00", "30209": "21.72",
        ]
        #expect(document.economicNotes.mapValues(\.prior) == economic.mapValues { Self.wan($0) })
        // The 款 add up to the whole 2023 spending.
        #expect(economic.values.map { Self.wan($0) }.reduce(0, +) == Self.wan("2343.44"))
    }

    @Test("with 2024's amounts entered, the statement compares with 2023 and check passes")
    func nextYearChecks() throws {
        let folder = TemporaryFolder()
        let (_, next, _) = try Self.rolledSample(folder)
        let session = try ProjectSession(next)
        // 2024's project lines: those of 2023 but the one-off project, the consultancy at 180.00
        // instead of 164.00 万元.
        let lines = try String(contentsOfFile: SampleProject.file("items.csv"), encoding: .utf8).split(separator: "\n")
        let projectLines = lines.dropFirst().filter { $0.contains(",项目支出,") && !$0.contains(Self.oneOff) }.map {
            $0.replacingOccurrences(of: "\(Self.continuing),一般公共预算拨款,164.00", with: "\(Self.continuing),一般公共预算拨款,180.00")
        }
        #expect(projectLines.count == 19)
        let csv = folder.write("2024-projects.csv", ([String(lines[0])] + projectLines).joined(separator: "\n") + "\n")
        _ = try session.importItems(from: csv, unit: .wan)
        _ = try session.setAssets(
            changes: ["as-of": "2023-12-31", "total": "980", "vehicles": "3", "vehicle-value": "46.93", "other-value": "933.07"], amountUnit: .wan)
        // The consultancy's 成本指标 (row 4: ≤164 万元) follows its new amount.
        _ = try session.setIndicator(project: Self.continuing, row: 4) { $0.value = "≤180万元" }

        let result = try session.check()
        #expect(result.errorCount == 0, "\(result.findings.filter { $0.severity == .error }.map(\.message))")
        // 2024: 1892.52 + (450.92 − 2.00 + 16.00) = 1892.52 + 464.92 = 2357.44 万元, 14.00 more than
        // 2023's 2343.44; 基本支出 unchanged; 项目支出 464.92 − 450.92 = +14.00.
        let text = try session.narrative(to: nil)
        #expect(text.contains("2024年预算收支安排2357.44万元，较2023年增加14.00万元。其中基本支出与上年持平；项目支出增加14.00万元。"))
        // Per 项: 2010306 was 2092.43; now 1641.51 + 464.92 = 2106.43 (+14.00, +0.7 %).
        let line = try #require(try session.spendingLines().first { $0.code == "2010306" })
        #expect(line.amount == Self.wan("2106.43") && line.note?.prior == Self.wan("2092.43"))
    }

    @Test("where the template asks for reasons (Shanghai, 10 %), each 项 that moved that much needs one, line by line")
    func reasonsLineByLine() throws {
        let folder = TemporaryFolder()
        let last = folder.file("2023.budget")
        try SampleProject.build(at: last)
        try SampleProject.addRoster(at: last)
        try ProjectSession(last).setSettings(operationCosts: nil, template: "shanghai")
        let next = folder.file("2024.budget")
        _ = try ProjectSession.rollover(from: last, to: next, year: 2024)
        // Only 基本支出 carried: 2010306 goes from 2092.43 (published table 5) to its 基本支出
        // 1641.51, a change of 450.92 / 2092.43 = 21.6 % ≥ 10 %: a reason is asked. The other 项
        // hold only 基本支出 and are unchanged (0 %).
        let lines = try ProjectSession(next).spendingLines()
        #expect(lines.filter(\.needsReason).map(\.code) == ["2010306"])
        let line = try #require(lines.first { $0.code == "2010306" })
        #expect(line.amount == Self.wan("1641.51") && line.note?.prior == Self.wan("2092.43"))
        let findings = try ProjectSession(next).check().findings.filter { $0.check == "line-reason" }
        #expect(findings.count == 1 && findings.first?.message.contains("2010306") == true, "\(findings.map(\.message))")
        // The reason given, the finding goes.
        try ProjectSession(next).setPurpose(functional: "2010306", purpose: nil, prior: nil, reason: "项目支出待二上录入", amountUnit: .wan)
        #expect(try ProjectSession(next).check().findings.filter { $0.check == "line-reason" }.isEmpty)
    }

    @Test("the report names what was carried, left and what is still to do, and is written beside the file")
    func reportFile() throws {
        let folder = TemporaryFolder()
        let (_, next, report) = try Self.rolledSample(folder)
        #expect(report.reportPath == folder.file("2024-结转报告.txt"))
        let text = try String(contentsOfFile: report.reportPath, encoding: .utf8)
        #expect(text == report.text)
        #expect(text.contains("一次性项目 1 个：\n    保障房易地建设评估服务费（上年 2.00 万元）"))
        #expect(text.contains("收支总计 2343.44 万元"))
        #expect(text.contains("填写新的资产占用情况"))
        // The groups of part of a year: 新录用（3月到岗） 10 months (roster.csv).
        #expect(text.contains("432001 新录用（3月到岗）（10 个月）"))
        #expect(FileManager.default.fileExists(atPath: next))
    }

    @Test("--items none carries no line and all carries every line but the one-off project's")
    func itemChoices() throws {
        let (first, second) = (TemporaryFolder(), TemporaryFolder())
        let none = try Self.rolledSample(first, items: .none)
        #expect(try ProjectSession(none.next).projectFile.snapshot().items.isEmpty)
        #expect(none.report.recalculation == nil)
        let all = try Self.rolledSample(second, items: .all)
        let items = try ProjectSession(all.next).projectFile.snapshot().items
        // 2343.44 − 2.00 (the one-off project) = 2341.44 万元, in 53 − 1 = 52 lines.
        #expect(items.count == 52)
        #expect(items.reduce(0) { $0 + $1.amount } == Self.wan("2341.44"))
        #expect(!items.contains { $0.project == Self.oneOff })
    }

    @Test("the items handed over in many small batches give the same file as in one")
    func smallBatches() throws {
        let folder = TemporaryFolder()
        let (last, one, _) = try Self.rolledSample(folder, items: .all)
        let many = folder.file("many.budget")
        // 52 items carried (53 less the one-off project's) in batches of 5: 11 batches, the last of 2.
        _ = try ProjectSession.rollover(from: last, to: many, year: 2024, items: .all, mapping: nil, catalog: nil, batchSize: 5)
        let shown = { (path: String) in
            try ProjectSession(path).projectFile.snapshot().items.map {
                "\($0.unitCode) \($0.functional) \($0.economic) \($0.project ?? "") \($0.amount)"
            }
        }
        #expect(try shown(many).count == 52)
        #expect(try shown(many) == (try shown(one)))
        #expect(try ProjectSession(many).projectFile.snapshot().items.reduce(0) { $0 + $1.amount } == Self.wan("2341.44"))
        #expect(try ProjectSession(many).check(full: true).findings.filter { $0.check == "integrity" }.isEmpty)
    }

    /// The catalog change of the issue, on the sample: 项 2101101 renamed 2101103; 款 30201 and
    /// 30202 merged into 30201; 30239 split 60/40 into 30211 and 30216; 30309 retired.
    static let change = "旧编码,新编码,比例\n2101101,2101103,\n30202,30201,\n30239,30211,60\n30239,30216,40\n30309,,\n"

    @Test("a retired code with no rule stops the rollover with every line, and nothing is written")
    func retiredRefused() throws {
        let folder = TemporaryFolder()
        let (migration, problems) = CodeMigration.read(try Self.table(Self.change), file: "map.csv")
        #expect(problems.isEmpty)
        do {
            _ = try Self.rolledSample(folder, items: .all, mapping: migration)
            Issue.record("the rollover went ahead")
        } catch let error as InputProblems {
            // items.csv has one 30309 line: 432001, 2010306, 0.03 万元 = 300.00 元.
            #expect(error.problems.count == 1)
            let message = error.problems[0].message
            #expect(message.contains("432001") && message.contains("2010306 · 30309") && message.contains("300.00 元"))
            #expect(message.contains("部门经济分类科目 30309 在 2024 年已停用"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("2024.budget")))
        #expect(!FileManager.default.fileExists(atPath: folder.file("2024-结转报告.txt")))
        #expect(folder.contents.filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("renamed, merged and split codes move every amount to the 分, per line and in last year's figures")
    func codesMigrated() throws {
        let folder = TemporaryFolder()
        // The change retires 30309; the bureau's own file (--map) names its successor.
        let (change, problems) = CodeMigration.read(try Self.table(Self.change), file: "change.csv")
        let (successor, more) = CodeMigration.read(try Self.table("旧编码,新编码\n30309,30399\n"), file: "map.csv")
        #expect(problems.isEmpty && more.isEmpty)
        let migration = change.merging(successor)
        let (_, next, report) = try Self.rolledSample(folder, items: .all, mapping: migration)
        let items = try ProjectSession(next).projectFile.snapshot().items
        func sum(_ economic: String) -> Fen { items.filter { $0.economic == economic }.reduce(0) { $0 + $1.amount } }
        // Nothing lost: 2341.44 万元 as without the change (the one-off project left).
        #expect(items.reduce(0) { $0 + $1.amount } == Self.wan("2341.44"))
        // 30201 = 22.60 + 10.00 (30201) + 20.00 (30202) = 52.60; no 30202 left.
        #expect(sum("30201") == Self.wan("52.60") && sum("30202") == 0)
        // 30239 = 10.80 (432001) + 5.88 (432002): 60 % = 6.48 + 3.528, 40 % = 4.32 + 2.352 万元.
        #expect(sum("30211") == Self.wan("10.008") && sum("30216") == Self.wan("6.672") && sum("30239") == 0)
        // 30399 = 402.00 + 200.00 + 0.03 (30309).
        #expect(sum("30399") == Self.wan("602.03") && sum("30309") == 0)
        // 2101101 (432001, 30110, 30.05) is 2101103 now.
        #expect(items.filter { $0.functional == "2101103" }.map(\.amount) == [Self.wan("30.05")])
        #expect(!items.contains { $0.functional == "2101101" })
        // The report lists each move with its amount in 元.
        let moves = report.migrated.map { "\($0.old)→\($0.new) \(Money.formatYuan($0.amount))" }
        #expect(
            Set(moves)
                == [
                    "2101101→2101103 300500.00", "30202→30201 200000.00", "30239→30211 100080.00", "30239→30216 66720.00",
                    "30309→30399 300.00",
                ])
        // Last year's figures are on the new codes: 款 30201 was 32.60 + 20.00 (30202) = 52.60.
        let document = try ProjectSession(next).documentData()
        #expect(document.economicNotes["30201"]?.prior == Self.wan("52.60"))
        #expect(document.economicNotes["30202"] == nil)
        #expect(document.lineNotes["2101103"]?.prior == Self.wan("30.05") && document.lineNotes["2101101"] == nil)
    }

    @Test("next year's code list (--catalog): a code it does not have is retired; the list is the new file's")
    func nextYearsCatalog() throws {
        let folder = TemporaryFolder()
        let last = folder.file("2023.budget")
        try SampleProject.build(at: last)
        // Next year's list: every 项 and 款 of the bundled catalog but 30309 奖励金, under names of the bureau's.
        let bundled = Catalog.bundled
        var entries = bundled.functional.filter { $0.key.count == 7 }.map { CatalogEntry(kind: .functional, code: $0.key, name: $0.value) }
        entries += bundled.economic.filter { $0.key.count == 5 && $0.key != "30309" }.map {
            CatalogEntry(kind: .economic, code: $0.key, name: $0.value)
        }
        do {
            _ = try ProjectSession.rollover(from: last, to: folder.file("2024.budget"), year: 2024, catalog: entries)
            Issue.record("the rollover went ahead")
        } catch let error as InputProblems {
            // The one 30309 line (items.csv: 432001, 0.03 万元), though it is not carried (基本支出 is,
            // but last year's figures of every line are moved to next year's codes).
            #expect(error.problems.map(\.message).count == 1)
            #expect(
                error.problems.first?.message.hasPrefix("明细 #12（单位 432001，2010306 · 30309，300.00 元）：部门经济分类科目 30309 在 2024 年已停用") == true,
                "\(error.problems.map(\.message))")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("2024.budget")))
        // With 30309 in the list, under a name of the bureau's, it goes, and the list is the new file's.
        entries.append(CatalogEntry(kind: .economic, code: "30309", name: "奖励金（局列）"))
        _ = try ProjectSession.rollover(from: last, to: folder.file("2024.budget"), year: 2024, catalog: entries)
        #expect(try ProjectSession(folder.file("2024.budget")).projectFile.read { try $0.codeBook() }.name(.economic, "30309") == "奖励金（局列）")
    }

    static func table(_ csv: String) throws -> [(line: Int, values: [String: String])] {
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return rows.dropFirst().enumerated().map { index, row in
            (index + 2, ["old": row[0], "new": row[1], "share": row.count > 2 ? row[2] : ""])
        }
    }

    @Test("never over an existing file, never into the same year")
    func refusals() throws {
        let folder = TemporaryFolder()
        let last = folder.file("2023.budget")
        try SampleProject.buildItems(at: last)
        let existing = folder.write("2024.budget", "mine")
        #expect(throws: StoreError.self) { try ProjectSession.rollover(from: last, to: existing, year: 2024) }
        #expect(bytes(existing) == Data("mine".utf8))
        #expect(throws: InputProblem.self) { try ProjectSession.rollover(from: last, to: folder.file("x.budget"), year: 2023) }
        #expect(!FileManager.default.fileExists(atPath: folder.file("x.budget")))
    }

    @Test("the bundled rules read without a problem, as a clerk's file would")
    func bundledRules() throws {
        #expect(!BundledCodeMigrations.files.isEmpty)
        for (year, text) in BundledCodeMigrations.files {
            let (migration, problems) = CodeMigration.read(try Self.table(text), file: nil)
            #expect(problems.isEmpty, "\(year): \(problems.map(\.message))")
            #expect(BundledCodeMigrations.migration(from: year) == migration)
        }
        #expect(BundledCodeMigrations.migration(from: 1999).isEmpty)
    }
}
