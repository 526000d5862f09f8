#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No fixed port limit: the Linux bridge stops at 1024 ports (its STP port
# numbers); lb0 takes 2,000 veth ports and still forwards between two
# containers attached after them.
#
#   lb0 --- p0 .. p1999   (veth pairs q0 .. q1999 in lbt-many, all up)
#    |  \
#   vc2  vc3 --- containers lbt-c2, lbt-c3
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

# The debug kernel (KASAN, lockdep) creates a veth pair in about 0.25 s under
# emulation: there a few hundred ports exercise the same paths in minutes.
PORTS=2000
[ "${LBRIDGE_KERNEL:-}" = debug ] && PORTS=300

quiet_ipv6
check "module loads" load_module
check "lb0 is created" ip link add lb0 type lbridge
check "lb0 comes up" ip link set lb0 up
check "a namespace for the far ends" ip netns add "${NS_PREFIX}many"

batch=$(mktemp)
for i in $(seq 0 $((PORTS - 1))); do
	echo "link add p$i type veth peer name q$i netns ${NS_PREFIX}many"
	echo "link set p$i master lb0"
	echo "link set p$i up"
done >"$batch"
# ip opens the namespace anew, and keeps it open, for every peer it puts there.
ulimit -n 16384
check "$PORTS veth ports are attached in one batch" ip -batch "$batch"
rm -f "$batch"
expect_eq "lb0 has $PORTS lower devices" "$PORTS" \
	"$(ls /sys/class/net/lb0 | grep -c '^lower_')"

check "container c2 is attached" add_container 2
check "container c3 is attached" add_container 3
wait_for "c2 pings c3 across a $((PORTS + 2))-port bridge" 120 \
	in_ns c2 ping -c 1 -W 2 172.17.0.3
check "and c3 pings c2" in_ns c3 ping -c 1 -W 5 172.17.0.2

check "rmmod releases every port" rmmod lbridge
expect_eq "p0 has no master" null "$(link_field p0 .master)"
expect_eq "p$((PORTS - 1)) is no longer promiscuous" 0 "$(link_field p$((PORTS - 1)) .promiscuity)"

finish
