// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-load OBJ [PROG[,PROG...]]: the libbpf side of `mbpf load OBJ [--skip PROG,...]`. Opens OBJ and loads
 * it as one object with bpf_object__load (SEC("?...") programs and the named ones with autoload off, as
 * bpf_program__set_autoload does), prints "NAME TAG" per loaded program with the kernel's tag, and closes
 * it again. Maps pinned by name (LIBBPF_PIN_BY_NAME) whose pin this load created are unpinned before it
 * exits; pins it found and reused stay. LIBBPF_LOAD_DEBUG=1 writes libbpf's debug log to stderr.
 * Exit 0, 1 when libbpf refused the object (its warnings on stderr), 64 for a usage mistake.
 * Built by bpf/testdata/libbpf-tags.sh (the corpus oracle) and bench/bigload.sh (cc ... -lbpf; Debian's
 * libbpf-dev, libbpf 1.1).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

static int print(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG && !getenv("LIBBPF_LOAD_DEBUG"))
		return 0;
	return vfprintf(stderr, format, args);
}

static int skip(struct bpf_object *obj, char *names)
{
	for (char *name = strtok(names, ","); name; name = strtok(NULL, ",")) {
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, name);

		if (!prog) {
			fprintf(stderr, "libbpf-load: no program '%s'\n", name);
			return -1;
		}
		bpf_program__set_autoload(prog, false);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	bool *pinned_before;
	int maps = 0, i = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: libbpf-load OBJ [PROG[,PROG...]]\n");
		return 64;
	}
	libbpf_set_print(print);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "libbpf-load: cannot open %s\n", argv[1]);
		return 1;
	}
	if (argc == 3 && skip(obj, argv[2]))
		return 64;
	bpf_object__for_each_map(map, obj)
		maps++;
	pinned_before = calloc(maps + 1, sizeof(*pinned_before));
	bpf_object__for_each_map(map, obj) {
		const char *path = bpf_map__pin_path(map);

		pinned_before[i++] = path && access(path, F_OK) == 0;
	}
	if (bpf_object__load(obj)) {
		bpf_object__close(obj);
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		struct bpf_prog_info info = {};
		__u32 length = sizeof(info);

		if (!bpf_program__autoload(prog))
			continue;
		bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &length);
		printf("%s ", bpf_program__name(prog));
		for (int k = 0; k < BPF_TAG_SIZE; k++)
			printf("%02x", info.tag[k]);
		printf("\n");
	}
	i = 0;
	bpf_object__for_each_map(map, obj) {
		if (!pinned_before[i++] && bpf_map__is_pinned(map))
			bpf_map__unpin(map, NULL);
	}
	bpf_object__close(obj);
	return 0;
}
