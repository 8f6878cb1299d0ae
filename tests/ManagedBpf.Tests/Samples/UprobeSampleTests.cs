using Xunit;

namespace ManagedBpf.Tests.Samples;

/// <summary>
/// samples/Uprobe and samples/Usdt against libbpf-bootstrap's uprobe.c and usdt.c: the events are calls of the
/// probed functions and firings of the USDT probe in a small C program (Samples/*_target.c), and the sample must print
/// what the C examples' bpf_printk formats print for exactly those calls.
/// </summary>
public class UprobeSampleTests
{
    private const int Rounds = 3;

    [KernelFact]
    public void EveryCallAndReturnOfTheProbedFunctionsPrintsTheCExamplesLines()
    {
        using var sample = SampleProcess.Start("uprobe", SampleTargets.Uprobe);

        var run = ProcessRun.Of(TimeSpan.FromSeconds(30), SampleTargets.Uprobe, Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, run.ExitCode);
        // uprobe.c's formats, for uprobed_add(i, i + 1) and uprobed_sub(i * i, i) in that order.
        var expected = Enumerable.Range(0, Rounds).SelectMany(i => new[]
        {
            $"uprobed_add ENTRY: a = {i}, b = {i + 1}",
            $"uprobed_add EXIT: return = {i + i + 1}",
            $"uprobed_sub ENTRY: a = {i * i}, b = {i}",
            $"uprobed_sub EXIT: return = {i * i - i}",
        }).ToList();
        // In this order; other programs' bpf_printk lines reach the sample too, as they reach trace_pipe.
        var lines = sample.LinesUntil(l => l == expected[^1], TimeSpan.FromSeconds(30));
        Assert.Equal(expected, lines.Where(l => l.StartsWith("uprobed_", StringComparison.Ordinal)));
        SampleProcess.Stop(sample);
    }

    [KernelFact]
    public void EveryFiringOfTheUsdtProbePrintsTheCExamplesLinesForBothAttachments()
    {
        using var target = Tracer.TracerProcess.Start(SampleTargets.Usdt, [], waitForFirstLine: false);
        var addresses = target.WaitForLine(_ => true, TimeSpan.FromSeconds(30));
        Assert.NotNull(addresses);
        var (env, address) = addresses.Split(' ') is [var e, var a] ? (e, a) : throw new InvalidOperationException(addresses);

        using var sample = SampleProcess.Start("usdt", SampleTargets.Usdt, target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // usdt.c's two formats (%lx, %d, %lx) for the target's libc:setjmp(&env, 0, main).
        SampleProcess.WaitForAll(sample,
        [
            $"USDT auto attach to libc:setjmp: arg1 = {env}, arg2 = 0, arg3 = {address}",
            $"USDT manual attach to libc:setjmp: arg1 = {env}, arg2 = 0, arg3 = {address}",
        ], TimeSpan.FromSeconds(30));
        SampleProcess.Stop(sample);
    }
}
