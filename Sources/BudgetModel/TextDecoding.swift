import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings a CSV file from Excel, WPS or a text editor may come in.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case gb18030 = "GB18030"
}

/// The encoding a clerk names with `--encoding`, when the detection cannot tell.
public enum EncodingChoice: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    case gb18030

    /// `utf-8`, `utf8`, `gb18030`, `gbk`, `gb2312`, in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312": self = .gb18030
        default: return nil
        }
    }
}

public enum TextDecodingError: Error, Equatable, Sendable {
    /// Not GB18030 (as iconv found it): the byte offset of the first byte that is not.
    case undecodable(offset: Int)
    /// Neither UTF-8 nor GB18030: the byte offset and line of the first byte that fits neither.
    case neither(offset: Int, line: Int)
    /// Not the encoding the clerk chose: the byte offset and line of the first byte that is not.
    case notEncoding(EncodingChoice, offset: Int, line: Int)
    /// Every byte is UTF-8 and GB18030 alike, and a line reads as letters a budget file does not
    /// hold in UTF-8 (“ѧϰ”) but as Chinese in GB18030 (“学习”).
    case ambiguous(line: Int, utf8: String, gb18030: String)
    /// Some lines are UTF-8 (`line`), others only GB18030 (`otherLine`).
    case mixed(line: Int, utf8: String, gb18030: String, otherLine: Int)

    /// The problem in words a clerk understands, with both readings where there are two.
    public func problem(file: String?) -> InputProblem {
        let resave = "在 Excel 或 WPS 中另存为“CSV UTF-8”"
        switch self {
        case .undecodable(let offset):
            return InputProblem(file: file, message: "无法识别文件的文字编码（第 \(offset) 字节处既不是 UTF-8 也不是 GB18030）：请\(resave)")
        case .neither(let offset, let line):
            return InputProblem(file: file, line: line, message: "无法识别文件的文字编码（第 \(offset) 字节处既不是 UTF-8 也不是 GB18030）：请\(resave)")
        case .notEncoding(let choice, let offset, let line):
            let name = choice == .utf8 ? "UTF-8" : "GB18030"
            return InputProblem(
                file: file, line: line,
                message: "文件不是 --encoding 指定的 \(name) 编码（第 \(offset) 字节处不是 \(name)）：请换用另一种编码，或\(resave)")
        case .ambiguous(let line, let utf8, let gb18030):
            return InputProblem(
                file: file, line: line,
                message: "无法确定文件的文字编码：这一行按 UTF-8 读是“\(Shown.text(utf8))”，按 GB18030（GBK）读是“\(Shown.text(gb18030))”。"
                    + "请按文件实际的编码加上 --encoding utf-8 或 --encoding gb18030 再导入（Excel、WPS 在中文 Windows 上另存的 CSV 一般是 gb18030）")
        case .mixed(let line, let utf8, let gb18030, let otherLine):
            return InputProblem(
                file: file, line: line,
                message: "文件混用了两种文字编码：这一行是 UTF-8（读作“\(Shown.text(utf8))”，按 GB18030 读会成为“\(Shown.text(gb18030))”），"
                    + "第 \(otherLine) 行却只能按 GB18030（GBK）读。请\(resave)后再导入；如果确定整个文件都是 GB18030，请加上 --encoding gb18030")
        }
    }
}

public enum TextDecoding {
    /// Decodes bytes as UTF-8 (with or without a byte-order mark) or, failing that, GB18030/GBK,
    /// which is what Excel and WPS write when saving CSV on Chinese Windows; with `choice`, as
    /// that encoding only.
    public static func decode(_ data: Data, as choice: EncodingChoice? = nil) throws(TextDecodingError) -> (
        text: String, encoding: TextEncoding
    ) {
        func read(_ plan: TextStream.Plan) throws -> (text: String, encoding: TextEncoding) {
            var stream = TextStream(ByteSource(data), plan: plan, chunkSize: max(data.count, 1))
            var bytes: [UInt8] = []
            while try stream.next({ bytes.append(contentsOf: $0) }) {}
            return (String(decoding: bytes, as: UTF8.self), stream.encoding)
        }
        do {
            return try TextStream.withPlans(for: choice, read)
        } catch let error as TextDecodingError {
            throw error
        } catch {
            preconditionFailure("bytes in memory cannot fail to read: \(error)")
        }
    }
}

