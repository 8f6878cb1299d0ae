namespace ManagedBpf.CodeGen;

/// <summary>What <see cref="CSharpGenerator.Generate"/> writes, beyond what the object says.</summary>
public sealed record GeneratorOptions
{
    /// <summary>The object's file name (<c>bootstrap.bpf.o</c>): named in doc comments, and the default <see cref="ResourceName"/>.</summary>
    public required string SourceName { get; init; }

    /// <summary>The namespace of the generated types; null for the global namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>The object class's name; null for the object's name in C# form and <c>Object</c> (<c>BootstrapObject</c>).</summary>
    public string? ClassName { get; init; }

    /// <summary>The manifest resource the object is embedded as; null for <see cref="SourceName"/>.</summary>
    public string? ResourceName { get; init; }

    /// <summary>
    /// C types to generate besides those of maps and variables, by name (<c>event</c>, or <c>struct event</c> when a
    /// typedef shares the name): a ring buffer's records, typically, which BTF holds once the source anchors them.
    /// </summary>
    public IReadOnlyList<string> Types { get; init; } = [];
}
