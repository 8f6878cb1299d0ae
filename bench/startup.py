#!/usr/bin/env python3
"""Start-up to attached, and peak RSS: ProcTracer (native AOT) against the C bootstrap, interleaved.

Each round starts one tracer, times until its header line arrives on the stdout pipe (the header is
printed after both programs are attached), reads the peak RSS of the process so far (VmHWM in
/proc/PID/status: it belongs to the exec'd image, unlike wait4's ru_maxrss, which still carries the
forking Python's size), then sends SIGINT and times the exit. Rounds alternate between the tools so
that machine drift affects both alike; the ratio of medians is the figure.
A third column starts ProcTracer as the fleet agent (--otlp to bench/otlp_sink.py, --metrics): the lifecycle object,
the exporter's thread and the listener, to attached.
Usage: bench/startup.py MANAGED_EXE C_EXE [ROUNDS]
"""
import os
import signal
import socket
import statistics
import subprocess
import sys
import time

from otlp_sink import Sink


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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise SystemExit(f"no VmHWM for {pid}")


def main():
    managed, native = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    sink = Sink()
    agent = "agent"
    commands = {native: [native], managed: [managed], agent: [managed, "--otlp", sink.url, "--metrics", f"127.0.0.1:{free_port()}"]}
    results = {tool: [] for tool in commands}
    for _ in range(rounds):
        for tool in (native, managed, agent):
            results[tool].append(one_run(commands[tool]))
    sink.close()
    def med(tool, i):
        return statistics.median(r[i] for r in results[tool])
    for tool, label in ((native, "C bootstrap (libbpf)"), (managed, "ProcTracer (ManagedBpf, AOT)"), (agent, "ProcTracer --otlp --metrics")):
        print(f"{label:30} start-up to attached {med(tool, 0):7.1f} ms   peak RSS {med(tool, 1):6.1f} MiB   exit {med(tool, 2):6.1f} ms")
    print(f"startup managed/C = {med(managed, 0) / med(native, 0):.2f}")
    print(f"startup managed --otlp --metrics/C = {med(agent, 0) / med(native, 0):.2f}")
    print(f"rss managed/C = {med(managed, 1) / med(native, 1):.2f}")
    print(f"exit managed/C = {med(managed, 2) / med(native, 2):.2f}")


if __name__ == "__main__":
    main()
