using ManagedBpf.Binaries;

namespace ManagedBpf.Usdt;

/// <summary>
/// Where one USDT probe site is, in the terms a uprobe takes (libbpf's collect_usdt_targets): the file offset of its
/// NOP, the file offset of its semaphore (for the kernel's reference counter, 0 without one), its address as the
/// binary is linked (the IP a BPF program sees in a non-PIE executable), and its parsed arguments.
/// </summary>
public sealed record UsdtSite(ulong Address, ulong FileOffset, ulong SemaphoreOffset, string ArgumentSpec, IReadOnlyList<UsdtArgument> Arguments)
{
    /// <summary>
    /// Every site of <paramref name="provider"/>:<paramref name="name"/> in <paramref name="binary"/>. Addresses are
    /// corrected for prelink (the note's base against <c>.stapsdt.base</c>'s address) and turned into file offsets
    /// through the PT_LOAD segment that holds them, which must be executable for a site and must not be for a
    /// semaphore.
    /// </summary>
    /// <exception cref="BpfException">No such probe, or an address outside every segment.</exception>
    public static IReadOnlyList<UsdtSite> Find(ElfBinary binary, string provider, string name)
    {
        ArgumentNullException.ThrowIfNull(binary);
        var baseAddress = binary.Section(UsdtNote.BaseSection)?.Address ?? 0;
        var sites = new List<UsdtSite>();
        foreach (var note in UsdtNote.All(binary).Where(n => n.Provider == provider && n.Name == name))
        {
            var address = note.Location;
            if (baseAddress != 0 && note.Base != 0)
                address += baseAddress - note.Base;
            var segment = binary.SegmentOf(address);
            if (segment is not { Executable: true })
                throw new BpfException($"{binary.Name}: USDT {provider}:{name} at 0x{address:x} is in no executable segment");
            ulong semaphore = 0;
            if (note.Semaphore != 0)
            {
                var data = binary.SegmentOf(note.Semaphore);
                if (data is null or { Executable: true })
                    throw new BpfException($"{binary.Name}: the semaphore of USDT {provider}:{name} at 0x{note.Semaphore:x} is in no data segment");
                semaphore = data.FileOffsetOf(note.Semaphore);
            }
            sites.Add(new UsdtSite(address, segment.FileOffsetOf(address), semaphore, note.Arguments,
                UsdtArgument.ParseAll(note.Arguments, binary.Machine)));
        }
        return sites.Count > 0 ? sites : throw new BpfException($"{binary.Name}: no USDT probe {provider}:{name}");
    }
}
