import Testing

@testable import BudgetXLSX

@Suite("Cells of text that reads as a number")
struct NumberTextCellsTests {
    @Test("text Excel would take for a number, and text it would not")
    func readsAsNumber() {
        for text in ["1", "2010306", "03", "1,200.5", "-3", "+4", " 12 ", "95%", ".5"] {
            #expect(NumberTextCells.readsAsNumber(text), "\(text)")
        }
        for text in ["", "栏次", "A01", "1.2.3", ",1", "1.000,5", "≥95%", "6 万元", "-", "%", "1e5"] {
            #expect(!NumberTextCells.readsAsNumber(text), "\(text)")
        }
    }

    @Test("runs down a column, and runs of the same rows in neighbouring columns, become one range each")
    func ranges() {
        // Given: a 栏次 row B7:F7, codes down B9:B12 and B15, a lone cell E20, a block G3:H4
        var cells = NumberTextCells()
        for column in 1...5 { cells.note(row: 6, column: column, "\(column)") }
        cells.note(row: 6, column: 0, "栏次")
        for row in [8, 9, 10, 11, 14] { cells.note(row: row, column: 1, "201") }
        cells.note(row: 11, column: 1, "201")
        cells.add(row: 19, column: 4)
        for row in 2...3 { for column in 6...7 { cells.add(row: row, column: column) } }

        // Then
        #expect(cells.ranges == "G3:H4 B7:F7 B9:B12 B15 E20")
        #expect(NumberTextCells().ranges == nil)
    }
}
