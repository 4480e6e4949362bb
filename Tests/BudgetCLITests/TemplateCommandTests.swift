import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// Templates as files a bureau can copy and edit (issue 7, the parts that need no new layout).
@Suite("budget templates, template-export, --template")
struct TemplateCommandTests {
    /// The Hebei template written out and edited: table 1 renamed, and in table 6 the columns
    /// 人员经费 and 公用经费 swapped (header and body; the sum over both stays the same).
    static func editedTemplate(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("edited.json")
        let written = try budget("template-export", "hebei", path)
        try #require(written.status == 0, "\(written.stderr)")
        let data = try #require(bytes(path))
        var template = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var tables = try #require(template["tables"] as? [[String: Any]])
        tables[0]["title"] = "部门财务收支预算总表（省级试行）"
        var header = try #require(tables[5]["header"] as? [[[String: Any]]])
        var names = header[1]
        names.swapAt(3, 4)  // [科目编码, 科目名称, 合计, 人员经费, 公用经费]
        header[1] = names
        tables[5]["header"] = header
        var body = try #require(tables[5]["body"] as? [String: Any])
        var columns = try #require(body["columns"] as? [[String: Any]])
        columns.swapAt(1, 2)
        body["columns"] = columns
        tables[5]["body"] = body
        template["tables"] = tables
        template["name"] = "edited"
        try JSONSerialization.data(withJSONObject: template, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("templates lists the built-in ones with a description")
    func list() throws {
        let result = try budget("templates")
        #expect(result.status == 0)
        #expect(result.stdout.contains("hebei"))
        #expect(result.stdout.contains("河北"))
    }

    @Test("the executable copied alone to an empty folder has its templates and catalogs: no resource bundle is built or looked for")
    func executableAlone() throws {
        // Given: `budget` alone in a folder
        let folder = TemporaryFolder()
        let alone = folder.file("budget")
        try FileManager.default.copyItem(atPath: PackagePaths.executable.path, toPath: alone)
        let project = folder.file("p.budget")
        func run(_ arguments: String...) throws -> CommandResult { try runProgram(alone, arguments, in: folder.path) }

        // When
        let templates = try run("templates")
        let created = try run(
            "init", project, "--department-code", Sample.departmentCode, "--department-name", Sample.departmentName, "--year", Sample.year)
        let units = try run("unit", "import", project, Sample.units)
        let items = try run("import", project, Sample.items, "--unit", "wan")
        let table = try run("show", project, "6", "--csv")

        // Then: both templates, and the sample's 2343.44 万元, its 基本支出 1892.52 = 1820.73 + 71.79
        // (the published table 6) with 30101 named from the economic catalog
        #expect(templates.status == 0 && templates.stdout.hasPrefix("hebei") && templates.stdout.contains("\nshanghai"), "\(templates)")
        #expect(created.status == 0 && units.status == 0, "\(created.stderr)\(units.stderr)")
        #expect(items.status == 0 && items.stdout.contains("合计 23434400.00 元（2343.44 万元）"), "\(items)")
        #expect(table.status == 0 && table.stdout.contains("1,,合计,1892.52,1820.73,71.79\r\n") && table.stdout.contains(",30101,基本工资,"), "\(table)")
        // A target with package resources gets an accessor naming its bundle: none has one.
        let binary = try #require(bytes(alone))
        for target in ["BudgetModel", "BudgetReports", "BudgetKit", "BudgetXLSX", "BudgetStore", "budget"] {
            #expect(binary.range(of: Data("budget_\(target).resources".utf8)) == nil, "\(target) has a resource bundle")
        }
    }

    @Test("an edited copy of a built-in template changes the workbook, with no code change: a renamed title, two columns swapped")
    func editedCopy() throws {
        // Given: the sample and an edited copy of the Hebei template
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let template = try Self.editedTemplate(folder)

        // When: exported with the built-in template and with the edited file
        let plain = try budget("export", project, folder.file("hebei.xlsx"))
        let edited = try budget("export", project, folder.file("edited.xlsx"), "--template", template)

        // Then: table 1's title is the new one; table 6 shows 公用经费 before 人员经费, with the same figures
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(edited.status == 0, "\(edited.stderr)")
        let before = try XLSXWorkbook(path: folder.file("hebei.xlsx"))
        let after = try XLSXWorkbook(path: folder.file("edited.xlsx"))
        #expect(before.sheets[0].cell("A1")?.value == "部门预算收支总表")
        #expect(after.sheets[0].cell("A1")?.value == "部门财务收支预算总表（省级试行）")
        let headerBefore = try #require((0..<10).first { before.sheets[5].cell(row: $0, column: 4)?.value == "人员经费" })
        let headerAfter = try #require((0..<10).first { after.sheets[5].cell(row: $0, column: 4)?.value == "公用经费" })
        #expect(after.sheets[5].cell(row: headerAfter, column: 5)?.value == "人员经费")
        let total = { (sheet: XLSXSheet, header: Int, column: Int) in sheet.cell(row: header + 2, column: column)?.number }
        #expect(total(after.sheets[5], headerAfter, 4) == total(before.sheets[5], headerBefore, 5))  // 公用经费 71.79
        #expect(total(after.sheets[5], headerAfter, 5) == total(before.sheets[5], headerBefore, 4))  // 人员经费 1820.73
    }

    @Test("a broken template file is refused before any workbook is written, naming the file and the key")
    func broken() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let path = folder.file("broken.json")
        let written = try budget("template-export", "hebei", path)
        try #require(written.status == 0)
        let data = try #require(bytes(path))
        var template = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var tables = try #require(template["tables"] as? [[String: Any]])
        tables[2].removeValue(forKey: "title")
        template["tables"] = tables
        try JSONSerialization.data(withJSONObject: template).write(to: URL(fileURLWithPath: path))

        let result = try budget("export", project, folder.file("out.xlsx"), "--template", path)

        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("错误 E-TEMPLATE："), "\(result.stderr)")
        #expect(result.stderr.contains("broken.json"))
        #expect(result.stderr.contains("tables[2]") && result.stderr.contains("title"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.xlsx")))
    }

