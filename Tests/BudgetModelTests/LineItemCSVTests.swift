import Foundation
import Testing

@testable import BudgetModel

private let context = ImportContext(unitCodes: ["432001"], projectNames: [], codes: CodeBook())
private let chineseHeader = "单位编码,功能分类科目编码,经济分类科目编码,支出类型,经费类型,项目名称,资金来源,金额,备注"
private let englishHeader = "unit,functional,economic,type,nature,project,source,amount,note"
private let goodRow = "432001,2010306,30201,基本支出,,,一般公共预算拨款,100,"

private func parse(
    _ text: String, unit: Money.InputUnit = .yuan, context: ImportContext = context, file: String = "items.csv"
) throws(InputProblems) -> ParsedLineItems {
    try LineItemCSV.parse(data: Data(text.utf8), fileName: file, unit: unit, context: context)
}

/// The problems a refused file reports; records an issue if the file was accepted.
private func problems(
    _ text: String, unit: Money.InputUnit = .yuan, context: ImportContext = context, file: String = "bad.csv"
) -> [InputProblem] {
    problems(data: Data(text.utf8), unit: unit, context: context, file: file)
}

private func problems(
    data: Data, unit: Money.InputUnit = .yuan, context: ImportContext = context, file: String = "bad.csv"
) -> [InputProblem] {
    do {
        let parsed = try LineItemCSV.parse(data: data, fileName: file, unit: unit, context: context)
        Issue.record("the file was accepted with \(parsed.items.count) items")
        return []
    } catch {
        return error.problems
    }
}

private func lines(_ rows: String...) -> String { rows.map { $0 + "\r\n" }.joined() }

// MARK: - Valid files

