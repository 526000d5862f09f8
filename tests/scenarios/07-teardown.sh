#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every way a bridge ends: deleted with ports of mixed MTUs, its namespace
# deleted under it, the module removed while traffic flows in several
# namespaces, a port's veth deleted from the container's end mid-ping, and
# a namespace's only device deleted under a listening monitor.
#
#   (1) lb-t1 -- lbt-a (MTU 1400), lbt-b (MTU 1500); ip link del lb-t1
#       while `ip monitor` records
#   (2) netns lbt-tn: lb-t2 -- lbt-r1, lbt-r2 -- eth0 of lbt-tc1, lbt-tc2
#                     (pinging each other); lbt-r9 (peer beside it)
#       ip netns del lbt-tn
#   (3) root:         lb-t3 -- lbt-r3, lbt-r4 -- lbt-tc3, lbt-tc4 (pinging)
#       netns lbt-tm:  lb-t4 -- lbt-r5, lbt-r6 -- lbt-tc5, lbt-tc6 (pinging)
#       netns lbt-tm2: lb-t5 -- lbt-r8 (peer beside it)
#       rmmod lbridge; insmod; lb-t3 again
#   (4) lb-t3 -- lbt-r7 -- lbt-tc7: tc7's eth0 deleted while tc3 and tc7
#       ping each other
#   (5) netns lbt-to: lb-t6, its only device; lbrctl monitor listening
#       there; ip link del lb-t6
#
# Each command costs a good fraction of a second under the debug kernel:
# setups go through `ip -batch`, and what sysfs shows is read there.
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

lbrctl=$PWD/tools/lbrctl
ping=$(type -P ping)
echo "lbridge-teardown: start" >/dev/kmsg

