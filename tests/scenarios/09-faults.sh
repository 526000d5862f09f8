#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fault injection: every allocation of creating a bridge, enslaving a port
# and each command of the lbridge family fails in turn (fail-nth, with
# failslab and fail_page_alloc), and learning runs while half of all
# atomic allocations fail. Every attempt ends in a clean error or a
# success, nothing is left half-done, and the module unloads with
# kmemleak clean (the VM runner scans it). Only the debug kernel has
# fault injection; elsewhere this says so and counts nothing.
#
#   netns lbt-f                                    netns lbt-fc (a container)
#     lbf1: created and deleted, failing each site
#     lbf0 (lbridge, up)
#      |--- vf1 ---------------------------------- cf1  sends fresh source MACs
#      |--- vf2 ---------------------------------- cf2
#      :    vf3 (MTU 1400): enslaved and released, failing each site; the
#           bridge's MTU follows it down and back up
#                  ------------------------------- cf3
#
# The short form tries up to 50 sites of each operation: all of them, but
# for bridge creation, where it stays in the first half: further on, IPv4
# registers the device's sysctls, and the core dumps a stack when an
# allocation fails there (a report the VM runner would count). FAULTS=full
# (make faults) tries every site and sends ten times the frames.
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

if [ ! -d /sys/kernel/debug/failslab ] || [ ! -d /sys/kernel/debug/fail_page_alloc ] ||
	[ ! -e /proc/self/fail-nth ]; then
	say "skipped: no fault injection in this kernel"
	exit 0
fi

f=${NS_PREFIX}f fc=${NS_PREFIX}fc
setup() {
	local ns
	ip netns add "$f" && ip netns add "$fc" || return
	for ns in "$f" "$fc"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || return
	done
	ip -n "$f" -batch - <<-EOF || return
		link add lbf0 type lbridge
		link add vf1 type veth peer name cf1 netns $fc
		link add vf2 type veth peer name cf2 netns $fc
		link add vf3 type veth peer name cf3 netns $fc
		link set vf1 master lbf0
		link set vf2 master lbf0
		link set lbf0 up
		link set vf1 up
		link set vf2 up
		link set vf3 mtu 1400 up
	EOF
	ip -n "$fc" -batch - <<-EOF
		link set cf1 up
		link set cf2 up
		link set cf3 up
	EOF
}

# del_namespaces NS...: each goes, with whatever it holds.
del_namespaces() {
	local ns
	for ns; do ip netns del "$ns" || return; done
}

check "module loads" load_module
check "a bridge with two ports and a spare veth, in their own namespaces" setup

args=(--tap "$scenario")
[ "${FAULTS:-short}" = full ] && args+=(--full)
start=$SECONDS
/usr/bin/python3 "$(dirname "$0")/../faults/faults.py" "${args[@]}" "$f" "$fc" ||
	failures=$((failures + 1))
say "fault injection took $((SECONDS - start)) s (${LBRIDGE_KERNEL:-unknown} kernel)"

check "the namespaces go, with the bridge and its ports" \
	del_namespaces "$f" "$fc"
check "the module unloads" rmmod lbridge

finish
