import Findings

/// Small reports written out inline: Chinese quotes with highlights, escaping traps, several
/// apps (with and without findings), a rule id the report does not describe, and input errors.
enum Fixtures {
    static let pipl16 = NormCitation(
        id: "PIPL-16", citation: "PIPL art. 16", titleZh: "个人信息保护法", titleEn: "Personal Information Protection Law",
        summary: "No refusal of service for declining non-necessary processing",
        url: "http://www.npc.gov.cn/npc/c30834/202108/a8c4e3672c74491a80b53a172bb753fe.shtml")
    static let pipl13 = NormCitation(
        id: "PIPL-13", citation: "PIPL art. 13", titleZh: nil, titleEn: "Personal Information Protection Law",
        summary: nil, url: nil)
    static let evilNorm = NormCitation(
        id: "EVIL-1", citation: "Evil [norm]", titleZh: nil, titleEn: "Click me", summary: nil,
        url: "javascript:alert(1)")

    static let contactsRead = RuleDescriptor(
        id: "CN-CONTACTS-READ", title: "Agreement reads the address book", titleZh: "协议读取通讯录",
        category: .contactsCollection, severity: .critical, appliesTo: .agreement, appCategories: ["lending"],
        message: "The agreement lets the app read or upload the address book",
        remediation: "Do not collect the address book", norms: [pipl16, pipl13], pack: "cn-pi")
    static let refusal = RuleDescriptor(
        id: "CN-REFUSE-WITHOUT-CONTACTS", title: "Service refused unless the address book is shared", titleZh: nil,
        category: .refusalToServe, severity: .high, appliesTo: .agreement, appCategories: [],
        message: "Service is refused when the user declines address-book access",
        remediation: "Serve users who decline; ask only for necessary information.", norms: [pipl16], pack: "cn-pi")
    static let thirdParty = RuleDescriptor(
        id: "CN-THIRD-PARTY-CALLS", title: "Contacts may be called about the debt", titleZh: nil,
        category: .thirdPartyCollection, severity: .high, appliesTo: .agreement, appCategories: ["lending"],
        message: "Contacts may be called or messaged about the debt", remediation: "Contact only the borrower",
        norms: [], pack: "cn-pi")
    static let contactsPermission = RuleDescriptor(
        id: "CN-CONTACTS-PERMISSION", title: "Manifest asks for the address book", titleZh: nil,
        category: .contactsPermission, severity: .medium, appliesTo: .manifest, appCategories: [],
        message: "The manifest requests READ_CONTACTS", remediation: "Remove the permission", norms: [evilNorm],
        pack: "cn-pi")
    static let localNote = RuleDescriptor(
        id: "LOCAL-NOTE", title: "Local note", titleZh: nil, category: .excessivePermission, severity: .info,
        appliesTo: .app, appCategories: ["payments"], message: "A note from a local pack", remediation: "Review it",
        norms: [], pack: "local")

    static let rules = [contactsPermission, contactsRead, refusal, thirdParty, localNote]

    /// A finding of `rule` in `app`, quoting `quote` with the first occurrence of each word highlighted.
    static func finding(
        _ rule: RuleDescriptor, app: String, path: String, line: Int, column: Int = 1, quote: String,
        highlight words: [String], severity: Severity? = nil
    ) -> Finding {
        let scalars = Array(quote.unicodeScalars)
        let highlights = words.map { word -> HighlightRange in
            let target = Array(word.unicodeScalars)
            guard let start = (0...(scalars.count - target.count)).first(where: { Array(scalars[$0..<$0 + target.count]) == target })
            else { preconditionFailure("'\(word)' is not in the quote") }
            return HighlightRange(start: start, end: start + target.count)
        }
        return Finding(
            ruleId: rule.id, category: rule.category, severity: severity ?? rule.severity, title: rule.title,
            message: rule.message, remediation: rule.remediation, norms: rule.norms, app: app,
            location: SourceLocation(path: path, line: line, column: column),
            excerpt: Excerpt(text: quote, highlights: highlights.sorted()),
            fingerprint: Fingerprint.make(ruleId: rule.id, app: app, pathInApp: path, normalizedText: quote))
    }

    static let contactsQuote = "我们将读取并上传您的通讯录信息，用于风险评估。"
    /// Markdown, table, HTML and entity traps, plus a BEL control character.
    static let trapQuote = "如您拒绝授权*通讯录*，我们将无法提供借款服务 | 详见<附件>&amp;说明\u{7}。"
    static let manifestQuote = #"<uses-permission android:name="android.permission.READ_CONTACTS"/>"#
    /// Longer than the 400-scalar quote limit, with the matched words near the end.
    static let longQuote = String(repeating: "借款人同意本平台在其逾期期间采取合理的提醒措施，", count: 20)
        + "包括联系其通讯录中的联系人告知其欠款情况。"

    static let acme = "Acme 贷"
    static let beta = "Beta | Loans"

