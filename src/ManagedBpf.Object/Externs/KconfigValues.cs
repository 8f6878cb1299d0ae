using System.Buffers.Binary;
using System.Text;

namespace ManagedBpf.Externs;

/// <summary>
/// The contents of the <c>.kconfig</c> map: each kconfig extern's value written at its offset, with libbpf's
/// conversions (set_kcfg_value_tri/_str/_num): y/n/m for bool, tristate and char; quoted strings for char arrays,
/// cut to fit; numbers for integers, checked to fit their size and signedness. An extern takes the first value
/// given for it; weak externs never given one stay zero.
/// </summary>
internal sealed class KconfigValues
{
    private readonly Dictionary<string, ExternSpec> _externs;
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly Action<string> _log;

    public KconfigValues(IReadOnlyList<ExternSpec> externs, Action<string> log)
    {
        _externs = externs.Where(e => e.Kind == ExternKind.Kconfig).ToDictionary(e => e.Name, StringComparer.Ordinal);
        _log = log;
        Bytes = new byte[ExternCollector.KconfigSize(externs)];
    }

    /// <summary>The map's value, as it will be written before the map is frozen.</summary>
    public byte[] Bytes { get; }

    public bool IsSet(string name) => _set.Contains(name);

    /// <summary>The kconfig externs still without a value.</summary>
    public IEnumerable<ExternSpec> Unset => _externs.Values.Where(e => !_set.Contains(e.Name));

    /// <summary>One line of a kernel config (<c>CONFIG_X=value</c>); other lines, comments included, are skipped.</summary>
    /// <exception cref="BpfException">The line sets an extern of this object to a value its type cannot hold.</exception>
    public void ApplyConfigLine(string line)
    {
        if (!line.StartsWith("CONFIG_", StringComparison.Ordinal))
            return;
        var separator = line.IndexOf('=', StringComparison.Ordinal);
        if (separator < 0)
            throw new BpfException($"kernel config line '{line}': no '='");
        var value = line[(separator + 1)..].TrimEnd('\n');
        if (value.Length == 0)
            throw new BpfException($"kernel config line '{line}': no value");
        var name = line[..separator];
        if (!_externs.TryGetValue(name, out var extern_) || _set.Contains(name))
            return;
        switch (value[0])
        {
            case 'y' or 'n' or 'm':
                SetTristate(extern_, value[0]);
                break;
            case '"':
                SetString(extern_, value);
                break;
            default:
                if (!TryParseUnsigned(value, out var number))
                    throw new BpfException($"extern (kcfg) '{name}': value '{value}' is not a valid integer");
                if (extern_.KconfigType is not (KconfigType.Int or KconfigType.Char))
                    throw new BpfException($"extern (kcfg) '{name}': value '{value}' implies an integer type");
                SetNumber(extern_, number);
                break;
        }
        _log($"extern (kcfg) '{name}': set to {value}");
    }

    /// <summary>A value computed by the loader (LINUX_KERNEL_VERSION, feature flags), stored as an integer.</summary>
    public void SetNumber(ExternSpec extern_, ulong value)
    {
        if (extern_.KconfigType is not (KconfigType.Int or KconfigType.Char or KconfigType.Bool))
            throw new BpfException($"extern (kcfg) '{extern_.Name}': value {value} implies an integer, char or bool type");
        if (extern_.KconfigType == KconfigType.Bool && value > 1)
            throw new BpfException($"extern (kcfg) '{extern_.Name}': value {value} is not a bool");
        if (!FitsIn(extern_, value))
            throw new BpfException($"extern (kcfg) '{extern_.Name}': value {value} does not fit in {extern_.Size} bytes");
        var at = Bytes.AsSpan(extern_.Offset, extern_.Size);
        switch (extern_.Size)
        {
            case 1: at[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)value); break;
            case 8: BinaryPrimitives.WriteUInt64LittleEndian(at, value); break;
            default: throw new BpfException($"extern (kcfg) '{extern_.Name}': {extern_.Size} bytes is no integer size");
        }
        _set.Add(extern_.Name);
    }

    private void SetTristate(ExternSpec extern_, char value)
    {
        switch (extern_.KconfigType)
        {
            case KconfigType.Bool when value == 'm':
                throw new BpfException($"extern (kcfg) '{extern_.Name}': value 'm' implies a tristate or char type");
            case KconfigType.Bool:
                Bytes[extern_.Offset] = value == 'y' ? (byte)1 : (byte)0;
                break;
            case KconfigType.Tristate:
                // enum libbpf_tristate: TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2, in the enum's own size.
                var tristate = value switch { 'y' => 1u, 'm' => 2u, _ => 0u };
                BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(extern_.Offset, 4), tristate);
                break;
            case KconfigType.Char:
                Bytes[extern_.Offset] = (byte)value;
                break;
            default:
                throw new BpfException($"extern (kcfg) '{extern_.Name}': value '{value}' implies a bool, tristate or char type");
        }
        _set.Add(extern_.Name);
    }

    private void SetString(ExternSpec extern_, string value)
    {
        if (extern_.KconfigType != KconfigType.CharArray)
            throw new BpfException($"extern (kcfg) '{extern_.Name}': value {value} implies a char array type");
        if (value.Length < 2 || value[^1] != '"')
            throw new BpfException($"extern (kcfg) '{extern_.Name}': invalid string value {value}");
        var text = Encoding.UTF8.GetBytes(value[1..^1]);
        var length = Math.Min(text.Length, extern_.Size - 1);
        if (length < text.Length)
            _log($"extern (kcfg) '{extern_.Name}': {value} ({text.Length} bytes) cut to {length} bytes");
        text.AsSpan(0, length).CopyTo(Bytes.AsSpan(extern_.Offset));
        Bytes[extern_.Offset + length] = 0;
        _set.Add(extern_.Name);
    }

    /// <summary>strtoull with base 0, as libbpf parse_u64: decimal, 0x hex, 0 octal, and a leading '-' wraps.</summary>
    internal static bool TryParseUnsigned(string text, out ulong value)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var digits = negative || text.StartsWith('+') ? text[1..] : text;
        var (radix, start) = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? (16, 2)
            : digits.Length > 1 && digits[0] == '0' ? (8, 1)
            : (10, 0);
        if (start >= digits.Length)
            return radix == 8 || (radix == 10 && digits.Length > 0);
        foreach (var c in digits.AsSpan(start))
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix)
                return false;
            var next = unchecked((value * (ulong)radix) + (ulong)digit);
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
                return false;
            value = next;
        }
        value = negative ? unchecked(0 - value) : value;
        return true;
    }

    /// <summary>libbpf is_kcfg_value_in_range: the 64-bit value loses nothing in the extern's size.</summary>
    private static bool FitsIn(ExternSpec extern_, ulong value)
    {
        if (extern_.Size == 8)
            return true;
        var bits = extern_.Size * 8;
        return extern_.IsSigned
            ? unchecked(value + (1UL << (bits - 1))) < (1UL << bits)
            : value >> bits == 0;
    }
}
