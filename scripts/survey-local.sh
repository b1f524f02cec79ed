#!/usr/bin/env bash
# Runs a sharded market survey on this machine exactly as the CI matrix runs it
# (docs/ci/gitlab-ci.yml `survey` + `survey-merge`, docs/ci/github-survey.yml): N shard jobs, each
# writing shard-K.json and finishing green even when some pages cannot be read
# (--allow-input-errors: they are listed in the shard report), then one merge job that refuses an
# incomplete set. With --check, it also runs the survey in one go and requires the merged JSON
# to be byte-identical to it.
#
#   scripts/survey-local.sh [--check] MARKET_DIR… [-- N]
#   LENDAUDIT=path/to/lendaudit  (default: .build/release/lendaudit, else .build/debug/lendaudit)
#   OUT=folder for the shard and merged reports (default: a new temporary folder)
set -euo pipefail

check=0
if [[ "${1:-}" == "--check" ]]; then check=1; shift; fi
markets=()
shards=4
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--" ]]; then shards=${2:?a shard count after --}; break; fi
  markets+=("$1"); shift
done
[[ ${#markets[@]} -gt 0 ]] || { echo "usage: scripts/survey-local.sh [--check] MARKET_DIR… [-- N]" >&2; exit 2; }

bin=${LENDAUDIT:-}
if [[ -z "$bin" ]]; then
  for candidate in .build/release/lendaudit .build/debug/lendaudit; do
    if [[ -x "$candidate" ]]; then bin=$candidate; break; fi
  done
fi
[[ -n "$bin" && -x "$bin" ]] || { echo "no lendaudit binary: swift build -c release, or set LENDAUDIT" >&2; exit 2; }
out=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/lendaudit-survey.XXXXXX")}
mkdir -p "$out"

# The matrix: one job per shard; each keeps its report whatever it found (artifacts: when: always).
for ((k = 1; k <= shards; k++)); do
  "$bin" scan "${markets[@]}" --shard "$k/$shards" --format json --output "$out/shard-$k.json" \
    --fail-on none --allow-input-errors
  echo "shard $k/$shards: $out/shard-$k.json"
done

# The merge job: every shard must be there (merge refuses an incomplete set).
"$bin" merge "$out"/shard-*.json --output "$out/survey.md" --json "$out/survey.json" --sarif "$out/survey.sarif" \
  --fail-on none --allow-input-errors
echo "merged: $out/survey.md $out/survey.json $out/survey.sarif"

if [[ $check -eq 1 ]]; then
  "$bin" scan "${markets[@]}" --format json --output "$out/single.json" --fail-on none --allow-input-errors
  cmp "$out/survey.json" "$out/single.json"
  echo "check: the merged survey is byte-identical to a single run"
fi
