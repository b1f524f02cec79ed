#!/usr/bin/env python3
"""The issue's yardstick: "a plain Python lxml + regex script" over the benchmark corpus.

    python3 Benchmarks/lxml_regex.py --rules rules/cn-pi DIR

Not lendaudit's logic, only the work a simple script would do: every .html/.htm file parsed by
lxml (its bundled libxml2, encoding from the page's declaration or sniffed), the text of the
body without scripts and styles split into clauses at 。！？；!?;, and every agreement rule of the
pack run over every clause as Python regular expressions (each `all` group an alternation, the
`regex`, the `none` and `unless` terms). Prints files, bytes, clauses and hits; the caller times
it. Needs lxml (`pip install lxml`) and PyYAML. `Benchmarks/run.sh --lxml` runs it on the
smallest corpus to check the issue's calibration (see docs/benchmarks.md). An empty rules folder
times the text extraction alone.
"""
import argparse
import os
import re
import sys

import yaml
from lxml import html


def load_rules(folder):
    rules = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            rule = yaml.safe_load(handle)
        if rule.get("applies_to") != "agreement":
            continue
        match = rule.get("match", {})

        def alternation(terms):
            return re.compile("|".join(re.escape(str(term).lower()) for term in terms))

        groups = [alternation(group) for group in match.get("all", []) if group]
        regex = re.compile(match["regex"]) if match.get("regex") else None
        excluded = [alternation(match[key]) for key in ("none", "unless") if match.get(key)]
        rules.append((rule["id"], groups, regex, excluded))
    return rules


CLAUSE_END = re.compile(r"(?<=[。！？；!?;])")
SPACE = re.compile(r"\s+")


def clauses(path):
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        root = html.document_fromstring(data)
    except Exception:
        return []
    for element in root.xpath("//script|//style|//head"):
        element.drop_tree()
    text = SPACE.sub(" ", root.text_content())
    return [clause.strip() for clause in CLAUSE_END.split(text) if clause.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", required=True)
    parser.add_argument("roots", nargs="+")
    args = parser.parse_args()
    rules = load_rules(args.rules)
    files = size = count = hits = 0
    for root in args.roots:
        for folder, _, names in sorted(os.walk(root)):
            for name in sorted(names):
                if not name.endswith((".html", ".htm")):
                    continue
                path = os.path.join(folder, name)
                files += 1
                size += os.path.getsize(path)
                for clause in clauses(path):
                    count += 1
                    lowered = clause.lower()
                    for _, groups, regex, excluded in rules:
                        if not all(group.search(lowered) for group in groups):
                            continue
                        if regex is not None and not regex.search(lowered):
                            continue
                        if any(pattern.search(lowered) for pattern in excluded):
                            continue
                        hits += 1
    print("files %d bytes %d clauses %d hits %d" % (files, size, count, hits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