# containers NS BRIDGE PREFIX N...: containers lbt-tcN, each with eth0 at
# PREFIX.N/24 paired with port lbt-rN of BRIDGE in namespace NS ("root" or
# a named one).
containers() {
	local ns=$1 br=$2 prefix=$3 n
	shift 3
	for n; do echo "netns add lbt-tc$n"; done | ip -batch - || return
	for n; do
		echo "link add lbt-r$n type veth peer name eth0 netns lbt-tc$n"
		echo "link set lbt-r$n master $br up"
	done | if [ "$ns" = root ]; then ip -batch -; else ip -n "$ns" -batch -; fi || return
	for n; do
		printf 'link set lo up\naddr add %s/24 dev eth0\nlink set eth0 up\n' "$prefix.$n" |
			ip -n "lbt-tc$n" -batch - || return
	done
}
# bridge_in NS BRIDGE [PORT]: a new namespace with a bridge, up, and a port
# whose veth peer is beside it.
bridge_in() {
	ip netns add "$1" && {
		echo "link add $2 type lbridge"
		echo "link set $2 up"
		[ $# -lt 3 ] || printf 'link add %s type veth peer name %sp\nlink set %s master %s up\nlink set %sp up\n' \
			"$3" "$3" "$3" "$2" "$3"
	} | ip -n "$1" -batch -
}
# in_tc N CMD...: run CMD in container lbt-tcN (busybox nsenter: static,
# cheaper to start than ip netns exec).
in_tc() { local n=$1; shift; busybox nsenter --net="/run/netns/lbt-tc$n" "$@"; }
pings() { in_tc "$1" "$ping" -c 1 -W 1 "$2" >/dev/null; }
# Every lbridge device, as NS:NAME, in the root namespace and every named one.
lbridge_devices() {
	local ns
	for ns in root $(ip netns list | awk '{print $1}'); do
		if [ "$ns" = root ]; then ip -o link show type lbridge; else ip -n "$ns" -o link show type lbridge; fi |
			awk -v ns="$ns" '{ sub(/:$/, "", $2); print ns ":" $2 }'
	done
}
nsid_listed() { ip netns list-id | grep -qE "^nsid $1( |\$)"; }
nsid_gone() { ! nsid_listed "$1"; }
netns_listed() { ip netns list | grep -qE "^$1( |\$)"; }
gone() { ! link_exists "$@"; }
has_master() { [ -e "/sys/class/net/$1/master" ]; }
alive() { local pid; for pid; do kill -0 "$pid" 2>/dev/null || return; done; }
tx_above() { [ "$(<"/sys/class/net/$1/statistics/tx_packets")" -gt "$2" ]; }
learned_on() { "$lbrctl" -j fdb show "$1" dev "$2" | jq -e 'any(.[]; .state == "")' >/dev/null; }

quiet_ipv6
check "module loads" load_module

say "(1) ip link del of a bridge whose ports have MTUs 1400 and 1500"
# Ports leave in the order they came: the MTU 1400 one first, which would
# raise the dying bridge's MTU to 1500 if anything still adjusted it.
check "lb-t1 with a port of MTU 1400, then one of MTU 1500" ip -batch - <<-EOF
	link add lbt-a mtu 1400 type veth peer name lbt-ap mtu 1400
	link add lbt-b type veth peer name lbt-bp
	link add lb-t1 type lbridge
	link set lbt-a master lb-t1 up
	link set lbt-b master lb-t1 up
	link set lb-t1 up
	link add lbt-mark type veth peer name lbt-markp
EOF
expect_eq "lb-t1's MTU follows its smallest port" 1400 "$(</sys/class/net/lb-t1/mtu)"
index=$(</sys/class/net/lb-t1/ifindex)
mon=$(mktemp)
ip -o monitor link netconf >"$mon" 2>&1 &
monitor=$!
# Markers on either side of the deletion: what the monitor printed between
# them is everything the deletion announced. The first is changed until
# the monitor, which may not have subscribed yet, reports it.
# (An MTU change is announced whether the device is up or not.)
mark() { ip link set lbt-mark mtu $((1280 + RANDOM % 200)) && grep -q lbt-mark "$mon"; }
wait_for "ip monitor is listening" 60 mark
check "ip link del lb-t1 completes" timeout 60 ip link del lb-t1
check "lb-t1 is gone" gone lb-t1
check "its ports are left, without a master" eval '! has_master lbt-a && ! has_master lbt-b'
ip link del lbt-mark
wait_for "ip monitor saw everything up to the deletion" 60 grep -q 'Deleted.*lbt-mark' "$mon"
kill "$monitor"
# Lines about lb-t1 (named, or by index once its name is gone), without
# the "[LINK]" prefix some versions print.
about=$(sed 's/^\[[A-Z]*\]//' "$mon" | grep -E "(^|[ :])(lb-t1|if$index)([ :@]|$)")
say "ip monitor, about lb-t1:" "$about"
check "the deletion of lb-t1 was announced" grep -q "^Deleted $index: lb-t1:" <<<"$about"
expect_eq "no RTM_NEWLINK with another MTU for the dying lb-t1" "" \
	"$(grep -E "^$index: lb-t1" <<<"$about" | grep -v ' mtu 1400 ')"
expect_eq "no IPv4/IPv6 device state re-created on the dying lb-t1 (RTM_NEWNETCONF)" "" \
	"$(grep -E '^inet6? ' <<<"$about")"
rm -f "$mon"
ip -batch - <<<$'link del lbt-a\nlink del lbt-b'

say "(2) a namespace holding a bridge and ports is deleted"
check "netns lbt-tn with lb-t2 and a port whose peer is beside it" bridge_in lbt-tn lb-t2 lbt-r9
check "lbt-tn gets nsid 77" ip netns set lbt-tn 77
check "containers lbt-tc1 and lbt-tc2 attached from their own namespaces" \
	containers lbt-tn lb-t2 10.78.0 1 2
wait_for "tc1 pings tc2 across lb-t2" 60 pings 1 10.78.0.2
in_tc 1 "$ping" -q -i 0.05 -w 900 10.78.0.2 >/dev/null 2>&1 &
pinger=$!
check "tc1 is still pinging tc2" alive "$pinger"
check "ip netns del lbt-tn" timeout 60 ip netns del lbt-tn
check "lbt-tn is no longer listed" eval '! netns_listed lbt-tn'
wait_for "the namespace is torn down (its nsid 77 is gone)" 120 nsid_gone 77
wait_for "lbt-tc1's end of its port is gone with it" 120 gone eth0 -n lbt-tc1
wait_for "and lbt-tc2's" 120 gone eth0 -n lbt-tc2
expect_eq "no lbridge device is left anywhere" "" "$(lbridge_devices)"
kill "$pinger" 2>/dev/null
wait "$pinger" 2>/dev/null
ip -batch - <<<$'netns del lbt-tc1\nnetns del lbt-tc2'

say "(3) rmmod with bridges in three namespaces and traffic flowing"
check "lb-t3 in the root namespace" ip -batch - <<<$'link add lb-t3 type lbridge\nlink set lb-t3 up'
check "containers lbt-tc3 and lbt-tc4 on it" containers root lb-t3 10.79.0 3 4
check "netns lbt-tm with lb-t4" bridge_in lbt-tm lb-t4
check "containers lbt-tc5 and lbt-tc6 on it" containers lbt-tm lb-t4 10.79.1 5 6
check "netns lbt-tm2 with lb-t5 and a port" bridge_in lbt-tm2 lb-t5 lbt-r8
wait_for "tc3 pings tc4 across lb-t3" 60 pings 3 10.79.0.4
wait_for "tc5 pings tc6 across lb-t4" 60 pings 5 10.79.1.6
in_tc 3 "$ping" -q -i 0.02 -w 900 10.79.0.4 >/dev/null 2>&1 &
ping34=$!
in_tc 5 "$ping" -q -i 0.02 -w 900 10.79.1.6 >/dev/null 2>&1 &
ping56=$!
tx=$(</sys/class/net/lbt-r4/statistics/tx_packets)
wait_for "pings are crossing lb-t3" 60 tx_above lbt-r4 $((tx + 5))
check "both pingers are still running" alive "$ping34" "$ping56"
check "rmmod lbridge succeeds" timeout 120 rmmod lbridge
check "the module is unloaded" eval '! module_loaded'
check "lb-t3, lb-t4 and lb-t5 are gone" eval 'gone lb-t3 && gone lb-t4 -n lbt-tm && gone lb-t5 -n lbt-tm2'
check "the ports are left, without a master" eval '! has_master lbt-r3 && ! has_master lbt-r4'
expect_eq "and so are those in lbt-tm and lbt-tm2" "null null" \
	"$(link_field lbt-r6 .master -n lbt-tm) $(link_field lbt-r8 .master -n lbt-tm2)"
kill "$ping34" "$ping56" 2>/dev/null
wait "$ping34" "$ping56" 2>/dev/null
check "insmod works again" load_module
check "lb-t3 again, with lbt-r3 and lbt-r4" ip -batch - <<-EOF
	link add lb-t3 type lbridge
	link set lb-t3 up
	link set lbt-r3 master lb-t3
	link set lbt-r4 master lb-t3
EOF
wait_for "tc3 pings tc4 across the new lb-t3" 60 pings 3 10.79.0.4

say "(4) a port's veth deleted from the container's end while traffic flows"
check "container lbt-tc7 on lb-t3" containers root lb-t3 10.79.0 7
wait_for "tc3 pings tc7" 60 pings 3 10.79.0.7
in_tc 3 "$ping" -q -i 0.02 -w 900 10.79.0.7 >/dev/null 2>&1 &
ping37=$!
in_tc 7 "$ping" -q -i 0.02 -w 900 10.79.0.3 >/dev/null 2>&1 &
ping73=$!
wait_for "tc7 is learned behind lbt-r7" 60 learned_on lb-t3 lbt-r7
check "both pingers are still running" alive "$ping37" "$ping73"
check "tc7 deletes its eth0" timeout 60 ip -n lbt-tc7 link del eth0
wait_for "the port lbt-r7 is gone" 60 gone lbt-r7
expect_eq "lb-t3's ports are lbt-r3 and lbt-r4" "lbt-r3 lbt-r4" \
	"$(cd /sys/class/net/lb-t3 && echo lower_* | sed 's/lower_//g')"
expect_eq "no FDB entry points at lbt-r7" 0 \
	"$("$lbrctl" -j fdb show lb-t3 | jq '[.[] | select(.ifname == "lbt-r7")] | length')"
check "tc3 still pings tc4" pings 3 10.79.0.4
kill "$ping37" "$ping73" 2>/dev/null
wait "$ping37" "$ping73" 2>/dev/null

say "(5) a namespace's only device, a bridge, deleted under a listening monitor"
# Besides lo, a kernel may give every namespace fallback tunnel devices.
devices_of() { ip -n "$1" -o link show | awk '{ sub(/:$/, "", $2); print $2 }' | xargs; }
check "netns lbt-to, nsid 78" eval 'ip netns add lbt-to && ip netns set lbt-to 78'
born_with=$(devices_of lbt-to)
check "lb-t6 in it" ip -n lbt-to -batch - <<<$'link add lb-t6 type lbridge\nlink set lb-t6 up'
mon=$(mktemp)
ip netns exec lbt-to "$lbrctl" monitor >"$mon" 2>&1 &
monitor=$!
monitor_hears() { ip netns exec lbt-to "$lbrctl" fdb flush lb-t6 && grep -q flush "$mon"; }
wait_for "the monitor in lbt-to is listening" 60 monitor_hears
check "ip link del lb-t6" timeout 60 ip -n lbt-to link del lb-t6
expect_eq "lbt-to is left with what it was born with" "$born_with" "$(devices_of lbt-to)"
check "the monitor is still running" alive "$monitor"
check "ip netns del lbt-to, the monitor still listening there" timeout 60 ip netns del lbt-to
check "the monitor keeps lbt-to alive (nsid 78 still listed)" nsid_listed 78
kill "$monitor"
wait "$monitor" 2>/dev/null
wait_for "once the monitor has gone, so has the namespace (nsid 78)" 120 nsid_gone 78
rm -f "$mon"

say "the end"
check "rmmod lbridge" timeout 120 rmmod lbridge
bad=$(dmesg | sed -n '/lbridge-teardown: start/,$p' |
	grep -E 'BUG:|WARNING:|KASAN|Oops|general protection|lockdep|refcount_t:|suspicious RCU|unregister_netdevice: waiting|Call Trace:')
expect_eq "the kernel log is clean" "" "$bad"
finish
