using System.Globalization;
using System.Numerics;
using System.Text;
using ManagedBpf;
using ManagedBpf.Btf;
using ManagedBpf.Kernel;
using ManagedBpf.Maps;
using ProcTracer.Lifecycle;

namespace ProcTracer;

/// <summary>
/// lifecycle.bpf.o, the object of every run beyond bootstrap's output (<see cref="Options.Lifecycle"/>), and what a run
/// sets in it before load: its filters, limits and optional programs. (bootstrap.bpf.o is typed by the class mbpf gen
/// writes for it: <see cref="BootstrapSpec"/>.)
/// </summary>
internal static class LifecycleObject
{
    /// <summary>The embedded object's name.</summary>
    public const string Resource = "lifecycle.bpf.o";

    /// <summary>Its source, for messages about a wrong --object.</summary>
    public const string Source = "lifecycle.bpf.c";

    /// <summary>The ring buffer map it writes to.</summary>
    public const string Ring = "events";

    /// <summary>Sets what <paramref name="options"/> ask for in <paramref name="spec"/>, as a skeleton sets .rodata;
    /// <paramref name="kernel"/> is the BTF of the kernel it will load into.</summary>
    public static void Configure(ObjectSpec spec, Options options, BtfSpec kernel, string objectName, UserNames users)
    {
        Variable(spec, "min_duration_ns", objectName).Set(options.MinDurationNs);
        Variable(spec, "filter_pid", objectName).Set(options.Pid ?? 0);
        Variable(spec, "filter_tree", objectName).Set(options.Tree ? 1u : 0u);
        if (options.User is not null)
        {
            Variable(spec, "filter_uid_set", objectName).Set(1u);
            Variable(spec, "filter_uid", objectName).Set(Uid(options.User, users));
        }
        if (options.Comm is not null)
            Variable(spec, "filter_comm", objectName).Set(Comm(options.Comm));
        if (options.Cgroup is not null)
            Variable(spec, "filter_cgroup", objectName).Set(CgroupId(options.Cgroup));
        Variable(spec, "report_threads", objectName).Set(options.Threads ? 1u : 0u);
        Variable(spec, "max_args", objectName).Set(options.ShowsArguments ? options.MaxArgs ?? Options.DefaultMaxArgs : 0u);
        Variable(spec, "max_arg_size", objectName).Set(options.MaxArgSize ?? Options.DefaultMaxArgSize);
        // One exec record is built per CPU (lifecycle.bpf.c: a per-CPU array's values stop at 32 KiB).
        Map(spec, "exec_scratch", objectName).MaxEntries = (uint)PossibleCpus.Count;
        Program(spec, "lifecycle_fork", objectName).AutoLoad = options.Tree;
        foreach (var name in new[] { "lifecycle_execve_enter", "lifecycle_execveat_enter", "lifecycle_execve_exit", "lifecycle_execveat_exit" })
            Program(spec, name, objectName).AutoLoad = options.Failed;
        // A map no running program writes still has to exist (the programs that load name it behind branches the
        // verifier prunes), but not at full size: BPF_MAP_CREATE of a 65,536-bucket hash took 9-22 ms here and a
        // 4,096-entry LRU hash 2-12 ms (htab_map_alloc's bucket loop, bpf_lru_populate), a third of the agent's
        // map creation; with one entry each takes microseconds.
        if (!options.Tree)
            Map(spec, "tracked", objectName).MaxEntries = 1;
        if (!options.Failed)
            Map(spec, "pending_execs", objectName).MaxEntries = 1;
        var execTimes = Map(spec, "exec_times", objectName);
        if (LiveTasks() is { } tasks)
            execTimes.MaxEntries = ExecTimesEntries(tasks, execTimes.MaxEntries);
        // From 6.16 the exit tracepoint says whether the process ends with it (its own record type, the one
        // lifecycle.bpf.c's last_thread() checks with bpf_core_type_exists), and nothing claims processes in ended.
        if (kernel.FindTypeId("trace_event_raw_sched_process_exit", BtfKind.Struct) > 0)
            Map(spec, "ended", objectName).MaxEntries = 1;
    }

