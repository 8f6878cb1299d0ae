using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>
/// One step of a high-level CO-RE access spec (libbpf struct bpf_core_accessor): a named member of a
/// struct/union, an array index (unnamed), or for enum relocations the enumerator.
/// </summary>
/// <param name="TypeId">The composite, array element or enum type the step applies to.</param>
/// <param name="Index">Member, element or enumerator index.</param>
/// <param name="NameOffset">Name of the member/enumerator in the spec's BTF; null for array steps.</param>
internal readonly record struct CoreAccessor(int TypeId, int Index, uint? NameOffset);

/// <summary>
/// libbpf struct bpf_core_spec: the access path of a relocation in one BTF. <see cref="Raw"/> has one entry per
/// access-string element (including anonymous members); <see cref="Accessors"/> only the meaningful steps.
/// </summary>
internal sealed class CoreSpec(BtfSpec btf, int rootTypeId, CoreRelocationKind kind)
{
    /// <summary>BPF_CORE_SPEC_MAX_LEN: access strings and matched target paths are at most this long.</summary>
    public const int MaxLength = 64;

    public BtfSpec Btf { get; } = btf;

    public int RootTypeId { get; } = rootTypeId;

    public CoreRelocationKind Kind { get; } = kind;

    public List<CoreAccessor> Accessors { get; } = [];

    public List<int> Raw { get; } = [];

    /// <summary>Bit offset of the accessed field from the start of the root type.</summary>
    public long BitOffset { get; set; }

    public CoreAccessor Last => Accessors[^1];

    /// <summary>The raw access string, e.g. "0:95" (libbpf prints it in its debug log).</summary>
    public string RawString => string.Join(':', Raw);

    /// <summary>Human readable path: <c>task_struct.real_parent</c>, <c>s.arr[3]</c>, <c>enum e::VALUE</c>.</summary>
    public string Describe()
    {
        var root = Btf.Raw(RootTypeId);
        var name = Btf.GetString(root.NameOffset);
        if (name.Length == 0)
            name = $"({root.Kind.ToString().ToLowerInvariant()} [{RootTypeId}])";
        if (Accessors.Count == 0)
            return name;
        if (Kind is CoreRelocationKind.EnumValue or CoreRelocationKind.EnumValueExists)
            return $"{name}::{Btf.GetString(Accessors[0].NameOffset!.Value)}";

        var text = new System.Text.StringBuilder(name);
        if (Accessors[0].Index != 0)
            text.Append('[').Append(Accessors[0].Index).Append(']');
        for (var i = 1; i < Accessors.Count; i++)
        {
            if (Accessors[i].NameOffset is { } member)
                text.Append('.').Append(Btf.GetString(member));
            else
                text.Append('[').Append(Accessors[i].Index).Append(']');
        }

        return text.ToString();
    }

    /// <summary>libbpf is_flex_arr: an array of 0 elements that is the last member of the struct named by <paramref name="enclosing"/>.</summary>
    public static bool IsFlexibleArray(BtfSpec btf, CoreAccessor enclosing, uint count) =>
        enclosing.NameOffset is not null && count == 0 && enclosing.Index == btf.Raw(enclosing.TypeId).Vlen - 1;
}
