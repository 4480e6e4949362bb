import BudgetModel
import BudgetReports
import BudgetStore
import BudgetXLSX
import Foundation

extension ProjectSession {
    // MARK: - Draft workbook: writing

    /// What `template` wrote: the records of each sheet.
    public struct DraftSummary: Sendable {
        /// Sheet name and number of records, in the workbook's order.
        public var sheets: [(name: String, records: Int)]
    }

    /// The lists behind the drop-downs, in the columns of the hidden 代码表 sheet.
    enum DraftListKind: Int, CaseIterable {
        case functional, economic, type, nature, source, unit, project, unitNature, level1, priorItem, textSection, staffCategory, projectKind,
            capType

        /// The list's heading on the list sheet: never a column name of a part, so that the list
        /// sheet is not taken for one.
        var name: String { "下拉列表：" + title }

        var title: String {
            switch self {
            case .functional: "功能分类科目"
            case .economic: "经济分类科目"
            case .type: "支出类型"
            case .nature: "经费类型"
            case .source: "资金来源"
            case .unit: "单位"
            case .project: "项目"
            case .unitNature: "单位性质"
            case .level1: "一级指标"
            case .priorItem: "上年数项目"
            case .textSection: "情况说明的部分"
            case .staffCategory: "人员类别"
            case .projectKind: "项目类别"
            case .capType: "控制数的支出类型"
            }
        }
    }

    /// Writes the draft workbook of a project: the read-me, one sheet per part of the draft with
    /// the project's data, and the lists behind the drop-downs. Amounts are in 元. The same
    /// project gives the same bytes; the file is written beside the target, read back, compared
    /// and renamed, so a failure leaves the previous file as it was.
    public func writeDraft(to output: String, overwrite: Bool = false) throws -> DraftSummary {
        // The 项 the 主要内容 sheet lists are those the project's template writes of.
        let statement = try template().statementSpec
        let draft = try projectFile.read { reader in
            // Parts too long for a sheet are refused from their counts, before anything is built.
            let counts = try reader.partCounts()
            let parts: [(DraftPart, Int)] = [
                (.items, counts.items), (.projects, counts.projects), (.indicators, counts.indicators), (.procurement, counts.procurement),
            ]
            let overflows = parts.compactMap { part, count in
                SheetLimits.overflow(records: count, headerRows: DraftLayout.firstDataRow, sheet: part.sheetName)
            }
            if let first = overflows.first {
                throw InputProblem(file: output, message: first + "，填报工作簿放不下，没有写。明细可用 budget export-csv 导出为 CSV")
            }
            return try Self.draftWorkbook(reader, statement: statement)
        }
        try DraftWorkbookWriter.export(draft, to: output, overwrite: overwrite)
        return DraftSummary(sheets: draft.sheets.map { ($0.name, $0.rows.count) })
    }

    static func draftWorkbook(_ reader: ProjectReader, statement: StatementSpec) throws -> DraftWorkbook {
        let department = try reader.department()
        let units = try reader.units()
        let projects = try reader.projects()
        let document = try reader.document()
        let codes = try reader.codeBook()
        let unitNames = Dictionary(units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })

        func text(_ value: String) -> DraftValue { value.isEmpty ? .empty : .text(value) }
        func unit(_ code: String?) -> DraftValue {
            guard let code else { return .empty }
            return .text(unitNames[code].map { "\(code) \($0)" } ?? code)
        }
        func code(_ kind: CodeKind, _ code: String) -> DraftValue {
            .text(codes.name(kind, code).map { "\(code) \($0)" } ?? code)
        }
        func amount(_ fen: Fen?) -> DraftValue { fen.map(DraftValue.amount) ?? .empty }

