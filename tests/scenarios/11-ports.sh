#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What may be a port and what follows from the ports: the bridge's MTU
# follows the smallest port until the user sets it; loopback, non-Ethernet
# devices, bridges (lbridge or Linux) and devices with an rx_handler are
# refused, and a refusal changes nothing; a Linux bridge works beside lb0.
# With bridge.ko and br_netfilter loaded, ports move between lb0 and a
# Docker-style Linux bridge (lbt-docker0) with master/nomaster, traffic
# goes through whichever bridge holds them, and each forgets what it had
# learned on a port that left it.
#
#            host: lb0 172.17.0.1/16           lbt-br0 --- lbt-b2, lbt-b3
#          /            \
#       vc2              vc3                   refused: lo, lbt-tun0, lb1,
#        |                |                    lbt-br0, lbt-v0 (under lbt-mv0)
#   lbt-c2 eth0      lbt-c3 eth0
#   172.17.0.2       172.17.0.3
#
#   then vc2 and vc3 move to lbt-docker0 (a Linux bridge, br_netfilter
#   loaded) and back to lb0
. "$(dirname "$0")/lib.sh"

# make check's time goes to the debug kernel's slow paths where they matter.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "ports beside a Linux bridge # SKIP Debian's kernel only: KUnit and 08-stress run these paths in the debug kernel"
	exit 0
fi
trap cleanup EXIT

# spare_veth_with_macvlan: lbt-v0 (peer lbt-v1), whose rx_handler is a macvlan's.
spare_veth_with_macvlan() {
	ip link add lbt-v0 type veth peer name lbt-v1 &&
	ip link add lbt-mv0 link lbt-v0 type macvlan
}
# linux_bridge_with_two_veths: lbt-br0 up, with ports lbt-b2 and lbt-b3 up.
linux_bridge_with_two_veths() {
	ip link add lbt-b2 type veth peer name lbt-b3 &&
	ip link set lbt-b2 master lbt-br0 && ip link set lbt-b3 master lbt-br0 &&
	ip link set lbt-br0 up && ip link set lbt-b2 up && ip link set lbt-b3 up
}
# docker_bridge: lbt-docker0, a Linux bridge as Docker makes docker0, up.
docker_bridge() { ip link add lbt-docker0 type bridge && ip link set lbt-docker0 up; }
# br_netfilter_on: br_netfilter is loaded and hands bridged IPv4 to iptables.
br_netfilter_on() { [ "$(sysctl -n net.bridge.bridge-nf-call-iptables)" = 1 ]; }
# move_port PORT BRIDGE: nomaster, then master BRIDGE.
move_port() { ip link set "$1" nomaster && ip link set "$1" master "$2"; }
# linux_bridge_learned MAC PORT: lbt-docker0's FDB has MAC on PORT.
linux_bridge_learned() { bridge fdb show br lbt-docker0 | grep -q "^$1 dev $2 master lbt-docker0"; }
linux_bridge_lacks() { ! bridge fdb show br lbt-docker0 | grep -q "^$1 "; }
# linux_bridge_forwards PORT...: the Linux bridge's own view of each PORT: forwarding.
linux_bridge_forwards() {
	local port state
	for port; do
		state=$(bridge -j link show dev "$port" | jq -r '.[0].state')
		[ "$state" = forwarding ] || { echo "$port: $state"; return 1; }
	done
}
lb0_has() { "$lbrctl" fdb get "$1" lb0 | grep -q "^$1 dev $2 master lb0 "; }
lb0_lacks() { ! "$lbrctl" fdb get "$1" lb0 >/dev/null 2>&1; }
# bridge_link_master_is MASTER PORT...: iproute2's `bridge link` lists each
# port under MASTER, each bridge answering for its own ports.
bridge_link_master_is() {
	local master=$1 port
	shift
	for port; do
		[ "$(bridge -j link show dev "$port" | jq -r '.[0].master')" = "$master" ] || return
	done
}

lbrctl=$PWD/tools/lbrctl
MAC_C3=02:42:ac:11:00:03

two_containers_on_lb0

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
check "a macvlan on a spare veth" spare_veth_with_macvlan
refuse "a device with an rx_handler is refused" "Device is already in use by another rx handler" \
	ip link set lbt-v0 master lb0
for dev in lo lbt-tun0 lb1 lbt-br0 lbt-v0; do
	expect_eq "$dev has no master after the refusal" null "$(link_field $dev .master)"
done
expect_eq "lbt-v0 is not promiscuous" 0 "$(link_field lbt-v0 .promiscuity)"
expect_eq "lb0's ports are unchanged" "vc2 vc3" "$(ports_of lb0)"
ip link del lbt-tun0; ip link del lb1; ip link del lbt-v0

say "a Linux bridge beside lb0"
check "lbt-br0 with two veths" linux_bridge_with_two_veths
check "the Linux bridge does not see lbridge ports as its own" \
	bridge_link_master_is lb0 vc2 vc3
check "nor lbridge the Linux bridge's" bridge_link_master_is lbt-br0 lbt-b2 lbt-b3
check "lbridge still forwards beside it" in_ns c2 ping -c 1 -W 5 172.17.0.3
ip link del lbt-br0

say "ports move between lb0 and a Docker-style Linux bridge, with br_netfilter"
# Modules in Debian's kernel; the debug kernel has the bridge built in and
# no br_netfilter.
modprobe -q bridge 2>/dev/null
modprobe -q br_netfilter 2>/dev/null
if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
	check "br_netfilter is loaded and calls iptables for bridged frames" br_netfilter_on
else
	say "no br_netfilter in this kernel: the Linux bridge alone"
fi
check "lbt-docker0 is up" docker_bridge
check "lb0 learned c3's MAC on vc3" lb0_has $MAC_C3 vc3
check "vc3 moves straight from lb0 to lbt-docker0 (master)" ip link set vc3 master lbt-docker0
expect_eq "lb0 keeps vc2" "vc2" "$(ports_of lb0)"
expect_eq "lbt-docker0 holds vc3" "vc3" "$(ports_of lbt-docker0)"
check "lb0 forgot c3's MAC with its port" lb0_lacks $MAC_C3
check "c2 still reaches the host through lb0" in_ns c2 ping -c 1 -W 5 172.17.0.1
check "vc2 moves with nomaster, then master lbt-docker0" move_port vc2 lbt-docker0
expect_eq "lb0 has no port left" "" "$(ports_of lb0)"
expect_eq "lbt-docker0 holds both" "vc2 vc3" "$(ports_of lbt-docker0)"
wait_for "the Linux bridge forwards on both" 30 linux_bridge_forwards vc2 vc3
wait_for "c2 pings c3 through the Linux bridge" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3
check "the Linux bridge learned c3's MAC on vc3" linux_bridge_learned $MAC_C3 vc3
check "lbridge did not learn it meanwhile" lb0_lacks $MAC_C3
check "vc3 moves straight back to lb0 (master)" ip link set vc3 master lb0
check "vc2 moves back with nomaster, then master lb0" move_port vc2 lb0
expect_eq "lb0 holds both again" "vc2 vc3" "$(ports_of lb0)"
expect_eq "lbt-docker0 has no port left" "" "$(ports_of lbt-docker0)"
check "the Linux bridge forgot c3's MAC with its port" linux_bridge_lacks $MAC_C3
wait_for "c2 pings c3 through lb0 again" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3
check "lb0 learned c3's MAC on vc3 again" lb0_has $MAC_C3 vc3
check "c2 reaches the host through lb0" in_ns c2 ping -c 1 -W 5 172.17.0.1
ip link del lbt-docker0

finish
