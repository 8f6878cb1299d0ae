# A kernel without the BPF ring buffer (before 5.8) is not booted here: Debian has none that old. The
# tracer's failure there is tested elsewhere by provoking it.
source /vm/lib.sh

skip ringbuf-absent "needs a kernel before 5.8; tested elsewhere by a provoked failure"
