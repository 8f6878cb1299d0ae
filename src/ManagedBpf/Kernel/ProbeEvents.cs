using System.Globalization;
using System.Text;

namespace ManagedBpf.Kernel;

/// <summary>
/// Dynamic probe events, the two ways the kernel offers them (kernel/trace/trace_kprobe.c, trace_uprobe.c): the perf
/// PMUs <c>kprobe</c> and <c>uprobe</c> (4.17+; <c>/sys/bus/event_source/devices/NAME/type</c>), which make an event
/// that dies with its fd, and the older tracefs files <c>kprobe_events</c>/<c>uprobe_events</c>, whose events stay
/// until removed by name. libbpf prefers the PMU and falls back to the files (perf_event_open_probe,
/// perf_event_kprobe_open_legacy).
/// </summary>
internal static class ProbeEvents
{
    private const string Devices = "/sys/bus/event_source/devices";
    private static int s_sequence;

    /// <summary>The perf type of the <paramref name="kind"/> PMU (<c>kprobe</c> or <c>uprobe</c>), or null without it.</summary>
    public static uint? PmuType(string kind) =>
        ReadNumber(Path.Combine(Devices, kind, "type"), "") is { } type ? (uint)type : null;

    /// <summary>The config bit that makes a PMU probe a return probe (<c>format/retprobe</c> reads <c>config:0</c>).</summary>
    public static int RetprobeBit(string kind) =>
        ReadNumber(Path.Combine(Devices, kind, "format", "retprobe"), "config:")
        ?? throw new BpfException($"{Devices}/{kind}/format/retprobe is missing: cannot make a return probe with the {kind} PMU");

    /// <summary>Whether tracefs has <c>KIND_events</c> (<c>kprobe_events</c>, <c>uprobe_events</c>), mounting tracefs if needed.</summary>
    public static bool HasEventsFile(string kind)
    {
        try
        {
            return File.Exists(Path.Combine(Tracefs.Locate(), kind + "_events"));
        }
        catch (BpfException)
        {
            return false;
        }
    }

    /// <summary>
    /// A name for a new legacy event that no other process or earlier event of this one has: libbpf's
    /// gen_probe_legacy_event_name (pid, a sequence number, the target and offset), with every character the
    /// event parser rejects made '_', and our own prefix.
    /// </summary>
    public static string UniqueName(string target, ulong offset)
    {
        var raw = $"mbpf_{Environment.ProcessId}_{Interlocked.Increment(ref s_sequence)}_{target}_0x{offset:x}";
        var name = new StringBuilder(raw.Length);
        foreach (var c in raw)
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        // MAX_EVENT_NAME_LEN is 64 (kernel/trace/trace.h).
        return name.Length > 63 ? name.ToString(0, 63) : name.ToString();
    }

    /// <summary>Writes one definition line (<c>p:kprobes/NAME FUNC+0x0</c>) to <c>KIND_events</c>.</summary>
    /// <exception cref="BpfException">The kernel refused the line (no such function or file, a bad offset).</exception>
    public static void Define(string kind, string line)
    {
        var file = Path.Combine(Tracefs.Locate(), kind + "_events");
        try
        {
            // O_APPEND: the kernel parses each write as commands; without append, opening truncates (removes) every event.
            using var stream = new FileStream(file, FileMode.Append, FileAccess.Write);
            stream.Write(Encoding.ASCII.GetBytes(line));
        }
        catch (IOException e)
        {
            throw new BpfException($"{file}: the kernel refused '{line}': {e.Message}", e);
        }
    }

    /// <summary>Removes a legacy event (<c>-:GROUP/NAME</c>); errors are ignored, as nothing more can be done.</summary>
    public static void Remove(string kind, string group, string name)
    {
        try
        {
            Define(kind, $"-:{group}/{name}");
        }
        catch (BpfException)
        {
        }
    }

    private static int? ReadNumber(string path, string prefix)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.StartsWith(prefix, StringComparison.Ordinal)
                   && int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
