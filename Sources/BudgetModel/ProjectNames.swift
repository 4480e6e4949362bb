/// Project names that are probably one name misspelt: a new name in an import within one or two
/// characters of one the project has (校舍维修改遭 for 校舍维修改造) is refused until the clerk
/// confirms it (`import --new-project NAME`), since it would silently start a second project.
public enum ProjectNames {
    /// Whether two different names are close: the same once full-width letters, brackets and
    /// spaces are folded (“（一期）” and “(一期)”); one character apart (replaced, added or
    /// dropped) when the shorter has at least 2 characters; two apart when it has at least 5.
    /// Names that differ only in their numbers (项目1 and 项目2, 一期 and 二期) are a series, not
    /// a slip, and are not close.
    public static func areClose(_ a: String, _ b: String) -> Bool {
        guard a != b else { return false }
        let (x, y) = (Array(Vocabulary.fold(a)), Array(Vocabulary.fold(b)))
        let numerals: Set<Character> = [
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百",
        ]
        if x != y && x.filter({ !numerals.contains($0) }) == y.filter({ !numerals.contains($0) }) { return false }
        let shorter = min(x.count, y.count)
        switch distance(x, y, limit: 2) {
        case 0: return true
        case 1: return shorter >= 2
        case 2: return shorter >= 5
        default: return false
        }
    }

    /// The edit distance (characters replaced, added or dropped) of two texts, or `limit + 1`
    /// once it is known to be above `limit`.
    static func distance(_ x: [Character], _ y: [Character], limit: Int) -> Int {
        if abs(x.count - y.count) > limit { return limit + 1 }
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + [Int](repeating: 0, count: y.count)
            for j in stride(from: 1, through: y.count, by: 1) {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            if current.min()! > limit { return limit + 1 }
            previous = current
        }
        return Swift.min(previous[y.count], limit + 1)
    }

    /// The message for a new name close to names already there (or earlier in the same file).
    public static func closeMessage(_ name: String, _ close: [String]) -> String {
        "“\(name)”是新的项目名称，与已有的项目“\(close.joined(separator: "”“"))”只差一两个字：如是写错了，请改正后再导入；如确是另一个新项目，请加 --new-project \(name) 再导入"
    }
}
