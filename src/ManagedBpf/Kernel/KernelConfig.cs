using System.IO.Compression;


namespace ManagedBpf.Kernel;

/// <summary>
/// The running kernel's build configuration, where libbpf looks for it: <c>/boot/config-RELEASE</c>, then
/// <c>/proc/config.gz</c> (CONFIG_IKCONFIG_PROC). Either may be gzip-compressed or plain text.
/// </summary>
internal static class KernelConfig
{
    private const string ProcConfig = "/proc/config.gz";

    /// <summary>The lines of the first config file found.</summary>
    /// <exception cref="BpfException">Neither file exists, or the one found cannot be read.</exception>
    public static List<string> ReadLines()
    {
        var boot = $"/boot/config-{KernelVersion.Release}";
        var path = File.Exists(boot) ? boot : File.Exists(ProcConfig) ? ProcConfig
            : throw new BpfException($"CONFIG_* externs need the kernel's config, but neither {boot} nor {ProcConfig} exists " +
                "(give the values through LoadOptions.Kconfig, or declare the externs __weak)");
        try
        {
            return ReadLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new BpfException($"cannot read the kernel config {path}: {e.Message}", e);
        }
    }

    private static List<string> ReadLines(string path)
    {
        using var file = File.OpenRead(path);
        var gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        using var text = gzip ? (Stream)new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(text);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            lines.Add(line);
        return lines;
    }
}
