// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Process exec/exit tracer, kernel side: the seed's bootstrap.bpf.c, loaded by ManagedBpf. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bootstrap.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, pid_t);
	__type(value, u64);
} exec_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* counts events lost to a full ring (lost_events.h) */
#include "lost_events.h"

/* set by user space through the skeleton's rodata before load */
const volatile unsigned long long min_duration_ns = 0;

/* Puts struct event (bootstrap.h) in the object's BTF, which clang writes only for the types of globals, maps and
 * functions (the programs use the record through pointer locals): `mbpf gen --types event` then declares it in C#,
 * and ProcTracer reads the ring's records through that generated struct. A const pointer lands in .rodata, after
 * min_duration_ns, so no map is added and no instruction changes; nothing reads it. */
struct event *const unused_event = 0;

/* The body of both exec programs: FILENAME is the kernel's copy of the exec argument. */
static __always_inline int on_exec(const char *filename)
{
	struct task_struct *task;
	struct event *e;
	pid_t pid;
	u64 ts;

	/* remember time exec() was executed for this PID */
	pid = bpf_get_current_pid_tgid() >> 32;
	ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&exec_start, &pid, &ts, BPF_ANY);

	/* don't emit exec events when minimum duration is specified */
	if (min_duration_ns)
		return 0;

	/* reserve sample from BPF ringbuf */
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		/* ring full: count it (lost_events.h) so the tracer can report it */
		lost_events_add(0);
		return 0;
	}

	/* fill out the sample with data */
	task = (struct task_struct *)bpf_get_current_task();

	e->exit_event = false;
	e->pid = pid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	bpf_probe_read_kernel_str(&e->filename, sizeof(e->filename), filename);

	/* successfully submit it to user-space for post-processing */
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* The body of both exit programs. */
static __always_inline int on_exit(void)
{
	struct task_struct *task;
	struct event *e;
	pid_t pid, tid;
	u64 id, *start_ts, duration_ns = 0;

	/* get PID and TID of exiting thread/process */
	id = bpf_get_current_pid_tgid();
	pid = id >> 32;
	tid = (u32)id;

	/* ignore thread exits */
	if (pid != tid)
		return 0;

	/* if we recorded start of the process, calculate lifetime duration */
	start_ts = bpf_map_lookup_elem(&exec_start, &pid);
	if (start_ts)
		duration_ns = bpf_ktime_get_ns() - *start_ts;
	else if (min_duration_ns)
		return 0;
	bpf_map_delete_elem(&exec_start, &pid);

	/* if process didn't live long enough, return early */
	if (min_duration_ns && duration_ns < min_duration_ns)
		return 0;

	/* reserve sample from BPF ringbuf */
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		/* ring full: count it (lost_events.h) so the tracer can report it */
		lost_events_add(0);
		return 0;
	}

	/* fill out the sample with data */
	task = (struct task_struct *)bpf_get_current_task();

	e->exit_event = true;
	e->duration_ns = duration_ns;
	e->pid = pid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exit_code = (BPF_CORE_READ(task, exit_code) >> 8) & 0xff;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));

	/* send data to user-space for post-processing */
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* The seed's two programs, on the tracepoints' perf events. */
SEC("tp/sched/sched_process_exec")
int handle_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	unsigned fname_off = ctx->__data_loc_filename & 0xFFFF;

	return on_exec((void *)ctx + fname_off);
}

/* The context is not dereferenced. Upstream types it as
 * struct trace_event_raw_sched_process_template *, but since Linux 6.16-ish
 * sched_process_exit has its own layout (trace_event_raw_sched_process_exit,
 * with group_dead), so use void * to stay independent of vmlinux.h vintage. */
SEC("tp/sched/sched_process_exit")
int handle_exit(void *ctx)
{
	return on_exit();
}

/* The same two on raw tracepoints (autoload off: ProcTracer turns them on instead of the two above). Same events,
 * same records; what differs is detaching. Closing the last perf event of a tracepoint waits in
 * perf_trace_event_unreg() for tracepoint_synchronize_unregister() (RCU grace periods, tens of milliseconds), while
 * a raw tracepoint link is released with tracepoint_probe_unregister() alone, whose old probe array goes through
 * call_rcu(): the tracer exits without waiting (kernel/trace/trace_event_perf.c, kernel/bpf/syscall.c). */
SEC("?raw_tp/sched_process_exec")
int BPF_PROG(handle_exec_raw, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	return on_exec(BPF_CORE_READ(bprm, filename));
}

SEC("?raw_tp/sched_process_exit")
int handle_exit_raw(void *ctx)
{
	return on_exit();
}
