// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The struct_ops of ../testdata/struct_ops.bpf.c in SEC(".struct_ops.link") (libbpf 1.2+): the map
 * is created with BPF_F_LINK and registered by a bpf link (BPF_LINK_CREATE, BPF_STRUCT_OPS) rather
 * than by its update alone. Not in the corpus: the oracle, libbpf 1.1, skips this section.
 */
#include "../testdata/kernel_types.h"
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

SEC("struct_ops/link_init")
void BPF_PROG(link_init, struct sock *sk)
{
	__sync_fetch_and_add(&inits, 1);
}

SEC("struct_ops/link_ssthresh")
__u32 BPF_PROG(link_ssthresh, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/link_undo_cwnd")
__u32 BPF_PROG(link_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/link_cong_avoid")
void BPF_PROG(link_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC(".struct_ops.link")
struct tcp_congestion_ops corpus_cc_link = {
	.init = (void *)link_init,
	.ssthresh = (void *)link_ssthresh,
	.undo_cwnd = (void *)link_undo_cwnd,
	.cong_avoid = (void *)link_cong_avoid,
	.name = "corpus_cc_link",
};
