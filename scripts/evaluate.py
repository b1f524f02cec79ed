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

More runs over the shared corpus (each optional; `--no-apps --no-corpus` leaves out the two above):

    --ca4p          does each policy of ca4p-dev (scanned as a lending app) get a contacts-collection
                    finding? scored against ca4p-dev/address-book-labels.jsonl (targets with --check:
                    precision >= 0.95, recall >= 0.90)
    --judged        precision per category over the findings a person has judged
                    (eval/judgements.jsonl), on ca4p-dev and agreements-zh/-en, all as lending apps
    --unjudged N    print N findings not yet judged, with their context, for a person to judge
    --packs         precision and recall per rule pack on eval/packs (apps written for the packs, each
                    with a compliant twin, and corpus documents staged with the jurisdictions their
                    labels give); a finding counts for every pack whose rule found it (its rule or
                    `alsoMatched`); targets with --check: precision >= 0.95, recall >= 0.90 per pack
"""

import argparse
import hashlib
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
    "undisclosed-permission", "contradiction", "loan-terms",
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
    # Reports give paths as typed, starting with the root the scan was given: labels are written
    # relative to that root.
    prefix = root.rstrip("/") + "/"
    def relative(item):
        if item.get("path", "").startswith(prefix):
            item = dict(item, path=item["path"][len(prefix):])
        return item
    findings = []
    for app in report.get("apps", []):
        for finding in app.get("findings", []):
            findings.append(relative(finding))
    return findings, [relative(error) for error in report.get("inputErrors", [])]


def scan_report(binary, root, output):
    """The findings (paths relative to `root`) with the packs that found each, and the input errors."""
    findings, errors = scan(binary, root, output)
    with open(output, encoding="utf-8") as handle:
        report = json.load(handle)
    pack_of = {rule["id"]: rule.get("pack", "") for rule in report.get("rules", [])}
    for finding in findings:
        ids = [finding["ruleId"]] + list(finding.get("alsoMatched") or [])
        finding["packs"] = sorted({pack_of.get(rule, "") for rule in ids})
    return findings, errors


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
            jurisdictions = (entry or {}).get("jurisdictions")
            if jurisdictions:
                handle.write(f"jurisdictions: [{', '.join(jurisdictions)}]\n")
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



# --- ca4p-dev and judged precision -------------------------------------------------------

CA4P = "ca4p-dev"
AGREEMENT_FOLDERS = ("agreements-zh", "agreements-en")
AGREEMENT_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")  # what lendaudit reads as agreements
CA4P_PRECISION = 0.95
CA4P_RECALL = 0.90


def quote_sha1(quote):
    """The key a judgement uses for a finding's quote: sha1 of its UTF-8 bytes, first 12 hex digits."""
    return hashlib.sha1((quote or "").encode("utf-8")).hexdigest()[:12]


def read_text(path):
    """A source file's text, decoded the way line_text does."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    for encoding in ("utf-8", "gb18030", "big5", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def plain(text):
    """Markup stripped, entities decoded, white space collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", text))).strip()


def corpus_documents_in(corpus_root, folders):
    """Corpus-relative paths of the agreements in the given folders, sorted."""
    result = []
    for folder in folders:
        directory = os.path.join(corpus_root, folder)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            if name.lower().endswith(AGREEMENT_SUFFIXES) and os.path.isfile(os.path.join(directory, name)):
                result.append(f"{folder}/{name}")
    return result


def stage_lending(corpus_root, corpus_paths, staging):
    """One app folder per document, every app declared `category: lending`; a ca4p-dev policy's
    app is named after its number (0505). Returns {staged path: corpus path}."""
    mapping = {}
    for corpus_path in corpus_paths:
        name = os.path.basename(corpus_path)
        if corpus_path.startswith(CA4P + "/"):
            folder = os.path.splitext(name)[0]
        else:
            folder = re.sub(r"[^A-Za-z0-9_.-]+", "-", corpus_path)
        os.makedirs(os.path.join(staging, folder))
        shutil.copyfile(os.path.join(corpus_root, corpus_path), os.path.join(staging, folder, name))
        with open(os.path.join(staging, folder, "lendaudit.yml"), "w", encoding="utf-8") as handle:
            handle.write(f"name: {folder}\ncategory: lending\n")
        mapping[f"{folder}/{name}"] = corpus_path
    return mapping


