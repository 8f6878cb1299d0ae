namespace ProcTracer.Lifecycle;

/// <summary>
/// The strings after an exec record, in order: the file name exec was given, the executable's absolute path and
/// the cgroup path (both joined from the components the BPF walk gathered leaf first), and the arguments captured,
/// still NUL-terminated one after another.
/// </summary>
internal readonly ref struct ExecView
{
    private ExecView(ReadOnlySpan<byte> filename, ReadOnlySpan<byte> exePath, ReadOnlySpan<byte> cgroupPath, ReadOnlySpan<byte> args)
    {
        Filename = filename;
        ExePath = exePath;
        CgroupPath = cgroupPath;
        Args = args;
    }

    public ReadOnlySpan<byte> Filename { get; }

    public ReadOnlySpan<byte> ExePath { get; }

    public ReadOnlySpan<byte> CgroupPath { get; }

    /// <summary>The captured arguments, each NUL-terminated (<see cref="Strings.Next"/> reads them).</summary>
    public ReadOnlySpan<byte> Args { get; }

    /// <summary>Splits <paramref name="strings"/>; the joined paths go into <paramref name="scratch"/>, which must hold
    /// at least as many bytes as <paramref name="strings"/> plus two.</summary>
    public static ExecView Parse(in ExecRecord record, ReadOnlySpan<byte> strings, Span<byte> scratch)
    {
        var rest = strings;
        var filename = Strings.Next(ref rest);
        var exe = Strings.JoinPath(ref rest, record.ExeParts, scratch);
        var cgroup = Strings.JoinPath(ref rest, record.CgroupParts, scratch[(exe.Length)..]);
        return new ExecView(filename, exe, cgroup, rest);
    }

    /// <summary>The file name part of the executable's path (OpenTelemetry's process.executable.name).</summary>
    public ReadOnlySpan<byte> ExeName => ExePath[(ExePath.LastIndexOf((byte)'/') + 1)..];
}
