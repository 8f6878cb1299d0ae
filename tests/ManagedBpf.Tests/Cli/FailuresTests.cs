using ManagedBpf.Cli;
using Xunit;

namespace ManagedBpf.Tests.Cli;

/// <summary>The failure classes the tools share: which status each exception of the library gets, and how it is printed.</summary>
public class FailuresTests
{
    public static TheoryData<Exception, int> Classes => new()
    {
        { new BpfVerifierException("BPF_PROG_LOAD", "p", Errno.EACCES, "0: (85) call bad\ninvalid func\n"), 70 },
        { new BpfFormatException("bad BTF magic 0x0000", ".BTF", 0), 65 },
        { new BpfNotSupportedException("BPF_MAP_TYPE_RINGBUF", "5.8"), 69 },
        { new BpfSyscallException("BPF_MAP_CREATE", Errno.EPERM, "m"), 77 },
        { new BpfSyscallException("BPF_OBJ_GET", Errno.EACCES, "m"), 77 },
        { new BpfSyscallException("BPF_MAP_CREATE", Errno.EINVAL, "m"), 71 },
        { new BpfException("struct_ops 'x': the kernel has no struct y"), 1 },
        { new Failure(66, "x: no such file"), 66 },
        { new ArgumentOutOfRangeException("length"), 99 },
    };

    [Theory]
    [MemberData(nameof(Classes))]
    public void EachExceptionHasTheStatusOfItsClass(Exception e, int status) =>
        Assert.Equal(status, Failures.Classify(e, "o.bpf.o").ExitCode);

    [Fact]
    public void AnInternalErrorIsOneLineAndItsStackTraceComesOnlyWithVerbose()
    {
        var failure = Failures.Classify(Thrown(), "o.bpf.o");

        var quiet = Reported(failure, verbose: false);
        var verbose = Reported(failure, verbose: true);

        Assert.Equal(99, failure.ExitCode);
        Assert.Equal("mbpf: internal error (ArgumentOutOfRangeException: Specified argument was out of the range of valid values. (Parameter 'length')); please report it with the output of -v\n", quiet);
        Assert.StartsWith(quiet, verbose);
        Assert.Contains($"   at {typeof(FailuresTests).FullName}.{nameof(Thrown)}", verbose);
    }

    [Fact]
    public void AMessageThatHoldsNewlinesIsPrintedAsOneLine()
    {
        var failure = Failures.Classify(new BpfException("first\nsecond"), "o.bpf.o");
        Assert.Equal("mbpf: first second\n", Reported(failure, verbose: false));
    }

    [Fact]
    public void AMalformedObjectNamesTheObjectSectionAndOffset()
    {
        var failure = Failures.Classify(new BpfFormatException("bad BTF magic 0x0000", ".BTF", 0), "o.bpf.o");
        Assert.Equal("malformed BPF object o.bpf.o: .BTF: bad BTF magic 0x0000 (offset 0); rebuild it with clang -target bpf -g -O2", failure.Message);
    }

    private static string Reported(Failure failure, bool verbose)
    {
        var stderr = new StringWriter { NewLine = "\n" };
        Assert.Equal(failure.ExitCode, ErrorReporter.Report(failure, "mbpf", verbose, stderr));
        return stderr.ToString();
    }

    private static ArgumentOutOfRangeException Thrown()
    {
        try
        {
            throw new ArgumentOutOfRangeException("length");
        }
        catch (ArgumentOutOfRangeException e)
        {
            return e;
        }
    }
}
