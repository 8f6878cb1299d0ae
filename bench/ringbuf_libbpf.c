// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The libbpf side of bench/ringbuf.sh, and the hardware references (a bare walk of the headers, a plain
 * sequential read). Reads the same producer as bench/RingBufBench: bpf/bench/ringbuf_producer.bpf.o.
 *
 *   ringbuf_libbpf OBJ cache  SIZE REPS   512 KiB ring filled while nobody reads, then emptied (in cache)
 *   ringbuf_libbpf OBJ memory SIZE REPS   256 MiB ring filled, evicted from the caches, then emptied
 *   ringbuf_libbpf OBJ live   SIZE COUNT  256 KiB ring, producer on CPU 0, reader (ring_buffer__poll) on CPU 1
 *
 * SIZE is the record size, 64 or 1024. Output lines: "MODE IMPL SIZE key=value ...", medians over REPS.
 * Build: cc -O2 -o ringbuf_libbpf ringbuf_libbpf.c -lbpf -lelf -lz -lpthread
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
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPS 4096
#define RUN_LIMIT (1u << 23) /* bpf_loop's cap per program run */

struct reader_state {
	uint64_t next, count, gaps, gap_events, disorder;
};

static struct bpf_object *obj;
static struct bpf_program *prog;
static int ring_fd, lost_fd;
static unsigned long ring_size;
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

static int on_record(void *ctx, void *data, size_t len)
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
	return 0;
}

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

static void load(const char *path, unsigned long size)
{
	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		die("open object");
	ring_size = size;
	if (bpf_map__set_max_entries(bpf_object__find_map_by_name(obj, "rb"), size))
		die("set max_entries");
	if (bpf_object__load(obj))
		die("load object");
	prog = bpf_object__find_program_by_name(obj, record_size == 64 ? "produce_64" : "produce_1k");
	ring_fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "rb"));
	lost_fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "lost_events"));
}

/* Our own view of the ring, mapped as libbpf maps it, for the walk and the sequential read. */
struct view {
	unsigned long *consumer, *producer;
	uint8_t *data;
};

static struct view map_view(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct view v;
	void *c = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, ring_fd, 0);
	void *p = mmap(NULL, page + 2 * ring_size, PROT_READ, MAP_SHARED, ring_fd, page);

	if (c == MAP_FAILED || p == MAP_FAILED)
		die("mmap ring");
	v.consumer = c;
	v.producer = p;
	v.data = (uint8_t *)p + page;
	return v;
}

/* The cheapest possible consumer: headers only, nothing committed. */
static uint64_t walk(struct view *v, uint64_t *records)
{
	unsigned long pos = __atomic_load_n(v->consumer, __ATOMIC_ACQUIRE);
	unsigned long end = __atomic_load_n(v->producer, __ATOMIC_ACQUIRE);
	uint64_t n = 0, sum = 0;

	while (pos < end) {
		uint32_t len = __atomic_load_n((uint32_t *)(v->data + (pos & (ring_size - 1))), __ATOMIC_ACQUIRE);
		sum += len;
		pos += ((len & ~(3u << 30)) + 8 + 7) & ~7ul;
		n++;
	}
	*records = n;
	return sum;
}

/* Every byte between the positions, read in order, 8 at a time. */
static uint64_t sequential_read(struct view *v)
{
	unsigned long pos = *v->consumer, end = *v->producer;
	const uint64_t *p = (const uint64_t *)(v->data + (pos & (ring_size - 1)));
	uint64_t sum = 0;

	for (unsigned long i = 0; i < (end - pos) / 8; i++)
		sum += p[i];
	return sum;
}

static uint8_t *scratch;
static size_t scratch_size;

/* Evicts the ring from every cache level by writing a buffer twice the ring's size. */
static void evict(void)
{
	if (!scratch) {
		scratch_size = 2 * ring_size;
		scratch = malloc(scratch_size);
	}
	memset(scratch, (int)(uintptr_t)scratch_size, scratch_size);
	__asm__ volatile("" ::: "memory");
}

