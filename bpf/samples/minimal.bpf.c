// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-bootstrap's minimal, for samples/Minimal: a tracepoint on write(2)'s entry that prints one
 * bpf_printk line when the writer is the process whose pid user space stored in my_pid (.bss) before load.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int my_pid = 0;

SEC("tp/syscalls/sys_enter_write")
int handle_tp(void *ctx)
{
	/* The upper half of pid_tgid is the thread group id: what user space calls the pid. */
	int pid = bpf_get_current_pid_tgid() >> 32;

	if (pid == my_pid)
		bpf_printk("BPF triggered from PID %d.\n", pid);
	return 0;
}
