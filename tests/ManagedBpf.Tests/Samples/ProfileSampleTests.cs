using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ManagedBpf.Tests.Tracer;
using Xunit;

namespace ManagedBpf.Tests.Samples;

/// <summary>
/// samples/Profile against libbpf-bootstrap's profile.c, by shape: profile.c symbolizes with blazesym (a Rust library
/// not in Debian), so the C example is not run; its printf formats are. A process spinning in its function spin must
/// be sampled, with profile.c's COMM line and a user stack whose frames name spin and main at addresses that are
/// theirs; every kernel frame of every sample must name a /proc/kallsyms function at or below the address.
/// </summary>
public class ProfileSampleTests
{
    private static readonly Regex Frame = new(@"^([0-9a-f]{16}): (\S+) @ 0x([0-9a-f]+)\+0x([0-9a-f]+)$");

    [KernelFact]
    public void ASpinningProcessIsSampledWithItsFunctionsNamedAndKernelFramesFromKallsyms()
    {
        using var sample = SampleProcess.Start("profile", "-f", "99");
        using var workload = new Workload("pf", SampleTargets.Profile);
        // Spinning until the test has what it needs: the sample reads the process's mappings when it prints a
        // report, so a target that ended while a loaded machine's sample lagged behind would have no names at all.
        using var target = Process.Start(new ProcessStartInfo(workload.Path, ["120"]) { WorkingDirectory = workload.Directory })!;
        var header = $"COMM: {workload.Name} (pid={target.Id}) @ CPU ";
        List<string> lines;
        try
        {
            // The samples of the target's run, each report up to its blank line, until one is in spin, called from
            // main (others may be in the dynamic loader or the vDSO's time()).
            var (inReport, inSpin) = (false, false);
            lines = sample.LinesUntil(l =>
            {
                if (l.StartsWith(header, StringComparison.Ordinal))
                    (inReport, inSpin) = (true, false);
                else if (l.Length == 0)
                    inReport = false;
                inSpin |= inReport && Name(l) == "spin";
                return inSpin && Name(l) == "main";
            }, TimeSpan.FromSeconds(60));
            lines.AddRange(sample.LinesFor(TimeSpan.FromSeconds(2)));
        }
        finally
        {
            target.Kill();
            target.WaitForExit();
        }
        // Read while the sample runs: BPF programs' symbols (its own among them) leave kallsyms when unloaded.
        var kallsyms = KallsymsText();
        SampleProcess.Stop(sample);
        var reports = Reports(lines).Where(r => r[0].StartsWith(header, StringComparison.Ordinal)).ToList();
        Assert.All(reports, r => Assert.Matches(@"^COMM: \S+ \(pid=\d+\) @ CPU \d+$", r[0]));
        var stacks = reports.Select(r => r.SkipWhile(l => l != "Userspace:").Skip(1).ToList()).ToList();
        Assert.All(stacks.SelectMany(s => s), l => Assert.Matches(@"^[0-9a-f]{16}: (<no-symbol>|\S+ @ 0x[0-9a-f]+\+0x[0-9a-f]+)$", l));
        Assert.Contains(stacks, s => s.Any(l => Name(l) == "spin") && s.Any(l => Name(l) == "main"));
        // Each named frame: the address is the function's start plus the offset printed.
        Assert.All(stacks.SelectMany(s => s).Select(l => Frame.Match(l)).Where(m => m.Success), m =>
            Assert.Equal(Hex(m.Groups[1].Value), Hex(m.Groups[3].Value) + Hex(m.Groups[4].Value)));
        KernelFramesNameKallsyms(lines, kallsyms);
    }

    // kallsyms' text symbols; a module's (BPF's dispatchers and programs are in "[bpf]") end in a tab and the
    // module's name, which the sample does not print.
    private static HashSet<(string, ulong)> KallsymsText() =>
        File.ReadLines("/proc/kallsyms").Select(l => l.Split(' ', 3))
            .Where(f => f.Length == 3 && f[1] is "t" or "T" or "w" or "W")
            .Select(f => (f[2].Split('\t')[0], Hex(f[0])))
            .ToHashSet();

    // Every "Kernel:" frame among the lines: a kallsyms text symbol at the address printed.
    private static void KernelFramesNameKallsyms(List<string> lines, HashSet<(string, ulong)> kallsyms)
    {
        var kernel = new List<string>();
        for (var i = 0; i < lines.Count; i++)
            if (lines[i] == "Kernel:")
                kernel.AddRange(lines.Skip(i + 1).TakeWhile(l => Frame.IsMatch(l) || l.EndsWith(": <no-symbol>", StringComparison.Ordinal)));
        Assert.All(kernel.Select(l => Frame.Match(l)).Where(m => m.Success), m =>
            Assert.Contains((m.Groups[2].Value, Hex(m.Groups[3].Value)), kallsyms));
    }

    // profile.c's reports: a COMM line, the stacks, a blank line.
    private static IEnumerable<List<string>> Reports(List<string> lines)
    {
        var report = new List<string>();
        foreach (var line in lines.SkipWhile(l => !l.StartsWith("COMM: ", StringComparison.Ordinal)))
        {
            if (line.Length > 0)
            {
                report.Add(line);
                continue;
            }
            if (report.Count > 0)
                yield return report;
            report = [];
        }
    }

    private static string Name(string frame) => Frame.Match(frame) is { Success: true } m ? m.Groups[2].Value : "<no-symbol>";

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
