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

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
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
        let (text, expected) = Self.stripMarkers(example.text)
        let findings: [Finding]
        do {
            findings = try evaluate(text, fileName: example.fileName, engine: engine)
        } catch {
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: false, detail: "the example cannot be read: \(error)")
        }
        let found = findings.map { "\($0.location.line):\($0.location.column)" }
        let summary = found.isEmpty ? "no finding" : "findings at " + found.joined(separator: ", ")
        switch kind {
        case .violating:
            if expected.isEmpty {
                return Outcome(ruleId: rule.id, kind: kind, place: place, passed: !findings.isEmpty,
                               detail: findings.isEmpty ? "expected a finding, got none" : summary)
            }
            let wanted = expected.map { "\($0.line):\($0.column)" }
            let passed = found.sorted() == wanted.sorted()
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: passed,
                           detail: passed ? summary : "expected findings at \(wanted.joined(separator: ", ")) (the ↓ marks), got \(summary)")
        case .compliant:
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: findings.isEmpty,
                           detail: findings.isEmpty ? "no finding" : "expected no finding, got \(summary): \(findings[0].excerpt.text)")
        case .todo:
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: true, detail: "known gap: \(summary)")
        }
    }

    private func evaluate(_ text: String, fileName: String, engine: RuleEngine) throws -> [Finding] {
        let kind = Self.kind(of: fileName)
        let bytes = Array(text.utf8)
        if kind.isAgreement {
            let agreement = try AgreementReader.read(bytes, kind: kind)
            return engine.findings(
                app: "example", appCategory: "lending",
                agreements: [AgreementEvidence(displayPath: fileName, pathInApp: fileName, agreement: agreement)],
                permissions: []
            )
        }
        let catalogue = try ruleSet.permissionCatalogue()
        let manifest = try ManifestReader.read(bytes, kind: kind, path: fileName, catalogue: catalogue)
        return engine.findings(
            app: "example", appCategory: "lending", agreements: [],
            permissions: manifest.permissions.map { PermissionEvidence(permission: $0, pathInApp: fileName) }
        )
    }

    static func kind(of fileName: String) -> InputKind {
        let lowered = fileName.lowercased()
        if lowered.hasSuffix("androidmanifest.xml") { return .androidManifest }
        if lowered.hasSuffix("info.plist") { return .infoPlist }
        if lowered.hasSuffix("project.pbxproj") { return .xcodeProject }
        if lowered.hasSuffix("module.json5") || lowered.hasSuffix("module.json") { return .harmonyModule }
        if lowered.hasSuffix("app.json") { return .miniProgramAppJSON }
        if lowered.hasSuffix(".txt") { return .text }
        return .html
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