@Suite("LineItemCSV.parse – valid files")
struct LineItemCSVValidTests {
    @Test("a file with Chinese headers")
    func chineseHeaders() throws {
        // Given
        let text = lines(
            chineseHeader,
            "432001,2010306,30101,基本支出,,,一般公共预算拨款,\"1,234.56\",",
            "432001,2010306,30201,基本支出,公用经费,,一般公共预算拨款,500,办公用品",
            "432001,2010306,30226,项目支出,,政务公开平台运维,财政拨款结转结余（一般公共预算）,20000.00,",
            "432001,2080505,30108,基本支出,人员,,财政专户管理资金,１２．３,\"含逗号，和\"\"引号\"\"\"")
        // When
        let parsed = try parse(text)
        // Then
        #expect(
            parsed.items == [
                LineItem(
                    unitCode: "432001", functional: "2010306", economic: "30101", type: .basic, nature: .personnel, source: .general, amount: 123_456),
                LineItem(
                    unitCode: "432001", functional: "2010306", economic: "30201", type: .basic, nature: .publicFunds, source: .general,
                    amount: 50_000, note: "办公用品"),
                LineItem(
                    unitCode: "432001", functional: "2010306", economic: "30226", type: .project, project: "政务公开平台运维", source: .carryoverGeneral,
                    amount: 2_000_000),
                LineItem(
                    unitCode: "432001", functional: "2080505", economic: "30108", type: .basic, nature: .personnel, source: .special, amount: 1_230,
                    note: "含逗号，和\"引号\""),
            ])
        #expect(parsed.newProjects == ["政务公开平台运维"])
        #expect(parsed.newCodeNames.isEmpty)
        #expect(parsed.encoding == .utf8)
    }

    @Test("a file with English headers, amounts in 万元")
    func englishHeadersInWan() throws {
        // Given
        let text = lines(
            englishHeader,
            "432001,2010306,30101,basic,public,,general,2343.44,override",
            "432001,2050101,31002,project,,Server purchase,fund,0.000001,",
            "432001,2010199,39999,remit,,,carryover-other,1,")
        // When
        let parsed = try parse(text, unit: .wan)
        // Then
        #expect(parsed.items.count == 3)
        #expect(
            parsed.items[0]
                == LineItem(
                    unitCode: "432001", functional: "2010306", economic: "30101", type: .basic, nature: .publicFunds,
                    source: .general, amount: 2_343_440_000, note: "override"))
        #expect(
            parsed.items[1]
                == LineItem(
                    unitCode: "432001", functional: "2050101", economic: "31002", type: .project, project: "Server purchase",
                    source: .fund, amount: 1))
        #expect(
            parsed.items[2]
                == LineItem(
                    unitCode: "432001", functional: "2010199", economic: "39999", type: .remit, source: .carryoverOther, amount: 1_000_000))
        #expect(parsed.items[2].nature == nil)
        #expect(parsed.newProjects == ["Server purchase"])
    }

    @Test("header names are folded, trimmed and may come in any order; optional columns may be missing")
    func flexibleHeader() throws {
        let text = lines(
            " ＡＭＯＵＮＴ ,Source,Type,Economic,Functional,UNIT",
            "10,一般公共预算,基本支出,30301,2080505,432001")
        let parsed = try parse(text)
        #expect(
            parsed.items == [
                LineItem(unitCode: "432001", functional: "2080505", economic: "30301", type: .basic, source: .general, amount: 1_000)
            ])
        #expect(parsed.items[0].nature == .personnel)
    }

    @Test("values are trimmed of surrounding spaces")
    func trimmedValues() throws {
        let text = lines(englishHeader, " 432001 , 2010306 , 30201 , basic , public , , general , 12.50 , note ")
        let item = try #require(try parse(text).items.first)
        #expect(item.unitCode == "432001")
        #expect(item.functional == "2010306")
        #expect(item.economic == "30201")
        #expect(item.amount == 1_250)
        #expect(item.note == " note ")  // the note is kept as written
    }

    @Test("a header-only file gives no items")
    func headerOnly() throws {
        let parsed = try parse(lines(englishHeader))
        #expect(parsed.items.isEmpty)
        #expect(parsed.newProjects.isEmpty)
    }

    @Test("blank lines and a missing final newline are fine")
    func blankLines() throws {
        let text = "\n" + englishHeader + "\n\n432001,2010306,30201,basic,,,general,1,\n\n432001,2010306,30201,basic,,,general,2,"
        let parsed = try parse(text)
        #expect(parsed.items.map(\.amount) == [100, 200])
    }

    @Test("new projects are listed in order of first use, without projects the file already knows")
    func newProjectsInOrder() throws {
        // Given: "已有项目" is in the project file already
        let known = ImportContext(unitCodes: ["432001"], projectNames: ["已有项目"], codes: CodeBook())
        let text = lines(
            englishHeader,
            "432001,2010306,30226,project,,乙项目,general,1,",
            "432001,2010306,30226,project,,已有项目,general,1,",
            "432001,2010306,30226,project,,甲项目,general,1,",
            "432001,2010306,30226,project,,乙项目,general,1,",
            "432001,2010306,30226,project,,丙项目,general,1,")
        // When
        let parsed = try parse(text, context: known)
        // Then
        #expect(parsed.newProjects == ["乙项目", "甲项目", "丙项目"])
        #expect(parsed.items.compactMap(\.project) == ["乙项目", "已有项目", "甲项目", "乙项目", "丙项目"])
    }

    @Test("a code outside the catalogs is accepted with a name column, and named once for the whole file")
    func newCodeNames() throws {
        // Given
        let text = lines(
            englishHeader + ",functional_name,economic_name",
            "432001,2999999,39998,basic,,,general,1,,自定功能科目,自定经济科目",
            "432001,2999999,30201,basic,,,general,2,,,",
            "432001,2010306,39998,basic,,,general,3,,,",
            "432001,2010306,30201,basic,,,general,4,,被忽略的名称,")
        // When
        let parsed = try parse(text)
        // Then
        #expect(parsed.items.map(\.amount) == [100, 200, 300, 400])
        #expect(parsed.items.map(\.functional) == ["2999999", "2999999", "2010306", "2010306"])
        #expect(
            parsed.newCodeNames == [
                CatalogEntry(kind: .economic, code: "39998", name: "自定经济科目"),
                CatalogEntry(kind: .functional, code: "2999999", name: "自定功能科目"),
            ])
    }

    @Test("Chinese name columns work too")
    func chineseNameColumns() throws {
        let text = lines(
            chineseHeader + ",功能分类科目名称,经济分类科目名称",
            "432001,2999999,30201,基本支出,,,一般公共预算拨款,1,,自定功能科目,")
        let parsed = try parse(text)
        #expect(parsed.newCodeNames == [CatalogEntry(kind: .functional, code: "2999999", name: "自定功能科目")])
    }

    @Test("codes named by the bureau or the user need no name column")
    func codesKnownToTheProject() throws {
        let book = CodeBook(
            bureau: [CatalogEntry(kind: .functional, code: "2999999", name: "局科目")],
            user: [CatalogEntry(kind: .economic, code: "39998", name: "用户科目")])
        let known = ImportContext(unitCodes: ["432001"], projectNames: [], codes: book)
        let parsed = try parse(lines(englishHeader, "432001,2999999,39998,basic,,,general,1,"), context: known)
        #expect(parsed.items.count == 1)
        #expect(parsed.newCodeNames.isEmpty)
    }

    @Test("a GB18030 file from Excel on Chinese Windows")
    func gb18030() throws {
        let parsed = try LineItemCSV.parse(data: gb18030LineItemCSV, fileName: "gbk.csv", unit: .yuan, context: context)
        #expect(parsed.encoding == .gb18030)
        #expect(
            parsed.items == [
                LineItem(unitCode: "432001", functional: "2010306", economic: "30201", type: .basic, source: .general, amount: 123_456, note: "办公用品")
            ])
    }

    @Test("a UTF-8 file with a byte-order mark: the first column is still recognised")
    func utf8BOM() throws {
        let data = Data([0xEF, 0xBB, 0xBF] + Array(lines(chineseHeader, goodRow).utf8))
        let parsed = try LineItemCSV.parse(data: data, fileName: "bom.csv", unit: .yuan, context: context)
        #expect(parsed.encoding == .utf8BOM)
        #expect(parsed.items.map(\.amount) == [10_000])
    }
}

