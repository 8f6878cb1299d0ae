using System.Runtime.InteropServices;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>LPM_TRIE: longest-prefix-match lookups of IPv4 prefixes.</summary>
public class LpmTrieTests
{
    [StructLayout(LayoutKind.Sequential, Size = 8)]
    private readonly record struct Ipv4Prefix(uint PrefixLength, uint Address)
    {
        public static Ipv4Prefix Of(byte a, byte b, byte c, byte d, uint length) => new(length, BitConverter.ToUInt32([a, b, c, d]));
    }

    [KernelFact]
    public void TheLongestPrefixWins()
    {
        using var obj = MapTypesObject.Load();
        var trie = obj.Maps["lpm_trie"];
        trie.Update(Ipv4Prefix.Of(10, 0, 0, 0, 8), 1u);
        trie.Update(Ipv4Prefix.Of(10, 1, 0, 0, 16), 2u);
        Assert.True(trie.TryLookup(Ipv4Prefix.Of(10, 1, 2, 3, 32), out uint inner));
        Assert.Equal(2u, inner);
        Assert.True(trie.TryLookup(Ipv4Prefix.Of(10, 9, 9, 9, 32), out uint outer));
        Assert.Equal(1u, outer);
        Assert.False(trie.TryLookup(Ipv4Prefix.Of(11, 0, 0, 0, 32), out uint _));

        var keys = trie.Keys<Ipv4Prefix>().ToHashSet();
        Assert.Equal([Ipv4Prefix.Of(10, 0, 0, 0, 8), Ipv4Prefix.Of(10, 1, 0, 0, 16)], keys.OrderBy(k => k.PrefixLength));
        Assert.Equal(2, trie.Entries<Ipv4Prefix, uint>().Count());

        Assert.True(trie.Delete(Ipv4Prefix.Of(10, 1, 0, 0, 16)));
        Assert.True(trie.TryLookup(Ipv4Prefix.Of(10, 1, 2, 3, 32), out uint after));
        Assert.Equal(1u, after);
        Assert.False(trie.Delete(Ipv4Prefix.Of(10, 1, 0, 0, 16)));
    }
}
