/// Which classification a code belongs to.
public enum CodeKind: String, CaseIterable, Codable, Sendable {
    /// 支出功能分类科目: 类 (3 digits), 款 (5), 项 (7).
    case functional
    /// 部门预算支出经济分类科目: 类 (3 digits), 款 (5).
    case economic

    public var chineseName: String { self == .functional ? "功能分类科目" : "部门经济分类科目" }

    /// The length of the code a line item carries.
    public var leafLength: Int { self == .functional ? 7 : 5 }

    /// The codes above a leaf code, from 类 down: "2010306" → ["201", "20103"].
    public func ancestors(of code: String) -> [String] {
        let lengths = self == .functional ? [3, 5] : [3]
        return lengths.filter { $0 < code.count }.map { String(code.prefix($0)) }
    }

    /// Whether the text has the shape of a code this classification puts on a line item.
    public func isWellFormedLeaf(_ code: String) -> Bool {
        guard code.count == leafLength, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return self == .functional ? code.hasPrefix("2") : code.hasPrefix("3")
    }

    /// Level of a code of this classification: 1 = 类, 2 = 款, 3 = 项.
    public func level(of code: String) -> Int {
        switch code.count {
        case 3: 1
        case 5: 2
        default: 3
        }
    }
}
