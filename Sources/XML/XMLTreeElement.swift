/// One element of a parsed XML document, as plain Swift values: what `XMLDocumentReader` hands
/// out instead of libxml2 nodes.
public struct XMLTreeElement: Sendable, Equatable {
    /// Qualified name as written, prefix kept: `uses-permission`, `android:name`.
    public var name: String
    /// Attributes in document order, names qualified like `android:name`. Namespace
    /// declarations (`xmlns:android`) are not attributes here.
    public var attributes: [XMLTreeAttribute]
    /// 1-based line libxml2 recorded for the element (`xmlGetLineNo`).
    public var line: Int
    /// Child elements in document order; comments, processing instructions and text are left out.
    public var children: [XMLTreeElement]

    public init(name: String, attributes: [XMLTreeAttribute] = [], line: Int, children: [XMLTreeElement] = []) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.children = children
    }

    /// The value of the first attribute with this qualified name.
    public func attribute(_ qualifiedName: String) -> String? {
        attributes.first { $0.name == qualifiedName }?.value
    }

    /// The value of the first attribute with this local name in this namespace, whatever prefix
    /// the document bound to it.
    public func attribute(namespace: String, localName: String) -> String? {
        attributes.first { $0.namespace == namespace && $0.localName == localName }?.value
    }
}

/// One attribute of an `XMLTreeElement`.
public struct XMLTreeAttribute: Sendable, Equatable {
    /// Qualified name as written: `android:name`, `package`.
    public var name: String
    /// Namespace URI the prefix was bound to, nil for an unprefixed attribute.
    public var namespace: String?
    /// The value with character and predefined entity references decoded.
    public var value: String

    public init(name: String, namespace: String? = nil, value: String) {
        self.name = name
        self.namespace = namespace
        self.value = value
    }

    /// The name without its prefix.
    public var localName: Substring {
        guard let colon = name.lastIndex(of: ":") else { return Substring(name) }
        return name[name.index(after: colon)...]
    }
}
