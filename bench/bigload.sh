#!/usr/bin/env bash
# Big objects: mbpf (native AOT) against libbpf 1.1's bpf_object__load, each loading the same object with the same
# programs, interleaved round by round; medians of wall time, user CPU and peak RSS. As root:
#   bench/bigload.sh [-n ROUNDS] OBJ...          (default 5 rounds)
# OBJ: big BPF objects built from public projects, kept out of the repository (BENCHMARKS.md, "Big objects", says
# how tracee.bpf.o was built). Programs this kernel refuses (a kernel function or type it lacks, no trampolines)
# are found first by loading with libbpf, then left out of both loads (bpf_program__set_autoload(prog, false) /
# mbpf load --skip), and both loaders must give every other program the same tag.
# The libbpf side is bpf/testdata/libbpf-load.c built here against Debian's libbpf-dev; the managed side is
# `mbpf load OBJ --skip ...` published native AOT (MBPF=PATH uses an mbpf already published). Each run is one
# process measured by GNU time (wall, user CPU, maximum RSS; system CPU too, the kernel verifying, which both
# loaders cause alike and which is most of the wall time). Ends with three lines, each the geometric mean over
# the objects of the ratio of medians:
#   bigload: managed/libbpf = X          wall time
#   bigload cpu: managed/libbpf = Y      user CPU
#   bigload rss: managed/libbpf = Z      peak RSS
# Needs: root, the .NET SDK, cc, libbpf-dev, python3, GNU time (apt-get install time).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=5
if [[ ${1:-} == -n ]]; then rounds=$2; shift 2; fi
[[ $# -ge 1 ]] || { echo "usage: bench/bigload.sh [-n ROUNDS] OBJ..." >&2; exit 64; }
[[ $(id -u) == 0 ]] || { echo "bench/bigload.sh: must run as root" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench/bigload.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cc -O2 -Wall -o "$work/libbpf-load" "$root/bpf/testdata/libbpf-load.c" -lbpf
if [[ -n ${MBPF:-} ]]; then
  mbpf=$MBPF
else
  dotnet publish "$root/src/Mbpf" -c Release -o "$work/managed" >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log" >&2; exit 1; }
  mbpf=$work/managed/mbpf
fi

# The programs libbpf cannot load here, one at a time: each failure names its program, which is then left out.
refused() {
  local obj=$1 skip="" program
  for _ in $(seq 1 100); do
    if "$work/libbpf-load" "$obj" "$skip" >/dev/null 2>"$work/refused.log"; then
      echo "$skip"
      return
    fi
    program=$(grep -oP "prog '\K[^']+(?=': (failed to load|relo #\d+: failed))" "$work/refused.log" | head -n 1 || true)
    [[ -n $program ]] || { cat "$work/refused.log" >&2; echo "bench/bigload.sh: libbpf refuses $obj as a whole" >&2; exit 1; }
    skip=${skip:+$skip,}$program
  done
  echo "bench/bigload.sh: libbpf refuses more than 100 programs of $obj" >&2
  exit 1
}

declare -A skips
for obj in "$@"; do
  skips[$obj]=$(refused "$obj")
  "$work/libbpf-load" "$obj" "${skips[$obj]}" | sort >"$work/libbpf.tags"
  managed_skip=()
  [[ -n ${skips[$obj]} ]] && managed_skip=(--skip "${skips[$obj]}")
  "$mbpf" load "$obj" "${managed_skip[@]}" | sort >"$work/managed.tags"
  if ! cmp -s "$work/libbpf.tags" "$work/managed.tags"; then
    echo "bench/bigload.sh: $(basename "$obj"): the loaders give other programs or tags (< libbpf, > mbpf):" >&2
    diff "$work/libbpf.tags" "$work/managed.tags" | head -n 20 >&2 || true
    exit 1
  fi
  echo "$(basename "$obj"): $(wc -l <"$work/libbpf.tags") programs with equal tags; left out (refused by this kernel): ${skips[$obj]:-none}" >&2
done

for ((round = 1; round <= rounds; round++)); do
  echo "round $round/$rounds" >&2
  for obj in "$@"; do
    managed_skip=()
    [[ -n ${skips[$obj]} ]] && managed_skip=(--skip "${skips[$obj]}")
    # Alternate which loader goes first, so drift within a round favours neither.
    if ((round % 2)); then order=(libbpf managed); else order=(managed libbpf); fi
    for tool in "${order[@]}"; do
      if [[ $tool == libbpf ]]; then command=("$work/libbpf-load" "$obj" "${skips[$obj]}"); else command=("$mbpf" load "$obj" "${managed_skip[@]}"); fi
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" "${command[@]}" >/dev/null
      echo "$(basename "$obj") $tool $(cat "$work/time")" >>"$work/results.txt"
    done
  done
done

python3 - "$work/results.txt" "$rounds" <<'PY'
import collections, math, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    obj, tool, wall, user, system, rss_kib = line.split()
    runs[(obj, tool)].append((float(wall), float(user), float(rss_kib) / 1024, float(system)))
objects = list(dict.fromkeys(obj for obj, _ in runs))
print(f"Big object load: medians (min-max) of {sys.argv[2]} interleaved rounds")
ratios = collections.defaultdict(list)
for obj in objects:
    print(f"{obj}")
    for index, (name, unit) in enumerate((("wall", "s"), ("cpu", "s"), ("rss", "MiB"), ("sys", "s"))):
        cells = []
        for tool in ("libbpf", "managed"):
            values = [run[index] for run in runs[(obj, tool)]]
            cells.append((statistics.median(values), min(values), max(values)))
        ratio = cells[1][0] / cells[0][0]
        ratios[name].append(ratio)
        label = {"wall": "wall time", "cpu": "user CPU", "rss": "peak RSS", "sys": "system CPU"}[name]
        print(f"  {label:<10} libbpf {cells[0][0]:7.2f} {unit} ({cells[0][1]:.2f}-{cells[0][2]:.2f})"
              f"   managed {cells[1][0]:7.2f} {unit} ({cells[1][1]:.2f}-{cells[1][2]:.2f})   managed/libbpf {ratio:.2f}")
geomean = lambda values: math.exp(sum(map(math.log, values)) / len(values))
print(f"bigload: managed/libbpf = {geomean(ratios['wall']):.2f}")
print(f"bigload cpu: managed/libbpf = {geomean(ratios['cpu']):.2f}")
print(f"bigload rss: managed/libbpf = {geomean(ratios['rss']):.2f}")
PY
