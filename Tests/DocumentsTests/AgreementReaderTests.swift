import Findings
import Testing
import TestSupport

@testable import Documents

private func clauses(_ html: String, kind: InputKind = .html) throws -> [Clause] {
    Array(try AgreementReader.read(Array(html.utf8), kind: kind).clauses)
}

@Suite struct AgreementReaderTests {
    @Test func wordsSplitByInlineMarkupAreJoined() throws {
        let result = try clauses("<p>我们将读取您的<span>通讯</span><b>录</b>信息。</p>")
        #expect(result.map(\.text) == ["我们将读取您的通讯录信息。"])
        #expect(result[0].normalizedText.contains("通讯录"))
    }

    @Test func clausesSplitOnChinesePunctuationAndBlocks() throws {
        let html = """
            <html><body>
            <h1>隐私政策</h1>
            <p>第一句。第二句！第三句？第四句；</p>
            <ul><li>列表一</li><li>列表二</li></ul>
            <table><tr><td>单元格一</td><td>单元格二</td></tr></table>
            </body></html>
            """
        #expect(try clauses(html).map(\.text) == [
            "隐私政策", "第一句。", "第二句！", "第三句？", "第四句；", "列表一", "列表二", "单元格一", "单元格二",
        ])
    }

    /// Sentences of one paragraph, item or line share a block; the next paragraph starts another,
    /// and the cells of one table row are one unit.
    @Test func sentencesKnowTheirBlock() throws {
        let html = "<p>第一句。第二句。</p><p>第三句。</p><ul><li>条目一。条目二。</li></ul><table><tr><td>甲</td><td>乙</td></tr></table>"
        let result = try clauses(html)
        let blocks = result.map(\.structure.block)
        #expect(blocks[0] == blocks[1] && blocks[1] != blocks[2] && blocks[2] != blocks[3] && blocks[3] == blocks[4])
        #expect(result[5].structure.isInSameUnit(as: result[6].structure))
        #expect(!result[4].structure.isInSameUnit(as: result[5].structure))
        let lines = try clauses("第一句。第二句。\n第三句。\n", kind: .text).map(\.structure.block)
        #expect(lines[0] == lines[1] && lines[1] != lines[2])
    }

    /// A page converted to text keeps its tables as pipes: one cell per line with "|" lines
    /// between cells and blank lines between rows, or one row per line. Under a `---|---`
    /// delimiter each cell is a table cell of its row, and the lines above it are the header.
    @Test func textTablesBecomeRowsOfCells() throws {
        let cellPerLine = "前言。\n**服务**\n|\n**所需信息或权限**  \n  \n---|---  \n  \n邀请好友\n|\n通讯录  \n  \n扫码\n|\n相机  \n  \n结语。\n"
        let result = try clauses(cellPerLine, kind: .text)
        #expect(result.map(\.text) == ["前言。", "**服务**", "**所需信息或权限**", "邀请好友", "通讯录", "扫码", "相机", "结语。"])
        let cells = result.map(\.structure)
        #expect(cells[0].row == 0 && cells[7].row == 0)
        #expect(cells[1].isHeaderCell && cells[2].isHeaderCell && cells[1].row == cells[2].row && cells[2].column == 1)
        #expect(!cells[3].isHeaderCell && cells[3].row == cells[4].row && cells[3].row != cells[1].row && cells[4].column == 1)
        #expect(cells[5].row != cells[3].row && cells[5].row != 0)
        let rowPerLine = try clauses("权限 | 用途\n---|---\n读取通讯录 | 邀请好友\n相机 | 扫码\n", kind: .text)
        #expect(rowPerLine.map(\.text) == ["权限", "用途", "读取通讯录", "邀请好友", "相机", "扫码"])
        #expect(rowPerLine[2].structure.row == rowPerLine[3].structure.row && rowPerLine[3].structure.column == 1)
        #expect(rowPerLine[0].structure.isHeaderCell && !rowPerLine[2].structure.isHeaderCell)
        // Without a delimiter a pipe is only a character.
        #expect(try clauses("甲 | 乙\n丙 | 丁\n", kind: .text).allSatisfy { $0.structure.row == 0 })
        // In a page's <pre>, which the parser hands over in pieces, the same.
        let pre = try clauses("<pre>" + cellPerLine + "</pre>")
        #expect(pre.map(\.structure.row) == cells.map(\.row))
    }

    @Test func clauseStartsCarryLineAndColumnOfTheOriginal() throws {
        let html = "<html>\n<body>\n  <p>甲方同意。  乙方&amp;丙方同意。</p>\n</body></html>"
        let result = try clauses(html)
        #expect(result.map(\.text) == ["甲方同意。", "乙方&丙方同意。"])
        #expect((result[0].line, result[0].column) == (3, 6))
        #expect((result[1].line, result[1].column) == (3, 13))
    }

    @Test func positionsSurviveEntitiesCarriageReturnsAndComments() throws {
        let html = "<p>a&nbsp;b</p>\r\n<!-- 通讯录 -->\r\n<p>&lt;x&gt; 读取通讯录。</p>"
        let result = try clauses(html)
        #expect(result.map(\.text) == ["a b", "<x> 读取通讯录。"])
        #expect((result[1].line, result[1].column) == (3, 4))
    }

    @Test func scriptsStylesAndHeadAreDropped() throws {
        let html = """
            <html><head><title>标题</title><style>p{color:red}</style></head>
            <body><script>var s = "通讯录";</script><p>正文。</p><noscript>请启用</noscript></body></html>
            """
        #expect(try clauses(html).map(\.text) == ["正文。"])
    }

    @Test func templatePlaceholdersAreDropped() throws {
        let result = try clauses("<p>借款人${borrower.name}同意{{ x }}授权。</p>")
        #expect(result.map(\.text) == ["借款人同意授权。"])
    }

    @Test func closingQuotesStayWithTheirSentence() throws {
        let result = try clauses("<p>“如您拒绝，我们将无法提供服务。”下一句。</p>")
        #expect(result.map(\.text) == ["“如您拒绝，我们将无法提供服务。”", "下一句。"])
    }

    @Test func englishSentencesSplitOnFullStops() throws {
        let result = try clauses("<p>We read your contacts, e.g. names. We share them. Version 1.5 applies.</p>")
        #expect(result.map(\.text) == ["We read your contacts, e.g. names.", "We share them.", "Version 1.5 applies."])
    }

    @Test func preformattedLinesAreClauses() throws {
        let result = try clauses("<pre>第一行\n第二行</pre>")
        #expect(result.map(\.text) == ["第一行", "第二行"])
        #expect(result[1].line == 2)
    }

    @Test func gbkPageWithMetaCharsetIsDecoded() throws {
        // "通讯录" in GBK.
        let body: [UInt8] = [0xCD, 0xA8, 0xD1, 0xB6, 0xC2, 0xBC]
        let bytes = Array("<html><head><meta charset=\"gbk\"></head><body><p>".utf8) + body + Array("</p></body></html>".utf8)
        let agreement = try AgreementReader.read(bytes, kind: .html)
        #expect(agreement.clauses.map(\.text) == ["通讯录"])
        #expect(agreement.encoding.hasPrefix("GB18030"))
    }

    @Test func undeclaredNonUTF8IsSniffedAsGB18030() throws {
        // "我们读取您的通讯录" in GBK: not valid UTF-8 (a short GBK run can be, by accident).
        let gbk: [UInt8] = [
            0xCE, 0xD2, 0xC3, 0xC7, 0xB6, 0xC1, 0xC8, 0xA1, 0xC4, 0xFA, 0xB5, 0xC4, 0xCD, 0xA8, 0xD1, 0xB6, 0xC2, 0xBC,
        ]
        let bytes: [UInt8] = Array("<p>".utf8) + gbk + Array("</p>".utf8)
        let agreement = try AgreementReader.read(bytes, kind: .html)
        #expect(agreement.clauses.map(\.text) == ["我们读取您的通讯录"])
        #expect(agreement.encoding == "GB18030")
    }

    @Test func utf16WithByteOrderMarkIsDecoded() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<p>读取通讯录。</p>".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let agreement = try AgreementReader.read(bytes, kind: .html)
        #expect(agreement.clauses.map(\.text) == ["读取通讯录。"])
        #expect(agreement.encoding == "UTF-16LE")
    }

    @Test func plainTextSplitsOnLinesAndPunctuation() throws {
        let result = try clauses("第一条 总则\n我们不会读取您的通讯录。我们重视隐私。\n", kind: .text)
        #expect(result.map(\.text) == ["第一条 总则", "我们不会读取您的通讯录。", "我们重视隐私。"])
        #expect((result[2].line, result[2].column) == (2, 13))
    }

    @Test func emptyAndBinaryFilesAreRejectedWithReasons() {
        #expect(throws: AgreementReader.Failure.empty) { try AgreementReader.read([], kind: .html) }
        #expect(throws: AgreementReader.Failure.decoding(.binary)) {
            try AgreementReader.read([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01], kind: .html)
        }
    }
}

