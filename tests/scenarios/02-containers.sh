#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The container setup, as Docker builds it, and traffic between the
# containers and the host: ARP, ping, TCP; a port that leaves and comes
# back, a bridge that goes down and up, rmmod under traffic. Flooding and
# moves are in 10-forwarding, refused ports and MTU in 11-ports.
#
#            host: lb0 172.17.0.1/16
#          /            \
#       vc2              vc3               (ports: veth host ends)
#        |                |
#   lbt-c2 eth0      lbt-c3 eth0           (containers: netns)
#   172.17.0.2       172.17.0.3
#   02:42:ac:11:00:02  :03
. "$(dirname "$0")/lib.sh"

# make check's time goes to the debug kernel's slow paths where they matter.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "containers # SKIP Debian's kernel only: KUnit, 07-teardown and 08-stress run these paths in the debug kernel"
	exit 0
fi
trap cleanup EXIT

# neigh_has C IP MAC: container C's neighbour table maps IP to MAC.
neigh_has() { ip -n "$NS_PREFIX$1" neigh show "$2" | grep -q "$3"; }
# default_route_via C GATEWAY
default_route_via() { ip -n "$NS_PREFIX$1" route show default | grep -q "via $2 "; }
# page_has C URL TEXT: container C fetches URL, and the page holds TEXT.
page_has() {
	local page
	page=$(in_ns "$1" curl -sf --max-time 5 "$2") && grep -q "$3" <<<"$page"
}
vc3_sent_over() { link_stat_above vc3 tx.packets "$1"; }

quiet_ipv6
say "the bridge"
check "module loads" load_module
check "lb0 is created" ip link add lb0 type lbridge
check "no IPv6 chatter on lb0" sysctl -qw net.ipv6.conf.lb0.disable_ipv6=1
bridge_mac=$(link_field lb0 .address)
check "lb0 gets the gateway address" ip addr add 172.17.0.1/16 dev lb0
check "lb0 comes up" ip link set lb0 up

say "containers c2 and c3 on veth pairs"
for c in 2 3; do
	check "container c$c is attached" add_container $c
done
expect_eq "the bridge kept its own MAC" "$bridge_mac" "$(link_field lb0 .address)"
expect_eq "both veths are ports of lb0" "vc2 vc3" "$(ports_of lb0)"

say "traffic"
wait_for "c2 pings c3" 60 in_ns c2 ping -c 1 -W 1 172.17.0.3
check "c3 pings c2" in_ns c3 ping -c 1 -W 5 172.17.0.2
check "the host pings c2" ping -c 1 -W 5 172.17.0.2
check "the host pings c3" ping -c 1 -W 5 172.17.0.3
check "c2 reaches the host" in_ns c2 ping -c 1 -W 5 172.17.0.1
check "c2's neighbour table holds c3's MAC" neigh_has c2 172.17.0.3 02:42:ac:11:00:03
check "c2 routes everything else via the host" default_route_via c2 172.17.0.1

mkdir -p /tmp/www && echo "hello from c3" >/tmp/www/index.html
ip netns exec "${NS_PREFIX}c3" busybox httpd -f -p 172.17.0.3:8080 -h /tmp/www \
	</dev/null >/dev/null 2>&1 &
httpd=$!
wait_for "c2 fetches a page from c3 over HTTP" 60 \
	page_has c2 http://172.17.0.3:8080/ 'hello from c3'
kill $httpd

before=$(link_stat lb0 rx.packets)
check "the host pings c3 again" ping -c 2 -W 5 172.17.0.3
after=$(link_stat lb0 rx.packets)
check "replies to the host are counted on lb0" test "$after" -ge $((before + 2))

say "nomaster, and back"
check "vc3 leaves the bridge" ip link set vc3 nomaster
expect_eq "only vc2 is left" "vc2" "$(ports_of lb0)"
expect_eq "vc3 is no longer promiscuous" 0 "$(link_field vc3 .promiscuity)"
check "c2 cannot reach c3" unreachable c2 172.17.0.3
check "vc3 joins again" ip link set vc3 master lb0
wait_for "c2 reaches c3 again" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3

say "bridge down and up"
check "lb0 goes down" ip link set lb0 down
check "nothing is forwarded while it is down" unreachable c2 172.17.0.3
check "lb0 comes up" ip link set lb0 up
wait_for "forwarding resumes" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3

say "rmmod with everything live"
ip netns exec "${NS_PREFIX}c2" ping -f -w 30 172.17.0.3 </dev/null >/dev/null 2>&1 &
flood=$!
wait_for "traffic is flowing" 30 vc3_sent_over 100
check "rmmod lbridge succeeds under traffic" rmmod lbridge
kill $flood 2>/dev/null; wait $flood 2>/dev/null
check "lb0 is gone" link_gone lb0
expect_eq "vc2 has no master" null "$(link_field vc2 .master)"
expect_eq "vc2 is no longer promiscuous" 0 "$(link_field vc2 .promiscuity)"

finish
