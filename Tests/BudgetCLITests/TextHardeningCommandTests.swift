import BudgetTestSupport
import Foundation
import GRDB
import Testing

// Cases 4, 5 and 12 of the hardening issue, as a clerk met them: through the executable.

private let header = Array("unit,functional,economic,type,nature,project,source,amount,note\n".utf8)
private let row = Array("432001,2010306,30201,basic,,,general,1,".utf8)
private let xueXi: [UInt8] = [0xD1, 0xA7, 0xCF, 0xB0]  // 学习 in GBK; also UTF-8, “ѧϰ”
private let yiXie: [UInt8] = [0xD2, 0xBB, 0xD0, 0xA9]  // 一些 in GBK; also UTF-8, “һЩ”
private let banGong: [UInt8] = [0xB0, 0xEC, 0xB9, 0xAB]  // 办公 in GBK

private func csv(_ notes: [UInt8]...) -> Data { Data(header + notes.flatMap { row + $0 + [0x0A] }) }

/// No byte of standard error can drive a terminal: no C0 control but the line break, no DEL, no C1.
private func expectInert(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let bad = text.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    #expect(bad == nil, "a control character reached the terminal: \(String(describing: bad))", sourceLocation: sourceLocation)
}

@Suite("Encodings, escapes and messages through the executable")
struct TextHardeningCommandTests {
    // MARK: - 4 encodings

    @Test("4: a GBK file whose bytes are valid UTF-8 is refused with both readings; --encoding gb18030 imports it right")
    func gbkThatIsUTF8() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let before = bytes(path)
        let file = folder.file("gbk.csv")
        try csv(xueXi, yiXie).write(to: URL(fileURLWithPath: file))

        let refused = try budget("import", path, file)

        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("错误 E-INPUT：gbk.csv，第 2 行：无法确定文件的文字编码：这一行按 UTF-8 读是“ѧϰ”，按 GB18030（GBK）读是“学习”"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--encoding utf-8 或 --encoding gb18030"))
        #expect(bytes(path) == before)

        let imported = try budget("import", path, file, "--encoding", "gb18030")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("已导入 2 条明细") && imported.stdout.contains("文件编码：GB18030"))
        let out = folder.file("out.csv")
        #expect(try budget("export-csv", path, out).status == 0)
        let exported = String(decoding: try #require(bytes(out)), as: UTF8.self)
        #expect(exported.contains(",学习\r\n") || exported.contains(",学习\n"), "\(exported)")
        #expect(exported.contains("一些"))
    }

    @Test("4: a file mixing GB18030 and UTF-8 rows is refused at the UTF-8 row, showing 备注 and 澶囨敞")
    func mixed() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let before = bytes(path)
        let file = folder.file("mixed.csv")
        try csv(banGong, Array("备注".utf8)).write(to: URL(fileURLWithPath: file))