@Suite struct TextNormalizerTests {
    @Test func foldsWidthCaseAndSpacesBetweenCJK() {
        #expect(TextNormalizer.normalizedString("通 讯　录 ＡＰＰ Contacts") == "通讯录app contacts")
        #expect(TextNormalizer.normalizedString("读取 通讯录") == "读取通讯录")
        #expect(TextNormalizer.normalizedString("ｍｙ  ｌｏａｎ") == "my loan")
    }

    @Test func foldsTraditionalChineseToSimplifiedForMatchingOnly() throws {
        #expect(TextNormalizer.normalizedString("讀取您的通訊錄") == "读取您的通讯录")
        // A Big5 page: decoded from its declared charset, quoted in its own characters.
        let big5: [UInt8] = [0xC5, 0xAA, 0xA8, 0xFA, 0xB1, 0x7A, 0xAA, 0xBA, 0xB3, 0x71, 0xB0, 0x54, 0xBF, 0xFD]
        let bytes = Array("<meta charset=\"big5\"><p>".utf8) + big5 + Array("</p>".utf8)
        let clause = try #require(try AgreementReader.read(bytes, kind: .html).clauses.first)
        #expect(clause.text == "讀取您的通訊錄")
        #expect(clause.normalizedText == "读取您的通讯录")
    }

