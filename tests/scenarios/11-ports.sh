#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What may be a port and what follows from the ports: the bridge's MTU
# follows the smallest port until the user sets it; loopback, non-Ethernet
# devices, bridges (lbridge or Linux) and devices with an rx_handler are
# refused, and a refusal changes nothing; a Linux bridge works beside lb0.
#
#            host: lb0 172.17.0.1/16           lbt-br0 --- lbt-b2, lbt-b3
#          /            \
#       vc2              vc3                   refused: lo, lbt-tun0, lb1,
#        |                |                    lbt-br0, lbt-v0 (under lbt-mv0)
#   lbt-c2 eth0      lbt-c3 eth0
#   172.17.0.2       172.17.0.3
. "$(dirname "$0")/lib.sh"
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
# bridge_link_master_is MASTER PORT...: iproute2's `bridge link` lists each
# port under MASTER, each bridge answering for its own ports.
bridge_link_master_is() {
	local master=$1 port
	shift
	for port; do
		[ "$(bridge -j link show dev "$port" | jq -r '.[0].master')" = "$master" ] || return
	done
}

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

finish
