#!/usr/bin/env bash
# Runs the EnKashGen benchmarks and writes markdown summaries to BenchmarkDotNet.Artifacts/results/.
#
#   tests/EnKashGen.Benchmarks/run.sh short   # quick check: 3 iterations per generation benchmark, 15 per runtime one
#   tests/EnKashGen.Benchmarks/run.sh full    # the generation and runtime figures, plus the stopwatch phase breakdown
#   tests/EnKashGen.Benchmarks/run.sh build   # the consumer build benchmark: dotnet build of a project with EnKashGen's
#                                             # client against one with NSwag's, paired rounds (about 1-1.5 h on 2 cores)
#
# Extra arguments go to the benchmark program, e.g. `run.sh short --filter '*Serialization*'` or `run.sh build --rounds 7`.
# ENKASHGEN_BENCH_SPECS=github,stripe limits the inputs; ENKASHGEN_CORPUS points at the openapi-corpus folder
# (default: shared/openapi-corpus in the nearest folder above the repository that has one).
set -euo pipefail

mode="${1:-short}"
shift || true
case "$mode" in
  short|full|build) ;;
  *) echo "usage: $0 short|full|build [benchmark options]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

dotnet build -c Release tests/EnKashGen.Benchmarks -nologo -v quiet

if [[ "$mode" == "build" ]]; then
  dotnet run -c Release --no-build --project tests/EnKashGen.Benchmarks -- --build "$@"
  exit 0
fi

extra=()
if [[ "$mode" == "full" ]]; then
  extra+=(--breakdown)
fi

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