// MARK: - Bad rows

/// One bad row and the one problem it must report.
struct BadRow: Sendable, CustomTestStringConvertible {
    var label: String
    var row: String
    var column: String?
    var value: String?
    var message: String
    var testDescription: String { label }
}

private let badRows: [BadRow] = [
    BadRow(
        label: "unknown unit", row: "999999,2010306,30201,基本支出,,,一般公共预算拨款,100,",
        column: "单位编码", value: "999999", message: "项目文件中没有这个单位（已有：432001）"),
    BadRow(
        label: "missing unit", row: ",2010306,30201,基本支出,,,一般公共预算拨款,100,",
        column: "单位编码", value: nil, message: "缺少单位编码"),
    BadRow(
        label: "functional code of six digits", row: "432001,201030,30201,基本支出,,,一般公共预算拨款,100,",
        column: "功能分类科目编码", value: "201030", message: "编码应为 7 位数字，以 2 开头（功能分类的“项”，如 2010306）"),
    BadRow(
        label: "functional code is a 款", row: "432001,20103,30201,基本支出,,,一般公共预算拨款,100,",
        column: "功能分类科目编码", value: "20103", message: "编码应为 7 位数字，以 2 开头（功能分类的“项”，如 2010306）"),
    BadRow(
        label: "economic code of four digits", row: "432001,2010306,3020,基本支出,,,一般公共预算拨款,100,",
        column: "经济分类科目编码", value: "3020", message: "编码应为 5 位数字，以 3 开头（部门经济分类的“款”，如 30101）"),
    BadRow(
        label: "missing economic code", row: "432001,2010306,,基本支出,,,一般公共预算拨款,100,",
        column: "经济分类科目编码", value: nil, message: "缺少部门经济分类科目编码"),
    BadRow(
        label: "functional code outside the catalog, no name", row: "432001,2999999,30201,基本支出,,,一般公共预算拨款,100,",
        column: "功能分类科目编码", value: "2999999",
        message: "这个编码不在分类目录中：如确实要用，请在“功能分类科目名称”列写上它的名称，或先用 budget catalog import 导入财政部门当年的科目表"),
    BadRow(
        label: "economic code outside the catalog, no name", row: "432001,2010306,39998,基本支出,,,一般公共预算拨款,100,",
        column: "经济分类科目编码", value: "39998",
        message: "这个编码不在分类目录中：如确实要用，请在“经济分类科目名称”列写上它的名称，或先用 budget catalog import 导入财政部门当年的科目表"),
    BadRow(
        label: "unknown type", row: "432001,2010306,30201,杂项支出,,,一般公共预算拨款,100,",
        column: "支出类型", value: "杂项支出", message: "不认识的支出类型。可用：\(Vocabulary.typeChoices)"),
    BadRow(
        label: "missing type", row: "432001,2010306,30201,,,,一般公共预算拨款,100,",
        column: "支出类型", value: nil, message: "缺少支出类型"),
    BadRow(
        label: "unknown nature", row: "432001,2010306,30201,基本支出,其他经费,,一般公共预算拨款,100,",
        column: "经费类型", value: "其他经费", message: "不认识的经费类型。可用：\(Vocabulary.natureChoices)"),
    BadRow(
        label: "unknown source", row: "432001,2010306,30201,基本支出,,,银行贷款,100,",
        column: "资金来源", value: "银行贷款", message: "不认识的资金来源。可用：\(Vocabulary.sourceChoices)"),
    BadRow(
        label: "missing source", row: "432001,2010306,30201,基本支出,,,,100,",
        column: "资金来源", value: nil, message: "缺少资金来源"),
    BadRow(
        label: "ambiguous carryover", row: "432001,2010306,30201,基本支出,,,carryover,100,",
        column: "资金来源", value: "carryover", message: Vocabulary.carryoverHint),
    BadRow(
        label: "ambiguous 上年结转", row: "432001,2010306,30201,基本支出,,,上年结转,100,",
        column: "资金来源", value: "上年结转", message: Vocabulary.carryoverHint),
    BadRow(
        label: "nature on a project row", row: "432001,2010306,30226,项目支出,公用经费,平台运维,一般公共预算拨款,100,",
        column: "经费类型", value: "公用经费", message: "只有基本支出才分人员经费和公用经费，这一行是项目支出"),
    BadRow(
        label: "project missing on a project row", row: "432001,2010306,30226,项目支出,,,一般公共预算拨款,100,",
        column: "项目名称", value: nil, message: "项目支出必须写明项目名称"),
    BadRow(
        label: "project on a basic row", row: "432001,2010306,30201,基本支出,,某项目,一般公共预算拨款,100,",
        column: "项目名称", value: "某项目", message: "只有项目支出才填项目名称，这一行是基本支出"),
    BadRow(
        label: "negative amount", row: "432001,2010306,30201,基本支出,,,一般公共预算拨款,-5,",
        column: "金额", value: "-5", message: "金额是负数：预算金额不能为负"),
    BadRow(
        label: "empty amount", row: "432001,2010306,30201,基本支出,,,一般公共预算拨款,,",
        column: "金额", value: nil, message: "缺少金额"),
    BadRow(
        label: "non-numeric amount", row: "432001,2010306,30201,基本支出,,,一般公共预算拨款,abc,",
        column: "金额", value: "abc", message: "金额不是数字"),
    BadRow(
        label: "amount with three decimals", row: "432001,2010306,30201,基本支出,,,一般公共预算拨款,1.234,",
        column: "金额", value: "1.234", message: "金额的小数位太多：以元为单位最多 2 位小数（精确到分）"),
    BadRow(
        label: "amount with a unit word", row: "432001,2010306,30201,基本支出,,,一般公共预算拨款,12万,",
        column: "金额", value: "12万", message: "金额带有单位或货币符号：只填数字，单位用 --unit 指定（当前为元）"),
    BadRow(
        label: "control character in the note", row: "432001,2010306,30201,基本支出,,,一般公共预算拨款,1,a\u{01}b",
        column: "备注", value: "a\u{01}b", message: "含有不可见的控制字符（U+1）"),
    BadRow(
        label: "wrong field count", row: "432001,2010306,30201",
        column: nil, value: nil, message: "这一行有 3 个字段，表头有 9 列"),
    BadRow(
        label: "too many fields", row: goodRow + ",extra",
        column: nil, value: nil, message: "这一行有 10 个字段，表头有 9 列"),
    BadRow(
        label: "quote in the middle of a field", row: "432001,2010306,30201,基本支出,,,一般公共预算拨款,100,ab\"c",
        column: nil, value: nil, message: "字段中间出现了引号：含引号的字段要整个用英文双引号括起来，内部的引号写两次（\"\"）"),
    BadRow(
        label: "text after a closing quote", row: "432001,2010306,30201,基本支出,,,一般公共预算拨款,\"100\"元,",
        column: nil, value: nil, message: "右引号后面还有文字：引号要把整个字段括起来"),
]

