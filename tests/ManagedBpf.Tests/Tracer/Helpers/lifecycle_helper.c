// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What the lifecycle tests need a process to do that a shell cannot (LifecycleHelper.cs compiles it with cc):
 *   threads CODE           the main thread ends first (pthread_exit); another thread ends the process 200 ms
 *                          later with exit(CODE)
 *   execveat-missing NAME  execveat(AT_FDCWD, NAME, ...) of a file that is not there: ENOENT, then exit 0
 *   execveat-fd FILE       execveat(fd of FILE, "", ..., AT_EMPTY_PATH) of a file without x: EACCES, then exit 0
 *   exec-arg EXE SIZE      execve(EXE, {EXE, SIZE bytes of 'x', "after"}); prints the errno and exits 1 if it fails
 *   spawn-at PID EXE ARG.. a child with pid PID (clone3's set_tid, 5.5+, CAP_SYS_ADMIN) runs EXE ARG..; prints the
 *                          child's pid, or the errno (EEXIST: the pid is taken) and exits 1
 *   dump-core              a child ends by SIGSEGV; prints "PID SIGNAL CORE" from its wait status (CORE: 1 when
 *                          the kernel dumped, WCOREDUMP: the one witness that holds whatever core_pattern says)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void *last_thread(void *code)
{
	usleep(200 * 1000);
	exit((int)(long)code);
}

static int threads(int code)
{
	pthread_t thread;

	if (pthread_create(&thread, NULL, last_thread, (void *)(long)code))
		return 2;
	pthread_exit(NULL);
}

static int execveat_call(int dirfd, const char *path, int flags)
{
	char *argv[] = { (char *)path, NULL };

	syscall(SYS_execveat, dirfd, path, argv, environ, flags);
	printf("%d\n", errno);
	return 0;
}

static int exec_arg(const char *exe, long size)
{
	char *arg = malloc(size + 1);
	char *argv[] = { (char *)exe, arg, "after", NULL };

	memset(arg, 'x', size);
	arg[size] = 0;
	execve(exe, argv, environ);
	printf("%d\n", errno);
	return 1;
}

static int spawn_at(pid_t pid, char **argv)
{
	struct clone_args args = {
		.exit_signal = SIGCHLD,
		.set_tid = (unsigned long)&pid,
		.set_tid_size = 1,
	};
	long child = syscall(SYS_clone3, &args, sizeof(args));
	int status;

	if (child < 0) {
		printf("%d\n", errno);
		return 1;
	}
	if (child == 0) {
		execve(argv[0], argv, environ);
		_exit(127);
	}
	printf("%ld\n", child);
	fflush(stdout);
	waitpid(child, &status, 0);
	return 0;
}

static int dump_core(void)
{
	int status;
	pid_t child = fork();

	if (child < 0)
		return 2;
	if (child == 0) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
		_exit(1);
	}
	if (waitpid(child, &status, 0) != child)
		return 2;
	printf("%d %d %d\n", child, WIFSIGNALED(status) ? WTERMSIG(status) : 0, WCOREDUMP(status) ? 1 : 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "threads"))
		return threads(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "execveat-missing"))
		return execveat_call(AT_FDCWD, argv[2], 0);
	if (argc == 3 && !strcmp(argv[1], "execveat-fd")) {
		int fd = open(argv[2], O_RDONLY | O_CLOEXEC);

		return fd < 0 ? 2 : execveat_call(fd, "", AT_EMPTY_PATH);
	}
	if (argc == 4 && !strcmp(argv[1], "exec-arg"))
		return exec_arg(argv[2], atol(argv[3]));
	if (argc >= 4 && !strcmp(argv[1], "spawn-at"))
		return spawn_at(atoi(argv[2]), argv + 3);
	if (argc == 2 && !strcmp(argv[1], "dump-core"))
		return dump_core();
	fprintf(stderr, "usage: see the comment at the top of lifecycle_helper.c\n");
	return 2;
}
