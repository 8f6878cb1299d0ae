// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Sections that load against a kernel BTF type but name none: SEC("fentry"), SEC("fexit"), SEC("lsm"),
 * SEC("tp_btf"). libbpf refuses each before BPF_PROG_LOAD ("no BTF-based attach target is specified",
 * EINVAL: the verifier would have no kernel function to check the program against), unless the caller
 * sets a target. Each program is loaded on its own by the tests; none can load. */
#include "../vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("fentry")
int bare_fentry(void *ctx)
{
	return 0;
}

SEC("fexit")
int bare_fexit(void *ctx)
{
	return 0;
}

SEC("lsm")
int bare_lsm(void *ctx)
{
	return 0;
}

SEC("tp_btf")
int bare_tp_btf(void *ctx)
{
	return 0;
}
