using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace ManagedBpf.Tests.Architecture;

/// <summary>
/// The layout the README promises, checked: the object model makes no native call and touches no file; each
/// project's folders depend on each other without a cycle; native calls live in Interop only. Pure tests, in this
/// project because binding the live sources needs the live assemblies beside them.
/// </summary>
public class ArchitectureTests
{
    private const string ObjectModel = "src/ManagedBpf.Object";
    private const string LiveSide = "src/ManagedBpf";

    /// <summary>
    /// Types whose use means file-system or process access (System.IO's path arithmetic is fine: it is string work;
    /// System.Environment too: iterators read its CurrentManagedThreadId).
    /// </summary>
    private static readonly string[] FileSystemTypes =
    [
        "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo",
        "System.IO.FileStream", "System.IO.RandomAccess", "System.IO.DriveInfo", "System.IO.FileSystemWatcher",
        "System.IO.StreamReader", "System.IO.StreamWriter", "System.IO.MemoryMappedFiles.MemoryMappedFile",
        "Microsoft.Win32.SafeHandles.SafeFileHandle", "System.Diagnostics.Process",
    ];

    [Theory]
    [InlineData(ObjectModel, "ManagedBpf.Object")]
    [InlineData(LiveSide, "ManagedBpf")]
    [InlineData("src/ManagedBpf.Cli", "ManagedBpf.Cli")]
    [InlineData("src/ProcTracer", "proctracer")]
    [InlineData("src/Mbpf", "mbpf")]
    [InlineData("src/ManagedBpf.CodeGen", "ManagedBpf.CodeGen")]
    public void FoldersDependOnEachOtherWithoutACycle(string project, string assemblyName)
    {
        var cycles = SourceGraph.Read(project, assemblyName).Cycles();
        Assert.True(cycles.Count == 0, "folder cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void OnlyInteropCallsNativeCode()
    {
        var graph = SourceGraph.Read(LiveSide, "ManagedBpf");
        var outside = graph.UsersOf("Interop", "Libc").Where(f => f.Folder != "Interop").Select(f => f.Path)
            .Concat(graph.Files.Where(f => f.Folder != "Interop" && f.Tree.GetRoot().DescendantNodes()
                .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax>().Any(a => a.Name.ToString() is "LibraryImport" or "DllImport"))
                .Select(f => f.Path));
        Assert.Empty(outside);
    }

    [Fact]
    public void TheObjectModelDeclaresNoNativeImport()
    {
        var imports = typeof(ObjectSpec).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl) || m.GetCustomAttributesData().Any(a => a.AttributeType.Name is "LibraryImportAttribute" or "DllImportAttribute"))
            .Select(m => $"{m.DeclaringType}.{m.Name}");
        Assert.Empty(imports);
    }

    [Fact]
    public void TheObjectModelUsesNoFileSystemApi() => Assert.Empty(ReferencedTypes(typeof(ObjectSpec).Assembly).Intersect(FileSystemTypes));

    /// <summary>mbpf gen's generator is pure as the object model is (an ObjectSpec in, C# text out), so the MSBuild
    /// item, a test or another tool can run it on bytes from anywhere.</summary>
    [Fact]
    public void TheGeneratorUsesNoFileSystemApiAndOnlyTheObjectModel()
    {
        var generator = typeof(ManagedBpf.CodeGen.CSharpGenerator).Assembly;
        Assert.Empty(ReferencedTypes(generator).Intersect(FileSystemTypes));
        Assert.Equal(["ManagedBpf.Object"], generator.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard"));
    }

    private static IEnumerable<string> ReferencedTypes(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeReferences.Select(handle => metadata.GetTypeReference(handle))
            .Select(reference => $"{metadata.GetString(reference.Namespace)}.{metadata.GetString(reference.Name)}").ToList();
    }

    [Fact]
    public void TheObjectModelReferencesOnlyTheRuntimeAndElfSharp()
    {
        var references = typeof(ObjectSpec).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard");
        Assert.Equal(["ELFSharp"], references);
    }
}
