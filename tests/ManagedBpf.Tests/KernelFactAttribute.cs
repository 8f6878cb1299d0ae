using System.Runtime.InteropServices;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ManagedBpf.Tests;

/// <summary>
/// A test that needs the real kernel: root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN) and BTF. It skips only on a
/// developer machine that lacks them; under CI=true it never skips, so a missing capability fails the run
/// instead of hiding as a skip. It is the one mark of a kernel test: it also gives the test the trait
/// Category=Kernel, so <c>dotnet test --filter Category=Kernel</c> selects exactly these tests.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[TraitDiscoverer(KernelTraitDiscoverer.TypeName, KernelTraitDiscoverer.AssemblyName)]
public sealed class KernelFactAttribute : FactAttribute, ITraitAttribute
{
    public KernelFactAttribute() => Skip = KernelRequirements.SkipReason();
}

/// <summary>The <see cref="KernelFactAttribute"/> rule for theories.</summary>
[AttributeUsage(AttributeTargets.Method)]
[TraitDiscoverer(KernelTraitDiscoverer.TypeName, KernelTraitDiscoverer.AssemblyName)]
public sealed class KernelTheoryAttribute : TheoryAttribute, ITraitAttribute
{
    public KernelTheoryAttribute() => Skip = KernelRequirements.SkipReason();
}

/// <summary>Category=Kernel for every test marked <see cref="KernelFactAttribute"/> or <see cref="KernelTheoryAttribute"/>.</summary>
public sealed class KernelTraitDiscoverer : ITraitDiscoverer
{
    public const string TypeName = "ManagedBpf.Tests." + nameof(KernelTraitDiscoverer);
    public const string AssemblyName = "ManagedBpf.Tests";

    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) => [new("Category", "Kernel")];
}

internal static partial class KernelRequirements
{
    /// <summary>Why a kernel test skips here, or null when it runs (everything is present, or CI=true).</summary>
    public static string? SkipReason() =>
        Missing() is { } missing && Environment.GetEnvironmentVariable("CI") != "true"
            ? $"needs {missing} (set CI=true to make this a failure)"
            : null;

    private static string? Missing()
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
