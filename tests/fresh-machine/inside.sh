#!/usr/bin/env bash
# Run by tests/fresh-machine/run.sh inside the fresh root, as root: clones the repository at COMMIT from
# /mnt/origin.git and runs the README's two commands there.
#   inside.sh COMMIT
# Leaves /root/test.log (test.sh's output) and /root/tracer.out for run.sh; exits 0 only when both worked.
set -euo pipefail
# What PAM gives a login (sudo, ssh): /etc/environment, where run.sh put the host's NUGET_* variables.
set -a
# shellcheck source=/dev/null
. /etc/environment
set +a
git clone -q file:///mnt/origin.git /root/ManagedBpf
cd /root/ManagedBpf
git checkout -q --detach "$1"
for tool in clang-19 llvm-strip-19 bpftool gcc clang; do
  if command -v "$tool" >/dev/null; then echo "fresh-machine: $tool is already here: not a fresh machine" >&2; exit 1; fi
done

echo "fresh-machine: sudo ./test.sh"
start=$(date +%s)
result=0
sudo SKIP_VM="${SKIP_VM:-}" ./test.sh 2>&1 | tee /root/test.log || result=$?
echo "fresh-machine: ./test.sh took $(( $(date +%s) - start )) s, exit status $result"

echo "fresh-machine: dotnet run --project src/ProcTracer (a probe process started while it runs)"
cp /bin/true /tmp/freshprobe
# Job control: the tracer gets a process group of its own, as at a terminal, so that SIGINT reaches both
# dotnet run and the tracer as Ctrl-C does (without it, bash starts background jobs with SIGINT ignored).
set -m
dotnet run --project src/ProcTracer >/root/tracer.out 2>/root/tracer.err &
tracer=$!
set +m
# dotnet run builds first; the header is printed once the programs are attached.
for _ in $(seq 120); do grep -q "^TIME" /root/tracer.out && break; kill -0 $tracer 2>/dev/null || break; sleep 1; done
for _ in 1 2 3; do /tmp/freshprobe; sleep 1; done
kill -INT -- -$tracer 2>/dev/null || true
for _ in $(seq 30); do kill -0 $tracer 2>/dev/null || break; sleep 1; done
if kill -0 $tracer 2>/dev/null; then
  echo "fresh-machine: the tracer did not stop on SIGINT" >&2
  kill -KILL -- -$tracer 2>/dev/null || true
  result=1
fi
tracer_status=0
wait $tracer || tracer_status=$?
echo "fresh-machine: the tracer exited with status $tracer_status on SIGINT (the README: 0)"
[[ $tracer_status == 0 ]] || result=1
head -n 3 /root/tracer.out
grep -E "^[0-9:]+ +EXEC +freshprobe " /root/tracer.out | head -n 1 ||
  { echo "fresh-machine: no EXEC row for /tmp/freshprobe" >&2; cat /root/tracer.err >&2; result=1; }
exit $result
