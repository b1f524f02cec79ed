@testable import Audit
@testable import Rules
import Findings
import Foundation
import Testing

/// Issue 18: packs chosen by jurisdiction, on the bundled packs. Each test writes the app it
/// needs; the expectations are the issue's "done when" checks.
@Suite struct JurisdictionPackTests {
    static var pipeline: AuditPipeline { AuditPipelineTests.pipeline }

    static func manifest(_ permissions: [String], tools: String = "") -> String {
        """
        <manifest xmlns:android="http://schemas.android.com/apk/res/android" xmlns:tools="http://schemas.android.com/tools" package="com.example.loan">
        \(permissions.map { "    <uses-permission android:name=\"android.permission.\($0)\"\(tools)/>" }.joined(separator: "\n"))
        </manifest>
        """
    }

    static let bannedOnPlay = [
        "READ_EXTERNAL_STORAGE", "WRITE_EXTERNAL_STORAGE", "READ_MEDIA_IMAGES", "READ_MEDIA_VIDEO", "READ_CONTACTS",
        "ACCESS_FINE_LOCATION", "READ_PHONE_NUMBERS", "QUERY_ALL_PACKAGES",
    ]

    static func app(_ files: [String: String], options: AuditOptions = AuditOptions(jobs: 1)) throws -> AppReport {
        let tree = AuditPipelineTests.Tree()
        for (path, text) in files { try tree.file("app/" + path, text) }
        let report = pipeline.run(roots: [tree.root.path], options: options)
        return try #require(report.apps.first)
    }

    @Test(arguments: ["PH", "IN"])
    func aManifestOnlyAndroidAppDeclaredForAMarketGetsTheGooglePlayFindings(market: String) throws {
        let app = try Self.app([
            "lendaudit.yml": "category: lending\njurisdictions: [\(market)]\n",
            "AndroidManifest.xml": Self.manifest(Self.bannedOnPlay + ["CAMERA"]),
        ])
        #expect(app.jurisdictionsApplied == ["GOOGLE-PLAY", market].sorted())
        #expect(app.packs.contains("store-loans"))
        #expect(!app.packs.contains("cn-pi"))
        // Every banned permission is one finding that names a GP- rule (as its rule or as one
        // that also matched) and cites the Play policy; the camera is left alone.
        for permission in Self.bannedOnPlay {
            let finding = try #require(app.findings.first { $0.excerpt.text.hasPrefix("android.permission.\(permission)") }, "\(permission)")
            #expect(([finding.ruleId] + finding.alsoMatched).contains { $0.hasPrefix("GP-") }, "\(permission)")
            #expect(finding.norms.contains { $0.id == "GP-FS-SENSITIVE-DATA" }, "\(permission)")
        }
        #expect(!app.findings.contains { $0.excerpt.text.hasPrefix("android.permission.CAMERA") })
        #expect(app.findings.allSatisfy { !$0.ruleId.hasPrefix("CN-") })
    }

    @Test func aPermissionTheAppsOwnManifestRemovesIsNoFinding() throws {
        let app = try Self.app([
            "lendaudit.yml": "category: lending\njurisdictions: [PH]\n",
            "AndroidManifest.xml": Self.manifest(["READ_CONTACTS", "QUERY_ALL_PACKAGES"], tools: " tools:node=\"remove\""),
        ])
        #expect(app.packs.contains("store-loans"))
        #expect(app.findings.isEmpty)
    }

    @Test func anIOSLoanAppGetsTheAppleFindings() throws {
        let app = try Self.app([
            "lendaudit.yml": "category: lending\n",
            "Info.plist": """
                <?xml version="1.0" encoding="UTF-8"?>
                <plist version="1.0"><dict>
                <key>NSContactsUsageDescription</key><string>Pick your references</string>
                <key>NSPhotoLibraryUsageDescription</key><string>Upload your payslip</string>
                <key>NSCameraUsageDescription</key><string>Photograph your ID</string>
                </dict></plist>
                """,
        ])
        // No declaration: CN and the store of the platform found.
        #expect(app.jurisdictionsApplied == ["APPLE", "CN"])
        #expect(app.packs == ["cn-pi", "store-loans"])
        let contacts = try #require(app.findings.first { $0.excerpt.text.hasPrefix("NSContactsUsageDescription") && $0.category == .contactsPermission })
        #expect(([contacts.ruleId] + contacts.alsoMatched).contains("APPLE-CONTACTS-USAGE"))
        #expect(contacts.norms.contains { $0.id == "APPLE-ARG-5.1.1" })
        let photos = try #require(app.findings.first { $0.excerpt.text.hasPrefix("NSPhotoLibraryUsageDescription") && $0.category == .excessivePermission })
        #expect(([photos.ruleId] + photos.alsoMatched).contains("APPLE-PHOTO-LIBRARY-USAGE"))
        // Google Play rules are for Android apps: none here.
        #expect(app.findings.allSatisfy { !([$0.ruleId] + $0.alsoMatched).contains { $0.hasPrefix("GP-") } })
    }