static uint64_t fill(void)
{
	uint64_t footprint = (record_size + 8 + 7) & ~7ul, n = ring_size / footprint;
	produce(n);
	return n;
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

static volatile uint64_t sink;
static void pin(int cpu);

static void drain_bench(const char *mode, int reps, int from_memory)
{
	static double t_libbpf[MAX_REPS], t_walk[MAX_REPS], t_read[MAX_REPS];
	struct reader_state state = { 0 };
	struct ring_buffer *rb = ring_buffer__new(ring_fd, on_record, &state, NULL);
	struct view v = map_view();

	if (!rb)
		die("ring_buffer__new");
	/* Fill and drain on one CPU: a migration in between would read the ring from another core's cache. */
	pin(1);
	for (int r = 0; r < reps; r++) {
		uint64_t n = fill(), walked;
		if (from_memory)
			evict();
		double t0 = now_ns(CLOCK_MONOTONIC);
		sink += walk(&v, &walked);
		double t1 = now_ns(CLOCK_MONOTONIC);
		if (walked != n)
			fprintf(stderr, "walk saw %lu records, not %lu\n", walked, n), exit(1);
		t_walk[r] = (t1 - t0) / n;
		if (from_memory) {
			evict();
			t0 = now_ns(CLOCK_MONOTONIC);
			sink += sequential_read(&v);
			t_read[r] = (now_ns(CLOCK_MONOTONIC) - t0) / n;
			evict();
		}
		double t2 = now_ns(CLOCK_MONOTONIC);
		int got = ring_buffer__consume(rb);
		double t3 = now_ns(CLOCK_MONOTONIC);
		if ((uint64_t)got != n || state.gaps || state.disorder)
			fprintf(stderr, "libbpf consumed %d of %lu records (%lu gaps)\n", got, n, state.gaps), exit(1);
		t_libbpf[r] = (t3 - t2) / n;
	}
	printf("%s libbpf %d ns_per_record=%.3f\n", mode, record_size, median(t_libbpf, reps));
	printf("%s walk %d ns_per_record=%.3f\n", mode, record_size, median(t_walk, reps));
	if (from_memory)
		printf("%s seqread %d ns_per_record=%.3f\n", mode, record_size, median(t_read, reps));
	ring_buffer__free(rb);
}

static void pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
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
	struct ring_buffer *rb = ring_buffer__new(ring_fd, on_record, &state, NULL);
	pthread_t producer;

	if (!rb)
		die("ring_buffer__new");
	pin(1);
	live_count = count;
	double cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	if (pthread_create(&producer, NULL, producer_thread, NULL))
		die("pthread_create");
	while (__atomic_load_n(&producing, __ATOMIC_ACQUIRE))
		ring_buffer__poll(rb, 100);
	ring_buffer__consume(rb);
	double cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
	pthread_join(producer, NULL);
	uint64_t gaps = state.gaps + (count - state.next);
	if (state.disorder)
		fprintf(stderr, "libbpf saw %lu sequence numbers twice or out of order\n", state.disorder), exit(1);
	printf("live libbpf %d records_per_s=%.0f lost=%lu counter=%lu lost_pct=%.2f reader_cpu_pct=%.1f reader_cpu_ns_per_record=%.0f gap_events=%lu\n", record_size,
	       state.count / (live_elapsed / 1e9), gaps, lost_counter(), 100.0 * gaps / count, 100.0 * cpu / live_elapsed, cpu / state.count, state.gap_events);
	ring_buffer__free(rb);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: %s OBJ cache|memory|live SIZE REPS|COUNT\n", argv[0]);
		return 2;
	}
	record_size = atoi(argv[3]);
	if (record_size != 64 && record_size != 1024)
		return fprintf(stderr, "SIZE is 64 or 1024\n"), 2;
	const char *mode = argv[2];
	long n = atol(argv[4]);
	libbpf_set_print(NULL);
	if (!strcmp(mode, "cache")) {
		load(argv[1], 512 * 1024);
		drain_bench(mode, n > MAX_REPS ? MAX_REPS : n, 0);
	} else if (!strcmp(mode, "memory")) {
		load(argv[1], 256ul * 1024 * 1024);
		drain_bench(mode, n > MAX_REPS ? MAX_REPS : n, 1);
	} else if (!strcmp(mode, "live")) {
		load(argv[1], 256 * 1024);
		live_bench(n);
	} else {
		return fprintf(stderr, "unknown mode %s\n", mode), 2;
	}
	bpf_object__close(obj);
	return 0;
}
