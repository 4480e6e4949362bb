import Foundation
import Testing

@testable import BudgetModel

// Case 4 of the hardening issue: an encoding guessed wrong in silence. The bytes below are worked
// out by hand from the GBK table and the UTF-8 rules:
//
// - 学 is D1 A7 and 习 is CF B0 in GBK. D1 and CF are UTF-8 lead bytes of two-byte characters,
//   A7 and B0 continuation bytes, so D1 A7 CF B0 is also UTF-8: U+0467 “ѧ” and U+03F0 “ϰ”
//   (Cyrillic and Greek). 一 is D2 BB and 些 is D0 A9: UTF-8 U+04BB “һ” and U+0429 “Щ”.
// - 备注 is E5 A4 87 E6 B3 A8 in UTF-8; GB18030 reads E5 A4 as 澶, 87 E6 as 囨 and B3 A8 as 敞.
// - 办公 is B0 EC B9 AB in GBK; B0 is a continuation byte, so the line is not UTF-8.

private let header = Array("unit,functional,economic,type,nature,project,source,amount,note\n".utf8)
private let row = Array("432001,2010306,30201,basic,,,general,1,".utf8)
private let xueXi: [UInt8] = [0xD1, 0xA7, 0xCF, 0xB0]  // 学习 in GBK, “ѧϰ” in UTF-8
private let yiXie: [UInt8] = [0xD2, 0xBB, 0xD0, 0xA9]  // 一些 in GBK, “һЩ” in UTF-8
private let banGong: [UInt8] = [0xB0, 0xEC, 0xB9, 0xAB]  // 办公 in GBK, not UTF-8
private let beiZhu = Array("备注".utf8)  // E5 A4 87 E6 B3 A8, “澶囨敞” in GB18030

// - 瑕 is E8 A6, 宠 is B3 E8 and 、 is A1 A2 in GB2312, so “瑕宠、” is E8 A6 B3 E8 A1 A2.
//   As UTF-8, E8 A6 B3 is 1000 100110 110011 = U+89B3 “観” (a Japanese form, not in GB2312) and
//   E8 A1 A2 is 1000 100001 100010 = U+8862 “衢” (GB2312 level 2): the fuzz test found this file.
// - 王堃 is E7 8E 8B E5 A0 83 in UTF-8 (堃 is not in GB2312: a name a clerk may write). GB18030
//   reads E7 8E, 8B E5, A0 83: GBK characters whose second byte is below A1, so none is GB2312.
private let xiaChong: [UInt8] = [0xE8, 0xA6, 0xB3, 0xE8, 0xA1, 0xA2]  // 瑕宠、 in GB18030, “観衢” in UTF-8
private let wangKun = Array("王堃".utf8)
// - 鸹 is F0 BB and 及 is BC B0 in GB2312: as UTF-8, F0 BB BC B0 is one character of the
//   supplementary planes, 000 111011 111100 110000 = U+3BF30 (CJK extension G), never in GB2312.
private let guaJi: [UInt8] = [0xF0, 0xBB, 0xBC, 0xB0]

private func csv(_ notes: [UInt8]...) -> Data {
    Data(header + notes.flatMap { row + $0 + [0x0A] })
}

private let context = ImportContext(unitCodes: ["432001"], projectNames: [], codes: CodeBook())

@Suite("Encodings that the bytes cannot tell are refused, never guessed")
struct EncodingGuessTests {
    @Test("the hand-made bytes are what the comment says")
    func premise() throws {
        #expect(String(validating: xueXi, as: UTF8.self) == "ѧϰ")
        #expect(String(validating: yiXie, as: UTF8.self) == "һЩ")
        #expect(String(validating: banGong, as: UTF8.self) == nil)
        #expect(GB18030Decoder.string(xueXi) == "学习")
        #expect(GB18030Decoder.string(banGong) == "办公")
        #expect(GB18030Decoder.string(beiZhu) == "澶囨敞")
        #expect(String(validating: xiaChong, as: UTF8.self) == "観衢")
        #expect(GB18030Decoder.string(xiaChong) == "瑕宠、")
        #expect(Plausible.rareHan(0x89B3) && !Plausible.rareHan(0x8862) && Plausible.rareHan(0x5803) && !Plausible.rareHan(0x738B))
    }

