namespace ManagedBpf.Maps;

/// <summary>
/// A <c>SEC(".struct_ops")</c> variable: an instance of a kernel ops struct (e.g. <c>struct tcp_congestion_ops</c>)
/// whose function pointers are struct_ops programs of the object. Loaded as a BPF_MAP_TYPE_STRUCT_OPS map; the
/// kernel calls the programs once the map's value is registered (<c>BpfObject.RegisterStructOps</c>).
/// </summary>
/// <param name="TypeName">The ops struct's name, which the kernel's BTF must have (with its <c>bpf_struct_ops_</c> wrapper).</param>
/// <param name="LocalTypeId">The struct in the object's BTF.</param>
/// <param name="Data">The variable's bytes as the object initialises them: the values of the non-pointer members.</param>
/// <param name="Programs">Program name by member name, for each function pointer the object sets.</param>
public sealed record StructOpsSpec(string TypeName, int LocalTypeId, byte[] Data, IReadOnlyDictionary<string, string> Programs);
