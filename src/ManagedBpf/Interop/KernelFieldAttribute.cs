namespace ManagedBpf.Interop;

/// <summary>
/// The C name of the kernel member a field of an interop struct stands for, as the UAPI header spells it
/// (<c>map_type</c>, <c>attach_prog_fd</c>). A dotted path names a member of a named nested struct
/// (<c>perf_event.bpf_cookie</c> in <c>link_create</c>); members of anonymous structs and unions are named
/// directly, as C names them. A field that holds a run of bitfields names the first of them. The tests compare
/// every such field's offset and size with the running kernel's BTF.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class KernelFieldAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
