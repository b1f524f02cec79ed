#!/usr/bin/env python3
"""Benchmark driver behind Benchmarks/run.sh (see docs/benchmarks.md).

Runs, side by side and interleaved so machine load affects every side alike:
  - the reference: libxml2-extract (libxml2 alone, all text extracted, one core), with its SAX
    parser and with --dom (a tree, as lxml builds);
  - lendaudit scan --jobs 1 and --jobs 2 (release build);
for each corpus size, REPEAT times, and reports medians; then ten times the rules, the four report
formats, start-up time, and that --jobs 1 and --jobs 2 give the same bytes. With --lxml, also the
issue's yardstick: a plain Python lxml + regex script (lxml_regex.py) on the smallest corpus.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(command):
    """(wall seconds, max RSS in KB, stdout) of one run under /usr/bin/time -v."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    if result.returncode not in (0, 1):
        sys.exit("failed (%d): %s\n%s" % (result.returncode, " ".join(command), result.stderr[-2000:]))
    return wall, int(match.group(1)) if match else 0, result.stdout


def corpus(work, apps, seed):
    path = os.path.join(work, "corpus-%d-s%d" % (apps, seed))
    stamp = os.path.join(path, ".complete")
    if not os.path.exists(stamp):
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--apps", str(apps), "--seed", str(seed),
                        "--out", path], check=True, stdout=subprocess.DEVNULL)
        open(stamp, "w").close()
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lendaudit", required=True)
    parser.add_argument("--extract", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--apps", type=int, default=1000, help="the main corpus size")
    parser.add_argument("--sizes", default="", help="more corpus sizes for linearity, e.g. '300 3000'")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lxml", action="store_true", help="also time Python lxml + regex (needs lxml)")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    lendaudit = os.path.abspath(args.lendaudit)
    out = os.path.join(args.work, "out")
    os.makedirs(out, exist_ok=True)

    sizes = sorted({args.apps} | {int(s) for s in args.sizes.split()})
    rows = []
    main_corpus = None
    for apps in sizes:
        path = corpus(args.work, apps, args.seed)
        if apps == args.apps:
            main_corpus = path
        subprocess.run([args.extract, path], capture_output=True)  # warm the page cache
        runs = {"libxml2": [], "dom": [], "jobs1": [], "jobs2": []}
        rss = {"libxml2": [], "dom": [], "jobs1": [], "jobs2": []}
        stats = None
        for _ in range(args.repeat):
            wall, peak, stdout = timed([args.extract, path])
            stats = stdout.split()
            runs["libxml2"].append(wall)
            rss["libxml2"].append(peak)
            wall, peak, _ = timed([args.extract, "--dom", path])
            runs["dom"].append(wall)
            rss["dom"].append(peak)
            for jobs in (1, 2):
                report = os.path.join(out, "report-%d-jobs%d.md" % (apps, jobs))
                if os.path.exists(report):
                    os.remove(report)
                wall, peak, _ = timed([lendaudit, "scan", path, "--output", report, "--fail-on", "none", "--jobs", str(jobs)])
                runs["jobs%d" % jobs].append(wall)
                rss["jobs%d" % jobs].append(peak)
        same = open(os.path.join(out, "report-%d-jobs1.md" % apps), "rb").read() == \
            open(os.path.join(out, "report-%d-jobs2.md" % apps), "rb").read()
        files, size = int(stats[1]), int(stats[3])
        median = {k: statistics.median(v) for k, v in runs.items()}
        rows.append((apps, files, size, median, {k: max(v) for k, v in rss.items()}, same, runs))

    print()
    print("| apps | documents | MB | side | wall s (median) | MB/s | documents/s | × libxml2 SAX | × libxml2 DOM | peak RSS MB |")
    print("| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    sides = (("libxml2", "libxml2-extract, SAX (1 core)"), ("dom", "libxml2-extract --dom (1 core)"),
             ("jobs1", "lendaudit --jobs 1"), ("jobs2", "lendaudit --jobs 2"))
    for apps, files, size, median, peak, same, runs in rows:
        megabytes = size / 1e6
        for side, label in sides:
            wall = median[side]
            print("| %d | %d | %.1f | %s | %.3f | %.1f | %.0f | %.2f | %.2f | %.1f |" % (
                apps, files, megabytes, label, wall, megabytes / wall, files / wall, wall / median["libxml2"],
                wall / median["dom"], peak[side] / 1024))
    print()
    for apps, files, size, median, peak, same, runs in rows:
        print("apps %d: --jobs 1 and --jobs 2 reports %s; all runs (s): %s" % (
            apps, "byte-identical" if same else "DIFFER", {k: [round(x, 3) for x in v] for k, v in runs.items()}))
    if len(rows) > 1:
        print()
        print("Linearity (seconds per MB, smallest -> largest corpus):")
        for side in ("libxml2", "dom", "jobs1", "jobs2"):
            per = [r[3][side] / (r[2] / 1e6) for r in rows]
            print("  %-8s %s  (largest/smallest: %.2f)" % (side, "  ".join("%.4f" % p for p in per), per[-1] / per[0]))

    # Ten times the rules: synthetic rules (9x the bundled count) added with --rules.
    listing = subprocess.run([lendaudit, "rules", "list", "--format", "json"], capture_output=True, text=True).stdout
    bundled = len(json.loads(listing)["rules"])
    rules_dir = os.path.join(args.work, "rules-x10", "synthetic")
    shutil.rmtree(os.path.dirname(rules_dir), ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--rules-out", rules_dir,
                    "--rule-count", str(9 * bundled), "--seed", str(args.seed)], check=True)
    plain, tenfold = [], []
    for _ in range(args.repeat):
        for extra, bucket in (([], plain), (["--rules", rules_dir], tenfold)):
            report = os.path.join(out, "rules.md")
            if os.path.exists(report):
                os.remove(report)
            wall, _, _ = timed([lendaudit, "scan", main_corpus, "--output", report, "--fail-on", "none", "--jobs", "1"] + extra)
            bucket.append(wall)
    print()
    print("Ten times the rules (%d bundled + %d synthetic), %d apps, --jobs 1: %.3f s vs %.3f s = %.2f×" % (
        bundled, 9 * bundled, args.apps, statistics.median(tenfold), statistics.median(plain),
        statistics.median(tenfold) / statistics.median(plain)))

    # Report formats: the same scan written as each format (JSON and SARIF are what CI reads).
    walls = {}
    for _ in range(args.repeat):
        for form in ("markdown", "json", "sarif", "junit"):
            report = os.path.join(out, "format." + form)
            if os.path.exists(report):
                os.remove(report)
            wall, _, _ = timed([lendaudit, "scan", main_corpus, "--format", form, "--output", report, "--fail-on", "none",
                                "--jobs", "1"])
            walls.setdefault(form, []).append(wall)
    print()
    print("Report formats, %d apps, --jobs 1: %s" % (args.apps, ", ".join(
        "%s %.3f s (%.2f× Markdown, %.1f MB)" % (form, statistics.median(w), statistics.median(w) / statistics.median(walls["markdown"]),
                                                 os.path.getsize(os.path.join(out, "format." + form)) / 1e6)
        for form, w in walls.items())))

    if args.lxml:
        # The issue calibrates its targets by "a plain Python lxml + regex script"; measured once, on
        # the smallest corpus, against the reference and lendaudit on the same corpus.
        smallest = rows[0]
        path = corpus(args.work, smallest[0], args.seed)
        script = [sys.executable, os.path.join(HERE, "lxml_regex.py"), "--rules", os.path.join(HERE, "..", "rules", "cn-pi"), path]
        no_rules = os.path.join(args.work, "no-rules")
        os.makedirs(no_rules, exist_ok=True)
        bare = [sys.executable, os.path.join(HERE, "lxml_regex.py"), "--rules", no_rules, path]
        with_rules, _, _ = timed(script)
        extraction, _, listing = timed(bare)
        html_bytes = int(listing.split()[3])  # it reads only the HTML pages: "files N bytes N ..."
        print()
        print("Python lxml (%d apps): text extraction alone %.3f s (%.1f MB/s of HTML); with the bundled rules as regexes "
              "%.3f s = %.1f× the SAX reference, %.1f× lendaudit --jobs 1" % (
                  smallest[0], extraction, html_bytes / 1e6 / extraction, with_rules, with_rules / smallest[3]["libxml2"],
                  with_rules / smallest[3]["jobs1"]))

    # Start-up: load and compile the packs.
    empty = os.path.join(args.work, "empty")
    os.makedirs(empty, exist_ok=True)
    for label, command in (("rules list", [lendaudit, "rules", "list"]),
                           ("scan of an empty folder", [lendaudit, "scan", empty, "--fail-on", "none"])):
        walls = []
        for _ in range(11):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True)
            walls.append(time.perf_counter() - start)
        print("Start-up, %s: %.1f ms (median of 11)" % (label, statistics.median(walls) * 1000))


if __name__ == "__main__":
    main()
