# --btf FILE: the tracer takes the kernel's BTF from a copy on the initramfs, first beside the kernel's own
# /sys/kernel/btf/vmlinux, then with /sys/kernel/btf hidden (an empty directory bind-mounted over it, as on a
# kernel built without CONFIG_DEBUG_INFO_BTF's sysfs file), where the tracer without --btf must refuse with
# status 69 (no kernel BTF) and with --btf must work.
source /vm/lib.sh

btf=/tmp/vmlinux.btf
cp /sys/kernel/btf/vmlinux "$btf"

# traced NAME ARGS...: one tracer run with ARGS, a probe, the probe's rows checked, stopped with SIGTERM.
traced() {
  local name=$1
  shift
  start_tracer "/tmp/$name.out" "$@"
  if ! kill -0 "$TRACER_PID" 2>/dev/null; then
    fail "$name" "proctracer $* ended before its header: $(tail -n3 "/tmp/$name.out.err" | tr '\n' ' ')"
    return
  fi
  run_probe
  local problem
  problem=$(probe_rows_problem "/tmp/$name.out")
  stop_tracer TERM
  if [[ -n $problem ]]; then
    fail "$name" "$problem"
  elif [[ $TRACER_STATUS != 0 ]]; then
    fail "$name" "rows right, but status $TRACER_STATUS after SIGTERM"
  else
    pass "$name"
  fi
}

traced btf-file --btf "$btf"

mkdir -p /tmp/empty
mount --bind /tmp/empty /sys/kernel/btf
status=0
timeout 120 proctracer >/tmp/nobtf.out 2>/tmp/nobtf.err || status=$?
if [[ $status == 69 ]]; then
  pass btf-hidden-refused "status 69: $(head -n1 /tmp/nobtf.err)"
else
  fail btf-hidden-refused "status $status, not 69 (no kernel BTF); stderr: $(head -n2 /tmp/nobtf.err | tr '\n' ' ')"
fi
traced btf-file-sysfs-hidden --btf "$btf"
umount /sys/kernel/btf
