using ManagedBpf.Btf;
using ManagedBpf.Externs;
using ManagedBpf.Maps;
using ManagedBpf.Programs;

namespace ManagedBpf;

/// <summary>
/// What a BPF object file says: programs, maps, global variables and BTF. Parsed from bytes alone (no system
/// calls), deterministic, and editable (set variables, resize maps) before <c>BpfObject.Load</c>.
/// </summary>
public sealed class ObjectSpec
{
    internal ObjectSpec(string name, string license, IReadOnlyDictionary<string, ProgramSpec> programs,
        IReadOnlyDictionary<string, MapSpec> maps, IReadOnlyDictionary<string, VariableSpec> variables,
        IReadOnlyList<BpfFunction> functions, IReadOnlyList<ExternSpec> externs, BtfSpec? btf, BtfExt? btfExt, ElfLayout layout)
    {
        Externs = externs;
        Name = name;
        License = license;
        Programs = programs;
        Maps = maps;
        Variables = variables;
        Functions = functions;
        Btf = btf;
        BtfExt = btfExt;
        Layout = layout;
    }

    /// <summary>The object's name (the file name without extensions), used to prefix global-data map names.</summary>
    public string Name { get; }

    /// <summary>The <c>license</c> section's string.</summary>
    public string License { get; }

    /// <summary>Entry programs by function name, in section order.</summary>
    public IReadOnlyDictionary<string, ProgramSpec> Programs { get; }

    /// <summary>Maps by name: <c>.maps</c> definitions by variable name, global data by section name (<c>.rodata</c>).</summary>
    public IReadOnlyDictionary<string, MapSpec> Maps { get; }

    /// <summary>Global variables of the data sections by name.</summary>
    public IReadOnlyDictionary<string, VariableSpec> Variables { get; }

    /// <summary>
    /// The symbols the kernel supplies at load (<c>__kconfig</c> and <c>__ksym</c> externs), in libbpf's order:
    /// kconfig ones first, laid out in the <c>.kconfig</c> map.
    /// </summary>
    public IReadOnlyList<ExternSpec> Externs { get; }

    /// <summary>The object's BTF (.BTF), if it has one.</summary>
    public BtfSpec? Btf { get; }

    /// <summary>The object's .BTF.ext (func_info, line_info, CO-RE relocations), if it has one.</summary>
    public BtfExt? BtfExt { get; }

    /// <summary>Every function, entry programs and the <c>.text</c> subprograms they call.</summary>
    public IReadOnlyList<BpfFunction> Functions { get; }

    /// <summary>The ELF sections, in header order.</summary>
    public IReadOnlyList<ObjectSection> Sections => Layout.Sections;

    /// <summary>Section sizes and symbol offsets: what the DATASEC fix-up of the BTF needs.</summary>
    internal ElfLayout Layout { get; }

    /// <summary>
    /// A copy whose editable parts are its own (programs' settings, maps, variables and the images they write), so
    /// that one parse serves many loads with different edits, as cilium/ebpf's CollectionSpec.Copy. What no edit
    /// reaches (instructions, BTF, externs, the ELF layout) is shared: it is never written after parsing.
    /// </summary>
    public ObjectSpec Copy()
    {
        var maps = Maps.ToDictionary(m => m.Key, m => m.Value.Copy(), StringComparer.Ordinal);
        // A variable is a window onto its global-data map's image: it must look at the copy's.
        var variables = Variables.ToDictionary(v => v.Key, v => v.Value.WithMap(maps[v.Value.Map.Name]), StringComparer.Ordinal);
        var programs = Programs.ToDictionary(p => p.Key, p => p.Value.Copy(), StringComparer.Ordinal);
        return new ObjectSpec(Name, License, programs, maps, variables, Functions, Externs, Btf, BtfExt, Layout);
    }

    /// <summary>Parses a clang-built BPF object (<c>clang -target bpf -g -O2</c>).</summary>
    /// <param name="image">The ELF file's bytes, needed only during the call: the spec copies what it keeps (instructions,
    /// BTF, data images), so the image may be a mapping unmapped afterwards.</param>
    /// <param name="name">The object's name, as libbpf derives it from the file name (<c>bootstrap</c> for bootstrap.bpf.o).</param>
    /// <param name="log">Receives libbpf-style debug lines about what was found.</param>
    /// <exception cref="BpfFormatException">The object is malformed.</exception>
    public static ObjectSpec Parse(ReadOnlyMemory<byte> image, string name = "object", Action<string>? log = null) =>
        new ObjectSpecReader(image, name, log ?? (_ => { })).Read();

    /// <summary>The name libbpf gives the object of a file: its file name up to the first dot (<c>bootstrap</c> for bootstrap.bpf.o).</summary>
    public static string NameFromPath(string path)
    {
        var fileName = System.IO.Path.GetFileName(path);
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? fileName[..dot] : fileName;
    }
}
