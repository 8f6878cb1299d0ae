using System.Text;

namespace ManagedBpf.Interop;

/// <summary>
/// Kernel object names (map_name, prog_name): BPF_OBJ_NAME_LEN = 16 bytes including the NUL. The kernel accepts
/// only [A-Za-z0-9_.] (bpf_obj_name_cpy in kernel/bpf/syscall.c) and fails the whole call with EINVAL otherwise,
/// so other characters become '_' and the name is cut to 15 bytes.
/// </summary>
internal static class ObjectName
{
    public const int Capacity = 16;

    /// <summary>Writes the sanitised, NUL-terminated name into <paramref name="destination"/> (16 bytes).</summary>
    public static void Encode(string name, Span<byte> destination)
    {
        destination.Clear();
        var length = Math.Min(name.Length, Capacity - 1);
        for (var i = 0; i < length; i++)
        {
            var c = name[i];
            destination[i] = char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.' ? (byte)c : (byte)'_';
        }
    }

    /// <summary>Reads a NUL-terminated name field.</summary>
    public static string Decode(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }
}
