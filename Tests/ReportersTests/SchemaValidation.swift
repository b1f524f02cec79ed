import Foundation
import Testing

/// Validates JSON text against a JSON Schema with python's `jsonschema` (Draft-07 validator),
/// recording one issue per violation.
enum SchemaValidation {
    private static let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python3 has no 'jsonschema' module; install it with: pip install jsonschema")
            sys.exit(3)
        with open(sys.argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        with open(sys.argv[2], encoding="utf-8") as f:
            document = json.load(f)
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors:
            print("/" + "/".join(map(str, error.absolute_path)) + ": " + error.message)
        sys.exit(1 if errors else 0)
        """

    /// The schema file: the copy under `docs/schemas/`, else the shared reference copy.
    static func schema(_ name: String) -> URL? {
        let candidates = [
            ExternalTool.repositoryFile("docs/schemas/\(name)"),
            URL(fileURLWithPath: "/work/shared/reference/\(name)"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func validate(_ json: String, against schemaName: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let schema = schema(schemaName) else {
            Issue.record("schema \(schemaName) not found under docs/schemas/", sourceLocation: sourceLocation)
            return
        }
        let document = try ExternalTool.temporaryFile(json, suffix: ".json")
        defer { try? FileManager.default.removeItem(at: document) }
        guard let output = ExternalTool.python(script, [schema.path, document.path]) else {
            Issue.record(
                "python3 is needed to validate against \(schemaName): install python3, then pip install jsonschema",
                sourceLocation: sourceLocation)
            return
        }
        switch output.status {
        case 0:
            break
        case 3:
            Issue.record("\(output.stdout)", sourceLocation: sourceLocation)
        case 127:
            Issue.record(
                "python3 not found: install python3, then pip install jsonschema", sourceLocation: sourceLocation)
        default:
            Issue.record(
                "not valid against \(schemaName):\n\(output.stdout)\(output.stderr)", sourceLocation: sourceLocation)
        }
    }
}
