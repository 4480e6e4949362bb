import BudgetKit
import BudgetModel
import BudgetReports
import BudgetTestSupport
import BudgetXLSX
import Foundation
import GRDB
import Testing

/// All amounts of all tables, cell by cell, for comparing two projects.
func tableCells(_ path: String) throws -> [String] {
    let reports = try ProjectSession(path).reports()
    return reports.tables.flatMap { table in
        table.rows.map { row in "\(table.id)|\(row.key)|" + row.cells.map { $0.amount.map(String.init) ?? $0.text ?? "" }.joined(separator: ",") }
    }
}

@Suite("CSV import and export")
struct ImportTests {
    let header = "unit,functional,economic,type,nature,project,source,amount,note\n"

    @Test(
        "export-csv --chinese: Chinese headers and values a clerk reads in Excel, and import reads them back to the same items (every type, nature and source)"
    )
    func chineseRoundTrip() throws {
        let folder = TemporaryFolder()
        let generated = folder.file("g.budget")
        let budget = try ProjectSession.generate(at: generated, units: 3, items: 3000, seed: 11)
        #expect(Set(budget.items.map(\.source)) == Set(FundingSource.allCases), "the generated project uses every source")
        let csv = folder.file("items.csv")
        #expect(try ProjectSession(generated).exportCSV(to: csv, chinese: true) == 3000)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.hasPrefix("单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注"), "\(text.prefix(80))")
        #expect(text.contains(",基本支出,人员经费,") && text.contains(",一般公共预算拨款,") && !text.contains(",basic,"))
        let copy = folder.file("copy.budget")
        try ProjectSession.create(at: copy, department: budget.department)
        for unit in budget.units { try ProjectSession(copy).addUnit(unit) }
        _ = try ProjectSession(copy).importItems(from: csv, unit: .yuan)
        func items(_ path: String) throws -> [String] {
            try ProjectSession(path).items(matching: .init()).items.map { item in
                "\(item.unitCode) \(item.functional) \(item.economic) \(item.type) \(String(describing: item.nature)) \(item.project ?? "") \(item.source) \(item.amount) \(item.note)"
            }.sorted()
        }
        #expect(try items(copy) == items(generated))
    }

    @Test("export-csv then import into an empty project gives identical tables")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        let sample = folder.file("sample.budget")
        try SampleProject.build(at: sample)
        // A code outside the catalog, with its name, and a note that looks like a formula.
        _ = try ProjectSession(sample).addItem(
            values: [
                .unit: "432002", .functional: "2010399", .economic: "30299", .type: "basic", .source: "business", .amount: "12.34",
                .functionalName: "其他政务服务支出", .note: "=HYPERLINK(\"x\")",
            ],
            amountUnit: .yuan)
        let csv = folder.file("items.csv")
        #expect(try ProjectSession(sample).exportCSV(to: csv) == 54)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.contains("'=HYPERLINK"))  // neutralised for spreadsheets

