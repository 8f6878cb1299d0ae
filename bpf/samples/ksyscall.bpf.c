// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-bootstrap's ksyscall, for samples/Ksyscall: probes on the kill(2) and tgkill(2) system calls that
 * print who sends which signal to whom. ksyscall/NAME resolves to the running kernel's syscall function
 * (__x64_sys_kill when syscalls have pt_regs wrappers), and BPF_KSYSCALL reads the arguments through the
 * wrapper's pt_regs. A signal 0 only checks that the target exists, and is not printed.
 * Needs CONFIG_KPROBES (this project's host has none: the VM matrix runs it).
 */
#include "sample_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#define TASK_COMM_LEN 16

char LICENSE[] SEC("license") = "GPL";

SEC("ksyscall/tgkill")
int BPF_KSYSCALL(tgkill_entry, pid_t tgid, pid_t tid, int sig)
{
	__u32 caller = bpf_get_current_pid_tgid() >> 32;
	char comm[TASK_COMM_LEN];

	if (sig == 0)
		return 0;
	bpf_get_current_comm(comm, sizeof(comm));
	bpf_printk("tgkill syscall called by PID %d (%s) for thread id %d with pid %d and signal %d.", caller, comm,
		   tid, tgid, sig);
	return 0;
}

SEC("ksyscall/kill")
int BPF_KSYSCALL(entry_probe, pid_t pid, int sig)
{
	__u32 caller = bpf_get_current_pid_tgid() >> 32;
	char comm[TASK_COMM_LEN];

	if (sig == 0)
		return 0;
	bpf_get_current_comm(comm, sizeof(comm));
	bpf_printk("KILL syscall called by PID %d (%s) for PID %d with signal %d.", caller, comm, pid, sig);
	return 0;
}