        // The lists.
        var lists: [DraftListKind: [String]] = [:]
        for kind in CodeKind.allCases {
            var names = kind == .functional ? codes.bundled.functional : codes.bundled.economic
            for (code, name) in codes.user[kind] ?? [:] where names[code] == nil { names[code] = name }
            for (code, name) in codes.bureau[kind] ?? [:] { names[code] = name }
            lists[kind == .functional ? .functional : .economic] = names.keys.filter(kind.isWellFormedLeaf).sorted().map { "\($0) \(names[$0]!)" }
        }
        lists[.type] = ExpenditureType.allCases.map(\.chineseName)
        lists[.nature] = CostNature.allCases.map(\.chineseName)
        lists[.source] = FundingSource.allCases.map(\.chineseName)
        lists[.unit] = units.map { "\($0.code) \($0.name)" }
        lists[.project] = projects.map(\.name)
        lists[.unitNature] = UnitNature.allCases.map(\.rawValue)
        lists[.level1] = IndicatorLevel.allCases.map(\.rawValue)
        lists[.priorItem] = PriorItem.allCases.map(\.chineseName)
        lists[.textSection] = TextSection.allCases.map(\.chineseName)
        lists[.staffCategory] = StaffCategory.allCases.map(\.rawValue)
        lists[.projectKind] = ProjectKind.allCases.map(\.chineseName)
        lists[.capType] = BudgetCap.types.map(\.chineseName)

        func columns(_ part: DraftPart, _ specs: [String: (DraftColumn.Format, Double, DraftListKind?)], prompts: [String: String] = [:])
            -> [DraftColumn]
        {
            part.written.map { key in
                let (format, width, list) = specs[key] ?? (.text, 14, nil)
                return DraftColumn(part.label(key), format, width: width, list: list?.rawValue, prompt: prompts[key])
            }
        }
        var sheets: [DraftSheet] = []

        // 单位
        sheets.append(
            DraftSheet(
                name: DraftPart.units.sheetName,
                columns: columns(
                    .units,
                    ["code": (.text, 12, nil), "name": (.text, 44, nil), "nature": (.text, 10, .unitNature), "funding_form": (.text, 20, nil)]),
                rows: units.map { [.text($0.code), .text($0.name), .text($0.nature.rawValue), text($0.level), text($0.fundingForm)] },
                totalLabel: "单位数"))

        // 预算明细
        var items: [[DraftValue]] = []
        try reader.forEachItem { item in
            items.append([
                unit(item.unitCode), code(.functional, item.functional), code(.economic, item.economic), .text(item.type.chineseName),
                item.nature.map { .text($0.chineseName) } ?? .empty, text(item.project ?? ""), .text(item.source.chineseName),
                .amount(item.amount), text(item.note),
            ])
        }
        sheets.append(
            DraftSheet(
                name: DraftPart.items.sheetName,
                columns: columns(
                    .items,
                    [
                        "unit": (.text, 44, .unit), "functional": (.text, 34, .functional), "economic": (.text, 26, .economic),
                        "type": (.text, 14, .type), "nature": (.text, 10, .nature), "project": (.text, 30, .project),
                        "source": (.text, 24, .source), "amount": (.amount, 16, nil), "note": (.text, 30, nil),
                    ],
                    prompts: [
                        "functional": "从下拉列表中选择“编码 名称”，或只填 7 位编码（功能分类的“项”，如 2010306）",
                        "economic": "从下拉列表中选择“编码 名称”，或只填 5 位编码（经济分类的“款”，如 30101）",
                    ]),
                rows: items, totalLabel: "合计（元）", totals: [DraftSheet.Total(column: DraftPart.items.written.firstIndex(of: "amount")!)]))

        // 项目
        sheets.append(
            DraftSheet(
                name: DraftPart.projects.sheetName,
                columns: columns(
                    .projects,
                    [
                        "project": (.text, 36, nil), "unit": (.text, 30, .unit), "kind": (.text, 10, .projectKind), "amount": (.amount, 16, nil),
                        "goal": (.text, 50, nil), "note": (.text, 24, nil),
                    ]),
                rows: projects.map { project in
                    let goal = document.performance.first { $0.project == project.name }?.goal ?? ""
                    return [
                        .text(project.name), unit(project.unitCode), text(project.kind?.chineseName ?? ""),
                        amount(document.declaredProjectAmounts[project.name]), text(goal), text(project.note),
                    ]
                },
                totalLabel: "合计（元）", totals: [DraftSheet.Total(column: DraftPart.projects.written.firstIndex(of: "amount")!)]))