/// Where the bytes of a text come from, read in pieces: a file, or bytes in memory.
public struct ByteSource: @unchecked Sendable {
    /// Total bytes, for progress.
    public let count: Int
    /// Fills the buffer with the bytes from `offset` on; returns how many it put there, 0 at the end.
    let read: (_ offset: Int, _ buffer: UnsafeMutableRawBufferPointer) throws -> Int

    public init(count: Int, read: @escaping (_ offset: Int, _ buffer: UnsafeMutableRawBufferPointer) throws -> Int) {
        self.count = count
        self.read = read
    }

    public init(_ data: Data) {
        self.init(count: data.count) { offset, buffer in
            let end = min(data.count, offset + buffer.count)
            guard offset < end else { return 0 }
            data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: (data.startIndex + offset)..<(data.startIndex + end))
            return end - offset
        }
    }
}

/// A text read as UTF-8 in pieces of at most `chunkSize` bytes of the source, so that a file of
/// any size needs the same memory.
///
/// With `.detect` (what a clerk's file gets first), the text is UTF-8 if every byte of the whole
/// file is (a byte-order mark is dropped), as ``TextDecoding/decode(_:as:)`` has always decided.
/// That is known only at the end, so the pieces are checked before they are handed over, and the
/// first byte that is not UTF-8 throws ``NotUTF8``: the reader then throws away all it made of
/// the text and reads it again with `.fallback`, as GB18030. A wrong guess is never kept.
///
/// Two guesses could still be wrong, and are refused with the line and both readings
/// (``TextDecodingError``): a file of GB18030 whose every byte happens to be UTF-8 too, found at
/// the end when a line reads as letters no budget holds (Cyrillic, Greek, Latin with accents …)
/// in UTF-8 but as Chinese in GB18030; and a file that mixes both, found when `.fallback` meets a
/// line that reads as sound UTF-8. `.utf8` and `.gb18030` (the clerk's `--encoding`) read one
/// encoding and check nothing else.
public struct TextStream {
    public enum Plan: Sendable, Equatable {
        case detect
        /// GB18030, after `.detect` met the byte at `notUTF8At` that is not UTF-8.
        case fallback(notUTF8At: Int)
        case utf8, gb18030
    }

    /// The text is not UTF-8 from byte `offset` on: read it again with the `.fallback` plan.
    public struct NotUTF8: Error {
        public let offset: Int
    }

    public static let defaultChunkSize = 1 << 20

    /// Runs `read` with the `.detect` plan, and again with `.fallback` if the text proved not to
    /// be UTF-8; `read` must first undo whatever it did with the text before. With a `choice`,
    /// runs it once with that encoding.
    public static func withPlans<T>(for choice: EncodingChoice? = nil, _ read: (Plan) throws -> T) throws -> T {
        switch choice {
        case .utf8: return try read(.utf8)
        case .gb18030: return try read(.gb18030)
        case nil:
            do {
                return try read(.detect)
            } catch let error as NotUTF8 {
                return try read(.fallback(notUTF8At: error.offset))
            }
        }
    }

    let source: ByteSource
    let chunkSize: Int
    let plan: Plan
    public private(set) var encoding: TextEncoding
    /// Bytes of the source read so far.
    public private(set) var consumed = 0
    private var raw: [UInt8]
    private var validator = UTF8Validator()
    private let gb: GB18030Decoder?
    private var lines = MixedLineScanner()
    private var started = false
    /// Whether the GB18030 decoder has handed on any text yet (a mark is looked for before it).
    private var gbTextStarted = false

    public init(_ source: ByteSource, plan: Plan, chunkSize: Int = defaultChunkSize) {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        self.plan = plan
        let gb18030 = plan != .detect && plan != .utf8
        encoding = gb18030 ? .gb18030 : .utf8
        // Room for a whole byte-order mark even in the smallest pieces.
        raw = [UInt8](repeating: 0, count: max(3, self.chunkSize))
        gb = gb18030 ? GB18030Decoder() : nil
    }