    @Test func anIndonesianPolicyGetsOJKFindingsOnItsIndonesianClauses() throws {
        let app = try Self.app([
            "lendaudit.yml": "category: lending\njurisdictions: [ID]\n",
            "kebijakan-privasi.html": """
                <p>Kami akan mengakses dan mengunggah daftar kontak di ponsel Anda untuk penilaian kredit.</p>
                <p>Jika terjadi keterlambatan pembayaran, kami akan menghubungi kontak darurat dan keluarga Anda untuk penagihan.</p>
                <p>Kami hanya mengakses kamera, mikrofon dan lokasi Anda.</p>
                """,
        ])
        #expect(app.packs == ["id-ojk"])
        let byRule = Dictionary(grouping: app.findings, by: \.ruleId)
        #expect(byRule["ID-OJK-CONTACTS-COLLECTION"]?.first?.location.line == 1)
        #expect(byRule["ID-OJK-THIRD-PARTY-COLLECTION"]?.first?.location.line == 2)
        #expect(byRule["ID-OJK-THIRD-PARTY-COLLECTION"]?.first?.norms.map(\.id) == ["POJK-22-2023-62", "SEOJK-19-2023-COLLECTION"])
        // The finding quotes the Indonesian words and says what is wrong in Indonesian too.
        #expect(byRule["ID-OJK-CONTACTS-COLLECTION"]?.first?.excerpt.text.contains("daftar kontak") == true)
        #expect(byRule["ID-OJK-CONTACTS-COLLECTION"]?.first?.message.contains("Kebijakan ini") == true)
        #expect(app.findings.count == 2)
    }

    @Test func aChineseAppsFindingsCiteOnlyChineseNorms() throws {
        let app = try Self.app([
            "lendaudit.yml": "category: lending\njurisdictions: [CN]\n",
            "AndroidManifest.xml": Self.manifest(["READ_CONTACTS", "READ_CALL_LOG", "READ_SMS", "READ_EXTERNAL_STORAGE", "ACCESS_FINE_LOCATION",
                                                  "READ_PHONE_NUMBERS", "QUERY_ALL_PACKAGES"]),
            "privacy.html": """
                <p>我们将读取您的通讯录信息，用于风险控制。</p>
                <p>逾期后我们有权联系您的通讯录联系人，告知其您的欠款情况。</p>
                <p>我们可能将您的借款信息提供给第三方催收机构。</p>
                """,
        ])
        #expect(app.jurisdictionsApplied == ["CN"])
        #expect(app.packs == ["cn-pi"])
        #expect(!app.findings.isEmpty)
        let foreign = ["GP-", "APPLE-", "RBI-", "OJK-", "POJK-", "SEOJK-", "SEC-", "NPC-", "KENYA-", "FCCPC-"]
        for finding in app.findings {
            #expect(finding.ruleId.hasPrefix("CN-"))
            for norm in finding.norms {
                #expect(!foreign.contains { norm.id.hasPrefix($0) }, "\(finding.ruleId) cites \(norm.id)")
            }
        }
    }

    /// Every bundled cn-pi rule cites Chinese norms only, whatever app it runs on.
    @Test func theChinesePackCitesOnlyChineseNorms() throws {
        let rules = try RuleSet.bundled()
        let foreign = ["GP-", "APPLE-", "RBI-", "OJK-", "POJK-", "SEOJK-", "SEC-", "NPC-", "KENYA-", "FCCPC-"]
        for rule in rules.rules where rule.pack == "cn-pi" {
            #expect(rule.normIds.allSatisfy { id in !foreign.contains { id.hasPrefix($0) } }, "\(rule.id): \(rule.normIds)")
        }
        // And every rule id carries its pack's prefix.
        let prefixes = ["cn-pi": ["CN-"], "store-loans": ["GP-", "APPLE-"], "in-rbi": ["IN-RBI-"], "id-ojk": ["ID-OJK-"],
                        "ph-sec": ["PH-SEC-"], "ke-cbk": ["KE-CBK-"], "ng-fccpc": ["NG-FCCPC-"]]
        for rule in rules.rules {
            let allowed = try #require(prefixes[rule.pack], "pack \(rule.pack) has no prefix listed here")
            #expect(allowed.contains { rule.id.hasPrefix($0) }, "\(rule.id) in \(rule.pack)")
        }
    }

