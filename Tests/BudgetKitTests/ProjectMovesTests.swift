import BudgetModel
import BudgetStore
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetKit

/// Money moved between projects (`project move`) and one project merged into another
/// (`project rename --merge`). The project is built by hand, so every figure below is worked
/// out from these lines (元):
///
///     #1 432002 2010306 30201 校舍维修改造 general 50,000.00
///     #2 432002 2010306 31002 校舍维修改造 general 30,000.00
///     #3 432002 2010306 30201 教学设备购置 general 10,000.00
///     #4 432002 2010306 30101 basic (personnel) general 100,000.00
///
/// 校舍维修改造 = 80,000.00, 教学设备购置 = 10,000.00, all = 190,000.00.
@Suite("Money between projects, and projects merged")
struct ProjectMovesTests {
    static let repair = "校舍维修改造"
    static let equipment = "教学设备购置"

    func project(_ folder: TemporaryFolder) throws -> ProjectSession {
        let path = folder.file("p.budget")
        try SampleProject.empty(at: path)
        let session = try ProjectSession(path)
        let lines: [(String, String, String, String)] = [
            ("30201", "project", Self.repair, "50000"), ("31002", "project", Self.repair, "30000"),
            ("30201", "project", Self.equipment, "10000"), ("30101", "basic", "", "100000"),
        ]
        for (economic, type, name, amount) in lines {
            _ = try session.addItem(
                values: [
                    .unit: "432002", .functional: "2010306", .economic: economic, .type: type, .project: name, .source: "general",
                    .amount: amount,
                ], amountUnit: .yuan)
        }
        try session.setProject(name: Self.repair, goal: nil, amount: "80000", amountUnit: .yuan)
        try session.setProject(name: Self.equipment, goal: nil, amount: "10000", amountUnit: .yuan)
        return session
    }

    func amounts(_ session: ProjectSession) throws -> [Int64: Fen] {
        Dictionary(uniqueKeysWithValues: try session.items(matching: .init()).items.map { ($0.id!, $0.amount) })
    }

