using System.Runtime.InteropServices;
using GenDemo;
using ManagedBpf.RingBuffer;

// libbpf-bootstrap's bootstrap on generated code: every exec and exit until Ctrl-C; `gendemo MS` prints only
// exits of processes that lived MS milliseconds or more (the object's const volatile min_duration_ns).
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
// And on SIGTERM: a script's background job starts with SIGINT ignored, and .NET leaves it ignored.
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
var spec = BootstrapObject.Open();
spec.Rodata.MinDurationNs = args is [var ms] ? ulong.Parse(ms) * 1_000_000 : 0;
using var obj = spec.Load();
using var links = obj.AttachAll();
using var ring = new RingBufferReader(obj.Rb);
Console.WriteLine("TIME     EVENT COMM             PID     PPID    FILENAME/EXIT CODE");
while (!stop.IsCancellationRequested)
    ring.Poll(TimeSpan.FromMilliseconds(100), (in Event e) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} " + (e.ExitEvent
        ? $"EXIT  {e.CommString,-16} {e.Pid,-7} {e.Ppid,-7} [{e.ExitCode}] ({e.DurationNs / 1_000_000}ms)"
        : $"EXEC  {e.CommString,-16} {e.Pid,-7} {e.Ppid,-7} {e.FilenameString}")), stop.Token);