    /// Hands the next piece of UTF-8 to `body` (it may be empty); false at the end of the text.
    public mutating func next(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        var count = try fill(from: 0, upTo: chunkSize)
        var skip = 0
        if !started {
            started = true
            // The first read takes at least three bytes, to see a byte-order mark whole.
            while count > 0 && count < 3 {
                let more = try fill(from: count, upTo: 3)
                if more == 0 { break }
                count += more
            }
            if gb == nil && count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF {
                encoding = .utf8BOM
                skip = 3
            }
        }
        let last = count == 0
        let start = consumed - count
        if let gb {
            if case .fallback(let notUTF8At) = plan {
                raw.withUnsafeBufferPointer { lines.scan(UnsafeBufferPointer(rebasing: $0[0..<count]), at: start, last: last) }
                if let mixed = lines.firstMixed { throw try TextAudit.mixed(mixed, notUTF8At: notUTF8At, in: source) }
            }
            // GB18030 has a byte-order mark too (84 31 95 33, what iconv makes of a UTF-8 file's
            // mark): it decodes to U+FEFF, which is no part of the text (nor of its first column name).
            var markPending = !gbTextStarted
            do {
                try raw.withUnsafeBufferPointer { bytes in
                    try gb.decode(UnsafeBufferPointer(rebasing: bytes[0..<count]), at: start, last: last) { text in
                        // iconv writes UTF-8; a fault there must not pass for text.
                        guard validator.validate(text) else { throw TextDecodingError.undecodable(offset: 0) }
                        var text = text
                        if markPending && !text.isEmpty {
                            markPending = false
                            if text.count >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
                                text = UnsafeBufferPointer(rebasing: text[3...])
                            }
                        }
                        try body(text)
                    }
                }
                gbTextStarted = !markPending
            } catch TextDecodingError.undecodable(let offset) {
                let line = try TextAudit.line(of: offset, in: source)
                throw plan == .gb18030 ? TextDecodingError.notEncoding(.gb18030, offset: offset, line: line) : .neither(offset: offset, line: line)
            }
            return !last
        }
        if last {
            guard validator.finish() else { throw try notUTF8(at: consumed) }
            // Only a file with letters no budget holds, or with no Chinese at all (only two-byte
            // characters such as “·”, which GBK's 路 also is), is read again, line by line.
            let noWide = validator.sawNonASCII && !validator.sawWide
            if plan == .detect && encoding == .utf8 && (validator.sawImplausible || noWide || validator.sawRareHan),
                let found = try TextAudit.firstAmbiguousLine(in: source, anyNonASCII: noWide)
            {
                throw TextDecodingError.ambiguous(line: found.line, utf8: found.utf8, gb18030: found.gb18030)
            }
            return false
        }
        try raw.withUnsafeBufferPointer { bytes in
            let piece = UnsafeBufferPointer(rebasing: bytes[skip..<count])
            guard validator.validate(piece) else { throw try notUTF8(at: start + skip + validator.failure) }
            try body(piece)
        }
        return true
    }

    /// What a byte that is not UTF-8 means: read again as GB18030, or (with `--encoding utf-8`) a
    /// located problem.
    private func notUTF8(at offset: Int) throws -> any Error {
        guard plan == .utf8 else { return NotUTF8(offset: offset) }
        return TextDecodingError.notEncoding(.utf8, offset: offset, line: try TextAudit.line(of: offset, in: source))
    }

    /// Reads into `raw` from `start` up to `end`; returns how many bytes came.
    private mutating func fill(from start: Int, upTo end: Int) throws -> Int {
        let count = try raw.withUnsafeMutableBytes { buffer in
            try source.read(consumed, UnsafeMutableRawBufferPointer(rebasing: buffer[start..<end]))
        }
        consumed += count
        return count
    }
}

