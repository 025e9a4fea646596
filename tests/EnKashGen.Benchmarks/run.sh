#!/usr/bin/env bash
# Runs every EnKashGen benchmark and writes a markdown summary to BenchmarkDotNet.Artifacts/results/.
#
#   tests/EnKashGen.Benchmarks/run.sh short   # quick check: 3 iterations per generation benchmark, 15 per runtime one
#   tests/EnKashGen.Benchmarks/run.sh full    # the figures for docs/benchmarks.md, plus the stopwatch phase breakdown
#
# Extra arguments go to the benchmark program, e.g. `run.sh short --filter '*Serialization*'`.
# ENKASHGEN_BENCH_SPECS=github,stripe limits the generation inputs; ENKASHGEN_CORPUS points at the openapi-corpus folder
# (default: ../shared/openapi-corpus beside the repository).
set -euo pipefail

mode="${1:-short}"
shift || true
case "$mode" in
  short|full) ;;
  *) echo "usage: $0 short|full [benchmark options]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

extra=()
if [[ "$mode" == "full" ]]; then
  extra+=(--breakdown)
fi

dotnet build -c Release tests/EnKashGen.Benchmarks -nologo -v quiet
dotnet run -c Release --no-build --project tests/EnKashGen.Benchmarks -- "--$mode" "${extra[@]}" "$@"

results="$root/BenchmarkDotNet.Artifacts/results"
summary="$results/EnKashGen-summary-$mode.md"
{
  cat "$results/EnKashGen-targets-$mode.md"
  echo
  echo "## BenchmarkDotNet tables"
  for report in "$results"/EnKashGen.Benchmarks.*-report-github.md; do
    [[ -f "$report" ]] || continue
    echo
    echo "### $(basename "$report" -report-github.md)"
    echo
    cat "$report"
  done
} > "$summary"
echo "Summary: $summary"
