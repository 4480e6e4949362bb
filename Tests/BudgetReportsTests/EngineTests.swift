import BudgetModel
import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetReports

func snapshot(_ items: [LineItem], projects: [BudgetProject] = []) -> ProjectSnapshot {
    var numbered = items
    for index in numbered.indices { numbered[index].id = Int64(index + 1) }
    return ProjectSnapshot(
        department: Department(code: "001", name: "测试部门", year: 2024),
        units: [BudgetUnit(code: "001001", name: "本级", nature: .administrative)], projects: projects, items: numbered,
        codes: CodeBook())
}

func item(
    _ functional: String, _ economic: String, _ type: ExpenditureType = .basic, _ source: FundingSource = .general, _ fen: Fen,
    nature: CostNature? = nil, project: String? = nil
) -> LineItem {
    LineItem(
        unitCode: "001001", functional: functional, economic: economic, type: type, nature: nature,
        project: project ?? (type == .project ? "某项目" : nil), source: source, amount: fen)
}

@Suite("Computing the Hebei tables")
struct EngineTests {
    let hebei = try! Template.builtIn("hebei")

    @Test("the nine tables come in the published order with valid sheet names")
    func order() throws {
        let reports = try ReportEngine.compute(snapshot([]), template: hebei)
        #expect(reports.tables.map(\.id) == ["1", "2", "3", "4", "5", "6", "7", "8", "9"])
        #expect(reports.tables[5].title == "部门预算一般公共预算财政拨款基本支出表")
        for table in reports.tables {
            #expect(table.sheetName.count <= 31 && !table.sheetName.contains(where: { "[]:*?/\\".contains($0) }))
            #expect(table.header.columnCount == table.columnCount)
        }
        // Tables 1 and 4 keep all 31 classes and their closing rows even when empty.
        #expect(reports.tables[0].rows.count == 34)
        #expect(reports.tables[3].rows.count == 37)
        #expect(reports.tables[0].rows[30].cells[3] == .text("三十一、人行科目"))
        // Empty tables keep their header and say so.
        #expect(reports.tables[6].rows.isEmpty)
        #expect(reports.tables[6].note == "注：无政府基金预算财政拨款预算，空表列示。")
        #expect(reports.tables[8].note == "注：无财政拨款“三公”经费支出表预算，空表列示。")
    }

    @Test("a functional table rolls 项 up into 款, 类 and 合计, with SUM references to the children")
    func hierarchy() throws {
        let reports = try ReportEngine.compute(
            snapshot([
                item("2010306", "30101", .basic, .general, 100_00), item("2010301", "30201", .basic, .general, 50_00),
                item("2080501", "30302", .basic, .general, 7_00), item("2010306", "30227", .project, .general, 30_00),
            ]),
            template: hebei)
        let table5 = try #require(reports.table("5"))
        #expect(table5.rows.map(\.key) == ["total", "201", "20103", "2010301", "2010306", "208", "20805", "2080501"])
        #expect(table5.amount(row: "total", column: 3) == 187_00)
        #expect(table5.amount(row: "201", column: 4) == 150_00)
        #expect(table5.amount(row: "2010306", column: 5) == 30_00)
        #expect(table5.row("20103")?.cells[2] == .text("政府办公厅（室）及相关机构事务"))
        // 合计 row sums the 类 rows; a 类 row its 款 rows; a 项 row its own columns.
        guard case .sum(_, let totalRefs) = table5.rows[0].cells[3] else {
            Issue.record("合计 is not a sum")
            return
        }
        #expect(totalRefs == [CellRef(row: 1, column: 3), CellRef(row: 5, column: 3)])
        guard case .sum(_, let leafRefs) = table5.rows[4].cells[3] else {
            Issue.record("leaf 合计 is not a sum")
            return
        }
        #expect(leafRefs == [CellRef(row: 4, column: 4), CellRef(row: 4, column: 5)])
        #expect(table5.rows.map { $0.cells[0] } == (1...8).map { .text(String($0)) })
    }

