using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>One text row: TIME EVENT COMM PID PPID and the rest (file name or exit code, then --extended's fields).</summary>
internal sealed partial record TextRow(string Line, string Time, string Event, string Comm, int Pid, int ParentPid, string Rest)
{
    public static TextRow? TryParse(string line) => Shape().Match(line) is { Success: true } m
        ? new TextRow(line, m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value,
            int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture), m.Groups[6].Value)
        : null;

    public static bool Is(string line, string kind, int pid) => TryParse(line) is { } row && row.Event == kind && row.Pid == pid;

    /// <summary>The one row of <paramref name="kind"/> for <paramref name="pid"/> among <paramref name="lines"/>.</summary>
    public static TextRow Single(IEnumerable<string> lines, string kind, int pid)
    {
        var rows = lines.Select(TryParse).Where(r => r is not null && r.Event == kind && r.Pid == pid).ToList();
        Assert.True(rows.Count == 1, $"{rows.Count} {kind} rows for pid {pid} in:\n{string.Join("\n", lines)}");
        return rows[0]!;
    }

    /// <summary>The value of --extended's KEY=VALUE field, or null; for args, everything after "args=".</summary>
    public string? Field(string key)
    {
        var at = Rest.IndexOf($" {key}=", StringComparison.Ordinal);
        if (at < 0)
            return null;
        var value = Rest[(at + key.Length + 2)..];
        return key == "args" ? value : value.Split(' ')[0];
    }

    [GeneratedRegex(@"^(\S+) +(\S+) +(\S+) +(\d+) +(\d+) +(.*)$")]
    private static partial Regex Shape();
}

/// <summary>One JSON line of --json.</summary>
internal static class JsonRecord
{
    public static JsonElement? TryParse(string line)
    {
        if (!line.StartsWith('{'))
            return null;
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    public static bool Is(string line, string kind, int pid) =>
        TryParse(line) is { } r && r.GetProperty("event").GetString() == kind && r.TryGetProperty("process.pid", out var p) && p.GetInt32() == pid;

    /// <summary>The one record of <paramref name="kind"/> for <paramref name="pid"/> among <paramref name="lines"/>.</summary>
    public static JsonElement Single(IEnumerable<string> lines, string kind, int pid)
    {
        var records = lines.Where(l => Is(l, kind, pid)).ToList();
        Assert.True(records.Count == 1, $"{records.Count} {kind} records for pid {pid} in:\n{string.Join("\n", lines)}");
        return TryParse(records[0])!.Value;
    }
}

/// <summary>Two tracers with the same filters, one writing rows with --extended and one JSON lines, started together.</summary>
internal sealed class TracerPair : IDisposable
{
    private TracerPair(TracerProcess text, TracerProcess json)
    {
        Text = text;
        Json = json;
    }

    public TracerProcess Text { get; }

    public TracerProcess Json { get; }

    public static TracerPair Start(params string[] args)
    {
        var text = Task.Run(() => TracerProcess.Start(["--extended", .. args]));
        var json = Task.Run(() => TracerProcess.Start(["--json", .. args]));
        return new TracerPair(text.GetAwaiter().GetResult(), json.GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        Text.Dispose();
        Json.Dispose();
    }
}
