using System.Globalization;
using ManagedBpf;
using ManagedBpf.Kernel;

namespace ProcTracer;

/// <summary>
/// What the tracer checks before it creates anything in the kernel, so that the common reasons it cannot run
/// (privileges, no BTF, no tracefs) fail with a clear message and leave nothing loaded.
/// </summary>
internal static class Preflight
{
    private const int CapSysAdmin = 21, CapPerfmon = 38, CapBpf = 39;

    public static void Check(Options options)
    {
        CheckCapabilities();
        CheckKernelBtf(options.BtfPath ?? ManagedBpf.Kernel.KernelBtf.VmlinuxPath);
        CheckTracefs();
    }

    /// <summary>CAP_SYS_ADMIN alone, or CAP_BPF with CAP_PERFMON (Linux 5.8+), as the kernel checks them.</summary>
    private static void CheckCapabilities()
    {
        var effective = EffectiveCapabilities();
        if (effective is not { } caps || Has(caps, CapSysAdmin) || (Has(caps, CapBpf) && Has(caps, CapPerfmon)))
            return;
        var missing = new[] { (CapBpf, "CAP_BPF"), (CapPerfmon, "CAP_PERFMON") }.Where(c => !Has(caps, c.Item1)).Select(c => c.Item2);
        throw Messages.NoPermission(string.Join(" and ", missing));
    }

    /// <summary>CapEff of /proc/self/status; null if it cannot be read (then the kernel's EPERM speaks instead).</summary>
    private static ulong? EffectiveCapabilities()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            return line is not null && ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var caps)
                ? caps
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool Has(ulong caps, int capability) => (caps & (1UL << capability)) != 0;

    private static void CheckKernelBtf(string path)
    {
        try
        {
            using var _ = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Messages.NoKernelBtf(path, "no such file");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw Messages.NoKernelBtf(path, e.Message);
        }
    }

    /// <summary>Finds tracefs, mounting it if it is absent (as attaching would), before anything is loaded.</summary>
    private static void CheckTracefs()
    {
        try
        {
            Tracefs.Locate(mountIfAbsent: true);
        }
        catch (BpfException e)
        {
            throw Messages.NoTracefs(e);
        }
    }
}
