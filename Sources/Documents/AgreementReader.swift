import Findings
import XML

/// Reads an agreement (HTML or plain text) into clauses with source positions.
public enum AgreementReader {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case empty
        case decoding(EncodingDetector.Failure)
        case mhtml(MHTMLReader.Failure)
        case unparsable
        case noText

        public var description: String {
            switch self {
            case .empty: "the file is empty"
            case .decoding(let failure): failure.description
            case .mhtml(let failure): failure.description
            case .unparsable: "libxml2 could not parse the page even with recovery on; re-save it from the browser as HTML"
            case .noText: "the page has no readable text (only markup, scripts or styles)"
            }
        }
    }

    public static func read(_ bytes: [UInt8], kind: InputKind) throws(Failure) -> Agreement {
        try reading(bytes, kind: kind).agreement
    }

    /// An agreement and what the report should say about how it was read.
    public struct Reading: Sendable {
        public var agreement: Agreement
        /// `html`, `text`, or `mhtml` for a web archive whose HTML part was read.
        public var format: String
        /// Caveats for the report: the file ends inside a character or a tag.
        public var warnings: [String]
    }

    /// Reads an agreement, keeping what was damaged but readable: a page cut off inside its last
    /// character or inside a tag is read up to where it ends, with a warning. An HTML file that is
    /// really an MHTML web archive (by its MIME header, whatever its name) is read by its first
    /// text/html part; lines and columns are then those of that decoded part.
    public static func reading(_ bytes: [UInt8], kind: InputKind) throws(Failure) -> Reading {
        guard !bytes.isEmpty else { throw .empty }
        var html = bytes
        var charset: String?
        var format = kind.rawValue
        if kind == .html, MHTMLReader.looksLikeMIME(bytes) {
            let part: MHTMLReader.Part
            do {
                part = try MHTMLReader.htmlPart(bytes)
            } catch {
                throw .mhtml(error)
            }
            guard !part.html.isEmpty else { throw .empty }
            html = part.html
            charset = part.charset
            format = "mhtml"
        }
        let decoded: EncodingDetector.Decoded
        do {
            decoded = try EncodingDetector.decode(html, isHTML: kind == .html, charset: charset)
        } catch {
            throw .decoding(error)
        }
        var warnings = decoded.warnings
        if kind == .html, let tag = unfinishedTag(decoded.utf8) {
            warnings.append("ends inside a tag (\(tag)…): the saved file may be cut short; the text before it was read")
        }
        let clauses = kind == .html ? try htmlClauses(decoded.utf8) : textClauses(decoded.utf8)
        if clauses.isEmpty, !decoded.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .noText
        }
        return Reading(agreement: Agreement(clauses: clauses, encoding: decoded.encoding, format: kind), format: format, warnings: warnings)
    }

    /// The start of a tag the page ends inside (`<p class="x`), if it does: the last `<` that
    /// opens a tag or comment has no `>` after it.
    static func unfinishedTag(_ utf8: [UInt8]) -> String? {
        guard let open = utf8.lastIndex(of: UInt8(ascii: "<")) else { return nil }
        guard !utf8[open...].contains(UInt8(ascii: ">")), open + 1 < utf8.count else { return nil }
        let next = utf8[open + 1]
        let opensTag = (next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z")
            || next == UInt8(ascii: "/") || next == UInt8(ascii: "!")
        guard opensTag else { return nil }
        let shown = utf8[open...].prefix(24).prefix { $0 != 0x0A && $0 != 0x0D }
        return String(decoding: shown, as: UTF8.self)
    }

    /// Plain text: every line break ends a clause (agreements saved as text keep one paragraph
    /// or list item per line).
    static func textClauses(_ utf8: [UInt8]) -> ClauseList {
        let scalars = utf8.withUnsafeBufferPointer { UTF8Text.scalars(of: $0).scalars }
        var splitter = ClauseSplitter(
            scalars: scalars, sources: [SourceRun(firstScalar: 0, offset: 0, literal: true)], source: utf8
        )
        splitter.appendLines(0..<scalars.count)
        splitter.breakClause()
        return splitter.clauses
    }

    static func htmlClauses(_ utf8: [UInt8]) throws(Failure) -> ClauseList {
        let stream: HTMLEventStream
        do {
            stream = try LibXML2Reader.htmlEvents(utf8: utf8)
        } catch {
            throw .unparsable
        }
        let roles = stream.names.map(HTMLVocabulary.role)
        var splitter = ClauseSplitter(scalars: stream.scalars, sources: stream.sources, source: utf8)
        var skipDepth = 0
        var preformattedDepth = 0
        var structure = StructureTracker(names: stream.names)
        // Preformatted text arrives in chunks; a text table is recognised in the whole run.
        var preformatted: Range<Int>?
        func flushPreformatted() {
            if let run = preformatted { splitter.appendLines(run) }
            preformatted = nil
        }
        for event in stream.events {
            if case .text = event {} else { flushPreformatted() }
            switch event {
            case .start(let name):
                let role = roles[name]
                if role.contains(.skipped) {
                    skipDepth += 1
                } else if skipDepth == 0, role.contains(.block) {
                    splitter.breakBlock()
                }
                if role.contains(.preformatted) { preformattedDepth += 1 }
                structure.start(name)
            case .end(let name):
                let role = roles[name]
                if role.contains(.skipped) {
                    skipDepth = max(0, skipDepth - 1)
                } else if skipDepth == 0, role.contains(.block) {
                    splitter.breakBlock()
                }
                if role.contains(.preformatted) { preformattedDepth = max(0, preformattedDepth - 1) }
                structure.end(name)
            case .text(let range):
                guard skipDepth == 0 else { continue }
                splitter.structure = structure.current
                if preformattedDepth > 0 {
                    if let run = preformatted, run.upperBound == range.lowerBound {
                        preformatted = run.lowerBound..<range.upperBound
                    } else {
                        flushPreformatted()
                        preformatted = range
                    }
                } else {
                    splitter.append(range)
                }
            }
        }
        flushPreformatted()
        splitter.breakClause()
        return splitter.clauses
    }
}

