import Discovery
import Documents
import Findings
import Manifests

/// Runs a rule's examples: each violating example must give findings exactly at its `↓` marks
/// (or at least one finding when it has none), each compliant example none. Used by the test
/// suite and by `lendaudit rules test`.
public struct ExampleRunner: Sendable {
    public enum Kind: String, Sendable {
        case violating, compliant, todo
    }

    public struct Outcome: Sendable {
        public var ruleId: String
        public var kind: Kind
        /// `rules/cn-pi/x.yaml:21`: where the example is written.
        public var place: String
        public var passed: Bool
        /// Why it failed, or for a todo what happened.
        public var detail: String
    }

    public static let marker: Unicode.Scalar = "↓"

    private let ruleSet: RuleSet
    /// Parsed once for every manifest example, not once per example.
    private let catalogue: Result<PermissionCatalogue, RuleFileError>

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        catalogue = Result { () throws(RuleFileError) in try ruleSet.permissionCatalogue() }
    }

    public func run(_ rule: Rule) -> [Outcome] {
        var single = ruleSet
        single.retain { $0.id == rule.id }
        let engine = RuleEngine(ruleSet: single)
        var outcomes: [Outcome] = []
        for (kind, examples) in [(Kind.violating, rule.examples.violating), (.compliant, rule.examples.compliant), (.todo, rule.examples.todo)] {
            for example in examples {
                outcomes.append(check(example, kind: kind, rule: rule, engine: engine))
            }
        }
        return outcomes
    }

    private func check(_ example: RuleExamples.Example, kind: Kind, rule: Rule, engine: RuleEngine) -> Outcome {
        let place = "\(rule.file):\(example.line)"
        var files: [(name: String, text: String)] = []
        var expected: [String] = []
        for file in example.files {
            let (text, marks) = Self.stripMarkers(file.text)
            files.append((file.name, text))
            expected += marks.map { "\(file.name):\($0.line):\($0.column)" }
        }
        let findings: [Finding]
        do {
            findings = try evaluate(files, engine: engine)
        } catch {
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: false, detail: "the example cannot be read: \(error)")
        }
        let found = findings.map { "\($0.location.path):\($0.location.line):\($0.location.column)" }
        let summary = found.isEmpty ? "no finding" : "findings at " + found.joined(separator: ", ")
        switch kind {
        case .violating:
            if expected.isEmpty {
                return Outcome(ruleId: rule.id, kind: kind, place: place, passed: !findings.isEmpty,
                               detail: findings.isEmpty ? "expected a finding, got none" : summary)
            }
            let passed = found.sorted() == expected.sorted()
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: passed,
                           detail: passed ? summary : "expected findings at \(expected.joined(separator: ", ")) (the ↓ marks), got \(summary)")
        case .compliant:
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: findings.isEmpty,
                           detail: findings.isEmpty ? "no finding" : "expected no finding, got \(summary): \(findings[0].excerpt.text)")
        case .todo:
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: true, detail: "known gap: \(summary)")
        }
    }

    private func evaluate(_ files: [(name: String, text: String)], engine: RuleEngine) throws -> [Finding] {
        var agreements: [AgreementEvidence] = []
        var permissions: [PermissionEvidence] = []
        for file in files {
            let kind = Self.kind(of: file.name)
            let bytes = Array(file.text.utf8)
            if kind.isAgreement {
                let agreement = try AgreementReader.read(bytes, kind: kind)
                agreements.append(AgreementEvidence(displayPath: file.name, pathInApp: file.name, agreement: agreement))
            } else {
                let manifest = try ManifestReader.read(bytes, kind: kind, path: file.name, catalogue: try catalogue.get())
                permissions += manifest.permissions.map { PermissionEvidence(permission: $0, pathInApp: file.name) }
            }
        }
        return engine.findings(app: "example", appCategory: "lending", agreements: agreements, permissions: permissions)
    }

    /// Discovery's own classification, so an example is read exactly as a file of that name would be.
    static func kind(of fileName: String) -> InputKind {
        FileClassifier.kind(forFileName: fileName) ?? .html
    }

    /// The text without its `↓` marks, and the line and column each mark points at.
    static func stripMarkers(_ text: String) -> (String, [(line: Int, column: Int)]) {
        var output = String.UnicodeScalarView()
        var marks: [(line: Int, column: Int)] = []
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar == marker {
                marks.append((line, column))
                continue
            }
            output.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (String(output), marks)
    }
}
