#!/usr/bin/env bash
# Every benchmark, side by side with its anchor, in one run (as root). These machines drift 10-25 % within
# an hour, so each script interleaves the tools it compares and prints ratios, not absolute figures alone.
#   bench/run.sh              all benchmarks
#   bench/run.sh startup btf  only the named ones (startup, btf, ringbuf)
# Needs: the .NET SDK; for the C anchors clang-19, libbpf-dev, libelf-dev, zlib1g-dev and bpftool
# (apt-get install -y clang-19 libbpf-dev libelf-dev zlib1g-dev bpftool); python3.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
anchors=${ANCHORS:-$root/../shared/anchors}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
selected=("$@")
wants() { [[ ${#selected[@]} == 0 || " ${selected[*]} " == *" $1 "* ]]; }

# The C tool does not mount tracefs itself (ProcTracer does).
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing

if wants startup; then
  echo "== start-up to attached, peak RSS, exit: ProcTracer (AOT) vs the C bootstrap"
  dotnet publish "$root/src/ProcTracer" -c Release -o "$work/managed" >/dev/null
  cp -r "$anchors/bootstrap-c" "$work/anchor"
  make -s -C "$work/anchor" CLANG=clang-19 >/dev/null
  ls -l "$work/managed/proctracer" | awk '{ printf "proctracer size %.2f MiB\n", $5 / 1048576 }'
  python3 "$root/bench/startup.py" "$work/managed/proctracer" "$work/anchor/build/bootstrap" "${ROUNDS:-20}"
fi

if wants btf; then
  echo "== BTF and CO-RE at start-up (BenchmarkDotNet)"
  "$root/bench/btf.sh"
fi

if wants ringbuf; then
  echo "== ring buffer: RingBufferReader vs libbpf's ring_buffer__consume/__poll"
  "$root/bench/ringbuf.sh" "${ROUNDS_RINGBUF:-5}"
fi
