import Audit
import Rules

/// Loads the bundled packs and any `--rules` folders; a broken rule file is exit 2.
enum RuleLoading {
    static func load(extraDirectories: [String]) throws -> RuleSet {
        try Console.orExit { () throws(RuleFileError) -> RuleSet in
            var ruleSet = try RuleSet.bundled()
            for directory in extraDirectories {
                try ruleSet.add(directory: directory)
            }
            return ruleSet
        }
    }

    static func pipeline(_ ruleSet: RuleSet) throws -> AuditPipeline {
        try Console.orExit { () throws(RuleFileError) in try AuditPipeline(ruleSet: ruleSet) }
    }
}
