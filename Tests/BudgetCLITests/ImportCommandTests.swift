import BudgetTestSupport
import Foundation
import Testing

@Suite("budget import")
struct ImportCommandTests {
    static let header = "单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注\n"

    @Test("the sample imports in 万元: 53 items, 2343.44 万元, UTF-8, 15 new projects")
    func importsSample() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))

        let result = try budget("import", path, Sample.items, "--unit", "wan")

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("已导入 53 条明细"))
        #expect(result.stdout.contains("23434400.00 元"))
        #expect(result.stdout.contains("2343.44 万元"))
        #expect(result.stdout.contains("文件编码：UTF-8"))
        #expect(result.stdout.contains("新建 15 个项目"))
        let list = try budget("item", "list", path)
        #expect(list.status == 0)
        #expect(list.stdout.contains("53 条"))
        #expect(list.stdout.contains("23434400.00"))
    }

    @Test("bad rows: exit 1, every problem named by file, line, column and value, and the project unchanged")
    func reportsAllBadRows() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let csv = folder.write(
            "明细-有错.csv",
            Self.header + """
                432001,2010306,30101,基本支出,,,一般公共预算拨款,1.00,这一行没有错
                432001,2010306,30101,基本支出,,,一般公共预算拨款,12x,
                432009,2010306,30101,基本支出,,,一般公共预算拨款,1.00,
                432001,2010306,30101,基本支出,,,天上掉的,1.00,
                432001,2010306,30101,基本支出,,,一般公共预算拨款,2.00,这一行也没有错

                """)
        let before = try #require(bytes(path))
        let contents = folder.contents

        let result = try budget("import", path, csv)

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        let stderr = result.stderr
        #expect(occurrences(of: "明细-有错.csv，第 ", in: stderr) == 3, "\(stderr)")
        #expect(stderr.contains("明细-有错.csv，第 3 行，“金额”列，值“12x”"), "\(stderr)")
        #expect(stderr.contains("明细-有错.csv，第 4 行，“单位编码”列，值“432009”"), "\(stderr)")
        #expect(stderr.contains("明细-有错.csv，第 5 行，“资金来源”列，值“天上掉的”"), "\(stderr)")
        #expect(!stderr.contains("第 2 行"))
        #expect(!stderr.contains("第 6 行"))
        #expect(stderr.contains("共 3 处问题"))
        #expect(stderr.contains("没有写入任何内容"))
        #expect(result.stdout.isEmpty)
        #expect(bytes(path) == before, "a failed import changed the project file")
        #expect(folder.contents == contents, "a failed import left files: \(folder.contents)")
    }

    @Test("one row with several problems reports each of them")
    func severalProblemsInOneRow() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let csv = folder.write("bad.csv", Self.header + "432001,20103,3010,买东西,,,一般公共预算拨款,-5,\n")
        let before = try #require(bytes(path))

        let result = try budget("import", path, csv)

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("“功能分类科目编码”列，值“20103”"))
        #expect(result.stderr.contains("“经济分类科目编码”列，值“3010”"))
        #expect(result.stderr.contains("“支出类型”列，值“买东西”"))
        #expect(result.stderr.contains("“金额”列，值“-5”"))
        #expect(result.stderr.contains("共 4 处问题"))
        #expect(bytes(path) == before)
    }

    @Test("an empty CSV file is refused with exit 1 and the project unchanged")
    func emptyFile() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let csv = folder.write("empty.csv", "")
        let before = try #require(bytes(path))

        let result = try budget("import", path, csv)

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("empty.csv"))
        #expect(result.stderr.contains("文件是空的"))
        #expect(bytes(path) == before)
    }

    @Test("a CSV file that does not exist is refused with exit 1 and the project unchanged")
    func missingCSV() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let before = try #require(bytes(path))

        let result = try budget("import", path, folder.file("没有这个文件.csv"))

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("找不到这个文件"))
        #expect(bytes(path) == before)
    }

    @Test("a GB18030 file (as Excel/WPS save on Chinese Windows) imports and is reported as GB18030")
    func importsGB18030() throws {
        let folder = TemporaryFolder()
        let text = try String(contentsOfFile: Sample.items, encoding: .utf8)
        let encoded = try Tools.gb18030(text)
        #expect(String(data: encoded, encoding: .utf8) == nil, "the test file should not be valid UTF-8")
        let csv = folder.write("明细-GBK.csv", encoded)
        let gbProject = try makeEmptyProject(folder.file("gb.budget"))
        let utf8Project = try makeSampleProject(folder.file("utf8.budget"))

        let result = try budget("import", gbProject, csv, "--unit", "wan")

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("GB18030"))
        #expect(result.stdout.contains("已导入 53 条明细"))
        #expect(result.stdout.contains("2343.44 万元"))
        #expect(result.stdout.contains("政务大厅运行经费"), "Chinese project names should be decoded")
        for table in 1...9 {
            let fromGB = try budget("show", gbProject, String(table), "--csv")
            let fromUTF8 = try budget("show", utf8Project, String(table), "--csv")
            #expect(fromGB.stdout == fromUTF8.stdout, "table \(table) differs")
        }
    }

    @Test("a bad row in a GB18030 file is reported with its Chinese value readable")
    func gb18030BadRow() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let csv = folder.write("gbk.csv", try Tools.gb18030(Self.header + "432001,2010306,30101,基本支出,,,天上掉的,1.00,\n"))
        let before = try #require(bytes(path))

        let result = try budget("import", path, csv)

        #expect(result.status == 1)
        #expect(result.stderr.contains("错误 E-INPUT："), "\(result.stderr)")
        #expect(result.stderr.contains("gbk.csv，第 2 行，“资金来源”列，值“天上掉的”"), "\(result.stderr)")
        #expect(bytes(path) == before)
    }

    @Test("a UTF-8 file with a byte-order mark is reported as UTF-8 (BOM)")
    func importsUTF8WithBOM() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let csv = folder.write(
            "bom.csv", Data([0xEF, 0xBB, 0xBF]) + Data((Self.header + "432001,2010306,30101,基本支出,,,一般公共预算拨款,120.30,\n").utf8))

        let result = try budget("import", path, csv, "--unit", "wan")

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("UTF-8 (BOM)"))
        #expect(result.stdout.contains("已导入 1 条明细"))
        #expect(result.stdout.contains("1203000.00 元"))
    }

    @Test("a GB18030 CSV that still has its byte-order mark (iconv of our own UTF-8-with-BOM export) reads its first column: items and units")
    func gb18030WithMark() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        // 84 31 95 33 is U+FEFF in GB18030; the rest is ASCII, the same in both encodings.
        let mark = Data([0x84, 0x31, 0x95, 0x33])
        let items = folder.file("items.csv")
        try (mark + Data("unit,functional,economic,type,source,amount\n432001,2010306,30201,basic,general,100\n".utf8)).write(
            to: URL(fileURLWithPath: items))
        let imported = try budget("import", path, items)
        #expect(imported.status == 0 && imported.stdout.contains("已导入 1 条明细") && imported.stdout.contains("GB18030"), "\(imported)")
        let units = folder.file("units.csv")
        try (mark + Data("code,name,nature\n432009,Unit 9,administrative\n".utf8)).write(to: URL(fileURLWithPath: units))
        let unit = try budget("unit", "import", path, units)
        #expect(unit.status == 0 && unit.stdout.contains("432009"), "\(unit)")
    }

    @Test("sources as clerks write them: 政府性基金 is the fund; 财政拨款 alone is asked which")
    func sourceNames() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let csv = folder.file("items.csv")
        try "单位编码,功能分类科目编码,经济分类科目编码,支出类型,资金来源,金额\n432001,2120501,30201,基本支出,政府性基金,100\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        let fund = try budget("import", path, csv)
        #expect(fund.status == 0, "\(fund)")
        #expect(try budget("item", "list", path, "--source", "fund").stdout.contains("合计  1 条"))
        try "单位编码,功能分类科目编码,经济分类科目编码,支出类型,资金来源,金额\n432001,2010306,30201,基本支出,财政拨款,100\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        let asked = try budget("import", path, csv)
        #expect(asked.status == 1 && asked.stderr.contains("“财政拨款”要写明是哪一种"), "\(asked.stderr)")
    }
}
