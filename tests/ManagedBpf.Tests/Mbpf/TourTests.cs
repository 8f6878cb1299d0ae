using System.Text.RegularExpressions;
using Mbpf;
using Xunit;

namespace ManagedBpf.Tests.Mbpf;

/// <summary>
/// docs/tour.md cannot drift from the code: every mbpf command it shows runs here (in process, from the repository
/// root) and prints what the tour shows, and every file it links to exists.
/// </summary>
public partial class TourTests
{
    private static readonly Lazy<IReadOnlyList<TourCommand>> Commands = new(() => TourCommand.Parse(File.ReadAllText(TourCommand.Path)));

    /// <summary>The tour's commands, by the line of the tour they are on.</summary>
    public static TheoryData<int> Lines() => [.. Commands.Value.Select(c => c.Line)];

    [KernelTheory]
    [MemberData(nameof(Lines))]
    public void CommandPrintsWhatTheTourShows(int line)
    {
        var command = Commands.Value.Single(c => c.Line == line);
        var arguments = command.Arguments.Select(a => File.Exists(Path.Combine(Repository.Root, a)) ? Path.Combine(Repository.Root, a) : a).ToArray();
        var output = new StringWriter { NewLine = "\n" };
        var errors = new StringWriter { NewLine = "\n" };

        var status = MbpfCommand.Run(arguments, output, errors);

        Assert.True(status == command.ExitStatus, $"{command}: status {status}, the tour shows {command.ExitStatus}\n{errors}");
        if (command.Mismatch(output.ToString() + errors.ToString()) is { } mismatch)
            Assert.Fail(mismatch);
    }

    [Fact]
    public void TourShowsCommands() => Assert.True(Commands.Value.Count >= 5, $"{TourCommand.Path} has {Commands.Value.Count} mbpf commands");

    [Fact]
    public void EveryLinkOfTheTourNamesAFileOfTheRepository()
    {
        var docs = Path.GetDirectoryName(TourCommand.Path)!;
        var links = RelativeLinks().Matches(File.ReadAllText(TourCommand.Path)).Select(m => m.Groups["path"].Value).ToList();

        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.True(Path.Exists(Path.Combine(docs, link)), $"tour.md links to {link}, which does not exist"));
    }

    // [text](path) or [text](path#anchor), not http(s) and not an anchor of the page itself.
    [GeneratedRegex(@"\]\((?!https?:|#)(?<path>[^)#\s]+)(?:#[^)]*)?\)")]
    private static partial Regex RelativeLinks();
}
