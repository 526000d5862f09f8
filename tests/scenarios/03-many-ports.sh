#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No fixed port limit: the Linux bridge stops at 1024 ports (its STP port
# numbers); lb0 takes 2,000 veth ports, up and with carrier, forwards
# between two containers attached after them, and one broadcast reaches
# every port although each copy waits in a backlog of 1,000 frames.
#
#   lb0 --- p0 .. p1999   (veth pairs q0 .. q1999 in lbt-many, all up)
#    |  \
#   vc2  vc3 --- containers lbt-c2, lbt-c3
. "$(dirname "$0")/lib.sh"

# The debug kernel (KASAN, lockdep) creates a veth pair in about 0.25 s under
# emulation: there a few hundred ports exercise the same paths in minutes.
PORTS=2000
BACKLOG=$(sysctl -n net.core.netdev_max_backlog)
# There, a backlog smaller than the port count makes the same point.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	PORTS=100
	sysctl -qw net.core.netdev_max_backlog=50
fi
restore_backlog() { sysctl -qw net.core.netdev_max_backlog="$BACKLOG"; }
trap 'restore_backlog; cleanup' EXIT

quiet_ipv6
check "module loads" load_module
check "lb0 is created" ip link add lb0 type lbridge
check "lb0 comes up" ip link set lb0 up
check "a namespace for the far ends" ip netns add "${NS_PREFIX}many"
# 2,000 far ends speaking IPv6 would flood each other with DAD and RS.
check "IPv6 off there" ip netns exec "${NS_PREFIX}many" sysctl -qw \
	net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

batch=$(mktemp)
for i in $(seq 0 $((PORTS - 1))); do
	echo "link add p$i type veth peer name q$i netns ${NS_PREFIX}many"
	echo "link set p$i master lb0"
	echo "link set p$i up"
done >"$batch"
# ip opens the namespace anew, and keeps it open, for every peer it puts there.
ulimit -n 16384
check "$PORTS veth ports are attached in one batch" ip -batch "$batch"
for i in $(seq 0 $((PORTS - 1))); do
	echo "link set q$i up"
done >"$batch"
check "and their far ends come up" ip -n "${NS_PREFIX}many" -batch "$batch"
rm -f "$batch"
expect_eq "lb0 has $PORTS lower devices" "$PORTS" \
	"$(ls /sys/class/net/lb0 | grep -c '^lower_')"

check "container c2 is attached" add_container 2
check "container c3 is attached" add_container 3
wait_for "c2 pings c3 across a $((PORTS + 2))-port bridge" 120 \
	in_ns c2 ping -c 1 -W 2 172.17.0.3
check "and c3 pings c2" in_ns c3 ping -c 1 -W 5 172.17.0.2

# rx packets of every far end, one "name count" per line, sorted by name.
far_rx() {
	ip -n "${NS_PREFIX}many" -s -j link show |
		jq -r '.[] | select(.ifname | startswith("q")) | "\(.ifname) \(.stats64.rx.packets)"' | sort
}
# Whether every far end received more than file $1 says it had.
all_far_ends_got_more() { [ "$(far_rx | join "$1" - | awk '$3 > $2' | wc -l)" -ge "$PORTS" ]; }
ports_up() { [ "$(ip -j link show master lb0 | jq '[.[] | select(.operstate == "UP")] | length')" -ge "$PORTS" ]; }

wait_for "every port is up with carrier" 120 ports_up
before=$(mktemp)
far_rx >"$before"
# c3 joined last: its copy of the flood is among the last to go out. The
# debug kernel under emulation may take longer than one arping waits.
wait_for "c2 broadcasts an ARP request and c3, the last port, answers" 300 \
	in_ns c2 busybox arping -c 1 -w 10 -I eth0 172.17.0.3
wait_for "the broadcast reached all $PORTS far ends" 120 all_far_ends_got_more "$before"
expect_eq "no flood copy was dropped" 0 \
	"$(ip -j -s link show master lb0 | jq '[.[].stats64.tx.dropped] | add')"
rm -f "$before"

check "rmmod releases every port" rmmod lbridge
expect_eq "p0 has no master" null "$(link_field p0 .master)"
expect_eq "p$((PORTS - 1)) is no longer promiscuous" 0 "$(link_field p$((PORTS - 1)) .promiscuity)"

finish
