// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * What samples/Profile samples (Samples/ProfileSampleTests): a process that spends its argument's seconds on the
 * CPU in one function, spin, called from main, so that its user stacks name both (gcc keeps them in .symtab; the
 * test builds it with frame pointers, which bpf_get_stack's user stack walk follows). spin looks at the clock once
 * per ten million turns only, so samples land in spin rather than in the vDSO's time().
 */
#include <stdlib.h>
#include <time.h>

__attribute__((noinline)) void spin(time_t until)
{
	do
		for (long i = 0; i < 10000000; i++)
			asm volatile("");
	while (time(NULL) < until);
}

int main(int argc, char **argv)
{
	spin(time(NULL) + (argc > 1 ? atoi(argv[1]) : 1));
	return 0;
}
