namespace ManagedBpf.Btf;

/// <summary>Name rules shared by BTF lookups and CO-RE.</summary>
internal static class BtfNames
{
    /// <summary>
    /// Length of the "essential" part of a name, without a CO-RE flavor suffix: <c>task_struct___v2</c> gives
    /// the length of <c>task_struct</c>. Mirrors libbpf bpf_core_essential_name_len: the last <c>X___Y</c> where
    /// neither X nor Y is an underscore marks the suffix.
    /// </summary>
    public static int EssentialLength(ReadOnlySpan<byte> name)
    {
        for (var i = name.Length - 5; i >= 0; i--)
        {
            if (name[i] != '_' && name[i + 1] == '_' && name[i + 2] == '_' && name[i + 3] == '_' && name[i + 4] != '_')
                return i + 1;
        }

        return name.Length;
    }

    /// <summary>The name without its flavor suffix (<see cref="EssentialLength"/>).</summary>
    public static string EssentialName(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        return System.Text.Encoding.UTF8.GetString(bytes, 0, EssentialLength(bytes));
    }

    /// <summary>True when two names agree up to their flavor suffixes.</summary>
    public static bool EssentialEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var la = EssentialLength(a);
        return la == EssentialLength(b) && a[..la].SequenceEqual(b[..la]);
    }
}
