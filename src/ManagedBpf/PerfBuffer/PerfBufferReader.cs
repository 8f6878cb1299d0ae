using ManagedBpf.Kernel;
using ManagedBpf.Maps;
using ManagedBpf.RingBuffer;

namespace ManagedBpf.PerfBuffer;

/// <summary>
/// Reads the samples BPF programs write with bpf_perf_event_output to a BPF_MAP_TYPE_PERF_EVENT_ARRAY (libbpf's
/// perf_buffer): one ring per online CPU (a PERF_COUNT_SW_BPF_OUTPUT event, mapped, stored at the CPU's index of the
/// map), one epoll set over all of them, and the surfaces of every <see cref="RecordReader"/>: handlers, pull and
/// async. Samples come as spans in place (a sample that runs past the end of its ring is first copied together);
/// their bytes are what the program passed, padded by the kernel to keep records 8-byte aligned, and are 4-byte
/// aligned in memory. Samples the kernel dropped because a ring was full are counted in <see cref="LostSamples"/>.
/// Each CPU's samples arrive in order; across CPUs there is no order (the ring buffer map, 5.8+, has one).
/// Not thread-safe: one thread reads; only <see cref="RecordReader.Wake"/> and cancellation may come from elsewhere.
/// Disposing deletes the map's slots, so the programs' output goes nowhere (-ENOENT) until another reader opens.
/// </summary>
/// <remarks>PERF_COUNT_SW_BPF_OUTPUT: kernel 4.4+.</remarks>
public sealed class PerfBufferReader : RecordReader
{
    /// <summary>The data pages per CPU when none are given: 64 pages (256 KiB with 4 KiB pages).</summary>
    public const int DefaultPagesPerCpu = 64;

    private readonly BpfMap _map;
    private readonly PerfRing[] _perfRings;

    /// <summary>
    /// Opens a ring of <paramref name="pagesPerCpu"/> data pages (a power of two) for every online CPU that has a slot
    /// in <paramref name="map"/>, and stores each ring's event at its CPU's index.
    /// </summary>
    /// <exception cref="ArgumentException">The map is no PERF_EVENT_ARRAY, or the page count is no power of two.</exception>
    /// <exception cref="BpfSyscallException">perf_event_open, mmap or the map update failed.</exception>
    public PerfBufferReader(BpfMap map, int pagesPerCpu = DefaultPagesPerCpu, CommitMode commitMode = CommitMode.Batched)
        : base(OpenRings(map, pagesPerCpu), map.Name, commitMode)
    {
        _map = map;
        _perfRings = [.. Rings.Cast<PerfRing>()];
        try
        {
            foreach (var ring in _perfRings)
                map.UpdateFd((uint)ring.Cpu, ring.EventFd);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The CPUs read, ascending (the online CPUs below the map's max_entries when the reader opened).</summary>
    public IReadOnlyList<int> Cpus => [.. _perfRings.Select(r => r.Cpu)];

    /// <summary>
    /// Samples the kernel dropped because a ring was full, over all CPUs, as far as the rings have been read: the kernel
    /// reports losses in a PERF_RECORD_LOST written before the next sample that fits.
    /// </summary>
    public long LostSamples
    {
        get
        {
            ulong total = 0;
            foreach (var ring in _perfRings)
                total += ring.Lost;
            return (long)total;
        }
    }

    /// <summary>Deletes the map slots this reader set, then unmaps the rings and closes their events.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _perfRings is not null)
        {
            foreach (var ring in _perfRings)
            {
                try
                {
                    _map.Delete((uint)ring.Cpu);
                }
                catch (ObjectDisposedException)
                {
                    // The map is closed already: the kernel cleared the slots this fd set (perf_event_fd_array_release).
                }
            }
        }
        base.Dispose(disposing);
    }

    private static List<IRecordRing> OpenRings(BpfMap map, int pagesPerCpu)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Type != MapType.PerfEventArray)
            throw new ArgumentException($"map '{map.Name}' is a {map.Type}, not a PerfEventArray", nameof(map));
        if (pagesPerCpu <= 0 || (pagesPerCpu & (pagesPerCpu - 1)) != 0)
            throw new ArgumentException($"the pages per CPU must be a power of two, not {pagesPerCpu}", nameof(pagesPerCpu));
        var rings = new List<IRecordRing>();
        try
        {
            // As libbpf: CPUs offline now get no ring (perf_event_open would fail there), and no more CPUs than slots.
            foreach (var cpu in OnlineCpus.List().Where(c => c < map.MaxEntries))
                rings.Add(new PerfRing(cpu, pagesPerCpu, map.Name));
        }
        catch
        {
            foreach (var ring in rings)
                ring.Dispose();
            throw;
        }
        return rings.Count > 0 ? rings : throw new ArgumentException($"map '{map.Name}' has no slot for an online CPU ({map.MaxEntries} entries)", nameof(map));
    }
}
