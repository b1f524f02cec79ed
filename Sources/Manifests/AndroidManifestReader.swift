import Findings
import XML

/// Reads Android manifests, text (`AndroidManifest.xml` in a source tree) or compiled binary
/// (inside an APK), into requested permissions.
enum AndroidManifestReader {
    /// Element names that request a permission. `uses-permission-sdk-m` is the pre-release
    /// spelling of `uses-permission-sdk-23` that aapt and the platform still accept.
    private static let requestElements: Set<String> = ["uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m"]

    /// An `AndroidManifest.xml` file on its own: text in a source tree, or the compiled binary
    /// that `unzip app.apk` leaves. Android's outer-header test tells them apart; no text file
    /// can pass it (see `BinaryXMLDecoder.hasValidOuterHeader`).
    static func read(_ bytes: [UInt8], path: String) throws(ManifestError) -> ManifestReadResult {
        if BinaryXMLDecoder.hasValidOuterHeader(bytes) {
            return try readBinary(bytes, path: path, format: .androidManifest)
        }
        return try readText(bytes, path: path)
    }

    /// A text manifest, parsed by libxml2 with entities off; columns from the source text.
    static func readText(_ bytes: [UInt8], path: String) throws(ManifestError) -> ManifestReadResult {
        let root: XMLTreeElement
        do {
            root = try XMLDocumentReader.parse(bytes)
        } catch {
            throw manifestError(error)
        }
        let tags = StartTagScanner.startTags(in: bytes)
        // libxml2 dates an element by the line where its start tag ends; aapt (and so the line in
        // an APK) by where it begins. Where the scan agrees with libxml2 on the element, use the
        // scanned start, so a multi-line tag points at its `<` in text and binary alike.
        return try interpret(root, format: .androidManifest, path: path) { preorderIndex, element in
            guard let tags, preorderIndex < tags.count else { return (element.line, 1) }
            let tag = tags[preorderIndex]
            guard tag.name == element.name, tag.line <= element.line else { return (element.line, 1) }
            return (tag.line, tag.column)
        }
    }

    /// A compiled binary manifest (AXML). `path` is the entry's display path, e.g.
    /// `acme/app.apk!AndroidManifest.xml`. There is no source text, so columns are 1.
    static func readBinary(_ bytes: [UInt8], path: String, format: InputKind = .apk) throws(ManifestError) -> ManifestReadResult {
        let root = try BinaryXMLDecoder(bytes).decode()
        return try interpret(root, format: format, path: path) { _, element in (element.line, 1) }
    }

    static func manifestError(_ failure: XMLDocumentReader.Failure) -> ManifestError {
        switch failure {
        case .empty:
            ManifestError("the manifest is empty")
        case .tooLarge:
            ManifestError("the manifest is too large to parse")
        case .documentTypeDeclaration:
            ManifestError("the manifest declares a DOCTYPE, which real Android manifests never do; it was not read, so no entity was expanded or fetched")
        // libxml2 stops at 256 levels without XML_PARSE_HUGE and says to set that option, which
        // a user cannot do; say what is wrong with the file instead.
        case .malformed(let line, let message) where message.hasPrefix("Excessive depth"):
            ManifestError("the manifest nests elements more than 256 deep (line \(line)), which no real manifest does; it was not read")
        case .malformed(let line, let message):
            ManifestError("the manifest is not well-formed XML (line \(line): \(message))")
        case .parserUnavailable:
            ManifestError("the XML parser could not be started")
        }
    }