        let copy = folder.file("copy.budget")
        try SampleProject.empty(at: copy)
        let summary = try ProjectSession(copy).importItems(from: csv, unit: .yuan)
        #expect(summary.itemCount == 54)
        #expect(summary.encoding == .utf8BOM)
        #expect(try tableCells(copy) == tableCells(sample))
        let notes = try ProjectSession(copy).items(matching: .init(source: .business)).items.map(\.note)
        #expect(notes == ["=HYPERLINK(\"x\")"])
    }

    /// Each class of bad row, with the words its message must contain.
    static let badRows: [(row: String, words: [String])] = [
        ("999999,2010306,30101,basic,,,general,1,", ["单位编码", "999999", "没有这个单位"]),
        ("432001,201030,30101,basic,,,general,1,", ["功能分类科目编码", "201030", "7 位数字"]),
        ("432001,2010306,3010,basic,,,general,1,", ["经济分类科目编码", "3010", "5 位数字"]),
        ("432001,2999999,30101,basic,,,general,1,", ["2999999", "不在分类目录中"]),
        ("432001,2010306,30101,weekly,,,general,1,", ["支出类型", "weekly", "不认识"]),
        ("432001,2010306,30101,basic,salary,,general,1,", ["经费类型", "salary", "不认识"]),
        ("432001,2010306,30101,basic,,,lottery,1,", ["资金来源", "lottery", "不认识"]),
        ("432001,2010306,30101,basic,,,carryover,1,", ["资金来源", "carryover-general"]),
        ("432001,2010306,30227,project,personnel,某项目,general,1,", ["经费类型", "只有基本支出"]),
        ("432001,2010306,30227,project,,,general,1,", ["项目名称", "必须写明项目名称"]),
        ("432001,2010306,30101,basic,,某项目,general,1,", ["项目名称", "只有项目支出"]),
        ("432001,2010306,30101,basic,,,general,-5,", ["金额", "-5", "负数"]),
        ("432001,2010306,30101,basic,,,general,,", ["金额", "缺少金额"]),
        ("432001,2010306,30101,basic,,,general,abc,", ["金额", "abc", "不是数字"]),
        ("432001,2010306,30101,basic,,,general,1.234,", ["金额", "1.234", "小数位太多"]),
        ("432001,2010306,30101,basic,,,general,1", ["有 8 个字段"]),
        ("432001,2010306,30101,basic,,,general,1,\"unclosed", ["引号没有闭合"]),
    ]

    @Test("a bad row is reported with file, line, column and value, and nothing is written", arguments: 0..<badRows.count)
    func badRow(index: Int) throws {
        let (row, words) = Self.badRows[index]
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try SampleProject.empty(at: project)
        let before = bytes(project)
        let csv = folder.write("bad.csv", header + "432001,2010306,30101,basic,,,general,100,\n" + row + "\n")
        do {
            _ = try ProjectSession(project).importItems(from: csv, unit: .yuan)
            Issue.record("the import should have failed")
        } catch let error as InputProblems {
            let text = error.description
            #expect(text.contains("bad.csv"), "\(text)")
            #expect(text.contains("第 3 行"), "\(text)")
            for word in words { #expect(text.contains(word), "«\(word)» missing in: \(text)") }
        }
        #expect(bytes(project) == before, "the project file changed")
    }

    @Test("every bad row is reported, not only the first")
    func allBadRows() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try SampleProject.empty(at: project)
        let rows = Self.badRows.prefix(5).map(\.row).joined(separator: "\n")
        let csv = folder.write("bad.csv", header + rows + "\n")
        #expect {
            try ProjectSession(project).importItems(from: csv, unit: .yuan)
        } throws: { error in
            let problems = (error as? InputProblems)?.problems ?? []
            return Set(problems.compactMap(\.line)) == [2, 3, 4, 5, 6]
        }
        #expect(try ProjectSession(project).items(matching: .init()).items.isEmpty)
    }

    @Test("an unknown column is refused, naming it")
    func unknownColumn() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try SampleProject.empty(at: project)
        let csv = folder.write("bad.csv", "unit,functional,economic,type,source,amount,colour\n432001,2010306,30101,basic,general,1,red\n")
        #expect(throws: InputProblems.self) { try ProjectSession(project).importItems(from: csv, unit: .yuan) }
        do {
            _ = try ProjectSession(project).importItems(from: csv, unit: .yuan)
        } catch {
            #expect("\(error)".contains("“colour”列"))
        }
    }

    @Test("GB18030 files from Excel or WPS are read without asking")
    func gb18030() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try SampleProject.empty(at: project)
        let utf8 = "单位编码,功能分类科目编码,经济分类科目编码,支出类型,资金来源,金额,备注\n432001,2010306,30201,基本支出,一般公共预算拨款,\"1,000.00\",办公用品\n"
        let gbk = try #require(iconv(utf8, to: "GB18030"))
        #expect(String(data: gbk, encoding: .utf8) == nil)
        let summary = try ProjectSession(project).importItems(from: folder.write("gbk.csv", gbk), unit: .yuan)
        #expect(summary.encoding == .gb18030)
        #expect(summary.total == 100_000)
        let item = try #require(try ProjectSession(project).items(matching: .init()).items.first)
        #expect(item.note == "办公用品")
        #expect(item.nature == .publicFunds)
    }

    func iconv(_ text: String, to encoding: String) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }
}

