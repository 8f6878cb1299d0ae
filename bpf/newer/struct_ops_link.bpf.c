// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The congestion control of ../testdata/struct_ops.bpf.c in a .struct_ops.link section (libbpf
 * 1.2+): the map is created with BPF_F_LINK and registered by a bpf link (BPF_LINK_CREATE,
 * BPF_STRUCT_OPS) rather than by its update alone. Not in the corpus: the oracle, libbpf 1.1,
 * skips this section.
 */
#include "../testdata/struct_ops_cc.h"

char LICENSE[] SEC("license") = "GPL";

SEC(".struct_ops.link")
struct tcp_congestion_ops corpus_cc_link = {
	.init = (void *)corpus_init,
	.ssthresh = (void *)corpus_ssthresh,
	.undo_cwnd = (void *)corpus_undo_cwnd,
	.cong_avoid = (void *)corpus_cong_avoid,
	.name = "corpus_cc_link",
};
