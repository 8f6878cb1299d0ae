using System.Text.RegularExpressions;

namespace ManagedBpf.Tests.Tracer;

/// <summary>What a process holds in the kernel, read from /proc, and whether a program id still exists.</summary>
internal static partial class KernelObjects
{
    /// <summary>Ids of the BPF programs whose fds <paramref name="pid"/> holds (fdinfo of anon_inode:bpf-prog).</summary>
    public static List<uint> ProgramIdsHeldBy(int pid)
    {
        var ids = new List<uint>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target != "anon_inode:bpf-prog")
                continue;
            var info = File.ReadAllText($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}");
            ids.Add(uint.Parse(ProgramId().Match(info).Groups[1].Value));
        }
        return ids;
    }

    /// <summary>The programs some live process holds an fd of: what another test suite sharing the kernel loads.
    /// Processes that end or close fds while being read are passed over.</summary>
    public static HashSet<uint> ProgramIdsHeldByAnyProcess()
    {
        var ids = new HashSet<uint>();
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out var pid))
                continue;
            try
            {
                ids.UnionWith(ProgramIdsHeldBy(pid));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }
        return ids;
    }

    /// <summary>Whether the kernel still has a program with this id (BPF_PROG_GET_NEXT_ID enumeration).</summary>
    public static bool ProgramExists(uint id) => ManagedBpf.Programs.BpfProgram.GetLoadedIds().Contains(id);

    /// <summary>O_CLOEXEC as fdinfo's octal flags field shows it.</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary>The flags of every anonymous-inode fd (bpf-prog, bpf-map, bpf_link, perf_event, eventpoll ...) of a process.</summary>
    public static List<(string Fd, string Target, int Flags)> AnonymousFdFlags(int pid)
    {
        var result = new List<(string, string, int)>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget ?? "";
            if (!target.StartsWith("anon_inode:", StringComparison.Ordinal))
                continue;
            var info = File.ReadAllText($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}");
            result.Add((Path.GetFileName(fd), target, Convert.ToInt32(Flags().Match(info).Groups[1].Value, 8)));
        }
        return result;
    }

    [GeneratedRegex(@"flags:\s*([0-7]+)")]
    private static partial Regex Flags();

    [GeneratedRegex(@"prog_id:\s*(\d+)")]
    private static partial Regex ProgramId();
}
