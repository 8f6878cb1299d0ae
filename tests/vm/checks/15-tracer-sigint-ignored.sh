# A tracer started as a background job of a script inherits SIGINT ignored (POSIX shells do that for
# asynchronous commands without job control). libbpf-bootstrap's bootstrap installs its handler with signal()
# and so stops on SIGINT anyway; .NET leaves a signal that was ignored at start ignored, so proctracer resets
# SIGINT to its default before registering its handler (SignalDisposition.RestoreIfIgnored) and stops as
# bootstrap does.
source /vm/lib.sh

proctracer >/tmp/ignored.out 2>/tmp/ignored.out.err &
TRACER_PID=$!
wait_until 120 tracer_ready /tmp/ignored.out || true
if ! kill -0 "$TRACER_PID" 2>/dev/null; then
  fail tracer-sigint-when-started-ignored "proctracer ended before its header: $(tail -n3 /tmp/ignored.out.err | tr '\n' ' ')"
  exit
fi
kill -INT "$TRACER_PID"
if wait_until 10 tracer_gone; then
  status=0
  wait "$TRACER_PID" || status=$?
  if [[ $status == 0 ]]; then
    pass tracer-sigint-when-started-ignored
  else
    fail tracer-sigint-when-started-ignored "status $status; stderr: $(tail -n3 /tmp/ignored.out.err | tr '\n' ' ')"
  fi
else
  stop_tracer TERM
  fail tracer-sigint-when-started-ignored "started with SIGINT ignored (a script's background job), proctracer did not stop on SIGINT; bootstrap does (SIGTERM stopped it: status $TRACER_STATUS)"
fi
