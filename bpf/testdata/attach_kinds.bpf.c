// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * One program of each kind a loader attaches, each counting the events of one test workload
 * (tests/ManagedBpf.Tests/Links/AttachTarget.c, run as "mbpf_target") in a .bss counter, so that
 * mbpf run and a libbpf loader can be compared count for count: uprobe and uretprobe on
 * mbpf_target_add, a USDT probe with a semaphore (mbpf_test:tick, read with usdt.bpf.h), raw_tp,
 * tp_btf and tp on getppid(2) entries of the target only, a task iterator (kthreadd's line), and xdp,
 * tc and cgroup_skb counting UDP datagrams to port 7777, and perf_event samples.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "GPL";

#define NR_GETPPID 110 /* x86_64 */
#define ETH_P_IP 0x0800
#define IPPROTO_UDP 17
#define WORKLOAD_PORT 7777

/* uapi values kernel_types.h does not carry */
#define MAP_TYPE_ARRAY 2
#define MAP_TYPE_RINGBUF 27

struct bpf_iter_meta {
	struct seq_file *seq;
	__u64 session_id;
	__u64 seq_num;
} __attribute__((preserve_access_index));

struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
} __attribute__((preserve_access_index));

__u64 uprobe_calls, uprobe_arg_sum, uretprobe_calls, uretprobe_sum;
__u64 usdt_calls, usdt_arg_sum;
__u64 raw_tp_calls, tp_btf_calls, tp_calls;
__u64 xdp_packets, tc_packets, cgroup_datagrams, perf_samples;

struct {
	__uint(type, MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} ticks_by_slot SEC(".maps");

struct {
	__uint(type, MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ticks SEC(".maps");

/* The workload's comm: its executable is named mbpf_target. */
static __always_inline bool is_target(void)
{
	static const char name[] = "mbpf_target";
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
	for (int i = 0; i < sizeof(name); i++)
		if (comm[i] != name[i])
			return false;
	return true;
}

SEC("uprobe")
int BPF_KPROBE(on_add, int a, int b)
{
	__sync_fetch_and_add(&uprobe_calls, 1);
	__sync_fetch_and_add(&uprobe_arg_sum, a + b);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(on_add_return, int sum)
{
	__sync_fetch_and_add(&uretprobe_calls, 1);
	__sync_fetch_and_add(&uretprobe_sum, sum);
	return 0;
}

SEC("usdt")
int BPF_USDT(on_tick, int index, long value)
{
	__u32 slot = index & 3;
	__u64 *count = bpf_map_lookup_elem(&ticks_by_slot, &slot);

	if (count)
		__sync_fetch_and_add(count, 1);
	__sync_fetch_and_add(&usdt_calls, 1);
	__sync_fetch_and_add(&usdt_arg_sum, value);
	bpf_ringbuf_output(&ticks, &value, sizeof(value), 0);
	bpf_printk("tick %d value %ld", index, value);
	return 0;
}

SEC("raw_tp/sys_enter")
int on_raw_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[1] == NR_GETPPID && is_target())
		__sync_fetch_and_add(&raw_tp_calls, 1);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_btf_sys_enter, struct pt_regs *regs, long id)
{
	if (id == NR_GETPPID && is_target())
		__sync_fetch_and_add(&tp_btf_calls, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int on_tp_getppid(void *ctx)
{
	if (is_target())
		__sync_fetch_and_add(&tp_calls, 1);
	return 0;
}

SEC("iter/task")
int each_task(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	/* pid 2 is kthreadd on every kernel */
	if (task && task->pid == 2)
		BPF_SEQ_PRINTF(ctx->meta->seq, "pid %d %s\n", task->pid, task->comm);
	return 0;
}

/* A workload datagram: IPv4 (no options), UDP, to port 7777, from its IP header on. */
static __always_inline bool is_workload_datagram(const __u8 *ip)
{
	return ip[0] == 0x45 && ip[9] == IPPROTO_UDP && ip[20 + 2] == (WORKLOAD_PORT >> 8) && ip[20 + 3] == (WORKLOAD_PORT & 0xff);
}

/* The same in an Ethernet frame. */
static __always_inline bool is_workload_frame(const __u8 *frame)
{
	return frame[12] == (ETH_P_IP >> 8) && frame[13] == (ETH_P_IP & 0xff) && is_workload_datagram(frame + 14);
}

SEC("xdp")
int count_xdp(struct xdp_md *ctx)
{
	const __u8 *data = (const __u8 *)(long)ctx->data;
	const __u8 *end = (const __u8 *)(long)ctx->data_end;

	if (data + 14 + 20 + 8 <= end && is_workload_frame(data))
		__sync_fetch_and_add(&xdp_packets, 1);
	return XDP_PASS;
}

SEC("tc")
int count_tc(struct __sk_buff *skb)
{
	__u8 frame[14 + 20 + 8];

	if (bpf_skb_load_bytes(skb, 0, frame, sizeof(frame)) == 0 && is_workload_frame(frame))
		__sync_fetch_and_add(&tc_packets, 1);
	return TC_ACT_OK;
}

SEC("cgroup_skb/egress")
int count_egress(struct __sk_buff *skb)
{
	__u8 packet[20 + 8];

	/* cgroup_skb sees the packet from its IP header on */
	if (bpf_skb_load_bytes(skb, 0, packet, sizeof(packet)) == 0 && is_workload_datagram(packet))
		__sync_fetch_and_add(&cgroup_datagrams, 1);
	return 1;
}

SEC("perf_event")
int on_sample(void *ctx)
{
	__sync_fetch_and_add(&perf_samples, 1);
	return 0;
}
