using System.Text;

namespace Samples.Profile;

/// <summary>What profile.c's event_handler prints for one sample: the task, then each stack symbolized or its absence.</summary>
internal static class StackReport
{
    /// <summary>The report of <paramref name="e"/>, or nothing when neither stack was read (profile.c skips those).</summary>
    public static string Of(in StacktraceEvent e, Symbolizer symbols)
    {
        if (e.KstackSz <= 0 && e.UstackSz <= 0)
            return "";
        var text = new StringBuilder($"COMM: {e.CommString} (pid={e.Pid}) @ CPU {e.CpuId}\n");
        Append(text, "Kernel", e.KstackSz, e.Kstack, symbols.Kernel);
        Append(text, "Userspace", e.UstackSz, e.Ustack, e.UstackSz > 0 ? symbols.User((int)e.Pid) : _ => null);
        return text.Append('\n').ToString();
    }

    // bpf_get_stack's size is in bytes; a negative one is an errno, printed as no stack.
    private static void Append(StringBuilder text, string kind, int size, ReadOnlySpan<ulong> stack, Func<ulong, Symbol?> symbolize)
    {
        if (size <= 0)
        {
            text.Append(kind == "Kernel" ? "No Kernel Stack\n" : "No Userspace Stack\n");
            return;
        }
        text.Append(kind).Append(":\n");
        foreach (var address in stack[..(size / sizeof(ulong))])
            text.Append(symbolize(address) is { } symbol
                ? $"{address:x16}: {symbol.Name} @ 0x{symbol.Address:x}+0x{address - symbol.Address:x}\n"
                : $"{address:x16}: <no-symbol>\n");
    }
}
