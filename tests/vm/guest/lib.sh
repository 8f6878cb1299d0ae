# Sourced by every check in the guest (/vm/lib.sh). A check prints one line per result on stdout:
#   PASS name[: detail]   FAIL name: why   SKIP name: why
# and anything else (what it saw, logs) on stderr, which reaches the console as it is.
set -euo pipefail

pass() { echo "PASS $1${2:+: $2}"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# wait_until SECONDS COMMAND...: true once COMMAND succeeds, polled every 0.1 s; false after SECONDS.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# BPF programs loaded in the kernel, by anyone. The kernel frees a closed program after an RCU grace period,
# so a count that must drop back is polled (wait_until), not read once.
prog_count() { bpftool prog show | grep -cE '^[0-9]+:' || true; }
prog_count_is() { [[ $(prog_count) == "$1" ]]; }

# start_tracer OUT ARGS...: starts proctracer in the background with stdout in OUT and stderr in OUT.err,
# sets TRACER_PID and waits (at most 120 s) for its header, printed once the programs are attached; the
# caller checks that it still runs. A background job of a script starts with SIGINT ignored; the subshell
# resets that first so the tracer sees SIGINT as a terminal user's Ctrl-C would
# (15-tracer-sigint-ignored.sh checks the ignored case on purpose).
start_tracer() {
  local out=$1
  shift
  (
    trap - INT
    exec proctracer "$@" >"$out" 2>"$out.err"
  ) &
  TRACER_PID=$!
  wait_until 120 tracer_ready "$out" || true
}
tracer_ready() { grep -q '^TIME ' "$1" || ! kill -0 "$TRACER_PID" 2>/dev/null; }

# stop_tracer SIGNAL: sends it and waits (at most 30 s) for the tracer's exit; its status in TRACER_STATUS,
# 255 when it did not end (then it is killed).
stop_tracer() {
  kill -"$1" "$TRACER_PID" 2>/dev/null || true
  if wait_until 30 tracer_gone; then
    TRACER_STATUS=0
    wait "$TRACER_PID" || TRACER_STATUS=$?
  else
    kill -KILL "$TRACER_PID" 2>/dev/null || true
    wait "$TRACER_PID" || true
    TRACER_STATUS=255
  fi
}
tracer_gone() { ! kill -0 "$TRACER_PID" 2>/dev/null || grep -q '^State:.*zombie' "/proc/$TRACER_PID/status" 2>/dev/null; }

# run_probe: runs a program of a name no other process has (a copy of busybox, named /tmp/vmprobe_NNNNN, run
# as its sh applet) that sleeps 300 ms and exits with status 7. Sets PROBE_NAME, PROBE_PATH, PROBE_PID and
# PROBE_PPID (this shell: the probe is forked from it, then execs).
run_probe() {
  PROBE_NAME=vmprobe_$(printf %05d $((RANDOM % 100000)))
  PROBE_PATH=/tmp/$PROBE_NAME
  cp /bin/busybox "$PROBE_PATH"
  local status=0
  # exec -a: busybox picks its applet from argv[0], the kernel names the process after the file.
  bash -c 'echo $$ >"$0.pid"; exec -a sh "$0" -c "usleep 300000; exit 7"' "$PROBE_PATH" || status=$?
  PROBE_PID=$(cat "$PROBE_PATH.pid")
  PROBE_PPID=$$
  [[ $status == 7 ]] || echo "probe $PROBE_PATH exited with $status, not 7" >&2
}

# probe_rows_problem OUT: empty when OUT has the probe's EXEC row (pid, ppid, filename) and its EXIT row
# ([7], 250 ms to 20 s: emulated CPUs are slow); else what is wrong. Waits up to 20 s for the EXIT row, since
# the tracer writes rows as it polls the ring.
probe_rows_problem() {
  local out=$1 exec_row exit_row ms
  wait_until 20 grep -qE "^[0-9:]+ EXIT +$PROBE_NAME +$PROBE_PID " "$out" || true
  exec_row=$(grep -E "^[0-9:]+ EXEC +$PROBE_NAME +$PROBE_PID " "$out" | head -n1 || true)
  exit_row=$(grep -E "^[0-9:]+ EXIT +$PROBE_NAME +$PROBE_PID " "$out" | head -n1 || true)
  echo "tracer rows of the probe: ${exec_row:-no EXEC row} / ${exit_row:-no EXIT row}" >&2
  if [[ -z $exec_row ]]; then
    echo "no EXEC row for $PROBE_NAME pid $PROBE_PID"
  elif ! [[ $exec_row =~ ^[0-9:]+\ EXEC\ +$PROBE_NAME\ +$PROBE_PID\ +$PROBE_PPID\ +$PROBE_PATH$ ]]; then
    echo "EXEC row is not 'EXEC $PROBE_NAME $PROBE_PID $PROBE_PPID $PROBE_PATH': $exec_row"
  elif [[ -z $exit_row ]]; then
    echo "no EXIT row for $PROBE_NAME pid $PROBE_PID"
  elif ! [[ $exit_row =~ ^[0-9:]+\ EXIT\ +$PROBE_NAME\ +$PROBE_PID\ +$PROBE_PPID\ +\[7\]\ \(([0-9]+)ms\)$ ]]; then
    echo "EXIT row is not 'EXIT $PROBE_NAME $PROBE_PID $PROBE_PPID [7] (Nms)': $exit_row"
  else
    ms=${BASH_REMATCH[1]}
    ((ms >= 250 && ms <= 20000)) || echo "EXIT row's duration ${ms}ms is not about 300ms: $exit_row"
  fi
}