        let result = try budget("import", path, file)

        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix("错误 E-INPUT：mixed.csv，第 3 行：文件混用了两种文字编码：这一行是 UTF-8（读作“备注”，按 GB18030 读会成为“澶囨敞”），第 2 行却只能按 GB18030（GBK）读"),
            "\(result.stderr)")
        #expect(bytes(path) == before)
    }

    @Test("4: the small CSV importers take --encoding too (unit import)")
    func unitImport() throws {
        let folder = TemporaryFolder()
        let path = try initProject(folder.file("p.budget"))
        let before = bytes(path)
        let file = folder.file("units.csv")
        try Data(Array("code,name,nature\n432009,".utf8) + xueXi + Array(",admin\n".utf8)).write(to: URL(fileURLWithPath: file))
        let refused = try budget("unit", "import", path, file)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("units.csv，第 2 行：无法确定文件的文字编码：这一行按 UTF-8 读是“ѧϰ”，按 GB18030（GBK）读是“学习”"), "\(refused.stderr)")
        #expect(bytes(path) == before)
        let imported = try budget("unit", "import", path, file, "--encoding", "gbk")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try budget("unit", "list", path).stdout.contains("学习"))
    }

    @Test("4: an unknown --encoding is a usage error")
    func unknownEncoding() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let result = try budget("import", path, Sample.items, "--encoding", "latin1")
        #expect(result.status == 64)
        #expect(result.stderr.contains("latin1"))
    }

    // MARK: - 5 terminal escapes

    @Test("5: control characters from a CSV are shown escaped: no window title, no cleared screen")
    func escapes() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let file = folder.file("esc.csv")
        try Data(header + Array("432001\u{1B}]0;被改掉的标题\u{07}\u{1B}[2J,2010306,30201,basic,,,general,1,\n".utf8)).write(to: URL(fileURLWithPath: file))

        let result = try budget("import", path, file)

        #expect(result.status == 1)
        #expect(result.stderr.contains(#"值“432001\u{1B}]0;被改掉的标题\u{7}\u{1B}[2J”"#), "\(result.stderr)")
        expectInert(result.stderr)
    }

    @Test("5: a usage error echoes what was typed escaped too")
    func usageError() throws {
        let result = try budget("import", "p.budget", "a.csv", "--unit", "\u{1B}]0;标题\u{07}")
        #expect(result.status == 64)
        #expect(result.stderr.contains(#"选项 --unit 的值“\u{1B}]0;标题\u{7}”不对"#), "\(result.stderr)")
        expectInert(result.stderr)
    }

    @Test("5: a 100,000-character value gives a short message")
    func longValue() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let file = folder.file("long.csv")
        try Data(header + Array((String(repeating: "长", count: 100_000) + ",2010306,30201,basic,,,general,1,\n").utf8)).write(
            to: URL(fileURLWithPath: file))

        let result = try budget("import", path, file)

        #expect(result.status == 1)
        #expect(result.stderr.contains(String(repeating: "长", count: 60) + "…（共 100000 个字符）"), "\(result.stderr.prefix(400))")
        #expect(result.stderr.utf8.count < 2_000, "\(result.stderr.utf8.count) bytes")
    }

    @Test("5: a workbook's sheet names given as &#27; and 100,000 characters are escaped and cut")
    func sheetNames() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let before = bytes(path)
        let workbook = folder.file("esc.xlsx")
        let items: [[(any Sendable)?]] = [
            ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "资金来源", "金额"],
            ["432001", "2010306", "30101", "基本支出", "一般公共预算拨款", 12.345],
        ]
        let long = String(repeating: "表", count: 100_000)
        var parts = HandmadeXLSX.parts([HandmadeXLSX.Sheet("ESC", table: items), HandmadeXLSX.Sheet(long, table: items)])
        // The sheet name as a workbook may carry it: a character reference in workbook.xml.
        let index = try #require(parts.firstIndex { $0.name == "xl/workbook.xml" })
        parts[index].data = Data(
            String(decoding: parts[index].data, as: UTF8.self)
                .replacingOccurrences(of: "name=\"ESC\"", with: "name=\"&#27;]0;标题&#7;\"").utf8)
        try HandmadeXLSX.write(workbook, parts: parts)

        let result = try budget("import", path, workbook)

        #expect(result.status == 1)
        #expect(result.stderr.contains(#"esc.xlsx，\u{1B}]0;标题\u{7}!F2，“金额”列，值“12.345”"#), "\(result.stderr.prefix(600))")
        #expect(result.stderr.contains(String(repeating: "表", count: 60) + "…（共 100000 个字符）"))
        #expect(result.stderr.utf8.count < 4_000, "\(result.stderr.utf8.count) bytes")
        expectInert(result.stderr)
        #expect(bytes(path) == before)
    }

    // MARK: - 12 messages that name the wrong cause

    @Test("12: a unit code with a zero-width space names the character and where it is, not 没有这个单位")
    func zeroWidthUnitCode() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let file = folder.file("zw.csv")
        try Data(header + Array("432001\u{200B},2010306,30201,basic,,,general,1,\n".utf8)).write(to: URL(fileURLWithPath: file))

        let result = try budget("import", path, file)

        #expect(result.status == 1)
        #expect(result.stderr.contains(#"值“432001\u{200B}”：在第 7 个字符处含有看不见的字符 U+200B（零宽空格）"#), "\(result.stderr)")
        #expect(!result.stderr.contains("没有这个单位"))
        let added = try budget("unit", "add", path, "--code", "432\u{200B}009", "--name", "单位", "--nature", "行政")
        #expect(added.status == 1 && added.stderr.contains("在第 4 个字符处含有看不见的字符 U+200B"), "\(added.stderr)")
    }

    @Test("12: two projects that would look the same: a name with a zero-width or direction character is refused")
    func lookalikeProjects() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        #expect(try budget("project", "add", path, "--name", "政务平台运维").status == 0)
        let twin = try budget("project", "add", path, "--name", "政务平台\u{200B}运维")
        #expect(twin.status == 1 && twin.stderr.contains("在第 5 个字符处含有看不见的字符 U+200B（零宽空格）"), "\(twin.stderr)")
        let reversed = try budget("project", "add", path, "--name", "\u{202E}维运台平务政")
        #expect(reversed.status == 1 && reversed.stderr.contains("U+202E（文字方向控制符）"), "\(reversed.stderr)")
        expectInert(reversed.stderr)
        #expect(!reversed.stderr.unicodeScalars.contains("\u{202E}"))
        let note = try budget("project", "add", path, "--name", "乙项目", "--note", "备\u{2066}注")
        #expect(note.status == 1 && note.stderr.contains("U+2066"), "\(note.stderr)")
        #expect(try budget("project", "list", path).stdout.components(separatedBy: "政务平台").count == 2)
    }

    @Test("12: merge given one file twice (the same path, a symbolic link, a hard link) says so once")
    func mergeSameFile() throws {
        let folder = TemporaryFolder()
        let a = try makeSampleProject(folder.file("a.budget"))
        try FileManager.default.createSymbolicLink(atPath: folder.file("link.budget"), withDestinationPath: a)
        try FileManager.default.linkItem(atPath: a, toPath: folder.file("hard.budget"))
        for other in [a, folder.file("link.budget"), folder.file("hard.budget")] {
            let result = try budget("merge", folder.file("m.budget"), a, other)
            #expect(result.status == 1)
            #expect(result.stderr.contains("同一个文件给了两次"), "\(result.stderr)")
            #expect(result.stderr.contains("共 1 处问题") || !result.stderr.contains("处问题"), "\(result.stderr)")
            #expect(occurrences(of: "\n", in: result.stderr) <= 2, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.file("m.budget")))
        }
    }

    @Test("12: a number in scientific notation in a workbook is named as Excel shows it, never 科学计数法")
    func hugeNumber() throws {
        let folder = TemporaryFolder()
        let path = try makeEmptyProject(folder.file("p.budget"))
        let before = bytes(path)
        let workbook = folder.file("big.xlsx")
        let header: [(any Sendable)?] = ["单位编码", "功能分类科目编码", "经济分类科目编码", "支出类型", "资金来源", "金额"]
        var rows = HandmadeXLSX.Sheet("预算明细", table: [header]).rows
        for (number, stored) in [(2, "1e308"), (3, "1.5E-50"), (4, "1.23456789012345678E+45")] {
            rows +=
                "<row r=\"\(number)\">"
                + ["432001", "2010306", "30101", "基本支出", "一般公共预算拨款"].enumerated().map {
                    HandmadeXLSX.inline(HandmadeXLSX.reference(row: number - 1, column: $0.offset), $0.element)
                }.joined() + HandmadeXLSX.number("F\(number)", stored) + "</row>"
        }
        try HandmadeXLSX.write(workbook, [HandmadeXLSX.Sheet("预算明细", rows: rows)])

        let result = try budget("import", path, workbook)

        #expect(result.status == 1)
        #expect(!result.stderr.contains("科学计数法"), "\(result.stderr)")
        #expect(result.stderr.contains("预算明细!F2，“金额”列，值“1e308”：这个数字太大或太精确（Excel 中显示为 1E+308），不能作为金额或编码"), "\(result.stderr)")
        #expect(result.stderr.contains("预算明细!F3，“金额”列，值“1.5E-50”：这个数字太大或太精确（Excel 中显示为 1.5E-50）"), "\(result.stderr)")
        #expect(result.stderr.contains("预算明细!F4，“金额”列，值“1.23456789012345678E+45”：这个数字太大或太精确（Excel 中显示为 1.23456789012346E+45）"), "\(result.stderr)")
        #expect(bytes(path) == before)
    }

    @Test("12: E-BUSY while another program only reads says the file is in use, not that it is being changed")
    func busyWhileReading() throws {
        let folder = TemporaryFolder()
        let path = try makeSampleProject(folder.file("p.budget"))
        let before = bytes(path)
        let queue = try DatabaseQueue(path: path)
        let result = try queue.writeWithoutTransaction { db -> CommandResult in
            // A reader in the middle of a long read: SQLite's SHARED lock, which a commit must wait for.
            try db.execute(sql: "BEGIN DEFERRED")
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
            defer { try? db.execute(sql: "ROLLBACK") }
            return try budget("item", "rm", path, "1")
        }
        try queue.close()
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("错误 E-BUSY：另一个程序正在使用 \(path)（读取或修改它）"), "\(result.stderr)")
        #expect(!result.stderr.contains("正在修改"))
        #expect(bytes(path) == before)
    }
}
