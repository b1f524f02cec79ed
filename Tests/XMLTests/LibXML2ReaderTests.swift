import Testing
import TestSupport

@testable import XML

@Suite struct LibXML2ReaderTests {
    private func texts(_ html: String) throws -> [(String, [Int32])] {
        try texts(Array(html.utf8))
    }

    private func texts(_ bytes: [UInt8]) throws -> [(String, [Int32])] {
        let stream = try LibXML2Reader.htmlEvents(utf8: bytes)
        #expect(stream.scalars.count == stream.offsets.count)
        return stream.events.compactMap { event in
            guard case .text(let range) = event else { return nil }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: stream.scalars[range])
            return (String(text), Array(stream.offsets[range]))
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
        let stream = try LibXML2Reader.htmlEvents(utf8: Array("<DIV><P>x</DIV>".utf8))
        let names = stream.events.compactMap { event -> String? in
            switch event {
            case .start(let name): "+" + stream.names[name]
            case .end(let name): "-" + stream.names[name]
            case .text: nil
            }
        }
        #expect(names.contains("+div") && names.contains("+p"))
        #expect(names.filter { $0.hasPrefix("+") }.count == names.filter { $0.hasPrefix("-") }.count)
    }

    @Test func emptyInputGivesNoEvents() throws {
        #expect(try LibXML2Reader.htmlEvents(utf8: []) == HTMLEventStream())
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

@Suite struct HTMLEventStreamTests {
    private func stream(_ html: String) throws -> HTMLEventStream {
        try LibXML2Reader.htmlEvents(utf8: Array(html.utf8))
    }

    /// Each scalar's offset must be where its own UTF-8 bytes start in the source.
    private func expectEveryScalarAtItsBytes(_ html: String) throws {
        let source = Array(html.utf8)
        let stream = try LibXML2Reader.htmlEvents(utf8: source)
        for (scalar, offset) in zip(stream.scalars, stream.offsets) where scalar != "\n" {
            let bytes = Array(String(scalar).utf8)
            #expect(Array(source[Int(offset)..<Int(offset) + bytes.count]) == bytes, "\(scalar) at \(offset)")
        }
    }

    @Test func theLocatorAnswersInAnyOrder() throws {
        let html = "<p>读&amp;取\r\n通讯录</p>\n<p>a&nbsp;é😀b</p><!-- x --><div>第三段</div>"
        let stream = try stream(html)
        let offsets = stream.offsets
        var locator = SourceLocator(stream.sources)
        let order = Array(stream.scalars.indices.reversed()) + Array(stream.scalars.indices) + [3, 1, 4, 1, 5]
        for index in order {
            #expect(Int32(locator.offset(ofScalar: index, in: stream.scalars)) == offsets[index], "scalar \(index)")
        }
    }

    @Test func scalarsOfEveryWidthPointAtTheirFirstByte() throws {
        let html = "<p>aé中😀b</p>"
        let stream = try stream(html)
        #expect(stream.scalars == Array("aé中😀b".unicodeScalars))
        #expect(stream.offsets == [3, 4, 6, 9, 13])
    }

    @Test func textLongerThanOneParserChunkKeepsCountingOn() throws {
        // libxml2 hands character data over in chunks of a few hundred bytes at most.
        let text = String(repeating: "借款人同意授权通讯录。", count: 200)
        let stream = try stream("<p>" + text + "</p>")
        let runs = stream.events.filter { if case .text = $0 { true } else { false } }
        #expect(runs.count > 1)
        #expect(stream.scalars == Array(text.unicodeScalars))
        #expect(stream.offsets == (0..<Int32(stream.scalars.count)).map { 3 + 3 * $0 })
    }

    @Test func carriageReturnsAreSkippedWhereLibXML2FoldedThem() throws {
        let html = "<p>第一行\r\n第二行\r\n\r\n第三行</p>\r\n<p>x\ry</p>"
        try expectEveryScalarAtItsBytes(html)
        let stream = try stream(html)
        let second = try #require(stream.scalars.firstIndex(of: "二"))
        #expect(stream.offsets[second] == Int32(Array("<p>第一行\r\n第".utf8).count))
    }

    @Test func numericAndNamedEntitiesPointAtTheirAmpersand() throws {
        let html = "<p>&#x4E2D;&#25991;&quot;&eacute;x</p>"
        let stream = try stream(html)
        #expect(stream.scalars == Array("中文\"éx".unicodeScalars))
        #expect(stream.offsets == [3, 11, 19, 25, 33])
    }

    @Test func textAfterCommentsScriptsAndBrokenMarkupIsPlacedRight() throws {
        try expectEveryScalarAtItsBytes("<!doctype html><p title='a>b'>一<!-- <p>二</p> -->三<script>if (a < b) {}</script>四 < 五 <b>六</b></p>")
    }

    @Test func elementNamesAreLowercasedAndListedOnce() throws {
        let tags = (0..<300).map { "X-Tag\($0)" }
        let html = tags.map { "<\($0)>t</\($0)>" }.joined() + tags.map { "<\($0.uppercased())>u</\($0)>" }.joined()
        let stream = try stream(html)
        let opened = stream.events.compactMap { event -> String? in
            if case .start(let name) = event { return stream.names[name] }
            return nil
        }
        #expect(opened == (tags + tags).map { $0.lowercased() })
        #expect(stream.names.count == Set(stream.names).count)
    }
}

@Suite struct UTF8TextTests {
    /// What the standard library decodes and accepts: the reference for every test here.
    private static func standardScalars(_ bytes: [UInt8]) -> [Unicode.Scalar] {
        Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    }

    private static func standardWellFormed(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    private func decode(_ bytes: [UInt8]) -> (scalars: [Unicode.Scalar], wellFormed: Bool) {
        var scalars: [Unicode.Scalar] = ["x"]
        let wellFormed = bytes.withUnsafeBufferPointer { UTF8Text.decode($0, into: &scalars) }
        return (Array(scalars.dropFirst()), wellFormed)
    }

    @Test func decodesLikeTheStandardLibraryIncludingRepairs() {
        var samples: [[UInt8]] = [
            Array("ascii 中文 é 😀".utf8), [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF0, 0x9F, 0x98], [0xE4, 0xB8], [0x80], [0xFF, 0x41], [0xC2, 0xA0, 0xC2], [0xF5, 0x80, 0x80, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xDF, 0xBF], [0xE1, 0x80, 0x41],
        ]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            samples.append((0..<Int(generator.next() % 12)).map { _ in
                let pick = generator.next()
                return pick % 3 == 0 ? UInt8(truncatingIfNeeded: pick >> 8) : [0x41, 0x80, 0xBF, 0xC2, 0xE0, 0xED, 0xF0, 0xF4][Int(pick >> 8 % 8)]
            })
        }
        for bytes in samples {
            let decoded = decode(bytes)
            #expect(decoded.scalars == Self.standardScalars(bytes), "\(bytes)")
            #expect(decoded.wellFormed == Self.standardWellFormed(bytes), "\(bytes)")
        }
    }

    @Test func everyThreeByteLeadDecodesLikeTheStandardLibrary() {
        // The three-byte fast path: every lead E0–EF, every second byte, third bytes at the edges
        // of the continuation range; overlong forms (E0 80–9F) and surrogates (ED A0–BF) included.
        var mismatches: [[UInt8]] = []
        for lead in UInt8(0xE0)...0xEF {
            for second in UInt8(0)...0xFF {
                for third: UInt8 in [0x00, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF] {
                    let bytes = [lead, second, third, 0x41]
                    let decoded = decode(bytes)
                    if decoded.scalars != Self.standardScalars(bytes)
                        || decoded.wellFormed != Self.standardWellFormed(bytes) {
                        mismatches.append(bytes)
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func aWholeFileDecodesLikeTheStandardLibrary() {
        // The path a plain-text agreement takes.
        let text = Array(String(repeating: "第一条 借款人同意 loan é😀\n", count: 800).utf8)
        for bytes in [text, text + [0xE4, 0xB8], Array(text[0..<9000]) + [0xFF] + Array(text[9000...])] {
            let (scalars, wellFormed) = bytes.withUnsafeBufferPointer { UTF8Text.scalars(of: $0) }
            #expect(scalars == Self.standardScalars(bytes))
            #expect(wellFormed == Self.standardWellFormed(bytes))
        }
    }

    @Test func validationAgreesWithTheStandardLibrary() {
        // Bad bytes before, inside and after runs of eight ASCII bytes; sequences cut at the end.
        var generator = SplitMix64(seed: 11)
        let pieces: [[UInt8]] = [
            Array("abcdefgh".utf8), Array("中".utf8), Array("é".utf8), Array("😀".utf8), [0x80], [0xE4, 0xB8], [0xED, 0xA0, 0x80],
            [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xFF], Array("x".utf8),
        ]
        var mismatches: [[UInt8]] = []
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 8) {
                let piece = pieces[Int(generator.next() % UInt64(pieces.count))]
                // Mostly well-formed pieces, so that long valid texts are tried too.
                if piece.count > 1 || piece[0] < 0x80 || generator.next() % 4 == 0 { bytes += piece }
            }
            let agrees = bytes.withUnsafeBufferPointer(UTF8Text.isWellFormed) == Self.standardWellFormed(bytes)
            if !agrees { mismatches.append(bytes) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(Array("借款协议 loan agreement 😀".utf8).withUnsafeBufferPointer(UTF8Text.isWellFormed))
        #expect(!([UInt8](repeating: 0x41, count: 16) + [0xC3]).withUnsafeBufferPointer(UTF8Text.isWellFormed))
    }
}

