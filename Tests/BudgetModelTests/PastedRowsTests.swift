import BudgetModel
import Foundation
import Testing

@Suite("Rows pasted from a spreadsheet")
struct PastedRowsTests {
    @Test("tab-separated text is read as CSV is, quotes and line breaks in a cell kept")
    func tabSeparated() {
        let (records, errors) = CSVReader.records("a\t\"b\tc\"\t\"x\"\"y\"\r\n\"two\nlines\"\td,e\n", separator: CSVParser.tab)
        #expect(errors.isEmpty)
        #expect(records.map(\.fields) == [["a", "b\tc", "x\"y"], ["two\nlines", "d,e"]])
        #expect(records.map(\.line) == [1, 2])
        // The comma stays the default.
        #expect(CSVReader.records("a,b\n").records.map(\.fields) == [["a", "b"]])
    }

    @Test("without a header: the grid's order, from 单位 (nine cells) or from 编号 (ten), blank lines left out")
    func gridOrder() throws {
        let text = "432001\t2010306 政务公开审批\t30201\t基本支出\t\t\t一般公共预算拨款\t1,000.00\t\n\n7\t432002\t2080505\t30108\t基本支出\t\t\t一般公共预算拨款\t20\t备注\n"
        let rows = try PastedRows.rows(text)
        #expect(rows.count == 2)
        #expect(rows[0].line == 1 && rows[1].line == 3)
        #expect(rows[0].values[.unit] == "432001" && rows[0].values[.functional] == "2010306 政务公开审批")
        #expect(rows[0].values[.amount] == "1,000.00" && rows[0].values[.note] == "")
        // Ten cells: the first is 编号, not read.
        #expect(rows[1].values[.unit] == "432002" && rows[1].values[.economic] == "30108" && rows[1].values[.note] == "备注")
        #expect(rows[1].values[.amount] == "20")
    }

    @Test("with a header (the grid's labels or the CSV's names), columns are read by name in any order")
    func header() throws {
        let rows = try PastedRows.rows("金额（元）\t单位编码\tfunctional\t经济科目\t类型\t资金来源\n5\t432001\t2010306\t30201\t基本支出\t一般公共预算拨款\n")
        #expect(rows.count == 1 && rows[0].line == 2)
        #expect(rows[0].values[.amount] == "5" && rows[0].values[.unit] == "432001" && rows[0].values[.functional] == "2010306")
        #expect(rows[0].values[.economic] == "30201" && rows[0].values[.source] == "一般公共预算拨款")
    }

    @Test("a header name it does not know, a cell beyond the columns, an open quote: each located")
    func problems() {
        #expect(throws: InputProblems.self) { try PastedRows.rows("单位\t金钱\n432001\t5\n") }
        do {
            _ = try PastedRows.rows("432001\t2010306\t30201\t基本支出\t\t\t一般公共预算拨款\t1\t\t7\t多余\n")
            Issue.record("a cell beyond the ten columns was read")
        } catch {
            let problem = error.problems.first
            #expect(problem?.line == 1 && problem?.column == "第 11 列" && problem?.value == "多余")
            #expect(problem?.file == PastedRows.sourceName)
        }
        do {
            _ = try PastedRows.rows("\n\t\t\n")
            Issue.record("an empty paste was read")
        } catch {
            #expect(error.problems.first?.message.contains("没有可添加的明细行") == true)
        }
        do {
            _ = try PastedRows.rows("432001\t\"2010306\n")
            Issue.record("an open quote was read")
        } catch {
            #expect(error.problems.first?.line == 1 && error.problems.first?.message.contains("引号") == true)
        }
    }
}
