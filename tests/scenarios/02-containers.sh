#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The container setup, as Docker builds it, and what a learning bridge
# must do for it.
#
#            host: lb0 172.17.0.1/16
#          /            |             \
#       vc2            vc3            vc4          (ports: veth host ends)
#        |              |              |
#   lbt-c2 eth0    lbt-c3 eth0    lbt-c4 eth0      (containers: netns)
#   172.17.0.2     172.17.0.3     172.17.0.4
#   02:42:ac:11:00:02  :03            :04
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

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
check "c2's neighbour table holds c3's MAC" \
	sh -c "ip -n ${NS_PREFIX}c2 neigh show 172.17.0.3 | grep -q 02:42:ac:11:00:03"
check "c2 routes everything else via the host" \
	sh -c "ip -n ${NS_PREFIX}c2 route show default | grep -q 'via 172.17.0.1'"

mkdir -p /tmp/www && echo "hello from c3" >/tmp/www/index.html
ip netns exec "${NS_PREFIX}c3" busybox httpd -f -p 172.17.0.3:8080 -h /tmp/www \
	</dev/null >/dev/null 2>&1 &
httpd=$!
wait_for "c2 fetches a page from c3 over HTTP" 60 \
	sh -c "ip netns exec ${NS_PREFIX}c2 curl -sf --max-time 5 http://172.17.0.3:8080/ | grep -q 'hello from c3'"
kill $httpd

before=$(link_stat lb0 rx.packets)
check "the host pings c3 again" ping -c 2 -W 5 172.17.0.3
after=$(link_stat lb0 rx.packets)
check "replies to the host are counted on lb0" test "$after" -ge $((before + 2))

say "a third container: floods reach it, known unicast does not"
check "container c4 is attached" add_container 4
wait_for "c4 is reachable" 60 in_ns c4 ping -c 1 -W 1 172.17.0.2
check "c2 and c3 know each other" in_ns c2 ping -c 1 -W 5 172.17.0.3
# Interface counters would also count ARP from anyone: count the frames
# addressed to c3 and to a MAC nobody has, as c4 receives them.
start_counter() {
	rm -f "/tmp/count-$2"
	ip netns exec "${NS_PREFIX}c4" python3 "$(dirname "$0")/count-frames.py" eth0 "$1" "/tmp/count-$2" \
		</dev/null >/dev/null 2>&1 &
	wait_for "c4 listens for frames to $1" 60 test -s "/tmp/count-$2"
}
frames() { local n; n=$(cat "/tmp/count-$1"); [ "$n" = ready ] && n=0; echo "$n"; }
start_counter 02:42:ac:11:00:03 c3
start_counter 02:42:ac:11:00:99 nobody
check "c2 pings c3 five times" in_ns c2 ping -c 5 -i 0.2 -W 5 172.17.0.3
check "c2 has a neighbour whose MAC is behind no port" \
	ip -n "${NS_PREFIX}c2" neigh replace 172.17.0.99 lladdr 02:42:ac:11:00:99 dev eth0
in_ns c2 ping -c 3 -i 0.2 -W 1 172.17.0.99 >/dev/null
wait_for "unknown unicast is flooded to c4" 30 sh -c "[ \$(cat /tmp/count-nobody) -ge 3 ] 2>/dev/null"
expect_eq "known unicast between c2 and c3 never reached c4" 0 "$(frames c3)"
ip netns pids "${NS_PREFIX}c4" | xargs -r kill
rx=$(c4_rx)
in_ns c2 busybox arping -c 2 -w 2 -I eth0 172.17.0.98 >/dev/null
check "broadcast reaches c4" test "$(c4_rx)" -ge $((rx + 2))

say "a MAC moves: c4 takes over c3's address"
check "c4 takes c3's MAC and IP" sh -c "
	ip -n ${NS_PREFIX}c4 link set eth0 address 02:42:ac:11:00:03 &&
	ip -n ${NS_PREFIX}c4 addr add 172.17.0.3/16 dev eth0 &&
	ip -n ${NS_PREFIX}c4 neigh replace 172.17.0.2 lladdr 02:42:ac:11:00:02 dev eth0 nud permanent"
# (A MAC change flushes c4's neighbours; the permanent entry spares c3 the
# broadcast ARP that would otherwise be flooded to it.)
check "c4 announces it" in_ns c4 busybox arping -U -c 2 -I eth0 -s 172.17.0.3 172.17.0.3
c3rx=$(ip -n "${NS_PREFIX}c3" -j -s link show dev eth0 | jq .[0].stats64.rx.packets)
rx=$(c4_rx)
check "c2 pings 172.17.0.3" in_ns c2 ping -c 3 -i 0.2 -W 5 172.17.0.3
check "the frames went to c4, where the MAC moved" test "$(c4_rx)" -ge $((rx + 3))
expect_eq "and no longer to c3" "$c3rx" \
	"$(ip -n "${NS_PREFIX}c3" -j -s link show dev eth0 | jq .[0].stats64.rx.packets)"

