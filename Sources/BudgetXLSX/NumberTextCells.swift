/// The cells of a sheet that hold text reading as a number (栏次 “1”, codes such as “2010306”,
/// 数量 “2”), so that Excel does not mark each with its green “number stored as text” triangle:
/// they are text on purpose (a code keeps its leading zeros and is never summed). The sheet lists
/// them in its `ignoredErrors` (``ranges``).
///
/// Cells are kept as runs down each column, so that a column of codes costs one run, not a cell
/// each.
struct NumberTextCells {
    /// Runs of rows (0-based, inclusive) by column, each column's in the order noted (a cell
    /// noted out of order may repeat or touch an earlier run: ``ranges`` joins them).
    private var runs: [Int: [ClosedRange<Int>]] = [:]

    /// Notes the cell when `text` reads as a number.
    mutating func note(row: Int, column: Int, _ text: String) {
        if Self.readsAsNumber(text) { add(row: row, column: column) }
    }

    /// Notes the cell whatever its text.
    mutating func add(row: Int, column: Int) {
        if let last = runs[column]?.last {
            if last.contains(row) { return }
            if last.upperBound + 1 == row {
                runs[column]![runs[column]!.count - 1] = last.lowerBound...row
                return
            }
        }
        runs[column, default: []].append(row...row)
    }

    /// The cells as an Excel range list, e.g. “B7:H7 B9:C40 E12”: runs of the same rows in
    /// neighbouring columns joined into one range; nil when there are none.
    var ranges: String? {
        var blocks: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []
        // By rows, then columns: a run continues the last block when it has its rows and the next column.
        let sorted = runs.flatMap { column, rows in Self.joined(rows).map { (rows: $0, column: column) } }
            .sorted { ($0.rows.lowerBound, $0.rows.upperBound, $0.column) < ($1.rows.lowerBound, $1.rows.upperBound, $1.column) }
        for run in sorted {
            if let last = blocks.last, last.rows == run.rows, last.columns.upperBound + 1 == run.column {
                blocks[blocks.count - 1].columns = last.columns.lowerBound...run.column
            } else {
                blocks.append((run.rows, run.column...run.column))
            }
        }
        guard !blocks.isEmpty else { return nil }
        return blocks.map { block in
            let first = SheetWriter.columnName(block.columns.lowerBound) + String(block.rows.lowerBound + 1)
            let last = SheetWriter.columnName(block.columns.upperBound) + String(block.rows.upperBound + 1)
            return first == last ? first : first + ":" + last
        }.joined(separator: " ")
    }

    /// The runs of one column in order, those that overlap or touch joined.
    static func joined(_ runs: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for run in runs.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, run.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, run.upperBound)
            } else {
                result.append(run)
            }
        }
        return result
    }

    /// Whether Excel would take the text for a number: digits, with a sign, thousands separators,
    /// a decimal point, a percent sign or spaces around them (“1”, “2010306”, “1,200.5”, “-3”,
    /// “95%”). Read by bytes: this runs for every text cell written.
    static func readsAsNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        while bytes.first == UInt8(ascii: " ") { bytes.removeFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
        if bytes.last == UInt8(ascii: "%") { bytes.removeLast() }
        var digits = false
        var point = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
            case UInt8(ascii: ","): if !digits || point { return false }
            case UInt8(ascii: "."): if point { return false } else { point = true }
            default: return false
            }
        }
        return digits
    }
}
