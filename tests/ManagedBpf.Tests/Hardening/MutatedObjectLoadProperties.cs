using ManagedBpf.Maps;
using ManagedBpf.Tests.Maps;

using Xunit;

namespace ManagedBpf.Tests.Hardening;

/// <summary>
/// The whole load path under mutation: any mutation of any object of the repository (<see cref="MutationTargets"/>)
/// either loads into this kernel and is disposed again, or ends in a <see cref="BpfException"/> (a format error, or the
/// kernel's refusal: the verifier, BPF_BTF_LOAD, BPF_MAP_CREATE), never another exception and never a hang. Pins go
/// to a private bpffs directory, emptied after every case; nothing is attached.
/// </summary>
public class MutatedObjectLoadProperties
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(60);

    /// <summary>
    /// What one map may ask the kernel to allocate. Arrays, preallocated hashes and ring buffers take all of
    /// max_entries up front, and a mutated max_entries of 2^31 would take gigabytes of a machine others share: such
    /// maps get fewer entries (only the size of the kernel's allocation changes, not what the loader reads).
    /// </summary>
    private const ulong MapBudget = 16 << 20;

    [KernelFact]
    [Trait("Category", "Fuzz")]
    public void EveryMutationLoadsOrIsABpfException()
    {
        using var pins = new BpffsPinRoot("fuzz");
        ObjectMutation.Check(mutation => mutation.EndsWell(PerCase, e => e is BpfException, image => Load(image, pins)));
    }

    private static void Load(byte[] image, BpffsPinRoot pins)
    {
        var spec = ObjectSpec.Parse(image, "fuzz");
        if (!spec.Maps.Values.All(FitsTheBudget))
            return;
        try
        {
            using var loaded = BpfObject.Load(spec, new LoadOptions { PinRoot = pins.Path });
        }
        finally
        {
            // A pin would carry a map over into the next case (reused, or a pin mismatch).
            if (Directory.Exists(pins.Path))
                Directory.Delete(pins.Path, recursive: true);
        }
    }

    /// <summary>Caps max_entries to <see cref="MapBudget"/>; false when even one entry is over it.</summary>
    private static bool FitsTheBudget(MapSpec map)
    {
        // A ring buffer's max_entries is its size in bytes.
        var entry = map.Type == MapType.RingBuf ? 1 : Math.Max(8UL, (ulong)map.KeySize + map.ValueSize);
        if (entry > MapBudget || (map.InnerMap is { } inner && !FitsTheBudget(inner)))
            return false;
        if (map.MaxEntries * entry > MapBudget)
            map.MaxEntries = (uint)(MapBudget / entry); // a power of two still, for a ring buffer
        return true;
    }
}
