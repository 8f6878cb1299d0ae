// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Every shape of C type `mbpf gen` maps to C#, in a map value and in globals of each data section,
 * for the round trip of tests/ManagedBpf.Tests/CodeGen: the test writes values through the generated
 * structs, and check_layout, run by BPF_PROG_TEST_RUN, compares them member by member with the C
 * layout, returning the __LINE__ of the first mismatch (0 when all match). It then writes the same
 * values itself into element 1 of `layouts` and into .bss, for the test to read back through the
 * generated structs. Nothing is attached.
 */
#include "../bpf_types.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

enum colour { COLOUR_RED = 1, COLOUR_GREEN = 2, COLOUR_BLUE = 0x80000000u }; /* unsigned, 4 bytes */
enum delta { DELTA_DOWN = -1, DELTA_NONE = 0, DELTA_UP = 1 };                /* signed, 4 bytes */
enum wide { WIDE_SMALL = 1, WIDE_BIG = 0x123456789aULL };                     /* BTF_KIND_ENUM64 */
enum __attribute__((packed)) tiny { TINY_A = 1, TINY_B = 200 };               /* 1 byte */

struct inner {
	__u16 a;
	__u8 b;
}; /* 1 byte of tail padding */

typedef struct {
	__u32 id;
} handle_t; /* anonymous, named by its typedef */

struct layout {
	__u8 u8;
	__s16 s16; /* after 1 byte of padding */
	__u32 u32;
	__s64 s64;
	char name[12];
	bool flag;
	enum colour colour;
	enum delta delta;
	enum wide wide;
	enum tiny tiny;
	unsigned int lo : 3;  /* in the int unit that enum tiny began */
	signed int mid : 7;   /* signed: sign-extends */
	unsigned int : 2;     /* unnamed: padding */
	enum delta dir : 2;   /* a signed enum bitfield */
	bool on : 1;
	__u64 big : 40;       /* in a 64-bit unit */
	struct inner inner;
	struct inner pair[2];
	__u32 grid[2][3];
	union {               /* anonymous: its members are the struct's */
		__u64 bits;
		struct {
			__u32 lo32;
			__u32 hi32;
		};
	};
	struct {
		__u8 x;
		__u8 y;
	} point;              /* a named member of an anonymous type */
	double ratio;
	__u32 *ptr;
	handle_t handle;
	unsigned __int128 huge;
	__u8 tail[0];         /* a flexible array: no bytes of its own */
};

/* Names the C# rule maps to one name, and names C# reserves. */
struct clash {
	int event;
	int Event;
	int get_type;
	int clash;
};

/* The generated class for this object is LayoutsObject; this type's name comes out the same. */
struct layouts_object {
	__u8 taken;
};

/* Packed: members off their alignment, and a bitfield across two int units. */
struct __attribute__((packed)) packed_bits {
	__u8 a;
	__u64 b;
	__u32 c : 20;
	__u32 d : 12;
	__u8 e;
};

/* In BTF only as a subprogram's parameter: generated only when asked for (--types only_named). */
struct only_named {
	__u64 a;
	__u32 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct layout);
} layouts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, struct clash);
	__type(value, struct layouts_object);
} clashes SEC(".maps");

/* Set before load through the generated spec; the verifier takes them as constants. */
const volatile __u32 rodata_scale = 1;
const volatile struct inner rodata_inner = { .a = 1, .b = 2 };
const volatile char rodata_name[8] = "none";

/* Written live through the generated object before the run; the program adds 1. */
__u64 data_counter = 7;

/* Written by the test before the run (packed_global), by the program during it (bss_layout). */
struct packed_bits packed_global;
struct layout bss_layout;
handle_t bss_handle;

/* Neighbours in .bss for the live-global test: bump_live adds 1 to live_count on each run while the test writes
 * live_note through the generated property; every increment must survive those writes. */
__u64 live_count;
__u64 live_note;

static __noinline __u64 only_named_sum(struct only_named *only)
{
	return only->a + only->b;
}

