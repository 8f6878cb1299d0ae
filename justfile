# ManagedBpf and ProcTracer. `just --list` shows the recipes.

# Rebuild the BPF objects from bpf/ with the pinned clang-19 (apt-get install clang-19 llvm-19 libbpf-dev)
bpf:
    bpf/build.sh

# Build the solution (warnings are errors)
build:
    dotnet build ManagedBpf.sln

# Run every test, kernel tests included, as the README and CI do (as root): ./test.sh; just test --filter X
test *args:
    ./test.sh {{args}}

# The mutation properties in their long mode (as root): CASES mutated objects each through the parser, the whole load
# and `mbpf object`, with each test's duration; CI runs 1,000. The last figure is in BENCHMARKS.md.
fuzz cases="100000":
    CI=true MANAGEDBPF_FUZZ_CASES={{cases}} dotnet test ManagedBpf.sln --filter Category=Fuzz --logger "console;verbosity=normal"

# Run the tracer from source (as root); pass options after it: just run -d 100
run *args:
    dotnet run --project src/ProcTracer -- {{args}}

# Publish the single-file native AOT executables (proctracer, mbpf) into artifacts/
publish:
    dotnet publish src/ProcTracer -c Release -o artifacts/proctracer
    dotnet publish src/Mbpf -c Release -o artifacts/mbpf

# The NuGet packages (ManagedBpf.Object, ManagedBpf, the mbpf tool, native for x86-64 and arm64 Linux) into a local feed, artifacts/packages (docs/packaging.md)
pack *args:
    ./pack.sh {{args}}

# The API reference site from the libraries' XML docs, with the tour, into docs/api (docfx from NuGet)
docs:
    docs/build.sh

# Run the benchmarks in bench/ side by side with the C anchors (as root): just bench startup btf ringbuf
bench *which:
    bench/run.sh {{which}}

# Format the C# sources in place
fmt:
    dotnet format ManagedBpf.sln

# Remove build outputs
clean:
    rm -rf artifacts src/*/bin src/*/obj tests/*/bin tests/*/obj bench/*/bin bench/*/obj

# Prove the README's commands on a fresh Debian root that has only the .NET SDK (as root; slow)
fresh-machine *args:
    tests/fresh-machine/run.sh {{args}}

# Boot one Debian kernel in qemu and run tests/vm/checks inside (as root): just vm 6.1 x86_64
vm kernel arch:
    tests/vm/run.sh {{kernel}} {{arch}}

# The whole VM matrix: x86-64 6.1 and 6.12, arm64 6.1 (as root; downloads kernels into /var/cache/managedbpf-vm)
vm-all:
    tests/vm/matrix.sh
