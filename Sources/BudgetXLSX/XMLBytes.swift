import Foundation

/// A small XML reader over the bytes of one part, for the few XLSX parts we read (sheets, shared
/// strings, the workbook and its relationships).
///
/// It makes a string only for what its caller asks for: element names are compared as bytes,
/// attributes are decoded when looked up, text only inside the elements that keep it. A reading
/// through Foundation's XMLParser made a string of every name, attribute and piece of text, and
/// was most of the time of reading back an exported workbook.
///
/// What it accepts is well-formed XML 1.0 without a DTD: elements (names with or without a
/// prefix, compared as written), attributes in double or single quotes, the five named entities
/// and character references, CDATA sections, comments and processing instructions. Line ends in
/// text become "\n" and whitespace in attribute values becomes spaces, as XML requires. Anything
/// else (an end tag that does not match, an unknown entity, text outside the root, a DOCTYPE, a
/// part cut short) is an ``XMLBytes/Failure`` naming the byte where it was found.
struct XMLBytes {
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "第 \(offset) 字节：\(reason)" }
    }

    /// A start or end tag, valid only inside the callback it is handed to.
    struct Tag {
        let bytes: UnsafeBufferPointer<UInt8>
        let name: Range<Int>
        /// The raw text between the name and the tag's end.
        let attributeText: Range<Int>

        /// Whether the element's name is `expected` (with its prefix, if it has one).
        func named(_ expected: StaticString) -> Bool {
            guard name.count == expected.utf8CodeUnitCount else { return false }
            return memcmp(bytes.baseAddress! + name.lowerBound, expected.utf8Start, name.count) == 0
        }

        var nameString: String { String(decoding: UnsafeBufferPointer(rebasing: bytes[name]), as: UTF8.self) }

        /// The decoded value of one attribute; nil when the tag has none of that name.
        func attribute(_ key: StaticString) throws -> String? {
            var found: String?
            try eachAttribute { name, value in
                if found == nil, name.count == key.utf8CodeUnitCount,
                    memcmp(bytes.baseAddress! + name.lowerBound, key.utf8Start, name.count) == 0
                {
                    found = try XMLBytes.decode(bytes, value, attribute: true)
                }
            }
            return found
        }

        /// Every attribute, decoded.
        func attributes() throws -> [String: String] {
            var all: [String: String] = [:]
            try eachAttribute { name, value in
                all[String(decoding: UnsafeBufferPointer(rebasing: bytes[name]), as: UTF8.self)] = try XMLBytes.decode(bytes, value, attribute: true)
            }
            return all
        }

        func eachAttribute(_ body: (Range<Int>, Range<Int>) throws -> Void) throws {
            var index = attributeText.lowerBound
            let end = attributeText.upperBound
            while true {
                while index < end, XMLBytes.isSpace(bytes[index]) { index += 1 }
                guard index < end else { return }
                let nameStart = index
                while index < end, !XMLBytes.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
                let name = nameStart..<index
                while index < end, XMLBytes.isSpace(bytes[index]) { index += 1 }
                guard !name.isEmpty, index < end, bytes[index] == UInt8(ascii: "=") else {
                    throw Failure(offset: index, reason: "属性写法不对")
                }
                index += 1
                while index < end, XMLBytes.isSpace(bytes[index]) { index += 1 }
                guard index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                    throw Failure(offset: index, reason: "属性值缺少引号")
                }
                let quote = bytes[index]
                index += 1
                let valueStart = index
                while index < end, bytes[index] != quote {
                    if bytes[index] == UInt8(ascii: "<") { throw Failure(offset: index, reason: "属性值中有“<”") }
                    index += 1
                }
                guard index < end else { throw Failure(offset: index, reason: "属性值没有结束") }
                try body(name, valueStart..<index)
                index += 1
                guard index == end || XMLBytes.isSpace(bytes[index]) else { throw Failure(offset: index, reason: "属性之间缺少空白") }
            }
        }
    }

    enum Event {
        case start(Tag)
        case end(Tag)
        /// Character data as a range of raw bytes (entities not yet decoded); `raw` for CDATA.
        case text(Range<Int>, raw: Bool)
    }

    /// Hands each start tag, end tag and run of text to `body`, in order; a self-closing tag
    /// gives a start and an end. Throws ``Failure`` at the first thing that is not well formed,
    /// or at an element nested deeper than `depth` (what the reader keeps of the open elements
    /// stays small, whatever the part).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, depth: Int = 64, _ body: (Event) throws -> Void) throws {
        var index = 0
        let count = bytes.count
        var open: [Range<Int>] = []
        var rootSeen = false
        func find(_ sequence: StaticString, from start: Int) -> Int? {
            let length = sequence.utf8CodeUnitCount
            var at = start
            while at + length <= count {
                if bytes[at] == sequence.utf8Start[0], memcmp(bytes.baseAddress! + at, sequence.utf8Start, length) == 0 { return at }
                at += 1
            }
            return nil
        }
        func startsWith(_ sequence: StaticString, at position: Int) -> Bool {
            let length = sequence.utf8CodeUnitCount
            return position + length <= count && memcmp(bytes.baseAddress! + position, sequence.utf8Start, length) == 0
        }
        // A byte order mark before the declaration.
        if startsWith("\u{FEFF}", at: 0) { index = 3 }
        while index < count {
            if bytes[index] != UInt8(ascii: "<") {
                let start = index
                while index < count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                if open.isEmpty {
                    // Outside the root element only whitespace may stand.
                    guard (start..<index).allSatisfy({ isSpace(bytes[$0]) }) else {
                        throw Failure(offset: start, reason: "根元素之外有文字")
                    }
                } else {
                    try body(.text(start..<index, raw: false))
                }
                continue
            }
            if startsWith("<?", at: index) {
                guard let end = find("?>", from: index + 2) else { throw Failure(offset: index, reason: "处理指令没有结束") }
                index = end + 2
            } else if startsWith("<!--", at: index) {
                guard let end = find("-->", from: index + 4) else { throw Failure(offset: index, reason: "注释没有结束") }
                index = end + 3
            } else if startsWith("<![CDATA[", at: index) {
                guard !open.isEmpty else { throw Failure(offset: index, reason: "根元素之外有 CDATA") }
                guard let end = find("]]>", from: index + 9) else { throw Failure(offset: index, reason: "CDATA 没有结束") }
                try body(.text(index + 9..<end, raw: true))
                index = end + 3
            } else if startsWith("<!", at: index) {
                throw Failure(offset: index, reason: "不支持 DOCTYPE 等声明")
            } else {
                // A tag: find its end outside quoted attribute values.
                var end = index + 1
                var quote: UInt8 = 0
                while end < count {
                    let byte = bytes[end]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        break
                    } else if byte == UInt8(ascii: "<") {
                        throw Failure(offset: end, reason: "标签中有“<”")
                    }
                    end += 1
                }
                guard end < count else { throw Failure(offset: index, reason: "标签没有结束") }
                let closing = bytes[index + 1] == UInt8(ascii: "/")
                let selfClosing = !closing && bytes[end - 1] == UInt8(ascii: "/")
                let nameStart = index + (closing ? 2 : 1)
                var nameEnd = nameStart
                let contentEnd = selfClosing ? end - 1 : end
                while nameEnd < contentEnd, !isSpace(bytes[nameEnd]), bytes[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
                guard nameEnd > nameStart else { throw Failure(offset: index, reason: "标签缺少名称") }
                let tag = Tag(bytes: bytes, name: nameStart..<nameEnd, attributeText: nameEnd..<contentEnd)
                if closing {
                    guard (nameEnd..<end).allSatisfy({ isSpace(bytes[$0]) }) else { throw Failure(offset: index, reason: "结束标签写法不对") }
                    guard let last = open.popLast(),
                        last.count == tag.name.count, memcmp(bytes.baseAddress! + last.lowerBound, bytes.baseAddress! + nameStart, last.count) == 0
                    else {
                        throw Failure(offset: index, reason: "结束标签“\(tag.nameString)”与开始标签不对应")
                    }
                    try body(.end(tag))
                } else {
                    guard !(open.isEmpty && rootSeen) else { throw Failure(offset: index, reason: "根元素之后还有元素") }
                    rootSeen = true
                    try body(.start(tag))
                    if selfClosing {
                        try body(.end(tag))
                    } else {
                        guard open.count < depth else { throw Failure(offset: index, reason: "元素嵌套超过 \(depth) 层（上限）") }
                        open.append(tag.name)
                    }
                }
                index = end + 1
            }
        }
        guard open.isEmpty, rootSeen else { throw Failure(offset: count, reason: rootSeen ? "文件在元素中间结束" : "没有根元素") }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The character data of a ``Event/text(_:raw:)`` event: CDATA as it stands, other text
    /// decoded; line ends made "\n" in both, as XML requires.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, raw: Bool) throws -> String {
        try decode(bytes, range, attribute: false, entities: !raw)
    }

    /// The text of `range` with entities and character references decoded, line ends made "\n"
    /// (and, in an attribute value, whitespace made spaces). Without `entities` (CDATA), only
    /// the line ends.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, attribute: Bool, entities: Bool = true) throws -> String {
        // Most text has nothing to decode: one string straight from the bytes. (A plain loop: the
        // generic `contains(where:)` costs several times more in a debug build, where the tests run.)
        var plain = true
        var scan = range.lowerBound
        while plain && scan < range.upperBound {
            let byte = bytes[scan]
            plain = !((entities && byte == UInt8(ascii: "&")) || byte == 0x0D || (attribute && (byte == 0x0A || byte == 0x09)))
            scan += 1
        }
        if plain { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == 0x0D {
                out.append(attribute ? 0x20 : 0x0A)
                index += 1
                if index < range.upperBound, bytes[index] == 0x0A { index += 1 }
            } else if attribute && (byte == 0x0A || byte == 0x09) {
                out.append(0x20)
                index += 1
            } else if entities && byte == UInt8(ascii: "&") {
                var end = index + 1
                while end < range.upperBound, bytes[end] != UInt8(ascii: ";"), end - index < 12 { end += 1 }
                guard end < range.upperBound, bytes[end] == UInt8(ascii: ";") else { throw Failure(offset: index, reason: "“&”后缺少“;”") }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[index + 1..<end]), as: UTF8.self)
                let scalar: Unicode.Scalar?
                switch name {
                case "lt": scalar = "<"
                case "gt": scalar = ">"
                case "amp": scalar = "&"
                case "quot": scalar = "\""
                case "apos": scalar = "'"
                default:
                    // Digits only: UInt32(_:radix:) would also take a sign.
                    let digits = name.hasPrefix("#x") ? name.dropFirst(2) : name.dropFirst()
                    if name.hasPrefix("#"), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0.isNumber) }) {
                        scalar = UInt32(digits, radix: name.hasPrefix("#x") ? 16 : 10).flatMap(Unicode.Scalar.init)
                    } else {
                        scalar = nil
                    }
                }
                guard let scalar, scalar.value != 0 else { throw Failure(offset: index, reason: "无法识别的实体“&\(name.prefix(12));”") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                index = end + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
