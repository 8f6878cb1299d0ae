namespace ManagedBpf.Interop;

/// <summary>statx(2) of a path, for what .NET's file APIs do not tell: the inode number.</summary>
internal static unsafe class FileStatus
{
    /// <summary>stx_ino of <paramref name="path"/>, following symbolic links.</summary>
    /// <exception cref="BpfSyscallException">ENOENT and the like, naming the path.</exception>
    public static ulong Inode(string path)
    {
        Libc.StatxBuffer buffer;
        if (Libc.Statx(Libc.AT_FDCWD, path, 0, Libc.STATX_INO, &buffer) != 0)
            throw SyscallError.Create("statx", Libc.LastErrno, path);
        return buffer.Inode;
    }
}
