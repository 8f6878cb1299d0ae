using System.Buffers.Binary;
using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Maps;

/// <summary>
/// A struct_ops map registered with the kernel (libbpf's bpf_map__attach_struct_ops): its value, with each function
/// pointer set to its program's fd, written as element 0, which makes the kernel build the trampolines. For a
/// <c>.struct_ops</c> map that write registers the ops (a TCP congestion control appears under its name, for
/// instance) and disposing deletes element 0 again; for a <c>.struct_ops.link</c> map (BPF_F_LINK) a bpf link
/// registers them and disposing closes the link.
/// </summary>
/// <remarks>
/// The kernel holds a registered <c>.struct_ops</c> map itself: if the process ends without disposing, the ops
/// stay registered until someone deletes the element (<c>bpftool struct_ops unregister name NAME</c>), as with
/// libbpf. A <c>.struct_ops.link</c> registration ends with its link fd, so with the process.
/// </remarks>
public sealed class StructOpsRegistration : IDisposable
{
    private static readonly byte[] Key = new byte[4];
    private readonly BpfMap _map;
    private readonly SafeFd? _link;
    private bool _disposed;

    private StructOpsRegistration(BpfMap map, SafeFd? link)
    {
        _map = map;
        _link = link;
    }

    /// <summary>The bpf link's id (bpftool link show), or 0 for a map registered without a link.</summary>
    public uint LinkId { get; private init; }

    /// <summary>The struct_ops map whose value is registered.</summary>
    public string MapName => _map.Name;

    internal static StructOpsRegistration Register(BpfMap map, KernelStructOps ops, IReadOnlyDictionary<string, BpfProgram> programs)
    {
        var value = (byte[])ops.Value.Clone();
        foreach (var (offset, name) in ops.FunctionSlots)
        {
            var program = programs.GetValueOrDefault(name)
                ?? throw new BpfException($"struct_ops '{map.Name}': program '{name}' was not loaded (autoload is off)");
            // The kernel reads each function pointer slot as the fd of the program to call there; the object that
            // owns the programs keeps these fds open for as long as the registration can be made.
            BinaryPrimitives.WriteUInt64LittleEndian(value.AsSpan(offset), (ulong)program.Fd.Raw);
        }
        map.Update(Key, value);
        if (!map.Flags.HasFlag(MapFlags.Link))
            return new StructOpsRegistration(map, null);
        var link = CreateLink(map);
        var info = default(LinkInfo);
        BpfSyscall.GetInfo(link, ref info, map.Name);
        return new StructOpsRegistration(map, link) { LinkId = info.Id };
    }

    /// <summary>BPF_LINK_CREATE for BPF_STRUCT_OPS takes the map where other links take a program.</summary>
    private static SafeFd CreateLink(BpfMap map)
    {
        using var mapFd = HandleLease.Of(map.Fd);
        var attr = new LinkCreateAttr { ProgFd = (uint)mapFd.Raw, AttachType = (uint)AttachType.StructOps };
        var result = BpfSyscall.TryInvoke(BpfCommand.LinkCreate, ref attr, out var errno);
        return result >= 0 ? SafeFd.FromRaw((int)result, "BPF_LINK_CREATE", map.Name) : throw SyscallError.Create("BPF_LINK_CREATE", errno, map.Name);
    }

    /// <summary>Unregisters the ops (BPF_MAP_DELETE_ELEM of element 0).</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_link is not null)
            _link.Dispose();
        else
            _map.Delete(Key);
    }
}
