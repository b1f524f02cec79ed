import Foundation
import Testing
import TestSupport

/// "Nothing silent, nothing damaged": every file a scan looks at is accounted for — audited,
/// audited with a warning, listed as not read with its reason, or refused with its reason — in
/// every report format; apps without a category, folders of several apps and cut-short pages are
/// said out loud. Each test builds its folder, runs the built binary and reads its reports.
@Suite(.serialized) struct InputAccountingTests {
    static let refusal = "如您拒绝授权通讯录，我们将无法为您提供借款服务。"
    /// A lending agreement that gives findings, and is recognised as lending from its words.
    static let lendingPage = """
        <html><head><meta charset="utf-8"><title>借款协议</title></head><body>
        <p>\(refusal)</p>
        <p>借款人逾期未还款的，我们将联系您的通讯录联系人进行催收。借款、还款、放款均通过本平台。</p>
        </body></html>
        """
    static let androidManifest = """
        <?xml version="1.0" encoding="utf-8"?>
        <manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.loan">
            <uses-permission android:name="android.permission.READ_CONTACTS"/>
            <uses-permission android:name="android.permission.READ_SMS"/>
        </manifest>
        """

    /// A temporary folder holding `root`, removed at the end of the test.
    final class Folder {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-inputs-\(UUID().uuidString)")

        func write(_ path: String, _ contents: String) throws { try write(path, Data(contents.utf8)) }

        func write(_ path: String, _ data: Data) throws {
            let url = base.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }

        deinit { try? FileManager.default.removeItem(at: base) }
    }

    /// All four reports of one scan of `root` (run inside the folder), and how it ended.
    struct Scan {
        var run: BinaryRun
        var markdown: String
        var json: [String: Any]
        var sarif: String
        var junit: String

        var apps: [[String: Any]] { json["apps"] as? [[String: Any]] ?? [] }
        func app(_ name: String) -> [String: Any]? { apps.first { $0["name"] as? String == name } }
        func documents(_ app: String) -> [String] {
            ((self.app(app)?["inventory"] as? [String: Any])?["documents"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        }
        func findings(_ app: String) -> [[String: Any]] { self.app(app)?["findings"] as? [[String: Any]] ?? [] }
        func entries(_ key: String) -> [(path: String, reason: String)] {
            (json[key] as? [[String: Any]] ?? []).map { ($0["path"] as? String ?? "", $0["reason"] as? String ?? "") }
        }
        var skipped: [(path: String, reason: String)] { entries("skippedFiles") }
        var warnings: [(path: String, reason: String)] { entries("warnings") }
        var errors: [(path: String, reason: String)] { entries("inputErrors") }

        /// Whether every format names `path` with words from `reason`.
        func everyFormatNames(_ path: String, _ reason: String) -> Bool {
            markdown.contains("`\(path)`") && markdown.contains(reason)
                && sarif.contains(path) && sarif.contains(reason)
                && junit.contains(path) && junit.contains(reason)
        }
    }

    static func scan(_ folder: Folder, _ root: String, _ extra: [String] = []) throws -> Scan {
        let out = folder.base.appendingPathComponent(".out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRun.lendaudit(
            ["scan", root, "--output", out.appendingPathComponent("r.md").path, "--json", out.appendingPathComponent("r.json").path,
             "--sarif", out.appendingPathComponent("r.sarif").path, "--junit", out.appendingPathComponent("r.xml").path] + extra,
            in: folder.base.path)
        func text(_ name: String) -> String { (try? String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)) ?? "" }
        let json = (try? JSONSerialization.jsonObject(with: Data(text("r.json").utf8))) as? [String: Any] ?? [:]
        return Scan(run: run, markdown: text("r.md"), json: json, sarif: text("r.sarif"), junit: text("r.xml"))
    }

    // MARK: - Files lendaudit does not read

