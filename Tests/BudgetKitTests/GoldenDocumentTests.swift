import BudgetKit
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

/// The parts of the published 2023 disclosure that follow the nine tables, parsed from the
/// verbatim copy in Fixtures/seed-2023.txt: the statement (情况说明) with its 机构设置 table,
/// the 15 项目绩效目标表, the 政府采购预算 and the 国有资产 table.
private struct PublishedDocument {
    struct PerformanceTable {
        /// "1、“一窗通”平台运维费绩效目标表".
        var heading: String
        var goal: String
        var header: [String]
        /// Six cells per indicator; "" where the published table merges a cell with the one above.
        var rows: [[String]] = []
    }

    /// Every line of the fixture.
    var lines: [String]
    /// The statement: its non-empty lines, from its title to the end.
    var statement: [String]
    var organisationHeader: [String]
    var organisationRows: [[String]]
    var performance: [PerformanceTable]
    /// The procurement table's two header rows as printed on its first page (16 cells each).
    var procurementHeader: [[String]]
    /// The procurement table's rows with figures (合计, the unit's 小计, the items), 16 cells each.
    var procurementRows: [[String]]
    /// "截止时间：2022-12-31".
    var assetsAsOf: String
    var assetsHeader: [String]
    var assetsRows: [[String]]

    static func cells(_ line: String) -> [String] {
        line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func padded(_ cells: [String], to count: Int) -> [String] {
        Array((cells + Array(repeating: "", count: max(0, count - cells.count))).prefix(count))
    }

    static func load() throws -> PublishedDocument {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/seed-2023.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " ")) }
        let nonEmpty = lines.filter { !$0.isEmpty }

        // The statement begins two lines (its title, the opening sentence) above section 一.
        let first = try #require(nonEmpty.firstIndex(of: "一、部门职责及机构设置情况"))
        let statement = Array(nonEmpty[(first - 2)...])

        // 部门机构设置情况: the header, then the units' lines up to the blank line.
        let organisationTitle = try #require(lines.firstIndex(of: "部门机构设置情况"))
        let organisationHeaderLine = try #require(lines[(organisationTitle + 1)...].firstIndex { !$0.isEmpty })
        let organisationRows = lines[(organisationHeaderLine + 1)...].prefix { $0.contains("\t") }.map { cells($0) }

        // The 项目绩效目标表: "N、<project>绩效目标表", "绩效目标\t<goal>", the header, the indicators.
        var performance: [PerformanceTable] = []
        for line in try #require(statement.between("第三部分 预算项目绩效目标", "六、政府采购预算情况")) {
            let row = cells(line)
            if line.wholeMatch(of: /\d+、.+绩效目标表/) != nil {
                performance.append(PerformanceTable(heading: line, goal: "", header: []))
            } else if row.first == "绩效目标", !performance.isEmpty {
                performance[performance.count - 1].goal = row.count > 1 ? row[1] : ""
            } else if row.first == "一级指标", !performance.isEmpty {
                performance[performance.count - 1].header = row
            } else if row.count > 1, !performance.isEmpty {
                performance[performance.count - 1].rows.append(padded(row, to: 6))
            }
        }

        // 部门政府采购预算: from its title to its note. Rows with a figure in 合计 (column 8) are
        // data; the page-2 header is printed shifted, the data rows are not.
        let procurementTitle = try #require(lines.firstIndex(of: "部门政府采购预算"))
        let procurementEnd = try #require(lines[procurementTitle...].firstIndex { $0.hasPrefix("注：") })
        let procurementLines = lines[procurementTitle..<procurementEnd].filter { $0.contains("\t") }.map { cells($0) }
        let isData = { (row: [String]) in row.count >= 16 && hundredths(row[7]) != nil }
        let procurementHeader = Array(procurementLines.prefix { !isData($0) }.prefix(2)).map { padded($0, to: 16) }
        let procurementRows = procurementLines.filter(isData).map { Array($0.prefix(16)) }

        // 部门固定资产占用情况表: the line with 截止时间, the header 项目/数量/价值, the rows.
        let assetsTitle = try #require(lines.firstIndex(of: "部门固定资产占用情况表"))
        let assetsEnd = try #require(lines[assetsTitle...].firstIndex { $0.hasPrefix("注：") })
        let assetLines = lines[assetsTitle..<assetsEnd].filter { $0.contains("\t") }.map { cells($0) }
        let asOf = try #require(assetLines.joined().first { $0.hasPrefix("截止时间") })
        let assetsHeader = try #require(assetLines.firstIndex { $0.first == "项目" })

        return PublishedDocument(
            lines: lines, statement: statement,
            organisationHeader: cells(lines[organisationHeaderLine]), organisationRows: organisationRows,
            performance: performance, procurementHeader: procurementHeader, procurementRows: procurementRows,
            assetsAsOf: asOf, assetsHeader: assetLines[assetsHeader], assetsRows: Array(assetLines[(assetsHeader + 1)...]))
    }
}

