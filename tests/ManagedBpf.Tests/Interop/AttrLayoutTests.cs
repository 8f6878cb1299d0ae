using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedBpf.Interop;
using Xunit;

namespace ManagedBpf.Tests.Interop;

/// <summary>Every attr struct against the offsets in kernel-abi.md and the 6.18 vmlinux BTF (bpftool btf dump).</summary>
public class AttrLayoutTests
{
    public static TheoryData<Type, string, int> Offsets => new()
    {
        { typeof(MapCreateAttr), nameof(MapCreateAttr.MapType), 0 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.KeySize), 4 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.ValueSize), 8 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.MaxEntries), 12 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.MapFlags), 16 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.InnerMapFd), 20 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.MapName), 28 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.BtfFd), 48 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.BtfKeyTypeId), 52 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.BtfValueTypeId), 56 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.MapExtra), 64 },
        { typeof(MapCreateAttr), nameof(MapCreateAttr.MapTokenFd), 76 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.ProgType), 0 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.InsnCnt), 4 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.Insns), 8 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.License), 16 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.LogLevel), 24 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.LogSize), 28 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.LogBuf), 32 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.KernVersion), 40 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.ProgFlags), 44 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.ProgName), 48 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.ExpectedAttachType), 68 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.ProgBtfFd), 72 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.FuncInfoRecSize), 76 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.FuncInfo), 80 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.FuncInfoCnt), 88 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.LineInfoRecSize), 92 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.LineInfo), 96 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.LineInfoCnt), 104 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.AttachBtfId), 108 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.CoreReloCnt), 116 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.FdArray), 120 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.CoreRelos), 128 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.CoreReloRecSize), 136 },
        { typeof(ProgLoadAttr), nameof(ProgLoadAttr.LogTrueSize), 140 },
        { typeof(MapElemAttr), nameof(MapElemAttr.MapFd), 0 },
        { typeof(MapElemAttr), nameof(MapElemAttr.Key), 8 },
        { typeof(MapElemAttr), nameof(MapElemAttr.Value), 16 },
        { typeof(MapElemAttr), nameof(MapElemAttr.Flags), 24 },
        { typeof(LinkCreateAttr), nameof(LinkCreateAttr.ProgFd), 0 },
        { typeof(LinkCreateAttr), nameof(LinkCreateAttr.TargetFd), 4 },
        { typeof(LinkCreateAttr), nameof(LinkCreateAttr.AttachType), 8 },
        { typeof(LinkCreateAttr), nameof(LinkCreateAttr.Flags), 12 },
        { typeof(LinkCreateAttr), nameof(LinkCreateAttr.PerfEventBpfCookie), 16 },
        { typeof(BtfLoadAttr), nameof(BtfLoadAttr.Btf), 0 },
        { typeof(BtfLoadAttr), nameof(BtfLoadAttr.BtfLogBuf), 8 },
        { typeof(BtfLoadAttr), nameof(BtfLoadAttr.BtfSize), 16 },
        { typeof(BtfLoadAttr), nameof(BtfLoadAttr.BtfLogSize), 20 },
        { typeof(BtfLoadAttr), nameof(BtfLoadAttr.BtfLogLevel), 24 },
        { typeof(BtfLoadAttr), nameof(BtfLoadAttr.BtfLogTrueSize), 28 },
        { typeof(ObjGetInfoAttr), nameof(ObjGetInfoAttr.BpfFd), 0 },
        { typeof(ObjGetInfoAttr), nameof(ObjGetInfoAttr.InfoLen), 4 },
        { typeof(ObjGetInfoAttr), nameof(ObjGetInfoAttr.Info), 8 },
        { typeof(ProgTestRunAttr), nameof(ProgTestRunAttr.Retval), 4 },
        { typeof(ProgTestRunAttr), nameof(ProgTestRunAttr.Repeat), 32 },
        { typeof(ProgTestRunAttr), nameof(ProgTestRunAttr.CtxSizeIn), 40 },
        { typeof(ProgTestRunAttr), nameof(ProgTestRunAttr.CtxIn), 48 },
        { typeof(ProgTestRunAttr), nameof(ProgTestRunAttr.Flags), 64 },
        { typeof(ProgTestRunAttr), nameof(ProgTestRunAttr.Cpu), 68 },
        { typeof(ProgTestRunAttr), nameof(ProgTestRunAttr.BatchSize), 72 },
        { typeof(ObjPinAttr), nameof(ObjPinAttr.Pathname), 0 },
        { typeof(ObjPinAttr), nameof(ObjPinAttr.BpfFd), 8 },
        { typeof(ObjPinAttr), nameof(ObjPinAttr.FileFlags), 12 },
        { typeof(ObjPinAttr), nameof(ObjPinAttr.PathFd), 16 },
        { typeof(GetIdAttr), nameof(GetIdAttr.StartId), 0 },
        { typeof(GetIdAttr), nameof(GetIdAttr.NextId), 4 },
        { typeof(GetIdAttr), nameof(GetIdAttr.OpenFlags), 8 },
        { typeof(ProgInfo), nameof(ProgInfo.Id), 4 },
        { typeof(ProgInfo), nameof(ProgInfo.Tag), 8 },
        { typeof(ProgInfo), nameof(ProgInfo.LoadTime), 40 },
        { typeof(ProgInfo), nameof(ProgInfo.MapIds), 56 },
        { typeof(ProgInfo), nameof(ProgInfo.Name), 64 },
        { typeof(MapInfo), nameof(MapInfo.Id), 4 },
        { typeof(MapInfo), nameof(MapInfo.Name), 24 },
        { typeof(MapInfo), nameof(MapInfo.NetnsDev), 48 },
        { typeof(MapInfo), nameof(MapInfo.BtfKeyTypeId), 68 },
        { typeof(MapInfo), nameof(MapInfo.MapExtra), 80 },
        { typeof(LinkInfo), nameof(LinkInfo.ProgId), 8 },
        { typeof(BtfInfo), nameof(BtfInfo.Id), 12 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.Type), 0 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.Size), 4 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.Config), 8 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.SamplePeriod), 16 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.SampleType), 24 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.ReadFormat), 32 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.Flags), 40 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.WakeupEvents), 48 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.BpType), 52 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.Config1), 56 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.Config2), 64 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.SigData), 120 },
        { typeof(PerfEventAttr), nameof(PerfEventAttr.Config3), 128 },
        { typeof(EpollEvent), nameof(EpollEvent.Events), 0 },
        { typeof(EpollEvent), nameof(EpollEvent.Data), 4 },
    };

    public static TheoryData<Type, int> Sizes => new()
    {
        { typeof(MapCreateAttr), 80 },
        { typeof(MapElemAttr), 32 },
        { typeof(ProgLoadAttr), 144 },
        { typeof(LinkCreateAttr), 24 },
        { typeof(BtfLoadAttr), 32 },
        { typeof(ObjGetInfoAttr), 16 },
        { typeof(ProgTestRunAttr), 80 },
        { typeof(GetIdAttr), 12 },
        { typeof(ObjPinAttr), 20 },
        { typeof(ProgInfo), 80 },
        { typeof(MapInfo), 88 },
        { typeof(LinkInfo), 12 },
        { typeof(BtfInfo), 16 },
        { typeof(PerfEventAttr), 136 },
        { typeof(EpollEvent), 12 },
    };

    [Theory]
    [MemberData(nameof(Offsets))]
    public void FieldIsAtKernelOffset(Type type, string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf(type, field));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void StructHasKernelSize(Type type, int size)
    {
        Assert.Equal(size, Marshal.SizeOf(type));
        var managedSize = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
        Assert.Equal(size, managedSize);
    }

    [Fact]
    public void AttrsStayWithinUnionBpfAttr()
    {
        // union bpf_attr is 168 bytes on 6.18; a larger attr would need a zero tail the kernel does not know.
        Assert.True(Unsafe.SizeOf<ProgLoadAttr>() <= 168);
        Assert.True(Unsafe.SizeOf<MapCreateAttr>() <= 168);
    }
}
