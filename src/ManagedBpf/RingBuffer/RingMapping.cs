using ManagedBpf.Interop;
using ManagedBpf.Maps;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// One ring buffer map's pages in our address space: the consumer page read-write and the producer page plus the
/// twice-mapped data read-only. Holds its own reference to the map's fd (the epoll registration), so it outlives the
/// <see cref="BpfMap"/> it came from.
/// </summary>
internal sealed unsafe class RingMapping : IDisposable
{
    private readonly MmapRegion _consumerPage;
    private readonly MmapRegion _producerArea;

    public RingMapping(BpfMap map)
    {
        if (map.Type != MapType.RingBuf)
            throw new ArgumentException($"map '{map.Name}' is a {map.Type}, not a RingBuf", nameof(map));
        Name = map.Name;
        var page = (nuint)Environment.SystemPageSize;
        var dataSize = (nuint)map.MaxEntries;
        // Layout from ringbuf_map_mmap_kern (kernel/bpf/ringbuf.c): page 0 = consumer_pos (writable), page 1 =
        // producer_pos (read-only: mapping it writable is EPERM), then the data pages, mapped twice in a row so a
        // record that wraps past the end reads contiguously.
        _consumerPage = MmapRegion.Map(map.Fd, page, writable: true, 0, Name);
        try
        {
            _producerArea = MmapRegion.Map(map.Fd, page + 2 * dataSize, writable: false, (long)page, Name);
        }
        catch
        {
            _consumerPage.Dispose();
            throw;
        }
        Layout = new RingLayout(
            (ulong*)_consumerPage.Address, (ulong*)_producerArea.Address, (byte*)_producerArea.Address + page, dataSize);
    }

    /// <summary>The map's name, for messages.</summary>
    public string Name { get; }

    /// <summary>
    /// The pointers; valid only inside <see cref="Consume"/> and <see cref="Pending"/>, which hold both mappings (a
    /// concurrent Dispose then throws ObjectDisposedException there instead of unmapping pages in use).
    /// </summary>
    public RingLayout Layout { get; }

    /// <summary>Drains the ring (see <see cref="RingWalker.Consume"/>) while holding the mappings.</summary>
    public int Consume<THandler>(ref THandler handler, int maxRecords, CommitMode mode)
        where THandler : IRingRecordHandler, allows ref struct
    {
        using var consumer = HandleLease.Of(_consumerPage);
        using var producer = HandleLease.Of(_producerArea);
        return RingWalker.Consume(Layout, ref handler, maxRecords, mode);
    }

    /// <summary>Bytes not consumed yet (records still being written included).</summary>
    public ulong Pending()
    {
        using var consumer = HandleLease.Of(_consumerPage);
        using var producer = HandleLease.Of(_producerArea);
        return RingWalker.Pending(Layout);
    }

    /// <summary>Unmaps both regions (once the last <see cref="Consume"/> in flight has left them).</summary>
    public void Dispose()
    {
        _producerArea.Dispose();
        _consumerPage.Dispose();
    }
}