        // 绩效指标
        sheets.append(
            DraftSheet(
                name: DraftPart.indicators.sheetName,
                columns: columns(
                    .indicators,
                    [
                        "project": (.text, 30, .project), "level1": (.text, 12, .level1), "level2": (.text, 12, nil), "level3": (.text, 20, nil),
                        "description": (.text, 24, nil), "value": (.text, 16, nil), "basis": (.text, 16, nil),
                    ]),
                rows: document.performance.flatMap { performance in
                    performance.indicators.map { indicator in
                        [
                            .text(performance.project), .text(indicator.level1.rawValue), text(indicator.level2), text(indicator.level3),
                            text(indicator.description), text(indicator.value), text(indicator.basis),
                        ]
                    }
                },
                totalLabel: "指标行数"))

        // 政府采购
        let fundingColumns = ProcurementFunding.allCases.map(\.rawValue)
        var procurementSpecs: [String: (DraftColumn.Format, Double, DraftListKind?)] = [
            "unit": (.text, 30, .unit), "project": (.text, 30, .project), "budget": (.amount, 14, nil), "item": (.text, 24, nil),
            "code": (.text, 14, nil), "measure": (.text, 8, nil), "quantity": (.number, 8, nil), "price": (.amount, 14, nil),
            "sme": (.amount, 14, nil),
        ]
        for key in fundingColumns { procurementSpecs[key] = (.amount, 14, nil) }
        let procurementKeys = DraftPart.procurement.written
        sheets.append(
            DraftSheet(
                name: DraftPart.procurement.sheetName,
                columns: columns(.procurement, procurementSpecs),
                rows: document.procurement.map { row in
                    var values = [
                        unit(row.unitCode), .text(row.sourceLabel), amount(row.project == nil ? row.sourceBudget : nil), text(row.item),
                        text(row.catalogueCode), text(row.measure), Self.plainNumber(row.quantity), .amount(row.unitPrice),
                    ]
                    values += ProcurementFunding.allCases.map { row.amounts[$0].map(DraftValue.amount) ?? .empty }
                    values.append(row.smeShare == 0 ? .empty : .amount(row.smeShare))
                    return values
                },
                totalLabel: "合计（元）", totals: (fundingColumns + ["sme"]).map { DraftSheet.Total(column: procurementKeys.firstIndex(of: $0)!) }))

        // 资产
        let assets = document.assets
        func count(_ value: Int?) -> DraftValue { value.map { .number(String($0)) } ?? .empty }
        func area(_ value: String) -> DraftValue { Self.plainNumber(value) }
        let assetKeys = DraftPart.assets.written
        sheets.append(
            DraftSheet(
                name: DraftPart.assets.sheetName,
                columns: columns(
                    .assets,
                    [
                        "as-of": (.text, 14, nil), "total": (.amount, 16, nil), "building-area": (.number, 12, nil),
                        "office-area": (.number, 14, nil),
                        "building-value": (.amount, 16, nil), "vehicles": (.number, 10, nil), "vehicle-value": (.amount, 16, nil),
                        "equipment": (.number, 14, nil), "equipment-value": (.amount, 18, nil), "other-value": (.amount, 16, nil),
                        "planned": (.amount, 18, nil),
                    ]),
                rows: assets == AssetHoldings()
                    ? []
                    : [
                        [
                            text(assets.asOf), amount(assets.total), area(assets.buildingArea), area(assets.officeArea), amount(assets.buildingValue),
                            count(assets.vehicleCount), amount(assets.vehicleValue), count(assets.equipmentCount), amount(assets.equipmentValue),
                            amount(assets.otherValue), amount(assets.plannedPurchase),
                        ]
                    ],
                totalLabel: "各项价值之和（元）",
                totals: [
                    DraftSheet.Total(
                        column: assetKeys.firstIndex(of: "total")!,
                        parts: ["building-value", "vehicle-value", "equipment-value", "other-value"].map { assetKeys.firstIndex(of: $0)! })
                ]))

        // 上年数
        sheets.append(
            DraftSheet(
                name: DraftPart.prior.sheetName,
                columns: columns(.prior, ["item": (.text, 22, .priorItem), "amount": (.amount, 16, nil), "reason": (.text, 60, nil)]),
                rows: PriorItem.allCases.map { item in
                    [
                        .text(item.chineseName), item == .threePublic ? .empty : amount(document.prior.amounts[item]),
                        text(document.prior.reasons[item] ?? ""),
                    ]
                },
                totalLabel: "项目数"))