/// Which characters a clerk's CSV holds, seen from UTF-8: Chinese, the punctuation and symbols
/// around it, and ASCII. GBK bytes that happen to be UTF-8 read as Latin letters with accents,
/// Greek, Cyrillic, Armenian, Hebrew, Arabic, private-use or rare-script letters, none of which
/// is here (“学习” in GBK is D1 A7 CF B0, which UTF-8 reads as “ѧϰ”).
enum Plausible {
    static func scalar(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x80: true
        // ¥ § © ® ° ± ² ³ · × ÷
        case 0xA5, 0xA7, 0xA9, 0xAE, 0xB0, 0xB1, 0xB2, 0xB3, 0xB7, 0xD7, 0xF7: true
        // Punctuation, super- and subscripts, currency, ℃ №, Roman numerals, arrows, mathematics,
        // ①, box drawing, shapes, symbols.
        case 0x2000...0x2BFF: true
        // CJK radicals, CJK symbols and punctuation, kana, bopomofo, enclosed CJK, ㎡, ideographs.
        case 0x2E80...0x2FDF, 0x3000...0x9FFF: true
        // Compatibility ideographs, vertical and small forms, full- and half-width forms.
        case 0xF900...0xFAFF, 0xFE10...0xFE1F, 0xFE30...0xFE6F, 0xFEFF, 0xFF00...0xFFEF: true
        // Emoji, and the ideographs of the supplementary planes.
        case 0x1F000...0x1FAFF, 0x20000...0x3FFFF: true
        default: false
        }
    }

    static func text(_ text: String) -> Bool { text.unicodeScalars.allSatisfy { scalar($0.value) } }

    /// The 6,763 hanzi of GB2312 (first byte B0–F7, second A1–FE): the Chinese almost every text
    /// of a clerk is written in. Bits over U+4E00–U+9FFF, made once from the GB18030 decoder.
    static let commonHan: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (0xA000 - 0x4E00) / 64)
        var bytes: [UInt8] = []
        for lead in UInt8(0xB0)...0xF7 {
            for trail in UInt8(0xA1)...0xFE { bytes += [lead, trail] }
        }
        for scalar in (GB18030Decoder.string(bytes) ?? "").unicodeScalars where (0x4E00..<0xA000).contains(scalar.value) {
            let index = Int(scalar.value - 0x4E00)
            bits[index / 64] |= 1 << UInt64(index % 64)
        }
        return bits
    }()

    /// An ideograph that is not among GB2312's hanzi (観 and 堃 are such; 衢 is not): of the
    /// basic block, or of the extensions (A, and B onwards in the supplementary planes, which
    /// four GB18030 bytes of two common hanzi can make in UTF-8: 鸹及 reads as “𻼰”), or a
    /// compatibility ideograph.
    static func rareHan(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00..<0xA000:
            let index = Int(value - 0x4E00)
            return commonHan[index / 64] & (1 << UInt64(index % 64)) == 0
        case 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }

    /// Every ideograph of the text is among GB2312's hanzi.
    static func commonChinese(_ text: String) -> Bool { !text.unicodeScalars.contains { rareHan($0.value) } }
}

/// The slow checks behind a refused encoding, run only when a refusal is likely: they read the
/// source again.
enum TextAudit {
    /// The longest part of a line that is looked at (a line may be a whole file).
    static let lineLimit = 1 << 20

    /// The 1-based line of byte `offset` (CR LF, CR and LF each end one line, as the CSV reader counts).
    static func line(of offset: Int, in source: ByteSource) throws -> Int {
        var line = 1
        var previous: UInt8 = 0
        try source.forEachPiece(upTo: offset) { piece in
            for byte in piece {
                if byte == 0x0D || (byte == 0x0A && previous != 0x0D) { line += 1 }
                previous = byte
            }
            return true
        }
        return line
    }

    /// The bytes `range` of the source, at most `lineLimit` of them.
    static func bytes(_ range: Range<Int>, in source: ByteSource) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try source.forEachPiece(from: range.lowerBound, upTo: min(range.upperBound, range.lowerBound + lineLimit)) { piece in
            bytes.append(contentsOf: piece)
            return true
        }
        return bytes
    }

    /// Both readings of a line: UTF-8 (with U+FFFD for what is not) and GB18030 (nil when it is not).
    static func readings(_ bytes: [UInt8]) -> (utf8: String, gb18030: String?) {
        (String(decoding: bytes, as: UTF8.self), GB18030Decoder.string(bytes))
    }

    /// The first line whose UTF-8 reading holds letters no budget holds (with `anyNonASCII`, any
    /// character beyond ASCII) while its GB18030 reading is sound Chinese; nil when every such
    /// line is unreadable as GB18030.
    static func firstAmbiguousLine(in source: ByteSource, anyNonASCII: Bool) throws -> (line: Int, utf8: String, gb18030: String)? {
        var found: (line: Int, utf8: String, gb18030: String)?
        var current: [UInt8] = []
        var line = 1
        var previous: UInt8 = 0
        func endLine() {
            defer { current.removeAll(keepingCapacity: true) }
            guard found == nil, current.contains(where: { $0 >= 0x80 }) else { return }
            let utf8 = String(decoding: current, as: UTF8.self)
            guard let gb18030 = GB18030Decoder.string(current), Plausible.text(gb18030) else { return }
            // Letters no budget holds in UTF-8; or, read as UTF-8, ideographs outside GB2312 where
            // GB18030 reads the same bytes as common Chinese only.
            let rareOnlyInUTF8 = !Plausible.commonChinese(utf8) && Plausible.commonChinese(gb18030) && utf8 != gb18030
            guard anyNonASCII || !Plausible.text(utf8) || rareOnlyInUTF8 else { return }
            found = (line, differing(utf8), differing(gb18030))
        }
        try source.forEachPiece(upTo: source.count) { piece in
            for byte in piece {
                if byte == 0x0D || byte == 0x0A {
                    if byte == 0x0D || previous != 0x0D {
                        endLine()
                        line += 1
                    }
                } else if current.count < lineLimit {
                    current.append(byte)
                }
                previous = byte
            }
            return found == nil
        }
        endLine()
        return found
    }

    /// The refusal of a file that is partly UTF-8, at the first line that reads as UTF-8.
    static func mixed(_ line: MixedLineScanner.Line, notUTF8At: Int, in source: ByteSource) throws -> TextDecodingError {
        let (utf8, gb18030) = readings(try bytes(line.range, in: source))
        return .mixed(
            line: line.number, utf8: differing(utf8), gb18030: gb18030.map(differing) ?? "（不是 GB18030）",
            otherLine: try self.line(of: notUTF8At, in: source))
    }

    /// The part of a line's reading where two readings can differ: from its first character
    /// beyond ASCII to its last (“432001,…,学习” → “学习”).
    static func differing(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isASCII }), let last = scalars.lastIndex(where: { !$0.isASCII }) else { return text }
        return String(scalars[first...last])
    }
}

