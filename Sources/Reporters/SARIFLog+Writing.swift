// Results, the bulk of a SARIF log, written with `JSONWriter` instead of `JSONEncoder`: the same
// bytes (the tests compare the two), members in sorted key order as `.sortedKeys` writes them,
// nil optionals left out as the synthesized encoding leaves them out (SARIF rejects `null`).
// A property added to one of these types must be written here too: `JSONWriterTests` compares
// with `JSONEncoder`, and fails when its values leave any property of a written type unset.

extension SARIFLog.Result {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        if let baselineState { json.member("baselineState", baselineState) }
        if let level { json.member("level", level) }
        json.member("locations", locations) { $1.write(to: &$0) }
        json.member("message") { message.write(to: &$0) }
        json.member("partialFingerprints", partialFingerprints)
        json.member("properties") { properties.write(to: &$0) }
        if let relatedLocations { json.member("relatedLocations", relatedLocations) { $1.write(to: &$0) } }
        json.member("ruleId", ruleId)
        if let ruleIndex { json.member("ruleIndex", ruleIndex) }
        if let suppressions { json.member("suppressions", suppressions) { $1.write(to: &$0) } }
        json.endObject()
    }
}

extension SARIFLog.Message {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        if let markdown { json.member("markdown", markdown) }
        json.member("text", text)
        json.endObject()
    }
}

extension SARIFLog.Location {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        if let id { json.member("id", id) }
        if let message { json.member("message") { message.write(to: &$0) } }
        json.member("physicalLocation") { physicalLocation.write(to: &$0) }
        json.endObject()
    }
}

extension SARIFLog.PhysicalLocation {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("artifactLocation") { artifactLocation.write(to: &$0) }
        if let region { json.member("region") { region.write(to: &$0) } }
        json.endObject()
    }
}

extension SARIFLog.ArtifactLocation {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        if let description { json.member("description") { description.write(to: &$0) } }
        if let uri { json.member("uri", uri) }
        if let uriBaseId { json.member("uriBaseId", uriBaseId) }
        json.endObject()
    }
}

extension SARIFLog.Region {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        if let endColumn { json.member("endColumn", endColumn) }
        if let endLine { json.member("endLine", endLine) }
        if let snippet { json.member("snippet") { snippet.write(to: &$0) } }
        json.member("startColumn", startColumn)
        json.member("startLine", startLine)
        json.endObject()
    }
}

extension SARIFLog.ResultSuppression {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("justification", justification)
        json.member("kind", kind)
        json.member("status", status)
        json.endObject()
    }
}

extension SARIFLog.ResultProperties {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        if let alsoMatched {
            json.member("alsoMatched", alsoMatched) { $0.string($1) }
        }
        json.member("app", app)
        if let category { json.member("category", category) }
        if let severity { json.member("severity", severity) }
        json.endObject()
    }
}