@Suite("LineItemCSV.parse – bad rows")
struct LineItemCSVBadRowTests {
    @Test("each bad row reports file, line, column and value", arguments: badRows)
    func singleBadRow(bad: BadRow) {
        // Given: a good row on line 2 and the bad row on line 3
        let text = lines(chineseHeader, goodRow, bad.row)
        // When
        let found = problems(text, file: "bad.csv")
        // Then
        #expect(found == [InputProblem(file: "bad.csv", line: 3, column: bad.column, value: bad.value, message: bad.message)])
    }

    @Test("every bad row is reported, not only the first, and nothing is accepted")
    func allBadRowsReported() {
        // Given: good rows between the bad ones, bad rows from line 3 on
        var rows = [chineseHeader, goodRow]
        for bad in badRows {
            rows.append(bad.row)
            rows.append(goodRow)
        }
        let text = rows.map { $0 + "\n" }.joined()
        // When
        let found = problems(text, file: "bad.csv")
        // Then: one problem per bad row, CSV syntax problems listed first
        let expected = badRows.enumerated().map { index, bad in
            InputProblem(file: "bad.csv", line: 3 + 2 * index, column: bad.column, value: bad.value, message: bad.message)
        }
        #expect(found.count == badRows.count)
        let syntax: Set<String> = ["quote in the middle of a field", "text after a closing quote"]
        let expectedOrder =
            zip(badRows, expected).filter { syntax.contains($0.0.label) }.map(\.1)
            + zip(badRows, expected).filter { !syntax.contains($0.0.label) }.map(\.1)
        #expect(found == expectedOrder)
    }

