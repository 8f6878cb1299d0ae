using System.Buffers;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Externs;
using ManagedBpf.Relocation;
using Xunit;

namespace ManagedBpf.Tests.Object;

/// <summary>
/// A spec keeps nothing of the image it was parsed from: ObjectSpecFile maps an object file and unmaps it once the
/// parse returns, so a slice kept by the spec would read unmapped pages. Here the image is memory that refuses
/// every read once the parse is over, and everything a load reads from the spec is read after that.
/// </summary>
public class ObjectSpecImageTests
{
    [Theory]
    [InlineData("bootstrap.bpf.o")]
    [InlineData("testdata/subprogs.bpf.o")]
    [InlineData("testdata/maps_nested.bpf.o")]
    [InlineData("testdata/struct_ops.bpf.o")]
    [InlineData("testdata/externs_kconfig.bpf.o")]
    public void NothingReadsTheImageAfterTheParse(string file)
    {
        using var image = new ExpiringMemory(File.ReadAllBytes(Path.Combine(Repository.Root, "bpf", file)));
        var spec = ObjectSpec.Parse(image.Memory, ObjectSpec.NameFromPath(file));
        image.Expire();

        var copy = spec.Copy();
        var btf = spec.Btf!;
        for (var id = 1; id < btf.TypeCount; id++)
            Assert.NotNull(btf.GetType(id));
        Assert.All(copy.Variables.Values, v => Assert.Equal(v.Size, v.Value.Length));
        var relocator = new ProgramRelocator(spec, _ => 3, new CoreRelocator(btf, btf), new ResolvedExterns(new byte[64], new Dictionary<string, ResolvedKsym>()), log: null);
        relocator.RelocateCore();
        Assert.All(spec.Programs.Values, p => Assert.NotEmpty(relocator.Link(p).Instructions));
        Assert.Equal(btf.TypeCount, BtfSpec.Parse(btf.RawBytes).TypeCount);
    }

    /// <summary>Bytes that can be read until <see cref="Expire"/>, and never after.</summary>
    private sealed class ExpiringMemory(byte[] bytes) : MemoryManager<byte>
    {
        private byte[]? _bytes = bytes;

        public void Expire() => _bytes = null;

        public override Span<byte> GetSpan() => _bytes ?? throw new ObjectDisposedException(nameof(ExpiringMemory), "the spec read its image after the parse");

        public override unsafe MemoryHandle Pin(int elementIndex = 0)
        {
            var handle = System.Runtime.InteropServices.GCHandle.Alloc(_bytes ?? throw new ObjectDisposedException(nameof(ExpiringMemory)), System.Runtime.InteropServices.GCHandleType.Pinned);
            return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle, this);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing) => _bytes = null;
    }
}
