import Findings
import Testing
@testable import Documents

/// Damaged but readable text is read, with a warning; MHTML archives are read by their HTML part.
struct DamagedAndArchivedPageTests {
    static let page = "<p>如您拒绝授权通讯录，我们将无法为您提供借款服务。</p>"

    @Test func utf8CutInsideTheLastCharacterIsReadUpToIt() throws {
        let bytes = Array(Self.page.utf8)
        for drop in 1...2 {
            // 。 is three bytes, followed by `</p>`: end inside 。 instead.
            let end = bytes.count - 4 - drop
            let reading = try AgreementReader.reading(Array(bytes[..<end]), kind: .html)
            #expect(reading.agreement.encoding == "UTF-8")
            #expect(reading.warnings.first?.hasPrefix("ends inside a character: the saved file may be cut short") == true)
            #expect(reading.agreement.clauses.count == 1)
        }
    }

    @Test func onlyACutAtTheVeryEndIsForgiven() {
        // A bad byte in the middle is mojibake, not a cut.
        var bytes = Array("<p>通讯录".utf8) + [0xE9] + Array("借款。</p>".utf8)
        bytes.append(0xE9)
        #expect(EncodingDetector.utf8Cut(bytes) == bytes.count - 1)
        #expect(EncodingDetector.cutUTF8(bytes, label: "UTF-8") == nil)
        #expect(EncodingDetector.utf8Cut(Array("abc".utf8)) == nil)
        #expect(EncodingDetector.utf8Cut([0x61, 0xF0, 0x9F, 0x98]) == 1)
        #expect(EncodingDetector.utf8Cut([0x61, 0xF0, 0x9F, 0x98, 0x80]) == nil)
    }

    @Test func aPageEndingInsideATagIsReadWithAWarning() throws {
        let reading = try AgreementReader.reading(Array((Self.page + "<p class=\"note").utf8), kind: .html)
        #expect(reading.warnings == ["ends inside a tag (<p class=\"note…): the saved file may be cut short; the text before it was read"])
        #expect(AgreementReader.unfinishedTag(Array("<p>a < b</p>".utf8)) == nil)
        #expect(AgreementReader.unfinishedTag(Array("<p>1 <2".utf8)) == nil)
    }

    @Test func mhtmlPartsAreDecodedFromQuotedPrintableAndBase64() throws {
        #expect(MHTMLReader.quotedPrintable(Array("a=3D=E9=80=9A=\r\nb".utf8)[...]) == Array("a=".utf8) + [0xE9, 0x80, 0x9A] + Array("b".utf8))
        #expect(MHTMLReader.base64(Array("aGVs\r\nbG8=".utf8)[...]) == Array("hello".utf8))
        let archive = """
            MIME-Version: 1.0\r
            Content-Type: multipart/related; boundary="B"\r
            \r
            --B\r
            Content-Type: text/css\r
            \r
            p {}\r
            --B\r
            Content-Type: text/html; charset=UTF-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            <p>=E5=A6=82=E6=82=A8</p>\r
            --B--\r

            """
        #expect(MHTMLReader.looksLikeMIME(Array(archive.utf8)))
        let part = try MHTMLReader.htmlPart(Array(archive.utf8))
        #expect(String(decoding: part.html, as: UTF8.self) == "<p>如您</p>")
        #expect(part.charset == "utf-8")
        let reading = try AgreementReader.reading(Array(archive.utf8), kind: .html)
        #expect(reading.format == "mhtml")
        #expect(!MHTMLReader.looksLikeMIME(Array(Self.page.utf8)))
    }

    @Test func anArchiveWithoutAPageSaysHowToGetOne() {
        let archive = "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"B\"\n\n--B\nContent-Type: image/png\n\nxx\n--B--\n"
        #expect(throws: AgreementReader.Failure.mhtml(.noHTMLPart)) { try AgreementReader.reading(Array(archive.utf8), kind: .html) }
    }
}
