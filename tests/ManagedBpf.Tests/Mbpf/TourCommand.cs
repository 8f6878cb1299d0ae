using System.Text.RegularExpressions;

namespace ManagedBpf.Tests.Mbpf;

/// <summary>
/// One command of docs/tour.md and the output the tour shows for it. The tour's commands are the `$ mbpf ...` lines
/// of its ```console blocks, each followed by its output up to the next command or the end of the block; a line
/// that is only "…" stands for lines the tour leaves out. A block opened as ```console kernel shows output that
/// depends on the running kernel (BTF ids, offsets, tags): it is compared by shape, every number and hex run
/// replaced by '#'. A command that fails ends its output with "(exit status N)".
/// </summary>
public sealed partial record TourCommand(int Line, IReadOnlyList<string> Arguments, IReadOnlyList<string> Shown, int ExitStatus, bool KernelDependent)
{
    /// <summary>The line of the tour that stands for lines it leaves out.</summary>
    public const string Elision = "…";

    public static string Path => System.IO.Path.Combine(Repository.Root, "docs", "tour.md");

    public static IReadOnlyList<TourCommand> Parse(string markdown)
    {
        var commands = new List<TourCommand>();
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].Trim();
            if (!fence.StartsWith("```console", StringComparison.Ordinal))
                continue;
            var kernel = fence == "```console kernel";
            for (i++; i < lines.Length && lines[i].Trim() != "```";)
            {
                if (!lines[i].StartsWith("$ mbpf ", StringComparison.Ordinal))
                    throw new FormatException($"tour.md:{i + 1}: a console block's lines before its first command must be '$ mbpf ...'");
                var line = i + 1;
                var arguments = lines[i]["$ mbpf ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var shown = new List<string>();
                for (i++; i < lines.Length && lines[i].Trim() != "```" && !lines[i].StartsWith("$ ", StringComparison.Ordinal); i++)
                    shown.Add(lines[i]);
                var status = shown.Count > 0 ? ExitStatusLine().Match(shown[^1]) : Match.Empty;
                if (status.Success)
                    shown.RemoveAt(shown.Count - 1);
                commands.Add(new TourCommand(line, arguments, shown, status.Success ? int.Parse(status.Groups[1].Value) : 0, kernel));
            }
        }
        return commands;
    }

    /// <summary>
    /// Where the shown lines differ from the output: null when every shown line is the output's next line (or,
    /// after "…", a later one), in order.
    /// </summary>
    public string? Mismatch(string output)
    {
        var actual = output.TrimEnd('\n').Split('\n').Select(Normalize).ToArray();
        var next = 0;
        var skipping = false;
        foreach (var raw in Shown)
        {
            if (raw == Elision)
            {
                skipping = true;
                continue;
            }
            var expected = Normalize(raw);
            var found = next;
            if (skipping)
            {
                while (found < actual.Length && actual[found] != expected)
                    found++;
            }
            if (found >= actual.Length || actual[found] != expected)
                return $"tour.md:{Line}: the tour shows\n  {raw}\nbut mbpf printed, from line {next + 1}:\n  {string.Join("\n  ", actual.Skip(next).Take(5))}";
            next = found + 1;
            skipping = false;
        }
        return !skipping && next < actual.Length
            ? $"tour.md:{Line}: mbpf printed more than the tour shows (end the block with '{Elision}'): {actual[next]}"
            : null;
    }

    private string Normalize(string line) => KernelDependent ? Numbers().Replace(line.TrimEnd(), "#") : line.TrimEnd();

    public override string ToString() => $"tour.md:{Line} mbpf {string.Join(' ', Arguments)}";

    [GeneratedRegex(@"^\(exit status (\d+)\)$")]
    private static partial Regex ExitStatusLine();

    [GeneratedRegex(@"\b(?:[0-9a-f]{16}|0x[0-9a-f]+|\d+)\b")]
    private static partial Regex Numbers();
}
