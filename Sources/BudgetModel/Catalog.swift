import Foundation

/// One code of a classification catalog.
public struct CatalogEntry: Equatable, Hashable, Sendable {
    public var kind: CodeKind
    public var code: String
    public var name: String

    public init(kind: CodeKind, code: String, name: String) {
        self.kind = kind
        self.code = code
        self.name = name
    }
}

/// The classification catalogs bundled with the tool (`Resources/catalogs`, copied from the
/// research in `shared/catalogs` with their provenance files beside them).
public struct Catalog: Sendable {
    public private(set) var functional: [String: String] = [:]
    public private(set) var economic: [String: String] = [:]
    /// The 类 of the functional catalog, in catalog order (201 … 234).
    public private(set) var functionalClasses: [String] = []

    public init(entries: [CatalogEntry]) {
        for entry in entries {
            switch entry.kind {
            case .functional:
                functional[entry.code] = entry.name
                if entry.code.count == 3 { functionalClasses.append(entry.code) }
            case .economic:
                economic[entry.code] = entry.name
            }
        }
    }

    /// The entries whose code starts with `query` or whose name contains it, both read as
    /// ``Vocabulary/fold(_:)`` reads a clerk's words (full-width digits and brackets, spaces),
    /// functional codes first, each kind in code order.
    public func search(_ query: String) -> [CatalogEntry] {
        guard let matches = Self.matcher(query) else { return [] }
        var found: [CatalogEntry] = []
        for (kind, names) in [(CodeKind.functional, functional), (.economic, economic)] {
            for (code, name) in names where matches(code, name) {
                found.append(CatalogEntry(kind: kind, code: code, name: name))
            }
        }
        return found.sorted { ($0.kind == .functional ? 0 : 1, $0.code) < ($1.kind == .functional ? 0 : 1, $1.code) }
    }

    /// Whether a code and its name answer `query`: digits are the start of the code, anything
    /// else a part of the name, both folded as a clerk's words are; nil for an empty query.
    static func matcher(_ query: String) -> ((String, String) -> Bool)? {
        let folded = Vocabulary.fold(query)
        guard !folded.isEmpty else { return nil }
        if folded.allSatisfy({ $0.isASCII && $0.isNumber }) { return { code, _ in code.hasPrefix(folded) } }
        return { _, name in Vocabulary.fold(name).contains(folded) }
    }

    public func name(_ kind: CodeKind, _ code: String) -> String? {
        kind == .functional ? functional[code] : economic[code]
    }

    /// The catalog shipped with the tool, built into the executable (`EmbeddedCatalogs`, made by
    /// `Scripts/embed-resources` from `Resources/catalogs`, where the provenance files are).
    public static let bundled: Catalog = {
        var entries: [CatalogEntry] = []
        for (kind, text) in [(CodeKind.functional, EmbeddedCatalogs.functional), (.economic, EmbeddedCatalogs.economicDepartment)] {
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                guard fields.count >= 2 else { continue }
                entries.append(CatalogEntry(kind: kind, code: String(fields[0]), name: String(fields[1])))
            }
        }
        return Catalog(entries: entries)
    }()
}

/// Where a code's name comes from, most authoritative first.
public enum CodeNameOrigin: String, Codable, Sendable {
    /// Loaded with `budget catalog import` from the finance bureau's list for the year.
    case bureau
    /// The bundled catalog.
    case bundled
    /// Given by the user for a code that no catalog has: `check` warns about it.
    case user
}

/// Names of codes as a project sees them: the bureau's list, then the bundled catalog, then
/// names the user gave for codes outside both.
public struct CodeBook: Sendable {
    public var bundled: Catalog
    public var bureau: [CodeKind: [String: String]]
    public var user: [CodeKind: [String: String]]

    public init(bundled: Catalog = .bundled, bureau: [CatalogEntry] = [], user: [CatalogEntry] = []) {
        self.bundled = bundled
        self.bureau = Dictionary(grouping: bureau, by: \.kind).mapValues { Dictionary($0.map { ($0.code, $0.name) }, uniquingKeysWith: { $1 }) }
        self.user = Dictionary(grouping: user, by: \.kind).mapValues { Dictionary($0.map { ($0.code, $0.name) }, uniquingKeysWith: { $1 }) }
    }

    public func lookup(_ kind: CodeKind, _ code: String) -> (name: String, origin: CodeNameOrigin)? {
        if let name = bureau[kind]?[code] { return (name, .bureau) }
        if let name = bundled.name(kind, code) { return (name, .bundled) }
        if let name = user[kind]?[code] { return (name, .user) }
        return nil
    }

    public func name(_ kind: CodeKind, _ code: String) -> String? { lookup(kind, code)?.name }

    /// The codes of `kind` a line item may carry (功能分类的“项”, 经济分类的“款”) whose code starts
    /// with `query` (digits) or whose name contains it, as ``Catalog/search(_:)`` reads it, each
    /// with the name the project shows (the bureau's, the bundled, the clerk's), in code order,
    /// at most `limit`; and how many there are in all.
    public func search(_ kind: CodeKind, _ query: String, limit: Int) -> (entries: [CatalogEntry], count: Int) {
        guard let matches = Catalog.matcher(query) else { return ([], 0) }
        var codes = Set(kind == .functional ? bundled.functional.keys : bundled.economic.keys)
        for more in [bureau[kind], user[kind]] { if let more { codes.formUnion(more.keys) } }
        let found = codes.filter(kind.isWellFormedLeaf).compactMap { code in
            name(kind, code).flatMap { matches(code, $0) ? CatalogEntry(kind: kind, code: code, name: $0) : nil }
        }
        return (Array(found.sorted { $0.code < $1.code }.prefix(max(0, limit))), found.count)
    }
}
