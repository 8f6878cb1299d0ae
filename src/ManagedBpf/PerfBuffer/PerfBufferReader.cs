using System.Buffers.Binary;
using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using ManagedBpf.Maps;

namespace ManagedBpf.PerfBuffer;

/// <summary>
/// The records BPF programs send with bpf_perf_event_output into a BPF_MAP_TYPE_PERF_EVENT_ARRAY (4.4+), read as
/// libbpf's perf_buffer does (perf_buffer__new, perf_buffer__consume): one PERF_COUNT_SW_BPF_OUTPUT event per
/// online CPU, its ring of pages mapped, its fd stored in the map at the CPU's index (the slot
/// BPF_F_CURRENT_CPU picks). Dispose deletes those slots, unmaps the rings and closes the events.
/// </summary>
public sealed unsafe class PerfBufferReader : IDisposable
{
    /// <summary>PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT; PERF_SAMPLE_RAW.</summary>
    private const uint TypeSoftware = 1, BpfOutput = 10;
    private const ulong SampleRaw = 1UL << 10;

    /// <summary>perf_event_header.type of a sample and of a count of records the kernel dropped (PERF_RECORD_*).</summary>
    private const uint RecordLost = 2, RecordSample = 9;

    /// <summary>struct perf_event_mmap_page: data_head, data_tail (include/uapi/linux/perf_event.h).</summary>
    private const int DataHeadOffset = 1024, DataTailOffset = 1032;

    private readonly BpfMap _map;
    private readonly List<CpuRing> _rings = [];
    private readonly nuint _pageSize = (nuint)Environment.SystemPageSize;
    private readonly nuint _dataSize;
    private byte[] _wrapped = [];

    /// <summary>Opens an event and a ring of <paramref name="pagesPerCpu"/> pages (a power of two) on every online CPU.</summary>
    /// <exception cref="ArgumentException">The map is not a perf event array, or the page count not a power of two.</exception>
    /// <exception cref="BpfSyscallException">perf_event_open or mmap refused.</exception>
    public PerfBufferReader(BpfMap map, int pagesPerCpu = 8)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Type != MapType.PerfEventArray)
            throw new ArgumentException($"map '{map.Name}' is a {map.Type}, not a PerfEventArray", nameof(map));
        if (pagesPerCpu <= 0 || (pagesPerCpu & (pagesPerCpu - 1)) != 0)
            throw new ArgumentException($"{pagesPerCpu} pages: the kernel maps a power of two (perf_mmap)", nameof(pagesPerCpu));
        _map = map;
        _dataSize = _pageSize * (nuint)pagesPerCpu;
        try
        {
            // libbpf skips the CPUs past max_entries too: BPF_F_CURRENT_CPU finds no event there.
            foreach (var cpu in OnlineCpus.List().Where(c => c < map.MaxEntries))
                _rings.Add(Open(cpu));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The CPUs read.</summary>
    public IReadOnlyList<int> Cpus => [.. _rings.Select(r => r.Cpu)];

    /// <summary>
    /// Hands every record written since the last call to <paramref name="onSample"/> (the CPU and the bytes the
    /// program sent, valid only during the call), and every count of records the kernel dropped because a ring was
    /// full to <paramref name="onLost"/>; returns the number of samples. Does not wait.
    /// </summary>
    public int Poll(Action<int, ReadOnlySpan<byte>> onSample, Action<int, ulong>? onLost = null)
    {
        ArgumentNullException.ThrowIfNull(onSample);
        var samples = 0;
        foreach (var ring in _rings)
        {
            using var lease = HandleLease.Of(ring.Region);
            var page = (byte*)ring.Region.Address;
            var data = page + _pageSize;
            // data_head is written by the kernel: read with acquire before the records (perf_mmap__read_head), and
            // data_tail stored with release after them, so the kernel never overwrites a record being read.
            var head = Volatile.Read(ref *(ulong*)(page + DataHeadOffset));
            var tail = *(ulong*)(page + DataTailOffset);
            while (tail < head)
            {
                var record = Record(data, tail);
                var type = BinaryPrimitives.ReadUInt32LittleEndian(record);
                if (type == RecordSample)
                {
                    var size = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
                    onSample(ring.Cpu, record.Slice(12, size));
                    samples++;
                }
                else if (type == RecordLost)
                {
                    onLost?.Invoke(ring.Cpu, BinaryPrimitives.ReadUInt64LittleEndian(record[16..]));
                }
                tail += (ulong)record.Length;
            }
            Volatile.Write(ref *(ulong*)(page + DataTailOffset), tail);
        }
        return samples;
    }

    /// <summary>Deletes the map's slots, unmaps the rings, closes the events.</summary>
    public void Dispose()
    {
        foreach (var ring in _rings)
        {
            _map.Delete(BitConverter.GetBytes(ring.Cpu));
            ring.Region.Dispose();
            ring.Event.Dispose();
        }
        _rings.Clear();
    }

    /// <summary>
    /// The record at <paramref name="position"/>; one that wraps past the ring's end is copied whole. Its 8-byte
    /// header never wraps: records are 8-byte aligned (perf_output_begin) and the ring is whole pages.
    /// </summary>
    private ReadOnlySpan<byte> Record(byte* data, ulong position)
    {
        var offset = (int)(position % _dataSize);
        var size = (int)BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(data + offset + 6, 2));
        var first = Math.Min(size, (int)_dataSize - offset);
        if (first == size)
            return new ReadOnlySpan<byte>(data + offset, size);
        if (_wrapped.Length < size)
            _wrapped = new byte[size];
        new ReadOnlySpan<byte>(data + offset, first).CopyTo(_wrapped);
        new ReadOnlySpan<byte>(data, size - first).CopyTo(_wrapped.AsSpan(first));
        return _wrapped.AsSpan(0, size);
    }

    private CpuRing Open(int cpu)
    {
        var name = $"{_map.Name} cpu {cpu}";
        var attr = new PerfEventAttr { Type = TypeSoftware, Config = BpfOutput, SampleType = SampleRaw, SamplePeriod = 1, WakeupEvents = 1 };
        var perfEvent = PerfEvent.Open(ref attr, pid: -1, cpu, groupFd: -1, flags: 0, name);
        MmapRegion? region = null;
        try
        {
            region = MmapRegion.Map(perfEvent, _pageSize + _dataSize, writable: true, 0, name);
            using (var lease = HandleLease.Of(perfEvent))
                _map.Update(BitConverter.GetBytes(cpu), BitConverter.GetBytes(lease.Raw));
            return new CpuRing(cpu, perfEvent, region);
        }
        catch
        {
            region?.Dispose();
            perfEvent.Dispose();
            throw;
        }
    }

    private readonly record struct CpuRing(int Cpu, SafeFd Event, MmapRegion Region);
}