    @Test("人员经费 and 公用经费 follow each item, not the economic class")
    func personnelByItem() throws {
        let reports = try ReportEngine.compute(
            snapshot([
                item("2010306", "30226", .basic, .general, 523_43, nature: .personnel),
                item("2010306", "30201", .basic, .general, 22_60),
                item("2010306", "30101", .basic, .general, 187_10),
            ]),
            template: hebei)
        let table6 = try #require(reports.table("6"))
        #expect(table6.amount(row: "302", column: 4) == 523_43)
        #expect(table6.amount(row: "302", column: 5) == 22_60)
        #expect(table6.amount(row: "total", column: 4) == 710_53)
    }

    @Test("funding sources land in their columns; carry-over in 上年结转 and 年初财政拨款结转和结余")
    func sources() throws {
        let reports = try ReportEngine.compute(
            snapshot([
                item("2010306", "30101", .basic, .general, 100), item("2010306", "30201", .basic, .business, 20),
                item("2010306", "30227", .project, .carryoverGeneral, 5), item("2120101", "30227", .project, .fund, 8),
                item("2010306", "30201", .basic, .carryoverOther, 3),
            ]),
            template: hebei)
        let t1 = try #require(reports.table("1"))
        #expect(t1.amount(row: "201", column: 2) == 100)  // 一、一般公共预算拨款收入
        #expect(t1.amount(row: "202", column: 2) == 8)  // 二、政府性基金预算拨款收入
        #expect(t1.amount(row: "205", column: 2) == 20)  // 五、事业收入
        #expect(t1.amount(row: "current", column: 2) == 128)
        #expect(t1.amount(row: "carryover", column: 2) == 8)
        #expect(t1.amount(row: "grand", column: 2) == 136)
        #expect(t1.amount(row: "grand", column: 4) == 136)
        let t2 = try #require(reports.table("2"))
        #expect(t2.amount(row: "total", column: 5) == 108)  // 财政拨款收入
        #expect(t2.amount(row: "total", column: 7) == 20)  // 事业收入
        #expect(t2.amount(row: "total", column: 12) == 8)  // 上年结转
        #expect(t2.amount(row: "total", column: 4) == 128)  // 小计
        let t4 = try #require(reports.table("4"))
        #expect(t4.amount(row: "carryover", column: 2) == 5)
        #expect(t4.amount(row: "carryover-general", column: 2) == 5)
        #expect(t4.amount(row: "201", column: 5) == 105)
        #expect(t4.amount(row: "212", column: 6) == 8)
        #expect(t4.amount(row: "grand", column: 2) == 113)
        #expect(t4.amount(row: "grand", column: 4) == 113)
        #expect(reports.table("7")?.amount(row: "total", column: 5) == 8)
        #expect(Checks.run(snapshot([]), reports).filter { $0.check == "sum" || $0.check == "identity" } == [])
    }

    @Test("三公 comes from 30212, 31013, 30231 and 30217 across the three 财政拨款 sources")
    func threePublic() throws {
        let reports = try ReportEngine.compute(
            snapshot([
                item("2010306", "30212", .basic, .general, 10), item("2010306", "31013", .project, .general, 20),
                item("2010306", "30231", .basic, .fund, 30), item("2010306", "30217", .basic, .carryoverSoe, 40),
                item("2010306", "30217", .basic, .business, 1000),
            ]),
            template: hebei)
        let t9 = try #require(reports.table("9"))
        #expect(t9.amount(row: "abroad", column: 2) == 10)
        #expect(t9.amount(row: "car-purchase", column: 3) == 20)
        #expect(t9.amount(row: "car-running", column: 4) == 30)
        #expect(t9.amount(row: "reception", column: 5) == 40)
        #expect(t9.amount(row: "reception", column: 2) == 40)
        #expect(t9.note == nil)
    }

