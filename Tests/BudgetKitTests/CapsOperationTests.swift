import BudgetKit
import BudgetModel
import BudgetReports
import BudgetStore
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// The finance bureau's 控制数 on the sample (issue 18). The sample's figures, from
/// Workbooks/sample-2023/items.csv (万元, all 一般公共预算拨款):
/// - 432002 基本支出: 66.80 + 38.28 + 3.52 + 50.39 + 1.17 + 200.00 + 2.20 + 1.68 + 5.88 + 26.54 + 14.02
///   + 16.97 + 41.72 = 469.17 (13 lines); of them 302 类: 2.20 + 1.68 + 5.88 = 9.76;
/// - 432002 项目支出: 25.20 + 5.00 = 30.20 (2 lines);
/// - 432001 政务大厅运行经费: 10 + 20 + 2 + 5 + 15 + 21.72 = 73.72 (6 lines);
/// - the department: 2343.44 (53 lines), as published.
@Suite("Caps: import, check, draft workbook, diff, snapshots")
struct CapsOperationTests {
    static func sample(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("p.budget")
        try SampleProject.build(at: path)
        try SampleProject.fillStandIns(at: path)
        return path
    }

    static func capFindings(_ path: String) throws -> [Finding] {
        try ProjectSession(path).check().findings.filter { $0.check == CheckID.caps.rawValue }
    }

    /// The ids of the sample's items of a unit and type, read from the file.
    static func ids(_ path: String, unit: String, type: ExpenditureType) throws -> [Int64] {
        try ProjectFile.open(at: path).snapshot().items.filter { $0.unitCode == unit && $0.type == type }.compactMap(\.id)
    }

    @Test("the sample's caps file: four caps met exactly, 432002 基本支出 under by 480.00 − 469.17 = 10.83 万元 (a reminder), no error")
    func sampleCaps() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        let done = try ProjectSession(path).importCaps(
            from: SampleProject.file("caps.csv"), unit: .wan, round: nil, received: nil, replace: false)
        // 2343.44 + 480.00 + 9.76 + 30.20 + 73.72 = 2937.12 万元.
        #expect(done.caps.count == 5 && done.total == 2_937_120_000 && done.snapshot == nil)

        let (execution, _) = try ProjectSession(path).capExecution()
        let byLabel = Dictionary(uniqueKeysWithValues: execution.map { ($0.cap.label, $0) })
        #expect(byLabel["全部门 一般公共预算拨款 全部支出"]?.drafted == 2_343_440_000)
        #expect(byLabel["全部门 一般公共预算拨款 全部支出"]?.lines.count == 53)
        #expect(byLabel["432002 一般公共预算拨款 基本支出"]?.drafted == 469_170_000)
        #expect(byLabel["432002 一般公共预算拨款 基本支出"]?.remaining == 10_830_000)
        #expect(byLabel["432002 一般公共预算拨款 基本支出 经济分类 302 类"]?.drafted == 9_760_000)
        #expect(byLabel["432002 一般公共预算拨款 项目支出"]?.drafted == 30_200_000)
        #expect(byLabel["432001 一般公共预算拨款 项目支出 项目“政务大厅运行经费”"]?.drafted == 73_720_000)
        #expect(byLabel["432001 一般公共预算拨款 项目支出 项目“政务大厅运行经费”"]?.lines.count == 6)

