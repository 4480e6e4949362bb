import Foundation
import Testing

@testable import BudgetModel

@Suite("Catalog")
struct CatalogTests {
    @Test("the bundled catalog has the codes clerks use")
    func bundledNames() {
        let catalog = Catalog.bundled
        #expect(catalog.name(.functional, "2010306") == "政务公开审批")
        #expect(catalog.name(.functional, "20103") == "政府办公厅（室）及相关机构事务")
        #expect(catalog.name(.functional, "201") == "一般公共服务支出")
        #expect(catalog.name(.functional, "2080505") == "机关事业单位基本养老保险缴费支出")
        #expect(catalog.name(.economic, "30226") == "劳务费")
        #expect(catalog.name(.economic, "30101") == "基本工资")
        #expect(catalog.name(.economic, "301") == "工资福利支出")
    }

    @Test("kinds are kept apart and unknown codes have no name")
    func kindsApart() {
        let catalog = Catalog.bundled
        #expect(catalog.name(.economic, "2010306") == nil)
        #expect(catalog.name(.functional, "30226") == nil)
        #expect(catalog.name(.functional, "2999999") == nil)
        #expect(catalog.name(.economic, "39998") == nil)
        #expect(catalog.name(.functional, "code") == nil)  // the header row is not an entry
    }

    @Test("the bundled catalog is complete in size")
    func bundledSize() {
        // 1,519 functional and 110 economic rows below the header of the bundled CSV files.
        #expect(Catalog.bundled.functional.count == 1_519)
        #expect(Catalog.bundled.economic.count == 110)
        #expect(Catalog.bundled.functional.keys.allSatisfy { $0.hasPrefix("2") && [3, 5, 7].contains($0.count) })
        #expect(Catalog.bundled.economic.keys.allSatisfy { $0.hasPrefix("3") && [3, 5].contains($0.count) })
    }

    @Test("30 functional classes in catalog order, from 201 to 234")
    func functionalClasses() {
        let classes = Catalog.bundled.functionalClasses
        #expect(classes.count == 30)
        #expect(classes.first == "201")
        #expect(classes.last == "234")
        #expect(
            classes == [
                "201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "214", "215",
                "216", "217", "219", "220", "221", "222", "223", "224", "227", "229", "230", "231", "232", "233", "234",
            ])
    }

    @Test("a catalog built from entries")
    func fromEntries() {
        // Given
        let catalog = Catalog(entries: [
            CatalogEntry(kind: .functional, code: "299", name: "类"),
            CatalogEntry(kind: .functional, code: "29901", name: "款"),
            CatalogEntry(kind: .functional, code: "2990101", name: "项"),
            CatalogEntry(kind: .functional, code: "201", name: "一般公共服务支出"),
            CatalogEntry(kind: .economic, code: "399", name: "其他支出"),
        ])
        // Then
        #expect(catalog.functionalClasses == ["299", "201"])
        #expect(catalog.name(.functional, "2990101") == "项")
        #expect(catalog.name(.economic, "399") == "其他支出")
        #expect(catalog.functional.count == 4)
        #expect(catalog.economic.count == 1)
    }
}

@Suite("CodeBook")
struct CodeBookTests {
    @Test("bureau names win over bundled names, bundled over user names")
    func precedence() throws {
        // Given: the same codes named by all three sources
        let book = CodeBook(
            bureau: [CatalogEntry(kind: .functional, code: "2010306", name: "局：政务公开")],
            user: [
                CatalogEntry(kind: .functional, code: "2010306", name: "用户：政务公开"),
                CatalogEntry(kind: .economic, code: "30226", name: "用户：劳务"),
                CatalogEntry(kind: .economic, code: "39998", name: "用户：自定"),
            ])
        // When
        let functional = try #require(book.lookup(.functional, "2010306"))
        let economic = try #require(book.lookup(.economic, "30226"))
        let userOnly = try #require(book.lookup(.economic, "39998"))
        // Then
        #expect(functional.name == "局：政务公开")
        #expect(functional.origin == .bureau)
        #expect(economic.name == "劳务费")
        #expect(economic.origin == .bundled)
        #expect(userOnly.name == "用户：自定")
        #expect(userOnly.origin == .user)
        #expect(book.name(.economic, "39998") == "用户：自定")
    }

    @Test("bureau beats user for a code outside the bundled catalog")
    func bureauBeatsUser() throws {
        let book = CodeBook(
            bureau: [CatalogEntry(kind: .economic, code: "39998", name: "局")],
            user: [CatalogEntry(kind: .economic, code: "39998", name: "用户")])
        let entry = try #require(book.lookup(.economic, "39998"))
        #expect(entry.name == "局")
        #expect(entry.origin == .bureau)
    }

    @Test("names are looked up per kind")
    func perKind() {
        let book = CodeBook(user: [CatalogEntry(kind: .functional, code: "2999999", name: "自定")])
        #expect(book.name(.functional, "2999999") == "自定")
        #expect(book.name(.economic, "2999999") == nil)
        #expect(book.lookup(.economic, "39998") == nil)
    }

    @Test("the last of duplicate entries wins")
    func duplicates() {
        let book = CodeBook(bureau: [
            CatalogEntry(kind: .economic, code: "39998", name: "旧"),
            CatalogEntry(kind: .economic, code: "39998", name: "新"),
        ])
        #expect(book.name(.economic, "39998") == "新")
    }

    @Test("the default code book uses the bundled catalog")
    func defaultBook() {
        let book = CodeBook()
        #expect(book.lookup(.functional, "2010306")?.origin == .bundled)
        #expect(book.name(.economic, "30226") == "劳务费")
        #expect(book.bureau.isEmpty)
        #expect(book.user.isEmpty)
    }

    @Test("a custom bundled catalog replaces the shipped one")
    func customBundled() {
        let book = CodeBook(bundled: Catalog(entries: [CatalogEntry(kind: .economic, code: "39998", name: "测试")]))
        #expect(book.lookup(.economic, "39998")?.origin == .bundled)
        #expect(book.lookup(.economic, "30226") == nil)
    }
}

@Suite("Built-in catalogs")
struct EmbeddedCatalogTests {
    @Test("the catalogs built into the executable are the files in Resources (run Scripts/embed-resources after editing them)")
    func catalogsMatchFiles() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/BudgetModel/Resources/catalogs")
        for (name, embedded) in [("functional.csv", EmbeddedCatalogs.functional), ("economic-department.csv", EmbeddedCatalogs.economicDepartment)] {
            let file = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(embedded + "\n" == file || embedded == file, "\(name)")
        }
    }
}
