// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-each OBJ: the libbpf side of `mbpf load --each OBJ`. Loads each program of OBJ on its own
 * (every other program's autoload off, the maps as the object defines them) and prints one line per
 * program: "NAME TAG" with the kernel's tag, or "NAME error: ERRNO" when the load fails.
 * Built and run by bpf/testdata/differential.sh (cc ... -lbpf; Debian's libbpf-dev).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

static int print(enum libbpf_print_level level, const char *format, va_list args)
{
	return getenv("LIBBPF_EACH_DEBUG") ? vfprintf(stderr, format, args) : 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	char **names = NULL;
	int count = 0, failed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: libbpf-each OBJ\n");
		return 64;
	}
	libbpf_set_print(print);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "libbpf-each: cannot open %s\n", argv[1]);
		return 65;
	}
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__autoload(prog))
			continue;
		names = realloc(names, (count + 1) * sizeof(*names));
		names[count++] = strdup(bpf_program__name(prog));
	}
	bpf_object__close(obj);

	for (int i = 0; i < count; i++) {
		struct bpf_prog_info info = {};
		__u32 length = sizeof(info);
		int err;

		obj = bpf_object__open_file(argv[1], NULL);
		bpf_object__for_each_program(prog, obj)
			bpf_program__set_autoload(prog, strcmp(bpf_program__name(prog), names[i]) == 0);
		err = bpf_object__load(obj);
		if (err) {
			printf("%s error: %d\n", names[i], err);
			failed = 1;
		} else {
			prog = bpf_object__find_program_by_name(obj, names[i]);
			bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &length);
			printf("%s ", names[i]);
			for (int k = 0; k < BPF_TAG_SIZE; k++)
				printf("%02x", info.tag[k]);
			printf("\n");
		}
		bpf_object__close(obj);
	}
	return failed;
}
