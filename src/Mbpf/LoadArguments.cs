namespace Mbpf;

/// <summary>
/// What <c>mbpf load</c> was asked: the object, whether to load each program on its own (<c>--each</c>), and the
/// programs to leave out (<c>--skip PROG[,PROG...]</c>, repeatable), in any order after <c>load</c>.
/// </summary>
internal sealed record LoadArguments(string Path, bool Each, IReadOnlyList<string> Skip)
{
    /// <summary>The arguments after <c>load</c>, or null when they are not one object path and known options.</summary>
    public static LoadArguments? Parse(IReadOnlyList<string> args)
    {
        string? path = null;
        var each = false;
        var skip = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--each":
                    each = true;
                    break;
                case "--skip" when i + 1 < args.Count:
                    skip.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case var option when option.StartsWith("--skip=", StringComparison.Ordinal):
                    skip.AddRange(option["--skip=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case var option when option.StartsWith('-') || path is not null:
                    return null;
                default:
                    path = args[i];
                    break;
            }
        }
        return path is null ? null : new LoadArguments(path, each, skip);
    }
}