/// Finds, in a file read as GB18030, the first line with Chinese that is sound UTF-8 of the
/// characters a budget holds: a line saved in another encoding than the rest of the file.
/// Fed the same pieces as the decoder; cheap next to iconv.
struct MixedLineScanner {
    struct Line {
        let number: Int
        let range: Range<Int>
    }
    private(set) var firstMixed: Line?
    private var number = 1
    private var start = 0
    private var validator = UTF8Validator()
    private var sound = true
    private var previous: UInt8 = 0

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, last: Bool) {
        guard firstMixed == nil else { return }
        if let base = bytes.baseAddress {
            let count = bytes.count
            var index = 0
            while index < count && firstMixed == nil {
                var end = index
                while end < count && base[end] != 0x0A && base[end] != 0x0D { end += 1 }
                if end > index {
                    if sound { sound = validator.validate(UnsafeBufferPointer(start: base + index, count: end - index)) }
                    previous = 0
                }
                guard end < count else { break }
                let byte = base[end]
                if byte == 0x0D || previous != 0x0D { endLine(at: offset + end) }
                start = offset + end + 1
                previous = byte
                index = end + 1
            }
        }
        if last { endLine(at: offset) }
    }

    private mutating func endLine(at end: Int) {
        // A line of two-byte characters only (“÷” is also GBK's 梅) is taken as the rest of the file.
        if firstMixed == nil && sound && validator.finish() && validator.sawWide && !validator.sawImplausible {
            firstMixed = Line(number: number, range: start..<end)
        }
        number += 1
        validator = UTF8Validator()
        sound = true
    }
}

extension ByteSource {
    /// Hands the bytes from `start` up to `end` to `body` in pieces of 1 MiB, while it returns true.
    func forEachPiece(from start: Int = 0, upTo end: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        var buffer = [UInt8](repeating: 0, count: min(max(end - start, 1), 1 << 20))
        var offset = start
        while offset < end {
            let wanted = min(buffer.count, end - offset)
            let count = try buffer.withUnsafeMutableBytes { try read(offset, UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted])) }
            guard count > 0 else { return }
            offset += count
            guard try buffer.withUnsafeBufferPointer({ try body(UnsafeBufferPointer(rebasing: $0[0..<count])) }) else { return }
        }
    }
}

/// Checks that bytes are well-formed UTF-8 (as `String(validating:)` does), across pieces: a
/// character may be cut between two. Also notes whether any character is one a budget does not
/// hold (``Plausible``), at the cost of a few operations per byte beyond ASCII.
struct UTF8Validator {
    /// Continuation bytes still expected, and the bounds of the next one.
    private var needed = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    private var scalar: UInt32 = 0
    /// Some character is outside what a budget holds.
    private(set) var sawImplausible = false
    /// Some ideograph is outside GB2312 (``Plausible/rareHan(_:)``): GB18030 bytes that happen to
    /// be UTF-8 read as such rare or Japanese ideographs (GB18030's “瑕宠、” is UTF-8's “観衢”).
    private(set) var sawRareHan = false
    private(set) var sawNonASCII = false
    /// Some character takes three bytes (U+0800–U+FFFF: the Chinese of the basic plane). Four-byte
    /// characters do not count: a GB2312 character of first byte F0 and another can make one.
    private(set) var sawWide = false
    /// After `validate` returned false: the index in its piece of the byte that is not UTF-8.
    private(set) var failure = 0

