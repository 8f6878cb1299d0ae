using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ManagedBpf.Btf;
using Xunit;

namespace ManagedBpf.Tests.Externs;

/// <summary>
/// Externs on the running kernel: the syscall programs of bpf/testdata/externs_*.bpf.c copy what they see into
/// their <c>seen</c> global, which is compared with what this test reads from the kernel by other means
/// (/proc/config.gz, /proc/sys/kernel/osrelease, /proc/kallsyms, getpid). Their tags equal libbpf's in
/// <see cref="Corpus.CorpusTagTests"/>; these tests show the values behind those instructions are right.
/// </summary>
public class ExternKernelTests
{
    private static string CorpusObject(string name) => Path.Combine(CorpusPaths.Directory, name);

    [KernelFact]
    public void KconfigExternsReadTheKernelConfigAndLibbpfsVirtualValues()
    {
        using var obj = BpfObject.Load(ObjectSpec.ParseFile(CorpusObject("externs_kconfig.bpf.o")));
        var seen = RunAndRead(obj, "kconfig_copy", "kconfig_values", []);
        var config = KernelConfigFromProc();
        var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim().Split('.', '-');

        Assert.Equal((uint.Parse(release[0]) << 16) | (uint.Parse(release[1]) << 8) | Math.Min(uint.Parse(release[2]), 255u), seen.U32("kernel_version"));
        Assert.Equal(1, seen.U8("has_bpf_cookie")); // 6.18 has bpf_get_attach_cookie
        // libbpf answers by kprobing __x64_sys_bpf: possible only with a kprobe PMU.
        Assert.Equal(Directory.Exists("/sys/bus/event_source/devices/kprobe") ? 1 : 0, seen.U8("has_syscall_wrapper"));
        Assert.Equal(0, seen.U8("no_such_virtual"));
        Assert.Equal(config["CONFIG_BPF_SYSCALL"] == "y" ? 1 : 0, seen.U8("bpf_syscall"));
        Assert.Equal(Tristate(config.GetValueOrDefault("CONFIG_BPF_JIT")), seen.U32("bpf_jit"));
        Assert.Equal(Tristate(config.GetValueOrDefault("CONFIG_MODULES")), seen.U32("modules"));
        Assert.Equal((byte)config["CONFIG_BPF_EVENTS"][0], seen.U8("bpf_events"));
        Assert.Equal(uint.Parse(config["CONFIG_HZ"]), seen.U32("hz"));
        Assert.Equal(config.TryGetValue("CONFIG_NR_CPUS", out var cpus) ? ushort.Parse(cpus) : 0, seen.U16("nr_cpus"));
        Assert.Equal(ulong.Parse(config["CONFIG_LOG_BUF_SHIFT"]), seen.U64("log_buf_shift"));
        Assert.Equal(config["CONFIG_DEFAULT_HOSTNAME"].Trim('"'), seen.String("default_hostname"));
        var localVersion = config["CONFIG_LOCALVERSION"].Trim('"');
        Assert.Equal(localVersion[..Math.Min(3, localVersion.Length)], seen.String("localversion"));
        Assert.Equal(0u, seen.U32("no_such_option"));
    }

    [KernelFact]
    public void KconfigLinesGivenAtLoadTakePrecedenceOverTheKernels()
    {
        var options = new LoadOptions { Kconfig = "CONFIG_HZ=1000\nCONFIG_MODULES=m\nCONFIG_DEFAULT_HOSTNAME=\"given\"\n" };
        using var obj = BpfObject.Load(ObjectSpec.ParseFile(CorpusObject("externs_kconfig.bpf.o")), options);
        var seen = RunAndRead(obj, "kconfig_copy", "kconfig_values", []);

        Assert.Equal(1000u, seen.U32("hz"));
        Assert.Equal(2u, seen.U32("modules"));
        Assert.Equal("given", seen.String("default_hostname"));
        Assert.Equal(uint.Parse(KernelConfigFromProc()["CONFIG_LOG_BUF_SHIFT"]), seen.U64("log_buf_shift"));
    }

    [KernelFact]
    public void AConfigValueTheExternCannotHoldFailsTheLoadNamingIt()
    {
        var spec = ObjectSpec.ParseFile(CorpusObject("externs_kconfig.bpf.o"));

        var error = Assert.Throws<BpfException>(() => BpfObject.Load(spec, new LoadOptions { Kconfig = "CONFIG_HZ=y" }));

        Assert.Contains("'CONFIG_HZ'", error.Message);
        Assert.Contains("implies a bool, tristate or char type", error.Message);
    }

