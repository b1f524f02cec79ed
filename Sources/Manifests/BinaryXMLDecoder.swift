import XML

/// Decodes Android's compiled binary XML (AXML, the `AndroidManifest.xml` inside an APK) into
/// the same element tree the text reader produces.
///
/// Layout (frameworks/base `ResourceTypes.h`): a `RES_XML_TYPE` chunk holding a string pool, an
/// optional resource-ID map (string index -> attribute resource ID), then namespace and element
/// chunks in document order. Every offset, count and length is checked against the chunk that
/// holds it, so hostile bytes give a `ManifestError`, never a trap or a long loop.
struct BinaryXMLDecoder {
    static let androidNamespace = "http://schemas.android.com/apk/res/android"

    /// Framework attribute resource IDs (`android.R.attr`). The platform identifies attributes by
    /// ID, so obfuscators blank or rename the name strings; the ID still says what they are.
    static let androidAttributeNames: [UInt32: String] = [
        0x0101_0001: "label",
        0x0101_0003: "name",
        0x0101_0009: "protectionLevel",
        0x0101_020C: "minSdkVersion",
        0x0101_021B: "versionCode",
        0x0101_021C: "versionName",
        0x0101_0270: "targetSdkVersion",
        0x0101_0271: "maxSdkVersion",
        0x0101_028E: "required",
        0x0101_0572: "compileSdkVersion",
        0x0101_0573: "compileSdkVersionCodename",
    ]

    /// Deeper element nesting than any real manifest; keeps later recursive walks shallow.
    static let maximumDepth = 256

    private enum ChunkType {
        static let xml: UInt16 = 0x0003
        static let stringPool: UInt16 = 0x0001
        static let resourceMap: UInt16 = 0x0180
        static let startNamespace: UInt16 = 0x0100
        static let endNamespace: UInt16 = 0x0101
        static let startElement: UInt16 = 0x0102
        static let endElement: UInt16 = 0x0103
    }

    private static let noIndex: UInt32 = 0xFFFF_FFFF

    private let reader: ByteReader

    init(_ bytes: [UInt8]) {
        reader = ByteReader(bytes: bytes, what: "the binary AndroidManifest.xml")
    }

    /// Whether `bytes` start with an outer block whose sizes Android accepts: a header of at least
    /// 8 bytes that fits in the block, and a block that fits in the file. A text manifest cannot
    /// pass (its first bytes read as sizes of hundreds of megabytes), so this also tells a binary
    /// manifest from a text one, whatever its name or its first byte.
    static func hasValidOuterHeader(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8 else { return false }
        let headerSize = Int(bytes[2]) | Int(bytes[3]) << 8
        let declaredSize = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        return headerSize >= 8 && headerSize <= declaredSize && declaredSize <= bytes.count
    }

    /// The root element (normally `manifest`).
    func decode() throws(ManifestError) -> XMLTreeElement {
        let end = reader.count
        guard end >= 8 else {
            throw ManifestError("the binary AndroidManifest.xml is \(end) bytes long, too short to hold anything")
        }
        // Android's ResXMLTree::setTo checks only the outer block's sizes, never its type: a
        // packer can change the type (0x0003) and the phone still reads the file. So do we; the
        // type only words the error when the sizes do not fit either.
        let type = try reader.u16(0)
        let headerSize = Int(try reader.u16(2))
        let declaredSize = Int(try reader.u32(4))
        guard Self.hasValidOuterHeader(reader.bytes) else {
            guard type == ChunkType.xml else {
                let found = hex8(UInt32(type)).dropFirst(6)
                throw ManifestError(
                    "the binary AndroidManifest.xml does not start with an Android binary XML header (found block type 0x\(found))"
                )
            }
            throw ManifestError("the binary AndroidManifest.xml has a header that claims \(declaredSize) bytes, but the file has \(end)")
        }

        var pool: StringPool?
        var resourceIDs: [UInt32] = []
        var prefixes: [String: String] = [:]   // namespace URI -> prefix
        var stack: [XMLTreeElement] = []
        var root: XMLTreeElement?

        var offset = headerSize
        while offset <= declaredSize - 8 {
            let chunkType = try reader.u16(offset)
            let chunkHeader = Int(try reader.u16(offset + 2))
            let chunkSize = Int(try reader.u32(offset + 4))
            // A chunk must at least hold its own header, or the walk would never advance.
            guard chunkHeader >= 8, chunkSize >= chunkHeader, chunkSize <= declaredSize - offset else {
                throw ManifestError(
                    "the binary AndroidManifest.xml is malformed: a block at offset \(offset) claims \(chunkSize) bytes with a \(chunkHeader)-byte header, which does not fit"
                )
            }
            let chunk = offset ..< offset + chunkSize
            switch chunkType {
            case ChunkType.stringPool where pool == nil:
                pool = try StringPool(reader: reader, chunk: chunk, headerSize: chunkHeader)
            case ChunkType.resourceMap where resourceIDs.isEmpty:
                let count = (chunkSize - chunkHeader) / 4
                resourceIDs.reserveCapacity(count)
                for index in 0 ..< count {
                    resourceIDs.append(try reader.u32(offset + chunkHeader + index * 4))
                }
            case ChunkType.startNamespace:
                guard var strings = pool else { throw Self.beforePool }
                try reader.require(offset + chunkHeader, length: 8, within: chunk, "a namespace block")
                let prefix = try strings.string(try reader.u32(offset + chunkHeader)) ?? ""
                let uri = try strings.string(try reader.u32(offset + chunkHeader + 4)) ?? ""
                pool = strings
                if prefixes[uri] == nil { prefixes[uri] = prefix }
            case ChunkType.startElement:
                guard var strings = pool else { throw Self.beforePool }
                guard stack.count < Self.maximumDepth else {
                    throw ManifestError("the binary AndroidManifest.xml nests elements more than \(Self.maximumDepth) deep")
                }
                let element = try startElement(in: chunk, headerSize: chunkHeader, strings: &strings,
                                               resourceIDs: resourceIDs, prefixes: prefixes)
                pool = strings
                if stack.isEmpty, root != nil {
                    throw ManifestError("the binary AndroidManifest.xml has more than one root element")
                }
                stack.append(element)
            case ChunkType.endElement:
                guard let finished = stack.popLast() else {
                    throw ManifestError("the binary AndroidManifest.xml is malformed: an element ends that never started")
                }
                if stack.isEmpty {
                    root = finished
                } else {
                    stack[stack.count - 1].children.append(finished)
                }
            default:
                // End-namespace, CDATA and unknown chunks carry nothing a manifest audit needs.
                break
            }
            offset += chunkSize
        }
        // A truncated file may stop inside open elements: close them, keeping what was read.
        while let finished = stack.popLast() {
            if stack.isEmpty { root = finished } else { stack[stack.count - 1].children.append(finished) }
        }
        guard let root else {
            throw ManifestError("the binary AndroidManifest.xml holds no elements")
        }
        return root
    }

