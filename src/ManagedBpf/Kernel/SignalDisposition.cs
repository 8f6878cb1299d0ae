using System.Runtime.InteropServices;
using ManagedBpf.Interop;

namespace ManagedBpf.Kernel;

/// <summary>
/// What the process does with a signal, for a tool that must stop on it as a C tool would. A shell starts a
/// background job (<c>tool &amp;</c>) with SIGINT and SIGQUIT ignored, and exec keeps ignored signals ignored; .NET
/// respects an ignored signal and installs no handler for it, so a <see cref="PosixSignalRegistration"/> for it never
/// fires, where a C tool's signal(SIGINT, handler) replaces the disposition whatever it was.
/// </summary>
public static class SignalDisposition
{
    /// <summary>
    /// Sets <paramref name="signal"/> back to its default action (SIG_DFL) if it is ignored, and leaves any other
    /// disposition alone. Call it before the first <see cref="PosixSignalRegistration"/> or use of
    /// <see cref="Console"/>, which is when .NET reads the disposition: the registration then receives the signal.
    /// </summary>
    /// <returns>Whether the signal was ignored.</returns>
    public static bool RestoreIfIgnored(PosixSignal signal)
    {
        var number = signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGQUIT => 3,
            PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "only the termination signals"),
        };
        if (!Signals.IsIgnored(number))
            return false;
        Signals.SetDefault(number);
        return true;
    }
}