    [KernelFact]
    public void KsymsGiveKfuncsKernelAddressesAndZeroForWhatTheKernelLacks()
    {
        using var obj = BpfObject.Load(ObjectSpec.ParseFile(CorpusObject("externs_ksyms.bpf.o")));
        var pid = Environment.ProcessId;
        var seen = RunAndRead(obj, "ksyms_copy", "ksym_values", BitConverter.GetBytes(pid));
        var kallsyms = File.ReadLines("/proc/kallsyms").Select(l => l.Split(' ')).First(f => f[2] == "__x64_sys_bpf");

        Assert.Equal(pid, (int)seen.U32("task_tgid")); // bpf_task_from_pid(getpid()) found this process
        Assert.Equal(Convert.ToUInt64(kallsyms[0], 16), seen.U64("sys_bpf_address"));
        Assert.Equal(0UL, seen.U64("missing_address"));
        Assert.Equal(0, seen.U8("missing_typed_exists"));
        Assert.Equal(1, seen.U8("task_acquire_exists"));
    }

    [KernelFact]
    public void ATypedKernelVariableReachesTheKernelAsItsBtfId()
    {
        // The kernel resolves BPF_PSEUDO_BTF_ID to the VAR's name and looks its address up; without
        // CONFIG_KALLSYMS_ALL it has none, and says so naming the variable: proof the right id got there.
        var spec = ObjectSpec.ParseFile(Path.Combine(Repository.Root, "bpf", "failing", "ksym_variable.bpf.o"));

        var error = Assert.ThrowsAny<BpfException>(() => BpfObject.Load(spec));

        Assert.Contains("kernel symbol 'bpf_prog_active'", error.ToString());
    }

    [KernelTheory]
    [InlineData("externs_kconfig.bpf.o")]
    [InlineData("externs_ksyms.bpf.o")]
    public void TheKernelAcceptsTheBtfWithItsExternSectionsRewritten(string name)
    {
        // BpfObject falls back to no BTF when the kernel refuses it, which would hide a broken rewrite: load it here.
        var spec = ObjectSpec.ParseFile(CorpusObject(name));
        var prepared = BpfObject.PrepareBtf(spec, BtfFeatures.All);

        using var handle = BtfHandle.Load(prepared);
        var btf = BtfSpec.Parse(prepared);
        Assert.DoesNotContain(Enumerable.Range(1, btf.TypeCount - 1).Select(btf.GetType),
            t => t is BtfVariable { Linkage: BtfVariableLinkage.GlobalExtern } or BtfFunction { Linkage: BtfFunctionLinkage.Extern });
    }

    private static uint Tristate(string? value) => value switch { "y" => 1u, "m" => 2u, _ => 0u };

    private static Dictionary<string, string> KernelConfigFromProc()
    {
        using var gzip = new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("CONFIG_", StringComparison.Ordinal) && line.Split('=', 2) is [var name, var value])
                config[name] = value;
        }
        return config;
    }

    /// <summary>Runs the program once, then reads the struct in its .bss variable <c>seen</c> by member name.</summary>
    private static Struct RunAndRead(BpfObject obj, string program, string structName, byte[] context)
    {
        Assert.Equal(0u, obj.Programs[program].TestRun(context));
        var value = LoadedObjects.ReadGlobalData(obj);
        var type = (BtfComposite)obj.Spec.Btf!.GetType(obj.Spec.Btf.FindTypeId(structName, BtfKind.Struct));
        var offset = obj.Spec.Variables["seen"].Offset;
        return new Struct(value.AsSpan(offset, (int)type.Size).ToArray(), type.Members.ToDictionary(m => m.Name, m => (int)(m.BitOffset / 8)));
    }

    private sealed record Struct(byte[] Bytes, Dictionary<string, int> Offsets)
    {
        public byte U8(string member) => Bytes[Offsets[member]];

        public ushort U16(string member) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(Offsets[member]));

        public uint U32(string member) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(Offsets[member]));

        public ulong U64(string member) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(Offsets[member]));

        public string String(string member)
        {
            var bytes = Bytes.AsSpan(Offsets[member]);
            return Encoding.UTF8.GetString(bytes[..bytes.IndexOf((byte)0)]);
        }
    }
}
