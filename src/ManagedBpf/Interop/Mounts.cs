namespace ManagedBpf.Interop;

/// <summary>mount(2) of the pseudo file systems a loader needs: bpffs for pins, tracefs for tracepoint ids.</summary>
internal static class Mounts
{
    /// <summary>mount(source, target, type, 0, NULL); 0 or the errno (EPERM without CAP_SYS_ADMIN, ENODEV when the
    /// kernel lacks the file system).</summary>
    public static Errno TryMount(string source, string target, string type) =>
        Libc.Mount(source, target, type, 0, 0) == 0 ? 0 : Libc.LastErrno;
}
