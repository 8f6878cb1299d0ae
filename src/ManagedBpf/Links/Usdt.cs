using ManagedBpf.Binaries;
using ManagedBpf.Kernel;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ManagedBpf.Usdt;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a program written with libbpf's usdt.bpf.h to a USDT probe (<c>STAP_PROBE</c>) of a binary, as libbpf's
/// usdt_manager_attach_usdt does: every site of provider:name in the binary's <c>.note.stapsdt</c> gets a uprobe (with
/// the site's semaphore, which the kernel counts up while probed, 4.20+), each distinct argument spec a spec id whose
/// <c>struct __bpf_usdt_spec</c> goes into <c>__bpf_usdt_specs</c>; the program finds its spec id in its bpf cookie
/// (5.15+), or on older kernels by the probe's address in <c>__bpf_usdt_ip_to_spec_id</c>.
/// </summary>
public static class UsdtProbes
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to every site of USDT probe <paramref name="provider"/>:<paramref name="name"/>.</summary>
        /// <param name="specs">The program's object's USDT maps (<see cref="BpfObject.Usdt"/>).</param>
        /// <param name="binary">The executable or shared library with the probe (a bare name is looked up as for uprobes).</param>
        /// <param name="provider">The probe's provider.</param>
        /// <param name="name">The probe's name.</param>
        /// <param name="pid">Only this process; -1 for every process.</param>
        /// <param name="cookie">What bpf_usdt_cookie() returns in the program.</param>
        /// <exception cref="BpfException">No such probe, or an argument spec libbpf does not read.</exception>
        public BpfLink AttachUsdt(UsdtSpecs specs, string binary, string provider, string name, int pid = -1, ulong cookie = 0)
        {
            ArgumentNullException.ThrowIfNull(specs);
            var path = TargetBinary.Resolve(binary);
            var elf = TargetBinary.Read(path);
            var sites = UsdtSite.Find(elf, provider, name);
            var useCookie = KernelFeatures.BpfCookie;
            if (!useCookie && elf.Type == ElfBinary.TypeShared)
                throw new BpfNotSupportedException("USDT probes in shared libraries without bpf cookies (the probe's run-time address is not known)", "5.15");
            if (specs.Specs.ValueSize != UsdtSpecEncoding.Size)
                throw new BpfException($"{UsdtSpecs.SpecMap} has {specs.Specs.ValueSize}-byte values, not the {UsdtSpecEncoding.Size} bytes of usdt.bpf.h's struct __bpf_usdt_spec");

            var description = $"usdt {path}:{provider}:{name}";
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var links = new List<BpfLink>();
            var addresses = new List<long>();
            try
            {
                foreach (var site in sites)
                {
                    // Sites with the same argument spec share a spec (and so an id) within one attachment.
                    if (!ids.TryGetValue(site.ArgumentSpec, out var id))
                    {
                        id = specs.Take();
                        ids.Add(site.ArgumentSpec, id);
                        specs.Specs.Update(BitConverter.GetBytes(id), UsdtSpecEncoding.Encode(site.Arguments, cookie));
                    }
                    if (!useCookie)
                    {
                        specs.Addresses.Update((long)site.Address, id, MapUpdateFlags.NoExist);
                        addresses.Add((long)site.Address);
                    }
                    links.Add(program.AttachUprobeAt(path, site.FileOffset, false, pid, site.SemaphoreOffset, useCookie ? (ulong)id : 0,
                        $"{description} site 0x{site.Address:x}"));
                }
                return new CompositeLink($"{description} ({sites.Count} sites)", links, () => Release(specs, ids.Values, addresses));
            }
            catch
            {
                BpfLink.DisposeAll(links);
                Release(specs, ids.Values, addresses);
                throw;
            }
        }
    }

    /// <summary>Forgets the addresses (a later attachment there would collide) and gives the spec ids back.</summary>
    private static void Release(UsdtSpecs specs, IEnumerable<int> ids, IEnumerable<long> addresses)
    {
        foreach (var address in addresses)
            specs.Addresses.Delete(address);
        specs.Return(ids);
    }
}
