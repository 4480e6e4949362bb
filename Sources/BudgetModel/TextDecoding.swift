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

public enum TextDecodingError: Error, Equatable, Sendable {
    /// Neither UTF-8 nor GB18030: the byte offset of the first byte that fits neither.
    case undecodable(offset: Int)
}

public enum TextDecoding {
    /// Decodes bytes as UTF-8 (with or without a byte-order mark) or, failing that, GB18030/GBK,
    /// which is what Excel and WPS write when saving CSV on Chinese Windows.
    public static func decode(_ data: Data) throws(TextDecodingError) -> (text: String, encoding: TextEncoding) {
        func read(_ plan: TextStream.Plan) throws -> (text: String, encoding: TextEncoding) {
            var stream = TextStream(ByteSource(data), plan: plan, chunkSize: max(data.count, 1))
            var bytes: [UInt8] = []
            while try stream.next({ bytes.append(contentsOf: $0) }) {}
            return (String(decoding: bytes, as: UTF8.self), stream.encoding)
        }
        do {
            return try TextStream.withEitherPlan(read)
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
/// file is (a byte-order mark is dropped), as ``TextDecoding/decode(_:)`` has always decided.
/// That is known only at the end, so the pieces are checked before they are handed over, and the
/// first byte that is not UTF-8 throws ``NotUTF8``: the reader then throws away all it made of
/// the text and reads it again with `.gb18030`. A wrong guess is never kept.
public struct TextStream {
    public enum Plan: Sendable { case detect, gb18030 }

    /// The text is not UTF-8: read it again with the `.gb18030` plan.
    public struct NotUTF8: Error {}

    public static let defaultChunkSize = 1 << 20

    /// Runs `read` with the `.detect` plan, and again with `.gb18030` if the text proved not to
    /// be UTF-8; `read` must first undo whatever it did with the text before.
    public static func withEitherPlan<T>(_ read: (Plan) throws -> T) throws -> T {
        do {
            return try read(.detect)
        } catch is NotUTF8 {
            return try read(.gb18030)
        }
    }

    let source: ByteSource
    let chunkSize: Int
    public private(set) var encoding: TextEncoding
    /// Bytes of the source read so far.
    public private(set) var consumed = 0
    private var raw: [UInt8]
    private var validator = UTF8Validator()
    private let gb: GB18030Decoder?
    private var started = false

    public init(_ source: ByteSource, plan: Plan, chunkSize: Int = defaultChunkSize) {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        encoding = plan == .detect ? .utf8 : .gb18030
        // Room for a whole byte-order mark even in the smallest pieces.
        raw = [UInt8](repeating: 0, count: max(3, self.chunkSize))
        gb = plan == .gb18030 ? GB18030Decoder() : nil
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
        if let gb {
            try raw.withUnsafeBufferPointer { bytes in
                try gb.decode(UnsafeBufferPointer(rebasing: bytes[0..<count]), at: consumed - count, last: last) { text in
                    // iconv writes UTF-8; a fault there must not pass for text.
                    guard validator.validate(text) else { throw TextDecodingError.undecodable(offset: 0) }
                    try body(text)
                }
            }
            return !last
        }
        if last {
            guard validator.finish() else { throw NotUTF8() }
            return false
        }
        try raw.withUnsafeBufferPointer { bytes in
            let piece = UnsafeBufferPointer(rebasing: bytes[skip..<count])
            guard validator.validate(piece) else { throw NotUTF8() }
            try body(piece)
        }
        return true
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

/// Checks that bytes are well-formed UTF-8 (as `String(validating:)` does), across pieces: a
/// character may be cut between two.
struct UTF8Validator {
    /// Continuation bytes still expected, and the bounds of the next one.
    private var needed = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

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
                guard byte >= lower && byte <= upper else { return false }
                needed -= 1
                lower = 0x80
                upper = 0xBF
                continue
            }
            switch byte {
            case 0x00...0x7F: continue
            case 0xC2...0xDF: needed = 1
            case 0xE0: (needed, lower) = (2, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: needed = 2
            case 0xED: (needed, upper) = (2, 0x9F)
            case 0xF0: (needed, lower) = (3, 0x90)
            case 0xF1...0xF3: needed = 3
            case 0xF4: (needed, upper) = (3, 0x8F)
            default: return false
            }
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