    /// False at the first byte that cannot be UTF-8.
    mutating func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            if needed == 0 {
                // Plain ASCII, eight bytes at a time.
                while index + 8 <= count,
                    UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                }
                guard index < count else { break }
            }
            let byte = base[index]
            index += 1
            if needed > 0 {
                guard byte >= lower && byte <= upper else {
                    failure = index - 1
                    return false
                }
                needed -= 1
                lower = 0x80
                upper = 0xBF
                scalar = scalar << 6 | UInt32(byte & 0x3F)
                if needed == 0 {
                    if !Plausible.scalar(scalar) { sawImplausible = true }
                    if !sawRareHan && Plausible.rareHan(scalar) { sawRareHan = true }
                }
                continue
            }
            switch byte {
            case 0x00...0x7F: continue
            case 0xC2...0xDF: (needed, scalar) = (1, UInt32(byte & 0x1F))
            case 0xE0: (needed, lower, scalar) = (2, 0xA0, 0)
            case 0xE1...0xEC, 0xEE...0xEF: (needed, scalar) = (2, UInt32(byte & 0x0F))
            case 0xED: (needed, upper, scalar) = (2, 0x9F, 0x0D)
            case 0xF0: (needed, lower, scalar) = (3, 0x90, 0)
            case 0xF1...0xF3: (needed, scalar) = (3, UInt32(byte & 0x07))
            case 0xF4: (needed, upper, scalar) = (3, 0x8F, 4)
            default:
                failure = index - 1
                return false
            }
            sawNonASCII = true
            if byte & 0xF0 == 0xE0 { sawWide = true }
        }
        return true
    }

    /// False if the text ended inside a character.
    func finish() -> Bool { needed == 0 }
}

/// GB18030 to UTF-8 through iconv, across pieces: a character may be cut between two.
final class GB18030Decoder {
    private var converter: iconv_t?
    /// The bytes of a character cut at the end of the previous piece.
    private var carry: [UInt8] = []
    private var input: [UInt8] = []
    private var output: [UInt8] = []

    deinit {
        if let converter { iconv_close(converter) }
    }

    /// Converts `bytes`, which start at `offset` of the source (`last` when nothing follows), and
    /// hands the UTF-8 to `body`. Throws `TextDecodingError` at the first byte that is not GB18030.
    func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, last: Bool, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        if converter == nil {
            let opened = iconv_open("UTF-8", "GB18030")
            guard opened != iconv_t(bitPattern: -1) else { throw TextDecodingError.undecodable(offset: 0) }
            converter = opened
        }
        let start = offset - carry.count
        input.removeAll(keepingCapacity: true)
        input.append(contentsOf: carry)
        input.append(contentsOf: bytes)
        carry.removeAll(keepingCapacity: true)
        let total = input.count
        guard total > 0 else { return }
        // A GB18030 character never takes more than twice its bytes in UTF-8.
        if output.count < total * 2 + 16 { output = [UInt8](repeating: 0, count: total * 2 + 16) }
        var left = 0
        var failed = false
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                    .bindMemory(to: CChar.self, capacity: total)
                var inLeft = total
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                    .bindMemory(to: CChar.self, capacity: outBuffer.count)
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                // A character cut at the end of a piece waits for the next one.
                let cut = result == -1 && errno == EINVAL && !last
                failed = !cut && (result == -1 || inLeft != 0)
                left = inLeft
                return outBuffer.count - outLeft
            }
        }
        if failed { throw TextDecodingError.undecodable(offset: start + total - left) }
        carry.append(contentsOf: input[(total - left)...])
        try output.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
    }
}

extension GB18030Decoder {
    /// The GB18030 reading of a few bytes, nil when they are not GB18030.
    static func string(_ bytes: [UInt8]) -> String? {
        var text: [UInt8] = []
        do {
            try bytes.withUnsafeBufferPointer { try GB18030Decoder().decode($0, at: 0, last: true) { text.append(contentsOf: $0) } }
        } catch {
            return nil
        }
        return String(decoding: text, as: UTF8.self)
    }
}
