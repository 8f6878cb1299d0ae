namespace ManagedBpf.Maps;

/// <summary>
/// A <c>SEC(".struct_ops")</c> variable: an instance of a kernel ops struct (e.g. <c>struct tcp_congestion_ops</c>)
/// whose function pointers are struct_ops programs of the object. Loaded as a BPF_MAP_TYPE_STRUCT_OPS map; the
/// kernel calls the programs once the map's value is registered (<see cref="BpfObject.RegisterStructOps"/>).
/// </summary>
public sealed class StructOpsSpec
{
    internal StructOpsSpec(string typeName, int localTypeId, byte[] data, IReadOnlyDictionary<string, string> programs)
    {
        TypeName = typeName;
        LocalTypeId = localTypeId;
        Data = data;
        Programs = programs;
    }

    /// <summary>The ops struct's name, which the kernel's BTF must have (with its <c>bpf_struct_ops_</c> wrapper).</summary>
    public string TypeName { get; }

    /// <summary>The struct in the object's BTF.</summary>
    public int LocalTypeId { get; }

    /// <summary>The variable's bytes as the object initialises them: the values of the non-pointer members.</summary>
    public byte[] Data { get; }

    /// <summary>Program name by member name, for each function pointer the object sets.</summary>
    public IReadOnlyDictionary<string, string> Programs { get; }
}
