// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The exec storm of bench/storm.sh: WORKERS processes spawn EXE (a copy of /bin/true) one after another as fast
 * as they can, TOTAL execs in all, and the rate is printed. posix_spawn (clone with CLONE_VM|CLONE_VFORK in
 * glibc) is the cheapest fork+exec there is, so the rate is the machine's, not the driver's.
 *   storm EXE TOTAL [WORKERS]        prints "EXECS SECONDS" */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int run(const char *exe, long count)
{
	char *argv[] = { (char *)exe, NULL };

	for (long i = 0; i < count; i++) {
		pid_t pid;
		int status;

		if (posix_spawn(&pid, exe, NULL, NULL, argv, environ) != 0)
			return 1;
		if (waitpid(pid, &status, 0) < 0)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec start, end;
	long total, workers;
	int failed = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: storm EXE TOTAL [WORKERS]\n");
		return 2;
	}
	total = atol(argv[2]);
	workers = argc > 3 ? atol(argv[3]) : 2;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (long w = 0; w < workers; w++) {
		if (fork() == 0)
			_exit(run(argv[1], total / workers + (w < total % workers)));
	}
	for (long w = 0; w < workers; w++) {
		int status;

		wait(&status);
		failed |= !WIFEXITED(status) || WEXITSTATUS(status);
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	printf("%ld %.6f\n", total, (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
	return failed;
}
