import BudgetKit
import BudgetModel
import BudgetReports
import BudgetTestSupport
import BudgetXLSX
import Foundation
import Testing

@testable import BudgetServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The rest of the project in the workbench's API: snapshots and the diff, the workbook as a
/// download, imports as uploads, and the parts of the project as pages.
@Suite("Browser workbench: snapshots, export, import and the project's pages")
struct WorkbenchProjectTests {
    static let project = "project=sample.budget"

    /// The sample's first line item (items.csv, line 2: 432001, 2010306, 30101, 120.30 万元).
    func firstItem(_ server: RunningServer) async throws -> [String: Any] {
        let page = try await server.send("GET", "/api/items?\(Self.project)&offset=0&limit=1")
        return try #require((page.json["items"] as? [[String: Any]])?.first)
    }

    func count(_ server: RunningServer) async throws -> Int {
        try await server.send("GET", "/api/items?\(Self.project)&limit=0").json["count"] as? Int ?? -1
    }

    /// No answer names a path of the server: neither the served folder nor a temporary file.
    func expectNoPath(_ answer: RunningServer.Answer, _ folder: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = String(decoding: answer.data, as: UTF8.self)
        #expect(!text.contains(folder) && !text.contains("/tmp") && !text.contains("budget-upload"), "\(text)", sourceLocation: sourceLocation)
    }

    @Test("save a snapshot, change an amount, the diff shows the item and every moved cell old → new; restore puts it back")
    func snapshotDiffRestore() async throws {
        let (server, path) = try await startedSample()
        let saved = try await server.send("POST", "/api/snapshots?\(Self.project)", body: ["name": "一上"])
        try #require(saved.status == 201, "\(saved.error)")
        let list = try await server.send("GET", "/api/snapshots?\(Self.project)")
        let snapshot = try #require((list.json["snapshots"] as? [[String: Any]])?.first)
        #expect(snapshot["name"] as? String == "一上" && snapshot["number"] as? Int == 1)
        // The sample: 53 items, 2343.44 万元 = 23,434,400.00 元.
        #expect(snapshot["itemCount"] as? Int == 53 && snapshot["totalText"] as? String == "23,434,400.00")

        let item = try await firstItem(server)
        // 1,203,000.00 元 → 1,213,000.00 元: +10,000 元 = +1.00 万元.
        let edit = try await server.send(
            "PATCH", "/api/items/\(item["id"]!)?\(Self.project)", body: ["changes": ["amount": "1213000"], "seen": item])
        try #require(edit.status == 200, "\(edit.error)")

        let diff = try await server.send("GET", "/api/diff?\(Self.project)&from=%E4%B8%80%E4%B8%8A")  // from=一上
        try #require(diff.status == 200, "\(diff.error)")
        #expect(diff.json["same"] as? Bool == false)
        #expect((diff.json["from"] as? String ?? "").hasPrefix("快照“一上”") && diff.json["to"] as? String == "当前项目")
        // 23,434,400.00 + 10,000.00 = 23,444,400.00 元.
        #expect(diff.json["oldTotal"] as? String == "23,434,400.00" && diff.json["newTotal"] as? String == "23,444,400.00")
        let items = diff.json["items"] as? [[String: Any]] ?? []
        #expect(items.count == 1 && items.first?["kind"] as? String == "修改")
        let fields = items.first?["fields"] as? [[String: Any]] ?? []
        #expect(fields.count == 1 && fields.first?["field"] as? String == "金额")
        #expect(fields.first?["old"] as? String == "1203000.00" && fields.first?["new"] as? String == "1213000.00")
        let tables = diff.json["tables"] as? [[String: Any]] ?? []
        let one = try #require(tables.first { $0["table"] as? String == "1" })
        #expect(one["unit"] as? String == "万元")
        let cells = one["cells"] as? [[String: Any]] ?? []
        // Table 1: 一般公共预算拨款收入 2343.44 → 2344.44 (+1.00); 一般公共服务支出 2092.43 → 2093.43.
        let income = try #require(cells.first { ($0["row"] as? String ?? "").contains("一般公共预算拨款收入") })
        #expect(income["old"] as? String == "2343.44" && income["new"] as? String == "2344.44" && income["delta"] as? String == "+1.00")
        #expect(cells.contains { $0["old"] as? String == "2092.43" && $0["new"] as? String == "2093.43" })
        #expect((income["items"] as? [Int]) == [item["id"] as? Int ?? 0])
        // The same comparison `budget diff` prints.
        let printed = try ProjectSession(path).diff(from: "一上", to: nil)
        #expect(diff.json["text"] as? String == DiffText.render(from: printed.from, to: printed.to, diff: printed.diff, reports: printed.reports))

        // Restore: the amount is the published one again, and the state before is a snapshot.
        let restored = try await server.send("POST", "/api/snapshots/restore?\(Self.project)", body: ["name": "一上"])
        try #require(restored.status == 200, "\(restored.error)")
        #expect((restored.json["savedAs"] as? String ?? "").hasPrefix("恢复“一上”之前"))
        #expect(try await firstItem(server)["amount"] as? Int == 120_300_000)
        let after = try await server.send("GET", "/api/snapshots?\(Self.project)")
        #expect((after.json["snapshots"] as? [[String: Any]])?.count == 2)
        server.stop()
    }

