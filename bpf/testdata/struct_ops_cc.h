/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A TCP congestion control in BPF, shared by struct_ops.bpf.c and ../newer/struct_ops_link.bpf.c,
 * which differ only in the section of their struct_ops variable. The local struct names only the
 * members it sets, in its own order: the loader matches them to the kernel's by name.
 */
#ifndef STRUCT_OPS_CC_H
#define STRUCT_OPS_CC_H

#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct sock;

struct tcp_congestion_ops {
	char name[16];
	void (*init)(struct sock *sk);
	__u32 (*undo_cwnd)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*ssthresh)(struct sock *sk);
};

__u64 inits = 0;

SEC("struct_ops/corpus_init")
void BPF_PROG(corpus_init, struct sock *sk)
{
	__sync_fetch_and_add(&inits, 1);
}

SEC("struct_ops/corpus_ssthresh")
__u32 BPF_PROG(corpus_ssthresh, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/corpus_undo_cwnd")
__u32 BPF_PROG(corpus_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/corpus_cong_avoid")
void BPF_PROG(corpus_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

#endif /* STRUCT_OPS_CC_H */
