using System.Runtime.InteropServices;
using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a BPF_PROG_TYPE_SOCKET_FILTER program to one socket (setsockopt SO_ATTACH_BPF, 3.19+). The program sees
/// each packet the socket receives and returns how many bytes of it to keep (0 drops it). There is no bpf link: the
/// socket holds the program, and Dispose takes it off with SO_DETACH_BPF (a closed socket drops it by itself).
/// </summary>
public static class SocketFilter
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to <paramref name="socket"/> (e.g. <c>Socket.SafeHandle</c>).</summary>
        /// <exception cref="BpfSyscallException">The socket refused it (the program type must be a socket filter).</exception>
        public BpfLink AttachSocketFilter(SafeHandle socket)
        {
            ArgumentNullException.ThrowIfNull(socket);
            var description = $"socket filter {program.Name}";
            var errno = Sockets.AttachBpf(socket, program.Fd);
            return errno == 0 ? new SocketFilterLink(description, socket) : throw SyscallError.Create("setsockopt(SO_ATTACH_BPF)", errno, description);
        }
    }
}

/// <summary>A socket filter: detaching runs SO_DETACH_BPF on the socket, unless the socket is closed already.</summary>
internal sealed class SocketFilterLink(string description, SafeHandle socket) : BpfLink(description, null, null)
{
    protected override void Detach()
    {
        if (!socket.IsClosed)
            Sockets.DetachBpf(socket);
    }
}
