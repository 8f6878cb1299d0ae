# proctracer's lifecycle mode (--json: lifecycle.bpf.o, whose CO-RE reads of task_struct, signal_struct, mm_struct
# and fs_struct are the ones most likely to differ between kernels) on this kernel and architecture: a probe run with
# arguments and killed by SIGKILL gets an exec record with its absolute path and argv and an exit record with the
# signal; a failed exec of a missing file (--failed) gets its errno. The AOT executable alone: every VM of the matrix.
source /vm/lib.sh

out=/tmp/lifecycle.out
before=$(prog_count)
start_tracer "$out" --json --failed
if ! kill -0 "$TRACER_PID" 2>/dev/null; then
  fail lifecycle-starts "proctracer --json ended before its start record: $(tail -n3 "$out.err" | tr '\n' ' ')"
  exit 0
fi
pass lifecycle-starts

name=vmlife_$(printf %05d $((RANDOM % 100000)))
path=/tmp/$name
cp /bin/busybox "$path"
# busybox's sh applet (argv[0] "sh"), which kills itself: argv has a word with a space in it.
bash -c 'echo $$ >"$0.pid"; exec -a sh "$0" -c "kill -KILL \$\$" one "two words"' "$path" 2>/dev/null || true
pid=$(cat "$path.pid")
missing=/tmp/no-such-file-$name
bash -c 'echo $$ >"$0.pid"; exec "$0"' "$missing" 2>/dev/null || true
failed_pid=$(cat "$missing.pid")

# record EVENT PID [TEXT]: the first EVENT record of PID (that has TEXT: the probe's pid execs bash, then busybox).
record() { grep -E "\"event\":\"$1\",\"process.pid\":$2," "$out" | grep -F -- "${3:-}" | head -n1; }
wait_until 20 grep -qE "\"event\":\"exec_failed\",\"process.pid\":$failed_pid," "$out" || true
exec_record=$(record exec "$pid" "\"comm\":\"$name\"")
exit_record=$(record exit "$pid")
failed_record=$(record exec_failed "$failed_pid")
echo "lifecycle records: ${exec_record:-no exec record} / ${exit_record:-no exit record} / ${failed_record:-no exec_failed record}" >&2

args='"process.command_args":["sh","-c","kill -KILL $$","one","two words"]'
if [[ $exec_record == *"\"process.executable.path\":\"$path\""* && $exec_record == *"$args"* ]]; then
  pass lifecycle-exec "path and argv"
else
  fail lifecycle-exec "no exec record of pid $pid with path $path and $args"
fi
if [[ $exit_record == *'"process.exit.code":137,'* && $exit_record == *'"signal":"SIGKILL","core_dumped":false'* ]]; then
  pass lifecycle-exit-signal
else
  fail lifecycle-exit-signal "no exit record of pid $pid with code 137 and SIGKILL"
fi
if [[ $failed_record == *"\"filename\":\"$missing\",\"error\":\"ENOENT\",\"errno\":2"* ]]; then
  pass lifecycle-exec-failed
else
  fail lifecycle-exec-failed "no exec_failed record of pid $failed_pid for $missing with ENOENT"
fi

stop_tracer INT
if [[ $TRACER_STATUS == 0 ]] && wait_until 10 prog_count_is "$before"; then
  pass lifecycle-stops "status 0, programs unloaded"
else
  fail lifecycle-stops "status $TRACER_STATUS, $before BPF programs before, $(prog_count) after"
fi
