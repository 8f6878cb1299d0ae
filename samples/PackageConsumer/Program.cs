using System.Buffers.Binary;
using System.Text;
using ManagedBpf;
using ManagedBpf.RingBuffer;

// Load exec.bpf.o (its maps, BTF and program), attach its tracepoint, and print one line per exec() on the machine
// until Ctrl-C. Needs root (or CAP_BPF and CAP_PERFMON) and a kernel with BTF.
var spec = ObjectSpec.ParseFile(Path.Combine(AppContext.BaseDirectory, "exec.bpf.o"));
using var loaded = BpfObject.Load(spec);
using var links = loaded.AttachAll();
using var ring = new RingBufferReader(loaded.Maps["events"]);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.WriteLine("tracing exec(): Ctrl-C to stop");
while (!stop.IsCancellationRequested)
    ring.Poll(TimeSpan.FromSeconds(1), Print, stop.Token);

// struct exec_event of exec.bpf.c: pid@0, comm[16]@4, filename[108]@20.
static void Print(ReadOnlySpan<byte> record)
{
    var pid = BinaryPrimitives.ReadUInt32LittleEndian(record);
    Console.WriteLine($"exec pid={pid} comm={Text(record.Slice(4, 16))} filename={Text(record[20..])}");
}

static string Text(ReadOnlySpan<byte> chars)
{
    var end = chars.IndexOf((byte)0);
    return Encoding.UTF8.GetString(end < 0 ? chars : chars[..end]);
}
