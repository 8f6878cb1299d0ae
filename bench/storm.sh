#!/usr/bin/env bash
# Exec storm and exit time, ProcTracer against the C bootstrap, interleaved in one run (as root):
#   bench/storm.sh [ROUNDS] [EVENTS]          default 3 rounds of 4,000 execs per tracer
#   STORM_EXPORTERS=1 bench/storm.sh ...      adds ProcTracer --json --otlp --metrics (bench/storm.py says how)
# Publishes ProcTracer (native AOT), builds the C bootstrap from ../shared/anchors/bootstrap-c (or $ANCHORS) and
# bench/storm.c, then runs bench/storm.py, whose last lines are the figures:
#   storm cpu/event: managed/C = X     (default mode, stdout to a file)
#   storm lost: managed N, C M         (rows missing, both modes of ProcTracer together)
#   exit: managed/C = Y                (SIGINT to exit)
# Needs: the .NET SDK, clang-19, libbpf-dev, libelf-dev, zlib1g-dev, bpftool, cc, python3.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
anchors=${ANCHORS:-$root/../shared/anchors}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The C tool does not mount tracefs itself (ProcTracer does).
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing

dotnet publish "$root/src/ProcTracer" -c Release -o "$work/managed" >/dev/null
cp -r "$anchors/bootstrap-c" "$work/anchor"
make -s -C "$work/anchor" CLANG=clang-19 >/dev/null
cc -O2 -Wall -o "$work/storm" "$root/bench/storm.c"
python3 "$root/bench/storm.py" "$work/managed/proctracer" "$work/anchor/build/bootstrap" "$work/storm" "${1:-3}" "${2:-4000}"