/// A figure of the statement: the words before it (back to the last ，。；：) and its amount.
private struct StatementFigure: Equatable, CustomStringConvertible {
    var label: String
    var amount: Int
    var description: String { "\(label)\(Double(amount) / 100)" }

    /// The seed calls 公务用车运行费 (the name in 表9 and in the template) 公务用车维护费 in its statement.
    static let synonyms = ["公务用车维护费": "公务用车运行费"]

    /// Every "…<number>万元" of a paragraph, in order.
    static func all(in paragraph: String) -> [StatementFigure] {
        paragraph.matches(of: /([^，。；：]*?)(\d+(?:\.\d+)?)万元/).map { match in
            var label = normalised(String(match.1))
            for (word, name) in synonyms { label = label.replacingOccurrences(of: word, with: name) }
            return StatementFigure(label: label, amount: hundredths(String(match.2)) ?? -1)
        }
    }

    /// The year-on-year words of a paragraph: 增加/减少 before a figure, and 持平.
    static func directions(in paragraph: String) -> [String] {
        paragraph.matches(of: /(?:增加|减少)(?=\d)|持平/).map { String($0.0) }
    }
}

/// Text compared as a reader sees it across the PDF copy and the exported files: brackets folded
/// (`folded`), the PDF extraction's `$\geq 90\%$` written as ≥90%, and every space removed (the
/// PDF wraps long cells with spaces: "便民 服务率", "容 e 查费用").
private func normalised(_ text: String) -> String {
    var text = folded(text)
    for (from, to) in [("$\\geq", "≥"), ("$\\leq", "≤"), ("\\%", "%"), ("$", "")] {
        text = text.replacingOccurrences(of: from, with: to)
    }
    return String(text.filter { !$0.isWhitespace })
}

/// An amount of 万元 printed with at most two decimals, in hundredths: "56.4" → 5640, "0" → 0.
private func hundredths(_ text: String) -> Int? {
    guard let match = text.wholeMatch(of: /(\d+)(?:\.(\d{1,2}))?/), let whole = Int(match.1) else { return nil }
    let fraction = match.2.map { String($0).padding(toLength: 2, withPad: "0", startingAt: 0) } ?? "00"
    return whole * 100 + Int(fraction)!
}

/// A stored amount (exact 万元) rounded to hundredths as it prints.
private func hundredths(_ value: Double) -> Int { Int((value * 100).rounded()) }

extension Array where Element == String {
    /// The lines strictly between the line `start` and the next line `end` after it, compared normalised.
    fileprivate func between(_ start: String, _ end: String) -> [String]? {
        guard let from = firstIndex(where: { normalised($0) == normalised(start) }),
            let to = self[(from + 1)...].firstIndex(where: { normalised($0) == normalised(end) })
        else { return nil }
        return Array(self[(from + 1)..<to])
    }

    /// The lines after the line `start` to the end.
    fileprivate func after(_ start: String) -> [String]? {
        guard let from = firstIndex(where: { normalised($0) == normalised(start) }) else { return nil }
        return Array(self[(from + 1)...])
    }

    /// The paragraph right after a heading.
    fileprivate func paragraph(after heading: String) -> String? { after(heading)?.first }
}

extension XLSXSheet {
    fileprivate func text(row: Int, column: Int) -> String { cell(row: row, column: column)?.value ?? "" }