    static let acmeApp = AppReport(
        name: acme, path: "acme loan", version: "2.3.1", category: "lending", categoryInferred: false,
        jurisdictions: ["CN"],
        documents: [
            DocumentSummary(
                path: "acme loan/隐私政策.html", kind: .agreement, format: "html", encoding: "GB18030", units: 42),
            DocumentSummary(
                path: "acme loan/AndroidManifest.xml", kind: .manifest, format: "android-manifest", encoding: nil,
                units: 2),
        ],
        permissions: [
            Permission(
                platform: .android, name: "android.permission.READ_CONTACTS", category: "contacts",
                purpose: nil, location: SourceLocation(path: "acme loan/AndroidManifest.xml", line: 12, column: 5)),
            Permission(
                platform: .android, name: "android.permission.CAMERA", category: "camera", purpose: "扫描 | 身份证",
                location: SourceLocation(path: "acme loan/AndroidManifest.xml", line: 14, column: 5),
                qualifiers: ["maxSdkVersion": "28"]),
        ],
        findings: [
            finding(
                contactsRead, app: acme, path: "acme loan/隐私政策.html", line: 12, column: 5, quote: contactsQuote,
                highlight: ["读取", "通讯录"]),
            finding(
                refusal, app: acme, path: "acme loan/隐私政策.html", line: 30, quote: trapQuote,
                highlight: ["拒绝授权*通讯录*", "无法提供"]),
            finding(
                thirdParty, app: acme, path: "acme loan/隐私政策.html", line: 31, quote: longQuote,
                highlight: ["联系其通讯录中的联系人"]),
            finding(
                contactsPermission, app: acme, path: "acme loan/AndroidManifest.xml", line: 12, column: 5,
                quote: manifestQuote, highlight: ["READ_CONTACTS"]),
        ])

    static let betaApp = AppReport(
        name: beta, path: "beta", version: nil, category: nil, categoryInferred: false, jurisdictions: [],
        documents: [DocumentSummary(path: "beta/terms.txt", kind: .agreement, format: "text", encoding: "UTF-8", units: 3)],
        permissions: [],
        findings: [
            finding(
                localNote, app: beta, path: "beta/terms.txt", line: 2, quote: "* We may share data with partners & more",
                highlight: ["share data"], severity: .low),
            // A rule id the report's rule list does not describe.
            Finding(
                ruleId: "GHOST-RULE", category: .liabilityWaiver, severity: .medium, title: "Ghost rule",
                message: "Not in the rule list", remediation: "None", norms: [], app: beta,
                location: SourceLocation(path: "beta/terms.txt", line: 1), excerpt: Excerpt(text: "We are not liable"),
                fingerprint: "0123456789abcdef0123456789abcdef"),
        ])

    static let quietApp = AppReport(
        name: "Quiet Cash", path: "quiet", version: "1.0", category: "lending", categoryInferred: true,
        jurisdictions: ["CN"],
        documents: [DocumentSummary(path: "quiet/agreement.htm", kind: .agreement, format: "html", encoding: "UTF-8", units: 9)],
        permissions: [], findings: [])

    static let inputErrors = [
        InputError(path: "acme loan/broken.html", app: acme, reason: "cannot decode the bytes as GB18030 | UTF-8"),
        InputError(path: "lost/app.json", app: "Lost App", reason: "unexpected end of file"),
        InputError(path: "stray.bin", app: nil, reason: "not an agreement or manifest <binary>"),
    ]

    /// Everything above, in report order.
    static let report = AuditReport(
        tool: ToolInfo(name: "lendaudit", version: "0.9.0"), roots: ["apps"],
        rulePacks: [
            RulePackSummary(name: "cn-pi", ruleCount: 4, source: "bundled"),
            RulePackSummary(name: "local", ruleCount: 1, source: "my rules"),
        ],
        rules: rules.sorted { $0.id < $1.id },
        apps: [acmeApp, betaApp, quietApp].map { app in
            var app = app
            app.findings.sort(by: Finding.reportOrder)
            app.permissions.sort()
            app.documents.sort { $0.path < $1.path }
            return app
        },
        inputErrors: inputErrors)

    /// One app, no findings, no input errors.
    static let clean = AuditReport(
        tool: ToolInfo(name: "lendaudit", version: "0.9.0"), roots: ["quiet"],
        rulePacks: [RulePackSummary(name: "cn-pi", ruleCount: 4, source: "bundled")], rules: rules.sorted { $0.id < $1.id },
        apps: [quietApp], inputErrors: [])

    /// `report` with every list reversed, as parallel stages might hand it over.
    static var shuffled: AuditReport {
        var report = report
        report.rules.reverse()
        report.rulePacks.reverse()
        report.inputErrors.reverse()
        report.apps = report.apps.reversed().map { app in
            var app = app
            app.findings.reverse()
            app.documents.reverse()
            app.permissions.reverse()
            return app
        }
        return report
    }
}