        // 主要内容: each 项 the statement lists, with this year's amount to compare with, then
        // the notes of 项 without money this year.
        let lines = statement.spendingLines(try reader.data(full: false))
        let listed = Set(lines.map(\.code))
        let notes = document.lineNotes
        let purposeKeys = DraftPart.purposes.written
        sheets.append(
            DraftSheet(
                name: DraftPart.purposes.sheetName,
                columns: columns(
                    .purposes,
                    [
                        "functional": (.text, 40, .functional), "current": (.amount, 16, nil), "purpose": (.text, 40, nil),
                        "prior": (.amount, 16, nil), "reason": (.text, 40, nil),
                    ],
                    prompts: [
                        "purpose": "写“主要用于”之后的话，如“机关日常运转”", "current": "本年预算数由预算明细计算，只供对照，导入时不读",
                        "reason": "与上年相比增减达到模板规定的幅度（上海：10%）时必填",
                    ]),
                rows: (lines + notes.keys.filter { !listed.contains($0) }.sorted().map { (code: $0, amount: Fen(0)) }).map { line in
                    let note = notes[line.code]
                    return [
                        // A 项's total may pass the cap of one amount: written as its decimal number.
                        code(.functional, line.code), .number(Money.formatYuan(line.amount)), text(note?.purpose ?? ""), amount(note?.prior),
                        text(note?.reason ?? ""),
                    ]
                },
                totalLabel: "合计（元）",
                totals: [DraftSheet.Total(column: purposeKeys.firstIndex(of: "prior")!)]))

        // 情况说明文字: every section, one paragraph a row; a section without text gets a row of its name.
        sheets.append(
            DraftSheet(
                name: DraftPart.texts.sheetName,
                columns: columns(.texts, ["section": (.text, 20, .textSection), "paragraph": (.paragraph, 100, nil)]),
                rows: TextSection.allCases.flatMap { section -> [[DraftValue]] in
                    let paragraphs = document.texts[section] ?? []
                    return paragraphs.isEmpty ? [[.text(section.chineseName), .empty]] : paragraphs.map { [.text(section.chineseName), .text($0)] }
                },
                totalLabel: "行数"))

        // 分项绩效目标
        sheets.append(
            DraftSheet(
                name: DraftPart.goals.sheetName,
                columns: columns(.goals, ["name": (.text, 24, nil), "goal": (.paragraph, 60, nil), "indicators": (.paragraph, 60, nil)]),
                rows: document.departmentGoals.map { [text($0.name), text($0.goal), text($0.indicators)] }, totalLabel: "目标数"))

        // 名词解释: the project's own entries, or the standard ones it follows.
        sheets.append(
            DraftSheet(
                name: DraftPart.glossary.sheetName, columns: columns(.glossary, ["term": (.text, 20, nil), "text": (.paragraph, 80, nil)]),
                rows: document.glossary.map { [text($0.term), text($0.text)] }, totalLabel: "条数"))

