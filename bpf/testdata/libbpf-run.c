// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-run OBJ [--attach PROGRAM=TARGET]...: the libbpf side of `mbpf run`, for comparing what the
 * two count for the same events. Loads OBJ, attaches every program as libbpf's skeleton would
 * (bpf_program__attach) or at the --attach target in mbpf run's syntax (uprobe/uretprobe
 * BINARY:FUNCTION, usdt BINARY:PROVIDER:NAME, xdp IFACE, tc IFACE[:egress] through a clsact qdisc,
 * cgroup DIR, perf_event cpu-clock[:HZ]), reads each iterator once, prints "running", waits for
 * SIGINT or SIGTERM, detaches everything and prints the integer variables of .bss as "NAME = VALUE".
 * Built by the tests (cc ... -lbpf; Debian's libbpf-dev, libbpf 1.1).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define MAX_LINKS 256

static struct bpf_link *links[MAX_LINKS];
static int link_count;
static struct bpf_tc_hook hooks[16];
static struct bpf_tc_opts tc_attached[16];
static int tc_count;
static volatile sig_atomic_t stop;

static void on_signal(int signal) { stop = 1; }

static int fail(const char *what, const char *name, int err)
{
	fprintf(stderr, "libbpf-run: %s %s: %s\n", what, name, strerror(err < 0 ? -err : err));
	exit(1);
}

static void add(struct bpf_link *link, const char *name)
{
	if (!link)
		fail("attach", name, errno);
	links[link_count++] = link;
}

static void attach_perf_event(struct bpf_program *prog, const char *target)
{
	int hz = strncmp(target, "cpu-clock:", 10) == 0 ? atoi(target + 10) : 99;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	for (int cpu = 0; cpu < cpus; cpu++) {
		struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
						.config = PERF_COUNT_SW_CPU_CLOCK, .sample_freq = hz, .freq = 1 };
		int fd = syscall(__NR_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);

		if (fd < 0)
			fail("perf_event_open", target, errno);
		add(bpf_program__attach_perf_event(prog, fd), bpf_program__name(prog));
	}
}

static void attach_tc(struct bpf_program *prog, char *target)
{
	char *colon = strrchr(target, ':');
	struct bpf_tc_hook *hook = &hooks[tc_count];
	struct bpf_tc_opts *opts = &tc_attached[tc_count];
	int err;

	if (colon)
		*colon = '\0';
	memset(hook, 0, sizeof(*hook));
	hook->sz = sizeof(*hook);
	hook->ifindex = if_nametoindex(target);
	hook->attach_point = colon && strcmp(colon + 1, "egress") == 0 ? BPF_TC_EGRESS : BPF_TC_INGRESS;
	err = bpf_tc_hook_create(hook);
	if (err && err != -EEXIST)
		fail("bpf_tc_hook_create", target, err);
	memset(opts, 0, sizeof(*opts));
	opts->sz = sizeof(*opts);
	opts->prog_fd = bpf_program__fd(prog);
	err = bpf_tc_attach(hook, opts);
	if (err)
		fail("bpf_tc_attach", target, err);
	tc_count++;
}

static void attach(struct bpf_program *prog, char *target)
{
	const char *section = bpf_program__section_name(prog);
	char *first = strchr(target, ':'), *second = first ? strchr(first + 1, ':') : NULL;

	switch (bpf_program__type(prog)) {
	case BPF_PROG_TYPE_KPROBE:
		if (strncmp(section, "usdt", 4) == 0 && first && second) {
			*first = *second = '\0';
			add(bpf_program__attach_usdt(prog, -1, target, first + 1, second + 1, NULL), target);
		} else if (first) {
			LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = first + 1,
				    .retprobe = strncmp(section, "uretprobe", 9) == 0);
			*first = '\0';
			add(bpf_program__attach_uprobe_opts(prog, -1, target, 0, &opts), target);
		}
		break;
	case BPF_PROG_TYPE_XDP:
		add(bpf_program__attach_xdp(prog, if_nametoindex(target)), target);
		break;
	case BPF_PROG_TYPE_SCHED_CLS:
		attach_tc(prog, target);
		break;
	case BPF_PROG_TYPE_PERF_EVENT:
		attach_perf_event(prog, target);
		break;
	default: {
		int fd = open(target, O_RDONLY | O_DIRECTORY);

		if (fd < 0)
			fail("open", target, errno);
		add(bpf_program__attach_cgroup(prog, fd), target);
		close(fd);
	}
	}
}

