using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ManagedBpf.Benchmarks.BtfBenchmarks).Assembly).Run(args);