    /// <summary>
    /// exec_times' size on a host where <paramref name="tasks"/> tasks are alive: it holds the last exec time of every
    /// live process that exec'd since attaching. BPF_F_NO_PREALLOC makes max_entries a cap, not an allocation, but
    /// BPF_MAP_CREATE still allocates and initialises a bucket per entry (htab_map_alloc: roundup_pow_of_two(max_entries)
    /// buckets): 65,536 took 1.6-2.8 ms of the agent's start-up here, 16,384 0.3-0.5 ms. So the cap follows the host:
    /// four times the tasks alive (threads count, so processes are fewer), at least 16,384 (twice bootstrap's 8,192) and
    /// at most what the object asks for. A process that finds the map full has no age at its exit, as in bootstrap.
    /// </summary>
    internal static uint ExecTimesEntries(long tasks, uint objectEntries) =>
        (uint)Math.Min(objectEntries, Math.Max(MinExecTimes, BitOperations.RoundUpToPowerOf2((ulong)Math.Clamp(tasks, 1, 1L << 30) * 4)));

    private const ulong MinExecTimes = 16384;

    /// <summary>The tasks (threads) alive now: the figure after the slash in /proc/loadavg (the kernel's nr_threads).</summary>
    private static long? LiveTasks()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            var slash = fields.Length > 3 ? fields[3].IndexOf('/', StringComparison.Ordinal) : -1;
            return slash >= 0 && long.TryParse(fields[3].AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var tasks) ? tasks : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>--tree: the root and its living descendants go in the tracked map (again after attaching, for the
    /// children born in between).</summary>
    public static void Follow(BpfObject loaded, uint root, string objectName)
    {
        if (!Directory.Exists($"/proc/{root}"))
            throw Messages.NoSuchProcess(root);
        var tracked = loaded.Maps.TryGetValue("tracked", out var map) ? map : throw Messages.NotOurObject(objectName, "map 'tracked'", Source);
        foreach (var pid in ProcessTree.Descendants(root))
            tracked.Update(pid, (byte)1);
    }

    private static uint Uid(string user, UserNames users) =>
        uint.TryParse(user, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var uid) ? uid
        : users.FindUid(user) ?? throw Messages.UnknownUser(user);

    /// <summary>The name as the kernel keeps it: at most 15 bytes and a NUL (TASK_COMM_LEN).</summary>
    private static byte[] Comm(string name)
    {
        var comm = new byte[16];
        var bytes = Encoding.UTF8.GetBytes(name);
        bytes.AsSpan(0, Math.Min(bytes.Length, 15)).CopyTo(comm);
        return comm;
    }

    /// <summary>A cgroup v2 directory as given, or a path below the cgroup2 mount (/system.slice).</summary>
    private static ulong CgroupId(string path)
    {
        var mount = CgroupV2.MountPoint() ?? throw Messages.NoSuchCgroup(path, "no cgroup2 file system is mounted");
        var directory = path.StartsWith(mount, StringComparison.Ordinal) ? path : Path.Join(mount, path);
        if (!Directory.Exists(directory))
            throw Messages.NoSuchCgroup(path, $"{directory} is no directory");
        return CgroupV2.IdOf(directory);
    }

    private static VariableSpec Variable(ObjectSpec spec, string name, string objectName) =>
        spec.Variables.TryGetValue(name, out var variable) ? variable : throw Messages.NotOurObject(objectName, $"global variable '{name}'", Source);

    private static MapSpec Map(ObjectSpec spec, string name, string objectName) =>
        spec.Maps.TryGetValue(name, out var map) ? map : throw Messages.NotOurObject(objectName, $"map '{name}'", Source);

    private static ManagedBpf.Programs.ProgramSpec Program(ObjectSpec spec, string name, string objectName) =>
        spec.Programs.TryGetValue(name, out var program) ? program : throw Messages.NotOurObject(objectName, $"program '{name}'", Source);
}
