/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The lost-event convention of ManagedBpf's BPF programs.
 *
 * A BPF ring buffer counts nothing itself: when bpf_ringbuf_reserve() finds no room it returns NULL and the
 * record is gone without a trace (kernel/bpf/ringbuf.c, __bpf_ringbuf_reserve). So every program that
 * writes to a ring counts its failed reserves here, and user space (ManagedBpf.RingBuf.LostEventCounter)
 * sums the slots over all CPUs.
 *
 *   - one map per object, named "lost_events": BPF_MAP_TYPE_PERCPU_ARRAY, u32 key, u64 value;
 *   - slot 0 counts the failed reserves of the object's ring (an object with several rings may give
 *     each its own slot by raising LOST_EVENTS_SLOTS before including this header);
 *   - per-CPU, so producers on different CPUs never share a cache line; the increment is still atomic
 *     because a program can be interrupted on its CPU by another one writing the same slot (e.g. a
 *     tracepoint hit from an NMI-context program).
 */
#ifndef __LOST_EVENTS_H
#define __LOST_EVENTS_H

#ifndef LOST_EVENTS_SLOTS
#define LOST_EVENTS_SLOTS 1
#endif

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LOST_EVENTS_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} lost_events SEC(".maps");

/* Counts one record that could not be reserved in the ring of slot SLOT. */
static __always_inline void lost_events_add(__u32 slot)
{
	__u64 *count = bpf_map_lookup_elem(&lost_events, &slot);

	if (count)
		__sync_fetch_and_add(count, 1);
}

#endif /* __LOST_EVENTS_H */
