#!/usr/bin/env bash
# Soak: run ProcTracer under an exec storm for N minutes; print its RSS over time and how many events were lost.
#
# Usage (as root): bench/soak.sh [MINUTES] [WORKERS]
#   MINUTES  how long the storm runs (default 30)
#   WORKERS  parallel exec loops (default: half the CPUs, at least 1)
#   TRACER   environment variable: the command that starts the tracer (default: a Release build made here)
#   INTERVAL seconds between RSS samples (default 30)
#
# The storm execs a copy of /bin/true under a unique name, so its rows are told apart from the rest of the
# machine. Lost events = storm execs minus EXEC rows of that name the tracer printed (the ring buffer drops
# what user space does not drain in time; nothing else in the pipeline drops rows). RSS is VmRSS of the
# tracer from /proc; "flat" means the last samples are not above the first minutes' level.
set -euo pipefail

minutes=${1:-30}
workers=${2:-$(( $(nproc) / 2 > 0 ? $(nproc) / 2 : 1 ))}
interval=${INTERVAL:-30}
seconds=$(awk -v m="$minutes" 'BEGIN { print int(m * 60) }')
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/soak.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

if [[ -z "${TRACER:-}" ]]; then
    dotnet build "$root/src/ProcTracer" -c Release -o "$work/tracer" -v quiet -nologo >/dev/null
    TRACER="dotnet $work/tracer/proctracer.dll"
fi

name="soak$RANDOM$RANDOM"
name=${name:0:15}
cp /bin/true "$work/$name"

# The tracer's stdout goes to awk, which counts the storm's EXEC rows and throws the rest away.
mkfifo "$work/rows"
awk -v comm="$name" -v out="$work/seen" '
    $2 == "EXEC" && $3 == comm { n++ }
    NR % 1000 == 0 { print n + 0 > out; close(out) }
    END { print n + 0 > out; close(out) }' <"$work/rows" &
awk_pid=$!
$TRACER >"$work/rows" 2>"$work/stderr" &
tracer_pid=$!
# `dotnet` may exec the app in the same process; the pid stays valid either way.
for _ in $(seq 100); do
    [[ -s "$work/seen" ]] || grep -q . /proc/$tracer_pid/status 2>/dev/null && break
    sleep 0.1
done
sleep 3   # attach (the header is consumed by awk)

storm() {
    local count=0 end=$(( $(date +%s) + seconds ))
    while (( $(date +%s) < end )); do
        for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do "$work/$name"; done
        count=$(( count + 20 ))
    done
    echo "$count" >"$work/execs.$1"
}
storms=()
for w in $(seq "$workers"); do storm "$w" & storms+=($!); done

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$tracer_pid/status"; }
echo "soak: $minutes min, $workers worker(s), tracer pid $tracer_pid ($TRACER), comm $name"
printf '%8s %10s %12s\n' "elapsed" "rss_kib" "rows_seen"
start=$(date +%s)
while (( $(date +%s) < start + seconds )); do
    printf '%7ss %10s %12s\n' "$(( $(date +%s) - start ))" "$(rss)" "$(cat "$work/seen" 2>/dev/null || echo 0)"
    sleep "$interval"
done
wait "${storms[@]}"
sleep 2   # let the last rows drain
final_rss=$(rss)
kill -TERM "$tracer_pid"   # background jobs of a script ignore SIGINT
status=0; wait "$tracer_pid" || status=$?
wait "$awk_pid" || true
execs=$(cat "$work"/execs.* | paste -sd+ | bc)
seen=$(cat "$work/seen")
printf '%7ss %10s %12s\n' "$(( $(date +%s) - start ))" "$final_rss" "$seen"
echo "execs: $execs  rows: $seen  lost: $(( execs - seen ))  rate: $(( execs / (seconds > 0 ? seconds : 1) ))/s  tracer exit: $status"
if [[ -s "$work/stderr" ]]; then echo "tracer stderr:"; cat "$work/stderr"; fi
