using System.Text;

namespace ManagedBpf.Btf;

// Name lookups. Rather than decoding every type's name, we first find the matching strings in the string
// section (a vectorized substring search; strings are deduplicated, so there are few hits), then walk the type
// headers comparing name_off integers. On vmlinux this allocates a handful of small lists, nothing per type.
public sealed partial class BtfSpec
{
    /// <summary>The first type id (in id order, base types first) with this exact name and kind, or -1.</summary>
    public int FindTypeId(string name, BtfKind kind)
    {
        foreach (var id in FindTypeIdsByName(name))
        {
            if (Raw(id).Kind == kind)
                return id;
        }

        return -1;
    }

    /// <summary>Ids of all types with this exact name, of any kind, in id order.</summary>
    public IEnumerable<int> FindTypeIdsByName(string name)
    {
        var result = new List<int>();
        if (name.Length == 0)
            return result;
        var bytes = Encoding.UTF8.GetBytes(name);
        var offsets = new List<uint>();
        CollectNameOffsets(bytes, essential: false, offsets);
        if (offsets.Count > 0)
            ScanTypes(offsets, kind: null, ownOnly: false, result);
        return result;
    }

    /// <summary>
    /// CO-RE candidate search (libbpf bpf_core_add_cands): types whose kind is compatible with
    /// <paramref name="kind"/> (equal, or both enums) and whose essential name equals
    /// <paramref name="essentialName"/>. With <paramref name="ownOnly"/> only this blob's types are scanned, as
    /// libbpf does for module BTF (starting at the first module type id).
    /// </summary>
    internal void FindCandidates(ReadOnlySpan<byte> essentialName, BtfKind kind, bool ownOnly, List<int> result)
    {
        if (essentialName.IsEmpty)
            return;
        var offsets = new List<uint>();
        CollectNameOffsets(essentialName, essential: true, offsets);
        if (offsets.Count > 0)
            ScanTypes(offsets, kind, ownOnly, result);
    }

    private void CollectNameOffsets(ReadOnlySpan<byte> name, bool essential, List<uint> offsets)
    {
        Base?.CollectNameOffsets(name, essential, offsets);
        var strings = OwnStrings;
        var from = 0;
        while (from < strings.Length)
        {
            var hit = strings[from..].IndexOf(name);
            if (hit < 0)
                break;
            var at = from + hit;
            from = at + 1;
            if (at > 0 && strings[at - 1] != 0)
                continue; // the middle of a longer string
            var full = strings[at..];
            full = full[..full.IndexOf((byte)0)];
            var matches = essential ? BtfNames.EssentialLength(full) == name.Length : full.Length == name.Length;
            if (matches)
                offsets.Add((uint)(StringBase + at));
        }
    }

    private void ScanTypes(List<uint> nameOffsets, BtfKind? kind, bool ownOnly, List<int> result)
    {
        if (!ownOnly)
            Base?.ScanTypes(nameOffsets, kind, ownOnly: false, result);
        var first = result.Count;
        var names = OwnNameOffsets;
        foreach (var nameOffset in nameOffsets)
        {
            // A vectorized scan of the name_off array built at parse time.
            for (var from = 0; from < names.Length;)
            {
                var hit = names[from..].IndexOf(nameOffset);
                if (hit < 0)
                    break;
                var id = FirstOwnId + from + hit;
                from += hit + 1;
                if (kind is { } wanted && !KindsCoreCompatible(wanted, Raw(id).Kind))
                    continue;
                result.Add(id);
            }
        }

        // Several matching strings give interleaved hits; callers expect id order (libbpf scans in id order).
        if (nameOffsets.Count > 1)
            result.Sort(first, result.Count - first, null);
    }

    /// <summary>libbpf btf_kind_core_compat: the same kind, or ENUM and ENUM64 in either order.</summary>
    internal static bool KindsCoreCompatible(BtfKind a, BtfKind b) =>
        a == b || (a is BtfKind.Enum or BtfKind.Enum64 && b is BtfKind.Enum or BtfKind.Enum64);
}
