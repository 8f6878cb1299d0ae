using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedBpf.Interop;
using ManagedBpf.RingBuffer;

namespace ManagedBpf.PerfBuffer;

/// <summary>
/// One CPU's ring of a perf buffer: a PERF_COUNT_SW_BPF_OUTPUT perf event opened on that CPU (as libbpf's
/// perf_buffer__open_cpu_buf does), its control page and data pages mapped read-write (user space writes data_tail),
/// and the event enabled. bpf_perf_event_output(ctx, &amp;map, BPF_F_CURRENT_CPU, ...) writes to the event stored at
/// the running CPU's index of the PERF_EVENT_ARRAY.
/// </summary>
internal sealed unsafe class PerfRing : IPullRing
{
    private readonly SafeFd _event;
    private readonly MmapRegion _mapping;
    private readonly ReadOnlyMemory<byte> _data;
    private PerfCursor _cursor;

    // The mapping, held while a sample read through TryRead is out.
    private readonly HeldReference _held = new();

    public PerfRing(int cpu, int pages, string mapName)
    {
        Cpu = cpu;
        Name = $"{mapName} (cpu {cpu})";
        var attr = new PerfEventAttr
        {
            Type = PerfEvent.TypeSoftware,
            Config = PerfEvent.CountSwBpfOutput,
            SampleType = PerfEvent.SampleRaw,
            SamplePeriod = 1,
            // Wake the reader after every sample, as libbpf's default sample_period of 1 does.
            WakeupEvents = 1,
        };
        _event = PerfEvent.Open(ref attr, pid: -1, cpu, groupFd: -1, flags: 0, Name);
        try
        {
            var page = (nuint)Environment.SystemPageSize;
            var size = (nuint)pages * page;
            // One control page, then the data: the kernel wants 1 + 2^n pages (perf_mmap in kernel/events/core.c).
            _mapping = MmapRegion.Map(_event, page + size, writable: true, 0, Name);
            var header = (PerfEventMmapPage*)_mapping.Address;
            // data_offset is set since 4.1; it is the page size there too.
            var dataOffset = header->DataOffset != 0 ? (nuint)header->DataOffset : page;
            Layout = new PerfRingLayout(header, (byte*)_mapping.Address + dataOffset, size);
            _data = new MappedMemory(Layout.Data, checked((int)size)).Memory;
            _cursor = PerfRingWalker.Start(Layout);
            var errno = PerfEvent.TryIoctl(_event, PerfEvent.IocEnable, 0);
            if (errno != 0)
                throw SyscallError.Create("ioctl(PERF_EVENT_IOC_ENABLE)", errno, Name);
        }
        catch
        {
            _mapping?.Dispose();
            _event.Dispose();
            throw;
        }
    }

    /// <summary>The CPU whose samples this ring receives.</summary>
    public int Cpu { get; }

    /// <summary>The map's name and the CPU, for messages.</summary>
    public string Name { get; }

    /// <summary>The perf event fd: epoll reports EPOLLIN once a sample woke it (perf_poll).</summary>
    public SafeFd EventFd => _event;

    /// <summary>The pointers; valid only while the mapping is held.</summary>
    public PerfRingLayout Layout { get; }

    /// <summary>Samples the kernel reported lost on this CPU so far.</summary>
    public ulong Lost => Volatile.Read(ref _cursor.Lost);

    public int Consume<THandler>(ref THandler handler, int maxRecords, CommitMode mode)
        where THandler : IRingRecordHandler, allows ref struct
    {
        _held.Release();
        using var mapping = HandleLease.Of(_mapping);
        return PerfRingWalker.Consume(Layout, ref _cursor, ref handler, maxRecords, mode);
    }

    public bool TryRead(out byte* record, out int length)
    {
        _held.Hold(_mapping);
        if (PerfRingWalker.TryRead(Layout, ref _cursor, out var start, out length, out var inScratch))
        {
            record = (inScratch ? ScratchAddress : Layout.Data) + start;
            return true;
        }
        _held.Release();
        record = null;
        return false;
    }

    // The scratch array is pinned (PerfRingWalker allocates it so): its address is stable.
    private byte* ScratchAddress => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_cursor.Scratch));

    public ReadOnlyMemory<byte> AsMemory(byte* record, int length)
    {
        var offset = record - Layout.Data;
        return offset >= 0 && offset < _data.Length
            ? _data.Slice((int)offset, length)
            : _cursor.Scratch.AsMemory((int)(record - ScratchAddress), length);
    }

    public void Commit()
    {
        using (HandleLease.Of(_mapping))
            PerfRingWalker.Commit(Layout, ref _cursor);
        _held.Release();
    }

    public bool HasRecord()
    {
        using var mapping = HandleLease.Of(_mapping);
        return PerfRingWalker.HasRecord(Layout, _cursor.Tail);
    }

    public ulong Pending()
    {
        using var mapping = HandleLease.Of(_mapping);
        return PerfRingWalker.Pending(Layout);
    }

    /// <summary>Unmaps the ring and closes the event (which the map no longer reaches once its slot is deleted).</summary>
    public void Dispose()
    {
        _held.Release();
        _mapping.Dispose();
        _event.Dispose();
    }
}
