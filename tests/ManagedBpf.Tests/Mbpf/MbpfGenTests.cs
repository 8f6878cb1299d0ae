using Xunit;

namespace ManagedBpf.Tests.Mbpf;

/// <summary><c>mbpf gen</c> on the command line: its options, its output file, and its mistakes as one line each.</summary>
public class MbpfGenTests
{
    private static readonly string Layouts = Path.Combine(Repository.Root, "bpf", "gen", "layouts.bpf.o");

    [Fact]
    public void GenWritesTheObjectClassAndTheTypesAskedFor()
    {
        var (status, output, errors) = MbpfTests.Run("gen", Layouts, "--namespace", "My.App", "--class", "Shapes", "--types", "only_named", "--resource", "x.o");

        Assert.Equal((0, ""), (status, errors));
        Assert.Contains("namespace My.App;", output);
        Assert.Contains("public sealed partial class Shapes : global::System.IDisposable", output);
        Assert.Contains("public const string ResourceName = \"x.o\";", output);
        Assert.Contains("public partial struct OnlyNamed", output);
    }

    [Fact]
    public void GenWritesTheFileGiven()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mbpf-gen-").FullName, "layouts.g.cs");
        try
        {
            var (status, output, _) = MbpfTests.Run("gen", Layouts, "--output", path);

            Assert.Equal((0, ""), (status, output));
            Assert.Equal(MbpfTests.Run("gen", Layouts).Output, File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Theory]
    [InlineData(64, "--namespace")]
    [InlineData(64, "--colour", "red")]
    [InlineData(1, "--types", "no_such_type")]
    [InlineData(73, "--output", "/no/such/directory/layouts.g.cs")]
    [InlineData(73, "--output", "/proc/version")]
    public void MistakesAreOneLineAndAStatus(int expected, params string[] options)
    {
        var (status, output, errors) = MbpfTests.Run(["gen", Layouts, .. options]);

        Assert.Equal(expected, status);
        Assert.Empty(output);
        Assert.StartsWith("mbpf: ", errors);
        Assert.Single(errors.TrimEnd('\n').Split('\n'), l => !l.StartsWith("Try ", StringComparison.Ordinal));
    }
}