    @Test("a row with several problems reports each of them")
    func severalProblemsInOneRow() {
        let text = lines(chineseHeader, "999999,201,3,项目支出,人员经费,,银行贷款,-1,")
        let found = problems(text)
        #expect(found.map(\.column) == ["单位编码", "功能分类科目编码", "经济分类科目编码", "经费类型", "项目名称", "资金来源", "金额"])
        #expect(found.allSatisfy { $0.line == 2 && $0.file == "bad.csv" })
    }

    @Test("an unbalanced quote is reported at the line where it opened")
    func unbalancedQuote() {
        // Given: the quote opens on line 3 and swallows the rest of the file
        let text = lines(chineseHeader, goodRow, "432001,2010306,30201,基本支出,,,一般公共预算拨款,100,\"未闭合的备注", goodRow, goodRow)
        // When
        let found = problems(text)
        // Then
        #expect(
            found == [
                InputProblem(file: "bad.csv", line: 3, message: "引号没有闭合：从这一行开始的引号直到文件结尾都没有对应的右引号")
            ])
    }

    @Test("line numbers stay right after a multi-line note")
    func lineNumbersAfterMultiLineNote() {
        let text = lines(chineseHeader, "432001,2010306,30201,基本支出,,,一般公共预算拨款,100,\"第一行\n第二行\n第三行\"", "432001,2010306,30201,基本支出,,,一般公共预算拨款,-1,")
        let found = problems(text)
        #expect(found.map(\.line) == [5])
        #expect(found.map(\.column) == ["金额"])
    }

    @Test("amounts in 万元 report the 万元 rule")
    func wanAmount() {
        let found = problems(lines(englishHeader, "432001,2010306,30201,basic,,,general,1.2345678,"), unit: .wan)
        #expect(
            found == [
                InputProblem(file: "bad.csv", line: 2, column: "金额", value: "1.2345678", message: "金额的小数位太多：以万元为单位最多 6 位小数（精确到分）")
            ])
    }

    @Test("the unit message lists the known units, or says there are none")
    func unitMessage() {
        let none = ImportContext(unitCodes: [], projectNames: [], codes: CodeBook())
        let found = problems(lines(englishHeader, "432001,2010306,30201,basic,,,general,1,"), context: none)
        #expect(found.map(\.message) == ["项目文件中没有这个单位（已有：无，请先用 budget unit add 添加）"])
        let two = ImportContext(unitCodes: ["432002", "432001"], projectNames: [], codes: CodeBook())
        let found2 = problems(lines(englishHeader, "432009,2010306,30201,basic,,,general,1,"), context: two)
        #expect(found2.map(\.message) == ["项目文件中没有这个单位（已有：432001、432002）"])
    }

    @Test("the problem description reads as one sentence")
    func description() throws {
        let found = problems(lines(chineseHeader, "432001,2010306,30201,基本支出,,,一般公共预算拨款,-5,"), file: "二季度.csv")
        let problem = try #require(found.first)
        #expect(problem.description == "二季度.csv，第 2 行，“金额”列，值“-5”：金额是负数：预算金额不能为负")
    }
}

