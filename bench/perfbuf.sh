#!/usr/bin/env bash
# Perf buffer reader benchmark: ManagedBpf's PerfBufferReader against libbpf's perf_buffer__consume/__poll, both
# reading bpf/bench/perfbuf_producer.bpf.o (bpf_perf_event_output to a PERF_EVENT_ARRAY), interleaved round by
# round, medians reported. As root:
#   bench/perfbuf.sh [ROUNDS]        (default 5)
# Tests, per sample size (64 B and 1 KiB):
#   cache   128 pages per CPU, CPU 1's ring filled while nobody reads, then emptied on CPU 1: ns per sample
#           (managed: handler and pull)
#   live    64 pages per CPU, producer at full speed on CPU 0, reader on CPU 1: samples/s, lost (sequence gaps,
#           checked equal to the BPF-side lost_events counter and to the kernel's PERF_RECORD_LOST counts), reader
#           CPU (both programs run at nice -15)
# The managed side is bench/RingBufBench (published native AOT, modes perf-cache and perf-live); the libbpf side is
# bench/perfbuf_libbpf.c, built here against the system libbpf. The last two lines are the headline ratios:
# "lost: managed/libbpf" is the managed reader's live loss over libbpf's (lower is better), and "64B:
# managed/libbpf" is how many times less CPU per sample in cache the managed reader takes (higher is better), as
# in bench/ringbuf.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
[[ $(id -u) == 0 ]] || { echo "bench/perfbuf.sh: must run as root" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cc -O2 -Wall -o "$work/perfbuf_libbpf" "$root/bench/perfbuf_libbpf.c" -lbpf -lelf -lz -lpthread
dotnet publish "$root/bench/RingBufBench" -c Release -o "$work/managed" >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log" >&2; exit 1; }
obj="$root/bpf/bench/perfbuf_producer.bpf.o"
# The two readers, and the prefix of their mode names (the managed side names its perf modes perf-cache and perf-live).
declare -A bin=([libbpf]="$work/perfbuf_libbpf" [managed]="$work/managed/ringbufbench") prefix=([libbpf]="" [managed]="perf-")

declare -A live_count=([64]=2000000 [1024]=1000000)
for ((round = 1; round <= rounds; round++)); do
  echo "round $round/$rounds" >&2
  # Alternate which reader goes first, so drift over a round favours neither.
  if ((round % 2)); then order=(libbpf managed); else order=(managed libbpf); fi
  for size in 64 1024; do
    for impl in "${order[@]}"; do "${bin[$impl]}" "$obj" "${prefix[$impl]}cache" "$size" 200; done
    # Both readers (and their producer threads) alike at nice -15, as in bench/ringbuf.sh.
    for impl in "${order[@]}"; do nice -n -15 "${bin[$impl]}" "$obj" "${prefix[$impl]}live" "$size" "${live_count[$size]}"; done
  done
done | tee "$work/results.txt" >&2

python3 - "$work/results.txt" "$rounds" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    mode, impl, size, *pairs = line.split()
    values = dict(p.split("=") for p in pairs)
    if mode == "live" and not values["lost"] == values["counter"] == values["kernel_lost"]:
        sys.exit(f"{impl} live {size}: sequence gaps ({values['lost']}), lost_events ({values['counter']}) and "
                 f"PERF_RECORD_LOST ({values['kernel_lost']}) disagree")
    for key, value in values.items():
        runs[(mode, impl, int(size), key)].append(float(value))
med = {k: statistics.median(v) for k, v in runs.items()}
def get(mode, impl, size, key="ns_per_record"):
    return med.get((mode, impl, size, key))
def ratio(a, b):
    return f"{a / b:.2f}" if b else ("1.00" if a == b else "inf")
print(f"Perf buffer: medians of {sys.argv[2]} interleaved rounds")
print(f"{'test':<8}{'sample':>7}  {'libbpf':>9}{'managed':>9}{'pull':>9}{'batch':>9}   ns per sample")
for size in (64, 1024):
    cells = [get("cache", i, size) for i in ("libbpf", "managed", "managed-pull", "managed-batch")]
    print(f"{'cache':<8}{size:>6}B  " + "".join(f"{c:9.2f}" if c is not None else f"{'-':>9}" for c in cells))
print(f"{'live':<8}{'sample':>7}  {'impl':<8}{'samples/s':>12}{'lost %':>9}{'lost':>10}{'cpu %':>8}{'cpu ns/rec':>11}")
for size in (64, 1024):
    for impl in ("libbpf", "managed"):
        print(f"{'live':<8}{size:>6}B  {impl:<8}{get('live', impl, size, 'records_per_s'):12.0f}"
              f"{get('live', impl, size, 'lost_pct'):9.2f}{get('live', impl, size, 'lost'):10.0f}"
              f"{get('live', impl, size, 'reader_cpu_pct'):8.1f}{get('live', impl, size, 'reader_cpu_ns_per_record'):11.0f}")
print(f"perfbuf 1024B: managed/libbpf = {get('cache', 'libbpf', 1024) / get('cache', 'managed', 1024):.2f}"
      f"; live lost: managed/libbpf = {ratio(get('live', 'managed', 1024, 'lost_pct'), get('live', 'libbpf', 1024, 'lost_pct'))}")
print(f"perfbuf live 64B lost: managed/libbpf = {ratio(get('live', 'managed', 64, 'lost_pct'), get('live', 'libbpf', 64, 'lost_pct'))}")
print(f"perfbuf 64B: managed/libbpf = {get('cache', 'libbpf', 64) / get('cache', 'managed', 64):.2f}")
PY
