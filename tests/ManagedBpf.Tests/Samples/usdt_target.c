// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * What samples/Usdt probes (Samples/UsdtSampleTests): a USDT probe named as glibc's libc:setjmp, with its three
 * arguments (the jmp_buf, the signal mask flag, an address), fired every 100 ms until killed. Debian's glibc is
 * built without SystemTap probes, so libbpf-bootstrap's usdt.c, which probes its own setjmp in libc, has nothing
 * to attach to there. It first prints the two addresses, in hex, for the test to expect.
 */
#include <setjmp.h>
#include <stdio.h>
#include <sys/sdt.h>
#include <unistd.h>

static jmp_buf env;

int main(void)
{
	void *address = (void *)main;

	printf("%lx %lx\n", (unsigned long)&env, (unsigned long)address);
	fflush(stdout);
	for (;;) {
		STAP_PROBE3(libc, setjmp, &env, 0, address);
		usleep(100 * 1000);
	}
}
