using System.Globalization;

namespace ManagedBpf.Kernel;

/// <summary>
/// This process's effective capabilities (the CapEff line of /proc/self/status), to tell a refusal for want of a
/// capability from one by the kernel itself.
/// </summary>
internal static class Capabilities
{
    /// <summary>CAP_SYS_ADMIN, CAP_PERFMON, CAP_BPF (include/uapi/linux/capability.h).</summary>
    private const int SysAdmin = 21, Perfmon = 38, Bpf = 39;

    /// <summary>Whether the process may load and attach tracing programs: CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN.</summary>
    public static bool CanTrace()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            if (line is null || !ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var effective))
                return false;
            bool Has(int capability) => (effective & (1UL << capability)) != 0;
            return Has(SysAdmin) || (Has(Bpf) && Has(Perfmon));
        }
        catch (IOException)
        {
            return false;
        }
    }
}
