#!/usr/bin/env bash
# Loads BPF objects with libbpf and prints the kernel's tag of each program:
#   bpf/testdata/libbpf-tags.sh OBJ...      ->  one line per program: OBJFILE PROGNAME TAG
# OBJFILE is the object's file name, PROGNAME the program's (function) name, TAG the 16 hex
# digits the kernel computed over the instructions libbpf loaded. This is the oracle of the
# differential test tests/ManagedBpf.Tests/Corpus/CorpusTagTests.cs.
# Each object is loaded whole by bpf_object__load in libbpf-load.c (built here against Debian's
# libbpf-dev), so SEC("?...") programs stay unloaded as libbpf leaves them (bpftool 7.1's
# `prog loadall` would fail to pin them). Nothing stays loaded; a map pinned by name
# (LIBBPF_PIN_BY_NAME, at /sys/fs/bpf/MAPNAME) whose pin the load created is unpinned again.
# Needs root, cc and libbpf-dev. Any failure is fatal: non-zero exit and libbpf's log on stderr.
# With LIBBPF_LOG_DIR=DIR, libbpf's debug log of each load (CO-RE decisions, subprogram
# appends, verifier log) is also saved as DIR/OBJFILE.log.
set -euo pipefail

die() { echo "libbpf-tags.sh: $*" >&2; exit 1; }

[[ $# -ge 1 ]] || die "usage: libbpf-tags.sh OBJ..."
[[ $(id -u) == 0 ]] || die "must run as root (loading BPF programs)"

bpffs=/sys/fs/bpf
if [[ $(stat -f -c %T "$bpffs" 2>/dev/null) != bpf_fs ]]; then
  mkdir -p "$bpffs"
  mount -t bpf bpf "$bpffs" || die "cannot mount bpffs on $bpffs"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cc -O1 -o "$scratch/libbpf-load" "$(dirname "$0")/libbpf-load.c" -lbpf \
  || die "cannot build libbpf-load (cc, libbpf-dev)"

for obj in "$@"; do
  [[ -f $obj ]] || die "$obj: no such file"
  name=$(basename "$obj")
  debug=()
  [[ -n ${LIBBPF_LOG_DIR:-} ]] && debug=(env LIBBPF_LOAD_DEBUG=1)
  if ! "${debug[@]}" "$scratch/libbpf-load" "$obj" >"$scratch/tags" 2>"$scratch/log"; then
    cat "$scratch/log" >&2
    die "$obj: libbpf refused to load it (libbpf's log above)"
  fi
  if [[ -n ${LIBBPF_LOG_DIR:-} ]]; then
    mkdir -p "$LIBBPF_LOG_DIR"
    cp "$scratch/log" "$LIBBPF_LOG_DIR/$name.log"
  fi
  [[ -s $scratch/tags ]] || die "$obj: libbpf loaded no programs"
  sed "s/^/$name /" "$scratch/tags"
done
