// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Map kinds and global data: hash, array, percpu array, ring buffer and LRU hash maps
 * in .maps, and globals in .rodata (const volatile), .data and .bss, each referenced
 * from more than one program (ld_imm64 of a map fd, and of a map value at an offset).
 * No CO-RE. Program types: socket, xdp, tc, tp/.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct flow_key {
	u32 ifindex;
	u32 len;
};

struct flow_stats {
	u64 packets;
	u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, u32);
	__type(value, u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct flow_stats);
} percpu_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 256);
	__type(key, u32);
	__type(value, u64);
} recent SEC(".maps");

/* .rodata: set before load, read-only after */
const volatile u32 sample_every = 1;
const volatile u64 min_len = 64;
/* .data */
u64 seen_total = 100;
u32 last_ifindex = 7;
/* .bss */
u64 dropped;
struct flow_stats totals;

static __always_inline void count(u32 slot)
{
	u64 *c = bpf_map_lookup_elem(&counters, &slot);

	if (c)
		__sync_fetch_and_add(c, 1);
}

SEC("socket")
int maps_socket(struct __sk_buff *skb)
{
	u32 zero = 0;
	struct flow_stats *s = bpf_map_lookup_elem(&percpu_stats, &zero);

	if (s) {
		s->packets++;
		s->bytes += skb->len;
	}
	count(0);
	seen_total++;
	return skb->len >= min_len ? skb->len : 0;
}

SEC("xdp")
int maps_xdp(struct xdp_md *ctx)
{
	struct flow_key key = { .ifindex = ctx->ingress_ifindex, .len = ctx->data_end - ctx->data };
	struct flow_stats init = { 1, key.len }, *s;
	u64 now = bpf_ktime_get_ns();

	s = bpf_map_lookup_elem(&flows, &key);
	if (s) {
		__sync_fetch_and_add(&s->packets, 1);
		__sync_fetch_and_add(&s->bytes, key.len);
	} else {
		bpf_map_update_elem(&flows, &key, &init, BPF_NOEXIST);
	}
	bpf_map_update_elem(&recent, &key.ifindex, &now, BPF_ANY);
	last_ifindex = key.ifindex;
	count(1);
	return XDP_PASS;
}

SEC("tc")
int maps_tc(struct __sk_buff *skb)
{
	struct flow_stats *e;

	if (sample_every > 1 && bpf_get_prandom_u32() % sample_every)
		return TC_ACT_OK;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		dropped++;
		return TC_ACT_OK;
	}
	e->packets = skb->ifindex;
	e->bytes = skb->len;
	bpf_ringbuf_submit(e, 0);
	totals.packets++;
	totals.bytes += skb->len;
	count(2);
	return TC_ACT_OK;
}

SEC("tp/syscalls/sys_enter_getuid")
int maps_tp(void *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 *last = bpf_map_lookup_elem(&recent, &pid);
	u64 v = last ? *last + 1 : seen_total;

	bpf_map_update_elem(&recent, &pid, &v, BPF_ANY);
	bpf_ringbuf_output(&events, &v, sizeof(v), 0);
	count(3);
	return 0;
}
