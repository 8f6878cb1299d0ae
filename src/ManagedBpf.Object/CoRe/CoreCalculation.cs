namespace ManagedBpf.CoRe;

/// <summary>libbpf struct bpf_core_relo_res: what to check in and write into the instruction.</summary>
internal struct CoreCalculation
{
    public ulong OriginalValue;
    public ulong NewValue;

    /// <summary>Replace the instruction with the invalid helper call instead of patching it.</summary>
    public bool Poison;

    /// <summary>Check that the instruction currently holds <see cref="OriginalValue"/> before patching.</summary>
    public bool Validate;

    /// <summary>Load/store size would change in a way that corrupts the value (only LDX/ST/STX care).</summary>
    public bool FailMemorySizeAdjust;

    /// <summary>Memory access sizes (bytes) of the field in local and target BTF; 0 when not a sized field.</summary>
    public uint OriginalSize;
    public uint NewSize;

    public int OriginalTypeId;
    public int NewTypeId;
}