    @Test func theCommandLineJurisdictionWinsOverTheAppsDeclaration() throws {
        var options = AuditOptions(jobs: 1)
        options.jurisdictions = ["KE"]
        let app = try Self.app([
            "lendaudit.yml": "category: lending\njurisdictions: [CN]\n",
            "terms.html": "<p>If your loan is overdue we will send messages to your contacts to remind them of your debt.</p>",
        ], options: options)
        #expect(app.jurisdictions == ["CN"])
        #expect(app.jurisdictionsApplied == ["KE"])
        #expect(app.findings.map(\.ruleId) == ["KE-CBK-THIRD-PARTY-COLLECTION"])
    }

    @Test func theConfigsJurisdictionsApplyOnlyWhereTheAppDeclaresNone() throws {
        var options = AuditOptions(jobs: 1)
        options.defaultJurisdictions = ["NG"]
        let tree = AuditPipelineTests.Tree()
        try tree.file("declared/lendaudit.yml", "category: lending\njurisdictions: [PH]\n")
        try tree.file("declared/terms.html", "<p>terms</p>")
        try tree.file("silent/lendaudit.yml", "category: lending\n")
        try tree.file("silent/terms.html", "<p>terms</p>")
        let report = Self.pipeline.run(roots: [tree.root.path], options: options)
        let applied = Dictionary(uniqueKeysWithValues: report.apps.map { ($0.name, $0.jurisdictionsApplied) })
        #expect(applied == ["declared": ["PH"], "silent": ["NG"]])
    }

    /// Upgrading must not turn known findings into new ones: READ_EXTERNAL_STORAGE was led by the
    /// Chinese rule (medium) and is now led by Google Play's (high), with the Chinese rule also
    /// matched; a baseline made before still recognises it.
    @Test func aBaselineMadeBeforeTheStorePackJoinedStillMatches() throws {
        func run(_ jurisdictions: [String]) throws -> AuditReport {
            var options = AuditOptions(jobs: 1)
            options.jurisdictions = jurisdictions
            let tree = AuditPipelineTests.Tree()
            try tree.file("app/lendaudit.yml", "category: lending\n")
            try tree.file("app/AndroidManifest.xml", Self.manifest(["READ_EXTERNAL_STORAGE"]))
            return Self.pipeline.run(roots: [tree.root.path], options: options)
        }
        let before = try run(["CN"])
        #expect(before.apps.first?.findings.map(\.ruleId) == ["CN-STORAGE-PERMISSION"])
        var now = try #require(try run([]).apps.first)
        #expect(now.findings.map(\.ruleId) == ["GP-MEDIA-PERMISSION"])
        #expect(now.findings.first?.alsoMatched == ["CN-STORAGE-PERMISSION"])
        let filter = BaselineFilter(before, file: "baseline.json", shard: nil)
        let result = filter.apply(to: &now)
        #expect(now.findings.isEmpty)
        #expect(result.unchanged == 1)
        #expect(filter.comparison(unchanged: result.unchanged, present: Set(result.present)).fixed.isEmpty)
    }

    /// The Google Play and the Chinese rule on one READ_CONTACTS make one finding that lists both
    /// rules and cites both; the store's APPLE and GP short-term rules on one clause cite both stores.
    @Test func oneFindingPerPermissionAndCategoryAcrossPacksCitesEachPack() throws {
        let app = try Self.app([
            "lendaudit.yml": "category: lending\n",
            "AndroidManifest.xml": Self.manifest(["READ_CONTACTS"]),
        ])
        #expect(app.packs == ["cn-pi", "store-loans"])
        let contacts = app.findings.filter { $0.category == .contactsPermission }
        #expect(contacts.count == 1)
        let finding = try #require(contacts.first)
        #expect(Set([finding.ruleId] + finding.alsoMatched) == ["CN-CONTACTS-PERMISSION", "GP-CONTACTS-PERMISSION"])
        #expect(finding.norms.contains { $0.id == "GP-FS-SENSITIVE-DATA" })
        #expect(finding.norms.contains { $0.id == "PIPL-6" })

        let both = try Self.app([
            "lendaudit.yml": "category: lending\njurisdictions: [GOOGLE-PLAY, APPLE]\n",
            "terms.html": "<p>The loan term is 14 days from the date of disbursement.</p>",
        ])
        let term = try #require(both.findings.first)
        #expect(both.findings.count == 1)
        #expect(Set([term.ruleId] + term.alsoMatched) == ["APPLE-SHORT-TERM-REPAYMENT", "GP-SHORT-TERM-REPAYMENT"])
        #expect(Set(term.norms.map(\.id)) == ["APPLE-ARG-3.2.2-IX", "GP-FS-SHORT-TERM"])
    }
}

