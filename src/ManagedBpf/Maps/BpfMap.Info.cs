using ManagedBpf.Interop;

namespace ManagedBpf.Maps;

/// <summary>The kernel's view of a map, and maps opened by id.</summary>
public sealed partial class BpfMap
{
    private BpfMap(SafeFd fd, string name, MapInfo info)
        : this(fd, name, (MapType)info.Type, info.KeySize, info.ValueSize, info.MaxEntries, (MapFlags)info.MapFlags)
    {
    }

    /// <summary>BPF_OBJ_GET_INFO_BY_FD: type, id, sizes, flags and BTF ids as the kernel keeps them.</summary>
    public BpfMapInfo GetInfo()
    {
        var info = Info();
        unsafe
        {
            return new BpfMapInfo((MapType)info.Type, info.Id, ObjectName.Decode(new ReadOnlySpan<byte>(info.Name, ObjectName.Capacity)),
                info.KeySize, info.ValueSize, info.MaxEntries, (MapFlags)info.MapFlags, info.MapExtra, info.BtfId, info.BtfKeyTypeId,
                info.BtfValueTypeId);
        }
    }

    /// <summary>
    /// Opens the map with kernel-wide id <paramref name="id"/> (BPF_MAP_GET_FD_BY_ID; the id <c>bpftool map show</c>
    /// prints, or a map-in-map lookup answers). Its type and sizes come from the kernel; the caller owns the result.
    /// Needs CAP_SYS_ADMIN.
    /// </summary>
    /// <exception cref="BpfSyscallException">No map has that id (ENOENT), or the capability is missing (EPERM).</exception>
    public static BpfMap FromId(uint id)
    {
        var attr = new GetIdAttr { StartId = id };
        var result = BpfSyscall.Invoke(BpfCommand.MapGetFdById, ref attr, $"map id {id}");
        return Adopt(SafeFd.FromRaw((int)result, "BPF_MAP_GET_FD_BY_ID", $"map id {id}"), $"map id {id}", null);
    }

    /// <summary>The kernel's view of the map (what libbpf compares before reusing a pin).</summary>
    internal MapInfo Info()
    {
        var info = default(MapInfo);
        BpfSyscall.GetInfo(_fd, ref info, Name);
        return info;
    }

    /// <summary>Wraps an fd the kernel gave for an existing map; named <paramref name="name"/>, or the kernel's name.</summary>
    private static unsafe BpfMap Adopt(SafeFd fd, string what, string? name)
    {
        try
        {
            var info = default(MapInfo);
            BpfSyscall.GetInfo(fd, ref info, name ?? what);
            return new BpfMap(fd, name ?? ObjectName.Decode(new ReadOnlySpan<byte>(info.Name, ObjectName.Capacity)), info);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }
}
