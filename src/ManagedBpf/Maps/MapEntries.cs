using System.Buffers;
using System.Collections;
using System.Runtime.InteropServices;

namespace ManagedBpf.Maps;

/// <summary>
/// Every key and value of a map, read in batches (<see cref="BpfMap.LookupBatch(MapBatchCursor, Span{byte}, Span{byte})"/>,
/// or one lookup per key where the kernel has no batch operation). Enumerating allocates its batch buffers once (from
/// the shared array pool, given back on Dispose) and nothing per element; <c>foreach</c> over this struct calls no
/// interface. Each enumeration is a new walk of the map as it is then.
/// </summary>
/// <typeparam name="TKey">An unmanaged struct of the map's key size.</typeparam>
/// <typeparam name="TValue">An unmanaged struct of the map's value size.</typeparam>
public readonly struct MapEntries<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : unmanaged where TValue : unmanaged
{
    // Bytes of keys and values one batch reads: large enough that the system call is amortised over hundreds of
    // elements, small enough to stay in L2.
    private const int BatchBytes = 64 * 1024;

    private readonly BpfMap _map;

    internal MapEntries(BpfMap map) => _map = map;

    /// <summary>Starts a walk.</summary>
    public Enumerator GetEnumerator() => new(_map);

    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The walk itself.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>>
    {
        private readonly BpfMap _map;
        private readonly MapBatchCursor _cursor = new();
        private byte[]? _keys;
        private byte[]? _values;
        private int _room;
        private int _count;
        private int _index;

        internal Enumerator(BpfMap map)
        {
            _map = map;
            _room = (int)Math.Clamp(BatchBytes / (map.KeySize + (uint)map.ValueBufferSize), 1u, Math.Max(map.MaxEntries, 1u));
        }

        /// <summary>The element the walk stands on.</summary>
        public KeyValuePair<TKey, TValue> Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        /// <summary>Steps to the next element, reading the next batch when this one is used up.</summary>
        public bool MoveNext()
        {
            while (++_index >= _count)
            {
                if (_cursor.Done)
                    return false;
                Fill();
            }
            var key = MemoryMarshal.Read<TKey>(_keys.AsSpan(_index * (int)_map.KeySize));
            var value = MemoryMarshal.Read<TValue>(_values.AsSpan(_index * _map.ValueBufferSize));
            Current = new KeyValuePair<TKey, TValue>(key, value);
            return true;
        }

        /// <summary>Not supported: start a new enumeration instead.</summary>
        public readonly void Reset() => throw new NotSupportedException("start a new enumeration of the map instead");

        /// <summary>Gives the batch buffers back to the pool.</summary>
        public void Dispose()
        {
            if (_keys is not null)
                ArrayPool<byte>.Shared.Return(_keys);
            if (_values is not null)
                ArrayPool<byte>.Shared.Return(_values);
            _keys = _values = null;
            _count = _index = 0;
        }

        private void Fill()
        {
            while (true)
            {
                _keys ??= ArrayPool<byte>.Shared.Rent(_room * (int)_map.KeySize);
                _values ??= ArrayPool<byte>.Shared.Rent(_room * _map.ValueBufferSize);
                try
                {
                    _count = _map.LookupBatch(_cursor, _keys.AsSpan(0, _room * (int)_map.KeySize), _values.AsSpan(0, _room * _map.ValueBufferSize));
                    _index = -1;
                    return;
                }
                catch (BpfSyscallException e) when (e.Errno == Errno.ENOSPC)
                {
                    // One hash bucket holds more elements than a batch has room for: grow and read it again.
                    Dispose();
                    _room *= 2;
                }
            }
        }
    }
}
