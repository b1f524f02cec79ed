/// An input that was audited, but with a caveat the reader must see: a page that ends inside a
/// character, an app whose category is unknown (so its lending rules were not applied), a folder
/// that seems to hold several apps. Warnings are listed in every report and echoed to stderr; they
/// never make the run exit 3 — only inputs that could not be audited do.
public struct InputWarning: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Path as reports show it (a file, or an app's folder).
    public var path: String
    /// The app it belongs to, when there is one.
    public var app: String?
    public var reason: String

    public init(path: String, app: String? = nil, reason: String) {
        self.path = path
        self.app = app
        self.reason = reason
    }

    public var description: String { "\(path): warning: \(reason)" }

    public static func < (lhs: InputWarning, rhs: InputWarning) -> Bool {
        (lhs.path, lhs.reason, lhs.app ?? "") < (rhs.path, rhs.reason, rhs.app ?? "")
    }
}

/// A file (or a companion folder) that discovery looked at and chose not to read, with why: a
/// `.docx`, a picture, the `x_files/` folder a browser saves beside `x.html`. Listed in every
/// report so that nothing looked at vanishes; not an input error, since there is nothing in it
/// lendaudit could have audited.
public struct SkippedFile: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var path: String
    public var app: String?
    public var reason: String

    public init(path: String, app: String? = nil, reason: String) {
        self.path = path
        self.app = app
        self.reason = reason
    }

    public var description: String { "\(path): skipped: \(reason)" }

    public static func < (lhs: SkippedFile, rhs: SkippedFile) -> Bool {
        (lhs.path, lhs.reason, lhs.app ?? "") < (rhs.path, rhs.reason, rhs.app ?? "")
    }

    /// Extensions of documents that hold agreements lendaudit cannot read: converting them to
    /// HTML or text gets them audited.
    public static let documentExtensions: Set<String> = [
        "doc", "docx", "odt", "rtf", "pdf", "pages", "wps", "xls", "xlsx", "ods", "ppt", "pptx", "epub",
    ]

    /// "3 files lendaudit does not read: .docx, .md, .pdf — save agreements as HTML or text"
    /// (the advice only when some of them are documents).
    public static func summary(_ skipped: [SkippedFile]) -> String {
        let kinds = Self.kinds(skipped)
        let noun = skipped.count == 1 ? "file" : "files"
        var text = "\(skipped.count) \(noun) lendaudit does not read: \(kinds.joined(separator: ", "))"
        if kinds.contains(where: { documentExtensions.contains(String($0.dropFirst())) }) {
            text += " — save agreements as HTML or text"
        }
        return text
    }

    /// ".docx, .pdf" — the kinds of file skipped, for a one-line summary ("3 files lendaudit does
    /// not read: .docx, .pdf"). A companion folder counts as "companion folders".
    public static func kinds(_ skipped: [SkippedFile]) -> [String] {
        var kinds: Set<String> = []
        for file in skipped {
            if file.path.hasSuffix("/") {
                kinds.insert("companion folders")
                continue
            }
            let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
            if let dot = name.lastIndex(of: "."), dot != name.startIndex {
                kinds.insert(String(name[dot...]).lowercased())
            } else {
                kinds.insert("no extension")
            }
        }
        return kinds.sorted()
    }
}

/// App categories lendaudit knows (`category:` in lendaudit.yml and `.lendaudit.yml`,
/// `--category`). Rules filter on them (`app: {category: lending}`), so a misspelt value would
/// silently switch rules off: an unknown one is an error that lists these. The list covers the
/// kinds of app a market survey meets (the eval corpus uses investment and system too); a
/// `--rules` pack that filters on another category adds it.
public enum AppCategories {
    public static let builtIn: [String] = [
        "banking", "browser", "dating", "delivery", "education", "finance-tools", "game", "health", "insurance",
        "investment", "lending", "lifestyle", "music", "navigation", "news", "other", "payment", "photo", "reading",
        "ride-hailing", "shopping", "social", "sports", "system", "tools", "transport", "travel", "video", "weather",
    ]

    /// The built-in categories and any that rule packs filter on, sorted.
    public static func known(ruleCategories: [String]) -> [String] {
        Array(Set(builtIn + ruleCategories)).sorted()
    }

    /// The words a user reads after an unknown value.
    public static func unknownReason(_ value: String, known: [String]) -> String {
        "unknown category '\(value)' (known: \(known.joined(separator: ", ")))"
    }

    /// The notice an app without a category gets.
    public static let unknownNotice =
        "lending rules not applied: category unknown — add category: lending to lendaudit.yml or pass --category lending"
}