        let findings = try Self.capFindings(path)
        #expect(findings.count == 1)
        let reminder = try #require(findings.first)
        #expect(reminder.severity == .warning && reminder.key != nil)
        #expect(reminder.message.contains("432002 石家庄高新技术产业开发区政务服务中心 一般公共预算拨款 基本支出"), "\(reminder.message)")
        #expect(reminder.message.contains("尚余 108300.00 元（10.83 万元）"), "\(reminder.message)")
        #expect(try ProjectSession(path).check().errorCount == 0)
    }

    @Test("over a cap is an error naming unit, source, type, cap, drafted, excess and the lines; export is refused; equal is nothing")
    func overCap() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        // 30.00 万元 against 30.20 drafted: over by 0.20 万元 = 2,000.00 元.
        let (cap, before) = try ProjectSession(path).setCap(
            values: ["unit": "432002", "source": "一般公共预算拨款", "type": "项目支出", "amount": "30"], unit: .wan, round: "二下", received: nil)
        #expect(before == nil && cap.amount == 30_000_000)
        let findings = try Self.capFindings(path)
        let error = try #require(findings.first)
        #expect(findings.count == 1 && error.severity == .error)
        #expect(error.expected == 30_000_000 && error.actual == 30_200_000)
        #expect(error.items == (try Self.ids(path, unit: "432002", type: .project)) && error.items.count == 2)
        for part in [
            "超出控制数（二下）", "432002 石家庄高新技术产业开发区政务服务中心", "一般公共预算拨款", "项目支出", "控制数 300000.00 元", "已编 302000.00 元", "超出 2000.00 元（0.20 万元）", "共 2 条",
        ] {
            #expect(error.message.contains(part), "\(part) in \(error.message)")
        }
        #expect(throws: ExportRefused.self) { try ProjectSession(path).export(to: folder.file("out.xlsx"), force: false) }
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.xlsx")))

        // Raised to exactly what is drafted: nothing found, export passes.
        let (_, old) = try ProjectSession(path).setCap(
            values: ["unit": "432002", "source": "general", "type": "project", "amount": "30.20"], unit: .wan, round: nil, received: nil)
        #expect(old == 30_000_000)
        #expect(try Self.capFindings(path).isEmpty)
        #expect(try ProjectSession(path).caps().first?.round == "二下", "set without --round keeps the round")
        _ = try ProjectSession(path).export(to: folder.file("out.xlsx"), force: false)
    }

    @Test("a cap whose unit or project is not in the draft is a warning")
    func missingUnitAndProject() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        _ = try ProjectSession(path).setCap(values: ["unit": "432009", "source": "general", "amount": "5"], unit: .wan, round: nil, received: nil)
        _ = try ProjectSession(path).setCap(
            values: ["unit": "432001", "source": "general", "project": "不存在的项目", "amount": "5"], unit: .wan, round: nil, received: nil)
        let findings = try Self.capFindings(path)
        #expect(findings.count == 2 && findings.allSatisfy { $0.severity == .warning })
        #expect(findings.contains { $0.message.contains("单位 432009不在项目中") }, "\(findings.map(\.message))")
        #expect(findings.contains { $0.message.contains("项目“不存在的项目”不在项目中") }, "\(findings.map(\.message))")
    }

    @Test("every bad cell of a caps file is named (file, line, column, value), a cap given twice too, and nothing is written")
    func csvProblems() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        let file = folder.write(
            "caps.csv",
            """
            单位编码,资金来源,支出类型,项目名称,经济分类（类）,控制数,轮次,收到日期,备注
            432001,一般公共预算拨款,基本支出,,,1423.35,一下,2024-01-10,
            432001,上年结转结余,经营支出,,30201,12.3456789,一下,2024-13-01,
            432002,general,基本支出,某项目,,100万元,,,
            432001,一般公共预算拨款,基本支出,,,1,二下,,

            """)
        do {
            _ = try ProjectSession(path).importCaps(from: file, unit: .wan, round: nil, received: nil, replace: false)
            Issue.record("a file with bad cells was imported")
        } catch let error as InputProblems {
            let found = error.problems.map { "\($0.line ?? 0) \($0.column ?? "") \($0.value ?? "")" }
            #expect(error.problems.allSatisfy { $0.file == "caps.csv" })
            for expected in [
                "3 资金来源 上年结转结余", "3 支出类型 经营支出", "3 经济分类（类） 30201", "3 控制数 12.3456789", "3 收到日期 2024-13-01",
                "4 项目名称 某项目", "4 控制数 100万元", "5 控制数 432001 一般公共预算拨款 基本支出",
            ] {
                #expect(found.contains(expected), "\(expected) in \(found)")
            }
            #expect(error.problems.count == 8, "\(found)")
            #expect(error.problems.last?.message.contains("第 2 行已经有了") == true)
        }
        #expect(try ProjectSession(path).caps().isEmpty)
    }

    @Test("a new round into a project with caps saves a snapshot first; --replace drops the caps the file has not; restore undoes it")
    func newRoundSnapshot() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        _ = try ProjectSession(path).importCaps(from: SampleProject.file("caps.csv"), unit: .wan, round: nil, received: nil, replace: false)
        let round2 = folder.write(
            "二下.csv", "单位编码,资金来源,支出类型,控制数\n432002,一般公共预算拨款,基本支出,470\n432001,一般公共预算拨款,基本支出,1423.35\n")
        let done = try ProjectSession(path).importCaps(from: round2, unit: .wan, round: "二下", received: "2023/2/1", replace: true)
        #expect(done.caps.count == 2 && done.changed == 1 && done.removed == 4)
        let snapshot = try #require(done.snapshot)
        #expect(snapshot.hasPrefix("导入“二下.csv”之前（"))
        let caps = try ProjectSession(path).caps()
        #expect(caps.map(\.amount) == [1_423_350_000, 470_000_000] && caps.allSatisfy { $0.round == "二下" && $0.received == "2023-02-01" })

        // The diff between the two rounds: 4 removed, one changed (480 → 470 万元, 一下 → 二下), one added.
        let diff = try ProjectSession(path).diff(from: snapshot, to: nil).diff
        // In key order: the department's (removed), 432001 基本支出 (added), 432001 政务大厅运行经费 (removed),
        // 432002 基本支出 (changed), its 302 类 (removed), 432002 项目支出 (removed).
        #expect(diff.caps.map(\.kind) == [.removed, .added, .removed, .changed, .removed, .removed])
        let changed = try #require(diff.caps.first { $0.kind == .changed })
        #expect(changed.old?.amount == 480_000_000 && changed.new?.amount == 470_000_000)
        #expect(changed.description.contains("轮次 一下 → 二下"))
        #expect(diff.added.isEmpty && diff.removed.isEmpty && diff.changed.isEmpty && !diff.isEmpty)

        _ = try ProjectSession(path).restoreSnapshot(name: snapshot)
        #expect(try ProjectSession(path).caps().count == 5)
    }

    @Test("the draft workbook: 控制数 round trip into a new project; 控制数执行 carries every cap, drafted figure and difference, and is not read back")
    func draftWorkbook() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        _ = try ProjectSession(path).importCaps(from: SampleProject.file("caps.csv"), unit: .wan, round: nil, received: nil, replace: false)
        let workbook = folder.file("draft.xlsx")
        _ = try ProjectSession(path).writeDraft(to: workbook)

        let read = try XLSXWorkbook(path: workbook)
        let sheet = try #require(read.sheet(DraftLayout.capsExecutionSheet))
        func row(_ r: Int) -> [String] { (0..<10).map { sheet.cell(row: r, column: $0)?.value ?? "" } }
        #expect(row(DraftLayout.headerRow) == CapExecution.columns)
        // In key order: the department, 432001's project, 432002's 基本支出, its 302 类, its 项目支出; 元.
        let rows = (0..<5).map { row(DraftLayout.firstDataRow + $0) }
        #expect(
            rows.map { Array($0[6...9]) } == [
                ["23434400", "23434400", "0", "相符"], ["737200", "737200", "0", "相符"], ["4800000", "4691700", "108300", "尚余"],
                ["97600", "97600", "0", "相符"], ["302000", "302000", "0", "相符"],
            ])
        #expect(rows[2][0] == "432002 石家庄高新技术产业开发区政务服务中心" && rows[3][4] == "302" && rows[1][3] == "政务大厅运行经费")
        #expect(sheet.cell(row: DraftLayout.firstDataRow + 5, column: 0) == nil)

        // A figure typed over on 控制数执行 is not read; the 控制数 sheet comes back as it was.
        try WorkbookEdits.apply(
            [.init(sheet: DraftLayout.capsExecutionSheet, row: DraftLayout.firstDataRow, column: 6, value: .text("不是金额"))], to: workbook)
        let copy = folder.file("copy.budget")
        try ProjectSession.create(at: copy, department: SampleProject.department)
        let result = try ProjectSession(copy).importWorkbook(from: workbook, unit: .yuan, replace: false)
        #expect(result.caps == 5)
        #expect(CapChange.changes(old: try ProjectSession(path).caps(), new: try ProjectSession(copy).caps()).isEmpty)
        #expect(try ProjectSession.diff(files: path, copy).diff.caps.isEmpty)

        // Into the project that has caps: refused without --replace.
        #expect(throws: InputProblems.self) { _ = try ProjectSession(copy).importWorkbook(from: workbook, unit: .yuan, replace: false) }
    }

    @Test("a bad cell of the 控制数 sheet is named by sheet and cell")
    func draftSheetProblem() throws {
        let folder = TemporaryFolder()
        let path = try Self.sample(folder)
        _ = try ProjectSession(path).importCaps(from: SampleProject.file("caps.csv"), unit: .wan, round: nil, received: nil, replace: false)
        let workbook = folder.file("draft.xlsx")
        _ = try ProjectSession(path).writeDraft(to: workbook)
        // Column F (控制数) of the first cap.
        try WorkbookEdits.apply([.init(sheet: "控制数", row: DraftLayout.firstDataRow, column: 5, value: .text("12.345"))], to: workbook)
        let before = try ProjectSession(path).caps()
        do {
            _ = try ProjectSession(path).importWorkbook(from: workbook, unit: .yuan, replace: true)
            Issue.record("imported")
        } catch let error as InputProblems {
            #expect(error.problems.count == 1 && error.problems[0].sheet == "控制数" && error.problems[0].cell == "F3", "\(error)")
        }
        #expect(try ProjectSession(path).caps() == before)
    }

    @Test("a format 9 file is migrated, takes caps, and keeps them through a snapshot and its restore")
    func migrationAndSnapshot() throws {
        let folder = TemporaryFolder()
        let path = folder.file("v9.budget")
        try FileManager.default.copyItem(
            atPath: PackagePaths.root.appendingPathComponent("Tests/BudgetStoreTests/Fixtures/project-v9.budget").path, toPath: path)
        let session = try ProjectSession(path)
        #expect(try session.caps().isEmpty)
        _ = try session.setCap(values: ["source": "general", "amount": "100"], unit: .wan, round: "一下", received: "2024-01-10")
        try session.saveSnapshot(name: "一下")
        _ = try session.setCap(values: ["source": "general", "amount": "90"], unit: .wan, round: "二下", received: nil)
        _ = try session.restoreSnapshot(name: "一下")
        let caps = try ProjectSession(path).caps()
        #expect(caps.count == 1 && caps[0].amount == 100_000_000 && caps[0].round == "一下" && caps[0].received == "2024-01-10")
    }
}
