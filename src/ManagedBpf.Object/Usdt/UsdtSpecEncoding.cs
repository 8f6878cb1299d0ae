using System.Buffers.Binary;

namespace ManagedBpf.Usdt;

/// <summary>
/// struct __bpf_usdt_spec as libbpf's usdt.bpf.h declares it, the value of the <c>__bpf_usdt_specs</c> map: twelve
/// 16-byte struct __bpf_usdt_arg_spec (val_off u64; arg_type in the low byte of the next 32 bits, with idx_reg_off and
/// scale_bitshift above it since libbpf 1.6; reg_off s16; arg_signed; arg_bitshift), then usdt_cookie (u64) and
/// arg_cnt (s16): 208 bytes. libbpf 1.1's arg_type is a whole 4-byte enum at the same offset, which reads the same for
/// every kind but the scaled index one it lacks.
/// </summary>
public static class UsdtSpecEncoding
{
    /// <summary>BPF_USDT_MAX_ARG_CNT.</summary>
    public const int MaxArguments = 12;

    /// <summary>sizeof(struct __bpf_usdt_spec).</summary>
    public const int Size = 208;

    private const int ArgumentSize = 16, CookieOffset = MaxArguments * ArgumentSize, CountOffset = CookieOffset + 8;

    /// <summary>The map value for a probe site with these arguments and the attachment's USDT cookie.</summary>
    public static byte[] Encode(IReadOnlyList<UsdtArgument> arguments, ulong cookie)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count > MaxArguments)
            throw new ArgumentException($"a USDT probe has at most {MaxArguments} arguments", nameof(arguments));
        var value = new byte[Size];
        for (var i = 0; i < arguments.Count; i++)
        {
            var a = arguments[i];
            var slot = value.AsSpan(i * ArgumentSize, ArgumentSize);
            BinaryPrimitives.WriteInt64LittleEndian(slot, a.ValueOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[8..], (uint)a.Kind | ((uint)a.IndexRegisterOffset & 0xfff) << 8 | (uint)(a.ScaleShift & 0xf) << 20);
            BinaryPrimitives.WriteInt16LittleEndian(slot[12..], a.RegisterOffset);
            slot[14] = a.Signed ? (byte)1 : (byte)0;
            slot[15] = a.BitShift;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(value.AsSpan(CookieOffset), cookie);
        BinaryPrimitives.WriteInt16LittleEndian(value.AsSpan(CountOffset), (short)arguments.Count);
        return value;
    }
}
