using System.Reflection;
using System.Runtime.Loader;
using ManagedBpf.CodeGen;
using ManagedBpf.CodeGen.Naming;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ManagedBpf.Tests.CodeGen;

/// <summary>
/// What <c>mbpf gen</c> writes for an object, compiled with Roslyn as a consumer's build would compile it (nullable
/// on, XML docs checked, every warning an error) and loaded into a collectible context, to look at the types the
/// runtime actually lays out.
/// </summary>
internal sealed class GeneratedCode
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            // This assembly and the executables hold generated types of their own (BpfObject items).
            .Where(p => Path.GetFileNameWithoutExtension(p) is not ("ManagedBpf.Tests" or "proctracer" or "mbpf" or "gendemo"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray());

    private GeneratedCode(ObjectSpec spec, GeneratorOptions options, string source, Assembly assembly)
    {
        Spec = spec;
        Options = options;
        Source = source;
        Assembly = assembly;
    }

    public ObjectSpec Spec { get; }

    public GeneratorOptions Options { get; }

    /// <summary>The generated file.</summary>
    public string Source { get; }

    /// <summary>The compiled file.</summary>
    public Assembly Assembly { get; }

    /// <summary>Generates the C# of the object at <paramref name="path"/> (in a namespace of its own), compiles and loads it.</summary>
    public static GeneratedCode Of(string path, params string[] types) => Of(path, types, source => source);

    /// <summary>As <see cref="Of(string, string[])"/>, the generated text passed through <paramref name="edit"/> before it is compiled.</summary>
    public static GeneratedCode Of(string path, string[] types, Func<string, string> edit)
    {
        var spec = TestObjects.ParseFile(path);
        var options = new GeneratorOptions
        {
            SourceName = Path.GetFileName(path),
            Namespace = "Generated." + CSharpNames.PascalCase(Path.GetFileName(path)),
            Types = types,
        };
        var source = edit(CSharpGenerator.Generate(spec, options));
        return new GeneratedCode(spec, options, source, Compile(options.Namespace, source));
    }

    /// <summary>The type <paramref name="name"/> of the generated namespace (nested types: <c>Outer+Inner</c>).</summary>
    public Type Type(string name) =>
        Assembly.GetType($"{Options.Namespace}.{name}") ?? throw new InvalidOperationException($"no type {name} in the generated code");

    private static Assembly Compile(string name, string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose), path: name + ".g.cs");
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error, warningLevel: 9999);
        var compilation = CSharpCompilation.Create(name, [tree], References.Value, options);
        using var image = new MemoryStream();
        using var docs = new MemoryStream();
        var result = compilation.Emit(image, xmlDocumentationStream: docs);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
            throw new InvalidOperationException($"the generated code of {name} does not compile cleanly:\n" + string.Join("\n", problems.Take(20)));
        image.Position = 0;
        return new AssemblyLoadContext(name, isCollectible: true).LoadFromStream(image);
    }
}
