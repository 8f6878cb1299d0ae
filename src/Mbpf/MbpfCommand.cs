using ManagedBpf;

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
        "  mbpf btf dump [FILE]  the types of a BTF blob or of an object's .BTF, one per line\n" +
        "                        (default: the kernel's /sys/kernel/btf/vmlinux)\n" +
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
                case ["load", var path]:
                    return LoadAll(ObjectSpec.ParseFile(Existing(path)), stdout);
                case ["btf", "dump"]:
                    BtfDump.Write(ManagedBpf.Btf.BtfSpec.KernelPath, stdout);
                    return 0;
                case ["btf", "dump", var path]:
                    BtfDump.Write(Existing(path), stdout);
                    return 0;
                default:
                    stderr.Write($"mbpf: {(args.Count == 0 ? "no command" : $"unknown command '{string.Join(' ', args)}'")}\nTry 'mbpf --help' for more information.\n");
                    return Usage;
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

    private static int LoadAll(ObjectSpec spec, TextWriter stdout)
    {
        using var loaded = BpfObject.Load(spec);
        foreach (var (name, program) in loaded.Programs)
            stdout.WriteLine($"{name} {program.Tag}");
        return 0;
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path}: no such file");
}
