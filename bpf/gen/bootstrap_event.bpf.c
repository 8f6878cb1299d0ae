// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * bootstrap.bpf.c with its ring buffer record, struct event (bootstrap.h), in the object's BTF, for
 * samples/GenDemo. clang writes BTF for the types of globals, maps and functions only, and
 * bootstrap.bpf.c uses struct event through pointer locals alone; this global pointer, unused, as
 * cilium/ebpf's examples anchor their records, puts it there, and `mbpf gen --types event` declares
 * it. The same line in bootstrap.bpf.c would let ProcTracer use the generated struct.
 */
#include "../bootstrap.bpf.c"

const struct event *unused_event __attribute__((unused));
