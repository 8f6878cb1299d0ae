// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Perf buffer producer for the reader tests and bench/perfbuf.sh: the PERF_EVENT_ARRAY twin of
 * ringbuf_producer.bpf.c.
 *
 * Never attached: user space runs a program with BPF_PROG_TEST_RUN on the CPU whose ring it wants filled, passing
 * the number of samples to emit as the first context argument. Each sample starts with a sequence number taken for
 * every attempt, so a reader sees a gap exactly where bpf_perf_event_output failed (the ring was full), and
 * lost_events counts the failures: the two must agree, and the kernel's PERF_RECORD_LOST counts must sum to them
 * once a later sample got through. Sequence numbers are plain increments: run one producer at a time.
 * Loads under libbpf too (the C baseline of the benchmark uses it).
 */
#include "../data/data_types.h"
#include <bpf/bpf_helpers.h>
#include "lost_events.h"
#include "sequence_records.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* One slot per possible CPU: loaders size a PERF_EVENT_ARRAY without max_entries so. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/* The sample is built in a map value: a 1 KiB record does not fit the 512-byte BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct record_1k);
} scratch SEC(".maps");

/* The next sequence number; read back by user space to know how many samples were attempted. */
__u64 next_seq = 0;

/* bpf_perf_event_output needs the program's context, which bpf_loop's callback reaches through this. */
struct loop_ctx {
	void *ctx;
};

/* The sample size must be a verifier-known constant, hence one emitter per size. */
#define EMITTER(type)                                                                        \
	static long emit_##type(__u64 index, struct loop_ctx *loop)                          \
	{                                                                                    \
		__u32 zero = 0;                                                              \
		struct type *r = bpf_map_lookup_elem(&scratch, &zero);                       \
                                                                                             \
		if (!r)                                                                      \
			return 1;                                                            \
		r->seq = next_seq++;                                                         \
		if (bpf_perf_event_output(loop->ctx, &events, BPF_F_CURRENT_CPU, r, sizeof(*r))) \
			lost_events_add(0);                                                  \
		return 0;                                                                    \
	}

EMITTER(record_64)
EMITTER(record_1k)

/* ctx[0]: how many samples to emit (bpf_loop caps it at 1 << 23 per run). */
SEC("raw_tp/bench_perfbuf_64")
int produce_64(__u64 *ctx)
{
	struct loop_ctx loop = { .ctx = ctx };

	return bpf_loop(ctx[0], emit_record_64, &loop, 0);
}

SEC("raw_tp/bench_perfbuf_1k")
int produce_1k(__u64 *ctx)
{
	struct loop_ctx loop = { .ctx = ctx };

	return bpf_loop(ctx[0], emit_record_1k, &loop, 0);
}
