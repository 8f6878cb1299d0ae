namespace ManagedBpf.CodeGen.Emit;

/// <summary>
/// The one place generated code reads and writes global variables, by name: before load the spec's image
/// (<c>VariableSpec.Get</c>/<c>Set</c>), after load the global-data map, read whole and written whole with
/// BPF_MAP_LOOKUP_ELEM and BPF_MAP_UPDATE_ELEM of element 0. When the library gains live variables over the mmap of
/// the map (a <c>BpfObject.Variables</c> by name), the two <c>loaded</c> branches become calls to it and nothing
/// else in a generated file changes.
/// </summary>
internal static class GlobalDataWriter
{
    public static void Write(CodeWriter w)
    {
        w.Separate();
        w.Summary("Global variables by name: the spec's image before load; after load, the map of their section, read and\n" +
            "written whole (a write puts back the section's other variables as read just before it, so a program's write to\n" +
            "them in between is lost; <c>.rodata</c> and other frozen sections refuse writes).");
        w.Open("internal sealed class GlobalData(global::ManagedBpf.ObjectSpec spec, global::ManagedBpf.BpfObject? loaded)");
        w.Open("public T Read<T>(string name) where T : unmanaged");
        w.Line("var variable = Variable<T>(name);");
        w.Line("if (loaded is null)");
        w.Line("    return variable.Get<T>();");
        w.Line("return global::System.Runtime.InteropServices.MemoryMarshal.Read<T>(new global::System.ReadOnlySpan<byte>(Image(loaded.Maps[variable.SectionName]), variable.Offset, variable.Size));");
        w.Close();
        w.Separate();
        w.Open("public void Write<T>(string name, T value) where T : unmanaged");
        w.Line("var variable = Variable<T>(name);");
        w.Open("if (loaded is null)");
        w.Line("variable.Set(value);");
        w.Line("return;");
        w.Close();
        w.Line("if (variable.Map.Freeze)");
        w.Line("    throw new global::System.InvalidOperationException($\"'{name}' is in {variable.SectionName}, which the kernel froze at load: set it on the Spec, before load\");");
        w.Line("var map = loaded.Maps[variable.SectionName];");
        w.Line("var image = Image(map);");
        w.Line("global::System.Runtime.InteropServices.MemoryMarshal.Write(new global::System.Span<byte>(image, variable.Offset, variable.Size), in value);");
        w.Line("map.Update(Key, image);");
        w.Close();
        w.Separate();
        w.Line("private static global::System.ReadOnlySpan<byte> Key => [0, 0, 0, 0];");
        w.Separate();
        w.Open("private global::ManagedBpf.VariableSpec Variable<T>(string name) where T : unmanaged");
        w.Line("var variable = spec.Variables[name];");
        w.Line("if (global::System.Runtime.CompilerServices.Unsafe.SizeOf<T>() != variable.Size)");
        w.Line("    throw new global::System.ArgumentException($\"'{name}' is {variable.Size} bytes, not {(global::System.Runtime.CompilerServices.Unsafe.SizeOf<T>())}\");");
        w.Line("return variable;");
        w.Close();
        w.Separate();
        w.Open("private static byte[] Image(global::ManagedBpf.Maps.BpfMap map)");
        w.Line("var image = new byte[map.ValueSize];");
        w.Line("map.TryLookup(Key, image);");
        w.Line("return image;");
        w.Close();
        w.Close();
    }
}
