using System.Text;
using ManagedBpf;
using ManagedBpf.Btf;
using ManagedBpf.Kernel;

namespace Mbpf;

/// <summary>`mbpf btf dump`: one line per type, in the spirit of `bpftool btf dump ... format raw`.</summary>
internal static class BtfDump
{
    public static void Write(string path, TextWriter output)
    {
        var btf = path == KernelBtf.VmlinuxPath ? KernelBtf.LoadVmlinux(path) : Read(path);
        var line = new StringBuilder();
        for (var id = btf.FirstOwnId; id < btf.TypeCount; id++)
        {
            line.Clear();
            Describe(btf.GetType(id), line);
            output.WriteLine(line);
        }
    }

    /// <summary>A raw BTF file, or an ELF object whose .BTF section is taken.</summary>
    private static BtfSpec Read(string path)
    {
        var bytes = Input.Read(path);
        return bytes.AsSpan().StartsWith("\u007fELF"u8)
            ? ObjectSpec.Parse(bytes).Btf ?? throw new BpfException($"{path} has no .BTF section")
            : BtfSpec.Parse(bytes);
    }

    private static void Describe(BtfType type, StringBuilder line)
    {
        line.Append('[').Append(type.Id).Append("] ").Append(Kind(type.Kind)).Append(" '").Append(type.Name.Length == 0 ? "(anon)" : type.Name).Append('\'');
        switch (type)
        {
            case BtfInt i:
                line.Append($" size={i.Size} bits_offset={i.BitOffset} nr_bits={i.Bits} encoding={(i.Encoding == 0 ? "(none)" : i.Encoding.ToString().ToUpperInvariant())}");
                break;
            case BtfPointer p:
                line.Append($" type_id={p.TargetId}");
                break;
            case BtfArray a:
                line.Append($" type_id={a.ElementId} index_type_id={a.IndexId} nr_elems={a.Count}");
                break;
            case BtfComposite c:
                line.Append($" size={c.Size} vlen={c.Members.Count}");
                foreach (var m in c.Members)
                    line.Append($" '{m.Name}' type_id={m.TypeId} bits_offset={m.BitOffset}").Append(m.BitfieldSize != 0 ? $" bitfield_size={m.BitfieldSize}" : "");
                break;
            case BtfEnum e:
                line.Append($" encoding={(e.Signed ? "SIGNED" : "UNSIGNED")} size={e.Size} vlen={e.Values.Count}");
                foreach (var v in e.Values)
                    line.Append($" '{v.Name}' val={v.Value}");
                break;
            case BtfForward f:
                line.Append($" fwd_kind={(f.IsUnion ? "union" : "struct")}");
                break;
            case BtfTypedef t:
                line.Append($" type_id={t.TargetId}");
                break;
            case BtfQualifier q:
                line.Append($" type_id={q.TargetId}");
                break;
            case BtfFunction f:
                line.Append($" type_id={f.ProtoId} linkage={f.Linkage.ToString().ToLowerInvariant()}");
                break;
            case BtfFunctionProto p:
                line.Append($" ret_type_id={p.ReturnId} vlen={p.Parameters.Count}");
                foreach (var parameter in p.Parameters)
                    line.Append($" '{parameter.Name}' type_id={parameter.TypeId}");
                break;
            case BtfVariable v:
                line.Append($" type_id={v.TypeId}, linkage={v.Linkage.ToString().ToLowerInvariant()}");
                break;
            case BtfDataSection d:
                line.Append($" size={d.Size} vlen={d.Variables.Count}");
                foreach (var v in d.Variables)
                    line.Append($" type_id={v.TypeId} offset={v.Offset} size={v.Size}");
                break;
            case BtfFloat f:
                line.Append($" size={f.Size}");
                break;
            case BtfDeclTag t:
                line.Append($" type_id={t.TargetId} component_idx={t.ComponentIndex}");
                break;
        }
    }

    /// <summary>The kind as bpftool spells it.</summary>
    private static string Kind(BtfKind kind) => kind switch
    {
        BtfKind.Pointer => "PTR",
        BtfKind.Forward => "FWD",
        BtfKind.Function => "FUNC",
        BtfKind.FunctionProto => "FUNC_PROTO",
        BtfKind.Variable => "VAR",
        BtfKind.DataSection => "DATASEC",
        BtfKind.DeclTag => "DECL_TAG",
        BtfKind.TypeTag => "TYPE_TAG",
        _ => kind.ToString().ToUpperInvariant(),
    };
}
