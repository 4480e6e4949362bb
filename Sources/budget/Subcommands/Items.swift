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
        static let configuration = CommandConfiguration(abstract: "修改一条预算明细：只改给出的字段。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "明细编号（见 budget item list）。") var id: Int64
        @OptionGroup var fields: ItemFields

        func validate() throws {
            if fields.values.isEmpty { throw ValidationError("没有给出要修改的字段，例如 --amount 1000") }
        }

        func run() throws {
            try perform {
                let item = try project.open().setItem(id: id, changes: fields.values, amountUnit: fields.amounts.amountUnit)
                say("已修改明细 #\(id)：\(describe(item))")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "删除预算明细（可一次给多个编号）。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "明细编号。") var ids: [Int64]

        func run() throws {
            try perform {
                try project.open().removeItems(ids: ids)
                say("已删除 \(ids.count) 条明细。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出预算明细，可按单位、科目、类型、来源、项目筛选。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "只列这个单位。") var unit: String?
        @Option(help: "只列功能分类编码以此开头的，如 201 或 2010306。") var functional: String?
        @Option(help: "只列经济分类编码以此开头的，如 302。") var economic: String?
        @Option(help: "只列这种支出类型。") var type: String?
        @Option(help: "只列这种资金来源。") var source: String?
        @Option(help: "只列这个项目。") var projectName: String?
        @OptionGroup var amounts: AmountUnitOption

        func validate() throws {
            if let type, Vocabulary.expenditureType(type) == nil { throw ValidationError("不认识的支出类型“\(type)”。可用：\(Vocabulary.typeChoices)") }
            if let source, Vocabulary.fundingSource(source) == nil { throw ValidationError("不认识的资金来源“\(source)”。可用：\(Vocabulary.sourceChoices)") }
        }

        func run() throws {
            try perform {
                let query = ProjectSession.ItemQuery(
                    unit: unit, functionalPrefix: functional, economicPrefix: economic, type: type.flatMap(Vocabulary.expenditureType),
                    source: source.flatMap(Vocabulary.fundingSource), project: projectName)
                let (items, total, codes) = try project.open().items(matching: query)
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

func describe(_ item: LineItem) -> String {
    var parts = [item.unitCode, item.functional, item.economic, item.type.chineseName]
    if let nature = item.nature { parts.append(nature.chineseName) }
    if let project = item.project { parts.append("项目“\(project)”") }
    parts += [item.source.chineseName, "\(Money.formatYuan(item.amount)) 元"]
    return parts.joined(separator: " · ")
}
