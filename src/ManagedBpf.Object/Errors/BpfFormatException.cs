namespace ManagedBpf;

/// <summary>The object file or a BTF blob is malformed. Names the section and the byte offset at fault.</summary>
public sealed class BpfFormatException : BpfException
{
    public BpfFormatException(string message, string? section, long offset, Exception? inner = null)
        : base(section is null ? $"{message} (offset {offset})" : $"{section}: {message} (offset {offset})", inner)
    {
        Section = section;
        Offset = offset;
    }

    /// <summary>The ELF section (e.g. <c>.BTF.ext</c>) in which the problem was found, if known.</summary>
    public string? Section { get; }

    /// <summary>Byte offset within <see cref="Section"/> (or the blob) where parsing failed.</summary>
    public long Offset { get; }
}
