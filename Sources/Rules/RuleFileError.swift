import YAMLFiles

/// A rule file, norms catalogue, permission mapping or config that cannot be used: the one error
/// every YAML file of ours gives (`YAMLReader`), under the name the rule stages have always used.
public typealias RuleFileError = YAMLFileError
