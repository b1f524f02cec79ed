@testable import Manifests
import Testing

/// The JSON5 parser: the spec's features, positions, and hostile input.
struct JSON5ParserTests {
    static func parse(_ text: String) throws(JSON5Parser.Failure) -> JSON5Value {
        try JSON5Parser.parse(Array(text.unicodeScalars))
    }

    @Test func json5FeaturesAreAccepted() throws {
        let value = try Self.parse("""
            // comment
            {
              unquoted: 'single \\'quoted\\'',
              "double": "tab\\tnew\\nline \\x41 \\u4e2d \\uD83D\\uDCF1",
              $dollar_1: [1, 2, 3,],  /* block
              comment */
              hex: 0xFF, negHex: -0x10, lead: .5, trail: 5., plus: +1, exp: 1e3, inf: -Infinity, nan: NaN,
              cont: "line \\
            continued",
              t: true, f: false, n: null,
              中文键: "ok",
            }
            """)
        #expect(value["unquoted"]?.string == "single 'quoted'")
        #expect(value["double"]?.string == "tab\tnew\nline A 中 📱")
        #expect(value["$dollar_1"]?.array?.count == 3)
        #expect(value["hex"]?.kind == .number(255, text: "0xFF"))
        #expect(value["negHex"]?.kind == .number(-16, text: "-0x10"))
        #expect(value["lead"]?.kind == .number(0.5, text: ".5"))
        #expect(value["trail"]?.kind == .number(5, text: "5."))
        #expect(value["plus"]?.kind == .number(1, text: "+1"))
        #expect(value["exp"]?.kind == .number(1000, text: "1e3"))
        #expect(value["inf"]?.kind == .number(-.infinity, text: "-Infinity"))
        if case .number(let nan, _)? = value["nan"]?.kind { #expect(nan.isNaN) } else { Issue.record("NaN not parsed") }
        #expect(value["cont"]?.string == "line continued")
        #expect(value["t"]?.kind == .bool(true))
        #expect(value["n"]?.kind == .null)
        #expect(value["中文键"]?.string == "ok")
    }

    @Test func positionsAreLineAndColumnInCharacters() throws {
        let value = try Self.parse("{\n  \"名\": [\n    'x', {a: 1}\n  ]\n}")
        let member = try #require(value.member("名"))
        #expect((member.keyLine, member.keyColumn) == (2, 3))
        #expect((member.value.line, member.value.column) == (2, 8))
        let items = try #require(member.value.array)
        #expect((items[1].line, items[1].column) == (3, 10))
    }

    @Test func duplicateKeysKeepTheLastLikeJavaScript() throws {
        #expect(try Self.parse("{a: 1, a: 2}")["a"]?.scalarText == "2")
    }

    @Test(arguments: [
        ("{a: 1,, }", "line 1, column 7: unexpected ',' where a key was expected"),
        ("{\"a\" 1}", "line 1, column 6: expected ':' after the key 'a', found '1'"),
        ("[1, 2", "line 1, column 6: expected ',' or ']' in an array, found end of file"),
        ("{a: 'open\n'}", "line 1, column 5: a string is not closed before the end of its line"),
        ("/* never closed", "line 1, column 1: a /* comment is never closed"),
        ("{a: 1} trailing", "line 1, column 8: unexpected 't' after the end of the document"),
        ("{a: 0x}", "line 1, column 7: a hexadecimal number has no digits"),
        ("{a: tru}", "line 1, column 5: unexpected 't' where a value was expected"),
        ("", "line 1, column 1: the document ends where a value was expected"),
    ])
    func syntaxErrorsSayWhere(_ example: (String, String)) {
        #expect(throws: (any Error).self) { try Self.parse(example.0) }
        do {
            _ = try Self.parse(example.0)
        } catch {
            #expect(error.description == example.1)
        }
    }

    @Test func hostileNestingIsCappedNotCrashing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSON5Parser.Failure.self) { try Self.parse(deep) }
        let objects = String(repeating: "{a:", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(throws: JSON5Parser.Failure.self) { try Self.parse(objects) }
        // Exactly at the cap is fine.
        let atCap = String(repeating: "[", count: JSON5Parser.maximumDepth) + String(repeating: "]", count: JSON5Parser.maximumDepth)
        #expect(try Self.parse(atCap).array?.count == 1)
    }

    @Test func plainJSONIsASubset() throws {
        let value = try Self.parse(#"{"a": [true, false, null, -1.5e-3, "\u00e9\/"]}"#)
        #expect(value["a"]?.array?.last?.string == "é/")
    }
}
