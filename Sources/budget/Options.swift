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