@Suite("Unit import")
struct UnitImportTests {
    @Test("a unit already in the project is named at its own line, also after a row the import could not read")
    func existingUnitLine() throws {
        let folder = TemporaryFolder()
        let path = folder.file("p.budget")
        try SampleProject.empty(at: path)
        let csv = folder.write("units.csv", "单位编码,单位名称,单位性质\n432009,新单位,公司\n432001,本级,行政\n")

        #expect {
            _ = try ProjectSession(path).importUnits(from: csv)
        } throws: { error in
            let problems = (error as? InputProblems)?.problems ?? []
            return problems.contains { $0.line == 2 && $0.column == "单位性质" }
                && problems.contains { $0.line == 3 && $0.value == "432001" && $0.message.contains("已经有这个单位编码") }
        }
    }
}

@Suite("Checks fire on projects built to break them")
struct CheckTests {
    func project(_ folder: TemporaryFolder, _ rows: [String]) throws -> String {
        let path = folder.file("p.budget")
        try SampleProject.empty(at: path)
        if !rows.isEmpty {
            let csv = folder.write(
                "items.csv", "unit,functional,economic,type,nature,project,source,amount,note,functional_name\n" + rows.joined(separator: "\n") + "\n"
            )
            _ = try ProjectSession(path).importItems(from: csv, unit: .yuan)
        }
        return path
    }

    @Test("the sample passes every check; its only note is last year's 机关运行经费, which the seed does not publish")
    func samplePasses() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        let findings = try ProjectSession(path).check().findings
        #expect(findings.map(\.check) == ["prior-year"])
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.message.contains("：机关运行经费。") == true)
    }

    @Test("a 财政拨款 item of a type table 5 has no column for breaks 合计 = 基本 + 项目")
    func sumCheck() throws {
        let folder = TemporaryFolder()
        let path = try project(folder, ["432001,2010306,30101,basic,,,general,100,,", "432001,2010306,30399,subsidy,,,general,50,,"])
        let findings = try ProjectSession(path).check().findings.filter { $0.check == "sum" }
        let table5 = findings.filter { $0.table?.hasPrefix("表5") == true }
        #expect(!table5.isEmpty)
        // The 项 row is where the total and its parts part ways.
        #expect(table5.count == 1)
        let total = try #require(table5.first { $0.row?.contains("2010306") == true })
        #expect(total.severity == .error)
        #expect(total.expected == 15_000)
        #expect(total.actual == 10_000)
        #expect(total.column?.contains("合计") == true)
        #expect(total.items == [2], "only the item no column counts")
    }

    @Test("an item whose 类 is not one of the 31 rows of 收支总表 is an error")
    func unplacedClass() throws {
        let folder = TemporaryFolder()
        let path = try project(folder, ["432001,2990101,30101,basic,,,general,100,,自编科目"])
        let findings = try ProjectSession(path).check().findings
        #expect(findings.contains { $0.check == "unplaced-class" && $0.severity == .error && $0.items == [1] })
        // The same item also leaves 本年支出合计 short of the items' total in 表1.
        #expect(findings.contains { $0.check == "sum" && $0.table?.hasPrefix("表1") == true })
        // Its 类 and 款 have no names.
        #expect(findings.contains { $0.check == "unnamed-code" && $0.row == "299" })
        #expect(findings.contains { $0.check == "unknown-code" && $0.severity == .warning })
    }

    @Test("a user-named code, a zero amount, an empty project and an empty unit are warnings")
    func warnings() throws {
        let folder = TemporaryFolder()
        let path = try project(folder, ["432001,2010388,30101,basic,,,general,0,,其他政务服务"])
        try ProjectSession(path).addProject(BudgetProject(name: "空项目"))
        let result = try ProjectSession(path).check()
        let checks = Set(result.findings.map(\.check))
        // and the document not yet written: no performance-target table, no figures of last year,
        // and the statement's texts (placeholder, the only errors)
        #expect(checks == ["unknown-code", "zero-amount", "empty-project", "empty-unit", "performance", "prior-year", "placeholder"])
        #expect(result.findings.filter { $0.severity == .error }.allSatisfy { isUnwrittenPart(check: $0.check, message: $0.message) })
        #expect(result.findings.first { $0.check == "empty-unit" }?.row == "432002")
    }

    @Test("尾差: three items of 150 元 round to 0.05 万元, their parts to 0.06")
    func rounding() throws {
        let folder = TemporaryFolder()
        let path = try project(
            folder,
            [
                "432001,2010306,30201,basic,,,general,150,,", "432001,2010306,30207,basic,,,general,150,,",
                "432001,2010306,30228,basic,,,general,150,,",
            ])
        let result = try ProjectSession(path).check()
        let rounding = result.findings.filter { $0.check == "rounding" }
        #expect(rounding.contains { $0.table?.hasPrefix("表6") == true && $0.message.contains("0.05") && $0.message.contains("0.06") })
        // The only errors are the statement's texts, not written here.
        #expect(result.findings.filter { $0.severity == .error }.allSatisfy { isUnwrittenPart(check: $0.check, message: $0.message) })
        let table6 = try #require(result.reports.table("6"))
        #expect(table6.amount(row: "302", column: 3) == 45_000)
        #expect(result.reports.format(45_000) == "0.05")
    }
}