    /// The first row (of the 40 from `start`) whose first cell reads `text`.
    fileprivate func row(startingWith text: String, from start: Int = 0) -> Int? {
        (start..<start + 40).first { normalised(self.text(row: $0, column: 0)) == normalised(text) }
    }

    /// The cells covered by a merge other than its first row: [row, column], zero-based.
    fileprivate var mergedBelow: Set<[Int]> {
        var covered: Set<[Int]> = []
        for range in merges {
            let ends = range.split(separator: ":").compactMap { XLSXReference.parse(String($0)) }
            guard ends.count == 2, ends[1].row > ends[0].row else { continue }
            for row in (ends[0].row + 1)...ends[1].row {
                for column in ends[0].column...ends[1].column { covered.insert([row, column]) }
            }
        }
        return covered
    }

    /// Column A, row by row, as far as it goes.
    fileprivate var columnA: [String] {
        let last = cells.keys.filter { $0.column == 0 }.map(\.row).max() ?? -1
        return (0...max(last, 0)).compactMap { cell(row: $0, column: 0)?.value }.filter { !$0.isEmpty }
    }
}

@Suite("The sample reproduces the published 2023 disclosure document")
struct GoldenDocumentTests {
    /// The sample built from Workbooks/, exported (workbook and Markdown statement) to disk and read back.
    struct Exported {
        let folder: TemporaryFolder
        let workbook: XLSXWorkbook
        /// The statement as two files show it: the Markdown (headings and escapes removed, tables
        /// left out) and the 情况说明 sheet (column A); each a list of non-empty paragraphs.
        let statements: [(name: String, paragraphs: [String])]

        func sheet(_ name: String) throws -> XLSXSheet {
            try #require(workbook.sheet(name), "the workbook has no sheet \(name)")
        }
    }

    static func exported() throws -> Exported {
        let folder = TemporaryFolder()
        let project = folder.file("sample.budget")
        try SampleProject.build(at: project)
        let result = try ProjectSession(project).export(to: folder.file("sample.xlsx"), force: false)
        #expect(result.errorCount == 0)
        _ = try ProjectSession(project).narrative(to: folder.file("sample.md"))
        let workbook = try XLSXWorkbook(path: folder.file("sample.xlsx"))
        let markdown = try String(contentsOfFile: folder.file("sample.md"), encoding: .utf8)
        let sheet = try #require(workbook.sheet("情况说明"))
        return Exported(
            folder: folder, workbook: workbook,
            statements: [
                ("sample.md", markdownParagraphs(markdown)), ("情况说明 sheet", sheet.columnA),
            ])
    }