    @Test("the project remembers its default template, kept in the project: the file may go away")
    func remembered() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let template = try Self.editedTemplate(folder)

        let set = try budget("settings", project, "--template", template)
        unlink(template)
        let exported = try budget("export", project, folder.file("out.xlsx"))

        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("默认模板：edited"))
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try XLSXWorkbook(path: folder.file("out.xlsx")).sheets[0].cell("A1")?.value == "部门财务收支预算总表（省级试行）")
        // Back to the built-in one by name.
        #expect(try budget("settings", project, "--template", "hebei").stdout.contains("默认模板：hebei"))
    }

    @Test("--template with neither a built-in name nor a file: exit 1 naming the option")
    func unknown() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let result = try budget("export", project, folder.file("out.xlsx"), "--template", "guangdong")
        #expect(result.status == 1)
        #expect(result.stderr.contains("--template") && result.stderr.contains("guangdong"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.xlsx")))
    }

    /// A built-in template (Hebei unless named) written out, changed by `edit`, written back.
    static func editedCopy(
        _ folder: TemporaryFolder, _ name: String, from builtIn: String = "hebei", _ edit: (inout [String: Any]) throws -> Void
    ) throws -> String {
        let path = folder.file(name)
        try #require(try budget("template-export", builtIn, path).status == 0)
        let data = try #require(bytes(path))
        var template = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        try edit(&template)
        try JSONSerialization.data(withJSONObject: template).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("an identity or a sum naming a column a table does not have is a located template error, not a crash")
    func columnsOutOfRange() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let identity = try Self.editedCopy(folder, "identity.json") { template in
            var identities = try #require(template["identities"] as? [[String: Any]])
            var left = try #require(identities[0]["left"] as? [String: Any])
            left["column"] = 30
            identities[0]["left"] = left
            template["identities"] = identities
        }
        let sum = try Self.editedCopy(folder, "sum.json") { template in
            var tables = try #require(template["tables"] as? [[String: Any]])
            var body = try #require(tables[4]["body"] as? [String: Any])
            var columns = try #require(body["columns"] as? [[String: Any]])
            columns[0]["sumCols"] = [4, 9]
            body["columns"] = columns
            tables[4]["body"] = body
            template["tables"] = tables
        }

        for (file, words) in [(identity, ["identity.json", "identities[0].left.column", "30"]), (sum, ["sum.json", "tables[4]", "sumCols", "9"])] {
            let result = try budget("check", project, "--template", file)
            #expect(result.status == 1, "\(file): \(result.stderr)")
            #expect(result.stderr.hasPrefix("错误 E-TEMPLATE："), "\(result.stderr)")
            for word in words { #expect(result.stderr.contains(word), "\(word) in \(result.stderr)") }
        }
    }

    /// Template mistakes Excel would refuse (case 9), each with what the message must say.
    static let excelMistakes: [(key: String, value: String, words: [String])] = [
        ("sheetName", String(repeating: "表", count: 32), ["最多 31 个字符", "32"]),
        ("sheetName", "收支[总表]", ["不能含", "“[”"]),
        ("sheetName", "收支:总表", ["“:”"]),
        ("sheetName", "收支*总表", ["“*”"]),
        ("sheetName", "收支?总表", ["“?”"]),
        ("sheetName", "收支/总表", ["“/”"]),
        ("sheetName", "收支\\总表", ["“\\”"]),
        ("sheetName", "", ["不能为空"]),
        ("sheetName", "'收支总表", ["单引号"]),
        ("sheetName", "收支总表'", ["单引号"]),
        ("sheetName", "History", ["保留"]),
        ("sheetName", "HISTORY", ["保留"]),
        ("title", String(repeating: "表", count: 32_768), ["title", "32768 个字符", "32,767"]),
        ("sheetName", "1 收支总表", ["与 tables[0]（表 1）的相同", "不相邻"]),
    ]

    @Test("case 9: a sheet name or a title Excel would refuse is a template error at load (check --template), not an export error", arguments: 0..<14)
    func excelMistakes(_ number: Int) throws {
        // Given: the Hebei template with one mistake in table 3 (the last: table 1's sheet name again, a table between)
        let mistake = Self.excelMistakes[number]
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let before = try #require(bytes(project))
        let path = try Self.editedCopy(folder, "mistake.json") { template in
            var tables = try #require(template["tables"] as? [[String: Any]])
            if mistake.words.contains("不相邻") { #expect(tables[0]["sheetName"] as? String == mistake.value) }
            tables[2][mistake.key] = mistake.value
            template["tables"] = tables
        }

        // When
        let check = try budget("check", project, "--template", path)
        let export = try budget("export", project, folder.file("out.xlsx"), "--template", path)

        // Then: both refuse with E-TEMPLATE naming the file, the table and the key; nothing written
        for result in [check, export] {
            #expect(result.status == 1, "\(number): \(result.stderr)")
            #expect(result.stderr.hasPrefix("错误 E-TEMPLATE：模板 mistake.json 有错误：tables[2]（表 3）.\(mistake.key)"), "\(number): \(result.stderr)")
            for word in mistake.words { #expect(result.stderr.contains(word), "\(number): \(word) in \(result.stderr)") }
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.xlsx")))
        #expect(bytes(project) == before)
    }

    @Test(
        "case 9: a title that only passes a cell's limit once {name} is filled in: the read-back finds the empty title cell, the old workbook stays")
    func titleTooLongAfterFilling() throws {
        // Given: a good workbook, and a template whose first title is 32,760 characters and {name}
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let out = folder.file("out.xlsx")
        try #require(try budget("export", project, out).status == 0)
        let good = try #require(bytes(out))
        let path = try Self.editedCopy(folder, "long.json") { template in
            var tables = try #require(template["tables"] as? [[String: Any]])
            tables[0]["title"] = String(repeating: "表", count: 32_760) + "{name}"
            template["tables"] = tables
        }
        #expect(try budget("check", project, "--template", path).status == 0)

        // When
        let result = try budget("export", project, out, "--template", path)

        // Then: exit 5 naming the title cell; the previous workbook byte-identical
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("错误 E-EXPORT-IO："), "\(result.stderr)")
        #expect(result.stderr.contains("!A1 应为“表表表"), "\(result.stderr)")
        #expect(result.stderr.contains("读回“空”"), "\(result.stderr)")
        #expect(bytes(out) == good)
    }

    @Test("template-export never writes over a project file or a folder")
    func exportTargets() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let before = try #require(bytes(project))

        let overProject = try budget("template-export", "hebei", project)
        let overFolder = try budget("template-export", "hebei", folder.path)

        #expect(overProject.status == 5 && overProject.stderr.contains("项目文件"), "\(overProject.stderr)")
        #expect(overFolder.status == 5 && overFolder.stderr.contains("文件夹"), "\(overFolder.stderr)")
        #expect(bytes(project) == before)
    }

    @Test("settings with a bad template changes nothing, not even the other setting given with it")
    func settingsAllOrNothing() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let before = try #require(bytes(project))
        let broken = folder.write("broken.json", "{ \"name\": \"x\"")

        let result = try budget("settings", project, "--operation-costs", "administrative", "--template", broken)

        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("不是有效的 JSON"), "\(result.stderr)")
        #expect(bytes(project) == before)
    }

    @Test("a template in 元: every amount is the Hebei one scaled from 万元 to 元, and the lines say 元")
    func inYuan() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let yuan = try Self.editedCopy(folder, "yuan.json") { template in
            template["amountUnit"] = "yuan"
            template["unitLine"] = "单位：元"
        }

        let plain = try budget("export", project, folder.file("wan.xlsx"))
        let scaled = try budget("export", project, folder.file("yuan.xlsx"), "--template", yuan)

        #expect(plain.status == 0 && scaled.status == 0, "\(plain.stderr)\(scaled.stderr)")
        let wan = try XLSXWorkbook(path: folder.file("wan.xlsx"))
        let inYuan = try XLSXWorkbook(path: folder.file("yuan.xlsx"))
        var compared = 0
        for (a, b) in zip(wan.sheets.prefix(9), inYuan.sheets.prefix(9)) {
            for row in 0..<60 {
                for column in 0..<14 {
                    guard let number = a.cell(row: row, column: column)?.number, column > 0 else { continue }
                    let other = try #require(b.cell(row: row, column: column)?.number, "\(a.name) row \(row + 1) column \(column)")
                    if a.cell(row: row, column: 0)?.value == "栏次" { continue }
                    #expect(abs(other - number * 10_000) < 0.000_1, "\(a.name) row \(row + 1) column \(column): \(other) vs \(number) 万元")
                    compared += 1
                }
            }
        }
        #expect(compared > 150)
        #expect(inYuan.sheets[0].cell("A4")?.value == "单位：元")
        let assets = try #require(inYuan.sheet("部门固定资产占用情况表"))
        #expect((0..<8).contains { assets.cell(row: $0, column: 2)?.value == "价值（金额单位：元）" })
    }

    @Test("whole 元 with separators and zeros shown: the tables read 23,434,400 and 0")
    func wholeYuan() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let whole = try Self.editedCopy(folder, "whole.json") { template in
            template["amountUnit"] = "yuan-whole"
            template["thousandsSeparator"] = true
            template["zeroDisplay"] = "zero"
        }

        let shown = try budget("show", project, "1", "--template", whole, "--csv")

        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\"23,434,400\""), "\(shown.stdout.prefix(600))")
        #expect(shown.stdout.contains(",0,"), "zeros are shown")
        let exported = try budget("export", project, folder.file("whole.xlsx"), "--template", whole)
        #expect(exported.status == 0, "\(exported.stderr)")
    }

    @Test("an amount unit the tool does not know is a template error naming the key")
    func badUnit() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let bad = try Self.editedCopy(folder, "bad.json") { template in template["amountUnit"] = "thousand" }
        let result = try budget("show", project, "1", "--template", bad)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("E-TEMPLATE") && result.stderr.contains("amountUnit") && result.stderr.contains("thousand"), "\(result.stderr)")
    }

    @Test("a template without the tables the statement is checked against says so, rather than skipping in silence")
    func nothingToCompare() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let renamed = try Self.editedCopy(folder, "renamed.json") { template in
            let names = ["3": "T3", "6": "T6", "9": "T9"]
            var tables = try #require(template["tables"] as? [[String: Any]])
            for index in tables.indices { if let id = tables[index]["id"] as? String, let new = names[id] { tables[index]["id"] = new } }
            template["tables"] = tables
            var identities = try #require(template["identities"] as? [[String: Any]])
            for index in identities.indices {
                for side in ["left", "right"] {
                    var selector = try #require(identities[index][side] as? [String: Any])
                    if let id = selector["table"] as? String, let new = names[id] { selector["table"] = new }
                    identities[index][side] = selector
                }
            }
            template["identities"] = identities
            // The unit version names the tables by id too.
            var variants = try #require(template["variants"] as? [String: Any])
            var unit = try #require(variants["unit"] as? [String: Any])
            let titles = try #require(unit["titles"] as? [String: String])
            unit["titles"] = Dictionary(uniqueKeysWithValues: titles.map { (names[$0.key] ?? $0.key, $0.value) })
            variants["unit"] = unit
            template["variants"] = variants
        }

        let checked = try budget("check", project, "--template", renamed)
        let plain = try budget("check", project)

        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("[statement]") && checked.stdout.contains("没有可与情况说明核对的表"), "\(checked.stdout)")
        #expect(!plain.stdout.contains("没有可与情况说明核对的表"))
    }

    @Test("a template without 序号 and 栏次: the sheets start with the codes, formulas still add the right cells, figures unchanged")
    func withoutIndexColumn() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let plain = try Self.editedCopy(folder, "plain.json") { template in
            template["indexColumn"] = false
            template["numberRow"] = false
        }

        let exported = try budget("export", project, folder.file("plain.xlsx"), "--template", plain)
        let reference = try budget("export", project, folder.file("hebei.xlsx"))
        let shown = try budget("show", project, "5", "--template", plain)

        #expect(exported.status == 0 && reference.status == 0, "\(exported.stderr)")
        let without = try XLSXWorkbook(path: folder.file("plain.xlsx"))
        let with = try XLSXWorkbook(path: folder.file("hebei.xlsx"))
        for (a, b) in zip(with.sheets.prefix(9), without.sheets.prefix(9)) {
            // No 序号 header, no 栏次 row anywhere
            #expect(!(0..<60).contains { b.cell(row: $0, column: 0)?.value == "序号" || b.cell(row: $0, column: 0)?.value == "栏次" }, "\(b.name)")
            // Every figure one column to the left and one row up (no 栏次 row)
            let numberRow = try #require((0..<12).first { a.cell(row: $0, column: 0)?.value == "栏次" })
            for row in numberRow + 1..<numberRow + 45 {
                for column in 1..<14 {
                    let expected = a.cell(row: row, column: column)
                    let found = b.cell(row: row - 1, column: column - 1)
                    #expect(expected?.number == found?.number, "\(b.name)!\(XLSXReference.name(row: row - 1, column: column - 1))")
                    // A formula reads the same cells, moved one column left
                    if let formula = expected?.formula {
                        let moved = formula.replacing(/([A-Z])([0-9]+)/) { match in
                            let letter = Character(UnicodeScalar(match.output.1.first!.asciiValue! - 1))
                            return "\(letter)\(Int(match.output.2)! - 1)"
                        }
                        #expect(found?.formula == moved, "\(b.name) row \(row): \(formula) → \(found?.formula ?? "none")")
                    }
                }
            }
        }
        #expect(shown.status == 0)
        #expect(!shown.stdout.contains("序号") && !shown.stdout.contains("栏次"), "\(shown.stdout)")
        #expect(shown.stdout.contains("2010306") && shown.stdout.contains("2092.43"))
    }

    @Test("codes split into 类 | 款 | 项 columns, parents repeated on each row, the same figures")
    func splitCodes() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        // Table 5 with its code in three columns: 序号 0, 类 1, 款 2, 项 3, 名称 4, 合计 5, 基本 6, 项目 7.
        let split = try Self.editedCopy(folder, "split.json") { template in
            var tables = try #require(template["tables"] as? [[String: Any]])
            tables[4]["header"] = [
                [
                    ["text": "序号", "rows": 2], ["text": "功能分类科目编码", "cols": 3], ["text": "功能分类科目名称", "rows": 2], ["text": "合计", "rows": 2],
                    ["text": "基本支出", "rows": 2], ["text": "项目支出", "rows": 2],
                ],
                [["text": "类"], ["text": "款"], ["text": "项"]],
            ]
            var body = try #require(tables[4]["body"] as? [String: Any])
            body["codeLayout"] = "split"
            var columns = try #require(body["columns"] as? [[String: Any]])
            columns[0]["sumCols"] = [6, 7]
            body["columns"] = columns
            tables[4]["body"] = body
            template["tables"] = tables
            var identities = try #require(template["identities"] as? [[String: Any]])
            for index in identities.indices {
                for side in ["left", "right"] {
                    var selector = try #require(identities[index][side] as? [String: Any])
                    if selector["table"] as? String == "5", let column = selector["column"] as? Int { selector["column"] = column + 2 }
                    identities[index][side] = selector
                }
            }
            template["identities"] = identities
        }

        let shown = try budget("show", project, "5", "--template", split, "--csv")
        let plain = try budget("show", project, "5", "--csv")
        let checked = try budget("check", project, "--template", split)
        let exported = try budget("export", project, folder.file("split.xlsx"), "--template", split)

        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines[0].hasPrefix("序号,功能分类科目编码·类,功能分类科目编码·款,功能分类科目编码·项,功能分类科目名称,合计"), "\(lines[0])")
        #expect(lines.contains { $0.hasPrefix("4,201,03,06,政务公开审批,2092.43,1641.51,450.92") }, "\(shown.stdout)")
        #expect(lines.contains { $0.hasPrefix("3,201,03,,政府办公厅（室）及相关机构事务,2092.43") })
        #expect(lines.contains { $0.hasPrefix("2,201,,,一般公共服务支出,2092.43") })
        // The same figures as the single-column layout, row by row
        let figures = { (text: String) in
            text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).suffix(3).joined(separator: ",") }
        }
        #expect(figures(shown.stdout).dropFirst(2) == figures(plain.stdout).dropFirst(2))
        #expect(checked.status == 0, "\(checked.stdout)")
        #expect(exported.status == 0, "\(exported.stderr)")
    }

    @Test("one line under each title, as Shanghai prints it: the other lines left empty are not printed")
    func oneLine() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let oneLine = try Self.editedCopy(folder, "one.json") { template in
            template["departmentLine"] = "编制部门：{name}　　单位：万元"
            template["yearLine"] = ""
            template["unitLine"] = ""
        }

        let exported = try budget("export", project, folder.file("one.xlsx"), "--template", oneLine)

        #expect(exported.status == 0, "\(exported.stderr)")
        let sheet = try #require(try XLSXWorkbook(path: folder.file("one.xlsx")).sheets.first)
        #expect(sheet.cell("A2")?.value == "编制部门：石家庄高新技术产业开发区行政服务局　　单位：万元")
        #expect(sheet.cell("A3")?.value == "序号", "the header follows the one line")
    }

    @Test("合计 as the last row of a table from the data: the same figures, the formulas still add the rows above")
    func totalLast() throws {
        let folder = TemporaryFolder()
        let project = try makeSampleProject(folder.file("p.budget"))
        let last = try Self.editedCopy(folder, "last.json") { template in
            var tables = try #require(template["tables"] as? [[String: Any]])
            var body = try #require(tables[2]["body"] as? [String: Any])
            body["totalRow"] = "last"
            tables[2]["body"] = body
            template["tables"] = tables
        }

        let shown = try budget("show", project, "3", "--template", last, "--csv")
        let checked = try budget("check", project, "--template", last)
        let exported = try budget("export", project, folder.file("last.xlsx"), "--template", last)

        let lines = shown.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines[2].hasPrefix("1,201,一般公共服务支出,2092.43"), "\(lines.prefix(4))")
        #expect(lines.last?.hasPrefix("16,,合计,2343.44,1892.52,450.92") == true, "\(lines.suffix(2))")
        #expect(checked.status == 0, "\(checked.stdout)")
        #expect(exported.status == 0, "\(exported.stderr)")
        // In the workbook the last row's 合计 is a SUM of the 类 rows above it.
        let sheet = try #require(try XLSXWorkbook(path: folder.file("last.xlsx")).sheets.dropFirst(2).first)
        let totalRow = try #require((0..<40).first { sheet.cell(row: $0, column: 2)?.value == "合计" })
        let formula = try #require(sheet.cell(row: totalRow, column: 3)?.formula)
        #expect(formula.hasPrefix("ROUND(SUM(D"), "\(formula)")
        #expect(sheet.cell(row: totalRow, column: 3)?.number.map { ($0 * 100).rounded() } == 234_344)
    }
}

