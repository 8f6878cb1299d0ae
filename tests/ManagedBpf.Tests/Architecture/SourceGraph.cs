using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ManagedBpf.Tests.Architecture;

/// <summary>
/// Which folder of a project uses which, as the compiler sees it: the project's sources are bound against the
/// assemblies they reference, and every name in a file of folder A that binds to a type (or a member of a type)
/// declared in folder B is an edge A → B. Files at the project's root belong to the folder "(root)".
/// </summary>
internal sealed class SourceGraph
{
    // ImplicitUsings of Microsoft.NET.Sdk, which the build adds as a generated file.
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    private SourceGraph(IReadOnlyList<(string Path, string Folder, SyntaxTree Tree)> files, CSharpCompilation compilation)
    {
        Files = files;
        Compilation = compilation;
    }

    /// <summary>Each source file, relative to the project, with its folder and syntax tree.</summary>
    public IReadOnlyList<(string Path, string Folder, SyntaxTree Tree)> Files { get; }

    public CSharpCompilation Compilation { get; }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<SourceGraph>> Graphs = new();

    /// <summary>
    /// Parses and binds a project of the repository (<c>src/ManagedBpf</c>) whose assembly is <paramref name="assemblyName"/>;
    /// once per test run.
    /// </summary>
    public static SourceGraph Read(string project, string assemblyName) =>
        Graphs.GetOrAdd(project, _ => new Lazy<SourceGraph>(() => Bind(project, assemblyName))).Value;

    private static SourceGraph Bind(string project, string assemblyName)
    {
        var directory = Path.Combine(Repository.Root, project);
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var files = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p))
            .Where(p => !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (Path: p, Folder: p.Contains('/') ? p[..p.IndexOf('/')] : "(root)",
                Tree: CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(directory, p)), options, path: p)))
            .ToList();
        var usings = CSharpSyntaxTree.ParseText(ImplicitUsings, options, path: "GlobalUsings.g.cs");
        var compilation = CSharpCompilation.Create(assemblyName, [.. files.Select(f => f.Tree), usings], References(assemblyName),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        return new SourceGraph(files, compilation);
    }

    /// <summary>Edges between different folders, each with the first file and name that makes it.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges()
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var (file, type, owner) in Uses())
        {
            if (owner != file.Folder)
                edges.TryAdd((file.Folder, owner), $"{file.Path} uses {type.Name}");
        }
        return edges;
    }

    /// <summary>The files that name <paramref name="typeName"/> of <paramref name="folder"/>, or one of its members.</summary>
    public IEnumerable<(string Path, string Folder, SyntaxTree Tree)> UsersOf(string folder, string typeName) =>
        Uses().Where(u => u.Owner == folder && u.Type.Name == typeName).Select(u => u.File).Distinct();

    /// <summary>Every name that binds to a type declared in this project (or to a member of one), with the type's folder.</summary>
    private IEnumerable<((string Path, string Folder, SyntaxTree Tree) File, INamedTypeSymbol Type, string Owner)> Uses()
    {
        var folderOf = Files.ToDictionary(f => f.Tree, f => f.Folder);
        foreach (var file in Files)
        {
            var model = Compilation.GetSemanticModel(file.Tree);
            foreach (var name in file.Tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                var type = (symbol as INamedTypeSymbol ?? symbol?.ContainingType)?.OriginalDefinition;
                foreach (var declaration in type?.DeclaringSyntaxReferences ?? [])
                {
                    if (folderOf.TryGetValue(declaration.SyntaxTree, out var owner))
                        yield return (file, type!, owner);
                }
            }
        }
    }

    /// <summary>The strongly connected components of more than one folder (Tarjan's algorithm), with their edges.</summary>
    public IReadOnlyList<string> Cycles()
    {
        var edges = Edges();
        var next = edges.Keys.ToLookup(e => e.From, e => e.To);
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<string>();

        void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            foreach (var to in next[folder])
            {
                if (!index.ContainsKey(to))
                {
                    Visit(to);
                    low[folder] = Math.Min(low[folder], low[to]);
                }
                else if (stack.Contains(to))
                {
                    low[folder] = Math.Min(low[folder], index[to]);
                }
            }
            if (low[folder] != index[folder])
                return;
            var component = new HashSet<string>();
            string member;
            do
            {
                member = stack.Pop();
                component.Add(member);
            }
            while (member != folder);
            if (component.Count > 1)
            {
                cycles.Add(string.Join(", ", component.Order(StringComparer.Ordinal)) + ": " + string.Join("; ", edges
                    .Where(e => component.Contains(e.Key.From) && component.Contains(e.Key.To))
                    .Select(e => $"{e.Key.From} → {e.Key.To} ({e.Value})")));
            }
        }

        foreach (var folder in Files.Select(f => f.Folder).Distinct().Order(StringComparer.Ordinal).Where(f => !index.ContainsKey(f)))
            Visit(folder);
        return cycles;
    }

    /// <summary>The runtime's assemblies and this test's dependencies, but not the assembly being rebuilt from source.</summary>
    private static IEnumerable<MetadataReference> References(string assemblyName) =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => Path.GetFileNameWithoutExtension(p) != assemblyName)
            .DistinctBy(Path.GetFileName)
            .Select(p => MetadataReference.CreateFromFile(p));
}
