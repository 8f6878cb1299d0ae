#!/bin/sh
# Rebuilds the CO-RE test objects. Pinned to clang-19 (the version the committed .o files came from).
set -eu
cd "$(dirname "$0")"
for src in *.bpf.c; do
	clang-19 -g -O2 -Wall -target bpf -D__TARGET_ARCH_x86 -c "$src" -o "${src%.c}.o"
done