// MARK: - Bad headers and files

@Suite("LineItemCSV.parse – bad headers and files")
struct LineItemCSVBadFileTests {
    @Test("an unknown header column is reported and the rows are not checked")
    func unknownColumn() throws {
        // Given: a bad row under a header with an unknown column
        let text = lines(chineseHeader + ",颜色", "999999,2010306,30201,基本支出,,,一般公共预算拨款,-5,,红")
        // When
        let found = problems(text)
        // Then
        let problem = try #require(found.first)
        #expect(found.count == 1)
        #expect(problem.file == "bad.csv")
        #expect(problem.line == 1)
        #expect(problem.column == "颜色")
        #expect(problem.message.hasPrefix("不认识的列名。可用的列名：unit/单位编码、functional/功能分类科目编码、"))
        #expect(problem.message.hasSuffix("economic_name/经济分类科目名称"))
    }

    @Test("a column with no name is ignored while empty, and named by its position when it holds something")
    func emptyColumnName() throws {
        let accepted = try parse(lines("unit,,functional,economic,type,source,amount,,", "432001,,2010306,30201,basic,general,1,,"))
        #expect(accepted.items.count == 1)
        let found = problems(lines("unit,,functional,economic,type,source,amount", "432001,x,2010306,30201,basic,general,1"))
        #expect(found.map(\.column) == ["第 2 列"])
        #expect(found.map(\.value) == ["x"])
    }

    @Test("a row of empty cells, as spreadsheets save blank lines, is skipped")
    func blankSpreadsheetRow() throws {
        let parsed = try parse(lines("unit,functional,economic,type,source,amount", ",,,,,", "432001,2010306,30201,basic,general,1", " , ,,,,"))
        #expect(parsed.items.count == 1)
    }

    @Test("a repeated column is reported")
    func duplicateColumn() {
        let found = problems(lines(englishHeader + ",金额", goodRow + ",5"))
        #expect(found == [InputProblem(file: "bad.csv", line: 1, column: "金额", message: "列名重复")])
    }

    @Test("a missing required column is reported by its Chinese and English name")
    func missingColumn() {
        let found = problems(lines("unit,functional,economic,type,nature,project,note", "432001,2010306,30201,basic,,,"))
        #expect(
            found == [
                InputProblem(file: "bad.csv", line: 1, message: "缺少“资金来源”（source）列"),
                InputProblem(file: "bad.csv", line: 1, message: "缺少“金额”（amount）列"),
            ])
    }

    @Test("the header line is the first non-blank line")
    func headerAfterBlankLines() {
        let found = problems("\n\r\nunit,functional\n")
        #expect(found.allSatisfy { $0.line == 3 })
        #expect(found.count == 4)  // economic, type, source, amount
    }

    @Test("an empty file", arguments: ["", "\n", "\r\n\r\n"])
    func emptyFile(text: String) {
        let found = problems(text)
        #expect(
            found == [
                InputProblem(file: "bad.csv", message: "文件是空的：第一行应是列名（unit,functional,economic,type,nature,project,source,amount,note 或对应的中文列名）")
            ])
    }

    @Test("a file whose only record is broken is reported as broken and empty")
    func onlyBrokenRecord() {
        let found = problems("\"unit,functional")
        #expect(found.map(\.line) == [1, nil])
        #expect(found.first?.message.hasPrefix("引号没有闭合") == true)
        #expect(found.last?.message.hasPrefix("文件是空的") == true)
    }

    @Test("undecodable bytes")
    func undecodable() {
        let found = problems(data: Data([0xFF, 0xFF, 0xFF]))
        #expect(
            found == [
                InputProblem(file: "bad.csv", line: 1, message: "无法识别文件的文字编码（第 0 字节处既不是 UTF-8 也不是 GB18030）：请在 Excel 或 WPS 中另存为“CSV UTF-8”")
            ])
    }
}

// MARK: - RowReader

@Suite("RowReader")
struct RowReaderTests {
    private func read(_ values: [LineItemColumn: String]) -> (item: LineItem?, problems: [InputProblem]) {
        var newNames: [CodeKind: [String: String]] = [:]
        return RowReader(file: nil, line: nil, values: values).lineItem(unit: .yuan, context: context, newNames: &newNames)
    }

