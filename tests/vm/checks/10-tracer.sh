# proctracer traces a probe's exec and exit, stops on SIGINT and on SIGTERM with status 0, and leaves no BPF
# program loaded. One run per signal.
source /vm/lib.sh

for sig in INT TERM; do
  before=$(prog_count)
  start_tracer "/tmp/tracer-$sig.out"
  if ! kill -0 "$TRACER_PID" 2>/dev/null; then
    fail "tracer-starts-SIG$sig" "proctracer ended before its header: $(tail -n3 "/tmp/tracer-$sig.out.err" | tr '\n' ' ')"
    continue
  fi
  run_probe
  problem=$(probe_rows_problem "/tmp/tracer-$sig.out")
  if [[ -z $problem ]]; then pass "tracer-rows-SIG$sig"; else fail "tracer-rows-SIG$sig" "$problem"; fi

  stop_tracer "$sig"
  if [[ $TRACER_STATUS == 0 ]]; then
    pass "tracer-stops-on-SIG$sig"
  else
    fail "tracer-stops-on-SIG$sig" "status $TRACER_STATUS (255: still running 30 s after SIG$sig); stderr: $(tail -n3 "/tmp/tracer-$sig.out.err" | tr '\n' ' ')"
  fi
  if wait_until 10 prog_count_is "$before"; then
    pass "tracer-unloads-after-SIG$sig"
  else
    fail "tracer-unloads-after-SIG$sig" "$before BPF programs before the tracer, $(prog_count) 10 s after it ended"
  fi
done
