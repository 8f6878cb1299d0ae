using System.Buffers.Binary;
using ManagedBpf.Programs;

namespace ManagedBpf.Maps;

/// <summary>
/// A struct_ops map registered with the kernel (libbpf's bpf_map__attach_struct_ops for a <c>.struct_ops</c> map):
/// its value, with each function pointer set to its program's fd, written as element 0, which makes the kernel
/// build the trampolines and register the ops (a TCP congestion control appears under its name, for instance).
/// Disposing deletes element 0, which unregisters them.
/// </summary>
public sealed class StructOpsRegistration : IDisposable
{
    private static readonly byte[] Key = new byte[4];
    private readonly BpfMap map;
    private bool disposed;

    private StructOpsRegistration(BpfMap map) => this.map = map;

    /// <summary>The struct_ops map whose value is registered.</summary>
    public string MapName => map.Name;

    internal static StructOpsRegistration Register(BpfMap map, KernelStructOps ops, IReadOnlyDictionary<string, BpfProgram> programs)
    {
        var value = (byte[])ops.Value.Clone();
        foreach (var (offset, name) in ops.FunctionSlots)
        {
            var program = programs.GetValueOrDefault(name)
                ?? throw new BpfException($"struct_ops '{map.Name}': program '{name}' was not loaded (autoload is off)");
            // The kernel reads each function pointer slot as the fd of the program to call there; the object that
            // owns the programs keeps these fds open for as long as the registration can be made.
            BinaryPrimitives.WriteUInt64LittleEndian(value.AsSpan(offset), (ulong)program.Handle.Raw);
        }
        map.Update(Key, value);
        return new StructOpsRegistration(map);
    }

    /// <summary>Unregisters the ops (BPF_MAP_DELETE_ELEM of element 0).</summary>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        map.Delete(Key);
    }
}
