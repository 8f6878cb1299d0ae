// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Section names and data sections: the long SEC() spellings (tracepoint/, raw_tracepoint/)
 * and kretprobe/, custom global data sections (.data.NAME, .rodata.NAME, each its own
 * map in libbpf), the string-literal section .rodata.str1.1 and bpf_printk's format in
 * .rodata. Program types: tracepoint/, raw_tracepoint/, kretprobe/.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* .rodata (also holds bpf_printk's format strings) */
const volatile u32 verbose = 0;
/* .rodata.cfg */
const volatile u64 cfg_threshold SEC(".rodata.cfg") = 4096;
const volatile u32 cfg_shift SEC(".rodata.cfg") = 3;
/* .data.stats */
u64 stat_calls SEC(".data.stats") = 1;
u64 stat_bytes SEC(".data.stats") = 0;
/* .bss */
s64 last_ret;

SEC("tracepoint/syscalls/sys_enter_getsid")
int long_tp(void *ctx)
{
	stat_calls++;
	if (verbose)
		bpf_printk("getsid #%llu", stat_calls);
	return 0;
}

SEC("raw_tracepoint/sched_wakeup")
int long_raw_tp(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[0] == 0)
		/* a string literal: .rodata.str1.1 */
		bpf_trace_printk("null task\n", sizeof("null task\n"));
	stat_calls += 1 << cfg_shift;
	return 0;
}

SEC("kretprobe/vfs_write")
int ret_probe(struct pt_regs *ctx)
{
	s64 ret = PT_REGS_RC(ctx);

	last_ret = ret;
	if (ret > 0 && (u64)ret >= cfg_threshold)
		stat_bytes += ret;
	return 0;
}
