// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The workload of bpf/testdata/attach_kinds.bpf.c, built by the tests (gcc, <sys/sdt.h> from
 * systemtap-sdt-dev) into an executable named mbpf_target: N rounds of a call to mbpf_target_add,
 * a USDT probe mbpf_test:tick with a semaphore, a getppid(2), and a UDP datagram to 127.0.0.1:7777.
 * It prints what the BPF side should have counted, and the semaphore as it saw it (non-zero only
 * while a loader has a uprobe on the probe).
 *   mbpf_target [ROUNDS]
 */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

unsigned short mbpf_test_tick_semaphore __attribute__((section(".probes")));

__attribute__((noinline)) int mbpf_target_add(int a, int b)
{
	__asm__ volatile("" ::: "memory");
	return a + b;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(7777), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	long add_sum = 0, tick_sum = 0;
	int semaphore_seen = 0;

	for (int i = 0; i < rounds; i++) {
		add_sum += mbpf_target_add(i, 100);
		if (mbpf_test_tick_semaphore)
			semaphore_seen++;
		STAP_PROBE2(mbpf_test, tick, i, (long)i * 10);
		tick_sum += (long)i * 10;
		getppid();
		sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to));
	}
	printf("rounds %d add_sum %ld tick_sum %ld semaphore_seen %d\n", rounds, add_sum, tick_sum, semaphore_seen);
	return 0;
}
