// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-bootstrap's lsm, for samples/Lsm: a BPF LSM program on the bpf hook (security_bpf, called for
 * every bpf(2) command) that refuses every bpf(2) call with EPERM while it is attached, printing a line each
 * time. Needs CONFIG_BPF_LSM, "bpf" in the lsm= boot parameter and BPF trampolines (this project's host
 * builds none: the VM matrix runs it).
 */
#include "sample_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define EPERM 1

char LICENSE[] SEC("license") = "GPL";

SEC("lsm/bpf")
int BPF_PROG(lsm_bpf, int cmd, union bpf_attr *attr, unsigned int size, int ret)
{
	/* ret is what the LSM programs before this one decided: a refusal stays a refusal. */
	if (ret != 0)
		return ret;
	bpf_printk("LSM: block bpf() worked");
	return -EPERM;
}
