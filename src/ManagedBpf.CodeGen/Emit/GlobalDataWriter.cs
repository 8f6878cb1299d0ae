namespace ManagedBpf.CodeGen.Emit;

/// <summary>
/// The one place generated code reads and writes global variables, by name: before load the spec's image
/// (<c>VariableSpec.Get</c>/<c>Set</c>), after load the variable's own bytes in the mmap of its global-data map
/// (<c>BpfObject.Variables</c>, <c>BpfVariable.Get</c>/<c>Set</c>), as libbpf's skeleton reads <c>skel-&gt;bss-&gt;x</c>:
/// a program's store is seen at once, and a write touches no other variable of the section.
/// </summary>
internal static class GlobalDataWriter
{
    public static void Write(CodeWriter w)
    {
        w.Separate();
        w.Summary("Global variables by name: the spec's image before load; after load, each variable's bytes in the mmap of its\n" +
            "section's map (<see cref=\"global::ManagedBpf.BpfObject.Variables\"/>), read and written in place, so a program's\n" +
            "store shows at once and a write leaves the section's other variables alone; <c>.rodata</c> and other frozen\n" +
            "sections are mapped read-only and refuse writes.");
        w.Open("internal sealed class GlobalData(global::ManagedBpf.ObjectSpec spec, global::ManagedBpf.BpfObject? loaded)");
        w.Line("public T Read<T>(string name) where T : unmanaged =>");
        w.Line("    loaded is null ? spec.Variables[name].Get<T>() : loaded.Variables[name].Get<T>();");
        w.Separate();
        w.Open("public void Write<T>(string name, T value) where T : unmanaged");
        w.Line("if (loaded is null)");
        w.Line("    spec.Variables[name].Set(value);");
        w.Line("else");
        w.Line("    loaded.Variables[name].Set(value);");
        w.Close();
        w.Close();
    }
}