    /// Turns the element tree into a result. Like the platform and `aapt dump permissions`, only
    /// direct children of `<manifest>` count: a `<uses-permission>` elsewhere requests nothing.
    /// `position(preorderIndex, element)` gives an element's line and column.
    static func interpret(
        _ root: XMLTreeElement, format: InputKind, path: String,
        position: (Int, XMLTreeElement) -> (line: Int, column: Int)
    ) throws(ManifestError) -> ManifestReadResult {
        guard root.name == "manifest" else {
            throw ManifestError("the root element is <\(root.name)>, not <manifest>: this is not an Android manifest")
        }
        var permissions: [Permission] = []
        var declared: [String] = []
        var preorderIndex = 1
        for child in root.children {
            defer { preorderIndex += child.elementCount }
            if child.name == "permission", let name = androidAttribute("name", of: child), !name.isEmpty {
                declared.append(name)
                continue
            }
            guard requestElements.contains(child.name),
                  let name = androidAttribute("name", of: child), !name.isEmpty else { continue }
            // tools:node="remove" tells the manifest merger to drop a permission a library asks
            // for: it is the opposite of a request.
            let toolsNode = child.attribute(namespace: "http://schemas.android.com/tools", localName: "node") ?? child.attribute("tools:node")
            if toolsNode == "remove" || toolsNode == "removeAll" { continue }
            var qualifiers: [String: String] = [:]
            if child.name != "uses-permission" { qualifiers["sdk23"] = "true" }
            if let maxSdk = androidAttribute("maxSdkVersion", of: child) { qualifiers["maxSdkVersion"] = decimal(maxSdk) }
            if androidAttribute("required", of: child) == "false" { qualifiers["required"] = "false" }
            let (line, column) = position(preorderIndex, child)
            permissions.append(Permission(
                platform: .android,
                name: name,
                location: SourceLocation(path: path, line: line, column: column),
                qualifiers: qualifiers
            ))
        }
        return ManifestReadResult(
            permissions: mergingRepeatedRequests(permissions),
            format: format,
            appIdentifier: nonEmpty(root.attribute("package")),
            versionName: nonEmpty(androidAttribute("versionName", of: root)),
            versionCode: nonEmpty(androidAttribute("versionCode", of: root)).map(decimal),
            declaredPermissions: Array(Set(declared)).sorted()
        )
    }

    /// Android's package parser keeps one request per name and ignores the repeats, so a
    /// permission asked for twice is one request here too, at its first location, with the later
    /// ones in `alsoRequestedAt` ("line 14, column 5; line 20, column 5"). Of the qualifiers, what
    /// narrows the request stays only when every occurrence says it (the platform grants the
    /// widest): `maxSdkVersion` (the highest), `sdk23` and `required: false`.
    static func mergingRepeatedRequests(_ permissions: [Permission]) -> [Permission] {
        var merged: [Permission] = []
        var indexByName: [String: Int] = [:]
        for permission in permissions {
            guard let index = indexByName[permission.name] else {
                indexByName[permission.name] = merged.count
                merged.append(permission)
                continue
            }
            var first = merged[index]
            let here = "line \(permission.location.line), column \(permission.location.column)"
            first.qualifiers["alsoRequestedAt"] = first.qualifiers["alsoRequestedAt"].map { $0 + "; " + here } ?? here
            if let mine = first.qualifiers["maxSdkVersion"], let theirs = permission.qualifiers["maxSdkVersion"] {
                if let a = Int(mine), let b = Int(theirs) {
                    first.qualifiers["maxSdkVersion"] = String(max(a, b))
                } else if mine != theirs {
                    first.qualifiers["maxSdkVersion"] = nil
                }
            } else {
                first.qualifiers["maxSdkVersion"] = nil
            }
            for key in ["sdk23", "required"] where first.qualifiers[key] != permission.qualifiers[key] {
                first.qualifiers[key] = nil
            }
            merged[index] = first
        }
        return merged
    }

    /// An `android:` attribute, found by namespace URI whatever the prefix, else by the usual
    /// `android:` prefix (for files that forgot to declare the namespace).
    private static func androidAttribute(_ localName: String, of element: XMLTreeElement) -> String? {
        element.attribute(namespace: BinaryXMLDecoder.androidNamespace, localName: localName)
            ?? element.attribute("android:" + localName)
    }

    /// Integer attributes may be written in hex (`0x1c`); the platform and aapt read them as
    /// numbers, so report them in decimal. Anything else (a resource reference) stays as is.
    private static func decimal(_ text: String) -> String {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X"), let value = Int64(trimmed.dropFirst(2), radix: 16) {
            return String(value)
        }
        if let value = Int64(trimmed) { return String(value) }
        return text
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

private extension String {
    var trimmingSpaces: Substring {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}

extension XMLTreeElement {
    /// This element and all its descendants.
    var elementCount: Int {
        var count = 1
        var pending = children
        while let next = pending.popLast() {
            count += 1
            pending.append(contentsOf: next.children)
        }
        return count
    }
}
