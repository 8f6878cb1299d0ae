#!/usr/bin/env bash
# Map iteration cost (BenchmarkDotNet, Release, as root): every entry of a 1,000,000-entry hash map read with
# BpfMap.Entries<uint, ulong>() against libbpf 1.1's bpf_map_lookup_batch loop (bench/ManagedBpf.Benchmarks,
# MapIterationBenchmarks). Prints the summary table, then the headline line: time ratio and bytes allocated per
# entry (goal: at most 1.0x, 0 bytes per entry). In process: on a loaded machine the build of the separate
# benchmark project BenchmarkDotNet generates outlasts its 2-minute limit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[[ $(id -u) == 0 ]] || { echo "bench/maps.sh: must run as root" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet run -c Release --project "$root/bench/ManagedBpf.Benchmarks" -- --filter '*MapIterationBenchmarks*' --inProcess --artifacts "$out" "$@"
report=$(ls "$out"/results/*MapIterationBenchmarks-report-github.md)
header=$(grep -m1 '^| Method' "$report")
column() { awk -F'|' -v name="$1" '{ for (i = 1; i <= NF; i++) { f = $i; gsub(/ /, "", f); if (f == name) { print i; exit } } }' <<<"$header"; }
ratio=$(column Ratio) allocated=$(column Allocated)
grep -E '^\| EntriesSum' "$report" | awk -F'|' -v r="$ratio" -v a="$allocated" '{
  bytes = $a; gsub(/ /, "", bytes); n = bytes + 0
  if (bytes ~ /KB$/) n *= 1024; else if (bytes ~ /MB$/) n *= 1048576
  gsub(/ /, "", $r)
  printf "map iteration 1M hash: managed/libbpf = %s, allocated %s (%.4f bytes per entry)\n", $r, bytes, n / 1000000 }'
