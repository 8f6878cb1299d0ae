using System.Runtime.InteropServices;
using ManagedBpf;
using ManagedBpf.Kernel;

namespace Samples;

/// <summary>
/// How a sample runs until it is told to stop, as the C examples' <c>signal(SIGINT/SIGTERM, ...)</c> handlers let
/// them end their loop and destroy the skeleton: Ctrl-C and SIGTERM cancel <see cref="Token"/> instead of killing
/// the process, so every <c>using</c> disposes and nothing stays attached.
/// </summary>
internal sealed class SampleRun : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    /// <summary>Starts handling SIGINT and SIGTERM, even when ignored on entry, as the C examples' signal() does.</summary>
    private SampleRun()
    {
        // Before the registrations: .NET reads each disposition when it first installs its handler.
        SignalDisposition.RestoreIfIgnored(PosixSignal.SIGINT);
        SignalDisposition.RestoreIfIgnored(PosixSignal.SIGTERM);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>
    /// Runs a sample's <paramref name="body"/> until it returns; a failure of the library (a kind this kernel cannot
    /// attach, a verifier refusal, ...) is one line on stderr and status 1, as the C examples' "Failed to ..." lines.
    /// </summary>
    public static int Run(Action<SampleRun> body)
    {
        using var run = new SampleRun();
        try
        {
            body(run);
            return 0;
        }
        catch (BpfException e)
        {
            Console.Error.WriteLine($"{AppDomain.CurrentDomain.FriendlyName}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Cancelled by SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Waits <paramref name="period"/>; false once the sample should stop.</summary>
    public bool Wait(TimeSpan period) => !_stop.Token.WaitHandle.WaitOne(period);

    /// <summary>Stops handling the signals.</summary>
    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }
}
