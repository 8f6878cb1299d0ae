using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The socket options that hang a BPF program on a socket (include/uapi/asm-generic/socket.h): SO_ATTACH_BPF with a
/// program fd (3.19+), SO_DETACH_BPF (the same number as SO_DETACH_FILTER) to take it off; and the interface index
/// that xdp and tc links name a device by.
/// </summary>
internal static unsafe class Sockets
{
    private const int SOL_SOCKET = 1, SO_ATTACH_BPF = 50, SO_DETACH_BPF = 27;

    /// <summary>setsockopt(SOL_SOCKET, SO_ATTACH_BPF, &amp;prog_fd); 0 or the errno.</summary>
    public static Errno AttachBpf(SafeHandle socket, SafeFd program)
    {
        using var socketLease = HandleLease.Of(socket);
        using var programLease = HandleLease.Of(program);
        var fd = programLease.Raw;
        return Libc.SetSockOpt(socketLease.Raw, SOL_SOCKET, SO_ATTACH_BPF, &fd, sizeof(int)) == 0 ? 0 : Libc.LastErrno;
    }

    /// <summary>setsockopt(SOL_SOCKET, SO_DETACH_BPF); 0 or the errno (ENOENT when nothing is attached).</summary>
    public static Errno DetachBpf(SafeHandle socket)
    {
        using var lease = HandleLease.Of(socket);
        var unused = 0;
        return Libc.SetSockOpt(lease.Raw, SOL_SOCKET, SO_DETACH_BPF, &unused, sizeof(int)) == 0 ? 0 : Libc.LastErrno;
    }

    /// <summary>if_nametoindex(3): the interface's index in this process's network namespace.</summary>
    /// <exception cref="BpfSyscallException">No such interface (ENODEV).</exception>
    public static int InterfaceIndex(string name)
    {
        var index = Libc.IfNameToIndex(name);
        return index != 0 ? (int)index : throw SyscallError.Create($"if_nametoindex {name}", Libc.LastErrno, name, "no such network interface in this namespace");
    }
}