@Suite struct JurisdictionSelectionTests {
    static let packs = [
        PackDeclaration(name: "cn-pi", title: "CN", jurisdictions: ["CN"]),
        PackDeclaration(name: "store-loans", title: "stores", jurisdictions: ["GOOGLE-PLAY", "APPLE"],
                        storePlatforms: ["GOOGLE-PLAY": .android, "APPLE": .ios]),
        PackDeclaration(name: "ph-sec", title: "PH", jurisdictions: ["PH"], withStores: true),
    ]

    func chosen(_ declared: [String], _ platforms: Set<Platform>) -> [String] {
        JurisdictionSelection(declared: declared, platforms: platforms, packs: Self.packs).jurisdictions
    }

    @Test func withoutADeclarationChinaAndTheStoresOfThePlatformsFound() {
        #expect(chosen([], []) == ["CN"])
        #expect(chosen([], [.android]) == ["CN", "GOOGLE-PLAY"])
        #expect(chosen([], [.android, .ios, .harmonyos]) == ["APPLE", "CN", "GOOGLE-PLAY"])
    }

    @Test func aDeclarationStandsAndMarketsWithStoresBringTheirStores() {
        #expect(chosen(["cn"], [.android]) == ["CN"])
        #expect(chosen(["PH"], [.ios]) == ["APPLE", "PH"])
        #expect(chosen(["PH"], []) == ["PH"])
        // Naming a store is naming the stores: the other is not added.
        #expect(chosen(["PH", "APPLE"], [.android, .ios]) == ["APPLE", "PH"])
    }

    @Test func aRuleRunsWhenOneOfItsJurisdictionsIsChosen() throws {
        let rules = try RuleSet.bundled()
        let selection = JurisdictionSelection(declared: ["PH"], platforms: [.android], packs: Array(rules.packDeclarations.values))
        let gp = try #require(rules.rule(id: "GP-CONTACTS-PERMISSION"))
        let apple = try #require(rules.rule(id: "APPLE-CONTACTS-USAGE"))
        let cn = try #require(rules.rule(id: "CN-CONTACTS-PERMISSION"))
        let ph = try #require(rules.rule(id: "PH-SEC-CONTACT-LIST-COLLECTION"))
        #expect(selection.includes(gp, packs: rules.packDeclarations))
        #expect(!selection.includes(apple, packs: rules.packDeclarations))
        #expect(!selection.includes(cn, packs: rules.packDeclarations))
        #expect(selection.includes(ph, packs: rules.packDeclarations))
        // A rule of a pack that declares nothing (a --rules folder without pack.yaml) always runs.
        var undeclared = cn
        undeclared.pack = "my-pack"
        #expect(selection.includes(undeclared, packs: rules.packDeclarations))
    }

    @Test func aPackFileIsChecked() {
        #expect(throws: RuleFileError.self) {
            _ = try PackDeclaration.load(yaml: "title: x\n", file: "p/pack.yaml", pack: "p")
        }
        #expect(throws: RuleFileError.self) {
            _ = try PackDeclaration.load(yaml: "jurisdictions: [X]\nstore_platforms: {Y: android}\n", file: "p/pack.yaml", pack: "p")
        }
        #expect(throws: RuleFileError.self) {
            _ = try PackDeclaration.load(yaml: "jurisdictions: [X]\nstore_platforms: {X: windows}\n", file: "p/pack.yaml", pack: "p")
        }
        #expect((try? PackDeclaration.load(yaml: "jurisdictions: [ph]\nwith_stores: true\n", file: "p/pack.yaml", pack: "p"))
            == PackDeclaration(name: "p", title: "p", jurisdictions: ["PH"], withStores: true))
    }
}
