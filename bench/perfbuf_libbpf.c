// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The libbpf side of bench/perfbuf.sh: libbpf's perf_buffer reading bpf/bench/perfbuf_producer.bpf.o, the same
 * producer as the managed side (bench/RingBufBench, modes perf-cache and perf-live).
 *
 *   perfbuf_libbpf OBJ cache SIZE REPS   128 pages (512 KiB) per CPU, CPU 1's ring filled while nobody reads,
 *                                        then emptied with perf_buffer__consume (in cache): ns per sample
 *   perfbuf_libbpf OBJ live  SIZE COUNT  64 pages (256 KiB) per CPU, producer at full speed on CPU 0, reader
 *                                        (perf_buffer__poll) on CPU 1: samples/s, lost, reader CPU
 *
 * SIZE is the sample size, 64 or 1024. Output lines: "MODE IMPL SIZE key=value ...", medians over REPS.
 * Build: cc -O2 -o perfbuf_libbpf perfbuf_libbpf.c -lbpf -lelf -lz -lpthread
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPS 4096
#define RUN_LIMIT (1u << 23) /* bpf_loop's cap per program run */

struct reader_state {
	uint64_t next, count, gaps, gap_events, disorder, kernel_lost;
};

static struct bpf_object *obj;
static struct bpf_program *prog;
static int events_fd, lost_fd;
static int record_size;

static double now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

/* The same work per sample as the managed SequenceHandler: read the sequence number, count gaps. */
static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct reader_state *s = ctx;
	uint64_t seq = *(uint64_t *)data;

	if (__builtin_expect(seq != s->next, 0)) {
		if (seq < s->next) {
			s->disorder++;
		} else {
			s->gaps += seq - s->next;
			s->gap_events++;
		}
	}
	s->next = seq + 1;
	s->count++;
}

static void on_lost(void *ctx, int cpu, __u64 count)
{
	((struct reader_state *)ctx)->kernel_lost += count;
}

/* Runs the producer on the calling thread's CPU (the thread is pinned): its samples go to that CPU's ring. */
static void produce(uint64_t count)
{
	while (count) {
		uint64_t n = count < RUN_LIMIT ? count : RUN_LIMIT;
		__u64 args[1] = { n };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = args, .ctx_size_in = sizeof(args));
		if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts))
			die("BPF_PROG_TEST_RUN");
		count -= n;
	}
}

static uint64_t lost_counter(void)
{
	int cpus = libbpf_num_possible_cpus();
	uint64_t values[cpus], total = 0;
	__u32 key = 0;

	if (bpf_map_lookup_elem(lost_fd, &key, values))
		die("lookup lost_events");
	for (int i = 0; i < cpus; i++)
		total += values[i];
	return total;
}

static void load(const char *path)
{
	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		die("open object");
	if (bpf_object__load(obj))
		die("load object");
	prog = bpf_object__find_program_by_name(obj, record_size == 64 ? "produce_64" : "produce_1k");
	events_fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "events"));
	lost_fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "lost_events"));
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), compare);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void cache_bench(int reps)
{
	static double t[MAX_REPS];
	const size_t pages = 128;
	struct reader_state state = { 0 };
	struct perf_buffer *pb = perf_buffer__new(events_fd, pages, on_sample, on_lost, &state, NULL);
	/* A sample is a perf_event_header, the u32 size and the bytes, padded to 8; the kernel keeps one byte free. */
	uint64_t footprint = (8 + 4 + record_size + 7) & ~7ul;
	uint64_t n = (pages * sysconf(_SC_PAGESIZE) - 1) / footprint;

	if (!pb)
		die("perf_buffer__new");
	/* Fill and drain on one CPU: the ring is read from the cache the producer wrote it in. */
	pin(1);
	for (int r = 0; r < reps; r++) {
		uint64_t before = state.count;
		produce(n);
		double t0 = now_ns(CLOCK_MONOTONIC);
		if (perf_buffer__consume(pb))
			die("perf_buffer__consume");
		double t1 = now_ns(CLOCK_MONOTONIC);
		if (state.count - before != n || state.gaps || state.disorder || state.kernel_lost)
			fprintf(stderr, "libbpf consumed %lu of %lu samples (%lu gaps)\n", state.count - before, n, state.gaps), exit(1);
		t[r] = (t1 - t0) / n;
	}
	printf("cache libbpf %d ns_per_record=%.3f\n", record_size, median(t, reps));
	perf_buffer__free(pb);
}

static volatile int producing = 1;
static uint64_t live_count;
static double live_elapsed;

static void *producer_thread(void *unused)
{
	pin(0);
	double t0 = now_ns(CLOCK_MONOTONIC);
	for (uint64_t done = 0; done < live_count; done += 65536)
		produce(live_count - done < 65536 ? live_count - done : 65536);
	live_elapsed = now_ns(CLOCK_MONOTONIC) - t0;
	__atomic_store_n(&producing, 0, __ATOMIC_RELEASE);
	return NULL;
}

static void live_bench(uint64_t count)
{
	struct reader_state state = { 0 };
	struct perf_buffer *pb = perf_buffer__new(events_fd, 64, on_sample, on_lost, &state, NULL);
	pthread_t producer;

	if (!pb)
		die("perf_buffer__new");
	pin(1);
	live_count = count;
	double cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	if (pthread_create(&producer, NULL, producer_thread, NULL))
		die("pthread_create");
	while (__atomic_load_n(&producing, __ATOMIC_ACQUIRE))
		perf_buffer__poll(pb, 100);
	perf_buffer__consume(pb);
	double cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
	pthread_join(producer, NULL);
	uint64_t gaps = state.gaps + (count - state.next);
	if (state.disorder)
		fprintf(stderr, "libbpf saw %lu sequence numbers twice or out of order\n", state.disorder), exit(1);
	printf("live libbpf %d records_per_s=%.0f lost=%lu counter=%lu kernel_lost=%lu lost_pct=%.2f reader_cpu_pct=%.1f reader_cpu_ns_per_record=%.0f gap_events=%lu\n",
	       record_size, state.count / (live_elapsed / 1e9), gaps, lost_counter(), state.kernel_lost, 100.0 * gaps / count,
	       100.0 * cpu / live_elapsed, cpu / state.count, state.gap_events);
	perf_buffer__free(pb);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: %s OBJ cache|live SIZE REPS|COUNT\n", argv[0]);
		return 2;
	}
	record_size = atoi(argv[3]);
	if (record_size != 64 && record_size != 1024)
		return fprintf(stderr, "SIZE is 64 or 1024\n"), 2;
	long n = atol(argv[4]);
	libbpf_set_print(NULL);
	load(argv[1]);
	if (!strcmp(argv[2], "cache"))
		cache_bench(n > MAX_REPS ? MAX_REPS : n);
	else if (!strcmp(argv[2], "live"))
		live_bench(n);
	else
		return fprintf(stderr, "unknown mode %s\n", argv[2]), 2;
	bpf_object__close(obj);
	return 0;
}