    @Test("snapshot refusals: no CSRF token, a name already used, an unknown snapshot; nothing written")
    func snapshotRefusals() async throws {
        let (server, path) = try await startedSample()
        let writes = try ProjectSession(path).writeCount()
        for (method, route) in [("POST", "/api/snapshots"), ("POST", "/api/snapshots/restore")] {
            let answer = try await server.send(method, "\(route)?\(Self.project)", body: ["name": "一上"], csrf: false)
            #expect(answer.status == 403, "\(route)")
        }
        #expect(try ProjectSession(path).writeCount() == writes)
        let unknown = try await server.send("POST", "/api/snapshots/restore?\(Self.project)", body: ["name": "二上"])
        #expect(unknown.status == 422 && unknown.error.contains("快照"), "\(unknown.error)")
        let noDiff = try await server.send("GET", "/api/diff?\(Self.project)")
        #expect(noDiff.status == 422 && noDiff.error.contains("还没有快照"), "\(noDiff.error)")
        #expect(try await server.send("POST", "/api/snapshots?\(Self.project)", body: ["name": "一上"]).status == 201)
        let twice = try await server.send("POST", "/api/snapshots?\(Self.project)", body: ["name": "一上"])
        #expect(twice.status != 201 && twice.status != 200, "\(twice.error)")
        let empty = try await server.send("POST", "/api/snapshots?\(Self.project)", body: ["name": " 一上"])
        #expect(empty.status == 422 && empty.error.contains("空格"), "\(empty.error)")
        expectNoPath(twice, server.keep?.path ?? "")
        server.stop()
    }

    @Test("the workbook download: the bytes `export` writes, a Chinese file name (RFC 5987), CSRF required, refused on errors unless forced")
    func workbookDownload() async throws {
        let (server, path) = try await startedSample()
        let answer = try await server.send("POST", "/api/export/workbook?\(Self.project)")
        try #require(answer.status == 200, "\(answer.error)")
        #expect(answer.headers["Content-Type"] as? String == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        // 石家庄高新技术产业开发区行政服务局2023年部门预算公开表.xlsx, percent-encoded as UTF-8.
        let name = "石家庄高新技术产业开发区行政服务局2023年部门预算公开表.xlsx"
        let disposition = answer.headers["Content-Disposition"] as? String ?? ""
        #expect(disposition.hasPrefix("attachment; filename=\"budget-2023.xlsx\"; filename*=UTF-8''"), "\(disposition)")
        let encoded = try #require(disposition.components(separatedBy: "filename*=UTF-8''").last)
        #expect(encoded.removingPercentEncoding == name && !encoded.contains(where: { !$0.isASCII }))
        #expect(disposition.contains("%E7%9F%B3%E5%AE%B6%E5%BA%84"), "石家庄 in UTF-8: E7 9F B3, E5 AE B6, E5 BA 84")
        // The same bytes as `budget export` (the workbook's dates are pinned to the budget year).
        let folder = TemporaryFolder()
        _ = try ProjectSession(path).export(to: folder.file("cli.xlsx"), force: false)
        #expect(answer.data == (try Data(contentsOf: URL(fileURLWithPath: folder.file("cli.xlsx")))))

        // GET: only with the page's token in the address.
        #expect(try await server.send("GET", "/api/export/workbook?\(Self.project)").status == 403)
        #expect(try await server.send("GET", "/api/export/workbook?\(Self.project)&csrf=0123").status == 403)
        #expect(try await server.send("POST", "/api/export/workbook?\(Self.project)", csrf: false).status == 403)
        let get = try await server.send("GET", "/api/export/workbook?\(Self.project)&csrf=\(server.csrf)")
        #expect(get.status == 200 && get.data == answer.data)

        // A project amount its items do not add up to: a check error. Refused, with the error listed.
        let projects = try await server.send("GET", "/api/part?\(Self.project)&part=projects")
        let project = try #require((projects.json["keys"] as? [String])?.first)
        let set = try await server.send("PATCH", "/api/projects?\(Self.project)", body: ["name": project, "amount": "1"])
        try #require(set.status == 200, "\(set.error)")
        let refused = try await server.send("POST", "/api/export/workbook?\(Self.project)")
        #expect(refused.status == 409)
        #expect(refused.error.contains("没有导出工作簿") && refused.error.contains("未经校验"), "\(refused.error)")
        let findings = refused.json["findings"] as? [String] ?? []
        #expect(findings.contains { $0.contains(project) }, "\(findings)")
        let forced = try await server.send("POST", "/api/export/workbook?\(Self.project)&force=1")
        #expect(forced.status == 200)
        #expect((forced.headers["Content-Disposition"] as? String ?? "").contains("%EF%BC%88%E6%9C%AA%E7%BB%8F%E6%A0%A1%E9%AA%8C%EF%BC%89"), "（未经校验）")
        expectNoPath(refused, server.keep?.path ?? "")
        server.stop()
    }

