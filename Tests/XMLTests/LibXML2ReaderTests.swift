import Testing

@testable import XML

@Suite struct LibXML2ReaderTests {
    private func texts(_ html: String) throws -> [(String, [Int32])] {
        try LibXML2Reader.htmlEvents(utf8: Array(html.utf8)).compactMap { event in
            if case .text(let text, let offsets) = event { return (text, offsets) }
            return nil
        }
    }

    @Test func everyCharacterPointsAtItsByteInTheSource() throws {
        let html = "<p>读取<b>通讯录</b></p>"
        let runs = try texts(html)
        #expect(runs.map(\.0) == ["读取", "通讯录"])
        // "<p>" is 3 bytes, each CJK character 3 bytes, "<b>" 3 bytes.
        #expect(runs[0].1 == [3, 6])
        #expect(runs[1].1 == [12, 15, 18])
    }

    @Test func entitiesPointAtTheirAmpersand() throws {
        let runs = try texts("<p>a&amp;b&nbsp;c</p>")
        let joined = runs.map(\.0).joined()
        #expect(joined == "a&b\u{A0}c")
        let offsets = runs.flatMap(\.1)
        #expect(offsets == [3, 4, 9, 10, 16])
    }

    @Test func scriptsStylesAndCommentsGiveNoTextButKeepPositionsRight() throws {
        let html = "<script>var a = '<p>x</p>';</script><!-- <p>y</p> --><style>p{}</style><p>z</p>"
        let runs = try texts(html)
        #expect(runs.map(\.0).joined() == "z")
        let source = Array(html.utf8)
        #expect(source[Int(runs.last!.1[0])] == UInt8(ascii: "z"))
    }

    @Test func elementsArriveLowercasedAndBalanced() throws {
        let events = try LibXML2Reader.htmlEvents(utf8: Array("<DIV><P>x</DIV>".utf8))
        let names = events.compactMap { event -> String? in
            switch event {
            case .start(let name): "+" + name
            case .end(let name): "-" + name
            case .text: nil
            }
        }
        #expect(names.contains("+div") && names.contains("+p"))
        #expect(names.filter { $0.hasPrefix("+") }.count == names.filter { $0.hasPrefix("-") }.count)
    }

    @Test func emptyInputGivesNoEvents() throws {
        #expect(try LibXML2Reader.htmlEvents(utf8: []).isEmpty)
    }

    @Test func iconvDecodesGBKAndRejectsBadBytes() throws {
        let gbk: [UInt8] = [0xCD, 0xA8, 0xD1, 0xB6, 0xC2, 0xBC]
        #expect(String(decoding: try TextDecoding.utf8(from: gbk, encoding: "GB18030"), as: UTF8.self) == "通讯录")
        #expect(throws: TextDecoding.Failure.self) { try TextDecoding.utf8(from: [0xFF, 0xFF, 0xFF], encoding: "BIG5-HKSCS") }
        #expect(throws: TextDecoding.Failure.unsupportedEncoding("NO-SUCH-ENCODING")) {
            try TextDecoding.utf8(from: gbk, encoding: "NO-SUCH-ENCODING")
        }
    }

    @Test func textAfterADoctypeAndBlankLinesInTheHeadIsPlacedRight() throws {
        let html = "<!doctype html>\n<html lang=\"en\">\n<head>\n\n</head>\n<body>\n<h1>\n    标题\n</h1>\n</body></html>\n"
        let source = Array(html.utf8)
        let runs = try texts(html)
        let title = try #require(runs.first { $0.0.contains("标题") })
        let index = Array(title.0.unicodeScalars).firstIndex(of: "标")!
        let offset = Int(title.1[index])
        #expect(Array(source[offset..<offset + 3]) == Array("标".utf8))
    }
}
