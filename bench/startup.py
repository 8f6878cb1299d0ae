#!/usr/bin/env python3
"""Start-up to attached, and peak RSS: ProcTracer (native AOT) against the C bootstrap, interleaved.

Each round starts one tracer, times until its header line arrives on the stdout pipe (the header is
printed after both programs are attached), reads the peak RSS of the process so far (VmHWM in
/proc/PID/status: it belongs to the exec'd image, unlike wait4's ru_maxrss, which still carries the
forking Python's size), then sends SIGINT and times the exit. Rounds alternate between the tools so
that machine drift affects both alike; the ratio of medians is the figure.
Usage: bench/startup.py MANAGED_EXE C_EXE [ROUNDS]
"""
import os
import signal
import statistics
import subprocess
import sys
import time


def one_run(command):
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    header = process.stdout.readline()
    attached = time.perf_counter() - start
    if not header.startswith(b"TIME"):
        raise SystemExit(f"{command[0]}: no header (got {header!r})")
    peak_kib = peak_rss_kib(process.pid)
    signalled = time.perf_counter()
    process.send_signal(signal.SIGINT)
    process.stdout.read()
    _, status, _ = os.wait4(process.pid, 0)
    stopped = time.perf_counter() - signalled
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[0]}: exit status {process.returncode} after SIGINT")
    return attached * 1000, peak_kib / 1024, stopped * 1000


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise SystemExit(f"no VmHWM for {pid}")


def main():
    managed, native = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    results = {managed: [], native: []}
    for _ in range(rounds):
        for tool in (native, managed):
            results[tool].append(one_run([tool]))
    def med(tool, i):
        return statistics.median(r[i] for r in results[tool])
    for tool, label in ((native, "C bootstrap (libbpf)"), (managed, "ProcTracer (ManagedBpf, AOT)")):
        print(f"{label:30} start-up to attached {med(tool, 0):7.1f} ms   peak RSS {med(tool, 1):6.1f} MiB   exit {med(tool, 2):6.1f} ms")
    print(f"startup managed/C = {med(managed, 0) / med(native, 0):.2f}")
    print(f"rss managed/C = {med(managed, 1) / med(native, 1):.2f}")
    print(f"exit managed/C = {med(managed, 2) / med(native, 2):.2f}")


if __name__ == "__main__":
    main()
