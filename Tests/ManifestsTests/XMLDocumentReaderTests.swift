import Testing
import XML

/// The XML target's document reader, as the manifest readers use it.
struct XMLDocumentReaderTests {
    @Test func namesKeepPrefixesAndElementsKeepLines() throws {
        let root = try XMLDocumentReader.parse(Array("""
            <?xml version="1.0" encoding="utf-8"?>
            <manifest xmlns:android="http://schemas.android.com/apk/res/android" package="a&amp;b">
              <!-- <ignored/> -->
              <uses-permission android:name="x"/>
              <?processing instruction?>
              <application><![CDATA[text]]></application>
            </manifest>
            """.utf8))
        #expect(root.name == "manifest")
        #expect(root.line == 2)
        #expect(root.attributes == [XMLTreeAttribute(name: "package", value: "a&b")])
        #expect(root.children.map(\.name) == ["uses-permission", "application"])
        #expect(root.children.map(\.line) == [4, 6])
        let attribute = try #require(root.children.first?.attributes.first)
        #expect(attribute.name == "android:name")
        #expect(attribute.namespace == "http://schemas.android.com/apk/res/android")
        #expect(attribute.localName == "name")
    }

    @Test func utf16DocumentsAreDecoded() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><m a=\"通讯录\"/>"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try XMLDocumentReader.parse(bytes).attribute("a") == "通讯录")
    }

    @Test(arguments: [
        "<!DOCTYPE m [<!ENTITY a \"b\">]><m>&a;</m>",
        "<!DOCTYPE m SYSTEM \"file:///etc/passwd\"><m/>",
        "<!DOCTYPE m><m/>",
    ])
    func anyDocumentTypeIsRefused(_ text: String) {
        #expect(throws: XMLDocumentReader.Failure.documentTypeDeclaration) {
            try XMLDocumentReader.parse(Array(text.utf8))
        }
    }

    @Test func undeclaredEntitiesAreErrorsNotLookups() {
        #expect(throws: (any Error).self) { try XMLDocumentReader.parse(Array("<m>&undeclared;</m>".utf8)) }
    }

    @Test func emptyInputIsEmpty() {
        #expect(throws: XMLDocumentReader.Failure.empty) { try XMLDocumentReader.parse([]) }
    }
}
