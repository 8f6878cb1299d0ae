// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * struct_ops: a TCP congestion control written in BPF. The .struct_ops variable is an instance of
 * the kernel's struct tcp_congestion_ops; its function pointers are struct_ops programs, each
 * loaded with the kernel struct's BTF id as attach_btf_id and its member's index in the kernel's
 * struct as expected attach type. The local struct names only the members it sets, in its own
 * order: they are matched to the kernel's by name. Registering the map makes "corpus_cc" a
 * congestion control sockets can choose; init counts the sockets that did.
 */
#include "struct_ops_cc.h"

char LICENSE[] SEC("license") = "GPL";

SEC(".struct_ops")
struct tcp_congestion_ops corpus_cc = {
	.init = (void *)corpus_init,
	.ssthresh = (void *)corpus_ssthresh,
	.undo_cwnd = (void *)corpus_undo_cwnd,
	.cong_avoid = (void *)corpus_cong_avoid,
	.name = "corpus_cc",
};
