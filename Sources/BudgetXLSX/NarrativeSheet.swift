import BudgetModel
import BudgetReports
import CXLSXWriter
import Foundation

/// Writes the statement (情况说明) onto one sheet: a paragraph per row, wrapped in one wide
/// column; the tables it shows are their own sheets and are referred to by name.
struct NarrativeSheet {
    static let name = "情况说明"
    /// Characters of width that fit on a line of the column.
    static let columnWidth = 68.0

    let workbook: UnsafeMutablePointer<lxw_workbook>
    let styles: Styles
    let path: String
    let stamp: String?

    struct Line {
        var text: String
        var heading: Bool
    }

    /// The rows of the sheet, in order.
    static func lines(_ narrative: Narrative) -> [Line] {
        var lines = [Line(text: narrative.title, heading: true)]
        for section in narrative.sections {
            if !section.heading.isEmpty { lines.append(Line(text: section.heading, heading: true)) }
            for block in section.blocks {
                switch block {
                case .paragraph(let text): lines.append(Line(text: text, heading: false))
                case .subheading(let text): lines.append(Line(text: text, heading: true))
                case .table(let table): lines.append(Line(text: "（见工作表“\(table.sheetName)”）", heading: false))
                }
            }
        }
        return lines
    }

    func check(_ code: lxw_error, _ operation: String) throws(XLSXError) {
        let code = LXWFault.pass(code)
        if code != LXW_NO_ERROR { throw XLSXError(path: path, operation: "\(Self.name) \(operation)", code: code) }
    }

    func write(_ narrative: Narrative) throws(XLSXError) {
        guard let sheet = workbook_add_worksheet(workbook, Self.name) else {
            throw XLSXError(path: path, operation: "新建工作表", detail: "工作表名“\(Self.name)”无效")
        }
        try check(worksheet_set_column(sheet, 0, 0, Self.columnWidth, nil), "设置列宽")
        var row: lxw_row_t = 0
        for (index, line) in Self.lines(narrative).enumerated() {
            if index == 1, let stamp {
                // Under the title, as on every table's sheet.
                try check(writeText(sheet, row, 0, stamp, styles.stamp), "写入标注")
                try check(worksheet_set_header(sheet, "&C&\"宋体,Bold\"&KC00000" + stamp.replacingOccurrences(of: "&", with: "&&")), "设置页眉")
                row += 1
            }
            let format = index == 0 ? styles.proseTitle : (line.heading ? styles.proseHeading : styles.prose)
            try check(writeText(sheet, row, 0, line.text, format), "写入文字")
            // Wrapped rows get the height of their lines: not every program sizes them on opening.
            let height = TextMetrics.height(
                line.text, columnPoints: TextMetrics.points(columnWidth: Self.columnWidth), points: index == 0 ? 14 : 11, bold: line.heading)
            try check(worksheet_set_row(sheet, row, height, nil), "设置行高")
            row += 1
        }
        // A4 portrait: the column is narrower than the page, nothing is shrunk.
        worksheet_set_paper(sheet, 9)
        worksheet_set_margins(sheet, 0.6, 0.6, 0.75, 0.75)
        try check(worksheet_set_footer(sheet, PageNumbering.workbook.footer), "设置页脚")
    }
}
