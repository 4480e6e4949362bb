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
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            if let text = String(validating: bytes.dropFirst(3), as: UTF8.self) { return (text, .utf8BOM) }
        } else if let text = String(validating: bytes, as: UTF8.self) {
            return (text, .utf8)
        }
        return (try decodeGB18030(bytes), .gb18030)
    }

    static func decodeGB18030(_ bytes: [UInt8]) throws(TextDecodingError) -> String {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { throw .undecodable(offset: 0) }
        defer { iconv_close(converter) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        let total = input.count
        var failedAt: Int?
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                    .bindMemory(to: CChar.self, capacity: total)
                var inLeft = total
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                    .bindMemory(to: CChar.self, capacity: outBuffer.count)
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 || inLeft != 0 { failedAt = total - inLeft }
                return outBuffer.count - outLeft
            }
        }
        if let failedAt { throw .undecodable(offset: failedAt) }
        guard let text = String(validating: output[0..<produced], as: UTF8.self) else { throw .undecodable(offset: 0) }
        return text
    }
}
