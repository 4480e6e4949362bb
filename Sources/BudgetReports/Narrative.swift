import BudgetModel
import Foundation

/// The explanatory statement (部门预算信息公开情况说明), sections 一 to 九 as in the seed. Every
/// figure comes from ``StatementFigures``, rounded once to the display unit like the tables.
public struct Narrative: Sendable {
    public enum Block: Sendable {
        case paragraph(String)
        /// A heading inside a section, e.g. "1、收入说明".
        case subheading(String)
        /// A table of the workbook, shown in place.
        case table(ReportTable)
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

    public static func compose(
        _ reports: ReportSet, figures: StatementFigures, document: DocumentData, tables: [ReportTable]
    ) -> Narrative {
        // The statement's figures in the text's unit (Shanghai: 万元 beside tables in 元).
        let reports = reports.forText
        let name = reports.department.name
        let year = figures.year
        func wan(_ fen: Fen) -> String { reports.statementAmount(fen) }
        func table(_ id: String) -> [Block] { tables.first { $0.id == id }.map { [.table($0)] } ?? [] }
        /// "较2022年增加41.36万元" / "与上年持平" / nil when last year's figure is missing.
        func change(_ item: PriorItem, against: String) -> String? {
            guard let before = figures.prior.amount(item) else { return nil }
            let now = figures.current(item)
            let difference = reports.displayUnits(now) - reports.displayUnits(before)
            if difference == 0 { return "与上年持平" }
            let amount = reports.formatUnits(abs(difference))
            return "较\(against)\(difference > 0 ? "增加" : "减少")\(amount)\(reports.unitName)"
        }
        func reason(_ item: PriorItem) -> String {
            figures.prior.reasons[item].map { "，主要为\($0.trimmingTrailingPunctuation)" } ?? ""
        }
        let unit = reports.unitName
        var sections: [Section] = []

        // 一
        var one: [Block] = [.paragraph("部门职责：")]
        one += document.text(.duties).map(Block.paragraph)
        if document.text(.duties).isEmpty { one.append(.paragraph("（部门职责尚未填写）")) }
        one.append(.paragraph("机构设置："))
        one += table("机构")
        sections.append(Section(heading: "一、部门职责及机构设置情况", blocks: one))

        // 二
        var two: [Block] = [
            .paragraph("按照预算管理有关规定，目前我省部门预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。\(name)机关及所属事业单位的收支包含在部门预算中。"),
            .subheading("1、收入说明"),
        ]
        let income = figures.income
        two.append(
            .paragraph(
                "反映本部门当年全部收入。\(year)年预算收入\(wan(income.total))\(unit)，其中：一般公共预算收入\(wan(income.general))\(unit)，基金预算拨款收入\(wan(income.fund))\(unit)，国有资本经营预算拨款\(wan(income.soe))\(unit)，财政专户核拨\(wan(income.special))\(unit)，其他来源收入（单位资金）\(wan(income.unitFunds))\(unit)，上年结转\(wan(income.carryover))\(unit)。"
            ))
        two.append(.subheading("2、支出说明"))
        var spending =
            "\(year)年度本部门安排支出预算为\(wan(figures.spending))\(unit)。按支出性质分，基本支出为\(wan(figures.basic))\(unit)，包括人员经费\(wan(figures.personnel))\(unit)和日常公用经费\(wan(figures.publicFunds))\(unit)；项目支出\(wan(figures.project))\(unit)"
        let named = figures.largestProjects.prefix(3).filter { $0.amount > 0 }.map(\.name)
        if !named.isEmpty { spending += "，主要为\(named.joined(separator: "、"))\(figures.largestProjects.count > named.count ? "等" : "")" }
        if figures.otherSpending > 0 { spending += "；经营支出、上解上级支出和对附属单位补助支出\(wan(figures.otherSpending))\(unit)" }
        two.append(.paragraph(spending + "。"))
        two.append(.subheading("3、比上年增减情况"))
        if let total = change(.total, against: "\(year - 1)年") {
            var text = "\(year)年预算收支安排\(wan(figures.spending))\(unit)，\(total)\(reason(.total))。"
            var parts: [String] = []
            for item in [PriorItem.basic, .project] {
                if let difference = change(item, against: "") {
                    parts.append("\(item.chineseName)\(difference.replacingOccurrences(of: "较", with: ""))\(reason(item))")
                }
            }
            if !parts.isEmpty { text += "其中" + parts.joined(separator: "；") + "。" }
            two.append(.paragraph(text))
        } else {
            two.append(.paragraph("（上年预算数尚未填写，无法比较增减。）"))
        }
        sections.append(Section(heading: "二、部门预算安排的总体情况", blocks: two))

        // 三
        var operation = "\(year)年度机关运行费共计安排\(wan(figures.operation))\(unit)"
        if figures.operationScope == .administrative { operation += "（行政单位和参照公务员法管理的事业单位）" }
        if let difference = change(.operation, against: "上年") { operation += "，\(difference)\(reason(.operation))" }
        if !figures.operationUses.isEmpty {
            operation += "，主要用于\(figures.operationUses.joined(separator: "、"))等日常运行支出"
        }
        sections.append(Section(heading: "三、机关运行经费安排情况", blocks: [.paragraph(operation + "。")]))

        // 四
        let three = figures.threePublic
        var threeText = "\(year)年度“三公”经费财政拨款支出预算为\(wan(figures.threePublicTotal))\(unit)"
        if let difference = change(.threePublic, against: "上年") {
            threeText += "，" + (difference == "与上年持平" ? "与上年持平，无增减变化" : difference)
        }
        threeText +=
            "。其中因公出国（境）费支出为\(wan(three[.abroad] ?? 0))\(unit)"
            + "；公务用车购置及运行费支出预算为\(wan((three[.vehiclePurchase] ?? 0) + (three[.vehicleOperation] ?? 0)))\(unit)"
            + "（其中：公务用车购置费为\(wan(three[.vehiclePurchase] ?? 0))\(unit)，公务用车运行费为\(wan(three[.vehicleOperation] ?? 0))\(unit)）"
            + "；公务接待费为\(wan(three[.reception] ?? 0))\(unit)。"
        var changes: [String] = []
        for item in PriorItem.threePublicItems {
            guard let difference = change(item, against: "上年"), difference != "与上年持平" else { continue }
            changes.append(item.chineseName + difference + reason(item))
        }
        if !changes.isEmpty { threeText += changes.joined(separator: "；") + "。" }
        if let why = figures.prior.reasons[.threePublic] { threeText += "增减变化原因为：\(why.trimmingTrailingPunctuation)。" }
        sections.append(Section(heading: "四、财政拨款“三公”经费预算情况及增减变化原因", blocks: [.paragraph(threeText)]))

        // 五
        var five: [Block] = [.subheading("第一部分 部门整体绩效目标"), .subheading("（一）总体绩效目标")]
        five += document.text(.overallGoal).map(Block.paragraph)
        five.append(.subheading("（二）分项绩效目标"))
        for (index, goal) in document.departmentGoals.enumerated() {
            five.append(.subheading("（\(ChineseNumber.of(index + 1))）\(goal.name)"))
            five.append(.paragraph("绩效目标：\(goal.goal)"))
            five.append(.paragraph("绩效指标：\(goal.indicators)"))
        }
        five.append(.subheading("（三）工作保障措施"))
        five += document.text(.measures).map(Block.paragraph)
        five.append(.subheading("第二部分 专项资金绩效目标"))
        five += (document.text(.specialFunds).isEmpty ? ["无"] : document.text(.specialFunds)).map(Block.paragraph)
        five.append(.subheading("第三部分 预算项目绩效目标"))
        let projectTables = tables.filter { $0.id.hasPrefix("绩效") }
        if projectTables.isEmpty && document.performance.isEmpty { five.append(.paragraph("无")) }
        let missing = document.projectsWithoutTargets
        if !missing.isEmpty {
            let named = missing.prefix(10).map { "“\($0)”" }.joined(separator: "、") + (missing.count > 10 ? "等 \(missing.count) 个项目" : "")
            five.append(.paragraph("（项目\(named)的绩效目标表尚未填写。）"))
        }
        for projectTable in projectTables {
            five.append(.subheading(projectTable.title))
            five.append(.table(projectTable))
        }
        sections.append(Section(heading: "五、预算绩效信息", blocks: five))

        // 六
        var six: [Block] = []
        if figures.procurementTotal > 0 {
            var text = "\(year)年，\(name)安排政府采购预算\(wan(figures.procurementTotal))\(unit)"
            if figures.procurementSME > 0 { text += "，其中预留中小微企业份额\(wan(figures.procurementSME))\(unit)" }
            six.append(.paragraph(text + "。具体内容见下表。"))
            six += table("采购")
        } else {
            six.append(.paragraph("\(year)年，\(name)没有安排政府采购预算。"))
        }
        sections.append(Section(heading: "六、政府采购预算情况", blocks: six))

        // 七
        var seven: [Block] = []
        let assets = figures.assets
        if let total = assets.total {
            var text = "\(name)（含所属单位）上年末固定资产金额为\(wan(total))\(unit)"
            if let vehicles = assets.vehicleCount, vehicles > 0 { text += "，其中车辆\(vehicles)台（辆）" }
            text += "（详见下表）。本年度拟购置固定资产总额为\(wan(figures.plannedPurchase))\(unit)"
            if figures.plannedPurchase > 0 && figures.procurementTotal > 0 { text += "，已按要求列入政府采购预算，详见政府采购预算表" }
            seven.append(.paragraph(text + "。"))
        } else {
            seven.append(.paragraph("（上年末固定资产情况尚未填写。）本年度拟购置固定资产总额为\(wan(figures.plannedPurchase))\(unit)。"))
        }
        seven += table("资产")
        sections.append(Section(heading: "七、国有资产信息", blocks: seven))

        // 八
        let glossary = document.glossary.enumerated().map { Block.paragraph("\($0.offset + 1)、\($0.element.term)：\($0.element.text)") }
        sections.append(Section(heading: "八、名词解释", blocks: glossary))

        // 九
        let other = document.text(.other)
        sections.append(Section(heading: "九、其他需要说明的事项", blocks: (other.isEmpty ? ["我部门无其他需要说明的事项。"] : other).map(Block.paragraph)))

        return Narrative(
            title: "\(name) \(year) 年部门预算信息公开情况说明",
            sections: [
                Section(heading: "", blocks: [.paragraph("按照《预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，现将\(name) \(year) 年部门预算公开如下：")])
            ] + sections)
    }

    /// The statement as Markdown, tables included.
    public func markdown(_ reports: ReportSet) -> String {
        var out = "# \(title)\n"
        for section in sections {
            if !section.heading.isEmpty { out += "\n## \(section.heading)\n" }
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

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#|".contains(character) { out.append("\\") }
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
        // The last header row names the columns; rows above it (groups, the goal) come first as body.
        let columnsRow = headerRows.last ?? []
        let labels = columnsRow.enumerated().map { index, text in text.isEmpty ? table.header.columnLabels[index] : text }
        lines.append("| " + labels.map(cell).joined(separator: " | ") + " |")
        lines.append("|" + table.columnKinds.map { $0 == .amount ? " ---: |" : " --- |" }.joined())
        for row in headerRows.dropLast() where table.id.hasPrefix("绩效") {
            lines.append("| " + row.map(cell).joined(separator: " | ") + " |")
        }
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

    /// An amount as the statement writes it: rounded once like the tables, "0" when that is zero.
    public func statementAmount(_ fen: Fen) -> String { displayUnits(fen) == 0 ? "0" : format(fen) }
}
