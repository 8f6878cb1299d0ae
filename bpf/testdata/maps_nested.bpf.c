// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * BTF-defined map features beyond plain maps: an ARRAY_OF_MAPS and a HASH_OF_MAPS whose inner
 * definition is given with __array(values, ...) and whose slots are initialised statically
 * (.values = { [i] = &map }, relocations in .rel.maps), a PROG_ARRAY initialised with programs
 * (tail calls), and a map pinned by name (LIBBPF_PIN_BY_NAME). Every program is a raw_tp program
 * so that BPF_PROG_TEST_RUN can run it with a chosen context; nothing is attached.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Not in bpf_types.h's enum bpf_map_type: adding them there would change the BTF of every other
 * object that includes it. */
enum {
	BPF_MAP_TYPE_PROG_ARRAY = 3,
	BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	BPF_MAP_TYPE_HASH_OF_MAPS = 13,
};

struct nested_inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, u32);
	__type(value, u64);
} nested_inner_a SEC(".maps"), nested_inner_b SEC(".maps");

/* Declared after the definitions it refers to, as libbpf needs (it fills the slots right after
 * creating the outer map, when only earlier maps exist). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, u32);
	__array(values, struct nested_inner);
} nested_outer_array SEC(".maps") = {
	.values = { [0] = &nested_inner_a, [3] = &nested_inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, u32);
	__array(values, struct nested_inner);
} nested_outer_hash SEC(".maps") = {
	.values = { [1] = &nested_inner_b, [5] = &nested_inner_a },
};

/* Pinned at <pin root>/mbpf_nested_pin (default /sys/fs/bpf); the name is distinctive so that
 * the tests and libbpf-tags.sh can remove exactly this pin again. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} mbpf_nested_pin SEC(".maps");

int nested_tail_one(void *ctx);
int nested_tail_two(void *ctx);

/* key_size rather than __type(key, ...): the kernel refuses BTF on program arrays, and libbpf
 * would log a retry without it. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(u32));
	__array(values, int(void *));
} nested_jumps SEC(".maps") = {
	.values = { [1] = (void *)&nested_tail_one, [2] = (void *)&nested_tail_two },
};

/* ctx[0] picks the slot of both outer maps; adds ctx[1] to element 0 of the inner map found in
 * each, and counts runs in the pinned map. Returns 1 + (array hit) + 2 * (hash hit). */
SEC("raw_tp/sys_enter")
int nested_lookup(u64 *ctx)
{
	u32 slot = ctx[0], zero = 0;
	int found = 1;
	void *inner;
	u64 *value;

	inner = bpf_map_lookup_elem(&nested_outer_array, &slot);
	if (inner) {
		value = bpf_map_lookup_elem(inner, &zero);
		if (value) {
			__sync_fetch_and_add(value, ctx[1]);
			found += 1;
		}
	}
	inner = bpf_map_lookup_elem(&nested_outer_hash, &slot);
	if (inner) {
		value = bpf_map_lookup_elem(inner, &zero);
		if (value) {
			__sync_fetch_and_add(value, ctx[1]);
			found += 2;
		}
	}
	value = bpf_map_lookup_elem(&mbpf_nested_pin, &zero);
	if (value)
		__sync_fetch_and_add(value, 1);
	return found;
}

/* Tail-calls slot ctx[0] of nested_jumps; returns 1 only when the slot is empty. */
SEC("raw_tp/sys_enter")
int nested_entry(u64 *ctx)
{
	bpf_tail_call(ctx, &nested_jumps, (u32)ctx[0]);
	return 1;
}

SEC("raw_tp/sys_enter")
int nested_tail_one(void *ctx)
{
	return 101;
}

/* Chains on to slot 1, so a run through slot 2 returns 101 after two tail calls. */
SEC("raw_tp/sys_enter")
int nested_tail_two(void *ctx)
{
	bpf_tail_call(ctx, &nested_jumps, 1);
	return 202;
}