    private static let beforePool = ManifestError(
        "the binary AndroidManifest.xml is malformed: elements come before its string pool"
    )

    /// Reads a start-element chunk: its name, source line and attributes.
    private func startElement(
        in chunk: Range<Int>, headerSize: Int, strings: inout StringPool, resourceIDs: [UInt32],
        prefixes: [String: String]
    ) throws(ManifestError) -> XMLTreeElement {
        let start = chunk.lowerBound
        // ResXMLTree_node: chunk header (8), lineNumber, comment; then ResXMLTree_attrExt (20).
        try reader.require(start, length: 16, within: chunk, "an element's header")
        let line = Int(try reader.u32(start + 8))
        let ext = start + headerSize
        try reader.require(ext, length: 20, within: chunk, "an element's attribute table header")
        let elementNamespace = try strings.string(try reader.u32(ext))
        let elementName = try strings.string(try reader.u32(ext + 4)) ?? ""
        let attributeStart = Int(try reader.u16(ext + 8))
        let attributeSize = Int(try reader.u16(ext + 10))
        let attributeCount = Int(try reader.u16(ext + 12))
        guard attributeCount == 0 || attributeSize >= 20 else {
            throw ManifestError("the binary AndroidManifest.xml is malformed: element <\(elementName)> has \(attributeSize)-byte attributes (at least 20 expected)")
        }
        try reader.require(ext + attributeStart, length: attributeCount * attributeSize, within: chunk,
                           "the attributes of <\(elementName)>")

        var attributes: [XMLTreeAttribute] = []
        attributes.reserveCapacity(attributeCount)
        for index in 0 ..< attributeCount {
            let at = ext + attributeStart + index * attributeSize
            let namespaceIndex = try reader.u32(at)
            let nameIndex = try reader.u32(at + 4)
            let rawValue = try reader.u32(at + 8)
            let dataType = try reader.u8(at + 15)
            let data = try reader.u32(at + 16)

            var namespace = try strings.string(namespaceIndex)
            var localName = try strings.string(nameIndex) ?? ""
            if nameIndex < UInt32(resourceIDs.count) {
                let id = resourceIDs[Int(nameIndex)]
                if let known = Self.androidAttributeNames[id] {
                    localName = known
                    namespace = Self.androidNamespace
                } else if localName.isEmpty {
                    localName = hex8(id)
                }
            }
            let prefix = namespace.map { $0 == Self.androidNamespace ? "android" : (prefixes[$0] ?? "") } ?? ""
            let qualified = prefix.isEmpty ? localName : prefix + ":" + localName
            let value = try Self.format(dataType: dataType, data: data, rawValue: rawValue, strings: &strings)
            attributes.append(XMLTreeAttribute(name: qualified, namespace: namespace, value: value))
        }
        let elementPrefix = elementNamespace.flatMap { prefixes[$0] } ?? ""
        return XMLTreeElement(
            name: elementPrefix.isEmpty ? elementName : elementPrefix + ":" + elementName,
            attributes: attributes,
            line: max(line, 1)
        )
    }

    /// An attribute's value as text, following `Res_value` types. The typed string wins over the
    /// raw one because that is what the platform's TypedArray reads.
    private static func format(dataType: UInt8, data: UInt32, rawValue: UInt32, strings: inout StringPool) throws(ManifestError) -> String {
        switch dataType {
        case 0x03: // TYPE_STRING
            if let text = try strings.string(data) { return text }
            return try strings.string(rawValue) ?? ""
        case 0x00: // TYPE_NULL
            return try strings.string(rawValue) ?? ""
        case 0x01: return "@" + hex8(data)               // TYPE_REFERENCE
        case 0x02: return "?" + hex8(data)               // TYPE_ATTRIBUTE
        case 0x04: return String(Float(bitPattern: data))        // TYPE_FLOAT
        case 0x10: return String(Int32(bitPattern: data))        // TYPE_INT_DEC
        case 0x11: return "0x" + String(data, radix: 16)         // TYPE_INT_HEX
        case 0x12: return data != 0 ? "true" : "false"           // TYPE_INT_BOOLEAN
        case 0x1C ... 0x1F: return "#" + hex8(data).dropFirst(2)  // TYPE_INT_COLOR_*
        default:
            if let text = try strings.string(rawValue) { return text }
            return hex8(data)
        }
    }
}

/// `0x0101021b`: eight lowercase hex digits.
func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