@Suite("Exporting the workbook")
struct ExportTests {
    @Test("the same project gives a byte-identical workbook")
    func deterministic() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        _ = try ProjectSession(path).export(to: folder.file("a.xlsx"), force: false)
        _ = try ProjectSession(path).export(to: folder.file("b.xlsx"), force: false)
        let a = try #require(bytes(folder.file("a.xlsx")))
        #expect(a == bytes(folder.file("b.xlsx")))
        #expect(a.starts(with: Data("PK".utf8)))
    }

    @Test("export refuses while check finds errors; --force stamps the workbook")
    func refusesOnErrors() throws {
        let folder = TemporaryFolder()
        let path = folder.file("p.budget")
        try SampleProject.empty(at: path)
        _ = try ProjectSession(path).addItem(
            values: [.unit: "432001", .functional: "2010306", .economic: "30399", .type: "subsidy", .source: "general", .amount: "50"],
            amountUnit: .yuan)
        let output = folder.file("out.xlsx")
        #expect(throws: ExportRefused.self) { try ProjectSession(path).export(to: output, force: false) }
        #expect(!FileManager.default.fileExists(atPath: output))

        let result = try ProjectSession(path).export(to: output, force: true)
        #expect(result.errorCount > 0)
        let workbook = try XLSXWorkbook(path: output)
        for sheet in workbook.sheets {
            #expect(sheet.cell(row: 1, column: 0)?.value.hasPrefix("未经校验") == true, "\(sheet.name)")
        }
    }

    @Test("a failed export leaves the previous workbook as it was")
    func failedExportKeepsOldFile() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        let output = folder.file("out.xlsx")
        _ = try ProjectSession(path).export(to: output, force: false)
        let before = try #require(bytes(output))

        // A table whose sheet name Excel forbids fails half-way through writing.
        var reports = try ProjectSession(path).reports()
        reports.tables[8].sheetName = "三公:经费"
        #expect(throws: XLSXError.self) {
            try WorkbookWriter.export(reports, to: output, options: WorkbookOptions(created: Date(timeIntervalSince1970: 0)))
        }
        #expect(bytes(output) == before)
        #expect(folder.contents == ["out.xlsx", "s.budget"], "no temporary file is left behind")
    }

    @Test("export to a missing folder, a folder, or the project itself is refused with a clear reason")
    func badTargets() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        let before = bytes(path)
        for (target, words) in [
            (folder.file("missing/out.xlsx"), "不存在"), (folder.path, "文件夹"), (path, "项目文件"),
        ] {
            do {
                _ = try ProjectSession(path).export(to: target, force: false)
                Issue.record("export to \(target) should fail")
            } catch {
                #expect("\(error)".contains(words), "\(error)")
            }
        }
        #expect(bytes(path) == before)
    }
}

