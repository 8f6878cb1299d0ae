using System.Runtime.InteropServices;
using ManagedBpf.Btf;
using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Maps;

/// <summary>
/// Brings an object's maps into the kernel as libbpf's bpf_object__create_maps does: in object order, each map
/// pinned by name is first looked for at its pin and reused when compatible, otherwise created (map-in-map types
/// with their inner template) and pinned. Map-in-map slots are filled once every map exists (libbpf fills them
/// right after the outer map, which only works for maps declared earlier; here the order does not matter), and
/// program-array slots once the programs are loaded. If the load fails, <see cref="Abandon"/> closes the maps and
/// removes the pins this load created, as libbpf unpins on a failed load; pins it reused stay.
/// </summary>
internal sealed class MapLoader
{
    private const int MaxPinAttempts = 2;

    private readonly ObjectSpec _spec;
    private readonly BtfHandle? _btf;
    private readonly string _pinRoot;
    private readonly Func<string, byte[]?> _initialValue;
    private readonly IReadOnlyDictionary<string, KernelStructOps> _structOps;
    private readonly Action<string> _log;
    private readonly Dictionary<string, BpfMap> _maps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reused = new(StringComparer.Ordinal);
    private readonly List<BpfMap> _pinnedHere = [];
    private static readonly object MountLock = new();

    public MapLoader(ObjectSpec spec, BtfHandle? btf, string pinRoot, Func<string, byte[]?> initialValue,
        IReadOnlyDictionary<string, KernelStructOps> structOps, Action<string> log)
    {
        _structOps = structOps;
        _spec = spec;
        _btf = btf;
        _pinRoot = pinRoot;
        _initialValue = initialValue;
        _log = log;
    }

    /// <summary>The maps created or reused so far, by <see cref="ObjectSpec.Maps"/> name.</summary>
    public Dictionary<string, BpfMap> Maps => _maps;

    /// <summary>Creates (or reuses) every map, then fills the map-in-map slots of the maps created here.</summary>
    public void CreateAll()
    {
        foreach (var (name, mapSpec) in _spec.Maps)
        {
            if (mapSpec.Pinning == MapPinning.ByName)
                CreateOrReusePinned(name, mapSpec);
            else
                Create(name, mapSpec);
        }
        foreach (var (name, mapSpec) in _spec.Maps)
        {
            // A reused map is shared with whoever pinned it: its contents are theirs, not the initialiser's.
            if (mapSpec.Type is MapType.ArrayOfMaps or MapType.HashOfMaps && !_reused.Contains(name))
                FillSlots(name, mapSpec, "map", target => _maps.TryGetValue(target, out var map) ? map.Fd : null);
        }
    }

    /// <summary>Stores the program fds of every PROG_ARRAY initialiser, reused maps included (as libbpf does).</summary>
    public void FillProgramArrays(IReadOnlyDictionary<string, BpfProgram> programs)
    {
        foreach (var (name, mapSpec) in _spec.Maps)
        {
            if (mapSpec.Type != MapType.ProgramArray)
                continue;
            FillSlots(name, mapSpec, "program", target =>
            {
                if (programs.TryGetValue(target, out var program))
                    return program.Fd;
                // libbpf stores the -ENOENT of bpf_program__fd and fails with EBADF; say why instead.
                if (_spec.Programs.ContainsKey(target))
                    throw new BpfException($"map '{name}': an initialiser slot refers to program '{target}', which was not loaded (autoload is off)");
                return null;
            });
        }
    }

    /// <summary>After a failed load: removes the pins this load created and closes every map.</summary>
    public void Abandon()
    {
        foreach (var map in _pinnedHere)
        {
            try
            {
                map.Unpin();
                _log($"map '{map.Name}': unpinned after the failed load");
            }
            catch (BpfException e)
            {
                _log($"map '{map.Name}': could not remove its pin after the failed load: {e.Message}");
            }
        }
        foreach (var map in _maps.Values)
            map.Dispose();
    }

    private BpfMap Create(string name, MapSpec mapSpec)
    {
        var map = BpfMap.Create(_structOps.TryGetValue(name, out var ops) ? ForKernel(mapSpec, ops) : mapSpec, _btf, _initialValue(name));
        map.DescribeTypes(_spec.Btf, mapSpec);
        _maps.Add(name, map);
        _log($"map '{mapSpec.KernelName}': created ({mapSpec}){(mapSpec.InnerMap is { } inner ? $", inner map template {inner.Name} closed" : "")}");
        return map;
    }

    /// <summary>A struct_ops map holds the kernel's wrapper struct, whatever size the object's struct has.</summary>
    private static MapSpec ForKernel(MapSpec mapSpec, KernelStructOps ops) =>
        new(mapSpec.Name, MapType.StructOps, 4, (uint)ops.Value.Length, 1, mapSpec.Flags)
        {
            KernelName = mapSpec.KernelName,
            StructOps = mapSpec.StructOps,
            VmlinuxValueTypeId = (uint)ops.ValueTypeId,
        };

