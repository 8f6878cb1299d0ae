using ManagedBpf;
using ManagedBpf.Kernel;

namespace Mbpf;

/// <summary>
/// mbpf: what a BPF loader does, shown step by step with ManagedBpf. Every failure is one line on stderr and
/// a nonzero status: 64 for a usage mistake (as sysexits' EX_USAGE), 66 for a missing input (EX_NOINPUT),
/// 65 for a malformed object (EX_DATAERR), 1 for anything the kernel refused.
/// </summary>
internal static class MbpfCommand
{
    public const int Usage = 64, DataError = 65, NoInput = 66, Failure = 1;

    public const string Help =
        "Usage: mbpf COMMAND ...\n" +
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
        "  mbpf btf dump [FILE]  the types of a BTF blob or of an object's .BTF, one per line\n" +
        "                        (default: the kernel's /sys/kernel/btf/vmlinux)\n" +
        GenCommand.Usage +
        "  mbpf --help           this text\n";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            switch (args)
            {
                case ["--help" or "-h"]:
                    stdout.Write(Help);
                    return 0;
                case ["object", var path]:
                    ObjectReport.Write(ObjectSpec.ParseFile(Existing(path)), stdout);
                    return 0;
                case ["load", ..] when LoadArguments.Parse([.. args.Skip(1)]) is { } load:
                    return Load(load, stdout, stderr);
                case ["btf", "dump"]:
                    BtfDump.Write(KernelBtf.VmlinuxPath, stdout);
                    return 0;
                case ["btf", "dump", var path]:
                    BtfDump.Write(Existing(path), stdout);
                    return 0;
                case ["gen", var path, ..]:
                    return GenCommand.Run(Existing(path), args.Skip(2).ToList(), stdout) ?? UsageError(args, stderr);
                default:
                    return UsageError(args, stderr);
            }
        }
        catch (FileNotFoundException e)
        {
            stderr.WriteLine($"mbpf: {e.Message}");
            return NoInput;
        }
        catch (BpfFormatException e)
        {
            stderr.WriteLine($"mbpf: malformed object: {e.Message}");
            return DataError;
        }
        catch (BpfException e)
        {
            stderr.WriteLine($"mbpf: {e.Message}");
            return Failure;
        }
    }

    private static int Load(LoadArguments load, TextWriter stdout, TextWriter stderr)
    {
        var spec = ObjectSpec.ParseFile(Existing(load.Path));
        foreach (var name in load.Skip)
        {
            if (!spec.Programs.TryGetValue(name, out var program))
            {
                stderr.WriteLine($"mbpf: --skip {name}: {load.Path} has no program of that name");
                return Usage;
            }
            program.AutoLoad = false;
        }
        return load.Each ? LoadEach(spec, stdout) : LoadAll(spec, stdout);
    }

    private static int UsageError(IReadOnlyList<string> args, TextWriter stderr)
    {
        stderr.Write($"mbpf: {(args.Count == 0 ? "no command" : $"unknown command '{string.Join(' ', args)}'")}\nTry 'mbpf --help' for more information.\n");
        return Usage;
    }

    private static int LoadAll(ObjectSpec spec, TextWriter stdout)
    {
        using var loaded = BpfObject.Load(spec);
        foreach (var (name, program) in loaded.Programs)
            stdout.WriteLine($"{name} {program.Tag}");
        return 0;
    }

    /// <summary>
    /// One load per program, the others' autoload off, as a tool that attaches some programs of an object and not
    /// others does: a program the kernel refuses here does not hide the tags of the rest. One parse serves every
    /// load (<see cref="ObjectSpec.Copy"/>). Status 1 if any failed.
    /// </summary>
    private static int LoadEach(ObjectSpec parsed, TextWriter stdout)
    {
        var status = 0;
        foreach (var name in parsed.Programs.Values.Where(p => p.AutoLoad).Select(p => p.Name).ToList())
        {
            var spec = parsed.Copy();
            foreach (var program in spec.Programs.Values)
                program.AutoLoad = program.Name == name;
            try
            {
                using var loaded = BpfObject.Load(spec);
                stdout.WriteLine($"{name} {loaded.Programs[name].Tag}");
            }
            catch (BpfException e) when (e is not BpfFormatException)
            {
                stdout.WriteLine($"{name} error: {e.Message.ReplaceLineEndings(" ")}");
                status = Failure;
            }
        }
        return status;
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path}: no such file");
}