    @Test func documentsInOtherFormatsAreListedAndAnAppOfOnlyThoseIsAnInputError() throws {
        let folder = Folder()
        try folder.write("market/docapp/terms.docx", "PK\u{3}\u{4} not really a document")
        try folder.write("market/docapp/privacy.pdf", "%PDF-1.4")
        try folder.write("market/goodapp/terms.html", Self.lendingPage)
        let scan = try Self.scan(folder, "market", ["--fail-on", "none"])

        #expect(scan.run.status == 3, "an app that vanished leaves the audit incomplete: \(scan.run.stderr)")
        #expect(scan.skipped.map(\.path) == ["market/docapp/privacy.pdf", "market/docapp/terms.docx"])
        #expect(scan.everyFormatNames("market/docapp/terms.docx", "lendaudit does not read .docx files; save the document as HTML or text"))
        #expect(scan.errors.contains { $0.path == "market/docapp" && $0.reason.contains("no agreement or manifest lendaudit reads here") })
        #expect(scan.markdown.contains("2 files lendaudit does not read: .docx, .pdf — save agreements as HTML or text"))
        #expect(!scan.markdown.contains("## Inputs that could not be audited\n\nNone."))
        #expect(scan.run.stderr.contains("2 files lendaudit does not read: .docx, .pdf"))
    }

    // MARK: - Sniffed by content

    @Test func pagesSavedUnderServerNamesAndMHTMLArchivesAreAudited() throws {
        let folder = Folder()
        try folder.write("pages/jsp/agreement.jsp", Self.lendingPage)
        try folder.write("pages/php/index.php", Self.lendingPage)
        try folder.write("pages/shtml/terms.shtml", Self.lendingPage)
        try folder.write("pages/php/notes.php", "<?php echo 'not a saved page'; ?>")
        // Chrome's "webpage, single file": quoted-printable HTML, then a picture.
        let quoted = Self.quotedPrintable(Self.lendingPage)
        try folder.write("pages/mht-qp/saved.mhtml", """
            From: <Saved by Blink>\r
            Snapshot-Content-Location: https://loan.example/agreement\r
            MIME-Version: 1.0\r
            Content-Type: multipart/related;\r
            \ttype="text/html";\r
            \tboundary="----MultipartBoundary--Ab12----"\r
            \r
            ------MultipartBoundary--Ab12----\r
            Content-Type: text/html\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            \(quoted)\r
            ------MultipartBoundary--Ab12----\r
            Content-Type: image/png\r
            Content-Transfer-Encoding: base64\r
            \r
            iVBORw0KGgo=\r
            ------MultipartBoundary--Ab12------\r

            """)
        // Internet Explorer's .mht: base64 HTML in GBK, the charset in the MIME header only.
        let gbk = try #require(Self.gbk(Self.lendingPage.replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "")))
        try folder.write("pages/mht-b64/saved.mht", """
            MIME-Version: 1.0
            Content-Type: multipart/related; boundary="NextPart_000"

            --NextPart_000
            Content-Type: text/html; charset="gb2312"
            Content-Transfer-Encoding: base64

            \(gbk.base64EncodedString(options: .lineLength76Characters))
            --NextPart_000--

            """)
        let scan = try Self.scan(folder, "pages", ["--fail-on", "none"])

        #expect(scan.run.status == 0, "\(scan.run.stderr)")
        for (app, path) in [("jsp", "jsp/agreement.jsp"), ("php", "php/index.php"), ("shtml", "shtml/terms.shtml"),
                            ("mht-qp", "mht-qp/saved.mhtml"), ("mht-b64", "mht-b64/saved.mht")] {
            #expect(scan.documents(app) == ["pages/" + path], "\(app)")
            #expect(scan.findings(app).contains { $0["ruleId"] as? String == "CN-REFUSE-WITHOUT-CONTACTS" || ($0["quote"] as? String ?? "").contains("拒绝授权通讯录") },
                    "\(app) gave no finding on its refusal clause")
        }
        let mhtml = try #require((scan.app("mht-qp")?["inventory"] as? [String: Any])?["documents"] as? [[String: Any]])
        #expect(mhtml.first?["format"] as? String == "mhtml")
        // A .php that holds no page is listed, with why.
        #expect(scan.skipped.map(\.path) == ["pages/php/notes.php"])
        #expect(scan.everyFormatNames("pages/php/notes.php", "named .php but holds no HTML page"))
    }

