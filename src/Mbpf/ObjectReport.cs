using ManagedBpf;
using ManagedBpf.CoRe;
using ManagedBpf.Kernel;
using ManagedBpf.Maps;
using ManagedBpf.Programs;

namespace Mbpf;

/// <summary>`mbpf object`: what the loader finds in an object, in the order it uses it.</summary>
internal static class ObjectReport
{
    public static void Write(ObjectSpec spec, TextWriter output)
    {
        output.WriteLine($"object {spec.Name}, license \"{spec.License}\"");
        output.WriteLine();
        output.WriteLine("sections:");
        foreach (var section in spec.Sections)
            output.WriteLine($"  [{section.Index,2}] {section.Name,-36} {section.Type,-12} {section.Size,8} bytes{(section.Executable ? "  code" : "")}");

        output.WriteLine();
        output.WriteLine("maps:");
        foreach (var (name, map) in spec.Maps)
            output.WriteLine($"  {name}: {map.Type} key {map.KeySize} value {map.ValueSize} max_entries {map.MaxEntries} flags 0x{(uint)map.Flags:x}"
                + (map.KernelName != name ? $" (kernel name {map.KernelName})" : "")
                + (map.BtfKeyTypeId != 0 || map.BtfValueTypeId != 0 ? $" btf key [{map.BtfKeyTypeId}] value [{map.BtfValueTypeId}]" : "")
                + (map.Pinning == MapPinning.ByName ? ", pinned by name" : "")
                + (map.InnerMap is { } inner ? $", inner {inner.Type} key {inner.KeySize} value {inner.ValueSize} max_entries {inner.MaxEntries}" : "")
                + (map.InitialSlots.Count > 0 ? $", slots {string.Join(" ", map.InitialSlots.Select(slot => $"[{slot.Key}]={slot.Value}"))}" : "")
                + (map.StructOps is { } ops ? $", struct {ops.TypeName} {string.Join(" ", ops.Programs.Select(p => $"{p.Key}={p.Value}"))}" : ""));

        output.WriteLine();
        output.WriteLine("variables:");
        foreach (var variable in spec.Variables.Values)
            output.WriteLine($"  {variable.Name}: {variable.SectionName}+{variable.Offset}, {variable.Size} bytes = {Convert.ToHexString(variable.Value)}");

        if (spec.Externs.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("externs (supplied by the kernel at load):");
            foreach (var extern_ in spec.Externs)
                output.WriteLine($"  {extern_}");
        }

        output.WriteLine();
        output.WriteLine("programs:");
        foreach (var program in spec.Programs.Values)
            output.WriteLine($"  {program.Name}: section {program.SectionName}, {program.Type}, {program.Instructions.Length} instructions"
                + (program.AttachTarget is { } target ? $", attaches to {target}" : "")
                + (program.AutoLoad ? "" : ", not loaded by default"));

        output.WriteLine();
        output.WriteLine("functions and relocations:");
        foreach (var function in spec.Functions)
        {
            output.WriteLine($"  {function.Name} ({function.SectionName}, {function.Instructions.Length} instructions)");
            foreach (var reference in function.References)
                output.WriteLine($"    insn {reference.Index,4}: {Describe(reference)}");
        }

        WriteCoreRelocations(spec, output);
    }

    private static string Describe(InstructionReference reference) => reference.Kind switch
    {
        ReferenceKind.Map => $"map {reference.Target} (ld_imm64 becomes BPF_PSEUDO_MAP_FD)",
        ReferenceKind.GlobalData => $"global data {reference.Target}+{reference.Value} (ld_imm64 becomes BPF_PSEUDO_MAP_VALUE)",
        ReferenceKind.Call => $"call {reference.Target} slot {reference.Value} (appended subprogram)",
        ReferenceKind.Extern => $"extern {reference.Target} (kconfig value, kernel symbol or kfunc)",
        _ => $"address of {reference.Target} slot {reference.Value} (BPF_PSEUDO_FUNC)",
    };

    private static void WriteCoreRelocations(ObjectSpec spec, TextWriter output)
    {
        var functions = spec.Functions.Where(f => f.CoreRelocations.Count > 0).ToList();
        output.WriteLine();
        if (functions.Count == 0 || spec.Btf is null)
        {
            output.WriteLine("CO-RE relocations: none");
            return;
        }
        output.WriteLine($"CO-RE relocations, resolved against {KernelBtf.VmlinuxPath}:");
        var relocator = new CoreRelocator(spec.Btf, KernelBtf.LoadVmlinux());
        foreach (var function in functions)
        {
            output.WriteLine($"  {function.Name}:");
            foreach (var record in function.CoreRelocations)
            {
                string decision;
                try
                {
                    decision = relocator.Resolve(record).Description;
                }
                catch (CoreRelocationException e)
                {
                    decision = $"error: {e.Message}";
                }
                output.WriteLine($"    insn {record.InstructionOffset,4}: {record.Kind,-16} {decision}");
            }
        }
    }
}
