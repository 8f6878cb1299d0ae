#!/usr/bin/env bash
# attach-compare.sh MBPF: mbpf run against libbpf on bpf/testdata/attach_kinds.bpf.o, for the same events.
# Sets up what the object's programs attach to (two network namespaces joined by a veth pair, a cgroup v2
# directory, the workload AttachTarget.c built as mbpf_target), then for each loader (mbpf run, and
# libbpf-run.c on Debian's libbpf) attaches everything, runs the workload, sends UDP datagrams both ways
# over the veth, stops the loader with SIGTERM and keeps its "NAME = VALUE" lines. Prints both sets and
# exits 0 only when every count equals the workload's (perf_event samples: non-zero) for both loaders,
# and nothing either loader made is left: no XDP program or clsact qdisc on the veth, no program on the
# cgroup, no tracefs instance or uprobe event of ours. Root, gcc, libbpf-dev, systemtap-sdt-dev, iproute2.
set -euo pipefail
mbpf=${1:?usage: attach-compare.sh MBPF}
root=$(cd "$(dirname "$0")/../../.." && pwd)
object=$root/bpf/testdata/attach_kinds.bpf.o
rounds=5 datagrams=3
id=$$_$RANDOM
scratch=$(mktemp -d)
ns_a=mbpf_a_$id ns_b=mbpf_b_$id
veth_a=mba$((RANDOM % 100000)) veth_b=mbb$((RANDOM % 100000))
subnet=10.$((200 + RANDOM % 50)).$((RANDOM % 250)).
cgroup=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)/mbpf_compare_$id

cleanup() {
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  [[ -d $cgroup ]] && rmdir "$cgroup" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

gcc -O2 -o "$scratch/mbpf_target" "$root/tests/ManagedBpf.Tests/Links/AttachTarget.c"
cc -O1 -o "$scratch/libbpf-run" "$root/bpf/testdata/libbpf-run.c" -lbpf
ip netns add "$ns_a"
ip netns add "$ns_b"
ip link add "$veth_a" netns "$ns_a" type veth peer name "$veth_b" netns "$ns_b"
ip -n "$ns_a" addr add "${subnet}1/30" dev "$veth_a"
ip -n "$ns_b" addr add "${subnet}2/30" dev "$veth_b"
ip -n "$ns_a" link set "$veth_a" up
ip -n "$ns_b" link set "$veth_b" up
mkdir "$cgroup"

targets=(--attach "on_add=$scratch/mbpf_target:mbpf_target_add" --attach "on_add_return=$scratch/mbpf_target:mbpf_target_add"
  --attach "on_tick=$scratch/mbpf_target:mbpf_test:tick" --attach "count_xdp=$veth_a" --attach "count_tc=$veth_a:egress"
  --attach "count_egress=$cgroup" --attach "on_sample=cpu-clock")

# run NAME COMMAND...: the loader in namespace A (for the interface names), the workload, the datagrams.
run() {
  local name=$1 out=$scratch/$1.out
  shift
  nsenter --net="/run/netns/$ns_a" "$@" "$object" "${targets[@]}" >"$out" 2>"$scratch/$name.err" &
  local loader=$!
  last_loader=$loader
  for _ in $(seq 300); do grep -q '^running$' "$out" && break; kill -0 $loader 2>/dev/null || break; sleep 0.1; done
  grep -q '^running$' "$out" || { echo "$name did not attach:"; cat "$scratch/$name.err"; return 1; }
  sh -c "echo \$\$ >'$cgroup/cgroup.procs'; exec '$scratch/mbpf_target' $rounds" >"$scratch/$name.workload"
  for _ in $(seq $datagrams); do
    ip netns exec "$ns_a" bash -c "echo x >/dev/udp/${subnet}2/7777"
    ip netns exec "$ns_b" bash -c "echo x >/dev/udp/${subnet}1/7777"
  done
  sleep 0.3
  # SIGTERM, not SIGINT: a non-interactive shell starts background jobs with SIGINT ignored.
  kill -TERM $loader
  wait $loader || { echo "$name failed:"; cat "$scratch/$name.err"; return 1; }
  echo "== $name: $(cat "$scratch/$name.workload")"
  grep -E '^(iter .*|[a-z_]+ = [0-9-]+)$' "$out"
}

check() {
  local name=$1 status=0 line
  local -A expected=([uprobe_calls]=$rounds [uretprobe_calls]=$rounds [usdt_calls]=$rounds [raw_tp_calls]=$rounds
    [tp_btf_calls]=$rounds [tp_calls]=$rounds [uprobe_arg_sum]=$((rounds * 100 + rounds * (rounds - 1) / 2))
    [uretprobe_sum]=$((rounds * 100 + rounds * (rounds - 1) / 2)) [usdt_arg_sum]=$((10 * rounds * (rounds - 1) / 2))
    [xdp_packets]=$datagrams [tc_packets]=$datagrams [cgroup_datagrams]=$rounds)
  for variable in "${!expected[@]}"; do
    line=$(grep "^$variable = " "$scratch/$name.out" || true)
    [[ $line == "$variable = ${expected[$variable]}" ]] || { echo "$name: '$line', expected $variable = ${expected[$variable]}"; status=1; }
  done
  grep -qE '^perf_samples = [1-9]' "$scratch/$name.out" || { echo "$name: no perf_event samples"; status=1; }
  grep -q '^iter each_task: pid 2 kthreadd$' "$scratch/$name.out" || { echo "$name: no iterator line for kthreadd"; status=1; }
  grep -q 'semaphore_seen 0' "$scratch/$name.workload" && { echo "$name: the USDT semaphore was never set"; status=1; }
  return $status
}

leftovers() {
  local found=0
  ip -n "$ns_a" link show "$veth_a" | grep -q 'xdp' && { echo "an XDP program is left on $veth_a"; found=1; }
  ip netns exec "$ns_a" tc qdisc show dev "$veth_a" | grep -q clsact && { echo "a clsact qdisc is left on $veth_a"; found=1; }
  [[ -n $(bpftool cgroup show "$cgroup" 2>/dev/null | tail -n +2) ]] && { echo "a program is left on $cgroup"; found=1; }
  # Only the loader's own (mbpf_PID_...): other programs on the library, tests running beside this one, have theirs.
  ls /sys/kernel/tracing/instances 2>/dev/null | grep -q "^mbpf_${last_loader}_" && { echo "a tracefs instance of mbpf is left"; found=1; }
  grep -q 'mbpf_target' /sys/kernel/tracing/uprobe_events 2>/dev/null && { echo "a uprobe event is left"; found=1; }
  return $found
}

status=0
run mbpf "$mbpf" run || status=1
leftovers || status=1
run libbpf "$scratch/libbpf-run" || status=1
leftovers || status=1
check mbpf || status=1
check libbpf || status=1
exit $status