/* The values the test writes, member by member. */
static __always_inline int check(const struct layout *l)
{
	const __u64 *huge = (const __u64 *)&l->huge;
	const __u64 *ratio = (const __u64 *)&l->ratio;

	if (l->u8 != 0xa5) return __LINE__;
	if (l->s16 != -2) return __LINE__;
	if (l->u32 != 0xdeadbeef) return __LINE__;
	if (l->s64 != -3) return __LINE__;
	if (l->name[0] != 'm' || l->name[3] != 'f' || l->name[4] != 0 || l->name[11] != 0) return __LINE__;
	if (l->flag != true) return __LINE__;
	if (l->colour != COLOUR_BLUE) return __LINE__;
	if (l->delta != DELTA_DOWN) return __LINE__;
	if (l->wide != WIDE_BIG) return __LINE__;
	if (l->tiny != TINY_B) return __LINE__;
	if (l->lo != 5) return __LINE__;
	if (l->mid != -9) return __LINE__;
	if (l->dir != DELTA_DOWN) return __LINE__;
	if (l->on != true) return __LINE__;
	if (l->big != 0xabcdef0123ULL) return __LINE__;
	if (l->inner.a != 0x1234 || l->inner.b != 0x56) return __LINE__;
	if (l->pair[0].a != 7 || l->pair[1].a != 8 || l->pair[1].b != 9) return __LINE__;
	if (l->grid[0][0] != 1 || l->grid[1][2] != 6) return __LINE__;
	if (l->bits != 0x8765432112345678ULL) return __LINE__;
	if (l->point.x != 3 || l->point.y != 4) return __LINE__;
	if (*ratio != 0x3ff8000000000000ULL) return __LINE__; /* 1.5 */
	if ((__u64)l->ptr != 0xffff888000001000ULL) return __LINE__;
	if (l->handle.id != 77) return __LINE__;
	if (huge[0] != 0x1111222233334444ULL || huge[1] != 0x5555666677778888ULL) return __LINE__;
	return 0;
}

static __always_inline void fill(struct layout *l)
{
	__u64 *huge = (__u64 *)&l->huge;
	__u64 *ratio = (__u64 *)&l->ratio;

	__builtin_memset(l, 0, sizeof(*l));
	l->u8 = 0xa5;
	l->s16 = -2;
	l->u32 = 0xdeadbeef;
	l->s64 = -3;
	l->name[0] = 'm';
	l->name[1] = 'b';
	l->name[2] = 'p';
	l->name[3] = 'f';
	l->flag = true;
	l->colour = COLOUR_BLUE;
	l->delta = DELTA_DOWN;
	l->wide = WIDE_BIG;
	l->tiny = TINY_B;
	l->lo = 5;
	l->mid = -9;
	l->dir = DELTA_DOWN;
	l->on = true;
	l->big = 0xabcdef0123ULL;
	l->inner.a = 0x1234;
	l->inner.b = 0x56;
	l->pair[0].a = 7;
	l->pair[1].a = 8;
	l->pair[1].b = 9;
	l->grid[0][0] = 1;
	l->grid[1][2] = 6;
	l->lo32 = 0x12345678;
	l->hi32 = 0x87654321;
	l->point.x = 3;
	l->point.y = 4;
	*ratio = 0x3ff8000000000000ULL;
	l->ptr = (__u32 *)0xffff888000001000ULL;
	l->handle.id = 77;
	huge[0] = 0x1111222233334444ULL;
	huge[1] = 0x5555666677778888ULL;
}

SEC("raw_tp/sys_enter")
int check_layout(void *ctx)
{
	struct only_named only = { .a = 1, .b = 2 };
	__u32 key = 0;
	struct layout *l;
	int line;

	l = bpf_map_lookup_elem(&layouts, &key);
	if (!l)
		return __LINE__;
	line = check(l);
	if (line)
		return line;
	if (rodata_scale != 3 || rodata_inner.a != 0x4321 || rodata_inner.b != 0x65) return __LINE__;
	if (rodata_name[0] != 's' || rodata_name[1] != 'e' || rodata_name[2] != 't' || rodata_name[3] != 0) return __LINE__;
	if (packed_global.a != 0x11 || packed_global.b != 0x2233445566778899ULL) return __LINE__;
	if (packed_global.c != 0xabcde || packed_global.d != 0xf12 || packed_global.e != 0x34) return __LINE__;
	if (only_named_sum(&only) != 3) return __LINE__;

	fill(&bss_layout);
	key = 1;
	l = bpf_map_lookup_elem(&layouts, &key);
	if (!l)
		return __LINE__;
	fill(l);
	bss_handle.id = 99;
	data_counter += 1;
	return 0;
}

SEC("raw_tp/sys_enter")
int bump_live(void *ctx)
{
	__sync_fetch_and_add(&live_count, 1);
	return 0;
}
