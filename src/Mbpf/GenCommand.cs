using ManagedBpf.Cli;
using ManagedBpf.CodeGen;

namespace Mbpf;

/// <summary>
/// <c>mbpf gen OBJ [--namespace N] [--class C] [--types a,b] [--resource NAME] [--output FILE]</c>: the object's C#
/// (<see cref="CSharpGenerator"/>) on stdout, or in FILE.
/// </summary>
internal static class GenCommand
{
    public const string Usage =
        "  mbpf gen OBJ [--namespace N] [--class C] [--types a,b] [--resource NAME] [--output FILE]\n" +
        "                        C# for the object: a class with its programs, maps and variables\n" +
        "                        typed from BTF, and the C types they use (and the --types named);\n" +
        "                        the object is read from the assembly's resource NAME (default: its\n" +
        "                        file name). On stdout, or in FILE. See docs/codegen.md\n";

    /// <summary>Runs the command on the object at <paramref name="path"/>; null when <paramref name="args"/> are no valid options.</summary>
    public static int? Run(string path, IReadOnlyList<string> args, TextWriter stdout)
    {
        string? ns = null, className = null, resource = null, output = null;
        IReadOnlyList<string> types = [];
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
                return null;
            var value = args[i + 1];
            switch (args[i])
            {
                case "--namespace": ns = value.Length == 0 ? null : value; break;
                case "--class": className = value; break;
                case "--resource": resource = value; break;
                case "--output": output = value; break;
                case "--types": types = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: return null;
            }
        }

        var source = Path.GetFileName(path);
        var text = CSharpGenerator.Generate(Input.Parse(path, log: null), new GeneratorOptions
        {
            SourceName = source,
            Namespace = ns,
            ClassName = className,
            ResourceName = resource,
            Types = types,
        });
        if (output is null)
            stdout.Write(text);
        else
            Write(output, text);
        return 0;
    }

    private static void Write(string output, string text)
    {
        try
        {
            File.WriteAllText(output, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Failure(ExitCodes.CannotCreate, $"cannot write {output}: {e.Message}");
        }
    }
}
