import Findings
import XML

/// Reads an agreement (HTML or plain text) into clauses with source positions.
public enum AgreementReader {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case empty
        case decoding(EncodingDetector.Failure)
        case unparsable
        case noText

        public var description: String {
            switch self {
            case .empty: "the file is empty"
            case .decoding(let failure): failure.description
            case .unparsable: "libxml2 could not parse the page even with recovery on; re-save it from the browser as HTML"
            case .noText: "the page has no readable text (only markup, scripts or styles)"
            }
        }
    }

    public static func read(_ bytes: [UInt8], kind: InputKind) throws(Failure) -> Agreement {
        guard !bytes.isEmpty else { throw .empty }
        let decoded: EncodingDetector.Decoded
        do {
            decoded = try EncodingDetector.decode(bytes, isHTML: kind == .html)
        } catch {
            throw .decoding(error)
        }
        let clauses = kind == .html ? try htmlClauses(decoded.utf8) : textClauses(decoded.utf8)
        if clauses.isEmpty, !decoded.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .noText
        }
        return Agreement(clauses: clauses, encoding: decoded.encoding, format: kind)
    }

    /// Plain text: every line break ends a clause (agreements saved as text keep one paragraph
    /// or list item per line).
    static func textClauses(_ utf8: [UInt8]) -> [Clause] {
        var splitter = ClauseSplitter(source: utf8)
        let text = String(decoding: utf8, as: UTF8.self)
        var offset: Int32 = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                splitter.breakClause()
            } else {
                splitter.append(scalar, offset: offset)
            }
            offset += Int32(UTF8.width(scalar))
        }
        splitter.breakClause()
        return splitter.clauses
    }

    static func htmlClauses(_ utf8: [UInt8]) throws(Failure) -> [Clause] {
        let events: [HTMLEvent]
        do {
            events = try LibXML2Reader.htmlEvents(utf8: utf8)
        } catch {
            throw .unparsable
        }
        var splitter = ClauseSplitter(source: utf8)
        var skipDepth = 0
        var preformattedDepth = 0
        for event in events {
            switch event {
            case .start(let name):
                if HTMLVocabulary.skipped.contains(name) {
                    skipDepth += 1
                } else if skipDepth == 0, HTMLVocabulary.blocks.contains(name) {
                    splitter.breakClause()
                }
                if HTMLVocabulary.preformatted.contains(name) { preformattedDepth += 1 }
            case .end(let name):
                if HTMLVocabulary.skipped.contains(name) {
                    skipDepth = max(0, skipDepth - 1)
                } else if skipDepth == 0, HTMLVocabulary.blocks.contains(name) {
                    splitter.breakClause()
                }
                if HTMLVocabulary.preformatted.contains(name) { preformattedDepth = max(0, preformattedDepth - 1) }
            case .text(let text, let offsets):
                guard skipDepth == 0 else { continue }
                var index = 0
                for scalar in text.unicodeScalars {
                    if preformattedDepth > 0, scalar == "\n" {
                        splitter.breakClause()
                    } else {
                        splitter.append(scalar, offset: offsets[index])
                    }
                    index += 1
                }
            }
        }
        splitter.breakClause()
        return splitter.clauses
    }
}

/// Which elements break clauses, which hide their text, which keep line breaks.
enum HTMLVocabulary {
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "textarea", "button",
    ]
    /// Their text is not the agreement's: page chrome, code, embedded documents.
    static let skipped: Set<String> = [
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "title", "select",
    ]
    static let preformatted: Set<String> = ["pre", "textarea", "listing", "plaintext", "xmp"]
}