    private void CreateOrReusePinned(string name, MapSpec mapSpec)
    {
        var path = Path.Join(_pinRoot, mapSpec.Name);
        for (var attempt = 1; ; attempt++)
        {
            if (TryReuse(name, mapSpec, path))
                return;
            // Someone pinned there between our look and our pin (EEXIST below); the second look must find it.
            if (attempt > 1)
                throw SyscallError.Create("BPF_OBJ_GET", Errno.ENOENT, mapSpec.Name, $"{path} was pinned by someone else and is gone again");
            var map = Create(name, mapSpec);
            EnsureBpfFs();
            var errno = map.TryPin(path);
            if (errno == 0)
            {
                _pinnedHere.Add(map);
                _log($"map '{mapSpec.Name}': pinned at {path}");
                return;
            }
            _maps.Remove(name);
            map.Dispose();
            if (errno != Errno.EEXIST || attempt == MaxPinAttempts)
                throw SyscallError.Create("BPF_OBJ_PIN", errno, mapSpec.Name, $"auto-pinning at {path} failed");
        }
    }

    /// <summary>libbpf's bpf_object__reuse_map: nothing pinned is no error; an incompatible pin is.</summary>
    private bool TryReuse(string name, MapSpec mapSpec, string path)
    {
        var map = BpfMap.TryOpenPinned(path, mapSpec.Name, out var errno);
        if (map is null)
        {
            if (errno != Errno.ENOENT)
                throw SyscallError.Create("BPF_OBJ_GET", errno, mapSpec.Name, $"cannot open the map pinned at {path}");
            _log($"map '{mapSpec.Name}': nothing pinned at {path} to reuse");
            return false;
        }
        try
        {
            var differences = Differences(mapSpec, map.Info());
            if (differences.Count > 0)
                throw new BpfPinMismatchException(mapSpec.Name, path, differences);
        }
        catch
        {
            map.Dispose();
            throw;
        }
        map.DescribeTypes(_spec.Btf, mapSpec);
        _maps.Add(name, map);
        _reused.Add(name);
        _log($"map '{mapSpec.Name}': reused the map pinned at {path} (id {map.Id})");
        return true;
    }

    /// <summary>libbpf's map_is_reuse_compat: what must agree between a definition and a pinned map.</summary>
    internal static List<string> Differences(MapSpec mapSpec, MapInfo pinned)
    {
        var differences = new List<string>();
        var pinnedFlags = pinned.MapFlags;
        // The kernel reports BPF_F_RDONLY_PROG on every DEVMAP whatever it was created with.
        if (mapSpec.Type is MapType.DevMap or MapType.DevMapHash)
            pinnedFlags &= ~(uint)MapFlags.ReadOnlyProgram;
        Compare("type", (MapType)pinned.Type, mapSpec.Type);
        Compare("key_size", pinned.KeySize, mapSpec.KeySize);
        Compare("value_size", pinned.ValueSize, mapSpec.ValueSize);
        Compare("max_entries", pinned.MaxEntries, MapDefaults.MaxEntries(mapSpec));
        Compare("map_flags", $"0x{pinnedFlags:x}", $"0x{(uint)mapSpec.Flags:x}");
        Compare("map_extra", pinned.MapExtra, mapSpec.MapExtra);
        return differences;

        void Compare<T>(string what, T pinnedValue, T objectValue)
        {
            if (!EqualityComparer<T>.Default.Equals(pinnedValue, objectValue))
                differences.Add($"{what} {pinnedValue} (pinned) != {objectValue} (object)");
        }
    }

    /// <summary>bpffs is often not mounted on a fresh machine; mount it at libbpf's default root, never elsewhere.</summary>
    private void EnsureBpfFs()
    {
        if (_pinRoot != BpfMap.DefaultPinRoot || !Directory.Exists(_pinRoot))
            return;
        lock (MountLock)
        {
            if (BpfFs.IsBpfFs(_pinRoot))
                return;
            BpfFs.Mount(_pinRoot);
            _log($"mounted bpffs at {_pinRoot}");
        }
    }

    /// <summary>Writes each initialiser: key = slot index (u32), value = the fd of the map or program it names.</summary>
    private void FillSlots(string name, MapSpec mapSpec, string kind, Func<string, SafeFd?> resolve)
    {
        if (mapSpec.InitialSlots.Count == 0)
            return;
        if (mapSpec.KeySize != 4 || mapSpec.ValueSize != 4)
            throw new BpfException($"map '{name}': initialisers need 4-byte keys and values, not {mapSpec.KeySize} and {mapSpec.ValueSize}");
        var map = _maps[name];
        Span<byte> key = stackalloc byte[4];
        Span<byte> value = stackalloc byte[4];
        foreach (var (slot, target) in mapSpec.InitialSlots)
        {
            var fd = resolve(target) ?? throw new BpfException($"map '{name}': slot [{slot}] refers to {kind} '{target}', which the object does not have");
            MemoryMarshal.Write(key, in slot);
            try
            {
                using var lease = HandleLease.Of(fd);
                var raw = lease.Raw;
                MemoryMarshal.Write(value, in raw);
                map.Update(key, value);
            }
            catch (BpfSyscallException e)
            {
                throw new BpfSyscallException(e.Operation, e.Errno, name, $"setting slot [{slot}] to {kind} '{target}' failed", e);
            }
            _log($"map '{name}': slot [{slot}] set to {kind} '{target}'");
        }
    }
}
