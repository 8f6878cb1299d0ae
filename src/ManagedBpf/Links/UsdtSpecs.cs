using ManagedBpf.Maps;

namespace ManagedBpf.Links;

/// <summary>
/// An object's two USDT maps from libbpf's usdt.bpf.h, <c>__bpf_usdt_specs</c> (spec id → struct __bpf_usdt_spec)
/// and <c>__bpf_usdt_ip_to_spec_id</c> (probe address → spec id, for kernels without bpf cookies), with the spec ids
/// in use: libbpf's usdt_manager. Every USDT attachment of the object's programs takes ids here and gives them back on
/// detach, so one object's attachments never overwrite each other's specs.
/// </summary>
public sealed class UsdtSpecs
{
    /// <summary>The map names usdt.bpf.h declares.</summary>
    public const string SpecMap = "__bpf_usdt_specs", AddressMap = "__bpf_usdt_ip_to_spec_id";

    private readonly Lock _lock = new();
    private readonly Stack<int> _free = new();
    private int _next;

    internal UsdtSpecs(BpfMap specs, BpfMap addresses)
    {
        Specs = specs;
        Addresses = addresses;
    }

    /// <summary>The spec map.</summary>
    public BpfMap Specs { get; }

    /// <summary>The address map.</summary>
    public BpfMap Addresses { get; }

    /// <summary>The USDT maps of an object's maps, or null when its programs include no usdt.bpf.h.</summary>
    public static UsdtSpecs? Of(IReadOnlyDictionary<string, BpfMap> maps)
    {
        ArgumentNullException.ThrowIfNull(maps);
        return maps.TryGetValue(SpecMap, out var specs) && maps.TryGetValue(AddressMap, out var addresses) ? new UsdtSpecs(specs, addresses) : null;
    }

    /// <summary>A free spec id: one given back first, else the next unused (libbpf's allocate_spec_id).</summary>
    /// <exception cref="BpfException">Every id the spec map has room for is taken.</exception>
    internal int Take()
    {
        lock (_lock)
        {
            if (_free.TryPop(out var id))
                return id;
            return _next < Specs.MaxEntries
                ? _next++
                : throw new BpfException($"{SpecMap} has room for {Specs.MaxEntries} USDT specs, and all are in use (raise BPF_USDT_MAX_SPEC_CNT)");
        }
    }

    /// <summary>Gives ids back when their attachment detaches.</summary>
    internal void Return(IEnumerable<int> ids)
    {
        lock (_lock)
        {
            foreach (var id in ids)
                _free.Push(id);
        }
    }
}
