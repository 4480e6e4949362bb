import BudgetModel
import Foundation

/// The explanatory statement (情况说明): the sections the template's ``StatementSpec`` lays out
/// (Hebei: 一 to 九 as in the seed). Every figure comes from ``StatementFigures``, rounded once
/// to the display unit like the tables.
public struct Narrative: Sendable {
    public enum Block: Sendable {
        case paragraph(String)
        /// A heading inside a section, e.g. "1、收入说明".
        case subheading(String)
        /// A table of the workbook, shown in place.
        case table(ReportTable)

        /// The words of a paragraph or heading; nil for a table.
        public var text: String? {
            switch self {
            case .paragraph(let text), .subheading(let text): text
            case .table: nil
            }
        }
    }

    public struct Section: Sendable {
        public var heading: String
        public var blocks: [Block]
    }

    public var title: String
    public var sections: [Section]

    /// Every paragraph and heading, in order, tables left out.
    public var paragraphs: [String] {
        sections.flatMap { section in
            [section.heading]
                + section.blocks.compactMap {
                    switch $0 {
                    case .paragraph(let text), .subheading(let text): text
                    case .table: nil
                    }
                }
        }
    }

    /// What the statement lacks: a text or list the template requires that is empty, by section.
    public struct Gap: Sendable, Equatable {
        public var section: String
        public var what: String
        /// The command that fills it in.
        public var hint: String = ""
        /// The text shown in its place (the block's `otherwise`), if any.
        public var shown: String?

        public init(section: String, what: String, hint: String = "", shown: String? = nil) {
            self.section = section
            self.what = what
            self.hint = hint
            self.shown = shown
        }
    }

    /// Required texts and lists that are empty (``StatementBlock/required``).
    public var gaps: [Gap] = []

    /// The texts the template shows for projects without 绩效目标 (“（项目…的绩效目标表尚未填写。）”):
    /// the `performance` check reports that gap, once, so `placeholder` does not report it again.
    public var performanceStandIns: [String] = []

    public init(title: String, sections: [Section], gaps: [Gap] = [], performanceStandIns: [String] = []) {
        self.title = title
        self.sections = sections
        self.gaps = gaps
        self.performanceStandIns = performanceStandIns
    }

    /// The statement as the template's ``StatementSpec`` lays it out, every figure from
    /// ``StatementFigures`` in the text's unit.
    public static func compose(
        _ reports: ReportSet, figures: StatementFigures, document: DocumentData, data: BudgetData, tables: [ReportTable]
    ) -> Narrative {
        // The statement's figures in the text's unit (Shanghai: 万元 beside tables in 元).
        let reports = reports.forText
        let spec = reports.template.statementSpec
        let table = StatementFigureTable.compute(reports, spec, figures: figures, document: document, data: data)
        var composer = StatementComposer(reports: reports, spec: spec, document: document, data: data, tables: tables)
        let sections = spec.sections.map { section in
            let heading = composer.fill(section.heading, table)
            return Section(heading: heading, blocks: composer.blocks(section.blocks, table, section: heading))
        }
        return Narrative(
            title: composer.fill(spec.title, table), sections: sections, gaps: composer.gaps, performanceStandIns: composer.performanceStandIns)
    }

    /// The statement as Markdown, tables included.
    public func markdown(_ reports: ReportSet) -> String {
        var out = "# \(Self.escaped(title))\n"
        for section in sections {
            if !section.heading.isEmpty { out += "\n## \(Self.escaped(section.heading))\n" }
            for block in section.blocks {
                switch block {
                case .paragraph(let text): out += "\n\(Self.escaped(text))\n"
                case .subheading(let text): out += "\n### \(Self.escaped(text))\n"
                case .table(let table): out += "\n" + Self.markdownTable(table, reports)
                }
            }
        }
        return out
    }

    /// `text` as Markdown shows it: every character that could start Markdown syntax escaped,
    /// `~` too (a `~~~{=openxml}` fence would open a raw block in the Word document).
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#|~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    static func markdownTable(_ table: ReportTable, _ reports: ReportSet) -> String {
        let reports = reports.scoped(to: table)
        func cell(_ text: String) -> String { escaped(text).replacingOccurrences(of: "\n", with: " ") }
        var headerRows: [[String]] = Array(repeating: Array(repeating: "", count: table.columnCount), count: table.header.rowCount)
        for item in table.header.cells { headerRows[item.row][item.column] = item.text }
        var lines: [String] = []
        let lead = table.lines(in: reports).filter { !$0.isEmpty && $0 != reports.departmentLine }
        if !lead.isEmpty { lines.append(lead.map(escaped).joined(separator: "　") + "\n") }
        // A performance table's rows above its column titles (绩效目标 and its text, merged over
        // the columns in the workbook) come first as a paragraph: a pipe table cannot merge
        // cells, and a long goal in one narrow column wraps every few characters.
        for row in headerRows.dropLast() where table.id.hasPrefix("绩效") {
            let texts = row.filter { !$0.isEmpty }.map(cell)
            if !texts.isEmpty { lines.append(texts.joined(separator: "：") + "\n") }
        }
        // The last header row names the columns.
        let columnsRow = headerRows.last ?? []
        let labels = columnsRow.enumerated().map { index, text in text.isEmpty ? table.header.columnLabels[index] : text }
        lines.append("| " + labels.map(cell).joined(separator: " | ") + " |")
        lines.append("|" + table.columnKinds.map { $0 == .amount ? " ---: |" : " --- |" }.joined())
        for row in table.rows {
            lines.append("| " + row.cells.map { cell(TextRenderer.display($0, reports)) }.joined(separator: " | ") + " |")
        }
        var out = lines.joined(separator: "\n") + "\n"
        if let note = table.note { out += "\n\(escaped(note))\n" }
        return out
    }
}

/// 一, 二, … 九十九 for numbered headings.
public enum ChineseNumber {
    public static func of(_ number: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard number > 0 && number < 100 else { return String(number) }
        if number < 10 { return digits[number] }
        let tens = number / 10
        let ones = number % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
    }
}

extension String {
    /// Without a final "。", "；" or "，" (the statement adds its own).
    var trimmingTrailingPunctuation: String {
        var text = self
        while let last = text.last, "。；，.;, ".contains(last) { text.removeLast() }
        return text
    }
}

extension ReportSet {
    /// "万元" or "元".
    public var unitName: String { inWan ? "万元" : "元" }

    /// An amount as the statement writes it: rounded once like the tables, the statement's
    /// `zeroAmount` ("0" by default) when that is zero.
    public func statementAmount(_ fen: Fen) -> String {
        displayUnits(fen) == 0 ? (template.statementSpec.zeroAmount ?? "0") : format(fen)
    }
}
