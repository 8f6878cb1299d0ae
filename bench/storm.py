#!/usr/bin/env python3
"""Exec storm and exit time: ProcTracer (native AOT) against the C bootstrap, interleaved in one run.

Each round runs every tracer in turn: start it with stdout to a file, wait for its first line (the header, or the
JSON start record: both come after attaching), let bench/storm.c's two workers spawn a copy of /bin/true EVENTS
times as fast as they can, wait until the tracer has written the rows of those execs (or stops writing), read the
CPU time it used meanwhile, send SIGINT and time its exit.

- CPU per event: the tracer's CPU time from the storm's start to the last row, summed over its threads
  (/proc/PID/task/*/schedstat, nanoseconds on CPU), divided by the events it reported (an exec and an exit per
  spawn). Start-up and exit are outside the window.
- Lost: the EXEC and EXIT rows (or exec and exit records) of the storm's executable that never came, counted by
  its unique name. The C tool counts no loss itself; this counts both the same way.
- Exit: from SIGINT to wait4() returning (every link detached, every fd closed).
Rounds alternate the tools so that machine drift hits all alike; the ratios of medians are the figures.
With STORM_EXPORTERS=1 a fourth tool runs: ProcTracer --json as the fleet agent, every event also sent with --otlp
to bench/otlp_sink.py and /metrics scraped every second, as Prometheus would (its CPU counts all its threads).
Usage: bench/storm.py MANAGED_EXE C_EXE STORM_EXE [ROUNDS] [EVENTS]
"""
import glob
import os
import signal
import socket
import threading
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from otlp_sink import Sink


def cpu_ns(pid):
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that ended meanwhile
    return total


def count_rows(path, name, json):
    execs = exits = 0
    with open(path, "rb") as f:
        for line in f:
            if json:
                if f'"comm":"{name}"'.encode() not in line:
                    continue
                execs += b'"event":"exec"' in line
                exits += b'"event":"exit"' in line
            else:
                fields = line.split()
                if len(fields) >= 3 and fields[2] == name.encode():
                    execs += fields[1] == b"EXEC"
                    exits += fields[1] == b"EXIT"
    return execs, exits


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape_every_second(port, stop):
    while not stop.wait(1.0):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read()
        except OSError:
            pass  # not listening yet, or already gone


def one_run(command, json, storm, target, events, workdir):
    output = os.path.join(workdir, "out")
    with open(output, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while os.path.getsize(output) == 0:
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{command[0]}: no first line (exit status {process.poll()})")
        time.sleep(0.005)
    name = os.path.basename(target)[:15]
    before = cpu_ns(process.pid)
    started = time.monotonic()
    result = subprocess.run([storm, target, str(events)], capture_output=True, text=True, check=True)
    done, seconds = result.stdout.split()
    # The rows of the last execs may still be on their way: wait until all came, or none came for a second.
    last_size, last_change = -1, time.monotonic()
    while True:
        execs, exits = count_rows(output, name, json)
        if execs + exits >= 2 * events or time.monotonic() - last_change > 1.0:
            break
        size = os.path.getsize(output)
        if size != last_size:
            last_size, last_change = size, time.monotonic()
        time.sleep(0.02)
    used = cpu_ns(process.pid) - before
    signalled = time.perf_counter()
    process.send_signal(signal.SIGINT)
    _, status, _ = os.wait4(process.pid, 0)
    stopped = time.perf_counter() - signalled
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]}: exit status {os.waitstatus_to_exitcode(status)} after SIGINT")
    execs, exits = count_rows(output, name, json)
    reported = execs + exits
    return {
        "cpu_per_event_us": used / 1000 / max(reported, 1),
        "lost": 2 * events - reported,
        "exit_ms": stopped * 1000,
        "rate": int(done) / float(seconds),
        "storm_s": time.monotonic() - started,
    }


def main():
    managed, native, storm = sys.argv[1], sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    events = int(sys.argv[5]) if len(sys.argv) > 5 else 4000
    with tempfile.TemporaryDirectory() as workdir:
        # A copy of /bin/true under a name nothing else on the machine has: its rows are ours alone.
        target = os.path.join(workdir, f"storm{os.getpid() % 100000:05d}")
        with open("/bin/true", "rb") as source, open(target, "wb") as copy:
            copy.write(source.read())
        os.chmod(target, 0o755)
        tools = [
            ("C bootstrap (libbpf)", [native], False),
            ("ProcTracer", [managed], False),
            ("ProcTracer --json (argv on)", [managed, "--json"], True),
        ]
        sink = None
        if os.environ.get("STORM_EXPORTERS"):
            sink, metrics_port, stop = Sink(), free_port(), threading.Event()
            threading.Thread(target=scrape_every_second, args=(metrics_port, stop), daemon=True).start()
            tools.append(("ProcTracer --json --otlp --metrics",
                          [managed, "--json", "--otlp", sink.url, "--metrics", f"127.0.0.1:{metrics_port}"], True))
        results = {label: [] for label, _, _ in tools}
        for _ in range(rounds):
            for label, command, json in tools:
                results[label].append(one_run(command, json, storm, target, events, workdir))
        if sink:
            stop.set()
            sink.close()

    def med(label, key):
        return statistics.median(r[key] for r in results[label])

    for label, _, _ in tools:
        runs = results[label]
        print(f"{label:28} cpu/event {med(label, 'cpu_per_event_us'):7.2f} us "
              f"(runs {', '.join('%.2f' % r['cpu_per_event_us'] for r in runs)})   "
              f"lost {sum(r['lost'] for r in runs)} of {2 * events * len(runs)}   "
              f"exit {med(label, 'exit_ms'):6.1f} ms   storm {med(label, 'rate'):7.0f} execs/s")
    c, managed_label, json_label = (label for label, _, _ in tools[:3])
    if sink:
        agent = tools[3][0]
        print(f"storm cpu/event --json --otlp --metrics: managed/C = {med(agent, 'cpu_per_event_us') / med(c, 'cpu_per_event_us'):.2f}")
        print(f"otlp sink: {sink.requests} requests, {sink.bytes} bytes")
    print(f"storm cpu/event --json: managed/C = {med(json_label, 'cpu_per_event_us') / med(c, 'cpu_per_event_us'):.2f}")
    print(f"storm cpu/event: managed/C = {med(managed_label, 'cpu_per_event_us') / med(c, 'cpu_per_event_us'):.2f}")
    managed_lost = sum(r["lost"] for label in (managed_label, json_label) for r in results[label])
    print(f"storm lost: managed {managed_lost}, C {sum(r['lost'] for r in results[c])}")
    print(f"exit: managed/C = {med(managed_label, 'exit_ms') / med(c, 'exit_ms'):.2f}")


if __name__ == "__main__":
    main()
