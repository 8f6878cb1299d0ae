using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using ProcTracer.Bootstrap;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>Rows byte-identical to bootstrap's printf formats.</summary>
public class EventFormatterTests
{
    private static readonly DateTime At = new(2026, 11, 27, 9, 5, 7, DateTimeKind.Local);

    [Fact]
    public void GeneratedEventHasBootstrapHLayout()
    {
        // bootstrap.h: pid@0 ppid@4 exit_code@8, 4 bytes of padding, duration_ns@16 comm@24 filename@40 exit_event@167.
        Assert.Equal(168, Unsafe.SizeOf<Event>());
        var e = default(Event);
        Assert.Equal(4, Offset(ref e, ref Unsafe.As<int, byte>(ref e.Ppid)));
        Assert.Equal(8, Offset(ref e, ref Unsafe.As<uint, byte>(ref e.ExitCode)));
        Assert.Equal(16, Offset(ref e, ref Unsafe.As<ulong, byte>(ref e.DurationNs)));
        Assert.Equal(24, Offset(ref e, ref Unsafe.As<Event.CommArray, byte>(ref e.Comm)));
        Assert.Equal(40, Offset(ref e, ref Unsafe.As<Event.FilenameArray, byte>(ref e.Filename)));
        Assert.Equal(167, Offset(ref e, ref Unsafe.As<bool, byte>(ref e.ExitEvent)));
    }

    [Fact]
    public void FormatsAnExecRow()
    {
        var e = Make(pid: 4242, ppid: 17, comm: "bash", filename: "/usr/bin/sleep", exit: false);
        Assert.Equal("09:05:07 EXEC  bash             4242    17      /usr/bin/sleep\n", Format(e));
    }

    [Fact]
    public void FormatsAnExitRowWithDuration()
    {
        var e = Make(pid: 4242, ppid: 17, comm: "sleep", filename: "", exit: true, exitCode: 7, durationNs: 301_999_999);
        Assert.Equal("09:05:07 EXIT  sleep            4242    17      [7] (301ms)\n", Format(e));
    }

    [Fact]
    public void OmitsAZeroDurationLikeTheSeed()
    {
        var e = Make(pid: 1, ppid: 0, comm: "init", filename: "", exit: true, exitCode: 0, durationNs: 0);
        Assert.Equal("09:05:07 EXIT  init             1       0       [0]\n", Format(e));
    }

    [Fact]
    public void AnUnterminatedCommPrintsAll16BytesWithoutPadding()
    {
        var e = Make(pid: 12345678, ppid: 1, comm: "abcdefghijklmnop", filename: "/x", exit: false);
        Assert.Equal("09:05:07 EXEC  abcdefghijklmnop 12345678 1       /x\n", Format(e));
    }

    [Fact]
    public void HeaderMatchesTheSeed()
    {
        var printf = string.Format("{0,-8} {1,-5} {2,-16} {3,-7} {4,-7} {5}\n", "TIME", "EVENT", "COMM", "PID", "PPID", "FILENAME/EXIT CODE");
        Assert.Equal(EventFormatter.Header, printf);
    }

    private static string Format(in Event e)
    {
        var output = new ArrayBufferWriter<byte>();
        new EventFormatter(() => At).Write(output, e);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static Event Make(int pid, int ppid, string comm, string filename, bool exit, uint exitCode = 0, ulong durationNs = 0)
    {
        var e = new Event { Pid = pid, Ppid = ppid, ExitCode = exitCode, DurationNs = durationNs, ExitEvent = exit };
        Encoding.ASCII.GetBytes(comm).CopyTo((Span<byte>)e.Comm);
        Encoding.ASCII.GetBytes(filename).CopyTo((Span<byte>)e.Filename);
        return e;
    }

    private static int Offset(ref Event e, ref byte field) => (int)Unsafe.ByteOffset(ref Unsafe.As<Event, byte>(ref e), ref field);
}