    @Test("a UTF-8 line beside a GB18030 line whose bytes read as UTF-8 ideographs outside GB2312: refused, both readings shown")
    func gbLineThatReadsAsRareUTF8() throws {
        // Line 2 is UTF-8 牟瞬 (common); line 3 GB18030 瑕宠、, which UTF-8 reads as 観衢.
        #expect {
            _ = try TextDecoding.decode(csv(Array("牟瞬".utf8), xiaChong))
        } throws: { error in
            guard case TextDecodingError.ambiguous(let line, let utf8, let gb18030) = error else { return false }
            return line == 3 && utf8.contains("観衢") && gb18030.contains("瑕宠、")
        }
        // Four GB18030 bytes of two common hanzi that UTF-8 reads as one rare ideograph.
        #expect(String(validating: guaJi, as: UTF8.self)?.unicodeScalars.first?.value == 0x3BF30)
        #expect {
            _ = try TextDecoding.decode(csv(Array("牟瞬".utf8), guaJi))
        } throws: { error in
            guard case TextDecodingError.ambiguous(let line, _, let gb18030) = error else { return false }
            return line == 3 && gb18030.contains("鸹及")
        }
        // The clerk says which: as GB18030 the second line is right (the first then is not).
        #expect(try TextDecoding.decode(csv(xiaChong), as: .gb18030).text.contains("瑕宠、"))
    }

    @Test("UTF-8 with an ideograph outside GB2312 (a name such as 王堃) is still read as UTF-8")
    func rareNameInUTF8() throws {
        let decoded = try TextDecoding.decode(csv(wangKun, Array("备注".utf8)))
        #expect(decoded.encoding == .utf8 && decoded.text.contains("王堃"))
    }

    @Test("a GBK file whose every byte is UTF-8 too is refused at its first such line, with both readings")
    func gbkThatIsUTF8() {
        let data = csv(Array("x".utf8), xueXi, yiXie)
        #expect(throws: TextDecodingError.ambiguous(line: 3, utf8: "ѧϰ", gb18030: "学习")) { try TextDecoding.decode(data) }
        let problem = TextDecodingError.ambiguous(line: 3, utf8: "ѧϰ", gb18030: "学习").problem(file: "f.csv")
        #expect(problem.line == 3)
        #expect(problem.description.contains("按 UTF-8 读是“ѧϰ”，按 GB18030（GBK）读是“学习”"))
        #expect(problem.description.contains("--encoding utf-8 或 --encoding gb18030"))
    }

    @Test("--encoding reads it as the clerk says")
    func chosen() throws {
        let data = csv(xueXi, yiXie)
        #expect(try TextDecoding.decode(data, as: .gb18030).text.hasSuffix("1,学习\n432001,2010306,30201,basic,,,general,1,一些\n"))
        #expect(try TextDecoding.decode(data, as: .utf8).text.hasSuffix("1,ѧϰ\n432001,2010306,30201,basic,,,general,1,һЩ\n"))
        // A choice that does not fit is located, not guessed around.
        #expect(throws: TextDecodingError.notEncoding(.utf8, offset: 103, line: 2)) { try TextDecoding.decode(csv(banGong), as: .utf8) }
        #expect(throws: TextDecodingError.notEncoding(.gb18030, offset: 103, line: 2)) {
            try TextDecoding.decode(Data(header + row + [0x80]), as: .gb18030)
        }
    }

    @Test("a file mixing GB18030 lines and UTF-8 lines is refused at the first UTF-8 line, either way round")
    func mixed() throws {
        #expect(throws: TextDecodingError.mixed(line: 3, utf8: "备注", gb18030: "澶囨敞", otherLine: 2)) {
            try TextDecoding.decode(csv(banGong, beiZhu))
        }
        #expect(throws: TextDecodingError.mixed(line: 2, utf8: "备注", gb18030: "澶囨敞", otherLine: 3)) {
            try TextDecoding.decode(csv(beiZhu, banGong))
        }
        // With --encoding gb18030 the clerk says the file is GB18030: read as told.
        #expect(try TextDecoding.decode(csv(banGong, beiZhu), as: .gb18030).text.contains("澶囨敞"))
    }

    @Test("the same refusals whatever the size of the pieces the file is read in, and at the same line after CR LF")
    func inPieces() {
        let crlf = Data(Array(String(decoding: csv(Array("x".utf8), xueXi), as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8))
        let mixedCRLF = Data(header.dropLast() + [0x0D, 0x0A] + row + banGong + [0x0D] + row + beiZhu + [0x0D, 0x0A])
        for chunkSize in [1, 2, 3, 5, 7, 64, 1 << 20] {
            for (data, expected) in [
                (crlf, "第 3 行：无法确定文件的文字编码"), (csv(banGong, beiZhu), "第 3 行：文件混用了两种文字编码"),
                (mixedCRLF, "第 3 行：文件混用了两种文字编码"),
            ] {
                do {
                    _ = try LineItemCSV.parse(data: data, fileName: "f.csv", unit: .yuan, context: context, chunkSize: chunkSize)
                    Issue.record("accepted in pieces of \(chunkSize)")
                } catch {
                    #expect(error.problems.count == 1)
                    #expect(error.problems.first?.description.hasPrefix("f.csv，" + expected) == true, "\(chunkSize): \(error.problems)")
                }
            }
        }
    }

    @Test("UTF-8 a budget holds is read as UTF-8: Chinese, full-width forms, symbols, ① ㎡ ℃ × ÷ · ±")
    func plausibleUTF8() throws {
        let notes = ["政务公开平台运维", "（一）办公费；", "①②③", "120㎡", "25℃", "3×4÷2", "张·三", "±5%", "《规定》", "𠀀", "ABC１２３"]
        for note in notes {
            let decoded = try TextDecoding.decode(csv(Array(note.utf8), Array("备注".utf8)))
            #expect(decoded.encoding == .utf8 && decoded.text.contains(note), "\(note)")
        }
    }

    @Test("UTF-8 letters no budget holds are still UTF-8 when the bytes are not GB18030, or the file has a byte-order mark")
    func implausibleButUnambiguous() throws {
        // U+0800 is E0 A0 80; GB18030 has no character starting with 80.
        #expect(try TextDecoding.decode(csv(Array("\u{0800}".utf8))).encoding == .utf8)
        let marked = Data([0xEF, 0xBB, 0xBF]) + csv(xueXi)
        #expect(try TextDecoding.decode(marked).text.contains("ѧϰ"))
    }

    @Test("a file whose only characters beyond ASCII take two bytes in UTF-8 is checked too: GBK 路 is UTF-8 “·”")
    func noChinese() throws {
        // 路 is C2 B7 in GBK, and C2 B7 is U+00B7 “·” in UTF-8: a file without any Chinese in
        // UTF-8 is not taken for UTF-8 when GB18030 reads it as Chinese.
        #expect(throws: TextDecodingError.ambiguous(line: 2, utf8: "·", gb18030: "路")) { try TextDecoding.decode(csv([0xC2, 0xB7])) }
        // With Chinese elsewhere in UTF-8, “·” is UTF-8.
        #expect(try TextDecoding.decode(csv(Array("张·三".utf8), [0xC2, 0xB7])).text.hasSuffix("1,·\n"))
        #expect(throws: TextDecodingError.ambiguous(line: 2, utf8: "×4÷", gb18030: "脳4梅")) { try TextDecoding.decode(csv(Array("3×4÷2".utf8))) }
    }

    @Test("encoding names for --encoding")
    func names() {
        #expect(EncodingChoice(name: "UTF-8") == .utf8)
        #expect(EncodingChoice(name: "utf8") == .utf8)
        #expect(EncodingChoice(name: "GBK") == .gb18030)
        #expect(EncodingChoice(name: "gb18030") == .gb18030)
        #expect(EncodingChoice(name: "latin1") == nil)
    }
}