@Suite("The finance bureau's code list")
struct CatalogImportTests {
    @Test("names from the bureau's list win in the tables, and its codes are no longer unknown")
    func bureauNames() throws {
        let folder = TemporaryFolder()
        let path = folder.file("p.budget")
        try SampleProject.empty(at: path)
        _ = try ProjectSession(path).addItem(
            values: [
                .unit: "432001", .functional: "2010388", .economic: "30201", .type: "basic", .source: "general", .amount: "100",
                .functionalName: "我起的名字",
            ],
            amountUnit: .yuan)
        #expect(try ProjectSession(path).check().findings.contains { $0.check == "unknown-code" })

        let csv = folder.write("codes.csv", "科目编码,科目名称\n2010388,数据服务事务\n20103,政府办公厅(室)及相关机构事务\n30201,办公费（含印刷）\n")
        let counts = try ProjectSession(path).importCatalog(from: csv)
        #expect(counts[.functional] == 2 && counts[.economic] == 1)

        let result = try ProjectSession(path).check()
        #expect(!result.findings.contains { $0.check == "unknown-code" })
        let table5 = try #require(result.reports.table("5"))
        #expect(table5.row("2010388")?.cells[2] == .text("数据服务事务"))
        #expect(table5.row("20103")?.cells[2] == .text("政府办公厅(室)及相关机构事务"))
        #expect(result.reports.table("6")?.row("30201")?.cells[2] == .text("办公费（含印刷）"))
    }

    @Test("a code of the wrong shape in the bureau's list is refused with its line, and nothing is loaded")
    func badList() throws {
        let folder = TemporaryFolder()
        let path = folder.file("p.budget")
        try SampleProject.empty(at: path)
        let before = bytes(path)
        let csv = folder.write("codes.csv", "code,name\n2010306,政务公开审批\n50101,工资奖金津补贴\n")
        do {
            _ = try ProjectSession(path).importCatalog(from: csv)
            Issue.record("should fail")
        } catch {
            #expect("\(error)".contains("codes.csv，第 3 行，“科目编码”列，值“50101”"))
        }
        #expect(bytes(path) == before)
    }
}

