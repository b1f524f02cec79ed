import ArgumentParser
import Audit
import Findings
import Foundation
import Rules

/// `lendaudit rules list | show ID | test [DIR]`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, document and test rule packs.",
        subcommands: [List.self, Show.self, Test.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every rule: id, category, severity, title.")

        @Option(name: .shortAndLong, help: "text or json.")
        var format: String = "text"

        @Option(name: .customLong("rules"), help: "Add the rule packs in this folder (repeatable).")
        var ruleDirectories: [String] = []

        func validate() throws {
            guard ["text", "json"].contains(format) else { throw ValidationError("--format takes text or json") }
        }

        func run() throws {
            let ruleSet = try RuleLoading.load(extraDirectories: ruleDirectories)
            if format == "json" {
                print(try RuleDocumentation.json(ruleSet))
                return
            }
            let rows = ruleSet.rules.map { [$0.id, $0.category.rawValue, $0.severity.rawValue, $0.appliesTo.rawValue, $0.title] }
            print(RuleDocumentation.table(header: ["ID", "CATEGORY", "SEVERITY", "APPLIES TO", "TITLE"], rows: rows))
            let packs = ruleSet.packs.map { "\($0.name) (\($0.ruleCount) rules, \($0.source))" }.joined(separator: ", ")
            print("\n\(ruleSet.rules.count) rules in \(packs)")
            // Which apps each pack audits (`--jurisdiction`, lendaudit.yml `jurisdictions:`).
            for pack in ruleSet.packs {
                let jurisdictions = ruleSet.packDeclarations[pack.name].map { $0.jurisdictions.joined(separator: ", ") }
                print("  \(pack.name): \(jurisdictions ?? "every app (no pack.yaml)")")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a rule's documentation: norms, matcher, examples.")

        @Argument(help: "The rule id (or an alias).")
        var id: String

        @Option(name: .customLong("rules"), help: "Add the rule packs in this folder (repeatable).")
        var ruleDirectories: [String] = []

        func run() throws {
            let ruleSet = try RuleLoading.load(extraDirectories: ruleDirectories)
            guard let rule = ruleSet.rule(id: id) else {
                let close = ruleSet.rules.map(\.id).filter { $0.contains(id.uppercased()) }.prefix(5)
                Console.error("no rule '\(id)'" + (close.isEmpty ? "; see 'lendaudit rules list'" : " (did you mean \(close.joined(separator: ", "))?)"))
                throw ExitStatus.usage.exitCode
            }
            print(RuleDocumentation.markdown(rule, catalogue: ruleSet.catalogue, packs: ruleSet.packDeclarations), terminator: "")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every example of the bundled rules, or of the rules in DIR.",
            discussion: "Exit 0 when every example behaves, 1 when one does not, 2 when a rule file is broken."
        )

        @Argument(help: "A rules folder (a pack, or a folder of packs) to test instead of the bundled packs.")
        var directory: String?

        func run() throws {
            let (ruleSet, runner) = try Console.orExit { () throws(RuleFileError) -> (RuleSet, ExampleRunner) in
                var ruleSet = try RuleSet.bundled()
                if let directory {
                    // DIR's rules against the bundled catalogues, without the bundled packs: DIR
                    // may be one of them (`rules/cn-pi`), whose rules would otherwise clash with
                    // their own bundled copies.
                    ruleSet = try RuleSet.bundledCatalogues()
                    try ruleSet.add(directory: directory)
                }
                return (ruleSet, try ExampleRunner(ruleSet: ruleSet))
            }
            var passed = 0
            var failed = 0
            var todo = 0
            for rule in ruleSet.rules {
                for outcome in runner.run(rule) {
                    switch (outcome.kind, outcome.passed) {
                    case (.todo, _):
                        todo += 1
                        print("\(outcome.place): todo \(rule.id): \(outcome.detail)")
                    case (_, true):
                        passed += 1
                    case (_, false):
                        failed += 1
                        print("\(outcome.place): FAIL \(rule.id) \(outcome.kind.rawValue) example: \(outcome.detail)")
                    }
                }
            }
            print("\(ruleSet.rules.count) rules: \(passed) passed, \(failed) failed" + (todo > 0 ? ", \(todo) todo" : ""))
            if failed > 0 { throw ExitStatus.findings.exitCode }
        }
    }
}