    @Test func mapsMatchesBackToTheDisplayedWords() {
        let clause = Clause(display: Array("读取 通讯 录".unicodeScalars), line: 1, column: 1)
        #expect(clause.normalizedText == "读取通讯录")
        let range = clause.displayRange(ofNormalized: 2..<5)
        #expect(range == HighlightRange(start: 3, end: 7))
    }
}

@Suite struct ClauseBuildingTests {
    @Test func everyTemplatePlaceholderKindIsDropped() throws {
        let html = "<p>甲${a}乙{{ b }}丙{% c %}丁&lt;%= d %&gt;戊&lt;#if e&gt;己&lt;/#if&gt;庚&lt;@m f/&gt;辛。</p>"
        #expect(try clauses(html).map(\.text) == ["甲乙丙丁戊己庚辛。"])
    }

    @Test func unclosedOrFarAwayPlaceholdersAreKept() throws {
        let html = "<p>费用{{ x } 与 ${未结束， &lt;/ 和 &lt;% " + String(repeating: "长", count: 210) + " %&gt;。</p>"
        let text = try #require(try clauses(html).first?.text)
        #expect(text.hasPrefix("费用{{ x } 与 ${未结束， </ 和 <% 长"))
        #expect(text.hasSuffix("长 %>。"))
    }

    @Test func positionsSurviveCRLFLongParagraphsAndEntitiesTogether() throws {
        // Long enough that libxml2 delivers the paragraph in several chunks.
        let sentence = "我们将读取您的通讯录&amp;短信。"
        let html = "<html>\r\n<body>\r\n<p>\r\n" + String(repeating: sentence + "\r\n", count: 40) + "</p></body></html>"
        let result = try clauses(html)
        #expect(result.count == 40)
        #expect(result.allSatisfy { $0.text == "我们将读取您的通讯录&短信。" })
        #expect(result.enumerated().allSatisfy { $0.element.line == 4 + $0.offset && $0.element.column == 1 })
    }

    @Test func gbkPagePositionsCountCharactersNotBytes() throws {
        // "第一条" and "通讯录。" in GBK, two lines; columns count characters of the decoded text.
        let first: [UInt8] = [0xB5, 0xDA, 0xD2, 0xBB, 0xCC, 0xF5]
        let second: [UInt8] = [0xCD, 0xA8, 0xD1, 0xB6, 0xC2, 0xBC, 0xA1, 0xA3]
        let bytes = Array("<meta charset=\"gbk\">\r\n<p>".utf8) + first + Array("</p>\r\n<p>".utf8)
            + Array("&nbsp;<b>".utf8) + second + Array("</b></p>".utf8)
        let agreement = try AgreementReader.read(bytes, kind: .html)
        #expect(agreement.clauses.map(\.text) == ["第一条", "通讯录。"])
        #expect(agreement.clauses.map(\.line) == [2, 3])
        #expect(agreement.clauses.map(\.column) == [4, 13])
    }

    @Test func textHiddenInsideAParagraphJoinsTheWordsAroundIt() throws {
        // The skipped element's text sits between the two halves in the page's text buffer.
        let html = "<p>\n  读取<noscript>请开启脚本</noscript>通讯<select>x</select>录。后文。</p>"
        let result = try clauses(html)
        #expect(result.map(\.text) == ["读取通讯录。", "后文。"])
        #expect((result[0].line, result[0].column) == (2, 3))
    }