    @Test func aSingleFileGivenByNameIsSniffedTooAndAnUnreadableOneSaysWhy() throws {
        let folder = Folder()
        try folder.write("saved/agreement.jsp", Self.lendingPage)
        try folder.write("saved/terms.docx", "PK")
        let page = try Self.scan(folder, "saved/agreement.jsp", ["--fail-on", "none"])
        #expect(page.run.status == 0, "\(page.run.stderr)")
        #expect(page.documents("agreement") == ["saved/agreement.jsp"])
        let document = try Self.scan(folder, "saved/terms.docx", ["--fail-on", "none"])
        #expect(document.run.status == 3)
        #expect(document.errors.first?.reason.hasPrefix("lendaudit does not read .docx files; save the document as HTML or text") == true)
    }

    @Test func manifestsUnderPrefixedNamesAreRead() throws {
        let folder = Folder()
        try folder.write("corpus/easypeso/easypeso-AndroidManifest.xml", Self.androidManifest)
        try folder.write("corpus/ohos/ohos-module.json5", """
            { module: { name: "entry", requestPermissions: [ { name: "ohos.permission.READ_CONTACTS" } ] } }
            """)
        try folder.write("corpus/wallet/wallet-app.json", #"{"pages": ["index"], "permission": {"scope.userLocation": {"desc": "附近网点"}}}"#)
        let scan = try Self.scan(folder, "corpus", ["--fail-on", "none", "--category", "lending"])

        #expect(scan.run.status == 0, "\(scan.run.stderr)")
        #expect(scan.documents("easypeso") == ["corpus/easypeso/easypeso-AndroidManifest.xml"])
        #expect(scan.documents("ohos") == ["corpus/ohos/ohos-module.json5"])
        #expect(scan.documents("wallet") == ["corpus/wallet/wallet-app.json"])
        #expect(scan.skipped.isEmpty)
        #expect(scan.findings("easypeso").contains { $0["category"] as? String == "contacts-permission" })
    }

    /// The binary manifest decoder is another branch's; this checks the routing only: a file with
    /// the binary XML header goes to the Android manifest reader, whatever its name, and is
    /// either read or refused by that reader — never skipped as "not a manifest".
    @Test func binaryAndroidXMLIsRoutedToTheManifestReaderByItsHeader() throws {
        let folder = Folder()
        var axml = Data([0x03, 0x00, 0x08, 0x00, 0x40, 0x00, 0x00, 0x00])
        axml.append(Data(repeating: 0, count: 56))
        try folder.write("apks/easypeso/manifest.bin", axml)
        let scan = try Self.scan(folder, "apks", ["--fail-on", "none", "--category", "lending"])

        #expect(scan.skipped.isEmpty)
        let read = scan.documents("easypeso").contains("apks/easypeso/manifest.bin")
        let refusedAsManifest = scan.errors.contains { $0.path == "apks/easypeso/manifest.bin" && !$0.reason.contains("not an agreement or manifest") }
        #expect(read || refusedAsManifest, "\(scan.errors)")
    }

    // MARK: - Categories

    @Test func anAppOfUnknownCategoryGetsANoticeAndCategoryGivenAnyWayAppliesTheLendingRules() throws {
        let folder = Folder()
        try folder.write("apks/cashnow/AndroidManifest.xml", Self.androidManifest)
        try folder.write("apks/pesofast/AndroidManifest.xml", Self.androidManifest)

        let silent = try Self.scan(folder, "apks")
        #expect(silent.apps.allSatisfy { ($0["findings"] as? [Any])?.isEmpty == true })
        #expect(silent.run.status == 0, "warnings never exit 3")
        let notice = "lending rules not applied: category unknown — add category: lending to lendaudit.yml or pass --category lending"
        #expect(silent.warnings.map(\.path) == ["apks/cashnow", "apks/pesofast"])
        #expect(silent.everyFormatNames("apks/cashnow", notice))
        #expect(silent.markdown.contains("| unknown (lending rules not applied) |"))
        #expect(silent.markdown.contains("No findings. Lending rules were not applied to 2 apps whose category is unknown"))
        #expect(silent.run.stderr.contains("apks/cashnow: warning: \(notice)"))

        let flagged = try Self.scan(folder, "apks", ["--category", "lending"])
        #expect(flagged.run.status == 1)
        #expect(flagged.warnings.isEmpty)
        #expect(flagged.findings("cashnow").contains { $0["category"] as? String == "contacts-permission" })
        #expect(flagged.app("cashnow")?["category"] as? String == "lending")

        try folder.write("apks/.lendaudit.yml", "category: lending\n")
        let configured = try Self.scan(folder, "apks")
        #expect(configured.run.status == 1)
        #expect(configured.findings("pesofast").contains { $0["category"] as? String == "contacts-permission" })
    }

    @Test func anUnknownCategoryValueIsAnErrorListingTheKnownOnes() throws {
        let folder = Folder()
        try folder.write("apps/cashnow/AndroidManifest.xml", Self.androidManifest)
        let flag = try Self.scan(folder, "apps", ["--category", "lendng"])
        #expect(flag.run.status == 2)
        #expect(flag.run.stderr.contains("unknown category 'lendng' (known: "))
        #expect(flag.run.stderr.contains("lending"))

        try folder.write("apps/.lendaudit.yml", "category: lendng\n")
        let config = try Self.scan(folder, "apps")
        #expect(config.run.status == 2)
        #expect(config.run.stderr.contains(".lendaudit.yml:1:11"), "\(config.run.stderr)")
        try FileManager.default.removeItem(at: folder.base.appendingPathComponent("apps/.lendaudit.yml"))

        try folder.write("apps/cashnow/lendaudit.yml", "category: lendng\n")
        let app = try Self.scan(folder, "apps")
        #expect(app.run.status == 3)
        #expect(app.errors.contains { $0.path == "apps/cashnow/lendaudit.yml" && $0.reason.contains("unknown category 'lendng' (known: ") })
        // The misspelt category is not used: the app is said to be of unknown category.
        #expect(app.warnings.contains { $0.path == "apps/cashnow" })
    }

    // MARK: - One app per app

    @Test func aFlatFolderOfSeveralAppsWarnsJoinsNothingAndSplitsWithAppPerFile() throws {
        let folder = Folder()
        // One app: its agreement says nothing about the address book its manifest asks for.
        let quiet = "<html><body><p>本协议由借款人与平台签订，借款、还款、放款、逾期均按本协议执行，借款利率见借款页面。</p></body></html>"
        try folder.write("single/terms.html", quiet)
        try folder.write("single/AndroidManifest.xml", Self.androidManifest)
        let single = try Self.scan(folder, "single", ["--fail-on", "none", "--category", "lending"])
        #expect(single.findings("single").contains { $0["category"] as? String == "undisclosed-permission" },
                "the app-level rule must fire within one app for this test to mean anything")

        try folder.write("flat/easypeso-terms.html", quiet)
        try folder.write("flat/cashwow-AndroidManifest.xml", Self.androidManifest)
        try folder.write("flat/kredit-AndroidManifest.xml", Self.androidManifest)
        let flat = try Self.scan(folder, "flat", ["--fail-on", "none", "--category", "lending"])
        #expect(flat.warnings.contains { $0.path == "flat" && $0.reason.contains("seems to hold several apps") && $0.reason.contains("--app-per-file") })
        #expect(!flat.findings("flat").contains { $0["category"] as? String == "undisclosed-permission" })
        #expect(flat.everyFormatNames("flat", "put each app in a folder of its own"))

        let split = try Self.scan(folder, "flat", ["--fail-on", "none", "--category", "lending", "--app-per-file"])
        #expect(split.apps.compactMap { $0["name"] as? String } == ["cashwow-AndroidManifest", "easypeso-terms", "kredit-AndroidManifest"])
        #expect(split.warnings.isEmpty)

        // Documents named after different apps, without a manifest.
        try folder.write("docs/easypeso-privacy.html", Self.lendingPage)
        try folder.write("docs/cashwow-terms.html", Self.lendingPage)
        try folder.write("docs/other/privacy.html", Self.lendingPage)
        let documents = try Self.scan(folder, "docs", ["--fail-on", "none"])
        #expect(documents.warnings.contains { $0.reason.contains("documents named after different apps") })
        // privacy.html and terms.html of one app are no such thing.
        try folder.write("oneapp/privacy.html", Self.lendingPage)
        try folder.write("oneapp/terms.html", Self.lendingPage)
        #expect(try Self.scan(folder, "oneapp", ["--fail-on", "none"]).warnings.isEmpty)
    }