        // 人员 and 标准: the roster and every standard the 基本支出 is calculated by (the defaults too,
        // so that the clerk sees and may change them).
        let profiles = try reader.unitProfiles()
        var listedMain: Set<String> = []
        let roster = try reader.rosterGroups().map { group -> [DraftValue] in
            // A unit's profile is written once, on its first row.
            let profile = listedMain.insert(group.unitCode).inserted ? profiles[group.unitCode] : nil
            let main = profile?.mainFunctional
            let count = { (number: Int?) in number.map { $0 == 0 ? DraftValue.empty : .number(String($0)) } ?? .empty }
            let amount = { (fen: Fen) in fen == 0 ? DraftValue.empty : .amount(fen) }
            return [
                unit(group.unitCode), .text(group.category.rawValue), text(group.name), .number(String(group.headcount)),
                group.establishment.map { .number(String($0)) } ?? .empty, .number(String(group.months)), amount(group.basicPay),
                amount(group.allowances), amount(group.performancePay), amount(group.mealAllowance),
                group.contributionBase.map(DraftValue.amount) ?? .empty,
                amount(group.pension), amount(group.pensionSupplement), main.map { code(.functional, $0) } ?? .empty,
                count(profile?.vehicles), count(profile?.students),
            ]
        }
        let amountColumns = ["basic", "allowances", "performance", "meal", "base", "pension", "supplement"]
        sheets.append(
            DraftSheet(
                name: DraftPart.roster.sheetName,
                columns: columns(
                    .roster,
                    Dictionary(uniqueKeysWithValues: amountColumns.map { ($0, (DraftColumn.Format.amount, 12.0, DraftListKind?.none)) })
                        .merging(
                            [
                                "unit": (.text, 36, .unit), "category": (.text, 12, .staffCategory), "name": (.text, 20, nil),
                                "headcount": (.number, 10, nil),
                                "establishment": (.number, 10, nil), "months": (.number, 8, nil), "functional": (.text, 30, .functional),
                                "vehicles": (.number, 10, nil), "students": (.number, 10, nil),
                            ], uniquingKeysWith: { _, given in given }),
                    prompts: ["months": "本年发放月数：全年 12，4 月到岗为 9", "base": "不填则按 基本工资+津贴补贴+绩效工资", "functional": "工资列支的功能科目“项”，每个单位填一次"]),
                rows: roster, totalLabel: "组数"))
        let standards = try reader.standards().all.map { standard, _ -> [DraftValue] in
            [.text(standard.key), .text(standard.name), .text(standard.fileValue), text(standard.basis), text(standard.source)]
        }
        sheets.append(
            DraftSheet(
                name: DraftPart.standards.sheetName,
                columns: columns(
                    .standards,
                    [
                        "key": (.text, 22, nil), "name": (.text, 36, nil), "value": (.text, 12, nil), "basis": (.text, 24, nil),
                        "source": (.paragraph, 60, nil),
                    ],
                    prompts: ["value": "比例如 16%，金额如 12000.00（元），月数如 1", "key": "定额分配写作 quota-share:30201"]),
                rows: standards, totalLabel: "项数"))

        sheets += try Self.capSheets(reader, unit: unit, columns: columns(.caps, Self.capSpecs, prompts: Self.capPrompts))

