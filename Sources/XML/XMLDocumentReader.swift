import CLibXML2

/// Parses a well-formed XML document (a manifest, not a web page) with libxml2 into an
/// `XMLTreeElement` tree. Documents with a DOCTYPE are refused, so no entity is ever declared,
/// expanded or fetched. The C document is freed before returning; no C pointer escapes.
public enum XMLDocumentReader {
    /// Why a document was not parsed. Messages are for the caller to put in plain words.
    public enum Failure: Error, Sendable, Equatable {
        /// Empty input, or nothing but whitespace and comments.
        case empty
        /// Larger than libxml2 can take in one buffer.
        case tooLarge
        /// The document declares a DOCTYPE (and so possibly entities); it was not read further.
        case documentTypeDeclaration
        /// Not well-formed: libxml2's message and the line it stopped at.
        case malformed(line: Int, message: String)
        /// libxml2 could not allocate a parser.
        case parserUnavailable
    }

    /// Parses `bytes` (any encoding libxml2 detects from a BOM or the XML declaration) and returns
    /// the root element. Options: no network, no entity substitution, no DTD loading, big line
    /// numbers, no error output.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> XMLTreeElement {
        LibXML2Library.ready
        guard bytes.count < Int(Int32.max) else { throw .tooLarge }
        guard !bytes.isEmpty else { throw .empty }
        // XML_PARSE_NOENT and XML_PARSE_DTDLOAD are deliberately absent: entities stay
        // unexpanded and no external subset is read, whatever the document says.
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue
        )
        let outcome: Result<XMLTreeElement, Failure> = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let context = xmlCreateMemoryParserCtxt(chars.baseAddress, Int32(chars.count)) else {
                    return .failure(.parserUnavailable)
                }
                defer { xmlFreeParserCtxt(context) }
                _ = xmlCtxtUseOptions(context, options)
                guard let sax = context.pointee.sax else { return .failure(.parserUnavailable) }
                // Stop at the DOCTYPE, before the internal subset (where entities are declared)
                // is read. A real manifest never has one, so refusing costs nothing.
                sax.pointee.internalSubset = { rawContext, _, _, _ in
                    guard let rawContext else { return }
                    let stopped = rawContext.assumingMemoryBound(to: xmlParserCtxt.self)
                    stopped.pointee._private = UnsafeMutableRawPointer(bitPattern: 1)
                    xmlStopParser(stopped)
                }
                sax.pointee.externalSubset = nil
                sax.pointee.entityDecl = nil
                // Errors are collected from the context afterwards, never printed.
                sax.pointee.serror = { _, _ in }
                sax.pointee.error = nil
                sax.pointee.warning = nil
                context.pointee._private = nil

                _ = xmlParseDocument(context)
                let document = context.pointee.myDoc
                defer { if let document { xmlFreeDoc(document) } }

                if context.pointee._private != nil { return .failure(.documentTypeDeclaration) }
                if context.pointee.wellFormed == 0 {
                    let error = context.pointee.lastError
                    let message = error.message.map { String(cString: $0) } ?? "unknown error"
                    return .failure(.malformed(
                        line: Int(max(error.line, 1)),
                        message: message.trimmingCharacters()
                    ))
                }
                guard let document, let root = xmlDocGetRootElement(document) else {
                    return .failure(.empty)
                }
                if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
                    return .failure(.documentTypeDeclaration)
                }
                return .success(element(from: root, in: document))
            }
        }
        return try outcome.get()
    }

    /// Copies one element and its element children into Swift values. libxml2 caps nesting at
    /// 256 levels without XML_PARSE_HUGE, so the recursion is bounded.
    private static func element(from node: xmlNodePtr, in document: xmlDocPtr) -> XMLTreeElement {
        var attributes: [XMLTreeAttribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = qualifiedName(current.pointee.name, prefix: current.pointee.ns?.pointee.prefix)
            var value = ""
            if let text = xmlNodeListGetString(document, current.pointee.children, 1) {
                value = String(cString: text)
                lendaudit_xmlFree(text)
            }
            let namespace = current.pointee.ns?.pointee.href.map { String(cString: $0) }
            attributes.append(XMLTreeAttribute(name: name, namespace: namespace, value: value))
            attribute = current.pointee.next
        }
        var children: [XMLTreeElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                children.append(element(from: current, in: document))
            }
            child = current.pointee.next
        }
        return XMLTreeElement(
            name: qualifiedName(node.pointee.name, prefix: node.pointee.ns?.pointee.prefix),
            attributes: attributes,
            line: max(Int(xmlGetLineNo(node)), 1),
            children: children
        )
    }

    private static func qualifiedName(_ name: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?) -> String {
        let local = name.map { String(cString: $0) } ?? ""
        guard let prefix else { return local }
        return String(cString: prefix) + ":" + local
    }
}

private extension String {
    /// libxml2 messages end with a newline; Foundation is not imported here.
    func trimmingCharacters() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        return String(scalars)
    }
}
