using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedBpf.Btf;
using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Interop;

/// <summary>
/// Every struct Interop hands to the kernel, against the running kernel's own BTF (/sys/kernel/btf/vmlinux): each
/// field, found by the C name its <see cref="KernelFieldAttribute"/> gives, must sit at the kernel member's offset
/// and have its size, and the struct's size must fit the kernel's by the rule of its call (<see cref="SizeRule"/>).
/// For <c>union bpf_attr</c> the member of the union the struct stands for (one anonymous struct per command, or a
/// named one: <c>link_create</c>, <c>test</c>, <c>info</c>) is the one member that has every one of its C names.
/// Checking on this machine checks the other 64-bit architectures too: our structs are explicit layouts, and the
/// kernel's bpf.h and perf_event.h structs are made of fixed-width members (__aligned_u64 for pointers) laid out
/// alike everywhere. epoll_event is the one that differs (<see cref="EpollUnpacked"/>).
/// </summary>
public class KernelStructLayoutTests
{
    /// <summary>How the size of our struct must compare with the kernel's.</summary>
    public enum SizeRule
    {
        /// <summary>
        /// Ours may be a prefix of the kernel's (smaller or equal): bpf(2) is given the attr's size and treats the
        /// bytes it was not given as zero, the *_info structs are copied min(info_len, the kernel's size), and
        /// perf_event_open(2) reads attr.size. The UAPI grows these structs only at the end, so a prefix stays valid.
        /// </summary>
        Prefix,

        /// <summary>The same size: an array element (epoll_event) or a struct read whole (timespec).</summary>
        Exact,

        /// <summary>At least the kernel's: a buffer the kernel fills in full (statfs).</summary>
        Buffer,
    }