    @Test func clausesInSharedBuffersAreTheClausesBuiltAlone() throws {
        // ㈱ and ﬁ expand under NFKC (normalized longer than display); full-width and traditional
        // characters fold one to one; the empty paragraph makes no clause.
        let html = "<p>甲公司㈱将读取通訊錄。</p><p> </p><p>ＡＰＰ ﬁle  access!</p><pre>一\n二</pre>"
        let list = try AgreementReader.read(Array(html.utf8), kind: .html).clauses
        #expect(list.map(\.text) == ["甲公司㈱将读取通訊錄。", "ＡＰＰ ﬁle access!", "一", "二"])
        for index in list.indices {
            let clause = list[index]
            var alone = Clause(display: clause.display, line: clause.line, column: clause.column)
            alone.structure.block = clause.structure.block
            #expect(clause == alone)
            #expect(Array(list.display[list.displayRange(index)]) == clause.display)
            #expect(Array(list.normalized[list.normalizedRange(index)]) == clause.normalized)
        }
        #expect(list[0].normalized.count > list[0].display.count)
        #expect(ClauseList(Array(list)) == list)
        #expect(list.normalizedRange(1).lowerBound == list.normalizedRange(0).upperBound)
    }

    @Test func expansionsLongerThanTheScratchRoomAreKept() throws {
        // "…" folds to "...": 900 of them make the normalized text longer than the splitter's
        // room for one clause, and the clause after it reuses that room.
        let long = String(repeating: "甲", count: 3000) + String(repeating: "…", count: 900)
        let list = try AgreementReader.read(Array("<p>\(long)</p><p>读取通讯录……</p>".utf8), kind: .html).clauses
        #expect(list.count == 2)
        for clause in list {
            var alone = Clause(display: clause.display, line: clause.line, column: clause.column)
            alone.structure.block = clause.structure.block
            #expect(clause == alone)
        }
        #expect(list[0].normalized.count == 3000 + 2700)
    }

    @Test func closingMarksBeyondTheLengthLimitStayWithTheirSentence() throws {
        let closers = String(repeating: "」", count: ClauseSplitter.maximumLength + 500)
        let result = try clauses("<p>同意。" + closers + "下一句。</p>")
        #expect(result.map(\.text) == ["同意。" + closers, "下一句。"])
    }

    @Test func countingOnGivesTheSamePositionsAsCountingAfresh() {
        var generator = SplitMix64(seed: 7)
        let pieces = ["a", "\n", "é", "中", "😀", "\r\n", "ab\ncd"]
        var text = ""
        for _ in 0..<400 { text += pieces.randomElement(using: &generator)! }
        let source = Array(text.utf8)
        func fresh(_ offset: Int) -> (Int, Int) {
            let before = source[..<offset]
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            return (before.filter { $0 == 0x0A }.count + 1, source[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1)
        }
        var positions = SourcePositions(source: source)
        // Mostly ascending, as clauses arrive, with some steps back and some past the end.
        var offset = 0
        for _ in 0..<600 {
            offset = Int.random(in: 0...9, using: &generator) == 0
                ? Int.random(in: 0...source.count + 5, using: &generator) : min(source.count, offset + Int.random(in: 0...12, using: &generator))
            let got = positions.position(of: offset)
            let expected = fresh(min(offset, source.count))
            #expect(got.line == expected.0 && got.column == expected.1, "offset \(offset)")
        }
    }

    @Test func rangeTestsForWordCharactersAgreeWithUnicodeProperties() {
        for value in Array(0x00...0x7F) + Array(0x4E00...0x9FFF) {
            let scalar = Unicode.Scalar(UInt32(value))!
            let expected = scalar.properties.isAlphabetic || TextNormalizer.isCJK(scalar) && scalar.properties.isIdeographic
            #expect(ClauseSplitter.isWordCharacter(scalar) == expected, "U+\(String(value, radix: 16))")
        }
    }
}

@Suite struct NormalizerTableTests {
    @Test func tabledAndSingleFoldsAgreeWithFold() {
        let values = Array(0x00...0x24F) + Array(0x2000...0x206F) + Array(0x3000...0x303F) + Array(0x4E00...0x9FFF)
            + Array(0xFF00...0xFFEF)
        for value in values {
            let scalar = Unicode.Scalar(UInt32(value))!
            let expected = OneToOneFoldingTests.normalizedCharacterByCharacter([scalar]).scalars
            #expect(TextNormalizer.normalize([scalar]).scalars == expected, "U+\(String(value, radix: 16))")
        }
    }

