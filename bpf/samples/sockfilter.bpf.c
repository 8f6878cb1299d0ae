// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-bootstrap's sockfilter, for samples/SockFilter: a socket filter on a raw AF_PACKET socket that
 * sends each unfragmented IPv4 packet's addresses, ports, protocol, packet type and interface to user space
 * through the ring buffer rb, and lets the packet through to the socket.
 */
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "sockfilter.h"

#define IP_MORE_FRAGMENTS 0x2000
#define IP_FRAGMENT_OFFSET 0x1fff

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* Anchors struct so_event in the object's BTF for the generated C# (docs/codegen.md). */
const struct so_event *unused_so_event __attribute__((unused));

/* Only a first fragment holds the ports; a packet with either bit is not looked into. */
static int is_fragment(struct __sk_buff *skb, __u32 offset)
{
	__u16 frag_off;

	bpf_skb_load_bytes(skb, offset + offsetof(struct iphdr, frag_off), &frag_off, sizeof(frag_off));
	return bpf_ntohs(frag_off) & (IP_MORE_FRAGMENTS | IP_FRAGMENT_OFFSET);
}

SEC("socket")
int socket_handler(struct __sk_buff *skb)
{
	__u32 ip = ETH_HLEN;
	struct so_event *e;
	__u16 ethertype;
	__u8 version_ihl;

	/* A socket filter sees the packet from its Ethernet header on: bytes 12-13 are the EtherType. */
	bpf_skb_load_bytes(skb, offsetof(struct ethhdr, h_proto), &ethertype, sizeof(ethertype));
	if (bpf_ntohs(ethertype) != ETH_P_IP || is_fragment(skb, ip))
		return 0;
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e)
		return 0;
	bpf_skb_load_bytes(skb, ip + offsetof(struct iphdr, protocol), &e->ip_proto, 1);
	/* GRE carries no addresses user space prints (as the C example: the fields stay as reserved). */
	if (e->ip_proto != IPPROTO_GRE) {
		bpf_skb_load_bytes(skb, ip + offsetof(struct iphdr, saddr), &e->src_addr, 4);
		bpf_skb_load_bytes(skb, ip + offsetof(struct iphdr, daddr), &e->dst_addr, 4);
	}
	bpf_skb_load_bytes(skb, ip, &version_ihl, 1);
	bpf_skb_load_bytes(skb, ip + ((version_ihl & 0xf) << 2), &e->ports, 4);
	e->pkt_type = skb->pkt_type;
	e->ifindex = skb->ifindex;
	bpf_ringbuf_submit(e, 0);
	/* The whole packet reaches the socket. */
	return skb->len;
}
