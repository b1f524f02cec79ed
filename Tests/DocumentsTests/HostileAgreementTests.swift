import Findings
import Testing

@testable import Documents

/// Issue 7, agreements: broken and hostile pages are read or refused with a reason, never a
/// trap or a hang. (Empty, binary and UTF-16 pages are in AgreementReaderTests.)
@Suite struct HostileAgreementTests {
    @Test func unclosedMarkupStillGivesItsText() throws {
        let html = "<html><body><div><p>借款协议<p><b>我们将读取您的通讯录。<span><i><table><tr><td>第二条"
        let agreement = try AgreementReader.read(Array(html.utf8), kind: .html)
        #expect(agreement.clauses.map(\.text) == ["借款协议", "我们将读取您的通讯录。", "第二条"])
    }

    @Test func nestingTwoHundredThousandDeepIsReadWithoutCrashing() throws {
        // libxml2's HTML parser caps its element stack, and the clause walk is a loop over
        // events, not a recursion, so depth costs neither stack nor quadratic time.
        let depth = 200_000
        let html = String(repeating: "<div>", count: depth) + "<p>我们将读取您的通讯录。</p>" + String(repeating: "</div>", count: depth)
        let agreement = try AgreementReader.read(Array(html.utf8), kind: .html)
        #expect(agreement.clauses.map(\.text) == ["我们将读取您的通讯录。"])
    }

    @Test func unclosedInlineElementsTwoHundredThousandDeepAreReadToo() throws {
        let html = "<p>" + String(repeating: "<b><i>", count: 100_000) + "我们将读取您的通讯录。"
        let agreement = try AgreementReader.read(Array(html.utf8), kind: .html)
        #expect(agreement.clauses.map(\.text) == ["我们将读取您的通讯录。"])
    }

    @Test func aNulByteMakesThePageBinary() {
        // Browsers never save a NUL; one means the file is not the text it claims to be.
        let bytes = Array("<p>我们将读取您的通讯录。</p>".utf8) + [0x00] + Array("<p>第二条</p>".utf8)
        #expect(throws: AgreementReader.Failure.decoding(.binary)) { try AgreementReader.read(bytes, kind: .html) }
        #expect(throws: AgreementReader.Failure.decoding(.binary)) { try AgreementReader.read(bytes, kind: .text) }
    }

    @Test func bytesValidInNoSupportedEncodingAreRefusedWithAReason() {
        let bytes: [UInt8] = Array(repeating: [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xFF, 0xFE, 0xFD], count: 64)
            .flatMap { $0 }
        let reason = Self.reason(bytes, kind: .text)
        #expect(reason.contains("not valid UTF-8, GB18030 or Big5"), "reason: \(reason)")
    }

    @Test func markupWithoutTextIsReportedAsHavingNone() {
        let html = "<html><head><script>var a = 1;</script></head><body><div></div></body></html>"
        #expect(throws: AgreementReader.Failure.noText) { try AgreementReader.read(Array(html.utf8), kind: .html) }
    }

    /// The failure's text, or "" when the bytes were read.
    static func reason(_ bytes: [UInt8], kind: InputKind) -> String {
        do {
            _ = try AgreementReader.read(bytes, kind: kind)
            return ""
        } catch {
            return error.description
        }
    }
}
