using ManagedBpf;
using ManagedBpf.Cli;
using ManagedBpf.Kernel;

namespace Mbpf;

/// <summary>
/// mbpf: what a BPF loader does, shown step by step with ManagedBpf. Every failure ends as the tracer's do: one line
/// on stderr and a documented status (<see cref="ExitCodes"/>, the same classes as the tracer's), the details (a
/// verifier log, an internal error's stack trace) only with -v.
/// </summary>
internal static class MbpfCommand
{
    public const string ProgramName = "mbpf";

    public const string Help =
        "Usage: mbpf COMMAND ... [-v]\n" +
        "Shows what a BPF loader does with an object, using ManagedBpf.\n" +
        "\n" +
        "  mbpf object OBJ       sections, programs, maps, variables, relocations, and each CO-RE\n" +
        "                        relocation resolved against this kernel's BTF\n" +
        "  mbpf load OBJ         load every program (no attach); print NAME TAG per program\n" +
        "  mbpf load --each OBJ  load each program on its own (with the maps, without the other\n" +
        "                        programs): NAME TAG, or NAME error: WHY when the kernel refuses it\n" +
        "  mbpf load OBJ --skip PROG[,PROG...]\n" +
        "                        leave these programs out, the rest loaded as one object (their\n" +
        "                        autoload off, as libbpf's bpf_program__set_autoload); with --each too\n" +
        "  mbpf run OBJ [--seconds N] [--attach PROGRAM=TARGET]...\n" +
        "                        load, attach every program (by itself where libbpf's skeleton would;\n" +
        "                        --attach names the rest's targets: xdp IFACE, tc IFACE[:egress], cgroup\n" +
        "                        DIR, perf_event cpu-clock[:HZ], probes as their section would), read each\n" +
        "                        iterator once, print ring and perf buffer records and bpf_printk lines;\n" +
        "                        after N seconds or SIGINT detach and print the globals and the map entries\n" +
        "  mbpf btf dump [FILE]  the types of a BTF blob or of an object's .BTF, one per line\n" +
        "                        (default: the kernel's /sys/kernel/btf/vmlinux)\n" +
        GenCommand.Usage +
        "  mbpf --help           this text\n" +
        "  -v, --verbose         the loader's log on stderr; with a failure, its details (the whole\n" +
        "                        verifier log, the stack trace of an internal error)\n" +
        "\n" +
        "Exit status: 0 done; 1 load --each: the kernel refused a program, or another failure;\n" +
        "64 usage; 65 malformed object; 66 missing or unreadable file; 69 the kernel lacks a\n" +
        "feature the object needs; 70 the verifier rejected a program; 71 a system call failed;\n" +
        "73 gen cannot write its output; 77 permission denied; 99 internal error (a bug: report\n" +
        "it with the output of -v).\n";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var verbose = args.Any(IsVerbose);
        var command = args.Where(a => !IsVerbose(a)).ToList();
        try
        {
            return Dispatch(command, verbose ? line => stderr.WriteLine($"managedbpf: {line}") : null, stdout, stderr);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(Failures.Classify(e, ObjectNamed(command)), ProgramName, verbose, stderr);
        }
    }

    private static bool IsVerbose(string arg) => arg is "-v" or "--verbose";

    /// <summary>The object a command names, for "malformed BPF object PATH": load's path, gen's, else the last argument.</summary>
    private static string ObjectNamed(IReadOnlyList<string> command) => command switch
    {
        ["load", ..] when LoadArguments.Parse([.. command.Skip(1)]) is { } load => load.Path,
        ["gen", var path, ..] => path,
        ["run", var path, ..] => path,
        [.., var last] => last,
        _ => ProgramName,
    };

    private static int Dispatch(IReadOnlyList<string> args, Action<string>? log, TextWriter stdout, TextWriter stderr)
    {
        switch (args)
        {
            case ["--help" or "-h"]:
                stdout.Write(Help);
                return ExitCodes.Success;
            case ["object", var path]:
                ObjectReport.Write(Input.Parse(path, log), stdout);
                return ExitCodes.Success;
            case ["load", ..] when LoadArguments.Parse([.. args.Skip(1)]) is { } load:
                return Load(load, log, stdout);
            case ["run", ..]:
                return RunCommand.Run([.. args.Skip(1)], stdout, stderr);
            case ["btf", "dump"]:
                BtfDump.Write(KernelBtf.VmlinuxPath, stdout);
                return ExitCodes.Success;
            case ["btf", "dump", var path]:
                BtfDump.Write(path, stdout);
                return ExitCodes.Success;
            case ["gen", var path, ..]:
                return GenCommand.Run(path, [.. args.Skip(2)], stdout) ?? throw UsageError(args);
            default:
                throw UsageError(args);
        }
    }

    private static Failure UsageError(IReadOnlyList<string> args) => new(ExitCodes.Usage,
        $"{(args.Count == 0 ? "no command" : $"unknown command '{string.Join(' ', args)}'")}; try 'mbpf --help'");

    private static int Load(LoadArguments load, Action<string>? log, TextWriter stdout)
    {
        var spec = Input.Parse(load.Path, log);
        foreach (var name in load.Skip)
        {
            if (!spec.Programs.TryGetValue(name, out var program))
                throw new Failure(ExitCodes.Usage, $"--skip {name}: {load.Path} has no program of that name");
            program.AutoLoad = false;
        }
        return load.Each ? LoadEach(spec, log, stdout) : LoadAll(spec, log, stdout);
    }

    private static int LoadAll(ObjectSpec spec, Action<string>? log, TextWriter stdout)
    {
        using var loaded = BpfObject.Load(spec, new LoadOptions { Log = log });
        foreach (var (name, program) in loaded.Programs)
            stdout.WriteLine($"{name} {program.Tag}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// One load per program, the others' autoload off, as a tool that attaches some programs of an object and not
    /// others does: a program the kernel refuses here does not hide the tags of the rest. One parse serves every
    /// load (<see cref="ObjectSpec.Copy"/>). Status 1 if any failed.
    /// </summary>
    private static int LoadEach(ObjectSpec parsed, Action<string>? log, TextWriter stdout)
    {
        var status = ExitCodes.Success;
        foreach (var name in parsed.Programs.Values.Where(p => p.AutoLoad).Select(p => p.Name).ToList())
        {
            var spec = parsed.Copy();
            foreach (var program in spec.Programs.Values)
                program.AutoLoad = program.Name == name;
            try
            {
                using var loaded = BpfObject.Load(spec, new LoadOptions { Log = log });
                stdout.WriteLine($"{name} {loaded.Programs[name].Tag}");
            }
            catch (BpfException e) when (e is not BpfFormatException)
            {
                stdout.WriteLine($"{name} error: {e.Message.ReplaceLineEndings(" ")}");
                status = ExitCodes.Failure;
            }
        }
        return status;
    }
}
