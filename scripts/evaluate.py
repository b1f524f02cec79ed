#!/usr/bin/env python3
"""Measure the bundled rule packs against the labelled evaluation set.

    python3 scripts/evaluate.py [--binary .build/debug/lendaudit] [--no-corpus] [--check]

Runs `lendaudit scan eval/apps --format json --output <tmp>`, then stages every labelled
document of the shared corpus (../shared/corpus, when present) as its own app folder in a
temporary directory and scans that too. Findings are compared with eval/labels.yaml at the
(category, path, line) level: several findings of one category on one line count once.
Prints precision and recall per category and overall, then every false positive (with the
rule and the quoted clause) and every false negative (with the labelled line's text).

The binary embeds the rules it was built with: rebuild it after editing rules/.
Exit status: 0 (or, with --check, 1 when a category misses the targets), 2 on usage errors.
See eval/README.md for the label format.
"""

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

CATEGORIES = [
    "contacts-permission", "contacts-collection", "refusal-to-serve", "third-party-collection",
    "debt-disclosure", "liability-waiver", "emergency-contacts", "excessive-permission",
    "undisclosed-permission", "contradiction",
]
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- labels ------------------------------------------------------------------------------

def load_yaml(path):
    """PyYAML when installed; otherwise a reader for the subset labels.yaml uses."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        import yaml  # type: ignore
    except ImportError:
        return MiniYAML(text).parse()
    return yaml.safe_load(text)


class MiniYAML:
    """Block mappings by indentation, `key: scalar`, `key: [a, b]`, `key: {}`, comments."""

    def __init__(self, text):
        self.lines = []
        for number, raw in enumerate(text.splitlines(), 1):
            stripped = self._strip_comment(raw).rstrip()
            if stripped.strip():
                self.lines.append((number, len(stripped) - len(stripped.lstrip(" ")), stripped.strip()))
        self.index = 0

    @staticmethod
    def _strip_comment(line):
        quote = None
        for position, char in enumerate(line):
            if quote:
                if char == quote:
                    quote = None
            elif char in "\"'":
                quote = char
            elif char == "#" and (position == 0 or line[position - 1] in " \t"):
                return line[:position]
        return line

    def parse(self):
        return self._mapping(0) if self.lines else {}

    def _mapping(self, indent):
        result = {}
        while self.index < len(self.lines):
            number, level, content = self.lines[self.index]
            if level < indent:
                break
            if level > indent:
                raise ValueError(f"line {number}: unexpected indentation")
            key, _, rest = content.partition(":")
            key = self._scalar(key.strip())
            rest = rest.strip()
            self.index += 1
            if rest:
                result[key] = self._value(rest, number)
            elif self.index < len(self.lines) and self.lines[self.index][1] > indent:
                result[key] = self._mapping(self.lines[self.index][1])
            else:
                result[key] = None
        return result

    def _value(self, text, number):
        if text == "{}":
            return {}
        if text.startswith("["):
            if not text.endswith("]"):
                raise ValueError(f"line {number}: inline lists must end on the same line")
            inner = text[1:-1].strip()
            return [self._scalar(item.strip()) for item in inner.split(",")] if inner else []
        return self._scalar(text)

    @staticmethod
    def _scalar(text):
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            return text[1:-1]
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        if text in ("null", "~"):
            return None
        return text


def expected_lines(entry, where):
    """{category: [line, …]} of one file, checked."""
    result = {}
    for category, lines in (entry or {}).items():
        if category not in CATEGORIES:
            sys.exit(f"evaluate.py: {where}: unknown category '{category}' (expected one of: {', '.join(CATEGORIES)})")
        values = set()
        for line in lines or []:
            if isinstance(line, dict):
                line = line.get("line")
            if not isinstance(line, int) or line < 1:
                sys.exit(f"evaluate.py: {where}: '{category}' lists '{line}', not a line number")
            values.add(line)
        result[category] = values
    return result


# --- scanning ----------------------------------------------------------------------------

def scan(binary, root, output):
    command = [binary, "scan", root, "--format", "json", "--output", output, "--fail-on", "none"]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode not in (0, 1, 3) or not os.path.exists(output):
        sys.exit(f"evaluate.py: `{' '.join(command)}` failed with exit {completed.returncode}:\n{completed.stderr}")
    with open(output, encoding="utf-8") as handle:
        report = json.load(handle)
    findings = []
    for app in report.get("apps", []):
        for finding in app.get("findings", []):
            findings.append(finding)
    return findings, report.get("inputErrors", [])


def stage_corpus(corpus_root, documents, staging):
    """One app folder per labelled corpus file; returns {staged path: corpus path}."""
    mapping = {}
    for corpus_path, entry in documents.items():
        source = os.path.join(corpus_root, corpus_path)
        if not os.path.exists(source):
            print(f"note: {corpus_path} is not in {corpus_root}; skipped", file=sys.stderr)
            continue
        folder = re.sub(r"[^A-Za-z0-9_.-]+", "-", corpus_path)
        os.makedirs(os.path.join(staging, folder))
        # `as` renames a file for discovery, e.g. extracted Xcode build settings read as project.pbxproj.
        name = (entry or {}).get("as") or os.path.basename(corpus_path)
        # Discovery knows manifests by their exact names: `acme-AndroidManifest.xml` is staged as AndroidManifest.xml.
        for manifest in ("AndroidManifest.xml", "Info.plist", "module.json5", "module.json", "app.json"):
            if name.endswith("-" + manifest):
                name = manifest
        shutil.copyfile(source, os.path.join(staging, folder, name))
        with open(os.path.join(staging, folder, "lendaudit.yml"), "w", encoding="utf-8") as handle:
            handle.write(f"name: {folder}\n")
            category = (entry or {}).get("category")
            if category and category != "infer":
                handle.write(f"category: {category}\n")
        mapping[f"{folder}/{name}"] = corpus_path
    return mapping


# --- reporting ---------------------------------------------------------------------------

def line_text(path, line):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    for encoding in ("utf-8", "gb18030", "big5", "utf-16"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("utf-8", "replace")
    lines = text.splitlines()
    if line > len(lines):
        return ""
    plain = html.unescape(re.sub(r"<[^>]*>", " ", lines[line - 1]))
    plain = re.sub(r"\s+", " ", plain).strip()
    return plain[:160] + ("…" if len(plain) > 160 else "")


def ratio(numerator, denominator):
    return numerator / denominator if denominator else None


def fmt(value):
    return "  —  " if value is None else f"{value:5.3f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(REPO, ".build/debug/lendaudit"))
    parser.add_argument("--labels", default=os.path.join(REPO, "eval/labels.yaml"))
    parser.add_argument("--apps", default=os.path.join(REPO, "eval/apps"))
    parser.add_argument("--corpus", help="corpus root (default: labels.yaml corpus.root, relative to the repository)")
    parser.add_argument("--no-corpus", action="store_true", help="skip the shared corpus documents")
    parser.add_argument("--no-apps", action="store_true", help="skip eval/apps (evaluate the corpus documents only)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 unless every category reaches "
                        f"{TARGET_PRECISION} precision and {TARGET_RECALL} recall")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the JSON reports")
    arguments = parser.parse_args()

    binary = os.path.abspath(arguments.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"evaluate.py: no lendaudit binary at {binary}; build it (swift build) or pass --binary")
    labels = load_yaml(arguments.labels) or {}

    expected = set()  # (category, path, line)
    files = {}      # display path -> file on disk (for quoting false negatives)
    for app, app_files in ({} if arguments.no_apps else labels.get("apps") or {}).items():
        app_dir = os.path.join(arguments.apps, app)
        if not os.path.isdir(app_dir):
            sys.exit(f"evaluate.py: labels.yaml names app '{app}', but {app_dir} does not exist")
        for name, entry in (app_files or {}).items():
            path = f"{app}/{name}"
            if not os.path.exists(os.path.join(app_dir, name)):
                sys.exit(f"evaluate.py: labels.yaml names {path}, which does not exist")
            files[path] = os.path.join(app_dir, name)
            for category, lines in expected_lines(entry, path).items():
                expected.update({(category, path, line) for line in lines})
    unlabelled = sorted(set(os.listdir(arguments.apps)) - set((labels.get("apps") or {}).keys()) - {"README.md"})
    if unlabelled and not arguments.no_apps:
        print(f"note: app folders without labels (every finding there is a false positive): {', '.join(unlabelled)}")

    workdir = tempfile.mkdtemp(prefix="lendaudit-eval-")
    try:
        found, errors = ([], []) if arguments.no_apps else scan(binary, arguments.apps, os.path.join(workdir, "apps.json"))
        found = [(f, f["path"]) for f in found]

        corpus = labels.get("corpus") or {}
        corpus_root = arguments.corpus or os.path.normpath(os.path.join(REPO, corpus.get("root", "../shared/corpus")))
        corpus_documents = corpus.get("documents") or {}
        if not arguments.no_corpus and corpus_documents and os.path.isdir(corpus_root):
            staging = os.path.join(workdir, "corpus")
            os.makedirs(staging)
            mapping = stage_corpus(corpus_root, corpus_documents, staging)
            corpus_found, corpus_errors = scan(binary, staging, os.path.join(workdir, "corpus.json"))
            errors += corpus_errors
            for finding in corpus_found:
                found.append((finding, "corpus:" + mapping.get(finding["path"], finding["path"])))
            for corpus_path, entry in corpus_documents.items():
                if corpus_path not in mapping.values():
                    continue
                path = "corpus:" + corpus_path
                files[path] = os.path.join(corpus_root, corpus_path)
                for category, lines in expected_lines((entry or {}).get("expected"), corpus_path).items():
                    expected.update({(category, path, line) for line in lines})
        elif not arguments.no_corpus and corpus_documents:
            print(f"note: corpus root {corpus_root} not found; evaluating eval/apps only")

        predicted = {}
        for finding, path in found:
            key = (finding["category"], path, finding["line"])
            predicted.setdefault(key, []).append(finding)

        print(f"{'category':24} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}")
        all_ok = True
        totals = [0, 0, 0]
        for category in CATEGORIES:
            exp = {k for k in expected if k[0] == category}
            pred = {k for k in predicted if k[0] == category}
            tp, fp, fn = len(exp & pred), len(pred - exp), len(exp - pred)
            totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
            precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
            ok = (precision is None or precision >= TARGET_PRECISION) and (recall is None or recall >= TARGET_RECALL)
            all_ok &= ok
            print(f"{category:24} {tp:4} {fp:4} {fn:4} {fmt(precision):>10} {fmt(recall):>8}{'' if ok else '  below target'}")
        tp, fp, fn = totals
        print(f"{'overall':24} {tp:4} {fp:4} {fn:4} {fmt(ratio(tp, tp + fp)):>10} {fmt(ratio(tp, tp + fn)):>8}")

        false_positives = sorted(set(predicted) - expected, key=lambda k: (k[1], k[2], k[0]))
        false_negatives = sorted(expected - set(predicted), key=lambda k: (k[1], k[2], k[0]))
        if false_positives:
            print(f"\nFalse positives ({len(false_positives)}):")
            for key in false_positives:
                finding = predicted[key][0]
                rules = ", ".join(sorted({f["ruleId"] for f in predicted[key]}))
                print(f"  {key[1]}:{key[2]}  {key[0]}  [{rules}]\n      {finding.get('quote', '')[:200]}")
        if false_negatives:
            print(f"\nFalse negatives ({len(false_negatives)}):")
            for key in false_negatives:
                print(f"  {key[1]}:{key[2]}  {key[0]}\n      {line_text(files.get(key[1], ''), key[2])}")
        if errors:
            print(f"\nInput errors ({len(errors)}):")
            for error in errors:
                print(f"  {error.get('path')}: {error.get('reason')}")
        if arguments.keep:
            print(f"\nReports kept in {workdir}")
    finally:
        if not arguments.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if arguments.check and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