    private let base: [LineItemColumn: String] = [
        .unit: "432001", .functional: "2010306", .economic: "30201", .type: "basic", .source: "general", .amount: "1",
    ]

    @Test("a row typed on the command line, without file or line")
    func commandLineRow() throws {
        let result = read(base)
        #expect(result.problems.isEmpty)
        let item = try #require(result.item)
        #expect(item == LineItem(unitCode: "432001", functional: "2010306", economic: "30201", type: .basic, source: .general, amount: 100))
    }

    @Test("problems of a command-line row have no file or line")
    func commandLineProblem() {
        var values = base
        values[.amount] = "-1"
        let result = read(values)
        #expect(result.item == nil)
        #expect(result.problems == [InputProblem(column: "金额", value: "-1", message: "金额是负数：预算金额不能为负")])
    }

    @Test("a new code name is recorded for later rows")
    func recordsNewNames() {
        var newNames: [CodeKind: [String: String]] = [:]
        var values = base
        values[.economic] = "39998"
        values[.economicName] = " 自定 "
        let first = RowReader(file: nil, line: nil, values: values).lineItem(unit: .yuan, context: context, newNames: &newNames)
        #expect(first.problems.isEmpty)
        #expect(newNames == [.economic: ["39998": "自定"]])
        values[.economicName] = nil
        let second = RowReader(file: nil, line: nil, values: values).lineItem(unit: .yuan, context: context, newNames: &newNames)
        #expect(second.problems.isEmpty)
        #expect(second.item?.economic == "39998")
    }

    @Test("a note of 500 characters is fine, 501 is too long")
    func noteLength() {
        var values = base
        values[.note] = String(repeating: "备", count: 500)
        #expect(read(values).problems.isEmpty)
        values[.note] = String(repeating: "备", count: 501)
        #expect(read(values).problems.map(\.message) == ["备注太长（501 字，最多 500 字）"])
    }

    @Test("a project name of 201 characters is too long")
    func projectLength() {
        var values = base
        values[.type] = "project"
        values[.project] = String(repeating: "项", count: 200)
        #expect(read(values).problems.isEmpty)
        values[.project] = String(repeating: "项", count: 201)
        #expect(read(values).problems.map(\.message) == ["太长（201 字，最多 200 字）"])
        #expect(read(values).problems.map(\.column) == ["项目名称"])
    }

    @Test("line breaks and tabs are allowed in a note")
    func noteLineBreaks() {
        var values = base
        values[.note] = "第一行\n\t第二行"
        #expect(read(values).item?.note == "第一行\n\t第二行")
    }
}

// MARK: - Writing and round trip

@Suite("LineItemCSV.write")
struct LineItemCSVWriteTests {
    private let items: [LineItem] = [
        LineItem(id: 1, unitCode: "432001", functional: "2010306", economic: "30101", type: .basic, source: .general, amount: 123_456),
        LineItem(
            id: 2, unitCode: "432001", functional: "2010306", economic: "30101", type: .basic, nature: .publicFunds,
            source: .carryoverGeneral, amount: 1, note: "=SUM(A1:A9)"),
        LineItem(
            id: 3, unitCode: "432001", functional: "2080505", economic: "30226", type: .project, project: "+紧急项目",
            source: .carryoverSoe, amount: Money.maximumItemFen, note: "=HYPERLINK(\"http://x\",\"点我\")"),
        LineItem(
            id: 4, unitCode: "432001", functional: "2050101", economic: "31002", type: .project, project: "设备购置，二期",
            source: .special, amount: 0, note: "多行\n备注，含\"引号\""),
        LineItem(id: 5, unitCode: "432001", functional: "2010199", economic: "39999", type: .remit, source: .carryoverOther, amount: 99, note: "-"),
        LineItem(id: 6, unitCode: "432001", functional: "2010199", economic: "30201", type: .subsidy, source: .affiliate, amount: 10, note: "@提醒"),
        LineItem(id: 7, unitCode: "432001", functional: "2010199", economic: "30201", type: .operating, source: .operating, amount: 10, note: "\t缩进"),
    ]

