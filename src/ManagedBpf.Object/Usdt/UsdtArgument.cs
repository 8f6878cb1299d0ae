using System.Globalization;
using ManagedBpf.Binaries;

namespace ManagedBpf.Usdt;

/// <summary>enum __bpf_usdt_arg_type (libbpf's usdt.bpf.h): how the BPF side fetches an argument.</summary>
public enum UsdtArgumentKind : byte
{
    /// <summary>BPF_USDT_ARG_CONST: the value is <see cref="UsdtArgument.ValueOffset"/> itself.</summary>
    Constant = 0,

    /// <summary>BPF_USDT_ARG_REG: the value is in a register.</summary>
    Register = 1,

    /// <summary>BPF_USDT_ARG_REG_DEREF: the value is in memory at register + offset.</summary>
    RegisterDeref = 2,

    /// <summary>BPF_USDT_ARG_SIB: memory at base + index &lt;&lt; scale + offset (x86; usdt.bpf.h of libbpf 1.6+ only).</summary>
    ScaledIndex = 3,
}

/// <summary>
/// One argument of a USDT probe, as libbpf's usdt.bpf.h reads it (struct __bpf_usdt_arg_spec): where the value is,
/// whether it is signed, and the shift that narrows a 1, 2 or 4-byte value to its width.
/// </summary>
/// <param name="Kind">Where the value lives.</param>
/// <param name="ValueOffset">The constant, or the memory offset from the register.</param>
/// <param name="RegisterOffset">The register's offset in struct pt_regs.</param>
/// <param name="IndexRegisterOffset">For <see cref="UsdtArgumentKind.ScaledIndex"/>: the index register's offset.</param>
/// <param name="ScaleShift">For <see cref="UsdtArgumentKind.ScaledIndex"/>: log2 of the scale (0 to 3).</param>
/// <param name="Signed">A negative size in the spec: sign-extend.</param>
/// <param name="BitShift">64 - 8 × size.</param>
public readonly record struct UsdtArgument(UsdtArgumentKind Kind, long ValueOffset, short RegisterOffset, short IndexRegisterOffset,
    byte ScaleShift, bool Signed, byte BitShift)
{
    /// <summary>
    /// struct pt_regs of x86_64 (arch/x86/include/asm/ptrace.h): each register's offset, under every name the
    /// assembler gives its 64, 32, 16 and 8-bit parts (libbpf's calc_pt_regs_off).
    /// </summary>
    private static readonly (string[] Names, short Offset)[] X64Registers =
    [
        (["r15", "r15d", "r15w", "r15b"], 0), (["r14", "r14d", "r14w", "r14b"], 8), (["r13", "r13d", "r13w", "r13b"], 16),
        (["r12", "r12d", "r12w", "r12b"], 24), (["rbp", "ebp", "bp", "bpl"], 32), (["rbx", "ebx", "bx", "bl"], 40),
        (["r11", "r11d", "r11w", "r11b"], 48), (["r10", "r10d", "r10w", "r10b"], 56), (["r9", "r9d", "r9w", "r9b"], 64),
        (["r8", "r8d", "r8w", "r8b"], 72), (["rax", "eax", "ax", "al"], 80), (["rcx", "ecx", "cx", "cl"], 88),
        (["rdx", "edx", "dx", "dl"], 96), (["rsi", "esi", "si", "sil"], 104), (["rdi", "edi", "di", "dil"], 112),
        (["rip", "eip"], 128), (["rsp", "esp", "sp", "spl"], 152),
    ];

    /// <summary>
    /// Parses a whole argument spec (<c>-4@%edi 8@-16(%rbp) 4@$5</c>) in the syntax of <paramref name="machine"/>'s
    /// assembler: x86_64's AT&amp;T operands, or arm64's (<c>-4@[sp, 96]</c>, <c>8@x1</c>, <c>4@5</c>).
    /// </summary>
    /// <exception cref="BpfException">An operand, register or size libbpf does not accept, or more than 12 arguments.</exception>
    public static IReadOnlyList<UsdtArgument> ParseAll(string spec, ushort machine)
    {
        var arguments = new List<UsdtArgument>();
        foreach (var text in Split(spec))
        {
            if (arguments.Count == UsdtSpecEncoding.MaxArguments)
                throw new BpfException($"USDT argument spec '{spec}' has more than {UsdtSpecEncoding.MaxArguments} arguments");
            arguments.Add(Parse(text, machine));
        }
        return arguments;
    }

    /// <summary>Parses one <c>SIZE@OPERAND</c>.</summary>
    public static UsdtArgument Parse(string text, ushort machine)
    {
        var at = text.IndexOf('@');
        if (at <= 0 || !int.TryParse(text.AsSpan(0, at), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size))
            throw Unrecognized(text);
        var signed = size < 0;
        var width = Math.Abs(size);
        if (width is not (1 or 2 or 4 or 8))
            throw new BpfException($"USDT argument '{text}': unsupported size {width}");
        var operand = text[(at + 1)..];
        var argument = machine switch
        {
            ElfBinary.MachineX64 => X64(operand, text),
            ElfBinary.MachineArm64 => Arm64(operand, text),
            _ => throw new BpfException($"USDT arguments of ELF machine {machine} are not supported (x86_64 and arm64 are)"),
        };
        return argument with { Signed = signed, BitShift = (byte)(64 - width * 8) };
    }

    private static UsdtArgument X64(string operand, string text)
    {
        if (operand.StartsWith('$'))
            return new UsdtArgument(UsdtArgumentKind.Constant, Number(operand[1..], text), 0, 0, 0, false, 0);
        if (operand.StartsWith('%'))
            return new UsdtArgument(UsdtArgumentKind.Register, 0, X64Register(operand[1..], text), 0, 0, false, 0);
        var open = operand.IndexOf('(');
        if (open < 0 || !operand.EndsWith(')'))
            throw Unrecognized(text);
        var offset = open == 0 ? 0 : Number(operand[..open], text);
        var parts = operand[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 1)
            return new UsdtArgument(UsdtArgumentKind.RegisterDeref, offset, X64Register(Percent(parts[0], text), text), 0, 0, false, 0);
        if (parts.Length is not (2 or 3))
            throw Unrecognized(text);
        var scale = parts.Length == 3 ? (int)Number(parts[2], text) : 1;
        var shift = scale switch
        {
            1 => 0,
            2 => 1,
            4 => 2,
            8 => 3,
            _ => throw new BpfException($"USDT argument '{text}': scale {scale} is not 1, 2, 4 or 8"),
        };
        return new UsdtArgument(UsdtArgumentKind.ScaledIndex, offset, X64Register(Percent(parts[0], text), text),
            X64Register(Percent(parts[1], text), text), (byte)shift, false, 0);
    }

    private static UsdtArgument Arm64(string operand, string text)
    {
        if (operand.StartsWith('['))
        {
            if (!operand.EndsWith(']'))
                throw Unrecognized(text);
            var parts = operand[1..^1].Split(',', StringSplitOptions.TrimEntries);
            return parts.Length switch
            {
                1 => new UsdtArgument(UsdtArgumentKind.RegisterDeref, 0, Arm64Register(parts[0], text), 0, 0, false, 0),
                2 => new UsdtArgument(UsdtArgumentKind.RegisterDeref, Number(parts[1], text), Arm64Register(parts[0], text), 0, 0, false, 0),
                _ => throw Unrecognized(text),
            };
        }
        // "4@5" is a constant, "8@x4" a register: libbpf tries the number first.
        return operand.Length > 0 && (char.IsAsciiDigit(operand[0]) || operand[0] == '-')
            ? new UsdtArgument(UsdtArgumentKind.Constant, Number(operand, text), 0, 0, 0, false, 0)
            : new UsdtArgument(UsdtArgumentKind.Register, 0, Arm64Register(operand, text), 0, 0, false, 0);
    }

    /// <summary>struct user_pt_regs of arm64: regs[0..30] then sp, pc, pstate.</summary>
    private static short Arm64Register(string name, string text)
    {
        if (name == "sp")
            return 31 * 8;
        if (name.Length > 1 && name[0] == 'x' && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < 31)
            return (short)(n * 8);
        throw new BpfException($"USDT argument '{text}': unrecognized register '{name}'");
    }

    private static short X64Register(string name, string text) =>
        X64Registers.FirstOrDefault(r => r.Names.Contains(name)) is { Names: not null } found
            ? found.Offset
            : throw new BpfException($"USDT argument '{text}': unrecognized register '{name}'");

    private static string Percent(string register, string text) =>
        register.StartsWith('%') ? register[1..] : throw Unrecognized(text);

    /// <summary>sscanf's %ld: decimal with a sign (the assembler writes no hexadecimal here, but accept it).</summary>
    private static long Number(string text, string argument)
    {
        var span = text.AsSpan().Trim();
        var negative = span.StartsWith("-");
        var digits = negative || span.StartsWith("+") ? span[1..] : span;
        var ok = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            : long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok ? (negative ? -value : value) : throw Unrecognized(argument);
    }

    /// <summary>Splits a spec at the blanks between arguments; blanks inside [] or () belong to the operand.</summary>
    private static IEnumerable<string> Split(string spec)
    {
        var depth = 0;
        var start = -1;
        for (var i = 0; i <= spec.Length; i++)
        {
            var c = i < spec.Length ? spec[i] : ' ';
            depth += c is '[' or '(' ? 1 : c is ']' or ')' ? -1 : 0;
            if (char.IsWhiteSpace(c) && depth <= 0)
            {
                if (start >= 0)
                    yield return spec[start..i];
                start = -1;
            }
            else if (start < 0)
            {
                start = i;
            }
        }
    }

    private static BpfException Unrecognized(string text) => new($"USDT argument '{text}' is not in a form libbpf reads");
}
