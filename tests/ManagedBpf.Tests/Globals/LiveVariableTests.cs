using ManagedBpf.Globals;
using ManagedBpf.Maps;
using Xunit;

namespace ManagedBpf.Tests.Globals;

/// <summary>
/// Global variables after load, read and written in place through their mapped sections while bpf/data/globals.bpf.o's
/// program runs (BPF_PROG_TEST_RUN).
/// </summary>
public class LiveVariableTests
{
    private record struct Pair(uint LimitSeen, uint Runs);

    [KernelFact]
    public void CountersTheProgramIncrementsAreSeenWithoutASystemCall()
    {
        using var obj = Load();
        var counter = obj.Variables["counter"];
        var program = obj.Programs["bump"];
        Assert.Equal(0ul, counter.Get<ulong>());
        for (var run = 1; run <= 10; run++)
        {
            program.TestRun(new byte[8]);
            Assert.Equal((ulong)run, counter.Get<ulong>());
        }
        Assert.Equal(new Pair(100, 10), obj.Variables["pair"].Get<Pair>());
        Assert.Equal(10ul, obj.Variables["custom_runs"].Get<ulong>());
    }

    [KernelFact]
    public void ValuesWrittenHereAreWhatTheProgramReadsNext()
    {
        using var obj = Load();
        obj.Variables["step"].Set(1000ul);
        obj.Variables["counter"].Set(5ul);
        obj.Programs["bump"].TestRun(new byte[8]);
        Assert.Equal(1005ul, obj.Variables["counter"].Get<ulong>());
        Span<byte> raw = stackalloc byte[8];
        obj.Variables["counter"].Read(raw);
        Assert.Equal(1005ul, BitConverter.ToUInt64(raw));
        obj.Variables["counter"].Write(BitConverter.GetBytes(1ul));
        Assert.Equal(1ul, obj.Variables["counter"].Get<ulong>());
    }

    [KernelFact]
    public void ReadsFollowTheProgramWhileItRunsOnAnotherThread()
    {
        using var obj = Load();
        var counter = obj.Variables["counter"];
        var program = obj.Programs["bump"];
        var moves = 0;
        // The program runs until the reads below have seen the counter move a few times (or a cap is reached).
        var runner = Task.Run(() =>
        {
            var runs = 0ul;
            for (; runs < 1_000_000 && Volatile.Read(ref moves) < 5; runs++)
                program.TestRun(new byte[8]);
            return runs;
        });
        var last = 0ul;
        while (!runner.IsCompleted)
        {
            var now = counter.Get<ulong>();
            Assert.True(now >= last, $"the counter went back from {last} to {now}");
            if (now != last)
                Interlocked.Increment(ref moves);
            last = now;
        }
        Assert.Equal(runner.Result, counter.Get<ulong>());
        Assert.True(moves >= 5, $"the reads saw the counter move {moves} times while the program ran");
    }

    [KernelFact]
    public void RodataIsReadOnlyAndKeepsTheValueSetBeforeLoad()
    {
        var spec = TestObjects.ParseFile(TestObjects.PathOf("globals.bpf.o"));
        spec.Variables["limit"].Set(42u);
        using var obj = BpfObject.Load(spec);
        var limit = obj.Variables["limit"];
        Assert.True(limit.IsReadOnly);
        Assert.Equal(42u, limit.Get<uint>());
        var error = Assert.Throws<InvalidOperationException>(() => limit.Set(1u));
        Assert.Contains(".rodata", error.Message);
        obj.Programs["bump"].TestRun(new byte[8]);
        Assert.Equal(42u, obj.Variables["pair"].Get<Pair>().LimitSeen);
    }

    [KernelFact]
    public void SizesAreCheckedAgainstTheBtfType()
    {
        using var obj = Load();
        var counter = obj.Variables["counter"];
        Assert.Equal((8, "__u64", ".bss"), (counter.Size, counter.BtfType?.Name, counter.SectionName));
        var error = Assert.Throws<ArgumentException>(() => counter.Get<uint>());
        Assert.Contains("variable 'counter' is 8 bytes (__u64) in its BTF; UInt32 is 4", error.Message);
        Assert.Throws<ArgumentException>(() => counter.Set(1u));
        Assert.Throws<ArgumentException>(() => counter.Read(new byte[4]));
    }

    [KernelFact]
    public void OnlySectionsWithGlobalsAreMapped()
    {
        using var obj = Load();
        Assert.False(obj.Variables.ContainsKey("static_runs"));
        Assert.False(obj.Maps[".data.statics"].Flags.HasFlag(MapFlags.Mmapable));
        Assert.True(obj.Maps[".data.custom"].Flags.HasFlag(MapFlags.Mmapable));
        Assert.Equal(["counter", "custom_runs", "limit", "pair", "step"], obj.Variables.Keys.Order());
        // The statics still count, through the map.
        obj.Programs["bump"].TestRun(new byte[8]);
        Assert.True(obj.Maps[".data.statics"].TryLookup(0u, out ulong runs));
        Assert.Equal(1ul, runs);
    }

    [KernelFact]
    public void VariablesOfADisposedObjectThrow()
    {
        BpfVariable counter;
        using (var obj = Load())
            counter = obj.Variables["counter"];
        Assert.Throws<ObjectDisposedException>(() => counter.Get<ulong>());
    }

    private static BpfObject Load() => BpfObject.Load(TestObjects.ParseFile(TestObjects.PathOf("globals.bpf.o")));
}
