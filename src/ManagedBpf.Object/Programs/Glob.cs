namespace ManagedBpf.Programs;

/// <summary>
/// The patterns of kprobe.multi and uprobe.multi sections: '*' matches any run of characters, '?' any one
/// character, everything else itself (libbpf's glob_match, after perf's util/string.c).
/// </summary>
public static class Glob
{
    /// <summary>Whether all of <paramref name="text"/> matches <paramref name="pattern"/>.</summary>
    public static bool Match(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        // Iterative backtracking over the last '*': linear for the patterns symbols meet, and no recursion depth.
        int t = 0, p = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    /// <summary>Whether <paramref name="pattern"/> has a wildcard at all (a plain name is passed to the kernel as is).</summary>
    public static bool HasWildcard(ReadOnlySpan<char> pattern) => pattern.IndexOfAny('*', '?') >= 0;
}
