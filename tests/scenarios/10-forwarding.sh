#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forwarding by what the bridge learned, seen from a third container:
# unknown unicast and broadcast are flooded to it, known unicast between
# two others is not; a MAC that moves to it is followed; when it goes away
# its port leaves the bridge and its MAC is learned back where it was.
#
#                  host: lb0 172.17.0.1/16
#          /                |                \
#       vc2                vc3                vc4
#        |                  |                  |
#   lbt-c2 eth0        lbt-c3 eth0        lbt-c4 eth0
#   172.17.0.2         172.17.0.3         172.17.0.4
#   02:42:ac:11:00:02  :03                :04
. "$(dirname "$0")/lib.sh"

# make check's time goes to the debug kernel's slow paths where they matter.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "forwarding # SKIP Debian's kernel only: KUnit and 08-stress run these paths in the debug kernel"
	exit 0
fi
trap cleanup EXIT

# Interface counters would also count ARP from anyone: count the frames
# addressed to c3 and to a MAC nobody has, as c4 receives them.
start_counter() {
	rm -f "/tmp/count-$2"
	ip netns exec "${NS_PREFIX}c4" python3 "$(dirname "$0")/count-frames.py" eth0 "$1" "/tmp/count-$2" \
		</dev/null >/dev/null 2>&1 &
	wait_for "c4 listens for frames to $1" 60 test -s "/tmp/count-$2"
}
frames() { local n; n=$(cat "/tmp/count-$1"); [ "$n" = ready ] && n=0; echo "$n"; }
# counted_at_least NAME N: the counter NAME saw N frames or more.
counted_at_least() { [ "$(frames "$1")" -ge "$2" ]; }
c3_rx() { ip -n "${NS_PREFIX}c3" -j -s link show dev eth0 | jq .[0].stats64.rx.packets; }
# c4_takes_over_c3: c4 gets c3's MAC and IP, and keeps c2 as a neighbour.
c4_takes_over_c3() {
	in_ns c4 ip link set eth0 address 02:42:ac:11:00:03 &&
	in_ns c4 ip addr add 172.17.0.3/16 dev eth0 &&
	in_ns c4 ip neigh replace 172.17.0.2 lladdr 02:42:ac:11:00:02 dev eth0 nud permanent
}

two_containers_on_lb0

say "a third container: floods reach it, known unicast does not"
check "container c4 is attached" add_container 4
wait_for "c4 is reachable" 60 in_ns c4 ping -c 1 -W 1 172.17.0.2
check "c2 and c3 know each other" in_ns c2 ping -c 1 -W 5 172.17.0.3
start_counter 02:42:ac:11:00:03 c3
start_counter 02:42:ac:11:00:99 nobody
check "c2 pings c3 five times" in_ns c2 ping -c 5 -i 0.2 -W 5 172.17.0.3
check "c2 has a neighbour whose MAC is behind no port" \
	ip -n "${NS_PREFIX}c2" neigh replace 172.17.0.99 lladdr 02:42:ac:11:00:99 dev eth0
in_ns c2 ping -c 3 -i 0.2 -W 1 172.17.0.99 >/dev/null
wait_for "unknown unicast is flooded to c4" 30 counted_at_least nobody 3
expect_eq "known unicast between c2 and c3 never reached c4" 0 "$(frames c3)"
ip netns pids "${NS_PREFIX}c4" | xargs -r kill
rx=$(c4_rx)
in_ns c2 busybox arping -c 2 -w 2 -I eth0 172.17.0.98 >/dev/null
check "broadcast reaches c4" test "$(c4_rx)" -ge $((rx + 2))

say "a MAC moves: c4 takes over c3's address"
check "c4 takes c3's MAC and IP" c4_takes_over_c3
# (A MAC change flushes c4's neighbours; the permanent entry spares c3 the
# broadcast ARP that would otherwise be flooded to it.)
check "c4 announces it" in_ns c4 busybox arping -U -c 2 -I eth0 -s 172.17.0.3 172.17.0.3
c3rx=$(c3_rx)
rx=$(c4_rx)
check "c2 pings 172.17.0.3" in_ns c2 ping -c 3 -i 0.2 -W 5 172.17.0.3
check "the frames went to c4, where the MAC moved" test "$(c4_rx)" -ge $((rx + 3))
expect_eq "and no longer to c3" "$c3rx" "$(c3_rx)"

say "a container goes away"
check "c4's veth is deleted" ip link del vc4
expect_eq "it left the bridge by itself" "vc2 vc3" "$(ports_of lb0)"
check "c3 takes its address back" in_ns c3 busybox arping -U -c 1 -I eth0 -s 172.17.0.3 172.17.0.3
wait_for "c2 still reaches c3" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3

finish
