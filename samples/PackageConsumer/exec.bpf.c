// SPDX-License-Identifier: MIT OR GPL-2.0
/* The kernel side of the package sample: one ring-buffer record per exec(), with the pid, the new comm and
 * the file name the tracepoint reports. Only UAPI and libbpf headers: no vmlinux.h is needed for this. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* bpf_probe_read_kernel_str is GPL-only: the kernel loads this program only with a GPL-compatible license. */
char LICENSE[] SEC("license") = "Dual MIT/GPL";

struct exec_event {
	__u32 pid;
	char comm[16];
	char filename[108];
};

/* Puts struct exec_event in the object's BTF (the program uses it through a pointer local only, and clang writes
 * BTF for the types of globals, maps and functions): the <BpfObject> item's Types="exec_event" then declares it in
 * C#. A const pointer nothing reads, in .rodata. */
struct exec_event *const unused_exec_event = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* The context is the tracepoint's record (<tracefs>/events/sched/sched_process_exec/format): the 8-byte common
 * header, then filename as __data_loc (low 16 bits: its offset in the record). */
SEC("tp/sched/sched_process_exec")
int on_exec(void *ctx)
{
	struct exec_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	__u32 filename_loc;

	if (!e)
		return 0;
	filename_loc = *(__u32 *)((char *)ctx + 8);
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), (char *)ctx + (filename_loc & 0xffff));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