say "a container goes away"
check "c4's veth is deleted" ip link del vc4
expect_eq "it left the bridge by itself" "vc2 vc3" "$(ports_of lb0)"
check "c3 takes its address back" in_ns c3 busybox arping -U -c 1 -I eth0 -s 172.17.0.3 172.17.0.3
wait_for "c2 still reaches c3" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3

say "nomaster, and back"
check "vc3 leaves the bridge" ip link set vc3 nomaster
expect_eq "only vc2 is left" "vc2" "$(ports_of lb0)"
expect_eq "vc3 is no longer promiscuous" 0 "$(link_field vc3 .promiscuity)"
check "c2 cannot reach c3" sh -c "! ip netns exec ${NS_PREFIX}c2 ping -c 2 -W 1 172.17.0.3"
check "vc3 joins again" ip link set vc3 master lb0
wait_for "c2 reaches c3 again" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3

say "bridge down and up"
check "lb0 goes down" ip link set lb0 down
check "nothing is forwarded while it is down" sh -c "! ip netns exec ${NS_PREFIX}c2 ping -c 2 -W 1 172.17.0.3"
check "lb0 comes up" ip link set lb0 up
wait_for "forwarding resumes" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3

say "MTU follows the smallest port until the user sets it"
check "vc3's MTU drops to 1400" ip link set vc3 mtu 1400
expect_eq "lb0 follows" 1400 "$(link_field lb0 .mtu)"
check "the user sets lb0's MTU" ip link set lb0 mtu 1300
check "vc3's MTU rises to 1450" ip link set vc3 mtu 1450
expect_eq "lb0 keeps the user's MTU" 1300 "$(link_field lb0 .mtu)"

say "refusals change nothing"
refuse "loopback is refused" "A loopback device cannot be a bridge port" ip link set lo master lb0
modprobe -q tun 2>/dev/null	# a module in Debian's kernel, built into the debug one
check "a tun device" ip tuntap add mode tun name lbt-tun0
refuse "a non-Ethernet device is refused" "Only Ethernet devices can be bridge ports" \
	ip link set lbt-tun0 master lb0
check "a second lbridge" ip link add lb1 type lbridge
refuse "an lbridge as port is refused" "A bridge cannot be a port of a bridge" \
	ip link set lb1 master lb0
check "a Linux bridge" ip link add lbt-br0 type bridge
refuse "a Linux bridge as port is refused" "A bridge cannot be a port of a bridge" \
	ip link set lbt-br0 master lb0
check "a macvlan on a spare veth" sh -c "
	ip link add lbt-v0 type veth peer name lbt-v1 &&
	ip link add lbt-mv0 link lbt-v0 type macvlan"
refuse "a device with an rx_handler is refused" "Device is already in use by another rx handler" \
	ip link set lbt-v0 master lb0
for dev in lo lbt-tun0 lb1 lbt-br0 lbt-v0; do
	expect_eq "$dev has no master after the refusal" null "$(link_field $dev .master)"
done
expect_eq "lbt-v0 is not promiscuous" 0 "$(link_field lbt-v0 .promiscuity)"
expect_eq "lb0's ports are unchanged" "vc2 vc3" "$(ports_of lb0)"
ip link del lbt-tun0; ip link del lb1; ip link del lbt-v0

say "a Linux bridge beside lb0"
check "lbt-br0 with two veths" sh -c "
	ip link add lbt-b2 type veth peer name lbt-b3 &&
	ip link set lbt-b2 master lbt-br0 && ip link set lbt-b3 master lbt-br0 &&
	ip link set lbt-br0 up && ip link set lbt-b2 up && ip link set lbt-b3 up"
check "the Linux bridge does not see lbridge ports as its own" \
	sh -c "! bridge link show | grep -qE 'vc2|vc3'"
check "lbridge still forwards beside it" in_ns c2 ping -c 1 -W 5 172.17.0.3
ip link del lbt-br0

say "rmmod with everything live"
ip netns exec "${NS_PREFIX}c2" ping -f -w 30 172.17.0.3 </dev/null >/dev/null 2>&1 &
flood=$!
wait_for "traffic is flowing" 30 sh -c "[ \$(ip -j -s link show dev vc3 | jq .[0].stats64.tx.packets) -gt 100 ]"
check "rmmod lbridge succeeds under traffic" rmmod lbridge
kill $flood 2>/dev/null; wait $flood 2>/dev/null
check "lb0 is gone" sh -c '! ip link show dev lb0 2>/dev/null'
expect_eq "vc2 has no master" null "$(link_field vc2 .master)"
expect_eq "vc2 is no longer promiscuous" 0 "$(link_field vc2 .promiscuity)"

finish
