// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-bootstrap's usdt, for samples/Usdt: two programs on the USDT probe libc:setjmp (glibc's
 * LIBC_PROBE(setjmp, 3, env, savemask, return address)), reading its three arguments through
 * usdt.bpf.h. One is attached to every process and filters on my_pid; the other is attached to that
 * process only. The sections name no binary (the C example auto-attaches the first to libc.so.6): Debian's
 * glibc is built without SystemTap probes, so samples/Usdt attaches both to the binary it is given.
 */
#include "sample_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

pid_t my_pid = 0;

SEC("usdt")
int BPF_USDT(usdt_auto_attach, void *arg1, int arg2, void *arg3)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;

	if (pid == my_pid)
		bpf_printk("USDT auto attach to libc:setjmp: arg1 = %lx, arg2 = %d, arg3 = %lx", arg1, arg2, arg3);
	return 0;
}

SEC("usdt")
int BPF_USDT(usdt_manual_attach, void *arg1, int arg2, void *arg3)
{
	bpf_printk("USDT manual attach to libc:setjmp: arg1 = %lx, arg2 = %d, arg3 = %lx", arg1, arg2, arg3);
	return 0;
}
