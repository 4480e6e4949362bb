import Foundation
import Testing

@testable import BudgetModel

/// Parses and returns the refusal, or nil (with a recorded issue) when the amount was accepted.
private func refusal(_ raw: String, unit: Money.InputUnit = .yuan) -> AmountError? {
    do {
        let fen = try Money.parse(raw, unit: unit)
        Issue.record("“\(raw)” was accepted as \(fen) fen, expected a refusal")
        return nil
    } catch {
        return error
    }
}

@Suite("Money.parse – accepted amounts")
struct MoneyParseAcceptedTests {
    @Test(
        "yuan amounts become exact fen",
        arguments: [
            ("1,234.56", Fen(123_456)),
            ("１２３４．５６", 123_456),  // full-width digits and point
            ("１，２３４．５６", 123_456),  // full-width comma
            ("1234.5", 123_450),
            ("1234", 123_400),
            ("0.01", 1),
            ("0", 0),
            ("0.00", 0),
            ("  12.30\t", 1_230),  // surrounding spaces and tab trimmed
            ("\u{3000}7\u{3000}", 700),  // ideographic spaces trimmed
            ("+5", 500),
            ("＋5", 500),  // full-width plus
            ("1,234,567.89", 123_456_789),
            ("123,456", 12_345_600),
            ("007", 700),
            ("1000000000000", 100_000_000_000_000),  // exactly 1 万亿元, the cap
        ])
    func yuan(raw: String, fen: Fen) throws {
        #expect(try Money.parse(raw, unit: .yuan) == fen)
    }

    @Test(
        "万元 amounts become exact fen (1 万元 = 1,000,000 fen)",
        arguments: [
            ("2343.44", Fen(2_343_440_000)),
            ("0.000001", 1),
            ("1", 1_000_000),
            ("0.5", 500_000),
            ("1,871.00", 1_871_000_000),
            ("１．２３４５６７", 1_234_567),
            ("100000000", 100_000_000_000_000),  // 1 亿万元 = 1 万亿元, the cap
        ])
    func wan(raw: String, fen: Fen) throws {
        #expect(try Money.parse(raw, unit: .wan) == fen)
    }

    @Test("the same digits mean 10,000 times more in 万元 than in 元")
    func unitsDiffer() throws {
        let yuan = try Money.parse("12.34", unit: .yuan)
        let wan = try Money.parse("12.34", unit: .wan)
        #expect(yuan == 1_234)
        #expect(wan == 12_340_000)
        #expect(wan == yuan * 10_000)
    }

    @Test("InputUnit constants")
    func unitConstants() {
        #expect(Money.InputUnit.yuan.fenPerUnit == 100)
        #expect(Money.InputUnit.wan.fenPerUnit == 1_000_000)
        #expect(Money.InputUnit.yuan.maximumDecimals == 2)
        #expect(Money.InputUnit.wan.maximumDecimals == 6)
        #expect(Money.InputUnit.yuan.chineseName == "元")
        #expect(Money.InputUnit.wan.chineseName == "万元")
        #expect(Money.maximumItemFen == 100_000_000_000_000)
    }
}

@Suite("Money.parse – refused amounts")
struct MoneyParseRefusedTests {
    @Test(
        "refusals in 元 carry a reason a clerk understands",
        arguments: [
            ("", "是空的"),
            ("   ", "是空的"),
            ("-5", "是负数"),
            ("－5", "是负数"),  // full-width minus
            ("1,23,456", "千位分隔符位置不对"),
            ("12,34", "千位分隔符位置不对"),
            (",123", "千位分隔符位置不对"),
            ("1234,567", "千位分隔符位置不对"),
            ("1,234,", "千位分隔符位置不对"),
            ("1.5,0", "千位分隔符位置不对"),
            ("1.234", "小数位太多"),
            ("1e3", "科学计数法"),
            ("1E3", "科学计数法"),
            ("0x10", "不是数字"),
            ("abc", "不是数字"),
            ("12万", "带有单位或货币符号"),
            ("12元", "带有单位或货币符号"),
            ("¥12", "带有单位或货币符号"),
            ("￥12", "带有单位或货币符号"),
            ("1 000", "中间有空格"),
            ("1\u{00A0}000", "中间有空格"),
            ("1\u{3000}000", "中间有空格"),
            (".5", "缺少整数部分"),
            ("5.", "小数点后没有数字"),
            ("1.2.3", "有两个小数点"),
            ("99999999999999999999", "太大"),
            ("1000000000000.01", "不能超过 1 万亿元"),
            ("92233720368547758.07", "不能超过 1 万亿元"),  // Int64.max fen: no overflow, above the cap
        ])
    func yuanRefusals(raw: String, reasonPart: String) throws {
        let error = try #require(refusal(raw, unit: .yuan))
        #expect(error.reason.contains(reasonPart), "reason was “\(error.reason)”")
        #expect(error.text == raw)
    }