    @Test("the PDF download: written by publish, or, without its programs, a message that names the packages")
    func pdfDownload() async throws {
        let (server, _) = try await startedSample()
        #expect(try await server.send("GET", "/api/export/pdf?\(Self.project)").status == 403, "no CSRF token")
        // Refused by the check first, before any program is looked for: a project amount of 1 元.
        let projects = try await server.send("GET", "/api/part?\(Self.project)&part=projects")
        let project = try #require((projects.json["keys"] as? [String])?.first)
        _ = try await server.send("PATCH", "/api/projects?\(Self.project)", body: ["name": project, "amount": "1"])
        let refused = try await server.send("POST", "/api/export/pdf?\(Self.project)")
        #expect(refused.status == 409 && refused.error.contains("公开文件 PDF"), "\(refused.error)")
        server.stop()
    }

    @Test("the PDF download without LibreOffice: refused with a message that names the packages to install, and no path")
    func pdfWithoutPrograms() async throws {
        let (folder, _) = try sampleFolder()
        let empty = TemporaryFolder()
        // A PATH with no program on it: publish finds neither soffice, nor pdftotext, nor qpdf.
        let serve = try ServeProcess(folder.path, environment: ["PATH": empty.path, "HOME": empty.path])
        defer { serve.stop() }
        let session = URLSession(configuration: .ephemeral)
        let (start, _) = try await session.data(from: URL(string: serve.url + "api/session")!)
        let csrf = try #require((try JSONSerialization.jsonObject(with: start) as? [String: Any])?["csrf"] as? String)
        var request = URLRequest(url: URL(string: serve.url + "api/export/pdf?\(Self.project)")!)
        request.httpMethod = "POST"
        request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token")
        let (data, response) = try await session.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 503)
        let error = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["error"] as? String ?? ""
        #expect(error.contains("找不到 soffice") && error.contains("apt-get install libreoffice-calc-nogui libreoffice-writer-nogui"), "\(error)")
        #expect(!error.contains(folder.path) && !error.contains("/tmp") && !error.contains("out.pdf"), "\(error)")
    }

    @Test("an items CSV upload: a bad row refused with its file, line, column and value, nothing written; a good one imported")
    func csvImport() async throws {
        let (server, path) = try await startedSample()
        let header = "unit,functional,economic,type,nature,project,source,amount,note\n"
        let bad = header + "432001,2010306,30201,basic,public,,general,1000,\n432001,2999999,30201,basic,public,,general,500,\n"
        let writes = try ProjectSession(path).writeCount()
        let refused = try await server.send("POST", "/api/import?\(Self.project)&name=%E6%98%8E%E7%BB%86.csv", raw: Data(bad.utf8))  // 明细.csv
        #expect(refused.status == 422)
        let problem = try #require((refused.json["problems"] as? [[String: Any]])?.first)
        // The second row of data is line 3 of the file (the header is line 1).
        #expect(problem["file"] as? String == "明细.csv" && problem["line"] as? Int == 3, "\(problem)")
        #expect(problem["value"] as? String == "2999999" && (problem["column"] as? String ?? "").contains("功能"), "\(problem)")
        #expect(refused.error.contains("没有写入"), "\(refused.error)")
        #expect(try ProjectSession(path).writeCount() == writes)
        #expect(try await count(server) == 53)
        expectNoPath(refused, server.keep?.path ?? "")

        #expect(try await server.send("POST", "/api/import?\(Self.project)&name=a.csv", csrf: false, raw: Data(bad.utf8)).status == 403)
        let tooLarge = try await server.send(
            "POST", "/api/import?\(Self.project)&name=big.csv", raw: Data(repeating: 0x41, count: (32 << 20) + 1))
        #expect(tooLarge.status == 413 && tooLarge.error.contains("32 MB"), "\(tooLarge.error)")
        let empty = try await server.send("POST", "/api/import?\(Self.project)&name=empty.csv", raw: Data())
        #expect(empty.status == 400 && empty.error.contains("没有收到文件"), "\(empty.error)")

        let good = header + "432001,2010306,30201,basic,public,,general,1000,\n"
        let imported = try await server.send("POST", "/api/import?\(Self.project)&name=good.csv", raw: Data(good.utf8))
        try #require(imported.status == 200, "\(imported.error)")
        // 53 + 1 = 54 items; the project had items, so it was saved first.
        #expect(try await count(server) == 54)
        #expect((imported.json["snapshot"] as? String ?? "").hasPrefix("导入“good.csv”之前"))
        #expect((imported.json["lines"] as? [String] ?? []).contains { $0.contains("已导入 1 条明细，合计 1,000.00 元") })
        server.stop()
    }

    @Test("a workbook upload goes to the draft importer: a disclosure workbook is refused with its one message")
    func workbookImport() async throws {
        let (server, path) = try await startedSample()
        let folder = TemporaryFolder()
        _ = try ProjectSession(path).export(to: folder.file("out.xlsx"), force: false)
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("out.xlsx")))
        let refused = try await server.send("POST", "/api/import?\(Self.project)&name=out.xlsx", raw: data)
        #expect(refused.status == 422)
        let problems = refused.json["problems"] as? [[String: Any]] ?? []
        #expect(problems.count == 1 && problems.first?["file"] as? String == "out.xlsx", "\(problems)")
        #expect((problems.first?["message"] as? String ?? "").contains("公开表"), "\(problems)")
        #expect(try await count(server) == 53)
        server.stop()
    }

    @Test("a draft workbook upload: read back in place of the project's parts; a bad cell refused as sheet!cell, nothing written")
    func draftImport() async throws {
        let (server, path) = try await startedSample()
        let folder = TemporaryFolder()
        let draft = folder.file("填报.xlsx")
        _ = try ProjectSession(path).writeDraft(to: draft)
        let book = try XLSXWorkbook(path: draft, only: ["预算明细"])
        let sheet = try #require(book.sheet("预算明细"))
        let column = try #require((0..<20).first { sheet.cell(row: DraftLayout.headerRow, column: $0)?.value == "功能分类科目编码" })
        // The cell of the first line item's functional code, as Excel names it (row 3: total, header, first line).
        let place = "预算明细!" + XLSXReference.name(row: DraftLayout.firstDataRow, column: column)

        let bad = folder.file("bad.xlsx")
        try FileManager.default.copyItem(atPath: draft, toPath: bad)
        try WorkbookEdits.apply([.init(sheet: "预算明细", row: DraftLayout.firstDataRow, column: column, value: .text("2999999"))], to: bad)
        let writes = try ProjectSession(path).writeCount()
        let refused = try await server.send(
            "POST", "/api/import?\(Self.project)&name=bad.xlsx&mode=replace", raw: try Data(contentsOf: URL(fileURLWithPath: bad)))
        #expect(refused.status == 422)
        let problems = refused.json["problems"] as? [[String: Any]] ?? []
        #expect(problems.contains { $0["place"] as? String == place && $0["value"] as? String == "2999999" }, "\(place) \(problems)")
        #expect(try ProjectSession(path).writeCount() == writes, "nothing written")

        let imported = try await server.send(
            "POST", "/api/import?\(Self.project)&name=%E5%A1%AB%E6%8A%A5.xlsx&mode=replace", raw: try Data(contentsOf: URL(fileURLWithPath: draft)))
        try #require(imported.status == 200, "\(imported.error)")
        let lines = imported.json["lines"] as? [String] ?? []
        #expect(lines.first?.hasPrefix("已导入工作簿 填报.xlsx（替换了：") == true, "\(lines)")
        // The same 53 items, 2343.44 万元 = 23,434,400.00 元, read back.
        #expect(lines.contains { $0.contains("预算明细 53 条，合计 23,434,400.00 元") }, "\(lines)")
        #expect((imported.json["snapshot"] as? String ?? "").hasPrefix("导入“填报.xlsx”之前"))
        #expect(try await count(server) == 53)
        server.stop()
    }

    @Test("a restore and an import are announced to every open page as changes of the whole project")
    func restoreAndImportAnnounced() async throws {
        let (server, _) = try await startedSample()
        let (reader, task) = await EventReader.listening(to: server)
        defer { task.cancel() }
        #expect(try await server.send("POST", "/api/snapshots?\(Self.project)", body: ["name": "一上"]).status == 201)
        #expect(try await server.send("POST", "/api/snapshots/restore?\(Self.project)", body: ["name": "一上"]).status == 200)
        #expect(await reader.wait(for: #""origin":"restore","project":"sample.budget""#), "\(reader.text)")
        let csv = "unit,functional,economic,type,nature,project,source,amount,note\n432001,2010306,30201,basic,public,,general,1000,\n"
        #expect(try await server.send("POST", "/api/import?\(Self.project)&name=a.csv", raw: Data(csv.utf8)).status == 200)
        #expect(await reader.wait(for: #""origin":"import","project":"sample.budget""#), "\(reader.text)")
        server.stop()
    }

    @Test("downloads and uploads reach only the served folder's projects")
    func onlyServedProjects() async throws {
        let (server, _) = try await startedSample()
        for name in ["..%2Fsample.budget", "%2Fetc%2Fpasswd.budget", ".hidden.budget"] {
            #expect(try await server.send("POST", "/api/export/workbook?project=\(name)").status == 403, "\(name)")
            #expect(try await server.send("POST", "/api/import?project=\(name)&name=a.csv", raw: Data("x".utf8)).status == 403, "\(name)")
            #expect(try await server.send("GET", "/api/snapshots?project=\(name)").status == 403, "\(name)")
        }
        // An uploaded file's name is only its last part: it never names a place on the server.
        #expect(API.uploadName("../../etc/passwd") == "passwd" && API.uploadName("..") == "上传的文件" && API.uploadName("a\u{1B}b.csv") == "ab.csv")
        server.stop()
    }

    @Test("the project's parts as pages; units, projects and texts edited through the session, refusals located")
    func pages() async throws {
        let (server, path) = try await startedSample()
        for part in Self.parts {
            let answer = try await server.send("GET", "/api/part?\(Self.project)&part=\(part)")
            #expect(answer.status == 200, "\(part): \(answer.error)")
            #expect((answer.json["columns"] as? [String] ?? []).count > 0, "\(part)")
        }
        #expect(try await server.send("GET", "/api/part?\(Self.project)&part=secrets").status == 404)
        let units = try await server.send("GET", "/api/part?\(Self.project)&part=units")
        #expect((units.json["keys"] as? [String] ?? []).contains("432001"))

        // Units: add one, refuse it twice, refuse removing one with items, remove the new one.
        let unit = ["code": "432099", "name": "测试单位", "nature": "事业"]
        #expect(try await server.send("POST", "/api/units?\(Self.project)", body: unit, csrf: false).status == 403)
        #expect(try await server.send("POST", "/api/units?\(Self.project)", body: unit).status == 201)
        #expect(try ProjectSession(path).units().contains { $0.code == "432099" && $0.nature == .institution })
        let badNature = try await server.send("POST", "/api/units?\(Self.project)", body: ["code": "432098", "name": "x", "nature": "企业"])
        #expect(badNature.status == 422 && badNature.error.contains("单位性质"), "\(badNature.error)")
        let used = try await server.send("DELETE", "/api/units?\(Self.project)&code=432001")
        #expect(used.status == 422 && used.error.contains("预算明细"), "\(used.error)")
        #expect(try await server.send("DELETE", "/api/units?\(Self.project)&code=432099").status == 200)
        #expect(try !ProjectSession(path).units().contains { $0.code == "432099" })

        // Texts: a section's paragraphs, one a line.
        let texts = try await server.send("GET", "/api/texts?\(Self.project)")
        #expect((texts.json["sections"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" } == TextSection.allCases.map(\.chineseName))
        let set = try await server.send("PUT", "/api/texts?\(Self.project)&section=duties", body: ["text": "第一段。\n\n第二段。"])
        #expect(set.status == 200 && set.json["paragraphs"] as? Int == 2, "\(set.error)")
        #expect(try ProjectSession(path).documentData().texts[.duties] == ["第一段。", "第二段。"])
        #expect(try await server.send("PUT", "/api/texts?\(Self.project)&section=nope", body: ["text": "x"]).status == 404)
        #expect(try await server.send("PUT", "/api/texts?\(Self.project)&section=duties", body: ["text": "x"], csrf: false).status == 403)

        // Projects: rename, a declared amount in 万元 said back in 元 and 万元, a bad amount refused.
        let projects = try await server.send("GET", "/api/part?\(Self.project)&part=projects")
        let name = try #require((projects.json["keys"] as? [String])?.first)
        let amount = try await server.send(
            "PATCH", "/api/projects?\(Self.project)", body: ["name": name, "amount": "12.5", "amountUnit": "wan"])
        // 12.5 万元 = 125,000.00 元.
        #expect(amount.status == 200 && amount.json["amount"] as? String == "125,000.00 元（12.50 万元）", "\(amount.json)")
        let badAmount = try await server.send("PATCH", "/api/projects?\(Self.project)", body: ["name": name, "amount": "十元"])
        #expect(badAmount.status == 422 && badAmount.error.contains("十元"), "\(badAmount.error)")
        let renamed = try await server.send("PATCH", "/api/projects?\(Self.project)", body: ["name": name, "rename": name + "（二期）"])
        #expect(renamed.status == 200, "\(renamed.error)")
        #expect(try ProjectSession(path).projects().projects.contains { $0.project.name == name + "（二期）" })
        let both = try await server.send("PATCH", "/api/projects?\(Self.project)", body: ["name": name, "rename": "a", "amount": "1"])
        #expect(both.status == 400)

        // Last year's figures: 基本支出 1794.76 万元 = 17,947,600.00 元 with its reason; “三公”经费 is the sum of four.
        let prior = try await server.send(
            "PATCH", "/api/prior?\(Self.project)", body: ["item": "basic", "amount": "1794.76", "amountUnit": "wan", "reason": "人员增加"])
        #expect(prior.status == 200, "\(prior.error)")
        let document = try ProjectSession(path).documentData()
        #expect(document.prior.amounts[.basic] == 1_794_760_000 && document.prior.reasons[.basic] == "人员增加")
        let shownPrior = try await server.send("GET", "/api/part?\(Self.project)&part=prior")
        #expect((shownPrior.json["rows"] as? [[String]])?.first { $0.first == "基本支出" } == ["基本支出", "17,947,600.00", "人员增加"])
        let threePublic = try await server.send("PATCH", "/api/prior?\(Self.project)", body: ["item": "three-public", "amount": "5"])
        #expect(threePublic.status == 422 && threePublic.error.contains("四个分项"), "\(threePublic.error)")
        #expect(try await server.send("PATCH", "/api/prior?\(Self.project)", body: ["item": "nope", "amount": "5"]).status == 400)

        // Assets: 资产总额 970 万元 = 9,700,000.00 元; 车辆数 not a count refused; an unknown field refused.
        let assets = try await server.send(
            "PATCH", "/api/assets?\(Self.project)", body: ["changes": ["total": "970"], "amountUnit": "wan"])
        #expect(assets.status == 200, "\(assets.error)")
        #expect(try ProjectSession(path).documentData().assets.total == 970_000_000)
        let vehicles = try await server.send("PATCH", "/api/assets?\(Self.project)", body: ["changes": ["vehicles": "三辆"]])
        #expect(vehicles.status == 422 && vehicles.error.contains("三辆"), "\(vehicles.error)")
        #expect(try await server.send("PATCH", "/api/assets?\(Self.project)", body: ["changes": ["secret": "1"]]).status == 400)
        #expect(try await server.send("PATCH", "/api/assets?\(Self.project)", body: ["changes": ["total": "1"]], csrf: false).status == 403)
        server.stop()
    }

    static let parts = ["units", "projects", "procurement", "assets", "prior", "roster", "standards", "caps"]
}
