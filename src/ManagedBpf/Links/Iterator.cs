using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// A BPF iterator (<c>iter/task</c>, <c>iter/bpf_map</c> ...): a link made with BPF_LINK_CREATE (BPF_TRACE_ITER, 5.8+),
/// from which each BPF_ITER_CREATE opens a new pass over the kernel objects; reading that fd runs the program on each
/// object and returns what it wrote with bpf_seq_printf/bpf_seq_write (libbpf's bpf_program__attach_iter and
/// bpf_iter_create).
/// </summary>
public static class Iterator
{
    extension(BpfProgram program)
    {
        /// <summary>Makes the iterator link of this iter program.</summary>
        /// <exception cref="BpfNotSupportedException">The kernel has no BPF iterators (before 5.8).</exception>
        public IteratorLink AttachIterator()
        {
            var description = $"iterator {program.Name}";
            var attr = default(LinkCreateAttr);
            var fd = LinkCreate.Create(program, 0, AttachType.TraceIter, ref attr, description, "BPF iterators (BPF_TRACE_ITER)", "5.8");
            try
            {
                return new IteratorLink(description, fd);
            }
            catch
            {
                fd.Dispose();
                throw;
            }
        }
    }
}

/// <summary>An iterator's link: <see cref="Open"/> runs a new pass, <see cref="ReadAll"/> runs one to its end.</summary>
public sealed class IteratorLink : BpfLink
{
    internal IteratorLink(string description, SafeFd linkFd) : base(description, linkFd, null)
    {
    }

    /// <summary>BPF_ITER_CREATE: a stream of the iterator's output, read to its end once.</summary>
    /// <exception cref="BpfSyscallException">The kernel refused a new pass.</exception>
    public Stream Open()
    {
        using var link = HandleLease.Of(Fd);
        var attr = new IterCreateAttr { LinkFd = (uint)link.Raw };
        var fd = BpfSyscall.Invoke(BpfCommand.IterCreate, ref attr, Description);
        return new IteratorStream(SafeFd.FromRaw((int)fd, "BPF_ITER_CREATE", Description), Description);
    }

    /// <summary>One whole pass: everything the program wrote.</summary>
    public byte[] ReadAll()
    {
        using var stream = Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The read side of an iterator fd; read(2) returns the program's output until a pass ends with 0.</summary>
    private sealed class IteratorStream(SafeFd fd, string description) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Files.Read(fd, buffer);
            // EAGAIN cannot happen (the fd blocks); any error ends the pass, e.g. E2BIG when one object's output
            // exceeds the kernel's seq_file buffer.
            return n >= 0 ? n : throw SyscallError.Create("read", (Errno)(-n), description);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                fd.Dispose();
            base.Dispose(disposing);
        }
    }
}
