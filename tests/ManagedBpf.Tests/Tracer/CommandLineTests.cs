using ProcTracer;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>Bootstrap's argp behaviour, option by option (compared against the C bootstrap on this machine).</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData(new string[0], false, 0L)]
    [InlineData(new[] { "-v" }, true, 0L)]
    [InlineData(new[] { "--verbose" }, true, 0L)]
    [InlineData(new[] { "-d", "100" }, false, 100L)]
    [InlineData(new[] { "-d100" }, false, 100L)]
    [InlineData(new[] { "-vd", "250" }, true, 250L)]
    [InlineData(new[] { "--duration=7" }, false, 7L)]
    [InlineData(new[] { "--duration", "7" }, false, 7L)]
    [InlineData(new[] { "--dur=7", "--verb" }, true, 7L)]
    [InlineData(new[] { "-d", "12abc" }, false, 12L)]
    [InlineData(new[] { "-d", " +5" }, false, 5L)]
    public void AcceptsWhatArgpAccepts(string[] args, bool verbose, long duration)
    {
        var result = CommandLine.Parse(args);
        Assert.Equal(new Options(verbose, duration), result.Options);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("99999999999999999999")]
    public void AnInvalidDurationIsAUsageError(string duration)
    {
        var result = CommandLine.Parse(["-d", duration]);
        Assert.Null(result.Options);
        Assert.Equal(64, result.ExitCode);
        Assert.Equal($"Invalid duration: {duration}\nUsage: proctracer [OPTION...]\nTry `proctracer --help' or `proctracer --usage' for more information.\n", result.StandardError);
    }

    [Theory]
    [InlineData(new[] { "-z" }, "proctracer: invalid option -- 'z'\n")]
    [InlineData(new[] { "--bogus" }, "proctracer: unrecognized option '--bogus'\n")]
    [InlineData(new[] { "-d" }, "proctracer: option requires an argument -- 'd'\n")]
    [InlineData(new[] { "--ver" }, "proctracer: option '--ver' is ambiguous; possibilities: '--verbose' '--version'\n")]
    [InlineData(new[] { "extra" }, "Usage: proctracer [OPTION...]\n")]
    public void MistakesExit64WithArgpsMessage(string[] args, string expectedStart)
    {
        var result = CommandLine.Parse(args);
        Assert.Equal(64, result.ExitCode);
        Assert.StartsWith(expectedStart, result.StandardError);
        Assert.EndsWith("Try `proctracer --help' or `proctracer --usage' for more information.\n", result.StandardError);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-?")]
    public void HelpListsTheOptionsAndExits0(string flag)
    {
        var result = CommandLine.Parse([flag]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  -d, --duration=DURATION-MS Minimum process duration (ms) to report\n", result.StandardOutput);
        Assert.Contains("  -v, --verbose              Verbose debug output\n", result.StandardOutput);
    }

    [Fact]
    public void VersionPrintsNameAndVersion()
    {
        var result = CommandLine.Parse(["--version"]);
        Assert.Equal((0, "proctracer 0.1.0\n"), (result.ExitCode, result.StandardOutput));
    }
}