    @Test func foldsKnownWithoutNFKCAreNFKC() {
        // `fold` answers these ranges by table and arithmetic; outside the CJK Unified block
        // (where traditional characters fold to simplified, which NFKC does not do) that must be
        // NFKC lowercased.
        let values = Array(0x00...0x7F) + Array(0x3400...0x4DBF) + Array(0xFF01...0xFF5E) + [0x3000, 0xA0]
        for value in values {
            let scalar = Unicode.Scalar(UInt32(value))!
            let nfkc = Array(String(scalar).precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars)
            #expect(TextNormalizer.fold(scalar) == nfkc, "U+\(String(value, radix: 16))")
        }
    }
}

@Suite struct OneToOneFoldingTests {
    @Test func agreesWithNormalizingCharacterByCharacter() {
        var generator = SplitMix64(seed: 11)
        // ASCII, spaces of several kinds, CJK (simplified and traditional), full-width forms,
        // Latin-1, and characters NFKC expands (ﬁ, ½, ㈱), which take the general path.
        let alphabet = Array("aZ 9.\t\u{3000}\u{A0}通訊录讀取ＡＰＰ（）é·—…\u{FB01}½㈱".unicodeScalars)
        for _ in 0..<2000 {
            let display = (0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let expected = Self.normalizedCharacterByCharacter(display)
            let got = TextNormalizer.normalize(display)
            #expect(got.scalars == expected.scalars && got.origins == expected.origins, "\(display)")
        }
    }

    /// `normalize` written plainly: each character's `fold`, white space made one space that is
    /// kept only when neither side is CJK.
    static func normalizedCharacterByCharacter(_ display: [Unicode.Scalar]) -> (scalars: [Unicode.Scalar], origins: [Int32]) {
        var scalars: [Unicode.Scalar] = []
        var origins: [Int32] = []
        var pendingSpace: Int32?
        for (index, scalar) in display.enumerated() {
            for folded in TextNormalizer.fold(scalar) {
                if TextNormalizer.isSpace(folded) {
                    if let last = scalars.last, pendingSpace == nil, !TextNormalizer.isCJK(last) { pendingSpace = Int32(index) }
                    continue
                }
                if let space = pendingSpace, !TextNormalizer.isCJK(folded) {
                    scalars.append(" ")
                    origins.append(space)
                }
                pendingSpace = nil
                scalars.append(folded)
                origins.append(Int32(index))
            }
        }
        return (scalars, origins)
    }
}

@Suite struct DeclaredCharsetTests {
    @Test func declarationsAreFoundInMetaAndXMLTagsOnly() {
        let cases: [(String, String?)] = [
            ("<meta charset=\"GBK\"><title>标题</title>", "gbk"),
            ("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; CHARSET=gb2312\">", "gb2312"),
            ("<?xml version=\"1.0\" encoding='Big5'?><p>", "big5"),
            ("<p>charset=gbk</p><meta charset=utf-8>", "utf-8"),
            ("<title>标题</title><meta charset=\"gbk\">", "gbk"),
            ("<meta name=x>charset=gbk", nil),
            ("<meta charset=\"\">", nil),
            ("<meta charset=\"gbk中\">", "gbk中"),
            ("<meta charset=\"gb\u{301}k\">", "gb\u{301}k"),
            ("<meta charset=\u{212A}oi8", "koi8"),
            ("no declaration at all", nil),
            ("没有声明", nil),
        ]
        for (html, charset) in cases {
            #expect(EncodingDetector.declaredCharset(in: Array(html.utf8)) == charset, "\(html)")
        }
    }

    @Test func byteScanAgreesWithTheTextDefinition() {
        let pieces = [
            "<meta", "<META ", "<?xml ", "charset=", "CharSet=", "encoding=", "\"", "'", " ", ">", "<", "gbk", "UTF-8",
            "中文", "\u{301}", "\u{212A}", "İ", "\r\n", "-", "_x.y:z", "<p>", "=",
        ]
        var generator = SplitMix64(seed: 11)
        for _ in 0..<5000 {
            let html = (0..<Int(generator.next() % 10)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let bytes = Array(html.utf8)
            #expect(EncodingDetector.declaredCharset(in: bytes) == EncodingDetector.declaredCharsetInText(bytes), "\(html)")
        }
        let long = Array((String(repeating: "<p>x</p>", count: 600) + "<meta charset=gbk>").utf8)
        #expect(EncodingDetector.declaredCharset(in: long) == EncodingDetector.declaredCharsetInText(long))
    }
}

