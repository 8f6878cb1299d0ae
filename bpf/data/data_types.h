/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The map types, flags and helper arguments the data-plane test objects use beyond bpf/bpf_types.h (the values of
 * include/uapi/linux/bpf.h), and the value layouts the kernel prescribes for some map types. */
#ifndef __DATA_TYPES_H__
#define __DATA_TYPES_H__

#include "../bpf_types.h"

enum {
	BPF_MAP_TYPE_PROG_ARRAY = 3,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	BPF_MAP_TYPE_PERCPU_HASH = 5,
	BPF_MAP_TYPE_STACK_TRACE = 7,
	BPF_MAP_TYPE_LRU_PERCPU_HASH = 10,
	BPF_MAP_TYPE_LPM_TRIE = 11,
	BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	BPF_MAP_TYPE_HASH_OF_MAPS = 13,
	BPF_MAP_TYPE_DEVMAP = 14,
	BPF_MAP_TYPE_CPUMAP = 16,
	BPF_MAP_TYPE_XSKMAP = 17,
	BPF_MAP_TYPE_CGROUP_STORAGE = 19,
	BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE = 21,
	BPF_MAP_TYPE_QUEUE = 22,
	BPF_MAP_TYPE_STACK = 23,
	BPF_MAP_TYPE_SK_STORAGE = 24,
	BPF_MAP_TYPE_INODE_STORAGE = 28,
	BPF_MAP_TYPE_TASK_STORAGE = 29,
	BPF_MAP_TYPE_BLOOM_FILTER = 30,
	BPF_MAP_TYPE_CGRP_STORAGE = 32,
};

#define BPF_F_NO_PREALLOC (1U << 0)
#define BPF_F_CURRENT_CPU 0xffffffffULL

struct __sk_buff;

#endif /* __DATA_TYPES_H__ */
