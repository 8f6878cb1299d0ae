using ManagedBpf.Maps;

namespace ManagedBpf.CodeGen.Emit;

/// <summary>
/// The class of one object (<c>BootstrapObject</c>), as bpftool's skeleton is for C and bpf2go's objects are for Go:
/// <c>Open()</c> parses the object embedded in the assembly into a <c>Spec</c> whose typed properties set variables
/// and edit maps and programs before load; <c>Load()</c> gives the live object, with a typed property per program, map
/// and data section, <c>AttachAll()</c> and <c>Dispose()</c>. The classes of the data sections are written by
/// <see cref="SectionWriter"/>; both phases share them, through the <c>GlobalData</c> class written here.
/// </summary>
internal static class ObjectWriter
{
    private const string ManagedBpf = "global::ManagedBpf";

    /// <param name="w">Where to write.</param>
    /// <param name="context">The types of the object's BTF, or null for an object without BTF.</param>
    /// <param name="spec">The object.</param>
    /// <param name="model">Its sections, maps and programs, named.</param>
    /// <param name="className">The class's name.</param>
    /// <param name="classReference">The class as written anywhere in the file (<c>global::N.BootstrapObject</c>).</param>
    /// <param name="resourceName">The manifest resource that holds the object.</param>
    /// <param name="sourceName">The object's file name.</param>
    public static void Write(CodeWriter w, EmitContext? context, ObjectSpec spec, ObjectModel model, string className, string classReference,
        string resourceName, string sourceName)
    {
        var source = EmitContext.Xml(sourceName);
        w.Summary($"<c>{source}</c> typed from its BTF: a property per program, map and global variable, and the object itself,\n" +
            $"embedded in this assembly as the resource <see cref=\"ResourceName\"/>. <see cref=\"Open()\"/> parses it into a\n" +
            "<see cref=\"Spec\"/> for what is set before load; <see cref=\"Spec.Load\"/> (or <see cref=\"Load\"/>) loads it.");
        w.Open($"public sealed partial class {className} : global::System.IDisposable");
        w.ShortSummary("The manifest resource that holds the object file.");
        w.Line($"public const string ResourceName = \"{Literal(resourceName)}\";");
        w.Separate();
        w.ShortSummary("The object's name, as libbpf derives it from the file name; it prefixes the names of global-data maps.");
        w.Line($"public const string ObjectName = \"{Literal(spec.Name)}\";");

        w.Separate();
        w.Open($"private {className}({ManagedBpf}.BpfObject loaded)");
        w.Line("Object = loaded;");
        if (model.Sections.Count > 0)
            w.Line("var data = new GlobalData(loaded.Spec, loaded);");
        foreach (var section in model.Sections)
            w.Line($"{section.PropertyName} = new(data);");
        foreach (var map in model.Maps.Where(m => m.Key is not null))
            w.Line($"{map.Name} = new(loaded.Maps[\"{Literal(map.Spec.Name)}\"]);");
        w.Close();

        w.Separate();
        w.ShortSummary("The loaded object, which owns every map, program and BTF fd.");
        w.Line($"public {ManagedBpf}.BpfObject Object {{ get; }}");
        foreach (var section in model.Sections)
        {
            w.Separate();
            w.ShortSummary($"The variables of <c>{EmitContext.Xml(section.Map.SectionName!)}</c> in the loaded object{(section.Map.Freeze ? " (read-only: the kernel froze the map at load)" : ", read and written in the kernel's map")}.");
            w.Line($"public {section.ClassName} {section.PropertyName} {{ get; }}");
        }
        foreach (var map in model.Maps)
        {
            w.Separate();
            w.ShortSummary($"{MapDescription(context, map.Spec)}.");
            w.Line(map.Key is null
                ? $"public {ManagedBpf}.Maps.BpfMap {map.Name} => Object.Maps[\"{Literal(map.Spec.Name)}\"];"
                : $"public {ManagedBpf}.Maps.BpfMap<{map.KeyType}, {map.ValueType}> {map.Name} {{ get; }}");
        }
        foreach (var program in model.Programs)
        {
            w.Separate();
            w.ShortSummary($"{ProgramDescription(program)}{(program.Spec.AutoLoad ? "" : "; absent (a KeyNotFoundException) unless its AutoLoad was turned on before load")}.");
            w.Line($"public {ManagedBpf}.Programs.BpfProgram {program.Name} => Object.Programs[\"{Literal(program.Spec.Name)}\"];");
        }

        w.Separate();
        w.ShortSummary("Parses the object embedded in this assembly, for settings made before load.");
        w.Line($"public static Spec Open() => Open(ReadEmbedded());");
        w.Separate();
        w.ShortSummary("Parses another build of the object (read from a file, say) through the same typed properties.");
        w.Line($"public static Spec Open(global::System.ReadOnlyMemory<byte> image, global::System.Action<string>? log = null) =>");
        w.Line($"    new({ManagedBpf}.ObjectSpec.Parse(image, ObjectName, log));");
        w.Separate();
        w.ShortSummary("Loads the embedded object as it was compiled: <c>Open().Load(options)</c>.");
        w.Line($"public static {className} Load({ManagedBpf}.LoadOptions? options = null) => Open().Load(options);");
        w.Separate();
        w.ShortSummary("Attaches every program whose section names its target (<see cref=\"global::ManagedBpf.BpfObject.AttachAll\"/>); dispose the result to detach.");
        w.Line($"public {ManagedBpf}.Links.LinkGroup AttachAll(global::System.Action<string>? log = null) => Object.AttachAll(log);");
        w.Separate();
        w.ShortSummary("Closes every fd of the object; links keep their programs alive until they are disposed.");
        w.Line("public void Dispose() => Object.Dispose();");

        w.Separate();
        w.Open("private static byte[] ReadEmbedded()");
        w.Line($"var assembly = typeof({classReference}).Assembly;");
        w.Line("using var stream = assembly.GetManifestResourceStream(ResourceName)");
        w.Line($"    ?? throw new {ManagedBpf}.BpfException($\"{{assembly.GetName().Name}} embeds no resource '{{ResourceName}}': list the object as <BpfObject Include=\\\"...\\\" /> (build/ManagedBpf.targets), or embed it with that LogicalName\");");
        w.Line("var image = new byte[stream.Length];");
        w.Line("stream.ReadExactly(image);");
        w.Line("return image;");
        w.Close();

        WriteSpec(w, context, model, className, source);
        foreach (var section in model.Sections)
            SectionWriter.Write(w, context!, section);
        if (context is not null)
        {
            foreach (var map in model.Maps.Where(m => m.Key is not null))
            {
                if (NestedTypes.Suffix(map.Key!) is not null)
                    NestedTypes.Write(w, context, map.KeyType!, map.Key!, $"the key of map <c>{EmitContext.Xml(map.Spec.Name)}</c>");
                if (NestedTypes.Suffix(map.Value!) is not null)
                    NestedTypes.Write(w, context, map.ValueType!, map.Value!, $"the value of map <c>{EmitContext.Xml(map.Spec.Name)}</c>");
            }
        }
        if (model.Sections.Count > 0)
            GlobalDataWriter.Write(w);
        w.Close();
    }

    private static void WriteSpec(CodeWriter w, EmitContext? context, ObjectModel model, string className, string source)
    {
        w.Separate();
        w.ShortSummary($"<c>{source}</c> parsed and not yet loaded: its variables hold the values the programs start with, and its maps and programs can still be changed.");
        w.Open("public sealed partial class Spec");
        w.Open($"internal Spec({ManagedBpf}.ObjectSpec parsed)");
        w.Line("Require(parsed);");
        w.Line("Object = parsed;");
        if (model.Sections.Count > 0)
            w.Line("var data = new GlobalData(parsed, null);");
        foreach (var section in model.Sections)
            w.Line($"{section.PropertyName} = new(data);");
        w.Close();
        w.Separate();
        w.ShortSummary("The parsed object.");
        w.Line($"public {ManagedBpf}.ObjectSpec Object {{ get; }}");
        foreach (var section in model.Sections)
        {
            w.Separate();
            w.ShortSummary($"The variables of <c>{EmitContext.Xml(section.Map.SectionName!)}</c>: what the programs find there when they start{(section.Map.Freeze ? " (and, const volatile, what the verifier takes as constants)" : "")}.");
            w.Line($"public {section.ClassName} {section.PropertyName} {{ get; }}");
        }
        foreach (var map in model.Maps)
        {
            w.Separate();
            w.ShortSummary($"The definition of {MapDescription(context, map.Spec).Replace("Map <c>", "map <c>", StringComparison.Ordinal)}; its size, flags and pinning can be changed before load.");
            w.Line($"public {ManagedBpf}.Maps.MapSpec {map.Name} => Object.Maps[\"{Literal(map.Spec.Name)}\"];");
        }
        foreach (var program in model.Programs)
        {
            w.Separate();
            w.ShortSummary($"{ProgramDescription(program)}; whether it loads (AutoLoad) and its type can be changed before load.");
            w.Line($"public {ManagedBpf}.Programs.ProgramSpec {program.Name} => Object.Programs[\"{Literal(program.Spec.Name)}\"];");
        }
        w.Separate();
        w.ShortSummary("Loads the object into the kernel (<see cref=\"global::ManagedBpf.BpfObject.Load\"/>).");
        w.Line($"public {className} Load({ManagedBpf}.LoadOptions? options = null) => new({ManagedBpf}.BpfObject.Load(Object, options));");
        WriteRequire(w, model, className);
        w.Close();
    }

    /// <summary>
    /// The check that a parsed object has every map, program and variable the class names, as libbpf's
    /// bpf_object__open_skeleton fails when the object lacks one of the skeleton's maps or programs: another build
    /// given to <c>Open(image)</c> is refused at once, naming what it lacks, rather than at the first property used.
    /// </summary>
    private static void WriteRequire(CodeWriter w, ObjectModel model, string className)
    {
        var tables = new[]
        {
            ("Maps", "map", model.Maps.Select(m => m.Spec.Name).ToList()),
            ("Programs", "program", model.Programs.Select(p => p.Spec.Name).ToList()),
            ("Variables", "global variable", model.Sections.SelectMany(s => s.Variables).Select(v => v.Spec.Name).Order(StringComparer.Ordinal).ToList()),
        };
        w.Separate();
        w.Open($"private static void Require({ManagedBpf}.ObjectSpec parsed)");
        foreach (var (table, what, names) in tables.Where(t => t.Item3.Count > 0))
            w.Line($"Require(parsed.{table}, \"{what}\", [{string.Join(", ", names.Select(n => $"\"{Literal(n)}\""))}]);");
        w.Close();
        w.Separate();
        w.Open("private static void Require<T>(global::System.Collections.Generic.IReadOnlyDictionary<string, T> table, string what, string[] names)");
        w.Open("foreach (var name in names)");
        w.Line("if (!table.ContainsKey(name))");
        w.Line($"    throw new {ManagedBpf}.BpfException($\"it has no {{what}} '{{name}}', which {className} was generated from\");");
        w.Close();
        w.Close();
    }

    private static string ProgramDescription(ProgramProperty program) =>
        $"Program <c>{EmitContext.Xml(program.Spec.Name)}</c>, section <c>{EmitContext.Xml(program.Spec.SectionName)}</c> ({program.Spec.Type})";

    /// <summary>The map, its type (the UAPI name) and what its elements are, from BTF where the object has it.</summary>
    private static string MapDescription(EmitContext? context, MapSpec map)
    {
        var what = $"Map <c>{EmitContext.Xml(map.Name)}</c>: {MapTypeInfo.UapiName(map.Type)}";
        if (map.Type is MapType.RingBuf or MapType.UserRingBuf)
            return $"{what} of {map.MaxEntries} bytes" + (map.Type == MapType.RingBuf ? "; read it with a <see cref=\"global::ManagedBpf.RingBuffer.RingBufferReader\"/>" : "");
        var parts = new List<string>();
        if (map.KeySize > 0)
            parts.Add(context is not null && map.BtfKeyTypeId != 0 ? $"{context.Code((int)map.BtfKeyTypeId, "")} keys" : $"{map.KeySize}-byte keys");
        if (map.ValueSize > 0)
            parts.Add(context is not null && map.BtfValueTypeId != 0 ? $"{context.Code((int)map.BtfValueTypeId, "")} values" : $"{map.ValueSize}-byte values");
        if (MapBtfPolicy.IsPerCpu(map.Type))
            parts.Add("one value per possible CPU");
        parts.Add(map.MaxEntries switch { 0 => "sized at load", 1 => "1 entry", _ => $"at most {map.MaxEntries} entries" });
        return $"{what}, {string.Join(", ", parts)}";
    }

    /// <summary>A C# string literal's contents.</summary>
    public static string Literal(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
