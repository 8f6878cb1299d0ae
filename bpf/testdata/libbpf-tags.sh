#!/usr/bin/env bash
# Loads BPF objects with libbpf (through bpftool) and prints the kernel's tag of each program:
#   bpf/testdata/libbpf-tags.sh OBJ...      ->  one line per program: OBJFILE PROGNAME TAG
# OBJFILE is the object's file name, PROGNAME the program's (function) name, TAG the 16 hex
# digits the kernel computed over the instructions libbpf loaded. This is the oracle of the
# differential test tests/ManagedBpf.Tests/Corpus/CorpusTagTests.cs.
# Needs root and bpftool. Mounts bpffs on /sys/fs/bpf if it is not there, pins each object's
# programs in a fresh directory just long enough to read them, and removes the pins again
# (so nothing stays loaded). libbpf also pins maps declared with LIBBPF_PIN_BY_NAME at
# /sys/fs/bpf/MAPNAME while loading; such a pin that the load created (absent before, and a map
# the loaded programs use) is removed as well. Any failure is fatal: non-zero exit and libbpf's
# log on stderr.
# With LIBBPF_LOG_DIR=DIR, libbpf's debug log of each load (CO-RE decisions, subprogram
# appends, verifier log) is also saved as DIR/OBJFILE.log.
set -euo pipefail

die() { echo "libbpf-tags.sh: $*" >&2; exit 1; }

[[ $# -ge 1 ]] || die "usage: libbpf-tags.sh OBJ..."
command -v bpftool >/dev/null || die "bpftool not found (apt-get install bpftool)"
[[ $(id -u) == 0 ]] || die "must run as root (loading BPF programs)"

bpffs=/sys/fs/bpf
if [[ $(stat -f -c %T "$bpffs" 2>/dev/null) != bpf_fs ]]; then
  mkdir -p "$bpffs"
  mount -t bpf bpf "$bpffs" || die "cannot mount bpffs on $bpffs"
fi

pindir=
log=$(mktemp)
cleanup() {
  [[ -n $pindir ]] && rm -rf "$pindir"
  rm -f "$log"
}
trap cleanup EXIT

for obj in "$@"; do
  [[ -f $obj ]] || die "$obj: no such file"
  name=$(basename "$obj")
  pindir="$bpffs/corpus_tags_$$_$RANDOM"  # bpffs refuses names with a dot
  mkdir "$pindir" || die "cannot create $pindir"
  before=$(ls -A "$bpffs")
  debug=()
  [[ -n ${LIBBPF_LOG_DIR:-} ]] && debug=(-d)
  if ! bpftool "${debug[@]}" prog loadall "$obj" "$pindir" >"$log" 2>&1; then
    cat "$log" >&2
    die "$obj: bpftool prog loadall failed (libbpf's log above)"
  fi
  if [[ -n ${LIBBPF_LOG_DIR:-} ]]; then
    mkdir -p "$LIBBPF_LOG_DIR"
    cp "$log" "$LIBBPF_LOG_DIR/$name.log"
  fi
  count=0
  map_ids=" "
  for pin in "$pindir"/*; do
    [[ -e $pin ]] || continue
    # "ID: TYPE  name NAME  tag TAG  gpl ..." (NAME is the kernel's, cut to 15 characters;
    # the pin is named after the whole function name, so that is what we print)
    line=$(bpftool prog show pinned "$pin") || die "$obj: bpftool prog show pinned $pin failed"
    tag=$(sed -n 's/.* tag \([0-9a-f]\{16\}\)\b.*/\1/p' <<<"$line" | head -n1)
    [[ -n $tag ]] || die "$obj: no tag in: $line"
    echo "$name $(basename "$pin") $tag"
    map_ids+="$(sed -n 's/.*map_ids \([0-9,]*\).*/\1/p' <<<"$line" | tr ',' ' ') "
    count=$((count + 1))
  done
  [[ $count -gt 0 ]] || die "$obj: bpftool pinned no programs"
  while IFS= read -r entry; do
    [[ -n $entry && -f $bpffs/$entry ]] || continue
    grep -qxF -- "$entry" <<<"$before" && continue
    id=$(bpftool map show pinned "$bpffs/$entry" 2>/dev/null | sed -n '1s/^\([0-9]*\):.*/\1/p') || continue
    [[ -n $id && $map_ids == *" $id "* ]] && rm -f "$bpffs/$entry"
  done < <(ls -A "$bpffs")
  rm -rf "$pindir"
  pindir=
done