def scan_lending(binary, corpus_root, corpus_paths, workdir, label):
    """Stage and scan once; returns ([(finding, corpus path)], input errors)."""
    staging = os.path.join(workdir, label)
    os.makedirs(staging)
    mapping = stage_lending(corpus_root, corpus_paths, staging)
    findings, errors = scan(binary, staging, os.path.join(workdir, label + ".json"))
    return [(finding, mapping.get(finding["path"], finding["path"])) for finding in findings], errors


def marked_quote(finding, width=240):
    """The quote with the matched words in 【】, cut round the first of them when longer than width."""
    quote = finding.get("quote", "")
    spans = sorted((h.get("start", 0), h.get("end", 0)) for h in finding.get("highlights") or []
                   if 0 <= h.get("start", 0) < h.get("end", 0) <= len(quote))
    marked, position, first = "", 0, None
    for start, end in spans:
        if start < position:
            continue
        if first is None:
            first = len(marked) + (start - position)
        marked += quote[position:start] + "【" + quote[start:end] + "】"
        position = end
    marked += quote[position:]
    if len(marked) <= width:
        return marked
    begin = max(0, min((first or 0) - width // 3, len(marked) - width))
    return ("…" if begin else "") + marked[begin:begin + width] + ("…" if begin + width < len(marked) else "")


def print_misses(predicted, expected, files, heading, place, what):
    """Every false positive (with its rules and quote) and false negative (with the labelled line),
    in file and line order. `place(key)` is the key's (path, line), `what(key)` what it names."""
    order = lambda key: (*place(key), what(key))
    false_positives = sorted(set(predicted) - expected, key=order)
    false_negatives = sorted(expected - set(predicted), key=order)
    if false_positives:
        print(f"\nFalse positives{heading} ({len(false_positives)}):")
        for key in false_positives:
            path, line = place(key)
            rules = ", ".join(sorted({f["ruleId"] for f in predicted[key]}))
            print(f"  {path}:{line}  {what(key)}  [{rules}]\n      {predicted[key][0].get('quote', '')[:200]}")
    if false_negatives:
        print(f"\nFalse negatives{heading} ({len(false_negatives)}):")
        for key in false_negatives:
            path, line = place(key)
            print(f"  {path}:{line}  {what(key)}\n      {line_text(files.get(path, ''), line)}")


def print_errors(errors):
    if errors:
        print(f"\nInput errors ({len(errors)}):")
        for error in errors:
            print(f"  {error.get('path')}: {error.get('reason')}")


def run_ca4p(found, ca4p_dir):
    """Policy-level score of 'at least one contacts-collection finding'; returns True when on target."""
    labels = {}
    with open(os.path.join(ca4p_dir, "address-book-labels.jsonl"), encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            if raw.strip():
                entry = json.loads(raw)
                if entry.get("label") not in ("pos", "neg", "unsure"):
                    sys.exit(f"evaluate.py: address-book-labels.jsonl:{number}: label must be pos, neg or unsure")
                labels[entry["file"]] = entry
    hits = {}  # file -> [finding]
    for finding, path in found:
        if finding["category"] == "contacts-collection" and path.startswith(CA4P + "/"):
            hits.setdefault(os.path.basename(path), []).append(finding)
    tp = sorted(f for f, e in labels.items() if e["label"] == "pos" and f in hits)
    fn = sorted(f for f, e in labels.items() if e["label"] == "pos" and f not in hits)
    fp = sorted(f for f, e in labels.items() if e["label"] == "neg" and f in hits)
    tn = sorted(f for f, e in labels.items() if e["label"] == "neg" and f not in hits)
    unsure = sorted(f for f, e in labels.items() if e["label"] == "unsure")
    unlabelled = sorted(set(hits) - set(labels))
    precision, recall = ratio(len(tp), len(tp) + len(fp)), ratio(len(tp), len(tp) + len(fn))
    ok = (precision is None or precision >= CA4P_PRECISION) and (recall is None or recall >= CA4P_RECALL)
    print(f"\nca4p-dev: does the policy get a contacts-collection finding? ({len(labels)} policies, all scanned as lending)")
    print(f"  TP {len(tp)}  FP {len(fp)}  FN {len(fn)}  TN {len(tn)}  precision {fmt(precision)}  "
          f"recall {fmt(recall)}{'' if ok else '  below target'}")
    print(f"  unsure (not scored): {len(unsure)}, {sum(1 for f in unsure if f in hits)} of them with a finding")
    if unlabelled:
        print(f"  findings on policies without a label: {', '.join(unlabelled)}")
    if fp:
        print(f"\n  False positives ({len(fp)} policies):")
        for name in fp:
            for finding in sorted(hits[name], key=lambda f: (f["line"], f["column"], f["ruleId"])):
                print(f"    {CA4P}/{name}:{finding['line']}  [{finding['ruleId']}]\n        {marked_quote(finding)}")
    if fn:
        print(f"\n  False negatives ({len(fn)} policies):")
        for name in fn:
            entry = labels[name]
            print(f"    {CA4P}/{name}:{entry.get('line')}\n        {entry.get('sentence', '')}")
    return ok


def load_judgements(path):
    """{(path, category, quote_sha1): judgement}; later lines win, conflicts are reported."""
    judgements = {}
    if not os.path.exists(path):
        return judgements
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
            except ValueError as error:
                sys.exit(f"evaluate.py: {path}:{number}: not JSON: {error}")
            missing = [k for k in ("path", "category", "quote_sha1", "verdict") if not entry.get(k)]
            if missing:
                sys.exit(f"evaluate.py: {path}:{number}: missing {', '.join(missing)}")
            if entry["verdict"] not in ("correct", "wrong"):
                sys.exit(f"evaluate.py: {path}:{number}: verdict must be 'correct' or 'wrong'")
            if entry["category"] not in CATEGORIES:
                sys.exit(f"evaluate.py: {path}:{number}: unknown category '{entry['category']}'")
            key = (entry["path"], entry["category"], entry["quote_sha1"])
            if key in judgements and judgements[key]["verdict"] != entry["verdict"]:
                print(f"note: {path}:{number} contradicts an earlier judgement of the same finding; the later one counts")
            judgements[key] = entry
    return judgements


def judged_keys(found):
    """{(corpus path, category, quote_sha1): [finding]}: one key per clause and category."""
    keys = {}
    for finding, path in found:
        key = (path, finding["category"], quote_sha1(finding.get("quote", "")))
        keys.setdefault(key, []).append(finding)
    return keys


def run_judged(keys, judgements, judgements_path):
    print(f"\nJudged precision ({os.path.relpath(judgements_path, REPO)}; ca4p-dev + "
          f"{' + '.join(AGREEMENT_FOLDERS)}, all as lending; one count per clause and category)")
    print(f"{'category':24} {'correct':>7} {'wrong':>6} {'precision':>10} {'unjudged':>9} {'findings':>9}")
    totals = [0, 0, 0, 0]
    for category in CATEGORIES:
        present = [k for k in keys if k[1] == category]
        correct = sum(1 for k in present if k in judgements and judgements[k]["verdict"] == "correct")
        wrong = sum(1 for k in present if k in judgements and judgements[k]["verdict"] == "wrong")
        unjudged = len(present) - correct - wrong
        totals = [totals[0] + correct, totals[1] + wrong, totals[2] + unjudged, totals[3] + len(present)]
        if present:
            print(f"{category:24} {correct:7} {wrong:6} {fmt(ratio(correct, correct + wrong)):>10} {unjudged:9} {len(present):9}")
    correct, wrong, unjudged, present = totals
    print(f"{'overall':24} {correct:7} {wrong:6} {fmt(ratio(correct, correct + wrong)):>10} {unjudged:9} {present:9}")
    still_wrong = sorted(k for k in keys if k in judgements and judgements[k]["verdict"] == "wrong")
    if still_wrong:
        print(f"\n  Findings judged wrong that this binary still produces ({len(still_wrong)}):")
        for key in still_wrong:
            finding = min(keys[key], key=lambda f: (f["line"], f["column"], f["ruleId"]))
            print(f"    {key[0]}:{finding['line']}  {key[1]}  [{finding['ruleId']}]  ({judgements[key]['why']})")
            print(f"        {finding.get('quote', '')[:160]}")
    stale = [j for k, j in judgements.items() if k not in keys]
    if stale:
        gone_wrong = sum(1 for j in stale if j["verdict"] == "wrong")
        print(f"  judgements whose finding this binary does not produce: {len(stale)} "
              f"({gone_wrong} judged wrong, {len(stale) - gone_wrong} judged correct)")
        lost = sorted((j for j in stale if j["verdict"] == "correct"), key=lambda j: (j["category"], j["path"], j.get("line", 0)))
        for judgement in lost:
            print(f"    no longer found, judged correct: {judgement['path']}:{judgement.get('line', '?')}  "
                  f"{judgement['category']}  [{judgement.get('rule', '?')}]  ({judgement.get('why', '')})")


def context_lines(text, line, column, around=2):
    """The finding's line (cut round its column when long) and `around` lines each side, markup stripped."""
    lines = text.splitlines()
    result = []
    for number in range(max(1, line - around), min(len(lines), line + around) + 1):
        raw = lines[number - 1]
        if number == line:
            start = max(0, column - 1 - 600)
            raw = raw[start:column - 1 + 1200]
            shown = plain(raw)
            shown = shown[:900] + ("…" if len(shown) > 900 else "")
        else:
            shown = plain(raw)
            shown = shown[:300] + ("…" if len(shown) > 300 else "")
        if shown:
            result.append(f"{'>' if number == line else ' '}{number:5}  {shown}")
    return result


def run_unjudged(keys, judgements, count, corpus_root):
    """Up to `count` unjudged findings: round robin over categories; within a category, one per file
    first (files in a fixed pseudo-random order), then second ones, and so on."""
    per_category = {}
    for key in sorted(k for k in keys if k not in judgements):
        per_category.setdefault(key[1], []).append(key)
    queues = {}
    for category, category_keys in per_category.items():
        by_file = {}
        for key in sorted(category_keys, key=lambda k: (k[0], min(f["line"] for f in keys[k]), k[2])):
            by_file.setdefault(key[0], []).append(key)
        order = sorted(by_file, key=lambda p: hashlib.sha1(f"{category}|{p}".encode("utf-8")).hexdigest())
        queue, depth = [], 0
        while len(queue) < len(category_keys):
            queue += [by_file[p][depth] for p in order if depth < len(by_file[p])]
            depth += 1
        queues[category] = queue
    picked = []
    while len(picked) < count and any(queues.values()):
        for category in CATEGORIES:
            if queues.get(category) and len(picked) < count:
                picked.append(queues[category].pop(0))
    total = sum(len(v) for v in per_category.values())
    print(f"\nUnjudged findings ({len(picked)} of {total}):")
    texts = {}
    for key in picked:
        path, category, sha = key
        finding = min(keys[key], key=lambda f: (f["line"], f["column"], f["ruleId"]))
        rules = ", ".join(sorted({f["ruleId"] for f in keys[key]}))
        if path not in texts:
            texts[path] = read_text(os.path.join(corpus_root, path))
        print(f"\n--- {path}:{finding['line']}:{finding['column']}  {category}  [{rules}]")
        print(f"    quote: {marked_quote(finding, 1200)}")
        for row in context_lines(texts[path], finding["line"], finding["column"]):
            print(f"   {row}")
        template = {"path": path, "line": finding["line"], "category": category, "rule": finding["ruleId"],
                    "quote_sha1": sha, "verdict": "", "why": ""}
        print("    " + json.dumps(template, ensure_ascii=False))


def run_packs(arguments, binary, workdir):
    """--packs: precision and recall per rule pack; returns False when a pack misses its targets."""
    labels = load_yaml(arguments.pack_labels) or {}
    expected = set()  # (pack, category, path, line)
    files = {}
    for app, app_files in (labels.get("apps") or {}).items():
        app_dir = os.path.join(arguments.pack_apps, app)
        if not os.path.isdir(app_dir):
            sys.exit(f"evaluate.py: {arguments.pack_labels} names app '{app}', but {app_dir} does not exist")
        for name, by_pack in (app_files or {}).items():
            path = f"{app}/{name}"
            if not os.path.exists(os.path.join(app_dir, name)):
                sys.exit(f"evaluate.py: {arguments.pack_labels} names {path}, which does not exist")
            files[path] = os.path.join(app_dir, name)
            for pack, entry in (by_pack or {}).items():
                for category, lines in expected_lines(entry, f"{path} ({pack})").items():
                    expected.update({(pack, category, path, line) for line in lines})
    unlabelled = sorted(set(os.listdir(arguments.pack_apps)) - set((labels.get("apps") or {}).keys()) - {"README.md"})
    if unlabelled:
        print(f"note: pack app folders without labels (every finding there is a false positive): {', '.join(unlabelled)}")
    found, errors = scan_report(binary, arguments.pack_apps, os.path.join(workdir, "packs-apps.json"))
    found = [(finding, finding["path"]) for finding in found]
    corpus = labels.get("corpus") or {}
    corpus_root = arguments.corpus or os.path.normpath(os.path.join(REPO, corpus.get("root", "../shared/corpus")))
    documents = corpus.get("documents") or {}
    if documents and os.path.isdir(corpus_root):
        staging = os.path.join(workdir, "packs-corpus")
        os.makedirs(staging)
        mapping = stage_corpus(corpus_root, documents, staging)
        corpus_found, corpus_errors = scan_report(binary, staging, os.path.join(workdir, "packs-corpus.json"))
        errors += corpus_errors
        found += [(finding, "corpus:" + mapping.get(finding["path"], finding["path"])) for finding in corpus_found]
        for corpus_path, entry in documents.items():
            if corpus_path not in mapping.values():
                continue
            files["corpus:" + corpus_path] = os.path.join(corpus_root, corpus_path)
            for pack, by_category in ((entry or {}).get("expected") or {}).items():
                for category, lines in expected_lines(by_category, f"{corpus_path} ({pack})").items():
                    expected.update({(pack, category, "corpus:" + corpus_path, line) for line in lines})
    elif documents:
        print(f"note: corpus root {corpus_root} not found; evaluating eval/packs/apps only")
    predicted = {}
    for finding, path in found:
        for pack in finding["packs"]:
            predicted.setdefault((pack, finding["category"], path, finding["line"]), []).append(finding)

    packs = sorted({key[0] for key in expected} | {key[0] for key in predicted})
    ok = True
    # The apps were written with the rules in view; the corpus documents were not: both halves
    # are printed after the whole, so that a figure carried by the written half shows.
    for title, keep in (("", lambda path: True), (" (corpus documents only)", lambda path: path.startswith("corpus:")),
                        (" (eval/packs/apps only)", lambda path: not path.startswith("corpus:"))):
        print(f"\n{'pack' + title:40} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}")
        for pack in packs:
            exp = {key for key in expected if key[0] == pack and keep(key[2])}
            pred = {key for key in predicted if key[0] == pack and keep(key[2])}
            tp, fp, fn = len(exp & pred), len(pred - exp), len(exp - pred)
            if not (tp or fp or fn):
                continue
            precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
            good = (precision is None or precision >= TARGET_PRECISION) and (recall is None or recall >= TARGET_RECALL)
            if not title:
                ok &= good
            print(f"{pack:40} {tp:4} {fp:4} {fn:4} {fmt(precision):>10} {fmt(recall):>8}{'' if good else '  below target'}")
    print_misses(predicted, expected, files, " by pack", place=lambda k: (k[2], k[3]), what=lambda k: f"{k[0]} {k[1]}")
    print_errors(errors)
    return ok


def run_extra(arguments, binary, corpus_root, workdir):
    """--ca4p, --judged and --unjudged; returns False when --ca4p misses its targets."""
    ok = True
    ca4p_dir = os.path.join(corpus_root, CA4P)
    wants_judged = arguments.judged or arguments.unjudged is not None
    if not os.path.isdir(corpus_root):
        print(f"\nskipped: --ca4p/--judged/--unjudged: corpus root {corpus_root} not found")
        return ok
    ca4p_paths = []
    if os.path.isdir(ca4p_dir):
        ca4p_paths = [f"{CA4P}/{name}" for name in sorted(os.listdir(ca4p_dir))
                      if re.fullmatch(r"\d+\.html", name)]
    elif arguments.ca4p:
        print(f"\nskipped: --ca4p: {ca4p_dir} not found")
    paths = list(ca4p_paths) + (corpus_documents_in(corpus_root, AGREEMENT_FOLDERS) if wants_judged else [])
    if not paths:
        if wants_judged:
            print(f"\nskipped: --judged/--unjudged: no {CA4P} or {'/'.join(AGREEMENT_FOLDERS)} documents under {corpus_root}")
        return ok
    found, errors = scan_lending(binary, corpus_root, paths, workdir, "lending")
    if arguments.ca4p and ca4p_paths:
        if not os.path.exists(os.path.join(ca4p_dir, "address-book-labels.jsonl")):
            print(f"\nskipped: --ca4p: {os.path.join(ca4p_dir, 'address-book-labels.jsonl')} not found")
        else:
            ok = run_ca4p(found, ca4p_dir)
    if wants_judged:
        keys = judged_keys(found)
        judgements = load_judgements(arguments.judgements)
        run_judged(keys, judgements, arguments.judgements)
        if arguments.unjudged:
            run_unjudged(keys, judgements, arguments.unjudged, corpus_root)
    print_errors(errors)
    return ok


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
    parser.add_argument("--ca4p", action="store_true", help="score contacts-collection per policy on the corpus's "
                        f"ca4p-dev against its address-book labels (--check: {CA4P_PRECISION} precision, "
                        f"{CA4P_RECALL} recall)")
    parser.add_argument("--judged", action="store_true", help="precision per category over the judged findings "
                        "on ca4p-dev and agreements-zh/-en (see --judgements)")
    parser.add_argument("--unjudged", type=int, metavar="N", help="print N findings not yet judged, with context "
                        "(implies --judged)")
    parser.add_argument("--packs", action="store_true", help="precision and recall per rule pack on eval/packs "
                        "(apps and corpus documents labelled per pack)")
    parser.add_argument("--pack-labels", default=os.path.join(REPO, "eval/packs/labels.yaml"))
    parser.add_argument("--pack-apps", default=os.path.join(REPO, "eval/packs/apps"))
    parser.add_argument("--judgements", default=os.path.join(REPO, "eval/judgements.jsonl"),
                        help="the judgement file (default: eval/judgements.jsonl)")
    arguments = parser.parse_args()
    if arguments.unjudged is not None and arguments.unjudged < 0:
        parser.error("--unjudged needs a count of 0 or more")
    extra = arguments.ca4p or arguments.judged or arguments.unjudged is not None or arguments.packs

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
        # Both labelled halves left out with --ca4p/--judged: only those run.
        all_ok = True
        if not (extra and arguments.no_apps and arguments.no_corpus):
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

            print_misses(predicted, expected, files, "", place=lambda k: (k[1], k[2]), what=lambda k: k[0])
            if errors:
                print(f"\nInput errors ({len(errors)}):")
                for error in errors:
                    print(f"  {error.get('path')}: {error.get('reason')}")
        if arguments.packs:
            all_ok &= run_packs(arguments, binary, workdir)
        if arguments.ca4p or arguments.judged or arguments.unjudged is not None:
            corpus_root = arguments.corpus or os.path.normpath(
                os.path.join(REPO, (labels.get("corpus") or {}).get("root", "../shared/corpus")))
            all_ok &= run_extra(arguments, binary, corpus_root, workdir)
        if arguments.keep:
            print(f"\nReports kept in {workdir}")
    finally:
        if not arguments.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if arguments.check and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
