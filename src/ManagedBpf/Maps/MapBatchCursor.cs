namespace ManagedBpf.Maps;

/// <summary>
/// Where a walk of a map in batches (<see cref="BpfMap.LookupBatch(MapBatchCursor, Span{byte}, Span{byte})"/>)
/// stands: the kernel's opaque batch position (a hash bucket index, or the last key of an array), or, where the
/// kernel has no batch operations for the map, the last key read one by one. New cursors start at the beginning;
/// one cursor serves one walk of one map.
/// </summary>
public sealed class MapBatchCursor
{
    /// <summary>True once the walk reached the end of the map: further batches are empty.</summary>
    public bool Done { get; internal set; }

    /// <summary>The in_batch/out_batch bytes, or the last key of a per-key walk; sized on first use.</summary>
    internal byte[] Position { get; set; } = [];

    /// <summary>Whether <see cref="Position"/> holds anything yet (the first batch passes no in_batch).</summary>
    internal bool Started { get; set; }

    /// <summary>Whether this walk fell back to BPF_MAP_GET_NEXT_KEY and one lookup per key.</summary>
    internal bool PerKey { get; set; }

    /// <summary>Keys a per-key walk has visited, against the bound that keeps a changing map from holding it forever.</summary>
    internal long Steps { get; set; }
}
