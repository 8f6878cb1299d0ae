/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* The ring buffer record of sockfilter.bpf.c: one IPv4 packet's addresses, ports and protocol. */
#ifndef SAMPLES_SOCKFILTER_H
#define SAMPLES_SOCKFILTER_H

struct so_event {
	__be32 src_addr;
	__be32 dst_addr;
	union {
		__be32 ports;		/* the first 4 bytes past the IP header: TCP's and UDP's ports */
		__be16 port16[2];
	};
	__u32 ip_proto;
	__u32 pkt_type;		/* PACKET_HOST, PACKET_OUTGOING, ... (skb->pkt_type) */
	__u32 ifindex;
};

#endif
