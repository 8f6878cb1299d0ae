namespace ManagedBpf.CodeGen.Emit;

/// <summary>
/// The class of one data section (<c>RodataVariables</c> for <c>.rodata</c>): a property per global variable, typed
/// from its BTF, read and written by name through <c>GlobalData</c>, so the same class serves the spec before load
/// (the values the programs start with) and the loaded object (the kernel's map). A <c>char</c> array variable also
/// gets a string property; an array or anonymous type is declared inside the class.
/// </summary>
internal static class SectionWriter
{
    public static void Write(CodeWriter w, EmitContext context, SectionClass section)
    {
        var sectionName = EmitContext.Xml(section.Map.SectionName!);
        w.Separate();
        w.ShortSummary($"The global variables of <c>{sectionName}</c>: before load, through <see cref=\"Spec\"/>, the values the programs start with; after load, the kernel's map{(section.Map.Freeze ? ", which it froze (reads only)" : "")}.");
        w.Open($"public sealed partial class {section.ClassName}");
        w.Line("private readonly GlobalData _data;");
        w.Separate();
        w.Line($"internal {section.ClassName}(GlobalData data) => _data = data;");
        foreach (var variable in section.Variables)
        {
            var type = NestedTypes.Text(variable.Shape, variable.NestedName);
            var name = ObjectWriter.Literal(variable.Spec.Name);
            w.Separate();
            w.ShortSummary($"{context.Code(variable.Btf.TypeId, variable.Spec.Name)}: {variable.Spec.Size} byte(s) at offset {variable.Spec.Offset} of <c>{sectionName}</c>.");
            w.Open($"public {type} {variable.Name}");
            w.Line($"get => _data.Read<{type}>(\"{name}\");");
            w.Line($"set => _data.Write(\"{name}\", value);");
            w.Close();
            if (variable.TextName is null)
                continue;
            w.Separate();
            w.ShortSummary($"<c>{EmitContext.Xml(variable.Spec.Name)}</c> as text: its bytes up to the first NUL as UTF-8; setting it stores at most {Math.Max(0, variable.Spec.Size - 1)} bytes and a NUL (<see cref=\"global::ManagedBpf.CString\"/>).");
            w.Open($"public string {variable.TextName}");
            w.Open("get");
            w.Line($"var chars = {variable.Name};");
            w.Line("return global::ManagedBpf.CString.Read(chars);");
            w.Close();
            w.Open("set");
            w.Line($"var chars = default({type});");
            w.Line("global::ManagedBpf.CString.Write(value, chars);");
            w.Line($"{variable.Name} = chars;");
            w.Close();
            w.Close();
        }
        foreach (var variable in section.Variables.Where(v => v.NestedName is not null))
            NestedTypes.Write(w, context, variable.NestedName!, variable.Shape, context.Code(variable.Btf.TypeId, variable.Spec.Name));
        w.Close();
    }
}
