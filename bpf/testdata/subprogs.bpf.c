// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * bpf-to-bpf calls: static __noinline functions in .text, called from several programs
 * in different orders, one calling another (so the order in which the loader appends
 * subprograms to each program decides the instructions, hence the tag), a function
 * called from .text only, and a bpf_loop callback (an ld_imm64 of a function, src_reg
 * BPF_PSEUDO_FUNC), a global (non-static) function, which the kernel verifies on its own,
 * and CO-RE relocations inside a .text function called from two programs (the loader
 * relocates the subprogram's copy in each program). Program types: xdp, tc, socket, tp/.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

u64 sub_out[4];

static __noinline u64 mix(u64 a, u64 b)
{
	return (a * 31) ^ (b + 7);
}

/* calls mix: a .text function calling a .text function */
static __noinline u64 weigh(u64 a, u64 b)
{
	return mix(a, b) + mix(b, a);
}

/* only ever called from .text */
static __noinline u32 clamp(u64 v)
{
	return v > 1500 ? 1500 : (u32)v;
}

static __noinline u32 fold(u64 v)
{
	return clamp(v ^ (v >> 32));
}

/* global: BTF linkage global, verified independently of its callers */
__noinline int global_scale(int x)
{
	return x * 3 + 1;
}

/* CO-RE inside a subprogram */
static __noinline u64 task_ids(struct task_struct *t)
{
	return ((u64)BPF_CORE_READ(t, tgid) << 32) | (u32)BPF_CORE_READ(t, real_parent, pid);
}

struct loop_ctx {
	u64 acc;
	u32 limit;
};

static int loop_step(u32 index, void *data)
{
	struct loop_ctx *lc = data;

	lc->acc = mix(lc->acc, index);
	return index >= lc->limit ? 1 : 0;
}

/* weigh (then mix through it) first, then fold */
SEC("xdp")
int sub_xdp(struct xdp_md *ctx)
{
	u64 len = ctx->data_end - ctx->data;

	sub_out[0] = weigh(len, ctx->ingress_ifindex);
	return fold(sub_out[0]) > 64 ? XDP_PASS : XDP_DROP;
}

/* the other order: fold first, then mix directly, then weigh */
SEC("tc")
int sub_tc(struct __sk_buff *skb)
{
	u32 f = fold(skb->len);

	sub_out[1] = mix(f, skb->mark) + weigh(skb->len, skb->priority);
	return TC_ACT_OK;
}

/* mix only */
SEC("socket")
int sub_socket(struct __sk_buff *skb)
{
	return mix(skb->len, skb->protocol) & 1 ? global_scale(skb->len) : 0;
}

/* a callback by address: bpf_loop(nr, loop_step, ctx, 0) */
SEC("tp/syscalls/sys_enter_getpgid")
int sub_loop(void *ctx)
{
	struct loop_ctx lc = { .acc = bpf_get_current_pid_tgid(), .limit = 16 };

	bpf_loop(32, loop_step, &lc, 0);
	sub_out[2] = lc.acc;
	sub_out[3] = fold(lc.acc) + task_ids((void *)bpf_get_current_task());
	return 0;
}

/* task_ids first, then the global function */
SEC("tp/syscalls/sys_enter_getpgrp")
int sub_core(void *ctx)
{
	sub_out[0] = task_ids((void *)bpf_get_current_task()) + global_scale(sub_out[1]);
	return 0;
}
