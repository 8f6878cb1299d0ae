namespace ManagedBpf.Interop;

/// <summary>sigaction(2), to read a signal's disposition and to set the default one: no handler of ours ever runs in
/// signal context.</summary>
internal static unsafe class Signals
{
    /// <summary>Whether the disposition of <paramref name="signal"/> is SIG_IGN.</summary>
    public static bool IsIgnored(int signal)
    {
        Libc.SigactionBuffer current;
        if (Libc.Sigaction(signal, null, &current) != 0)
            throw SyscallError.Create("sigaction", Libc.LastErrno, null);
        return current.Handler == Libc.SIG_IGN;
    }

    /// <summary>Sets SIG_DFL, with no flags and an empty mask.</summary>
    public static void SetDefault(int signal)
    {
        var action = new Libc.SigactionBuffer { Handler = Libc.SIG_DFL };
        if (Libc.Sigaction(signal, &action, null) != 0)
            throw SyscallError.Create("sigaction", Libc.LastErrno, null);
    }
}