@Suite("Large exports")
struct LargeExportTests {
    @Test("--with-items adds a last sheet listing every line item, after the tables and the statement")
    func withItems() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        _ = try ProjectSession(path).export(to: folder.file("w.xlsx"), force: false, withItems: true)
        let workbook = try XLSXWorkbook(path: folder.file("w.xlsx"))
        // 9 tables, 机构设置, 项目绩效目标表 (15 tables on one sheet), 采购, 资产, 情况说明, then the items
        #expect(workbook.sheets.count == 9 + 1 + 1 + 2 + 1 + 1)
        #expect(workbook.sheets[workbook.sheets.count - 2].name == "情况说明")
        let sheet = try #require(workbook.sheets.last)
        #expect(sheet.name == "预算明细")
        #expect(sheet.cell("A1")?.value == "编号" && sheet.cell("I1")?.value == "金额（元）")
        // 53 items; the amounts add up to the published total, 2343.44 万元.
        let amounts = (1...53).compactMap { sheet.cell(row: $0, column: 8)?.number }
        #expect(amounts.count == 53)
        #expect(Int64((amounts.reduce(0, +) * 100).rounded()) == 2_343_440_000)  // fen
        #expect(sheet.cell(row: 54, column: 0) == nil)
        #expect(sheet.cell("E2")?.value == "基本支出")
        #expect(sheet.cell("F2")?.value == "人员经费")
    }

    /// The sample project and an empty folder `units` beside it.
    func sampleAndUnitsFolder(_ folder: TemporaryFolder) throws -> (path: String, out: URL) {
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        let out = folder.url.appendingPathComponent("units")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        return (path, out)
    }

    @Test("export-units writes one workbook per unit whose tables add up to the department's")
    func perUnit() throws {
        let folder = TemporaryFolder()
        let (path, out) = try sampleAndUnitsFolder(folder)
        // What killed exports left (a process that has ended), one still being written (this
        // process), and a file of the clerk's.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let stale = [".432001 单位甲.xlsx.tmp-\(ended.processIdentifier)-17.xlsx", ".其他.xlsx.tmp-\(ended.processIdentifier)-3.xlsx"]
        let kept = [".432002 单位乙.xlsx.tmp-\(getpid())-5.xlsx", "说明.txt", ".tmp-x.xlsx"]
        for name in stale + kept { FileManager.default.createFile(atPath: out.appendingPathComponent(name).path, contents: Data("x".utf8)) }
        let files = try ProjectSession(path).exportUnits(to: out.path, force: false)
        #expect(
            files.map { URL(fileURLWithPath: $0).lastPathComponent } == [
                "432001 石家庄高新技术产业开发区行政服务局本级.xlsx", "432002 石家庄高新技术产业开发区政务服务中心.xlsx",
            ])
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) == Set(kept + files.map { URL(fileURLWithPath: $0).lastPathComponent })
        )
        var total = 0.0
        for file in files {
            let sheet = try #require(try XLSXWorkbook(path: file).sheets.first)
            #expect(sheet.cell("A2")?.value.hasPrefix("43200") == true)
            let grand = try #require((0..<60).first { sheet.cell(row: $0, column: 1)?.value == "收入总计" })
            total += try #require(sheet.cell(row: grand, column: 2)?.number)
        }
        #expect(Int64((total * 100).rounded()) == 234_344)
    }

    @Test("export-units is all or nothing: one workbook that cannot be written leaves every unit's old workbook as it was")
    func perUnitAllOrNothing() throws {
        let folder = TemporaryFolder()
        let (path, out) = try sampleAndUnitsFolder(folder)
        // Given: last round's workbook of the first unit, and a folder where the second unit's goes
        let first = out.appendingPathComponent("432001 石家庄高新技术产业开发区行政服务局本级.xlsx").path
        FileManager.default.createFile(atPath: first, contents: Data("上一轮的工作簿".utf8))
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent("432002 石家庄高新技术产业开发区政务服务中心.xlsx"), withIntermediateDirectories: false)

        // When
        #expect(throws: XLSXError.self) { try ProjectSession(path).exportUnits(to: out.path, force: false) }

        // Then: the first unit's old workbook is untouched and no temporary file is left
        #expect(FileManager.default.contents(atPath: first) == Data("上一轮的工作簿".utf8))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [
                "432001 石家庄高新技术产业开发区行政服务局本级.xlsx", "432002 石家庄高新技术产业开发区政务服务中心.xlsx",
            ])
    }
}

@Suite("budget doctor")
struct DoctorTests {
    @Test("a healthy file gets a summary for support and no problem; a tampered one is named")
    func report() throws {
        let folder = TemporaryFolder()
        let path = folder.file("s.budget")
        try SampleProject.build(at: path)
        let healthy = try ProjectSession(path).doctor()
        #expect(healthy.problems.isEmpty)
        let text = healthy.lines.joined(separator: "\n")
        #expect(text.contains("432 石家庄高新技术产业开发区行政服务局，2023 年度"))
        #expect(text.contains("文件格式版本：10"))
        #expect(text.contains("汇总数封印：有效"))
        #expect(text.contains("2 个单位，15 个项目，53 条明细，合计 23434400.00 元"))
        #expect(text.contains("日志模式：delete"))

        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "UPDATE line_item SET amount_fen = amount_fen + 1 WHERE id = 3") }
        try queue.close()
        let broken = try ProjectSession(path).doctor()
        #expect(broken.problems.count == 1)
        #expect(broken.problems.first?.hasPrefix("汇总数与明细不一致") == true)
        #expect(broken.lines.contains { $0.hasPrefix("汇总数封印：不可信") })
    }
}
