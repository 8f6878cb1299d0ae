namespace ManagedBpf;

/// <summary>The object file or a BTF blob is malformed. Names the section and the byte offset at fault.</summary>
public sealed class BpfFormatException : BpfException
{
    /// <summary>A malformed object: <paramref name="message"/> at <paramref name="offset"/> of <paramref name="section"/>.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="section">The ELF section at fault, or null for a BTF blob outside an object.</param>
    /// <param name="offset">The byte offset within the section or blob.</param>
    /// <param name="inner">The cause, if any.</param>
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
