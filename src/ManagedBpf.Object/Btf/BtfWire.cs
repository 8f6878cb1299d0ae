using System.Buffers.Binary;

namespace ManagedBpf.Btf;

/// <summary>
/// The on-disk layout of BTF (include/uapi/linux/btf.h): <c>struct btf_header</c>, the 12-byte
/// <c>struct btf_type</c> and the per-kind data that follows it. Little-endian only, as are all BPF targets
/// this loader supports.
/// </summary>
internal static class BtfWire
{
    /// <summary>BTF_MAGIC as read little-endian.</summary>
    public const ushort Magic = 0xeB9F;

    /// <summary>BTF_MAGIC as read from a big-endian blob.</summary>
    public const ushort MagicSwapped = 0x9FeB;

    /// <summary>sizeof(struct btf_header) for version 1.</summary>
    public const int HeaderSize = 24;

    /// <summary>sizeof(struct btf_type).</summary>
    public const int TypeHeaderSize = 12;

    /// <summary>sizeof(struct btf_member), btf_var_secinfo, btf_enum64 and btf_array.</summary>
    public const int MemberSize = 12;


    /// <summary>BTF_INT_SIGNED and BTF_INT_BOOL: bits of the INT data word's encoding (bits 24..27).</summary>
    public const uint IntSigned = 1, IntBool = 4;


    /// <summary>MAX_RESOLVE_DEPTH in libbpf: how many typedef/modifier/array links a size or type resolution follows.</summary>
    public const int MaxResolveDepth = 32;

    public static BtfKind Kind(uint info) => (BtfKind)((info >> 24) & 0x1f);

    public static int Vlen(uint info) => (int)(info & 0xffff);

    public static bool KindFlag(uint info) => (info >> 31) != 0;

    public static uint U32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset, 4));

}
