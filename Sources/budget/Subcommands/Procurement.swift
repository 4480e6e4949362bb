import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

struct ProcurementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procurement", abstract: "政府采购预算。", subcommands: [Import_.self, Add.self, List.self, Remove.self])

    struct Import_: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "从 CSV 导入政府采购预算（接在已有的后面；--replace 则替换全部）。",
            discussion: """
                列：单位编码,项目名称,预算资金,采购物品名称,政府采购目录序号,计量单位,数量,单价,
                一般公共预算拨款,基金预算拨款,国有资本经营预算拨款,财政专户核拨,单位资金,财政拨款结转,
                非财政拨款结转结余,预留中小微企业份额（可加“合计”列，会与各资金来源之和核对）。
                项目名称是项目文件中的项目时，预算资金取项目的明细合计；基本支出安排的采购写来源名称
                （如“公用类项目（三保）”）并填预算资金。
                """)
        @OptionGroup var project: ProjectArgument
        @Argument(help: "CSV 文件。") var file: String
        @OptionGroup var encoding: EncodingOption
        @OptionGroup var amounts: UnitOption
        @Flag(help: "先删除已有的全部政府采购。") var replace = false

        func run() throws {
            try perform {
                let rows = try project.open().importProcurement(from: file, unit: amounts.unit, replace: replace, encoding: encoding.encoding)
                let total = rows.reduce(Fen(0)) { $0 + $1.total }
                say("已导入 \(rows.count) 条政府采购，合计 \(format(total, amounts.unit)) \(amounts.unit.chineseName)。")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "添加一条政府采购。")
        @OptionGroup var project: ProjectArgument
        @Option(help: "单位编码。") var unit: String
        @Option(name: .customLong("project"), help: "项目名称，或基本支出安排的采购的来源名称（如“公用类项目（三保）”）。") var source: String
        @Option(parsing: .unconditional, help: "预算资金（来源不是项目时必填）。") var budget: String?
        @Option(help: "采购物品名称。") var item: String
        @Option(help: "政府采购目录序号，如 A02010108。") var code: String
        @Option(help: "计量单位，如 台、批。") var measure: String
        @Option(parsing: .unconditional, help: "数量。") var quantity: String
        @Option(parsing: .unconditional, help: "单价。") var price: String
        @Option(parsing: .unconditional, help: "一般公共预算拨款。") var general: String?
        @Option(parsing: .unconditional, help: "基金预算拨款。") var fund: String?
        @Option(parsing: .unconditional, help: "国有资本经营预算拨款。") var soe: String?
        @Option(parsing: .unconditional, help: "财政专户核拨。") var special: String?
        @Option(name: .customLong("unit-funds"), parsing: .unconditional, help: "单位资金。") var unitFunds: String?
        @Option(parsing: .unconditional, help: "财政拨款结转。") var carryover: String?
        @Option(name: .customLong("other-carryover"), parsing: .unconditional, help: "非财政拨款结转结余。") var otherCarryover: String?
        @Option(parsing: .unconditional, help: "预留中小微企业份额。") var sme: String?
        @OptionGroup var amounts: AmountUnitOption

        func run() throws {
            try perform {
                var values = ["unit": unit, "project": source, "item": item, "code": code, "measure": measure, "quantity": quantity, "price": price]
                let optional: [(String, String?)] = [
                    ("budget", budget), ("general", general), ("fund", fund), ("soe", soe), ("special", special), ("unit-funds", unitFunds),
                    ("carryover", carryover), ("other-carryover", otherCarryover), ("sme", sme),
                ]
                for (key, value) in optional { if let value { values[key] = value } }
                let row = try project.open().addProcurement(values: values, unit: amounts.amountUnit)
                say("已添加政府采购 #\(row.id ?? 0)“\(row.item)”，\(format(row.total, amounts.amountUnit)) \(amounts.amountUnit.chineseName)。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出政府采购。")
        @OptionGroup var project: ProjectArgument
        @OptionGroup var amounts: UnitOption

        func run() throws {
            try perform {
                let rows = try project.open().procurement()
                if rows.isEmpty { return say("还没有政府采购。") }
                var lines = [["编号", "单位", "来源", "采购物品名称", "目录序号", "数量", "单价", "金额（\(amounts.unit.chineseName)）", "中小微"]]
                for row in rows {
                    lines.append([
                        "#\(row.id ?? 0)", row.unitCode, row.sourceLabel, row.item, row.catalogueCode, "\(row.quantity)\(row.measure)",
                        format(row.unitPrice, amounts.unit), format(row.total, amounts.unit), format(row.smeShare, amounts.unit),
                    ])
                }
                let total = rows.reduce(Fen(0)) { $0 + $1.total }
                lines.append([
                    "合计", "", "", "", "", "", "", format(total, amounts.unit), format(rows.reduce(Fen(0)) { $0 + $1.smeShare }, amounts.unit),
                ])
                print(TextRenderer.aligned(lines, right: [6, 7, 8]), terminator: "")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "按编号删除政府采购（--all 删除全部）。")
        @OptionGroup var project: ProjectArgument
        @Argument(help: "编号（budget procurement list 中的 #）。") var ids: [Int64] = []
        @Flag(help: "删除全部。") var all = false

        func validate() throws {
            if ids.isEmpty == !all { throw ValidationError("请给出编号或 --all（二者选一）。") }
        }

        func run() throws {
            try perform {
                try project.open().removeProcurement(ids: all ? nil : ids)
                say(all ? "已删除全部政府采购。" : "已删除 \(ids.count) 条政府采购。")
            }
        }
    }
}