/// The structure in force as elements open and close: headings, list items, table rows and cells
/// (tables may nest: each keeps its own row and column).
struct StructureTracker {
    private enum Element { case heading, listItem, row, cell, header, headSection, table, other }
    private let elements: [Element]
    private var headingDepth = 0
    private var listItemDepth = 0
    private var headSectionDepth = 0
    /// Per open table: its current row id, the column of its current cell, whether that cell is a header.
    private var tables: [(row: Int32, column: Int16, inCell: Bool, header: Bool)] = []
    private var rowsSeen: Int32 = 0

    init(names: [String]) {
        elements = names.map { name in
            switch name {
            case "h1", "h2", "h3", "h4", "h5", "h6": .heading
            case "li", "dt", "dd": .listItem
            case "tr": .row
            case "td": .cell
            case "th": .header
            case "thead": .headSection
            case "table": .table
            default: .other
            }
        }
    }

    mutating func start(_ name: Int) {
        switch elements[name] {
        case .heading: headingDepth += 1
        case .listItem: listItemDepth += 1
        case .headSection: headSectionDepth += 1
        case .table: tables.append((0, -1, false, false))
        case .row:
            guard !tables.isEmpty else { return }
            rowsSeen += 1
            tables[tables.count - 1].row = rowsSeen
            tables[tables.count - 1].column = -1
        case .cell, .header:
            guard !tables.isEmpty else { return }
            tables[tables.count - 1].column += 1
            tables[tables.count - 1].inCell = true
            tables[tables.count - 1].header = elements[name] == .header || headSectionDepth > 0
        case .other: break
        }
    }

    mutating func end(_ name: Int) {
        switch elements[name] {
        case .heading: headingDepth = max(0, headingDepth - 1)
        case .listItem: listItemDepth = max(0, listItemDepth - 1)
        case .headSection: headSectionDepth = max(0, headSectionDepth - 1)
        case .table: if !tables.isEmpty { tables.removeLast() }
        case .row: if !tables.isEmpty { tables[tables.count - 1].inCell = false }
        case .cell, .header: if !tables.isEmpty { tables[tables.count - 1].inCell = false }
        case .other: break
        }
    }

    var current: ClauseStructure {
        if headingDepth > 0 { return ClauseStructure(kind: .heading) }
        if let table = tables.last, table.inCell, table.row > 0 {
            return ClauseStructure(kind: .tableCell, row: table.row, column: max(0, table.column), isHeaderCell: table.header)
        }
        if listItemDepth > 0 { return ClauseStructure(kind: .listItem) }
        return ClauseStructure()
    }
}

/// Which elements break clauses, which hide their text, which keep line breaks.
enum HTMLVocabulary {
    private static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "textarea", "button",
    ]
    /// Their text is not the agreement's: page chrome, code, embedded documents.
    private static let skipped: Set<String> = [
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "title", "select",
    ]
    private static let preformatted: Set<String> = ["pre", "textarea", "listing", "plaintext", "xmp"]

    /// What an element does to the clauses around it.
    struct Role: OptionSet {
        let rawValue: UInt8
        static let block = Role(rawValue: 1)
        static let skipped = Role(rawValue: 2)
        static let preformatted = Role(rawValue: 4)
    }

    static func role(_ name: String) -> Role {
        var role: Role = []
        if blocks.contains(name) { role.insert(.block) }
        if skipped.contains(name) { role.insert(.skipped) }
        if preformatted.contains(name) { role.insert(.preformatted) }
        return role
    }
}
