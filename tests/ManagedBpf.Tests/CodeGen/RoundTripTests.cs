using ManagedBpf.Tests.CodeGen.Layouts;
using Xunit;

namespace ManagedBpf.Tests.CodeGen;

/// <summary>
/// bpf/gen/layouts.bpf.o through the class its BpfObject item generates in this assembly: values written through
/// the generated structs (into a map, into .rodata before load, into .bss and .data after) are read member by
/// member by a BPF program with the C layout (BPF_PROG_TEST_RUN; it returns the line of the first mismatch), and
/// the values the program writes with the C layout read back through the generated structs the same.
/// </summary>
public class RoundTripTests
{
    [KernelFact]
    public void ValuesCrossBetweenTheGeneratedStructsAndTheCLayoutIntact()
    {
        var spec = LayoutsObject.Open();
        spec.Rodata.RodataScale = 3;
        spec.Rodata.RodataInner = new Inner { A = 0x4321, B = 0x65 };
        spec.Rodata.RodataNameString = "set";
        using var obj = spec.Load();
        obj.Layouts.Update(0, Expected());
        obj.Bss.PackedGlobal = new PackedBits { A = 0x11, B = 0x2233445566778899, C = 0xabcde, D = 0xf12, E = 0x34 };
        obj.Data.DataCounter = 41;

        var line = obj.CheckLayout.TestRun(new byte[16]);

        Assert.True(line == 0, $"layouts.bpf.c line {line}: the first member the program read otherwise than the generated struct wrote");
        Assert.True(obj.Layouts.TryLookup(1, out var written));
        AssertLayout(Expected(), written);
        AssertLayout(Expected(), obj.Bss.BssLayout);
        Assert.Equal(99u, obj.Bss.BssHandle.Id);
        Assert.Equal(42ul, obj.Data.DataCounter);
        Assert.Equal("set", obj.Rodata.RodataNameString);
        Assert.Throws<InvalidOperationException>(() => obj.Rodata.RodataScale = 4);
    }

    [KernelFact]
    public void GeneratedGlobalsAreTheirVariablesLiveBytes()
    {
        // bump_live adds 1 to live_count per run; meanwhile another thread writes live_note, its neighbour in .bss,
        // through the generated property. A write of the whole section's value (read, change, update) would put back
        // a stale live_count and lose increments; a write of the variable's own bytes in the mmap loses none.
        using var obj = LayoutsObject.Load();
        const int Runs = 3000;
        using var done = new CancellationTokenSource();
        var notes = 0ul;
        var writer = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
                obj.Bss.LiveNote = ++notes;
        });
        while (Volatile.Read(ref notes) == 0)
            Thread.Yield();

        for (var run = 1; run <= Runs; run++)
        {
            Assert.Equal(0u, obj.BumpLive.TestRun(new byte[16]));
            Assert.Equal((ulong)run, obj.Bss.LiveCount);
        }
        done.Cancel();
        writer.Wait();

        Assert.Equal((ulong)Runs, obj.Bss.LiveCount);
        Assert.Equal(notes, obj.Bss.LiveNote);
        obj.Bss.LiveCount = 0;
        obj.BumpLive.TestRun(new byte[16]);
        Assert.Equal(1ul, obj.Bss.LiveCount);
    }

    [KernelFact]
    public void TheProgramFindsTheMemberTheGeneratedStructGotWrong()
    {
        using var obj = LayoutsObject.Load();
        var wrong = Expected();
        wrong.Mid = -8;
        obj.Layouts.Update(0, wrong);

        var line = obj.CheckLayout.TestRun(new byte[16]);

        var source = File.ReadAllLines(Path.Combine(Repository.Root, "bpf", "gen", "layouts.bpf.c"));
        Assert.InRange((int)line, 1, source.Length);
        Assert.Contains("l->mid != -9", source[line - 1]);
    }

    /// <summary>The values check() in layouts.bpf.c expects, as the generated structs set them.</summary>
    private static Layout Expected()
    {
        var l = new Layout
        {
            U8 = 0xa5,
            S16 = -2,
            U32 = 0xdeadbeef,
            S64 = -3,
            NameString = "mbpf",
            Flag = true,
            Colour = Colour.Blue,
            Delta = Delta.Down,
            Wide = Wide.Big,
            Tiny = Tiny.B,
            Lo = 5,
            Mid = -9,
            Dir = Delta.Down,
            On = true,
            Big = 0xabcdef0123,
            Inner = new Inner { A = 0x1234, B = 0x56 },
            Lo32 = 0x12345678,
            Hi32 = 0x87654321,
            Ratio = 1.5,
            Ptr = 0xffff888000001000,
            Handle = new HandleT { Id = 77 },
            Huge = new UInt128(0x5555666677778888, 0x1111222233334444),
        };
        l.Pair[0].A = 7;
        l.Pair[1].A = 8;
        l.Pair[1].B = 9;
        l.Grid[0][0] = 1;
        l.Grid[1][2] = 6;
        l.Point.X = 3;
        l.Point.Y = 4;
        return l;
    }

    private static void AssertLayout(Layout expected, Layout actual)
    {
        Assert.Equal(
            (expected.U8, expected.S16, expected.U32, expected.S64, expected.NameString, expected.Flag, expected.Colour, expected.Delta, expected.Wide, expected.Tiny),
            (actual.U8, actual.S16, actual.U32, actual.S64, actual.NameString, actual.Flag, actual.Colour, actual.Delta, actual.Wide, actual.Tiny));
        Assert.Equal((expected.Lo, expected.Mid, expected.Dir, expected.On, expected.Big), (actual.Lo, actual.Mid, actual.Dir, actual.On, actual.Big));
        Assert.Equal((expected.Inner.A, expected.Inner.B, expected.Pair[0].A, expected.Pair[1].A, expected.Pair[1].B),
            (actual.Inner.A, actual.Inner.B, actual.Pair[0].A, actual.Pair[1].A, actual.Pair[1].B));
        Assert.Equal((expected.Grid[0][0], expected.Grid[1][2], expected.Bits, expected.Lo32, expected.Hi32, expected.Point.X, expected.Point.Y),
            (actual.Grid[0][0], actual.Grid[1][2], actual.Bits, actual.Lo32, actual.Hi32, actual.Point.X, actual.Point.Y));
        Assert.Equal((expected.Ratio, expected.Ptr, expected.Handle.Id, expected.Huge), (actual.Ratio, actual.Ptr, actual.Handle.Id, actual.Huge));
    }
}
