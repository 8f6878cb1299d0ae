// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The attach kinds that run from a BPF trampoline: fentry and fexit on sendto(2)'s x86_64 entry
 * function, fmod_ret on the LSM hook sendto reaches, and an lsm hook, each counting the calls of the workload of
 * tests/ManagedBpf.Tests/Links/AttachTarget.c (comm mbpf_target). Kernels that build no trampolines
 * (this project's 6.18 host) refuse them at load; tests/ManagedBpf.Tests/Programs/TrampolineTests
 * expects that refusal there and the counts in the VM matrix. Not in the corpus: libbpf cannot load
 * them on such a kernel either.
 */
#include "testdata/kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 fentry_calls, fexit_calls, fmod_ret_calls, lsm_opens;

static __always_inline bool is_target(void)
{
	static const char name[] = "mbpf_target";
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
	for (int i = 0; i < sizeof(name); i++)
		if (comm[i] != name[i])
			return false;
	return true;
}

SEC("fentry/__x64_sys_sendto")
int BPF_PROG(on_entry)
{
	if (is_target())
		__sync_fetch_and_add(&fentry_calls, 1);
	return 0;
}

SEC("fexit/__x64_sys_sendto")
int BPF_PROG(on_exit, struct pt_regs *regs, long ret)
{
	if (is_target() && ret > 0)
		__sync_fetch_and_add(&fexit_calls, 1);
	return 0;
}

/*
 * fmod_ret may only attach where the kernel allows a changed return value (check_attach_modify_return):
 * functions on the error-injection list, which syscalls are only with CONFIG_FUNCTION_ERROR_INJECTION
 * (Debian's cloud kernels have none: "__x64_sys_sendto() is not modifiable"), or any security_* hook.
 * sendto(2) reaches security_socket_sendmsg once per call (sock_sendmsg).
 */
SEC("fmod_ret/security_socket_sendmsg")
int BPF_PROG(on_modify, void *sock, void *msg, int size, int ret)
{
	if (is_target())
		__sync_fetch_and_add(&fmod_ret_calls, 1);
	return 0; /* 0: the syscall runs as usual */
}

SEC("lsm/file_open")
int BPF_PROG(on_open, struct file *file)
{
	if (is_target())
		__sync_fetch_and_add(&lsm_opens, 1);
	return 0;
}