    @Test("the exact text written for one item")
    func exactText() {
        let text = LineItemCSV.write([items[1]])
        #expect(
            text == "unit,functional,economic,type,nature,project,source,amount,note\r\n"
                + "432001,2010306,30101,basic,public,,carryover-general,0.01,'=SUM(A1:A9)\r\n")
    }

    @Test("a project with a comma and a formula note are quoted and neutralised")
    func quotedAndNeutralised() {
        let text = LineItemCSV.write([items[2], items[3]])
        #expect(text.contains(",'+紧急项目,"))
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"\r\n"))
        #expect(text.contains(",\"设备购置，二期\",") == false)  // a full-width comma needs no quotes
        #expect(text.contains(",设备购置，二期,"))
        #expect(text.contains(",1000000000000.00,"))
    }

    @Test("write then parse gives the same items, ids aside")
    func roundTrip() throws {
        // Given
        let text = LineItemCSV.write(items)
        // When
        let parsed = try parse(text)
        // Then
        let withoutIDs = items.map { item -> LineItem in
            var copy = item
            copy.id = nil
            return copy
        }
        #expect(parsed.items == withoutIDs)
        #expect(parsed.items[1].note == "=SUM(A1:A9)")
        #expect(parsed.items[2].project == "+紧急项目")
        #expect(parsed.newProjects == ["+紧急项目", "设备购置，二期"])
    }

    @Test("with names, codes named by the user travel with the file into an empty project")
    func roundTripWithNames() throws {
        // Given: codes outside the catalog, named by the user
        let book = CodeBook(user: [
            CatalogEntry(kind: .functional, code: "2999999", name: "=自定功能科目"),
            CatalogEntry(kind: .economic, code: "39998", name: "自定, 经济科目"),
        ])
        let own = [
            LineItem(unitCode: "432001", functional: "2999999", economic: "39998", type: .basic, source: .general, amount: 5),
            LineItem(unitCode: "432001", functional: "2010306", economic: "30201", type: .basic, source: .general, amount: 6),
        ]
        // When
        let text = LineItemCSV.write(own, names: book)
        // Then: bundled codes get no name
        #expect(text.hasPrefix(englishHeader + ",functional_name,economic_name\r\n"))
        #expect(text.hasSuffix(",,\r\n"))
        #expect(text.contains("'=自定功能科目,\"自定, 经济科目\"\r\n"))
        let parsed = try parse(text)
        #expect(parsed.items == own)
        #expect(parsed.newCodeNames.map(\.code) == ["39998", "2999999"])
        #expect(parsed.newCodeNames.first?.name == "自定, 经济科目")
    }

    @Test("a note that itself begins with an apostrophe and a formula character survives the round trip")
    func apostropheNoteRoundTrip() throws {
        // Given: notes written by a clerk that begin with "'" followed by = + - or @
        let own = [
            LineItem(unitCode: "432001", functional: "2010306", economic: "30201", type: .basic, source: .general, amount: 1, note: "'-' 表示无"),
            LineItem(unitCode: "432001", functional: "2010306", economic: "30226", type: .project, project: "'=项目", source: .general, amount: 1),
        ]
        // When
        let parsed = try parse(LineItemCSV.write(own))
        // Then: the leading apostrophe is the clerk's own, it must come back
        #expect(parsed.items[0].note == "'-' 表示无")
        #expect(parsed.items[1].project == "'=项目")
    }

    @Test("a code name with a line break is refused: names are one line of text")
    func codeNameWithCRLF() throws {
        let text = lines(englishHeader + ",functional_name", "432001,2999999,30201,basic,,,general,1,,\"自定\r\n科目\"")
        #expect {
            try parse(text)
        } throws: { error in
            let problems = (error as? InputProblems)?.problems ?? []
            return problems.count == 1 && problems[0].column == "功能分类科目名称" && problems[0].message.contains("换行")
        }
    }

    @Test("unneutralise removes only the apostrophe write adds")
    func unneutralise() {
        #expect(CSVWriter.unneutralise("'=1") == "=1")
        #expect(CSVWriter.unneutralise("'+1") == "+1")
        #expect(CSVWriter.unneutralise("'-1") == "-1")
        #expect(CSVWriter.unneutralise("'@a") == "@a")
        #expect(CSVWriter.unneutralise("'\tx") == "\tx")
        #expect(CSVWriter.unneutralise("'abc") == "'abc")
        #expect(CSVWriter.unneutralise("'") == "'")
        #expect(CSVWriter.unneutralise("=1") == "=1")
        #expect(CSVWriter.unneutralise("") == "")
    }
}