    private static readonly Dictionary<Type, (string Kernel, SizeRule Rule)> Structs = new()
    {
        [typeof(MapCreateAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(MapElemAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(ProgLoadAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(ObjPinAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(ProgTestRunAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(GetIdAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(ObjGetInfoAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(BtfLoadAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(LinkCreateAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(RawTracepointOpenAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(IterCreateAttr)] = ("union bpf_attr.iter_create", SizeRule.Prefix),
        [typeof(MapBatchAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(EnableStatsAttr)] = ("union bpf_attr", SizeRule.Prefix),
        [typeof(ProgInfo)] = ("struct bpf_prog_info", SizeRule.Prefix),
        [typeof(MapInfo)] = ("struct bpf_map_info", SizeRule.Prefix),
        [typeof(LinkInfo)] = ("struct bpf_link_info", SizeRule.Prefix),
        [typeof(BtfInfo)] = ("struct bpf_btf_info", SizeRule.Prefix),
        [typeof(PerfEventAttr)] = ("struct perf_event_attr", SizeRule.Prefix),
        [typeof(PerfEventMmapPage)] = ("struct perf_event_mmap_page", SizeRule.Prefix),
        [typeof(EpollEvent)] = ("struct epoll_event", SizeRule.Exact),
        [typeof(Libc.Timespec)] = ("struct __kernel_timespec", SizeRule.Exact),
        [typeof(Libc.StatfsBuffer)] = ("struct statfs", SizeRule.Buffer),
        [typeof(Libc.StatxBuffer)] = ("struct statx", SizeRule.Buffer),
        [typeof(Libc.SigactionBuffer)] = ("struct sigaction", SizeRule.Buffer),
    };

    private static readonly Lazy<BtfSpec> Vmlinux = new(() => KernelBtf.LoadVmlinux());

    public static TheoryData<Type> StructTypes() => [.. Structs.Keys];

    /// <summary>Without a kernel: no struct of Interop, and no field of one, escapes the checks below (ref structs such as
    /// HandleLease live on the stack only and are no kernel struct).</summary>
    [Fact]
    public void EveryInteropStructIsCheckedAndNamesAllItsFields()
    {
        var structs = typeof(BpfSyscall).Assembly.GetTypes()
            .Where(t => t.IsValueType && !t.IsEnum && !t.IsByRefLike && !t.IsDefined(typeof(CompilerGeneratedAttribute)))
            .Where(t => t.Namespace == typeof(BpfSyscall).Namespace || Fields(t).Any(f => f.IsDefined(typeof(KernelFieldAttribute))));
        Assert.Equal(structs.Select(t => t.FullName).Order(), Structs.Keys.Select(t => t.FullName).Order());
        foreach (var type in Structs.Keys)
        {
            var unnamed = Fields(type).Where(f => f.GetCustomAttribute<KernelFieldAttribute>() is null).Select(f => f.Name);
            Assert.True(!unnamed.Any(), $"{type.Name}: no [KernelField] on {string.Join(", ", unnamed)}");
        }
    }

    [KernelTheory]
    [MemberData(nameof(StructTypes))]
    public void EveryFieldHasTheOffsetAndSizeOfItsKernelMember(Type type)
    {
        var btf = Vmlinux.Value;
        var (container, where) = KernelContainer(btf, type);
        var wrong = new List<string>();
        foreach (var field in Fields(type))
        {
            var cName = field.GetCustomAttribute<KernelFieldAttribute>()!.Name;
            var what = $"{type.Name}.{field.Name} ({cName} in {where})";
            var (offset, size) = KernelMember(btf, container, cName, what);
            var (ourOffset, ourSize) = (Marshal.OffsetOf(type, field.Name).ToInt32(), Marshal.SizeOf(field.FieldType));
            if (EpollUnpacked(type) && field.Name == nameof(EpollEvent.Data))
                ourOffset = 8;
            if (ourOffset != offset)
                wrong.Add($"{what}: offset {ourOffset}, the kernel's {offset}");
            if (ourSize != size)
                wrong.Add($"{what}: size {ourSize}, the kernel's {size}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [KernelTheory]
    [MemberData(nameof(StructTypes))]
    public void TheSizeFollowsTheRuleOfItsCall(Type type)
    {
        var (container, where) = KernelContainer(Vmlinux.Value, type);
        var size = ManagedSize(type);
        Assert.Equal(Marshal.SizeOf(type), size); // blittable: what is passed is what is laid out
        if (EpollUnpacked(type))
            size = 16;
        var rule = Structs[type].Rule;
        var holds = rule switch
        {
            SizeRule.Prefix => size <= container.Size,
            SizeRule.Exact => size == container.Size,
            _ => size >= container.Size,
        };
        Assert.True(holds, $"{type.Name} is {size} bytes, {where} is {container.Size}: {rule} does not hold");
    }

    /// <summary>
    /// <see cref="EpollEvent"/> is x86_64's packed layout (data at 4, 12 bytes); elsewhere the kernel aligns data to 8
    /// and <see cref="Epoll"/> reads and writes events with that offset and a 16-byte stride instead of the struct's.
    /// </summary>
    private static bool EpollUnpacked(Type type) =>
        type == typeof(EpollEvent) && RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64;

    private static IEnumerable<FieldInfo> Fields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private static int ManagedSize(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    /// <summary>
    /// The kernel struct <paramref name="type"/> stands for: the named struct, or the one member of union bpf_attr in
    /// which every C name of the type's fields is found.
    /// </summary>
    private static (BtfComposite Container, string Where) KernelContainer(BtfSpec btf, Type type)
    {
        var kernelName = Structs[type].Kernel;
        // "union bpf_attr.iter_create": the named member, where its C names alone would fit several (link_fd, flags).
        var memberName = kernelName.Contains('.') ? kernelName[(kernelName.IndexOf('.') + 1)..] : null;
        var (kind, name) = kernelName.Split('.')[0].Split(' ') switch
        {
            ["union", var n] => (BtfKind.Union, n),
            [_, var n] => (BtfKind.Struct, n),
            _ => throw new ArgumentException(kernelName),
        };
        var declared = (BtfComposite)btf.GetType(btf.FindTypeId(name, kind));
        if (kind == BtfKind.Struct)
            return (declared, kernelName);

        var cNames = Fields(type).Select(f => f.GetCustomAttribute<KernelFieldAttribute>()!.Name.Split('.')[0]).ToList();
        var matches = declared.Members
            .Select((member, index) => (member, index, type: btf.GetType(btf.ResolveType(member.TypeId)) as BtfComposite))
            .Where(m => m.type is not null && (memberName is null || m.member.Name == memberName) && cNames.All(c => Find(btf, m.type, c, 0).Any()))
            .ToList();
        Assert.True(matches.Count == 1,
            $"{type.Name}: {matches.Count} members of {kernelName} have all of {string.Join(", ", cNames)}");
        var (match, position, composite) = matches[0];
        Assert.Equal(0u, match.BitOffset);
        return (composite!, match.Name.Length > 0 ? $"{kernelName}.{match.Name}" : $"{kernelName}'s anonymous member #{position}");
    }

    /// <summary>
    /// Byte offset and size of the member a dotted C path names in <paramref name="container"/>. A bitfield stands for
    /// the run of bitfields it starts: the bytes from its first bit to the last bit of the run.
    /// </summary>
    private static (int Offset, int Size) KernelMember(BtfSpec btf, BtfComposite container, string path, string what)
    {
        var composite = container;
        var bits = 0u;
        var segments = path.Split('.');
        for (var s = 0; s < segments.Length; s++)
        {
            var found = Find(btf, composite, segments[s], bits).ToList();
            Assert.True(found.Count == 1, $"{what}: {found.Count} members named {segments[s]}");
            var (holder, index, bitOffset) = found[0];
            var member = holder.Members[index];
            if (s < segments.Length - 1)
            {
                composite = Assert.IsType<BtfComposite>(btf.GetType(btf.ResolveType(member.TypeId)));
                bits = bitOffset;
                continue;
            }
            if (BitfieldSize(btf, member) == 0)
                return ((int)(bitOffset / 8), (int)btf.SizeOf(member.TypeId));

            Assert.True(bitOffset % 8 == 0, $"{what}: the bitfield starts inside a byte, at bit {bitOffset}");
            var end = bitOffset;
            for (var i = index; i < holder.Members.Count && BitfieldSize(btf, holder.Members[i]) is var size and > 0; i++)
                end = Math.Max(end, bitOffset - member.BitOffset + holder.Members[i].BitOffset + size);
            return ((int)(bitOffset / 8), (int)((end - bitOffset + 7) / 8));
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// Members named <paramref name="name"/>, looking through anonymous structs and unions as C name lookup does, with
    /// bit offsets from the start of the outermost composite.
    /// </summary>
    private static IEnumerable<(BtfComposite Holder, int Index, uint BitOffset)> Find(BtfSpec btf, BtfComposite composite, string name, uint baseBits)
    {
        for (var i = 0; i < composite.Members.Count; i++)
        {
            var member = composite.Members[i];
            if (member.Name == name)
                yield return (composite, i, baseBits + member.BitOffset);
            else if (member.Name.Length == 0 && btf.GetType(btf.ResolveType(member.TypeId)) is BtfComposite inner)
            {
                foreach (var found in Find(btf, inner, name, baseBits + member.BitOffset))
                    yield return found;
            }
        }
    }

    /// <summary>The bitfield's width: from the member with kind_flag, from the int type without it, 0 for no bitfield.</summary>
    private static uint BitfieldSize(BtfSpec btf, BtfMember member) =>
        member.BitfieldSize != 0 ? member.BitfieldSize
        : btf.GetType(btf.ResolveType(member.TypeId)) is BtfInt i && i.Bits != i.Size * 8 ? i.Bits
        : 0;
}