    // MARK: - Companion folders

    @Test func aBrowsersAndWordsCompanionFoldersAreSkippedAndCounted() throws {
        let folder = Folder()
        try folder.write("saved/chrome/agreement.html", Self.lendingPage)
        try folder.write("saved/chrome/agreement_files/frame.html", Self.lendingPage)
        try folder.write("saved/chrome/agreement_files/logo.png", "png")
        try folder.write("saved/word/policy.htm", Self.lendingPage)
        try folder.write("saved/word/policy.files/header.htm", Self.lendingPage)
        let scan = try Self.scan(folder, "saved", ["--fail-on", "none"])

        #expect(scan.documents("chrome") == ["saved/chrome/agreement.html"])
        #expect(scan.documents("word") == ["saved/word/policy.htm"])
        #expect(scan.skipped.map(\.path) == ["saved/chrome/agreement_files/", "saved/word/policy.files/"])
        #expect(scan.everyFormatNames("saved/chrome/agreement_files/", "companion folder of agreement.html"))
        #expect(scan.run.status == 0)
    }

    // MARK: - Damaged but readable

    @Test func aPageCutInsideItsLastCharacterIsReadWithAWarningAndKeepsItsFindings() throws {
        let folder = Folder()
        let page = Data(Self.lendingPage.utf8)
        // Cut one byte into the last character (`>` is one byte: cut inside the last Chinese one).
        let lastChinese = try #require(Self.lendingPage.utf8.indices.last { Self.lendingPage.utf8[$0] >= 0xE0 })
        let offset = Self.lendingPage.utf8.distance(from: Self.lendingPage.utf8.startIndex, to: lastChinese)
        try folder.write("cut/char/agreement.html", page.prefix(offset + 1))
        try folder.write("cut/tag/agreement.html", page.prefix(page.count - 12) + Data("<p class=\"x".utf8))
        // GBK cut after a lead byte.
        let gbk = try #require(Self.gbk("<p>\(Self.refusal)借款还款借款还款逾期放款</p>"))
        try folder.write("cut/gbk/agreement.html", gbk.prefix(gbk.count - 5))
        // Real mojibake: bad bytes in the middle, no encoding fits.
        var mojibake = Data("<p>\(Self.refusal)".utf8)
        mojibake.append(contentsOf: [0xFF, 0xFE, 0xFF, 0x80, 0x81])
        mojibake.append(Data("还款。</p>".utf8))
        try folder.write("cut/mojibake/agreement.html", mojibake)
        let scan = try Self.scan(folder, "cut", ["--fail-on", "none", "--category", "lending"])

        for app in ["char", "tag", "gbk"] {
            #expect(scan.documents(app) == ["cut/\(app)/agreement.html"], "\(app) was not read")
            #expect(scan.findings(app).contains { ($0["quote"] as? String ?? "").contains("拒绝授权通讯录") }, "\(app) lost its finding")
        }
        #expect(scan.everyFormatNames("cut/char/agreement.html", "ends inside a character: the saved file may be cut short"))
        #expect(scan.warnings.contains { $0.path == "cut/gbk/agreement.html" && $0.reason.contains("ends inside a character") })
        #expect(scan.warnings.contains { $0.path == "cut/tag/agreement.html" && $0.reason.contains("ends inside a tag") })
        #expect(scan.errors.map(\.path) == ["cut/mojibake/agreement.html"])
        #expect(scan.errors.first?.reason.contains("save it as UTF-8") == true)
        #expect(scan.run.status == 3, "the refused page still makes exit 3")

        try FileManager.default.removeItem(at: folder.base.appendingPathComponent("cut/mojibake"))
        let warnedOnly = try Self.scan(folder, "cut", ["--fail-on", "none", "--category", "lending"])
        #expect(warnedOnly.run.status == 0, "warnings never exit 3: \(warnedOnly.run.stderr)")
    }

