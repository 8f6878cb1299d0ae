/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The records of the benchmark producers (ringbuf_producer.bpf.c, perfbuf_producer.bpf.c): a sequence number taken
 * for every attempt, then payload to make 64 or 1024 bytes. */
#ifndef __SEQUENCE_RECORDS_H
#define __SEQUENCE_RECORDS_H

struct record_64 {
	__u64 seq;
	__u8 payload[56];
};

struct record_1k {
	__u64 seq;
	__u8 payload[1016];
};

#endif /* __SEQUENCE_RECORDS_H */
