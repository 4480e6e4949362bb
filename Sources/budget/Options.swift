import ArgumentParser
import BudgetKit
import BudgetModel
import BudgetReports

// The arguments and options several commands share, and the values they parse.

extension Money.InputUnit: ExpressibleByArgument {}

extension EncodingChoice: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}

/// `--encoding`, for the commands that read a CSV or text file.
struct EncodingOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "文件的文字编码：utf-8 或 gb18030（也可写 gbk）。不给时自动识别；识别不了时程序会提示加这个选项。",
            valueName: "utf-8|gb18030"))
    var encoding: EncodingChoice?
}

struct ProjectArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("项目文件（*.budget）。", valueName: "PROJECT"))
    var path: String

    /// Opens the project for this command: one session, one file handle, the template resolved once.
    func open() throws -> ProjectSession { try ProjectSession(path) }
}

/// `--template` and `--variant`, for the commands that compute the tables: which template and which
/// of its versions, the project's default when not given.
struct TemplateOptions: ParsableArguments {
    @Option(help: "模板：内置模板名（budget templates 列出）或模板文件；不写则用项目的默认模板。") var template: String?
    @Option(help: "模板的版本：department（部门预算）或 unit（单位预算，模板有此版本时）；不写则用项目的默认版本。") var variant: String?
}

/// `--overwrite`, for the commands that write a file.
struct OverwriteFlag: ParsableArguments {
    @Flag(help: "替换属于其他用户或只读的输出文件（共享文件夹中同事的文件）；不加则拒绝并说明原因。") var overwrite = false
}

private let amountUnitHelp: ArgumentHelp = "金额单位：yuan（元，默认）或 wan（万元）。"

/// `--unit`: the unit of the amounts a command reads or shows.
struct UnitOption: ParsableArguments {
    @Option(help: amountUnitHelp) var unit: Money.InputUnit = .yuan
}

/// `--amount-unit`: the same, on the commands where `--unit` names a 单位 (`item`, `procurement add`)
/// and on those that set amounts (`project set`, `prior set`, `asset set`).
struct AmountUnitOption: ParsableArguments {
    @Option(help: amountUnitHelp) var amountUnit: Money.InputUnit = .yuan
}

/// An amount in the unit chosen by `--unit` or `--amount-unit`.
func format(_ fen: Fen, _ unit: Money.InputUnit) -> String {
    unit == .wan ? Money.formatWan(fen) : Money.formatYuan(fen)
}

extension TextSection: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension TextSection {
    init?(parsing text: String) {
        guard let section = TextSection.parse(text) else { return nil }
        self = section
    }
}

extension PriorItem: ExpressibleByArgument {
    public init?(argument: String) {
        guard let item = PriorItem.parse(argument) else { return nil }
        self = item
    }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension OperationCostScope: ExpressibleByArgument {
    public init?(argument: String) {
        guard let scope = OperationCostScope.parse(argument) else { return nil }
        self = scope
    }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension YuanDecimals: ExpressibleByArgument {
    public init?(argument: String) {
        guard let decimals = YuanDecimals.parse(argument) else { return nil }
        self = decimals
    }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// on or off (also yes/no, 是/否).
struct Switch: ExpressibleByArgument {
    var isOn: Bool

    init?(argument: String) {
        guard let value = TableSettings.parseSwitch(argument) else { return nil }
        isOn = value
    }
    static var allValueStrings: [String] { ["on", "off"] }
}
