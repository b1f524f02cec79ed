// The per-app part of the JSON report written with `JSONWriter` instead of `JSONEncoder`: the
// same bytes (the tests compare the two on values that use every field), in a fraction of the
// time. Members come in sorted key order, as `.sortedKeys` writes them; `@Null` fields are
// written as `null`, the optional `suppression` left out when nil, as the synthesized encoding does.
// A field added to one of these types must be written here too: `JSONWriterTests` compares with
// `JSONEncoder`, and fails when its values leave any field of a written type unset, so a new field
// fails the tests until it is given a value there and written here.

extension JSONReportSchema.App {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("baselined", baselined) { $1.write(to: &$0) }
        json.member("category", category)
        json.member("categoryInferred", categoryInferred)
        json.member("findings", findings) { $1.write(to: &$0) }
        json.member("inventory") { inventory.write(to: &$0) }
        json.member("jurisdictions", jurisdictions) { $0.string($1) }
        json.member("jurisdictionsApplied", jurisdictionsApplied) { $0.string($1) }
        json.member("name", name)
        json.member("packs", packs) { $0.string($1) }
        json.member("path", path)
        json.member("suppressed", suppressed) { $1.write(to: &$0) }
        json.member("version", version)
        json.endObject()
    }
}

extension JSONReportSchema.Inventory {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("documents", documents) { $1.write(to: &$0) }
        json.member("permissions", permissions) { $1.write(to: &$0) }
        json.endObject()
    }
}

extension JSONReportSchema.Document {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("encoding", encoding)
        json.member("format", format)
        json.member("kind", kind.rawValue)
        json.member("path", path)
        json.member("units", units)
        json.endObject()
    }
}

extension JSONReportSchema.PermissionEntry {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("category", category)
        json.member("column", column)
        json.member("line", line)
        json.member("name", name)
        json.member("path", path)
        json.member("platform", platform.rawValue)
        json.member("purpose", purpose)
        json.member("qualifiers", qualifiers)
        json.endObject()
    }
}

extension JSONReportSchema.FindingEntry {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        if let alsoMatched {
            json.member("alsoMatched", alsoMatched) { $0.string($1) }
        }
        json.member("app", app)
        json.member("category", category.rawValue)
        json.member("column", column)
        json.member("fingerprint", fingerprint)
        json.member("highlights", highlights) { $1.write(to: &$0) }
        json.member("line", line)
        json.member("message", message)
        json.member("norms", norms) { $1.write(to: &$0) }
        json.member("path", path)
        json.member("quote", quote)
        json.member("remediation", remediation)
        json.member("ruleId", ruleId)
        json.member("severity", severity.rawValue)
        if let suppression {
            json.member("suppression") { suppression.write(to: &$0) }
        }
        json.member("title", title)
        json.endObject()
    }
}

extension JSONReportSchema.Norm {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("citation", citation)
        json.member("id", id)
        json.member("summary", summary)
        json.member("titleEn", titleEn)
        json.member("titleZh", titleZh)
        json.member("url", url)
        json.endObject()
    }
}

extension JSONReportSchema.Highlight {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("end", end)
        json.member("start", start)
        json.endObject()
    }
}

extension JSONReportSchema.SuppressionEntry {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("expires", expires)
        json.member("reason", reason)
        json.member("source", source)
        json.endObject()
    }
}
