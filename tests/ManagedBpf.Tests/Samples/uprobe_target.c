// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * What samples/Uprobe probes (Samples/UprobeSampleTests): the two functions libbpf-bootstrap's uprobe.c defines
 * and calls on itself, called ROUNDS times (its argument) with the arguments uprobe.c's loop passes.
 */
#include <stdio.h>
#include <stdlib.h>

/* noinline and the empty volatile asm keep each call a real call the probe sees. */
__attribute__((noinline)) int uprobed_add(int a, int b)
{
	asm volatile("");
	return a + b;
}

__attribute__((noinline)) int uprobed_sub(int a, int b)
{
	asm volatile("");
	return a - b;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1, sum = 0;

	for (int i = 0; i < rounds; i++)
		sum += uprobed_add(i, i + 1) + uprobed_sub(i * i, i);
	printf("%d\n", sum);
	return 0;
}