    // MARK: - All of it at once

    /// A folder that mixes every case: each file is listed exactly once — as a document read, a
    /// file not read, or an input that could not be audited — and a companion folder once as itself.
    @Test func aMixedFolderListsEveryFileExactlyOnce() throws {
        let folder = Folder()
        try folder.write("mix/docapp/terms.docx", "PK")
        try folder.write("mix/jsp/agreement.jsp", Self.lendingPage)
        try folder.write("mix/jsp/notes.php", "<?php ?>")
        try folder.write("mix/mht/saved.mhtml", "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n\(Self.lendingPage)\n")
        try folder.write("mix/prefixed/easypeso-AndroidManifest.xml", Self.androidManifest)
        try folder.write("mix/prefixed/ohos-module.json5", #"{ module: { name: "entry" } }"#)
        try folder.write("mix/manifestonly/AndroidManifest.xml", Self.androidManifest)
        try folder.write("mix/flat/easypeso-terms.html", Self.lendingPage)
        try folder.write("mix/flat/cashwow-AndroidManifest.xml", Self.androidManifest)
        try folder.write("mix/flat/kredit-AndroidManifest.xml", Self.androidManifest)
        try folder.write("mix/web/x.html", Self.lendingPage)
        try folder.write("mix/web/x_files/frame.html", Self.lendingPage)
        try folder.write("mix/web/x_files/a.css", "p{}")
        // Cut after two of the three bytes of 放 (E6 94 BE).
        try folder.write("mix/cut/agreement.html", Data("<html><body><p>\(Self.refusal)</p><p>借款还款逾期".utf8) + Data([0xE6, 0x94]))
        try folder.write("mix/broken/agreement.html", Data([0x3C, 0x70, 0x3E, 0xFF, 0xFE, 0xFF, 0x80, 0x81, 0xC0, 0x20, 0x20, 0x41]))
        try folder.write("mix/lendaudit-less/logo.png", "png")
        let scan = try Self.scan(folder, "mix", ["--fail-on", "none"])

        let documents = scan.apps.flatMap { app in
            ((app["inventory"] as? [String: Any])?["documents"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        }
        let listed = documents + scan.skipped.map(\.path) + scan.errors.map(\.path).filter { $0.contains(".") }
        // Every path starts with the root as typed, so it opens from where the command ran.
        #expect(listed.allSatisfy { $0.hasPrefix("mix/") })
        #expect(listed.allSatisfy { FileManager.default.fileExists(atPath: folder.base.appendingPathComponent($0).path) })
        var expected: [String] = []
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.base.appendingPathComponent("mix").path))
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix("_files") { expected.append("mix/" + path + "/"); enumerator.skipDescendants(); continue }
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.base.appendingPathComponent("mix/\(path)").path, isDirectory: &isFolder)
            if !isFolder.boolValue { expected.append("mix/" + path) }
        }
        #expect(listed.sorted() == expected.sorted())
        #expect(Set(listed).count == listed.count, "a file is listed twice")
        #expect(scan.warnings.contains { $0.path == "mix/cut/agreement.html" })
        #expect(scan.warnings.contains { $0.path == "mix/manifestonly" && $0.reason.contains("category unknown") })
        #expect(scan.warnings.contains { $0.path == "mix/flat" && $0.reason.contains("several apps") })
        #expect(scan.errors.contains { $0.path == "mix/docapp" })
        #expect(scan.run.status == 3)
    }

    // MARK: - Helpers

    static func quotedPrintable(_ text: String) -> String {
        var lines: [String] = []
        var line = ""
        for byte in text.utf8 {
            let piece = (byte == 0x3D || byte >= 0x80 || byte == 0x0A) ? String(format: "=%02X", byte) : String(UnicodeScalar(byte))
            if line.count + piece.count > 75 {
                lines.append(line + "=")
                line = ""
            }
            line += piece
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// The text in GB18030, by the system's iconv (the encoding saved Chinese pages use).
    static func gbk(_ text: String) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }
}
