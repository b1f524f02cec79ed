import Discovery
import Documents
import Findings
import Manifests
import Rules

/// Runs a rule's examples: each violating example must give findings exactly at its `↓` marks
/// (or at least one finding when it has none), each compliant example none. Used by the test
/// suite and by `lendaudit rules test`.
///
/// An example is audited as a one-app scan of its files (`AuditPipeline.audit`), so it is read,
/// categorised and evaluated exactly as those files would be in a scan. Its app category is the
/// one it states (`app: {category: …}`), else the rule's first app category, else none, which a
/// scan without lendaudit.yml would infer from the text.
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
    private let catalogue: PermissionCatalogue

    public init(ruleSet: RuleSet) throws(RuleFileError) {
        self.ruleSet = ruleSet
        catalogue = try ruleSet.permissionCatalogue()
    }

    public func run(_ rule: Rule) -> [Outcome] {
        var single = ruleSet
        single.retain { $0.id == rule.id }
        let pipeline = AuditPipeline(ruleSet: single, catalogue: catalogue)
        var outcomes: [Outcome] = []
        for (kind, examples) in [(Kind.violating, rule.examples.violating), (.compliant, rule.examples.compliant), (.todo, rule.examples.todo)] {
            for example in examples {
                outcomes.append(check(example, kind: kind, rule: rule, pipeline: pipeline))
            }
        }
        return outcomes
    }

    private func check(_ example: RuleExamples.Example, kind: Kind, rule: Rule, pipeline: AuditPipeline) -> Outcome {
        let place = "\(rule.file):\(example.line)"
        var files: [InputFile] = []
        var contents: [String: [UInt8]] = [:]
        var expected: [String] = []
        for file in example.files {
            let (text, marks) = Self.stripMarkers(file.text)
            // Never a real path: nothing of an example is looked up on disk.
            let input = InputFile(absolutePath: "/example/" + file.name, displayPath: file.name, pathInApp: file.name, kind: Self.kind(of: file.name))
            files.append(input)
            contents[input.absolutePath] = Array(text.utf8)
            expected += marks.map { "\(file.name):\($0.line):\($0.column)" }
        }
        // An example without jurisdictions is an app of the rule's own (a Google Play rule's
        // example is a Play app), so that the rule runs on it.
        let own = rule.jurisdictions.isEmpty ? ruleSet.packDeclarations[rule.pack]?.jurisdictions ?? [] : rule.jurisdictions
        let metadata = AppMetadata(
            category: example.appCategory ?? rule.appCategories.first,
            jurisdictions: example.jurisdictions.isEmpty ? own : example.jurisdictions)
        let app = AppBundle(identity: "example", displayPath: ".", absolutePath: "/example", metadata: metadata, files: files)
        let audited = pipeline.audit(app, onDisk: false) { file in contents[file.absolutePath] ?? [] }
        if let error = audited.errors.first {
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: false, detail: "the example cannot be read: \(error.path): \(error.reason)")
        }
        let findings = audited.report.findings
        let found = findings.map { "\($0.location.path):\($0.location.line):\($0.location.column)" }
        let summary = found.isEmpty ? "no finding" : "findings at " + found.joined(separator: ", ")
        // Said on failure, so that a rule limited to other apps shows why its example found nothing.
        let category = audited.report.category.map { " (app category '\($0)')" } ?? " (no app category)"
        switch kind {
        case .violating:
            if expected.isEmpty {
                return Outcome(ruleId: rule.id, kind: kind, place: place, passed: !findings.isEmpty,
                               detail: findings.isEmpty ? "expected a finding, got none" + category : summary)
            }
            let passed = found.sorted() == expected.sorted()
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: passed,
                           detail: passed ? summary : "expected findings at \(expected.joined(separator: ", ")) (the ↓ marks), got \(summary)" + category)
        case .compliant:
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: findings.isEmpty,
                           detail: findings.isEmpty ? "no finding" : "expected no finding, got \(summary): \(findings[0].excerpt.text)")
        case .todo:
            return Outcome(ruleId: rule.id, kind: kind, place: place, passed: true, detail: "known gap: \(summary)")
        }
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
