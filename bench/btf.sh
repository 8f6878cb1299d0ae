#!/usr/bin/env bash
# BTF and CO-RE cost at start-up (BenchmarkDotNet, Release): indexing /sys/kernel/btf/vmlinux, and that plus
# parsing bpf/bootstrap.bpf.o and resolving its CO-RE relocations. Prints the summary table, then one line
# per benchmark: time and allocated bytes against the goal (8 ms, 2 MiB).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet run -c Release --project "$root/bench/ManagedBpf.Benchmarks" -- --filter '*BtfBenchmarks*' --artifacts "$out" "$@"
report=$(ls "$out"/results/*-report-github.md)
# Columns: Method | Mean | Error | StdDev | Min | Median | Gen0 ... | Allocated |
header=$(grep -m1 '^| Method' "$report")
column() { awk -F'|' -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ name) print i; exit }' <<<"$header"; }
median=$(column Median) allocated=$(column Allocated)
grep -E '^\| (ParseKernelBtf|ResolveTracerRelocations)' "$report" \
  | awk -F'|' -v m="$median" -v a="$allocated" '{ gsub(/ /, "", $2); printf "btf %s: median %s, allocated %s (goal: 8 ms, 2 MiB)\n", $2, $m, $a }'