    @Test("exact reason texts")
    func exactReasons() throws {
        #expect(try #require(refusal("")).reason == "是空的：请填写金额")
        #expect(try #require(refusal("-5")).reason == "是负数：预算金额不能为负")
        #expect(try #require(refusal("1.2.3")).reason == "有两个小数点")
        #expect(try #require(refusal("1 000")).reason == "中间有空格")
        #expect(try #require(refusal("1e3")).reason == "是科学计数法：请写成普通数字")
        #expect(try #require(refusal("0x10")).reason == "不是数字")
        #expect(try #require(refusal(".5")).reason == "缺少整数部分")
        #expect(try #require(refusal("5.")).reason == "小数点后没有数字")
        #expect(try #require(refusal("99999999999999999999")).reason == "太大")
        #expect(try #require(refusal("1000000000000.01")).reason == "太大：一笔金额不能超过 1 万亿元")
        #expect(try #require(refusal("1,23,456")).reason == "的千位分隔符位置不对（应为 1,234,567.89 的形式）")
        #expect(try #require(refusal("1.234")).reason == "的小数位太多：以元为单位最多 2 位小数（精确到分）")
    }

    @Test("a unit word names the unit currently in force")
    func unitWordNamesCurrentUnit() throws {
        let yuan = try #require(refusal("12万", unit: .yuan))
        #expect(yuan.reason == "带有单位或货币符号：只填数字，单位用 --unit 指定（当前为元）")
        let wan = try #require(refusal("12万", unit: .wan))
        #expect(wan.reason == "带有单位或货币符号：只填数字，单位用 --unit 指定（当前为万元）")
    }

    @Test("万元 allow six decimals, not seven")
    func wanDecimals() throws {
        let error = try #require(refusal("0.0000001", unit: .wan))
        #expect(error.reason == "的小数位太多：以万元为单位最多 6 位小数（精确到分）")
    }

    @Test("万元 above the cap are refused")
    func wanCap() throws {
        let error = try #require(refusal("100000000.000001", unit: .wan))
        #expect(error.reason.contains("不能超过 1 万亿元"))
    }

    @Test("description puts the amount in quotes before the reason")
    func description() throws {
        let error = try #require(refusal("-5"))
        #expect(error.description == "金额“-5”是负数：预算金额不能为负")
    }
}

@Suite("Money rounding and formatting")
struct MoneyFormattingTests {
    @Test(
        "wanHundredths rounds half away from zero",
        arguments: [
            (Fen(4_999), Int64(0)),
            (5_000, 1),
            (-5_000, -1),
            (-4_999, 0),
            (49_999, 5),
            (15_000, 2),
            (-15_000, -2),
            (10_000, 1),
            (0, 0),
            (1_234_567_890, 123_457),
            (23_434_400, 2_343),  // 23.4344 万元
            (2_343_440_000, 234_344),  // 2343.44 万元
            (Fen.max, 922_337_203_685_478),
            (Fen.min, -922_337_203_685_478),
        ] as [(Fen, Int64)])
    func wanHundredths(fen: Fen, hundredths: Int64) {
        #expect(Money.wanHundredths(fen) == hundredths)
    }

    @Test(
        "formatHundredths writes two decimals without Double",
        arguments: [
            (Int64(0), "0.00"),
            (-5, "-0.05"),
            (5, "0.05"),
            (10, "0.10"),
            (234_344, "2343.44"),
            (2_343_440_000, "23434400.00"),
            (-123_456, "-1234.56"),
            (Int64.min, "-92233720368547758.08"),
        ] as [(Int64, String)])
    func formatHundredths(hundredths: Int64, text: String) {
        #expect(Money.formatHundredths(hundredths) == text)
    }

    @Test("formatWan rounds once; formatYuan is exact")
    func formatWanAndYuan() {
        // 2343.44 万元 is 2,343,440,000 fen (1 万元 = 1,000,000 fen).
        #expect(Money.formatWan(2_343_440_000) == "2343.44")
        // The doc comment of formatWan says "2343.44" for 23,434,400 fen; that amount is 23.4344 万元.
        #expect(Money.formatWan(23_434_400) == "23.43")
        #expect(Money.formatWan(23_435_000) == "23.44")
        #expect(Money.formatWan(4_999) == "0.00")
        #expect(Money.formatWan(5_000) == "0.01")
        #expect(Money.formatWan(-5_000) == "-0.01")
        #expect(Money.formatYuan(187_100_000) == "1871000.00")
        #expect(Money.formatYuan(2_343_440_000) == "23434400.00")
        #expect(Money.formatYuan(1) == "0.01")
        #expect(Money.formatYuan(0) == "0.00")
    }

    @Test("parse then formatYuan gives back the canonical text", arguments: ["0.01", "1234.56", "1871000.00", "1000000000000.00"])
    func parseFormatRoundTrip(text: String) throws {
        #expect(Money.formatYuan(try Money.parse(text, unit: .yuan)) == text)
    }
}
