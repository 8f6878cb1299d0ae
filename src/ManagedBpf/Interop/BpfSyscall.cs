namespace ManagedBpf.Interop;

/// <summary>
/// The only caller of bpf(2). Retry policy lives here: EINTR for every command, EAGAIN for BPF_PROG_LOAD (the
/// verifier returns it when a signal is pending or memory is tight; libbpf's sys_bpf_prog_load retries the same way).
/// </summary>
internal static unsafe class BpfSyscall
{
    private const int MaxAttempts = 5;

    /// <summary>Issues the command; returns the result (≥ 0) or -1 with <paramref name="errno"/> set.</summary>
    public static long TryInvoke<TAttr>(BpfCommand command, ref TAttr attr, out Errno errno) where TAttr : unmanaged
    {
        for (var attempt = 1; ; attempt++)
        {
            long result;
            fixed (TAttr* pointer = &attr)
                result = Libc.Syscall3(SyscallNumbers.Bpf, (long)command, (long)pointer, sizeof(TAttr));
            if (result >= 0)
            {
                errno = 0;
                return result;
            }
            errno = Libc.LastErrno;
            var retry = errno == Errno.EINTR || (errno == Errno.EAGAIN && command == BpfCommand.ProgLoad);
            if (!retry || attempt >= MaxAttempts)
                return -1;
        }
    }

    /// <summary>Issues the command and throws a <see cref="BpfSyscallException"/> on failure.</summary>
    public static long Invoke<TAttr>(BpfCommand command, ref TAttr attr, string? objectName) where TAttr : unmanaged
    {
        var result = TryInvoke(command, ref attr, out var errno);
        return result >= 0 ? result : throw SyscallError.Create(command.Name(), errno, objectName);
    }


    /// <summary>BPF_OBJ_GET_INFO_BY_FD into <paramref name="info"/> (a prefix of the kernel's info struct).</summary>
    public static void GetInfo<TInfo>(SafeFd fd, ref TInfo info, string? objectName) where TInfo : unmanaged
    {
        using var lease = HandleLease.Of(fd);
        fixed (TInfo* pointer = &info)
        {
            var attr = new ObjGetInfoAttr { BpfFd = (uint)lease.Raw, InfoLen = (uint)sizeof(TInfo), Info = (ulong)pointer };
            Invoke(BpfCommand.ObjGetInfoByFd, ref attr, objectName);
        }
    }

    /// <summary>The id after <paramref name="startId"/> for BPF_{PROG,MAP,LINK}_GET_NEXT_ID, or null at the end.</summary>
    public static uint? GetNextId(BpfCommand command, uint startId)
    {
        var attr = new GetIdAttr { StartId = startId };
        if (TryInvoke(command, ref attr, out var errno) >= 0)
            return attr.NextId;
        return errno == Errno.ENOENT ? null : throw SyscallError.Create(command.Name(), errno, null);
    }
}
