import BudgetTestSupport
import Foundation
import Testing

@testable import BudgetKit

@Suite("The statement's Word styles")
struct StatementDocxTests {
    @Test(
        "the reference documents built into the executable are the files in Resources (run Scripts/embed-resources after Scripts/make-reference-docx)"
    )
    func referenceMatchesFile() throws {
        let folder = PackagePaths.root.appendingPathComponent("Sources/BudgetKit/Resources")
        let pairs = [
            ("statement-reference.docx", EmbeddedStatementStyles.reference),
            ("statement-reference-unchecked.docx", EmbeddedStatementStyles.referenceUnchecked),
        ]
        for (file, embedded) in pairs {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            #expect(Data(base64Encoded: embedded, options: .ignoreUnknownCharacters) == bytes, "\(file)")
        }
    }

    @Test("only an output ending in .docx (any case) is written as a Word document")
    func docxByName() {
        #expect(StatementDocx.isDocx("情况说明.docx"))
        #expect(StatementDocx.isDocx("OUT.DOCX"))
        #expect(!StatementDocx.isDocx("情况说明.md"))
        #expect(!StatementDocx.isDocx("docx"))
        #expect(!StatementDocx.isDocx("a.docx.md"))
    }
}
