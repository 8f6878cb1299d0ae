namespace ManagedBpf.Kernel;

/// <summary>
/// LINUX_VERSION_CODE of the running kernel, as libbpf's get_kernel_version derives it: Ubuntu's
/// /proc/version_signature, then Debian's "Debian x.y.z" in the version string (their release string says
/// x.y.0), then the release string itself. The patch level saturates at 255, as KERNEL_VERSION does.
/// </summary>
internal static class KernelVersion
{
    /// <summary>uname -r.</summary>
    public static string Release => File.ReadAllText("/proc/sys/kernel/osrelease").Trim();

    private static readonly Lazy<uint> RunningCode = new(Read);

    /// <summary>LINUX_VERSION_CODE of the running kernel, or 0 when it cannot be told.</summary>
    public static uint Code() => RunningCode.Value;

    private static uint Read()
    {
        if (File.Exists("/proc/version_signature")
            && File.ReadAllText("/proc/version_signature").Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, var ubuntu, ..]
            && Parse(ubuntu) is { } ubuntuCode)
            return ubuntuCode;
        var version = File.ReadAllText("/proc/sys/kernel/version");
        var debian = version.IndexOf("Debian ", StringComparison.Ordinal);
        if (debian >= 0 && Parse(version[(debian + "Debian ".Length)..]) is { } debianCode)
            return debianCode;
        return Parse(Release) ?? 0;
    }

    /// <summary>The leading "major.minor.patch" of <paramref name="text"/> as KERNEL_VERSION(a, b, c).</summary>
    internal static uint? Parse(string text)
    {
        var numbers = new uint[3];
        var at = 0;
        for (var i = 0; i < 3; i++)
        {
            if (i > 0 && (at >= text.Length || text[at++] != '.'))
                return null;
            var start = at;
            while (at < text.Length && char.IsAsciiDigit(text[at]))
                at++;
            if (at == start || !uint.TryParse(text.AsSpan(start, at - start), out numbers[i]))
                return null;
        }
        return (numbers[0] << 16) + (numbers[1] << 8) + Math.Min(numbers[2], 255u);
    }
}