/// export-units runs the department's checks on every unit's own tables (issue 14): an error
/// that only a unit's figures show blocks the batch, and nothing is written.
@Suite("export-units checks each unit's tables as export checks the department's")
struct UnitChecksCommandTests {
    @Test("an identity that holds for the department but not for one unit blocks export-units, not export")
    func unitOnlyError() throws {
        let folder = TemporaryFolder()
        let project = folder.file("p.budget")
        try SampleProject.empty(at: project)
        // 10.00 元 of 行政运行 in one unit and 10.00 元 of 事业运行 in the other: equal for the
        // department, 10.00 against 0 in each unit (the units are written side by side, so the
        // refusal names whichever failed first).
        for (unit, functional) in [("432001", "2010301"), ("432002", "2010350")] {
            let added = try budget(
                "item", "add", project, "--unit", unit, "--functional", functional, "--economic", "30201",
                "--type", "basic", "--source", "general", "--amount", "10")
            try #require(added.status == 0, "\(added.stderr)")
        }
        try SampleProject.fillStandIns(at: project)
        // A bureau's template that asks for the two rows of 表3 to be equal.
        let path = folder.file("bureau.json")
        try #require(try budget("template-export", "hebei", path).status == 0)
        let written = try #require(bytes(path))
        var template = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        var identities = try #require(template["identities"] as? [[String: Any]])
        identities.append([
            "name": "行政运行 = 事业运行", "left": ["table": "3", "column": 3, "rows": ["2010301"]],
            "right": ["table": "3", "column": 3, "rows": ["2010350"]],
        ])
        template["identities"] = identities
        template["name"] = "bureau"
        try JSONSerialization.data(withJSONObject: template).write(to: URL(fileURLWithPath: path))

        let check = try budget("check", project, "--template", path)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(try budget("export", project, folder.file("dept.xlsx"), "--template", path).status == 0)

        let units = folder.file("units")
        try FileManager.default.createDirectory(atPath: units, withIntermediateDirectories: true)
        let refused = try budget("export-units", project, units, "--template", path)
        #expect(refused.status == 6 && refused.stderr.contains("E-EXPORT-REFUSED"), "\(refused.stderr)")
        #expect(
            (refused.stderr.contains("单位 432001") || refused.stderr.contains("单位 432002")) && refused.stderr.contains("行政运行 = 事业运行"),
            "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: units).filter { !$0.hasPrefix(".") }.isEmpty)
        // Forced, the batch is written (stamped 未经校验).
        let forced = try budget("export-units", project, units, "--template", path, "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: units).filter { $0.hasSuffix(".xlsx") }.count == 2)
    }
}
