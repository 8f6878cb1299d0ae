using System.Text;
using ManagedBpf.Interop;

namespace ManagedBpf.Kernel;

/// <summary>
/// The lines BPF programs print with bpf_printk (bpf_trace_printk), read from a tracefs instance of our own
/// (<c>instances/NAME</c>) with only the <c>bpf_trace/bpf_trace_printk</c> event on: the helper fires that event
/// (kernel/trace/bpf_trace.c) and every instance that enabled it records the line, so the global <c>trace_pipe</c>,
/// which other readers may be draining, is left alone. Dispose removes the instance.
/// </summary>
public sealed class PrintkReader : IDisposable
{
    private const string Marker = "bpf_trace_printk: ";
    private readonly string _instance;
    private readonly SafeFd _pipe;
    private readonly StringBuilder _partial = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    private PrintkReader(string instance, SafeFd pipe)
    {
        _instance = instance;
        _pipe = pipe;
    }

    /// <summary>The instance directory, <c>&lt;tracefs&gt;/instances/mbpf_PID_N</c>.</summary>
    public string Instance => _instance;

    /// <summary>Creates the instance, enables the printk event in it and opens its pipe.</summary>
    /// <exception cref="BpfException">tracefs has no instances or no bpf_trace_printk event.</exception>
    public static PrintkReader Open()
    {
        var instance = Path.Combine(Tracefs.Locate(), "instances", $"mbpf_{Environment.ProcessId}_{Guid.NewGuid():N}"[..30]);
        try
        {
            Directory.CreateDirectory(instance);
            File.WriteAllText(Path.Combine(instance, "events", "bpf_trace", "bpf_trace_printk", "enable"), "1");
            return new PrintkReader(instance, Files.OpenReadOnly(Path.Combine(instance, "trace_pipe"), directory: false, nonBlocking: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BpfSyscallException)
        {
            Remove(instance);
            throw new BpfException($"cannot read bpf_printk output through tracefs instance {instance}: {e.Message}", e);
        }
    }

    /// <summary>The messages printed since the last call, without the trace line's prefix (task, CPU, time).</summary>
    public IReadOnlyList<string> ReadAvailable()
    {
        var messages = new List<string>();
        while (true)
        {
            var n = Files.Read(_pipe, _buffer);
            if (n <= 0)
                break;
            _partial.Append(Encoding.UTF8.GetString(_buffer, 0, n));
        }
        var text = _partial.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0)
            return messages;
        foreach (var line in text[..end].Split('\n'))
        {
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            messages.Add(at < 0 ? line : line[(at + Marker.Length)..]);
        }
        _partial.Remove(0, end + 1);
        return messages;
    }

    /// <summary>Closes the pipe and removes the instance (the kernel refuses while the pipe is open).</summary>
    public void Dispose()
    {
        _pipe.Dispose();
        Remove(_instance);
    }

    private static void Remove(string instance)
    {
        try
        {
            // rmdir of an instance removes it with all its files; Directory.Delete(recursive) would try to unlink them.
            Directory.Delete(instance);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
