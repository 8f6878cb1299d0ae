# vm-arch: x86_64
# vm-modules: virtio_pci virtiofs overlay
# The ring buffer kernel tests (tests/ManagedBpf.Tests/RingBuffer, Category=Kernel) run by dotnet test on this
# kernel. x86-64 only (the guest runs the host's .NET SDK): the host builds the tests and shares its
# file system (virtio-fs); here it is mounted read-only under a tmpfs overlay, and dotnet test runs in a
# chroot of that, with CI=true so a missing capability fails instead of skipping. Under emulation this
# takes minutes (tests/vm/README.md has the times); VM_DOTNET_TESTS=0 on the host leaves it out.
source /vm/lib.sh

repo=$(sed -n 's/.*vm\.host_repo=\([^ ]*\).*/\1/p' /proc/cmdline)
if [[ -z $repo ]]; then
  skip xunit-ringbuf-kernel "left out: VM_DOTNET_TESTS=0"
  exit
fi

for module in virtio_pci virtiofs overlay; do
  grep -qE "/$module\.ko$" "/lib/modules/$(uname -r)/modules.builtin" || modprobe "$module"
done
mkdir -p /host /newroot /tmp/overlay
mount -t virtiofs -o ro hostroot /host
mount -t tmpfs tmpfs /tmp/overlay
mkdir /tmp/overlay/upper /tmp/overlay/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/tmp/overlay/upper,workdir=/tmp/overlay/work /newroot
for dir in proc sys dev; do
  mount -o rbind "/$dir" "/newroot/$dir"
done
mount -t tmpfs tmpfs /newroot/tmp

log=/tmp/xunit.log
status=0
# The test assembly the host built (run.sh), not the project: no MSBuild evaluation under emulation. vstest
# gives the test host 90 s to connect by default; an emulated CPU needs more.
chroot /newroot /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root CI=true \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 VSTEST_CONNECTION_TIMEOUT=600 \
  dotnet test "$repo/tests/ManagedBpf.Tests/bin/Debug/net10.0/ManagedBpf.Tests.dll" \
  --filter "FullyQualifiedName~ManagedBpf.Tests.RingBuffer&Category=Kernel" >"$log" 2>&1 || status=$?
tail -n 30 "$log" >&2

# "Passed!  - Failed:     0, Passed:    17, Skipped:     0, Total:    17, Duration: ..."
summary=$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n1 || true)
if [[ -z $summary ]]; then
  fail xunit-ringbuf-kernel "dotnet test printed no summary (status $status): $(tail -n2 "$log" | tr '\n' ' ')"
elif [[ $status == 0 && $summary =~ Failed:\ +0, && ! $summary =~ Passed:\ +0, ]]; then
  pass xunit-ringbuf-kernel "$(sed 's/.*\(Failed:.*Total: *[0-9]*\).*/\1/' <<<"$summary")"
else
  fail xunit-ringbuf-kernel "status $status, $(sed 's/.*\(Failed:.*Total: *[0-9]*\).*/\1/' <<<"$summary"); failed: $(grep -E '^ +Failed ' "$log" | sed 's/^ *Failed //; s/ \[.*//' | tr '\n' ' ')"
fi
