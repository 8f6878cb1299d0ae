using System.Text;
using ManagedBpf.Binaries;

namespace ManagedBpf.Usdt;

/// <summary>
/// One USDT probe site, as its SystemTap note (<c>.note.stapsdt</c>, owner "stapsdt", type 3) describes it: three
/// addresses (the probe's NOP, the link-time address of <c>.stapsdt.base</c>, the semaphore or 0), then the provider,
/// the name and the argument spec as NUL-terminated strings (libbpf's parse_usdt_note, after perf's).
/// </summary>
/// <param name="Provider">The provider (<c>STAP_PROBE(provider, name, ...)</c>).</param>
/// <param name="Name">The probe's name.</param>
/// <param name="Location">The probe's address as linked.</param>
/// <param name="Base">The address of <c>.stapsdt.base</c> when linked, or 0.</param>
/// <param name="Semaphore">The address of the probe's 2-byte semaphore, or 0.</param>
/// <param name="Arguments">The argument spec, e.g. <c>-4@%edi 8@-16(%rbp)</c>; empty when the probe has none.</param>
public sealed record UsdtNote(string Provider, string Name, ulong Location, ulong Base, ulong Semaphore, string Arguments)
{
    /// <summary>The section, owner and type of USDT notes.</summary>
    public const string NoteSection = ".note.stapsdt", Owner = "stapsdt", BaseSection = ".stapsdt.base";

    /// <summary>NT_STAPSDT.</summary>
    public const uint NoteType = 3;

    /// <summary>Every USDT note of <paramref name="binary"/>, in file order (none when it has no .note.stapsdt).</summary>
    /// <exception cref="BpfFormatException">A note is malformed.</exception>
    public static IReadOnlyList<UsdtNote> All(ElfBinary binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        var section = binary.Section(NoteSection);
        if (section is null)
            return [];
        if (section.Type != ElfBinary.Note)
            throw new BpfFormatException($"{binary.Name}: {NoteSection} is not a SHT_NOTE section", NoteSection, 0);
        return binary.Notes(section).Where(n => n.Owner == Owner && n.Type == NoteType)
            .Select(n => Parse(n.Descriptor.Span, binary.Name)).ToList();
    }

    /// <summary>Decodes one note's descriptor.</summary>
    /// <exception cref="BpfFormatException">Too short, an unterminated string, or an empty name.</exception>
    public static UsdtNote Parse(ReadOnlySpan<byte> descriptor, string file)
    {
        // Three addresses and at least three empty strings.
        if (descriptor.Length < 24 + 3)
            throw Malformed(file, "is shorter than three addresses and three strings");
        var strings = descriptor[24..];
        var provider = Next(ref strings, file, "provider");
        var name = Next(ref strings, file, "name");
        if (name.Length == 0)
            throw Malformed(file, "has an empty name");
        if (strings.IsEmpty)
            throw Malformed(file, "has no argument spec");
        var end = strings.IndexOf((byte)0);
        var arguments = Encoding.UTF8.GetString(end < 0 ? strings : strings[..end]);
        // libbpf: an argument spec that starts with ':' is no spec at all.
        if (arguments.StartsWith(':'))
            arguments = "";
        return new UsdtNote(provider, name, ElfBinary.U64(descriptor, 0), ElfBinary.U64(descriptor, 8), ElfBinary.U64(descriptor, 16), arguments);
    }

    private static string Next(ref ReadOnlySpan<byte> strings, string file, string what)
    {
        var end = strings.IndexOf((byte)0);
        if (end < 0)
            throw Malformed(file, $"has an unterminated {what}");
        var text = Encoding.UTF8.GetString(strings[..end]);
        strings = strings[(end + 1)..];
        return text;
    }

    private static BpfFormatException Malformed(string file, string what) =>
        new($"{file}: a USDT note {what}", NoteSection, 0);
}
