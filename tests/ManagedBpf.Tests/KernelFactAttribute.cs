using System.Runtime.InteropServices;
using Xunit;

namespace ManagedBpf.Tests;

/// <summary>
/// A test that needs the real kernel: root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN) and BTF. It skips only on a
/// developer machine that lacks them; under CI=true it never skips, so a missing capability fails the run
/// instead of hiding as a skip.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute()
    {
        var missing = KernelRequirements.Missing();
        if (missing is not null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"needs {missing} (set CI=true to make this a failure)";
    }
}

/// <summary>The <see cref="KernelFactAttribute"/> rule for theories.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    public KernelTheoryAttribute()
    {
        var missing = KernelRequirements.Missing();
        if (missing is not null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"needs {missing} (set CI=true to make this a failure)";
    }
}

internal static partial class KernelRequirements
{
    public static string? Missing()
    {
        if (geteuid() != 0)
            return "root";
        if (!File.Exists("/sys/kernel/btf/vmlinux"))
            return "kernel BTF at /sys/kernel/btf/vmlinux";
        return null;
    }

    [DllImport("libc")]
    private static extern uint geteuid();
}
