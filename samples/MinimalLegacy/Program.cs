using Samples;
using Samples.MinimalLegacy;

// libbpf-bootstrap's minimal_legacy: minimal without global data, the pid to match written into the only slot
// of the array my_pid_map after load, as kernels before 5.2 (no .bss maps) need.
return SampleRun.Run(run =>
{
    using var obj = MinimalLegacyObject.Load();
    obj.MyPidMap.Update(0, Environment.ProcessId);
    using var links = obj.AttachAll();
    TracePipe.Print(run);
});