    @Test("the identity check fires when two tables disagree")
    func identityFires() throws {
        let data = snapshot([item("2010306", "30101", .basic, .general, 100)])
        var reports = try ReportEngine.compute(data, template: hebei)
        #expect(Checks.run(data, reports).isEmpty)
        // Tamper with table 6's total: table 5's 基本支出 no longer equals it.
        let index = try #require(reports.tables.firstIndex { $0.id == "6" })
        reports.tables[index].rows[0].cells[3] = .sum(99, refs: [])
        let findings = Checks.run(data, reports).filter { $0.check == "identity" }
        let finding = try #require(findings.first)
        #expect(finding.severity == .error)
        #expect(finding.table?.hasPrefix("表5") == true)
        #expect(finding.expected == 99)
        #expect(finding.actual == 100)
        #expect(finding.message.contains("基本支出表合计"))
        #expect(finding.items == [1])
    }

    @Test("the sum check fires when a total and its parts disagree")
    func sumFires() throws {
        let data = snapshot([item("2010306", "30101", .basic, .general, 100), item("2080501", "30302", .basic, .general, 5)])
        var reports = try ReportEngine.compute(data, template: hebei)
        let index = try #require(reports.tables.firstIndex { $0.id == "3" })
        reports.tables[index].rows[2].cells[4] = .sum(90, refs: reports.tables[index].rows[2].cells[4].refs)
        let findings = Checks.run(data, reports).filter { $0.check == "sum" }
        #expect(findings.contains { $0.table?.hasPrefix("表3") == true && $0.row?.contains("20103") == true })
    }
}

extension ReportCell {
    var refs: [CellRef] {
        if case .sum(_, let refs) = self { return refs }
        return []
    }
}

@Suite("Templates are data")
struct TemplateTests {
    @Test("a broken template file fails with its name and the place of the mistake")
    func broken() throws {
        let folder = TemporaryFolder()
        let url = PackagePaths.root.appendingPathComponent("Sources/BudgetReports/Resources/templates/hebei.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"kind\": \"fixed\"", with: "\"kind\": \"fixd\"")
        let broken = folder.write("broken.json", text)
        do {
            _ = try Template.load(URL(fileURLWithPath: broken))
            Issue.record("should fail")
        } catch {
            #expect("\(error)".contains("broken.json"))
            #expect("\(error)".contains("tables[0]"))
            #expect("\(error)".contains("fixd"))
        }
    }

    @Test("a renamed title and a moved column change the tables with no code change")
    func edited() throws {
        let url = PackagePaths.root.appendingPathComponent("Sources/BudgetReports/Resources/templates/hebei.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var tables = try #require(json["tables"] as? [[String: Any]])
        tables[2]["title"] = "支出预算总表"
        // Swap 基本支出 and 项目支出 in table 3, headers and columns alike.
        var header = try #require(tables[2]["header"] as? [[[String: Any]]])
        header[0].swapAt(3, 4)
        tables[2]["header"] = header
        var body = try #require(tables[2]["body"] as? [String: Any])
        var columns = try #require(body["columns"] as? [[String: Any]])
        columns.swapAt(1, 2)
        body["columns"] = columns
        tables[2]["body"] = body
        json["tables"] = tables
        let folder = TemporaryFolder()
        let path = folder.write("edited.json", try JSONSerialization.data(withJSONObject: json))
        let template = try Template.load(URL(fileURLWithPath: path))
        let reports = try ReportEngine.compute(snapshot([item("2010306", "30227", .project, .general, 7)]), template: template)
        let t3 = try #require(reports.table("3"))
        #expect(t3.title == "支出预算总表")
        #expect(t3.header.columnLabels[4] == "项目支出")
        #expect(t3.amount(row: "total", column: 4) == 7)
        #expect(t3.amount(row: "total", column: 5) == 0)
    }
}

@Suite("Built-in data")
struct EmbeddedDataTests {
    @Test("the templates built into the executable are the files in Resources (run Scripts/embed-resources after editing one)")
    func templateMatchesFile() throws {
        let folder = PackagePaths.root.appendingPathComponent("Sources/BudgetReports/Resources/templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files == Template.builtInNames.keys.sorted().map { $0 + ".json" })
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let embedded = try #require(Template.builtInNames[String(file.dropLast(5))])
            #expect(embedded + "\n" == text || embedded == text, "\(file)")
        }
    }
}