    @Test("the largest lines first: a whole line joins the same line of the other project, a part becomes a new line")
    func proposed() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)

        let move = try session.moveMoney(from: Self.repair, to: Self.equipment, amount: "60000", amountUnit: .yuan)

        // 60,000 = #1 (50,000, the largest) whole + 10,000 of #2 (30,000).
        // #1's 50,000 goes onto #3 (same unit, codes, source): 10,000 + 50,000 = 60,000; #1 removed.
        // #2 keeps 30,000 − 10,000 = 20,000; the 10,000 is a new line #5 under 教学设备购置.
        #expect(move.applied)
        let after = try amounts(session)
        #expect(after == [2: 2_000_000, 3: 6_000_000, 4: 10_000_000, 5: 1_000_000])
        let items = try session.items(matching: .init()).items
        #expect(items.first { $0.id == 5 }?.project == Self.equipment)
        #expect(items.first { $0.id == 5 }?.economic == "31002")
        // The total stays 190,000.00; the projects: 80,000 − 60,000 = 20,000 and 10,000 + 60,000 = 70,000.
        #expect(after.values.reduce(0, +) == 19_000_000)
        let projects = try session.projects().projects
        #expect(projects.first { $0.project.name == Self.repair }?.total == 2_000_000)
        #expect(projects.first { $0.project.name == Self.equipment }?.total == 7_000_000)
        #expect(move.projects.map(\.declaredAfter) == [2_000_000, 7_000_000])
        let declared = try ProjectSession(folder.file("p.budget")).projectFile.read { try $0.document().declaredProjectAmounts }
        #expect(declared == [Self.repair: 2_000_000, Self.equipment: 7_000_000])
    }

    @Test("a dry run writes nothing; the clerk's lines are taken in the order given")
    func dryRunAndChosenLines() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        let before = bytes(folder.file("p.budget"))

        // 5 万元 = 50,000.00 from #2 alone (30,000.00) is too little: refused, even in a dry run.
        #expect(throws: InputProblem.self) {
            try session.moveMoney(from: Self.repair, to: Self.equipment, amount: "5", amountUnit: .wan, items: [2], dryRun: true)
        }
        #expect(bytes(folder.file("p.budget")) == before)
        let moved = try session.moveMoney(from: Self.repair, to: Self.equipment, amount: "2", amountUnit: .wan, items: [2], dryRun: true)
        // 2 万元 = 20,000.00 of #2: #2 keeps 10,000.00 and a new line of 20,000.00 (no 31002 line in 教学设备购置).
        #expect(!moved.applied)
        #expect(moved.lines.map { [$0.before?.amount ?? -1, $0.after?.amount ?? -1] } == [[3_000_000, 1_000_000], [-1, 2_000_000]])
        #expect(bytes(folder.file("p.budget")) == before)
    }

    @Test("refused, writing nothing: more than the project has, unknown projects, lines of another project or unit, a cost cap")
    func refusals() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return ""
            } catch {
                return "\(error)"
            }
        }
        // 80,000.00 is all 校舍维修改造 has.
        #expect(
            message { _ = try session.moveMoney(from: Self.repair, to: Self.equipment, amount: "80000.01", amountUnit: .yuan) }
                .contains("只有 80000.00 元，调不出 80000.01 元"))
        #expect(
            message { _ = try session.moveMoney(from: "校舍维修改遭", to: Self.equipment, amount: "1", amountUnit: .yuan) }
                .contains("没有这个项目，是不是“校舍维修改造”"))
        #expect(message { _ = try session.moveMoney(from: Self.repair, to: Self.repair, amount: "1", amountUnit: .yuan) }.contains("同一个项目"))
        #expect(
            message { _ = try session.moveMoney(from: Self.repair, to: Self.equipment, amount: "1", amountUnit: .yuan, items: [3]) }
                .contains("不是项目“校舍维修改造”的"))
        // 教学设备购置 belongs to 432001: the lines of 432002 cannot go there.
        try session.projectFile.write { try $0.updateProject(BudgetProject(name: Self.equipment, unitCode: "432001")) }
        #expect(
            message { _ = try session.moveMoney(from: Self.repair, to: Self.equipment, amount: "1", amountUnit: .yuan, items: [1]) }
                .contains("项目“教学设备购置”属于单位 432001"))
        #expect(message { _ = try session.moveMoney(from: Self.repair, to: Self.equipment, amount: "1", amountUnit: .yuan) }.contains("调不出"))
        try session.projectFile.write { try $0.updateProject(BudgetProject(name: Self.equipment, unitCode: "432002")) }
        // A cap of 6 万元: 10,000 + 60,000 = 70,000 is above it.
        try session.projectFile.write { writer in
            try writer.setIndicators(
                Self.equipment,
                [PerformanceIndicator(level1: .output, level2: "成本指标", level3: "设备购置成本", description: "", value: "≤6万元", basis: "")])
        }
        let capped = message { _ = try session.moveMoney(from: Self.repair, to: Self.equipment, amount: "60000", amountUnit: .yuan) }
        #expect(capped.contains("改后为 70000.00 元，超过成本指标“设备购置成本”的上限 ≤6万元"), "\(capped)")
        #expect(try amounts(session) == [1: 5_000_000, 2: 3_000_000, 3: 1_000_000, 4: 10_000_000])
    }

    @Test("merge: items keep their numbers, indicators follow the target's, declared amounts add up, the target's texts win")
    func merge() throws {
        let folder = TemporaryFolder()
        let session = try project(folder)
        try session.setProject(name: Self.repair, goal: "完成校舍维修", amount: nil, amountUnit: .yuan, texts: [.basis: "文件一", .period: "一年"])
        try session.setProject(name: Self.equipment, goal: "购置教学设备", amount: nil, amountUnit: .yuan, texts: [.basis: "文件二"])
        try session.projectFile.write { writer in
            try writer.setIndicators(
                Self.repair,
                [
                    PerformanceIndicator(level1: .output, level2: "数量指标", level3: "维修面积", description: "", value: "≥300平方米", basis: ""),
                    PerformanceIndicator(level1: .output, level2: "数量指标", level3: "设备台数", description: "", value: "≥5台", basis: ""),
                ])
            try writer.setIndicators(
                Self.equipment,
                [PerformanceIndicator(level1: .output, level2: "数量指标", level3: "设备台数", description: "", value: "≥10台", basis: "")])
        }

        let merge = try session.mergeProject(Self.repair, into: Self.equipment)

        // #1 and #2 (80,000.00) pass to 教学设备购置: 10,000 + 80,000 = 90,000.00; declared 80,000 + 10,000 = 90,000.00.
        #expect(merge.items == 2 && merge.amount == 8_000_000)
        #expect(merge.declaredBefore == 1_000_000 && merge.declaredAfter == 9_000_000)
        let projects = try session.projects().projects
        #expect(projects.map(\.project.name) == [Self.equipment])
        #expect(projects.first?.total == 9_000_000 && projects.first?.itemCount == 3)
        #expect(try session.items(matching: .init(project: Self.equipment)).items.compactMap(\.id) == [1, 2, 3])
        // Indicators: the target's 设备台数 (≥10台) kept, 维修面积 added after it.
        let document = try session.projectFile.read { try $0.document() }
        let rows = document.performance.first { $0.project == Self.equipment }?.indicators ?? []
        #expect(rows.map(\.level3) == ["设备台数", "维修面积"])
        #expect(rows.first?.value == "≥10台")
        // Texts: the target's goal and 立项依据 kept, 实施周期 taken; each conflict noted.
        #expect(document.performance.first?.goal == "购置教学设备")
        #expect(document.projectTexts[Self.equipment] == [.basis: "文件二", .period: "一年"])
        #expect(merge.notes.contains { $0.contains("绩效目标") && $0.contains("完成校舍维修") })
        #expect(merge.notes.contains { $0.contains("立项依据") && $0.contains("文件一") })
        #expect(merge.notes.contains { $0.contains("设备台数") && $0.contains("≥5台") })
        // Undone by the snapshot saved first.
        _ = try session.restoreSnapshot(name: merge.snapshot)
        #expect(try session.projects().projects.count == 2)
    }
}