static void print_iterator(struct bpf_program *prog, struct bpf_link *link)
{
	char buffer[4096], *line, *rest;
	int fd = bpf_iter_create(bpf_link__fd(link)), n, length = 0;

	while (fd >= 0 && (n = read(fd, buffer + length, sizeof(buffer) - 1 - length)) > 0)
		length += n;
	buffer[length] = '\0';
	for (line = strtok_r(buffer, "\n", &rest); line; line = strtok_r(NULL, "\n", &rest))
		printf("iter %s: %s\n", bpf_program__name(prog), line);
	close(fd);
}

static void print_bss(struct bpf_object *obj)
{
	const struct btf *btf = bpf_object__btf(obj);
	int id = btf__find_by_name_kind(btf, ".bss", BTF_KIND_DATASEC);
	const struct btf_type *datasec = btf__type_by_id(btf, id);
	const struct btf_var_secinfo *var = btf_var_secinfos(datasec);
	struct bpf_map *map;
	unsigned char *value = calloc(1, datasec->size);
	int zero = 0;

	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);

		if (strlen(name) >= 4 && strcmp(name + strlen(name) - 4, ".bss") == 0)
			break;
	}
	if (!map || bpf_map__lookup_elem(map, &zero, sizeof(zero), value, datasec->size, 0))
		fail("lookup", ".bss", errno);
	for (int i = 0; i < btf_vlen(datasec); i++, var++) {
		const struct btf_type *v = btf__type_by_id(btf, var->type);
		const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, v->type));
		unsigned long long u = 0;

		if (!btf_is_int(t) || var->size > 8)
			continue;
		memcpy(&u, value + var->offset, var->size);
		if ((btf_int_encoding(t) & BTF_INT_SIGNED) && var->size < 8 && (u >> (var->size * 8 - 1)))
			u |= ~0ULL << (var->size * 8);
		if (btf_int_encoding(t) & BTF_INT_SIGNED)
			printf("%s = %lld\n", btf__name_by_offset(btf, v->name_off), (long long)u);
		else
			printf("%s = %llu\n", btf__name_by_offset(btf, v->name_off), u);
	}
	free(value);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;

	if (argc < 2) {
		fprintf(stderr, "usage: libbpf-run OBJ [--attach PROGRAM=TARGET]...\n");
		return 64;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		fail("load", argv[1], errno);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	bpf_object__for_each_program(prog, obj) {
		char *target = NULL;

		for (int i = 2; i + 1 < argc; i += 2) {
			size_t n = strlen(bpf_program__name(prog));

			if (strcmp(argv[i], "--attach") == 0 && strncmp(argv[i + 1], bpf_program__name(prog), n) == 0 && argv[i + 1][n] == '=')
				target = argv[i + 1] + n + 1;
		}
		if (target) {
			attach(prog, target);
			continue;
		}
		struct bpf_link *link = bpf_program__attach(prog);

		if (!link && (errno == EOPNOTSUPP || errno == ENOTSUP || errno == ESRCH))
			continue; /* no automatic attachment, as the skeleton leaves it */
		add(link, bpf_program__name(prog));
		if (strncmp(bpf_program__section_name(prog), "iter/", 5) == 0)
			print_iterator(prog, link);
	}
	printf("running\n");
	fflush(stdout);
	while (!stop)
		pause();
	for (int i = 0; i < link_count; i++)
		bpf_link__destroy(links[i]);
	for (int i = 0; i < tc_count; i++) {
		tc_attached[i].prog_fd = tc_attached[i].prog_id = tc_attached[i].flags = 0;
		bpf_tc_detach(&hooks[i], &tc_attached[i]);
		hooks[i].attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hooks[i]);
	}
	printf("detached\n");
	print_bss(obj);
	bpf_object__close(obj);
	return 0;
}
