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
# Ready: the text header, or --json's start record (both come once everything is attached).
tracer_ready() { grep -qE '^TIME |"event":"start"' "$1" || ! kill -0 "$TRACER_PID" 2>/dev/null; }

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

# xunit_check NAME FILTER: the host's xunit kernel tests matching FILTER (a dotnet test --filter, with
# Category=Kernel added) run by dotnet test on this kernel, as one result NAME. x86-64 only (the guest runs the
# host's .NET SDK): the host builds the tests and shares its file system (virtio-fs, run.sh); it is mounted
# read-only under a tmpfs overlay once per boot, and dotnet test runs in a chroot of that, with CI=true so a
# missing capability fails instead of skipping. A check using it declares
# `# vm-arch: x86_64` and `# vm-modules: virtio_pci virtiofs overlay`. Minutes under emulation.
xunit_check() {
  local name=$1 filter=$2 repo log=/tmp/xunit-$1.log status=0 summary
  repo=$(sed -n 's/.*vm\.host_repo=\([^ ]*\).*/\1/p' /proc/cmdline)
  if [[ -z $repo ]]; then
    skip "$name" "left out: VM_DOTNET_TESTS=0"
    return
  fi
  host_root_mounted || mount_host_root
  # The test assembly the host built (run.sh), not the project: no MSBuild evaluation under emulation. vstest
  # gives the test host 90 s to connect by default; an emulated CPU needs more.
  chroot /newroot /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root CI=true \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 VSTEST_CONNECTION_TIMEOUT=600 \
    dotnet test "$repo/tests/ManagedBpf.Tests/bin/Debug/net10.0/ManagedBpf.Tests.dll" \
    --filter "($filter)&Category=Kernel" >"$log" 2>&1 || status=$?
  tail -n 30 "$log" >&2

  # "Passed!  - Failed:     0, Passed:    17, Skipped:     0, Total:    17, Duration: ..."
  summary=$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n1 || true)
  if [[ -z $summary ]]; then
    fail "$name" "dotnet test printed no summary (status $status): $(tail -n2 "$log" | tr '\n' ' ')"
  elif [[ $status == 0 && $summary =~ Failed:\ +0, && ! $summary =~ Passed:\ +0, ]]; then
    pass "$name" "$(sed 's/.*\(Failed:.*Total: *[0-9]*\).*/\1/' <<<"$summary")"
  else
    fail "$name" "status $status, $(sed 's/.*\(Failed:.*Total: *[0-9]*\).*/\1/' <<<"$summary"); failed: $(grep -E '^ +Failed ' "$log" | sed 's/^ *Failed //; s/ \[.*//' | tr '\n' ' ')"
  fi
}
host_root_mounted() { grep -q ' /newroot ' /proc/mounts; }
mount_host_root() {
  local module dir
  for module in virtio_pci virtiofs overlay; do
    grep -qE "/$module\.ko$" "/lib/modules/$(uname -r)/modules.builtin" || modprobe "$module"
  done
  mkdir -p /host /newroot /tmp/overlay
  mount -t virtiofs -o ro hostroot /host
  mount -t tmpfs tmpfs /tmp/overlay
  mkdir /tmp/overlay/upper /tmp/overlay/work
  mount -t overlay overlay -o lowerdir=/host,upperdir=/tmp/overlay/upper,workdir=/tmp/overlay/work /newroot
  for dir in proc sys dev; do
    mount -o rbind "/$dir" "/newroot/$dir"
  done
  mount -t tmpfs tmpfs /newroot/tmp
}
