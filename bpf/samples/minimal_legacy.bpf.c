// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-bootstrap's minimal_legacy, for samples/MinimalLegacy: minimal without global data (kernels
 * before 5.2 have no .bss maps), so the pid to match lives in the only slot of a one-entry array that
 * user space fills after load.
 */
#define BPF_NO_GLOBAL_DATA
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, int);
} my_pid_map SEC(".maps");

SEC("tp/syscalls/sys_enter_write")
int handle_tp(void *ctx)
{
	__u32 slot = 0;
	int pid = bpf_get_current_pid_tgid() >> 32;
	int *my_pid = bpf_map_lookup_elem(&my_pid_map, &slot);

	if (!my_pid || *my_pid != pid)
		return 1;
	bpf_printk("BPF triggered from PID %d.\n", pid);
	return 0;
}
