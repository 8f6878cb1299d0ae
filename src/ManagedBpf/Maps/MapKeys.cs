using System.Buffers;
using System.Collections;
using System.Runtime.InteropServices;

namespace ManagedBpf.Maps;

/// <summary>
/// Every key of a map, by BPF_MAP_GET_NEXT_KEY, in the kernel's order. A key deleted while the walk stands on it
/// sends the kernel back to the first key (htab_map_get_next_key, as libbpf's users see it), so under concurrent
/// deletion a key can come twice; the walk ends after 2 × max_entries keys rather than chase a map that keeps
/// changing forever. Allocates nothing per key.
/// </summary>
/// <typeparam name="TKey">An unmanaged struct of the map's key size.</typeparam>
public readonly struct MapKeys<TKey> : IEnumerable<TKey> where TKey : unmanaged
{
    private readonly BpfMap _map;

    internal MapKeys(BpfMap map) => _map = map;

    /// <summary>Starts a walk.</summary>
    public Enumerator GetEnumerator() => new(_map);

    IEnumerator<TKey> IEnumerable<TKey>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The walk itself.</summary>
    public struct Enumerator : IEnumerator<TKey>
    {
        private readonly BpfMap _map;
        private byte[]? _key;
        private long _steps;
        private bool _started;

        internal Enumerator(BpfMap map) => _map = map;

        /// <summary>The key the walk stands on.</summary>
        public TKey Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        /// <summary>Asks the kernel for the key after the current one.</summary>
        public bool MoveNext()
        {
            var size = (int)_map.KeySize;
            _key ??= ArrayPool<byte>.Shared.Rent(2 * size);
            var current = _key.AsSpan(0, size);
            var next = _key.AsSpan(size, size);
            if (++_steps > 2L * _map.MaxEntries + 1 || !_map.TryGetNextKey(_started ? current : [], next))
                return false;
            next.CopyTo(current);
            _started = true;
            Current = MemoryMarshal.Read<TKey>(current);
            return true;
        }

        /// <summary>Not supported: start a new enumeration instead.</summary>
        public readonly void Reset() => throw new NotSupportedException("start a new enumeration of the map instead");

        /// <summary>Gives the key buffer back to the pool.</summary>
        public void Dispose()
        {
            if (_key is not null)
                ArrayPool<byte>.Shared.Return(_key);
            _key = null;
        }
    }
}
