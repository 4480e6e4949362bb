import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

/// The fields of a line item as options, shared by `item add` and `item set`.
struct ItemFields: ParsableArguments {
    @Option(name: .customLong("unit"), help: "单位编码。") var unitCode: String?
    @Option(help: "功能分类科目编码（7 位“项”），如 2010306。") var functional: String?
    @Option(help: "部门经济分类科目编码（5 位“款”），如 30101。") var economic: String?
    @Option(help: "支出类型：basic/基本支出、project/项目支出、operating/经营支出、remit/上解上级支出、subsidy/对附属单位补助支出。") var type: String?
    @Option(help: "经费类型（仅基本支出）：personnel/人员经费 或 public/公用经费。默认按经济分类：301、303 为人员经费，其余为公用经费。") var nature: String?
    @Option(help: "项目名称（仅项目支出，必填）。新名称会自动建项目。") var project: String?
    @Option(help: "资金来源，如 general/一般公共预算拨款、fund/政府性基金预算拨款、business/事业收入、carryover-general/财政拨款结转结余（一般公共预算）。") var source: String?
    @Option(help: "金额，如 1871000.00 或 1,871,000。") var amount: String?
    @OptionGroup var amounts: AmountUnitOption
    @Option(help: "备注。") var note: String?
    @Option(help: "功能分类编码不在目录中时，它的名称。") var functionalName: String?
    @Option(help: "经济分类编码不在目录中时，它的名称。") var economicName: String?

    var values: [LineItemColumn: String] {
        var values: [LineItemColumn: String] = [:]
        let pairs: [(LineItemColumn, String?)] = [
            (.unit, unitCode), (.functional, functional), (.economic, economic), (.type, type), (.nature, nature),
            (.project, project), (.source, source), (.amount, amount), (.note, note), (.functionalName, functionalName),
            (.economicName, economicName),
        ]
        for case (let column, let value?) in pairs { values[column] = value }
        return values
    }
}

