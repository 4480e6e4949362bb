import BudgetModel
import Foundation

/// The published document holds no placeholder: no text that stands for something not yet
/// written (XXX, ××, 待填写, 待补充, TODO, the statement's own “（…尚未填写）”) in the statement
/// or in the text of the document's sheets, and no section the template requires left empty.
/// Each is an error, so `export` refuses as for any other error.
enum PlaceholderCheck: DisclosureCheck {
    static let id = CheckID.placeholder

    static func run(_ context: CheckContext) -> [Finding] {
        guard let parts = context.documentParts else { return [] }
        let documentTables = context.reports.tables.dropFirst(context.reports.template.tables.count)
        return placeholders(parts.narrative, tables: Array(documentTables))
    }

    /// Words that mark a text as not written yet, as clerks and templates write them.
    static let words = ["待填写", "待补充", "尚未填写"]

    /// The characters every placeholder begins with or contains: a text with none of them (most
    /// cells: figures, codes, names) is passed over in one look at its scalars.
    static let triggers: Set<Unicode.Scalar> = ["待", "尚", "t", "T", "ｔ", "Ｔ", "X", "x", "Ｘ", "ｘ", "×", "✕", "╳"]

    /// The placeholder a text holds, as it is written there; nil when it holds none.
    static func marker(in text: String) -> String? {
        guard text.unicodeScalars.contains(where: triggers.contains) else { return nil }
        if let word = words.first(where: text.contains) { return word }
        if let range = text.range(of: "todo", options: .caseInsensitive) { return String(text[range]) }
        // Three or more X (half or full width, either case), or two or more ×.
        let characters = Array(text)
        var start = 0
        while start < characters.count {
            let character = characters[start]
            let isX = "XxＸｘ".contains(character)
            let isTimes = "×✕╳".contains(character)
            guard isX || isTimes else {
                start += 1
                continue
            }
            var end = start
            while end < characters.count, isX ? "XxＸｘ".contains(characters[end]) : "×✕╳".contains(characters[end]) { end += 1 }
            if end - start >= (isX ? 3 : 2) { return String(characters[start..<end]) }
            start = end
        }
        return nil
    }

    static func placeholders(_ narrative: Narrative, tables: [ReportTable]) -> [Finding] {
        var findings: [Finding] = []
        // A text standing for a gap reported otherwise: a required text (reported below) or the
        // projects without 绩效目标 (reported by `performance`, with its severity).
        let shownForGaps = Set(narrative.gaps.compactMap(\.shown)).union(narrative.performanceStandIns)
        for gap in narrative.gaps {
            findings.append(
                Finding(
                    severity: .error, check: id.rawValue,
                    message: "情况说明“\(gap.section)”必须有\(gap.what)，尚未填写" + (gap.hint.isEmpty ? "" : "：请用 \(gap.hint) 填写"),
                    table: "情况说明", row: gap.section))
        }
        var texts: [(section: String, text: String)] = [("", narrative.title)]
        for section in narrative.sections {
            texts.append((section.heading, section.heading))
            for block in section.blocks {
                switch block {
                case .paragraph(let text), .subheading(let text): texts.append((section.heading, text))
                case .table: break
                }
            }
        }
        for (section, text) in texts where !shownForGaps.contains(text) {
            guard let marker = marker(in: text) else { continue }
            findings.append(
                Finding(
                    severity: .error, check: id.rawValue,
                    message: "情况说明\(section.isEmpty ? "" : "“\(section)”")中有未填写的内容“\(marker)”：\(excerpt(text, around: marker))，公开前请填写",
                    table: "情况说明", row: section.isEmpty ? "标题" : section))
        }
        for table in tables {
            let header = table.header.cells.map(\.text)
            for text in header {
                guard let marker = marker(in: text) else { continue }
                findings.append(placeholderCell(table, row: "表头", marker: marker, text: text))
            }
            for row in table.rows {
                for cell in row.cells {
                    guard let text = cell.text, let marker = marker(in: text) else { continue }
                    findings.append(placeholderCell(table, row: row.cells.first?.text ?? row.key, marker: marker, text: text))
                }
            }
        }
        return findings
    }

    static func placeholderCell(_ table: ReportTable, row: String, marker: String, text: String) -> Finding {
        Finding(
            severity: .error, check: id.rawValue, message: "\(table.title)中有未填写的内容“\(marker)”：\(excerpt(text, around: marker))，公开前请填写",
            table: table.title, row: row)
    }

    /// The text quoted: whole up to 60 characters, else its beginning (which names the place,
    /// e.g. the 项 of a line) and the words before the marker.
    static func excerpt(_ text: String, around marker: String) -> String {
        guard text.count > 60, let range = text.range(of: marker) else { return "“\(text)”" }
        let head = text.prefix(30)
        let before = text[..<range.lowerBound].suffix(16)
        let joined = head.endIndex >= before.startIndex ? String(text[..<range.upperBound]) : head + "…" + before + marker
        return "“" + joined + (range.upperBound == text.endIndex ? "" : "…") + "”"
    }
}
