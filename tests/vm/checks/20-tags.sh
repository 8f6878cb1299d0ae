# vm-files: bpf/testdata/*.bpf.o bpf/testdata/arm64/*.bpf.o bpf/testdata/libbpf-tags.sh
# Every corpus object is loaded by libbpf (bpftool, through the host tests' oracle libbpf-tags.sh) and by
# mbpf load, and each program must get the same kernel tag from both: the same instructions reached this
# kernel. An object this kernel refuses to both loaders is agreement too, but only a refusal: bpftool's
# loadall failing and mbpf's status 1 (a BpfException, the kernel's or the loader's "cannot here"), not a
# malformed-object status or a script error. The line says what each said. On arm64 the objects that read
# pt_regs are taken from their arm64 build (bpf/testdata/arm64/, see bpf/build.sh): the x86 build's register
# names do not exist there, so both loaders would only agree in refusing it.
source /vm/lib.sh

corpus=/vm/repo/bpf/testdata
for obj in "$corpus"/*.bpf.o; do
  name=tags-$(basename "$obj" .bpf.o)
  if [[ $(uname -m) == aarch64 && -f $corpus/arm64/$(basename "$obj") ]]; then
    obj=$corpus/arm64/$(basename "$obj")
    name+=-arm64
  fi
  libbpf_status=0 mbpf_status=0
  libbpf=$(bash "$corpus/libbpf-tags.sh" "$obj" 2>/tmp/libbpf.err) || libbpf_status=$?
  # mbpf pins maps declared LIBBPF_PIN_BY_NAME in /sys/fs/bpf and leaves them (as libbpf does); remove
  # those it created so the next object starts as the first did.
  pins_before=$(ls -A /sys/fs/bpf)
  ours=$(mbpf load "$obj" 2>/tmp/mbpf.err) || mbpf_status=$?
  for pin in /sys/fs/bpf/*; do
    [[ -e $pin ]] || continue
    grep -qxF -- "$(basename "$pin")" <<<"$pins_before" || rm -rf "$pin"
  done

  libbpf=$(awk '{ print $2, tolower($3) }' <<<"$libbpf" | sort)
  ours=$(awk 'NF { print $1, tolower($2) }' <<<"$ours" | sort)
  # libbpf's reason: its lines naming the program or extern that failed, not the generic ones after them.
  libbpf_said=$(grep -E '^libbpf: ' /tmp/libbpf.err | grep -vE 'failed to load object|failed to load BPF skeleton' |
    grep -iE 'fail|not found|invalid|unsupported|unknown' | head -n2 | tr '\n' ' ' || true)
  mbpf_said=$(tail -n1 /tmp/mbpf.err)
  libbpf_refused=$(grep -c 'bpftool prog loadall failed' /tmp/libbpf.err || true)
  if ((libbpf_status != 0 && libbpf_refused == 0)); then
    fail "$name" "libbpf-tags.sh failed (status $libbpf_status) before loading: $(tail -n2 /tmp/libbpf.err | tr '\n' ' ')"
  elif ((libbpf_status != 0 && mbpf_status != 0 && mbpf_status != 1)); then
    fail "$name" "libbpf refuses, mbpf fails with status $mbpf_status (not a refusal): $mbpf_said"
  elif ((libbpf_status != 0 && mbpf_status != 0)); then
    pass "$name" "both refuse; libbpf: ${libbpf_said:-$(tail -n1 /tmp/libbpf.err)}; mbpf: $mbpf_said"
  elif ((libbpf_status != 0)); then
    fail "$name" "libbpf refuses, mbpf loads ($(wc -l <<<"$ours") programs); libbpf: ${libbpf_said:-$(tail -n1 /tmp/libbpf.err)}"
  elif ((mbpf_status != 0)); then
    fail "$name" "mbpf refuses (status $mbpf_status), libbpf loads ($(wc -l <<<"$libbpf") programs); mbpf: $mbpf_said"
  elif [[ $libbpf == "$ours" ]]; then
    pass "$name" "$(wc -l <<<"$ours") programs, equal tags"
  else
    fail "$name" "tags differ: $(diff <(echo "$libbpf") <(echo "$ours") | grep '^[-+][^-+]' | sed 's/^-/libbpf /; s/^+/mbpf /' | tr '\n' ';')"
  fi
done