struct ItemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "item", abstract: "录入、修改、删除和查看预算明细。",
        subcommands: [Add.self, Set.self, Remove.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "添加一条预算明细。",
            discussion:
                "例：budget item add p.budget --unit 432001 --functional 2010306 --economic 30101 --type basic --source general --amount 1871000")
        @OptionGroup var project: ProjectArgument
        @OptionGroup var fields: ItemFields

        func run() throws {
            try perform {
                let (item, created) = try project.open().addItem(values: fields.values, amountUnit: fields.amounts.amountUnit)
                say("已添加明细 #\(item.id ?? 0)：\(describe(item))")
                if created, let name = item.project { say("新建项目“\(name)”。") }
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "修改预算明细：一条（给出编号，只改给出的字段），或按条件成批修改金额（--scale、--add）。",
            discussion: """
                budget item set p.budget 12 --amount 1000                          改第 12 条的金额
                budget item set p.budget --nature public --scale 0.95 --dry-run    公用经费各减 5%，先试算
                budget item set p.budget --unit 432001 --economic 302 --add -500   该单位 302 各条减 500 元
                成批修改时，--unit、--functional、--economic、--type、--nature、--source、--project-name 是筛选条件
                （与 budget item list 相同，科目编码按开头匹配）；--scale 按比例改（合计只四舍五入一次，尾差分给各条），
                --add 每条加（负数为减）同一金额；--with-projects 让涉及项目的项目金额随之改变。
                """)
        @OptionGroup var project: ProjectArgument
        @Argument(help: "明细编号（见 budget item list）；成批修改时不写。") var id: Int64?
        @OptionGroup var fields: ItemFields
        @Option(help: "成批修改：只改这个项目的明细。") var projectName: String?
        @Option(help: ArgumentHelp("成批修改：各条金额乘以这个比例，如 0.95（最多 6 位小数）。", valueName: "比例")) var scale: String?
        @Option(help: ArgumentHelp("成批修改：各条金额加上这个金额（减少写负数，如 -500）。", valueName: "金额")) var add: String?
        @Flag(help: "成批修改：让涉及的项目的项目金额（申报数）随明细一起改变。") var withProjects = false
        @Flag(help: "只试算：列出修改前后的明细和合计，不写入。") var dryRun = false

        var bulk: Bool { scale != nil || add != nil }

        func validate() throws {
            if bulk {
                if id != nil { throw ValidationError("--scale、--add 是按条件成批修改，不能同时给明细编号；改一条请用 --amount") }
                if scale != nil && add != nil { throw ValidationError("--scale 和 --add 只能用一个") }
                let changes: [(String, String?)] = [
                    ("--amount", fields.amount), ("--note", fields.note), ("--functional-name", fields.functionalName),
                    ("--economic-name", fields.economicName),
                ]
                if let given = changes.first(where: { $0.1 != nil }) {
                    throw ValidationError("成批修改只改金额（--scale 或 --add），不能同时给 \(given.0)")
                }
                try validateFilters(type: fields.type, nature: fields.nature, source: fields.source)
                if filter.isEmpty {
                    throw ValidationError("成批修改要给出筛选条件（如 --unit、--economic、--nature），以免改到全部明细；确要全部修改，可写 --functional 2")
                }
                if let scale, BulkChange.Factor(scale) == nil {
                    throw ValidationError("比例“\(scale)”不对：应为大于 0、不超过 100 的数，最多 6 位小数，如 0.95")
                }
            } else {
                if id == nil { throw ValidationError("请给出明细编号（见 budget item list），或用 --scale、--add 按条件成批修改") }
                if withProjects || dryRun || projectName != nil {
                    throw ValidationError("--with-projects、--dry-run、--project-name 只用于成批修改（--scale 或 --add）")
                }
                if fields.values.isEmpty { throw ValidationError("没有给出要修改的字段，例如 --amount 1000") }
            }
        }

        var filter: ProjectSession.ItemQuery {
            ProjectSession.ItemQuery(
                unit: fields.unitCode, functionalPrefix: fields.functional, economicPrefix: fields.economic,
                type: fields.type.flatMap(Vocabulary.expenditureType), source: fields.source.flatMap(Vocabulary.fundingSource),
                project: projectName ?? fields.project, nature: fields.nature.flatMap(Vocabulary.costNature))
        }

        func run() throws {
            try perform {
                let session = try project.open()
                guard bulk, let change = try bulkChange() else {
                    let item = try session.setItem(id: id!, changes: fields.values, amountUnit: fields.amounts.amountUnit)
                    say("已修改明细 #\(id!)：\(describe(item))")
                    return
                }
                let result = try session.changeItems(matching: filter, change, withProjects: withProjects, dryRun: dryRun)
                report(result, unit: fields.amounts.amountUnit, verb: "修改")
            }
        }

        func bulkChange() throws -> BulkChange? {
            if let scale { return BulkChange.Factor(scale).map(BulkChange.scale) }
            return try add.map { try BulkChange.addition($0, unit: fields.amounts.amountUnit) }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "删除预算明细：给出编号（可多个），或按条件成批删除。",
            discussion: """
                budget item rm p.budget 12 13                         删除第 12、13 条
                budget item rm p.budget --project-name 旧项目 --dry-run  先看要删除哪些
                筛选条件与 budget item list 相同。
                """)
        @OptionGroup var project: ProjectArgument
        @Argument(help: "明细编号；按条件删除时不写。") var ids: [Int64] = []
        @OptionGroup var filters: ItemFilters
        @Flag(help: "只试算：列出要删除的明细和合计，不写入。") var dryRun = false

        func validate() throws {
            if ids.isEmpty && filters.query.isEmpty {
                throw ValidationError("请给出明细编号，或筛选条件（--unit、--functional、--economic、--type、--nature、--source、--project-name）")
            }
            if !ids.isEmpty && !filters.query.isEmpty { throw ValidationError("明细编号和筛选条件只能用一种") }
            if !ids.isEmpty && dryRun { throw ValidationError("--dry-run 只用于按条件删除") }
            try validateFilters(type: filters.type, nature: filters.nature, source: filters.source)
        }

        func run() throws {
            try perform {
                let session = try project.open()
                if !ids.isEmpty {
                    try session.removeItems(ids: ids)
                    say("已删除 \(ids.count) 条明细。")
                    return
                }
                report(try session.changeItems(matching: filters.query, .remove, dryRun: dryRun), unit: .yuan, verb: "删除")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出预算明细，可按单位、科目、类型、经费类型、来源、项目筛选。")
        @OptionGroup var project: ProjectArgument
        @OptionGroup var filters: ItemFilters
        @OptionGroup var amounts: AmountUnitOption

        func validate() throws {
            try validateFilters(type: filters.type, nature: filters.nature, source: filters.source)
        }

        func run() throws {
            try perform {
                let (items, total, codes) = try project.open().items(matching: filters.query)
                var rows = [["编号", "单位", "功能分类", "经济分类", "支出类型", "经费类型", "项目", "资金来源", "金额（\(amounts.amountUnit.chineseName)）", "备注"]]
                for item in items {
                    rows.append([
                        "#\(item.id ?? 0)", item.unitCode, "\(item.functional) \(codes.name(.functional, item.functional) ?? "")",
                        "\(item.economic) \(codes.name(.economic, item.economic) ?? "")", item.type.chineseName,
                        item.nature?.chineseName ?? "", item.project ?? "", item.source.chineseName, format(item.amount, amounts.amountUnit),
                        item.note,
                    ])
                }
                rows.append(["合计", "\(items.count) 条", "", "", "", "", "", "", format(total, amounts.amountUnit), ""])
                print(TextRenderer.aligned(rows, right: [8]), terminator: "")
            }
        }
    }
}

/// The conditions that pick line items, shared by `item list` and `item rm`.
struct ItemFilters: ParsableArguments {
    @Option(help: "只取这个单位。") var unit: String?
    @Option(help: "只取功能分类编码以此开头的，如 201 或 2010306。") var functional: String?
    @Option(help: "只取经济分类编码以此开头的，如 302。") var economic: String?
    @Option(help: "只取这种支出类型。") var type: String?
    @Option(help: "只取这种经费类型：personnel/人员经费 或 public/公用经费。") var nature: String?
    @Option(help: "只取这种资金来源。") var source: String?
    @Option(help: "只取这个项目。") var projectName: String?

    var query: ProjectSession.ItemQuery {
        ProjectSession.ItemQuery(
            unit: unit, functionalPrefix: functional, economicPrefix: economic, type: type.flatMap(Vocabulary.expenditureType),
            source: source.flatMap(Vocabulary.fundingSource), project: projectName, nature: nature.flatMap(Vocabulary.costNature))
    }
}

/// Refuses a type, nature or source the vocabulary does not know, naming the choices.
func validateFilters(type: String?, nature: String?, source: String?) throws {
    if let type, Vocabulary.expenditureType(type) == nil { throw ValidationError("不认识的支出类型“\(type)”。可用：\(Vocabulary.typeChoices)") }
    if let nature, Vocabulary.costNature(nature) == nil { throw ValidationError("不认识的经费类型“\(nature)”。可用：\(Vocabulary.natureChoices)") }
    if let source, Vocabulary.fundingSource(source) == nil {
        if Vocabulary.isAmbiguousAppropriation(source) { throw ValidationError(Vocabulary.appropriationHint) }
        throw ValidationError("不认识的资金来源“\(source)”。可用：\(Vocabulary.sourceChoices)")
    }
}

/// Prints what a bulk change did or would do: the lines (the first 30), the totals, the projects.
func report(_ result: BulkResult, unit: Money.InputUnit, verb: String) {
    let shown = 30
    say(result.applied ? "已\(verb) \(result.lines.count) 条明细：" : "试算（没有写入）：将\(verb) \(result.lines.count) 条明细：")
    for line in result.lines.prefix(shown) {
        let after = line.after.map { format($0.amount, unit) } ?? "删除"
        say("  #\(line.before.id ?? 0) \(describe(line.before, amount: false))：\(format(line.before.amount, unit)) → \(after)")
    }
    if result.lines.count > shown { say("  ……另有 \(result.lines.count - shown) 条") }
    let change = result.totalAfter - result.totalBefore
    let word = change < 0 ? "减少" : "增加"
    say(
        "合计：\(format(result.totalBefore, unit)) → \(format(result.totalAfter, unit)) \(unit.chineseName)"
            + (change == 0 ? "（不变）" : "（\(word) \(format(abs(change), unit)) \(unit.chineseName)）"))
    for project in result.projects {
        say("项目“\(project.name)”的项目金额：\(format(project.before, unit)) → \(format(project.after, unit)) \(unit.chineseName)")
    }
    if !result.applied { say("确认无误后，去掉 --dry-run 再执行一次。") }
}

func describe(_ item: LineItem, amount: Bool = true) -> String {
    var parts = [item.unitCode, item.functional, item.economic, item.type.chineseName]
    if let nature = item.nature { parts.append(nature.chineseName) }
    if let project = item.project { parts.append("项目“\(project)”") }
    parts.append(item.source.chineseName)
    if amount { parts.append("\(Money.formatYuan(item.amount)) 元") }
    return parts.joined(separator: " · ")
}
