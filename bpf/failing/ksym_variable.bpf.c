// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Typed ksyms: kernel variables declared with their BTF type, loaded as ld_imm64 BPF_PSEUDO_BTF_ID
 * of the kernel's VAR id. The kernel then looks the variable's address up by name; without
 * CONFIG_KALLSYMS_ALL (as on the kernel these tests run on) it has no addresses of data symbols
 * and refuses the program naming the symbol, which proves the id reached it. libbpf fails the same way.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

extern const int bpf_prog_active __ksym;

int active = 0;

SEC("syscall")
int ksym_variable(void *ctx)
{
	active = *(int *)bpf_this_cpu_ptr(&bpf_prog_active);
	return 0;
}
