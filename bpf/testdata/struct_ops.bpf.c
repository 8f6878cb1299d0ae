// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * struct_ops: a TCP congestion control written in BPF. The .struct_ops variable is an instance of
 * the kernel's struct tcp_congestion_ops; its function pointers are struct_ops programs, each
 * loaded with the kernel struct's BTF id as attach_btf_id and its member's index in the kernel's
 * struct as expected attach type. The local struct names only the members it sets, in its own
 * order: they are matched to the kernel's by name. Registering the map makes "corpus_cc" a
 * congestion control sockets can choose; init counts the sockets that did.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

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

SEC(".struct_ops")
struct tcp_congestion_ops corpus_cc = {
	.init = (void *)corpus_init,
	.ssthresh = (void *)corpus_ssthresh,
	.undo_cwnd = (void *)corpus_undo_cwnd,
	.cong_avoid = (void *)corpus_cong_avoid,
	.name = "corpus_cc",
};
