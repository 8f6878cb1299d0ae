// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Ring buffer producer for the reader tests and bench/ringbuf.sh.
 *
 * Never attached: user space runs a program with BPF_PROG_TEST_RUN (raw tracepoint programs run once per
 * call, on the calling CPU or on the one named with BPF_F_TEST_RUN_ON_CPU), passing the number of records
 * to emit as the first context argument. Each record starts with a sequence number taken for every
 * attempt, so a reader sees a gap exactly where a reserve failed, and lost_events counts the failures:
 * the two must agree. Sequence numbers are plain (not atomic) increments, so run one producer at a time.
 * Loads under libbpf too (the C baseline of the benchmark uses it).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "lost_events.h"
#include "sequence_records.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* 512 KiB by default; loaders resize it before load (libbpf: bpf_map__set_max_entries). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 512 * 1024);
} rb SEC(".maps");

/* The next sequence number; read back by user space to know how many records were attempted. */
__u64 next_seq = 0;

/* The record size must be a verifier-known constant for bpf_ringbuf_reserve, hence one emitter per size. */
#define EMITTER(type)                                                         \
	static long emit_##type(__u64 index, void *unused)                    \
	{                                                                     \
		__u64 seq = next_seq++;                                       \
		struct type *r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);      \
                                                                              \
		if (!r) {                                                     \
			lost_events_add(0);                                   \
			return 0;                                             \
		}                                                             \
		r->seq = seq;                                                 \
		bpf_ringbuf_submit(r, 0);                                     \
		return 0;                                                     \
	}

EMITTER(record_64)
EMITTER(record_1k)

/* ctx[0]: how many records to emit (bpf_loop caps it at 1 << 23 per run). */
SEC("raw_tp/bench_ringbuf_64")
int produce_64(__u64 *ctx)
{
	return bpf_loop(ctx[0], emit_record_64, NULL, 0);
}

SEC("raw_tp/bench_ringbuf_1k")
int produce_1k(__u64 *ctx)
{
	return bpf_loop(ctx[0], emit_record_1k, NULL, 0);
}

/* Odd sequence numbers are reserved, then discarded (bpf_ringbuf_discard sets BPF_RINGBUF_DISCARD_BIT): a reader
 * must skip those records and still step over their space. For the reader tests. */
static long emit_discarding(__u64 index, void *unused)
{
	__u64 seq = next_seq++;
	struct record_64 *r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);

	if (!r) {
		lost_events_add(0);
		return 0;
	}
	r->seq = seq;
	if (seq & 1)
		bpf_ringbuf_discard(r, 0);
	else
		bpf_ringbuf_submit(r, 0);
	return 0;
}

SEC("raw_tp/bench_ringbuf_64_discard")
int produce_64_discard_odd(__u64 *ctx)
{
	return bpf_loop(ctx[0], emit_discarding, NULL, 0);
}
