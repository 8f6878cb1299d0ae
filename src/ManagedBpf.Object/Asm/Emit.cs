namespace ManagedBpf.Asm;

/// <summary>Constructors for the instructions the loader emits and tests assemble by hand.</summary>
public static class Emit
{
    /// <summary>dst = imm (64-bit, sign-extended).</summary>
    public static Instruction Mov(Register destination, int immediate) =>
        new(OpCode.MovImm64, destination, Register.R0, 0, immediate);

    /// <summary>dst = src (64-bit).</summary>
    public static Instruction Mov(Register destination, Register source) =>
        new(OpCode.MovReg64, destination, source, 0, 0);

    /// <summary>dst += imm (64-bit).</summary>
    public static Instruction Add(Register destination, int immediate) =>
        new(OpCode.AddImm64, destination, Register.R0, 0, immediate);

    /// <summary>Calls helper number <paramref name="helper"/> (enum bpf_func_id).</summary>
    public static Instruction CallHelper(int helper) => new(OpCode.Call, Register.R0, Register.R0, 0, helper);

    /// <summary>Returns R0 to the caller.</summary>
    public static Instruction Exit() => new(OpCode.Exit, Register.R0, Register.R0, 0, 0);

    /// <summary>*(size *)(dst + off) = src.</summary>
    public static Instruction Store(Register destination, short offset, Register source, byte sizeField) =>
        new((byte)((byte)InstructionClass.StoreX | OpCode.ModeMem | sizeField), destination, source, offset, 0);

    /// <summary>*(size *)(dst + off) = imm.</summary>
    public static Instruction StoreImmediate(Register destination, short offset, int immediate, byte sizeField) =>
        new((byte)((byte)InstructionClass.Store | OpCode.ModeMem | sizeField), destination, Register.R0, offset, immediate);

    /// <summary>dst = *(size *)(src + off).</summary>
    public static Instruction Load(Register destination, Register source, short offset, byte sizeField) =>
        new((byte)((byte)InstructionClass.LoadX | OpCode.ModeMem | sizeField), destination, source, offset, 0);

    /// <summary>if dst == imm goto +off.</summary>
    public static Instruction JumpIfEqual(Register destination, int immediate, short offset) =>
        new(0x15, destination, Register.R0, offset, immediate);

    /// <summary>The two slots of dst = (u64)value.</summary>
    public static (Instruction First, Instruction Second) LoadImm64(Register destination, long value) =>
        LoadImm64(destination, PseudoSource.None, (int)value, (int)(value >> 32));

    /// <summary>The two slots of dst = &amp;map (BPF_PSEUDO_MAP_FD).</summary>
    public static (Instruction First, Instruction Second) LoadMapFd(Register destination, int mapFd) =>
        LoadImm64(destination, PseudoSource.MapFd, mapFd, 0);


    private static (Instruction, Instruction) LoadImm64(Register destination, PseudoSource source, int low, int high) =>
        (new Instruction(OpCode.LoadImm64, destination, (Register)source, 0, low),
         new Instruction(0, Register.R0, Register.R0, 0, high));
}
