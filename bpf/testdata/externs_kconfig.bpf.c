// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * .kconfig externs: libbpf's virtual LINUX_* values and CONFIG_* options read from the kernel's
 * config, of every kind libbpf accepts (bool, tristate, char, integers of several sizes and
 * signedness, char arrays), strong and weak, missing ones defaulting to zero. They live in one
 * read-only map, laid out by descending alignment, then ascending size, then name; each program
 * reads them through ld_imm64 of that map's value at the extern's offset. The syscall program
 * copies every value out so a test can check them.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern bool LINUX_HAS_BPF_COOKIE __kconfig;
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;
extern bool LINUX_NO_SUCH_VIRTUAL_EXTERN __kconfig __weak;

extern bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig;
extern enum libbpf_tristate CONFIG_MODULES __kconfig __weak;
extern char CONFIG_BPF_EVENTS __kconfig;
extern int CONFIG_HZ __kconfig;
extern unsigned short CONFIG_NR_CPUS __kconfig __weak;
extern long long CONFIG_LOG_BUF_SHIFT __kconfig;
extern char CONFIG_DEFAULT_HOSTNAME[16] __kconfig;
extern char CONFIG_LOCALVERSION[4] __kconfig;
extern int CONFIG_CORPUS_NO_SUCH_OPTION __kconfig __weak;

struct kconfig_values {
	unsigned int kernel_version;
	bool has_bpf_cookie;
	bool has_syscall_wrapper;
	bool no_such_virtual;
	bool bpf_syscall;
	enum libbpf_tristate bpf_jit;
	enum libbpf_tristate modules;
	char bpf_events;
	int hz;
	unsigned short nr_cpus;
	long long log_buf_shift;
	char default_hostname[16];
	char localversion[4];
	int no_such_option;
};

struct kconfig_values seen = {};

SEC("syscall")
int kconfig_copy(void *ctx)
{
	seen.kernel_version = LINUX_KERNEL_VERSION;
	seen.has_bpf_cookie = LINUX_HAS_BPF_COOKIE;
	seen.has_syscall_wrapper = LINUX_HAS_SYSCALL_WRAPPER;
	seen.no_such_virtual = LINUX_NO_SUCH_VIRTUAL_EXTERN;
	seen.bpf_syscall = CONFIG_BPF_SYSCALL;
	seen.bpf_jit = CONFIG_BPF_JIT;
	seen.modules = CONFIG_MODULES;
	seen.bpf_events = CONFIG_BPF_EVENTS;
	seen.hz = CONFIG_HZ;
	seen.nr_cpus = CONFIG_NR_CPUS;
	seen.log_buf_shift = CONFIG_LOG_BUF_SHIFT;
	__builtin_memcpy(seen.default_hostname, CONFIG_DEFAULT_HOSTNAME, sizeof(seen.default_hostname));
	__builtin_memcpy(seen.localversion, CONFIG_LOCALVERSION, sizeof(seen.localversion));
	seen.no_such_option = CONFIG_CORPUS_NO_SUCH_OPTION;
	return 0;
}

/* a second program of another type, reading a subset in another order */
SEC("tp/syscalls/sys_enter_getcwd")
int kconfig_tp(void *ctx)
{
	if (CONFIG_HZ > 1000 || !CONFIG_BPF_SYSCALL)
		return 1;
	return LINUX_KERNEL_VERSION > 0 && CONFIG_BPF_JIT == TRI_YES;
}