    /// The Markdown's paragraphs and headings as plain text; table rows ("| …") left out.
    static func markdownParagraphs(_ markdown: String) -> [String] {
        markdown.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("|") }.map { line in
            var text = Substring(line)
            while text.first == "#" { text = text.dropFirst() }
            var plain = ""
            var escaped = false
            for character in text.trimmingCharacters(in: .whitespaces) {
                if !escaped, character == "\\" {
                    escaped = true
                    continue
                }
                plain.append(character)
                escaped = false
            }
            return plain
        }.filter { !$0.isEmpty }
    }

    @Test("机构设置: every unit's 单位名称, 单位性质, 单位规格 and 经费保障形式")
    func organisation() throws {
        let published = try PublishedDocument.load()
        try #require(!published.organisationRows.isEmpty)
        let sheet = try Self.exported().sheet("部门机构设置")

        let header = try #require(sheet.row(startingWith: published.organisationHeader[0]), "no header row")
        for (column, title) in published.organisationHeader.enumerated() {
            #expect(sheet.text(row: header, column: column) == title)
        }
        for (offset, cells) in published.organisationRows.enumerated() {
            for (column, expected) in PublishedDocument.padded(cells, to: 4).enumerated() {
                let place = "部门机构设置!\(XLSXReference.name(row: header + 1 + offset, column: column))"
                #expect(normalised(sheet.text(row: header + 1 + offset, column: column)) == normalised(expected), "\(place)")
            }
        }
        let beyond = sheet.text(row: header + 1 + published.organisationRows.count, column: 0)
        #expect(beyond.isEmpty, "more units than published")
    }

    @Test("绩效目标表1…15 on the sheet 项目绩效目标表: project names in order, goal and every indicator cell, merged cells where the seed leaves them blank")
    func performanceTables() throws {
        let published = try PublishedDocument.load()
        try #require(published.performance.count == 15)
        let exported = try Self.exported()
        let sheet = try exported.sheet("项目绩效目标表")
        var start = 0

        for (index, table) in published.performance.enumerated() {
            let name = "绩效目标表\(index + 1)"
            // "N、<project>绩效目标表": the number and the project name, in the published order,
            // each table below the one before.
            let titleRow = try #require(
                sheet.row(startingWith: table.heading, from: start), "\(name): no title “\(table.heading)” below row \(start + 1)")
            // The first at the top of the sheet, each next one after two blank rows.
            #expect(titleRow == (index == 0 ? 0 : start + 2), "\(name) title row")

            let goalRow = try #require(sheet.row(startingWith: "绩效目标", from: titleRow), "\(name) has no 绩效目标 row")
            #expect(normalised(sheet.text(row: goalRow, column: 1)) == normalised(table.goal), "\(name) 绩效目标")

            try #require(table.header.count == 6, "\(table.heading): published header")
            let header = try #require(sheet.row(startingWith: table.header[0], from: goalRow), "\(name) has no header row")
            for (column, title) in table.header.enumerated() {
                #expect(sheet.text(row: header, column: column) == title, "\(name) header")
            }

            try #require(!table.rows.isEmpty, "\(table.heading): no published indicators")
            let merged = sheet.mergedBelow
            for (offset, cells) in table.rows.enumerated() {
                let row = header + 1 + offset
                for (column, expected) in cells.enumerated() {
                    let place = "\(name)!\(XLSXReference.name(row: row, column: column)) (published \(table.rows[offset][2]))"
                    let stored = sheet.text(row: row, column: column)
                    if expected.isEmpty {
                        #expect(stored.isEmpty, "\(place) should be blank (merged), holds \(stored)")
                    } else {
                        #expect(normalised(stored) == normalised(expected), "\(place)")
                    }
                    // The published table leaves a cell blank exactly where it continues a merged cell.
                    let continuesMerge = merged.contains([row, column])
                    #expect(continuesMerge == expected.isEmpty, "\(place): merged with the cell above \(continuesMerge), published \"\(expected)\"")
                }
            }
            let beyond = sheet.text(row: header + 1 + table.rows.count, column: 2)
            #expect(beyond.isEmpty, "\(name) has indicators beyond the published \(table.rows.count)")
            start = header + 1 + table.rows.count
        }
        // Nothing after the fifteenth table.
        #expect((start..<start + 40).allSatisfy { sheet.text(row: $0, column: 0).isEmpty }, "more 绩效目标表 than published")

        // The statement lists the same tables under 第三部分, in the same order.
        let headings = published.performance.map { normalised($0.heading) }
        for statement in exported.statements {
            let part = try #require(statement.paragraphs.between("第三部分 预算项目绩效目标", "六、政府采购预算情况"), "\(statement.name)")
            #expect(part.map(normalised).filter { $0.wholeMatch(of: /\d+、.+绩效目标表/) != nil } == headings, "\(statement.name)")
        }
    }

    @Test("政府采购预算: header, 合计, the unit's 小计 and every item row, figures to the hundredth")
    func procurement() throws {
        let published = try PublishedDocument.load()
        // 合计, one 小计 and the 10 items.
        try #require(published.procurementRows.count == 12)
        try #require(published.procurementHeader.count == 2)
        let sheet = try Self.exported().sheet("部门政府采购预算")

        let header = try #require(sheet.row(startingWith: published.procurementHeader[1][0]), "no 项目名称 header row")
        for (offset, cells) in published.procurementHeader.enumerated() {
            for (column, title) in cells.enumerated() {
                let row = header - 1 + offset
                #expect(
                    normalised(sheet.text(row: row, column: column)) == normalised(title), "header \(XLSXReference.name(row: row, column: column))")
            }
        }

        var figures = 0
        for (offset, cells) in published.procurementRows.enumerated() {
            let row = header + 1 + offset
            for (column, expected) in cells.enumerated() {
                let place = "部门政府采购预算!\(XLSXReference.name(row: row, column: column)) (published \(cells[0]) \(cells[2]))"
                let stored = sheet.cell(row: row, column: column)
                // 预算资金, 单价 and every column from 合计 on are amounts; 数量 is text.
                let isAmount = column == 1 || column >= 6
                if expected.isEmpty {
                    #expect(stored == nil || stored?.value == "" || stored?.number == 0, "\(place) should be blank, holds \(stored?.value ?? "")")
                } else if isAmount {
                    let amount = try #require(hundredths(expected), "\(place): published \(expected) is not an amount")
                    #expect(stored?.number.map(hundredths) == amount, "\(place) should be \(expected), holds \(stored?.value ?? "nothing")")
                    figures += 1
                } else {
                    #expect(normalised(stored?.value ?? "") == normalised(expected), "\(place)")
                }
            }
        }
        #expect(figures > 0)
        let beyond = sheet.text(row: header + 1 + published.procurementRows.count, column: 0)
        #expect(beyond.isEmpty, "rows beyond the published ones")
    }

    @Test("国有资产: 截止时间, 资产总额, 车辆 and 其他固定资产 as published")
    func assets() throws {
        let published = try PublishedDocument.load()
        try #require(published.assetsRows.count == 6)
        let sheet = try Self.exported().sheet("部门固定资产占用情况表")

        let header = try #require(sheet.row(startingWith: published.assetsHeader[0]), "no 项目 header row")
        // "截止时间：2022-12-31" above the header.
        #expect(
            (0..<header).contains { row in (0..<3).contains { normalised(sheet.text(row: row, column: $0)) == normalised(published.assetsAsOf) } })
        for (column, title) in published.assetsHeader.enumerated() {
            #expect(normalised(sheet.text(row: header, column: column)) == normalised(title))
        }
        for (offset, cells) in published.assetsRows.enumerated() {
            let row = header + 1 + offset
            for (column, expected) in PublishedDocument.padded(cells, to: 3).enumerated() {
                let place = "部门固定资产占用情况表!\(XLSXReference.name(row: row, column: column)) (published \(cells[0]))"
                let stored = sheet.cell(row: row, column: column)
                if column == 2, !expected.isEmpty {
                    let amount = try #require(hundredths(expected), "\(place): published \(expected) is not an amount")
                    #expect(stored?.number.map(hundredths) == amount, "\(place) should be \(expected), holds \(stored?.value ?? "nothing")")
                } else if expected.isEmpty {
                    #expect(stored == nil || stored?.value == "" || stored?.number == 0, "\(place) should be blank, holds \(stored?.value ?? "")")
                } else {
                    #expect(normalised(stored?.value ?? "") == normalised(expected), "\(place)")
                }
            }
        }
    }

    /// The statement's paragraphs with figures, by the heading they follow.
    static let figureParagraphs = [
        "1、收入说明", "2、支出说明", "3、比上年增减情况", "三、机关运行经费安排情况", "四、财政拨款“三公”经费预算情况及增减变化原因",
        "六、政府采购预算情况", "七、国有资产信息",
    ]

    @Test("the statement: every 万元 figure of sections 二 三 四 六 七, with its words, in order, and every 增加/减少/持平")
    func statementFigures() throws {
        let published = try PublishedDocument.load()
        let exported = try Self.exported()

        // Every figure of those sections is in one of the paragraphs compared below.
        let prose =
            (published.statement.between("二、部门预算安排的总体情况", "五、预算绩效信息") ?? [])
            + (published.statement.between("六、政府采购预算情况", "八、名词解释") ?? [])
        let allFigures = prose.filter { !$0.contains("\t") }.flatMap { StatementFigure.all(in: $0) }
        var compared = 0
        for heading in Self.figureParagraphs {
            let seed = try #require(published.statement.paragraph(after: heading), "the seed has no paragraph after \(heading)")
            let expected = StatementFigure.all(in: seed)
            try #require(!expected.isEmpty, "no figures after \(heading) in the seed")
            compared += expected.count
            for statement in exported.statements {
                let generated = try #require(statement.paragraphs.paragraph(after: heading), "\(statement.name) has no paragraph after \(heading)")
                // The statement may say more (e.g. the 中小微 share), but every published figure is
                // there with the same words before it, in the same order.
                let labels = Set(expected.map(\.label))
                let matching = StatementFigure.all(in: generated).filter { labels.contains($0.label) }
                #expect(matching.count == expected.count, "\(statement.name) \(heading): \(matching) for the published \(expected)")
                for (published, actual) in zip(expected, matching) {
                    #expect(actual == published, "\(statement.name) \(heading): \(actual) for the published \(published)\n\(generated)")
                }
                #expect(
                    StatementFigure.directions(in: generated) == StatementFigure.directions(in: seed),
                    "\(statement.name) \(heading): 增减 \(StatementFigure.directions(in: generated))")
            }
        }
        #expect(compared == allFigures.count, "figures of sections 二 三 四 六 七 outside the compared paragraphs")
    }

    @Test("the statement: 部门职责, 总体绩效目标, 11 分项绩效目标, 6 工作保障措施, 名词解释 and 其他事项 as published")
    func statementTexts() throws {
        let published = try PublishedDocument.load()
        let exported = try Self.exported()
        let seed = published.statement

        /// (what, the published lines, how to compare them: paragraph by paragraph or as one text).
        var parts: [(String, [String], Bool)] = []
        parts.append(("title and opening", Array(seed.prefix(2)), false))
        parts.append(("部门职责", try #require(seed.between("部门职责：", "机构设置：")), false))
        // The PDF breaks the 总体绩效目标 paragraph at a page end: compared as one text.
        parts.append(("总体绩效目标", try #require(seed.between("（一）总体绩效目标", "（二）分项绩效目标")), true))
        let goals = try #require(seed.between("（二）分项绩效目标", "（三）工作保障措施"))
        try #require(goals.filter { $0.hasPrefix("绩效目标：") }.count == 11 && goals.filter { $0.hasPrefix("绩效指标：") }.count == 11)
        parts.append(("分项绩效目标", goals, false))
        let measures = try #require(seed.between("（三）工作保障措施", "第二部分 专项资金绩效目标"))
        try #require(measures.count == 6)
        parts.append(("工作保障措施", measures, false))
        parts.append(("专项资金绩效目标", try #require(seed.between("第二部分 专项资金绩效目标", "第三部分 预算项目绩效目标")), false))
        // The seed's glossary is Markdown ("- 1、**事业收入**：…"); the statement's is plain text.
        let glossary = try #require(seed.between("八、名词解释", "九、其他需要说明的事项")).map {
            ($0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0).replacingOccurrences(of: "**", with: "")
        }
        try #require(glossary.count == 10)
        parts.append(("名词解释", glossary, false))
        parts.append(("其他需要说明的事项", try #require(seed.after("九、其他需要说明的事项")), false))

        for statement in exported.statements {
            let lines = statement.paragraphs
            let actual: [String: [String]] = [
                "title and opening": Array(lines.prefix(2)),
                "部门职责": lines.between("部门职责：", "机构设置：") ?? [],
                "总体绩效目标": lines.between("（一）总体绩效目标", "（二）分项绩效目标") ?? [],
                "分项绩效目标": lines.between("（二）分项绩效目标", "（三）工作保障措施") ?? [],
                "工作保障措施": lines.between("（三）工作保障措施", "第二部分 专项资金绩效目标") ?? [],
                "专项资金绩效目标": lines.between("第二部分 专项资金绩效目标", "第三部分 预算项目绩效目标") ?? [],
                "名词解释": lines.between("八、名词解释", "九、其他需要说明的事项") ?? [],
                "其他需要说明的事项": lines.after("九、其他需要说明的事项") ?? [],
            ]
            for (what, expected, asOneText) in parts {
                try #require(!expected.isEmpty, "\(what): nothing published")
                let generated = actual[what] ?? []
                if asOneText {
                    #expect(normalised(generated.joined()) == normalised(expected.joined()), "\(statement.name) \(what)")
                } else {
                    #expect(
                        generated.count == expected.count, "\(statement.name) \(what): \(generated.count) paragraphs, published \(expected.count)")
                    for (index, (mine, theirs)) in zip(generated, expected).enumerated() {
                        #expect(normalised(mine) == normalised(theirs), "\(statement.name) \(what) paragraph \(index + 1)")
                    }
                }
            }
        }
    }
}