        return DraftWorkbook(
            title: "\(department.name)\(department.year)年部门预算填报工作簿", author: department.name, created: OutputFiles.pinnedDate(department.year),
            readMe: Self.draftReadMe(department), sheets: sheets,
            lists: DraftListKind.allCases.map { DraftList(name: $0.name, values: lists[$0] ?? [], source: Self.listSource($0, sheets)) })
    }

    /// A number kept as text (数量, 房屋面积): a number cell when it reads back as the same text
    /// (“2.5”), a text cell otherwise (“1.50”, “2,000”), so that what the clerk entered comes back
    /// as it was.
    static func plainNumber(_ text: String) -> DraftValue {
        if text.isEmpty { return .empty }
        return XLSXNumber.decimalText(text) == text ? .number(text) : .text(text)
    }

    /// Units and projects are offered from their own sheets, so that those the clerk adds there
    /// are offered too (200 and 500 rows beyond the ones written).
    /// The first line of 填表说明: whose workbook it is, read back by ``Self.draftOwner(_:)``.
    static func draftTitle(_ department: Department) -> String {
        "\(department.code) \(department.name) \(department.year)年部门预算填报工作簿：填表说明"
    }

    /// The department a workbook's 填表说明 names, if it is one this tool wrote.
    static func draftOwner(_ title: String) -> Department? {
        guard let match = title.firstMatch(of: /^(\S+) (.+) (\d{4})年部门预算填报工作簿：填表说明$/), let year = Int(match.3) else { return nil }
        return Department(code: String(match.1), name: String(match.2), year: year)
    }

    static func listSource(_ kind: DraftListKind, _ sheets: [DraftSheet]) -> DraftList.Source? {
        let (part, headers, spare): (DraftPart, [String], Int)
        switch kind {
        case .unit: (part, headers, spare) = (.units, ["单位编码", "单位名称"], 200)
        case .project: (part, headers, spare) = (.projects, ["项目名称"], 500)
        default: return nil
        }
        guard let sheet = sheets.first(where: { $0.name == part.sheetName }) else { return nil }
        let columns = headers.compactMap { header in sheet.columns.firstIndex { $0.header == header } }
        guard columns.count == headers.count else { return nil }
        return DraftList.Source(sheet: sheet.name, columns: columns, spare: spare)
    }

    /// The read-me sheet: how to fill in the workbook, for clerks who are not programmers.
    static func draftReadMe(_ department: Department) -> [DraftText] {
        let sheets = DraftPart.allCases.map { "“\($0.sheetName)”" }.joined(separator: "、")
        return [
            DraftText(Self.draftTitle(department), .title),
            DraftText("本工作簿由 budget template 命令从项目文件生成，内容是项目文件中现有的数据。在 Excel、WPS 或 LibreOffice 中填好、保存（.xlsx 格式）后，用下面的命令导回项目文件："),
            DraftText("    budget import 项目文件.budget 本工作簿.xlsx --replace"),
            DraftText("不加 --replace 时，如果项目文件中已有这些内容，导入会停下来提示，不会改动任何内容；加 --replace 表示用工作簿中各表的内容整体替换项目文件中的相应内容。"),
            DraftText("一、各张表", .heading),
            DraftText("工作簿有 \(sheets) 共 \(DraftPart.allCases.count) 张表，每张表的第 2 行是列名，从第 3 行起每行填一条。"),
            DraftText("单位：部门本级和下属单位。单位编码、单位名称、单位性质（行政、事业、参公）必填。"),
            DraftText(
                "预算明细：每行一笔预算。单位编码、功能分类科目编码（7 位，功能分类的“项”）、经济分类科目编码（5 位，部门经济分类的“款”）、支出类型、资金来源、金额必填。项目支出必须填项目名称，其他支出不填项目名称。经费类型（人员经费、公用经费）只用于基本支出，不填时按经济分类自动确定：301、303 为人员经费，其余为公用经费。"
            ),
            DraftText("项目：项目名称必填；单位编码、项目类别（一次性、经常性或延续：一次性项目不结转到下一年）、项目金额（申报或批复的项目金额，检查时要求该项目的明细加起来等于它）、绩效目标、备注可不填。预算明细中出现而本表没有的项目，导入时会自动建立。"),
            DraftText("绩效指标：每个项目的绩效目标表，每行一个指标。一级指标为产出指标、效益指标或满意度指标；同一项目的下一行一级指标不变时可以空着。"),
            DraftText("政府采购：每行一项采购。项目名称填预算明细中的项目；基本支出安排的采购填来源名称（如“公用类项目（三保）”）并填预算资金。采购金额按资金来源分列填写。"),
            DraftText("资产：上年末固定资产占用情况，只填一行。截止时间写成 2022-12-31 的形式；本年拟购置固定资产不填时，取预算明细中资本性支出（310）的合计。"),
            DraftText("上年数：上年预算数和增减原因。“三公”经费只填增减原因，金额由四个分项相加。"),
            DraftText(
                "主要内容：情况说明逐项写出的一般公共预算支出功能科目“项”，每行一项：主要用于什么、上年预算数和增减原因。本年预算数由预算明细计算，只供对照。模板要求写原因时（上海：与上年相比增减 10% 及以上），增减原因必填。"),
            DraftText(
                "情况说明文字：情况说明中由填报人撰写的文字（部门职责、总体绩效目标、工作保障措施、专项资金绩效目标、其他需要说明的事项），每行一段，部分一列写明属于哪一部分（空着表示与上一行相同）。没有文字的部分只列出名称。情况说明中的数字由项目文件计算，不在这里填写。"),
            DraftText("分项绩效目标：部门的分项绩效目标，每行一项，名称、绩效目标、绩效指标都要填。"),
            DraftText("名词解释：情况说明最后的名词解释，每行一条。新项目中是标准条目，可以修改、增删。"),
            DraftText(
                "控制数：财政部门下达的控制数，每行一项。资金来源和控制数必填；单位编码空着或写“全部门”表示整个部门；支出类型写基本支出或项目支出，空着表示两者合计（也包括经营支出等其他支出）；项目名称只用于项目支出；经济分类（类）写 3 位编码，如 302。"),
            DraftText("“\(DraftLayout.capsExecutionSheet)”表列出每项控制数、预算明细中已编的金额和差额，由项目文件计算，只供查看，导入时不读。"),
            DraftText("二、金额", .heading),
            DraftText("所有金额的单位都是元，最多两位小数（精确到分）。只填数字，不要写“元”“万元”或货币符号；1,234.56 这样带千位分隔符的写法也可以。金额可以用公式计算，但结果不能超过两位小数（可用 ROUND(…,2)）。"),
            DraftText("每张表的第 1 行是合计（预算明细、项目、政府采购的金额之和，资产表各项价值之和，其他表的行数），填写时自动重新计算，导入时不读这一行。"),
            DraftText("三、下拉列表", .heading),
            DraftText(
                "单位编码、功能分类和经济分类科目、支出类型、经费类型、资金来源、项目名称、单位性质、一级指标和上年数的项目都可以从下拉列表中选择。科目显示为“编码 名称”，如“2010306 政务公开审批”；也可以只填编码。填了名称时，名称必须与编码相符，否则导入时会指出。"),
            DraftText("新增的单位和项目不在下拉列表中，直接输入即可：出现“不在下拉列表中”的提示时选“是”。目录中没有的科目编码，请写成“编码 名称”，导入时会记下这个名称，检查时会提醒。"),
            DraftText("隐藏的“\(DraftLayout.listSheet)”表是下拉列表的内容，请不要修改。"),
            DraftText("四、导入时的检查", .heading),
            DraftText("导入时按列名识别各张表，与表名和顺序无关；可以调整列的顺序，但不要改列名。空行会被跳过。"),
            DraftText("所有内容都检查无误才写入项目文件。有错误时会列出每一个出错的单元格（如“预算明细!H12”）、单元格中的值和原因，一条也不写入；改正后再导入即可。"),
            DraftText("不需要改动的表可以删去：工作簿中没有的表，导入时项目文件中相应的内容保持不变。"),
        ]
    }

    // MARK: - 控制数 and 控制数执行

    static let capSpecs: [String: (DraftColumn.Format, Double, DraftListKind?)] = [
        "unit": (.text, 36, .unit), "source": (.text, 24, .source), "type": (.text, 12, .capType), "project": (.text, 30, .project),
        "economic": (.text, 14, nil), "amount": (.amount, 16, nil), "round": (.text, 8, nil), "received": (.text, 12, nil), "note": (.text, 30, nil),
    ]
    static let capPrompts = [
        "unit": "空着或写“全部门”表示整个部门", "type": "基本支出或项目支出；空着表示两者合计", "economic": "经济分类的“类”，3 位编码，如 302；不分类空着",
        "received": "写成 2024-01-10 的形式",
    ]

    /// The 控制数 sheet (the caps, for the clerk to fill and import back) and the 控制数执行 sheet
    /// (each cap against the line items: computed, protected, never imported).
    static func capSheets(_ reader: ProjectReader, unit: (String?) -> DraftValue, columns: [DraftColumn]) throws -> [DraftSheet] {
        func text(_ value: String) -> DraftValue { value.isEmpty ? .empty : .text(value) }
        let execution = try reader.capExecution()
        let caps = DraftSheet(
            name: DraftPart.caps.sheetName, columns: columns,
            rows: execution.map(\.cap).map { cap in
                [
                    cap.unitCode.isEmpty ? .text(BudgetCap.wholeDepartment) : unit(cap.unitCode), .text(cap.source.chineseName),
                    text(cap.type?.chineseName ?? ""), text(cap.project), text(cap.economicClass), .amount(cap.amount), text(cap.round),
                    text(cap.received), text(cap.note),
                ]
            },
            totalLabel: "项数")
        let widths: [Double] = [36, 24, 10, 30, 14, 8, 16, 16, 22, 10]
        var executionSheet = DraftSheet(
            name: DraftLayout.capsExecutionSheet,
            columns: CapExecution.columns.enumerated().map { index, header in
                DraftColumn(header, (6...8).contains(index) ? .amount : .text, width: widths[index])
            },
            rows: execution.map { line in
                var labels = line.labels(unitName: nil).map(text)
                if !line.cap.unitCode.isEmpty { labels[0] = unit(line.cap.unitCode) }
                return labels + [.amount(line.cap.amount), .amount(line.drafted), .amount(line.remaining), .text(line.verdict)]
            },
            totalLabel: "项数（只供查看，导入时不读）")
        executionSheet.readOnly = true
        return [caps, executionSheet]
    }
}
